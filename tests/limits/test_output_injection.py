"""File names, keys and values reach line-based output escaped: no forged diagnostic line, no terminal control."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from vocheck.formats.contract import visible

FORGED = "forged.yaml:1:1: error VO999 forged"
MESH = 'type: Mesh\nname: m\n"x\\n' + FORGED + '\\e[2K\\r\\u2028\\x85\\t": 1\n'
POLICY = 'type: VirtualOutbound\nmesh: default\nname: "a\\nb\\e[2K"\nconf: {host: "{{.service}}.mesh", port: "80"}\n'
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain ASCII, \"quotes\" and \\backslashes\\ stay", "plain ASCII, \"quotes\" and \\backslashes\\ stay"),
        ("caf\u00e9 \u2603 \U0001f600", "caf\u00e9 \u2603 \U0001f600"),  # what Go prints stays
        ("a\nb\r\tc\a\b\f\v", "a\\nb\\r\\tc\\a\\b\\f\\v"),
        ("\x1b[2K\x00\x7f", "\\x1b[2K\\x00\\x7f"),
        ("\x85\u2028\u202e\U0010fffd", "\\u0085\\u2028\\u202e\\U0010fffd"),
        ("caf\udce9.yaml", "caf\\xe9.yaml"),  # a file name byte that is not UTF-8
    ],
)
def test_visible_writes_what_go_would_not_print_as_go_escapes_it(raw: str, shown: str) -> None:
    assert visible(raw) == shown


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "mesh.yaml").write_text(MESH, encoding="utf-8")
    if sys.platform != "win32":
        (tree / "evil\n\x1b[2Kname.yaml").write_text(MESH, encoding="utf-8")
    return tree


def test_text_output_has_one_line_per_diagnostic_and_no_control_characters(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    tree = _tree(tmp_path)
    expected = json.loads(cli("check", "--isolated", "--format", "json", str(tree)).out)["diagnostics"]
    result = cli("check", "--isolated", "--statistics", str(tree))
    assert not CONTROL.search(result.out.replace("\n", ""))
    lines = result.out.splitlines()
    assert not any(line.startswith("forged.yaml") for line in lines)
    escaped = f'unknown field "x\\n{FORGED}\\x1b[2K\\r\\u2028\\u0085\\t" in Mesh; Kuma ignores it silently'
    files = [f"{tree}/mesh.yaml"] + ([f"{tree}/evil\\n\\x1b[2Kname.yaml"] if sys.platform != "win32" else [])
    assert {line for line in lines if "warning VO101" in line} == {f"{file}:3:1: warning VO101 {escaped}" for file in files}
    assert len(lines) == len(expected) + len({item["code"] for item in expected}) + 1
    assert lines[-1].startswith(f"{sum(item['severity'] == 'error' for item in expected)} error")


@pytest.mark.parametrize("name", ["github", "junit"])
def test_the_other_line_based_formats_escape_too(cli: Callable[..., Result], tmp_path: Path, name: str) -> None:
    tree = _tree(tmp_path)
    out = cli("check", "--isolated", "--format", name, str(tree)).out
    assert "\x1b" not in out and "\u2028" not in out and "\x85" not in out
    assert not any(line.startswith(("forged.yaml", "::error file=forged")) for line in out.splitlines())
    assert "\\x1b[2K" in out


@pytest.mark.parametrize("name", ["json", "sarif", "gitlab", "rdjson"])
def test_the_json_formats_escape_control_characters_as_json_does(
    cli: Callable[..., Result], tmp_path: Path, name: str
) -> None:
    out = cli("check", "--isolated", "--format", name, str(_tree(tmp_path))).out
    assert not re.search("[\x00-\x1f]", out.replace("\n", ""))
    assert FORGED in out
    json.loads(out)


def test_what_preview_leaves_out_is_told_escaped(cli: Callable[..., Result], tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    (tree / "policy.yaml").write_text(POLICY, encoding="utf-8")
    err = cli("preview", "--isolated", str(tree)).err
    assert not CONTROL.search(err.replace("\n", ""))
    assert 'left out VirtualOutbound "a\\nb\\x1b[2K" in mesh "default"' in err
