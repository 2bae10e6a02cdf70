"""Outputs across formats: one exit code, several reports in one run, stdin, statistics."""

from __future__ import annotations

import io
import os
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, Result

FORMATS = ["text", "json", "sarif", "junit", "github", "gitlab", "rdjson"]
UNKNOWN_FIELD = "type: Mesh\nname: m\nbogus: 1\n"
SCHEMA_ERROR = "type: VirtualOutbound\nname: x\nmesh: default\nconf:\n  port: 80\n"
CLEAN = "type: Mesh\nname: m\n"


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize(
    ("content", "arguments", "code"),
    [
        (UNKNOWN_FIELD, [], 0),
        (UNKNOWN_FIELD, ["--fail-on", "warning"], 1),
        (SCHEMA_ERROR, [], 1),
        (SCHEMA_ERROR, ["--fail-on", "never"], 0),
        (CLEAN, ["--fail-on", "info"], 0),
        (SCHEMA_ERROR, ["--baseline", "missing-baseline.json"], 2),
    ],
)
def test_the_exit_code_is_the_same_for_every_format(
    tmp_path: Path,
    cli: Callable[..., Result],
    output_format: str,
    content: str,
    arguments: list[str],
    code: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(content)
    assert cli("check", "--format", output_format, *arguments, "a.yaml").code == code
    written = cli("check", "--format", output_format, "--output", "report.out", *arguments, "a.yaml")
    assert written.code == code


def test_several_outputs_in_one_run(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "a.yaml").write_text(SCHEMA_ERROR + "bogus: 1\n")
    sarif_path = tmp_path / "out.sarif"
    junit_path = tmp_path / "out.xml"
    result = cli(
        "check", "--format", f"sarif:{sarif_path}", "--format", "text", "--format", f"junit:{junit_path}", str(tmp_path)
    )
    assert result.code == 1
    text_lines = [line for line in result.out.splitlines() if ": error " in line or ": warning " in line]
    results = json.loads(sarif_path.read_text())["runs"][0]["results"]
    assert len(results) == len(text_lines) >= 2
    assert result.out.splitlines()[-1].startswith("1 error, 1 warning")
    assert "<testsuites" in junit_path.read_text()


def test_stdin_gives_exactly_the_file_mode_diagnostics(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    name = "examples/universal/broken/policies.yaml"
    from_file = json.loads(cli("check", "--format", "json", name).out)
    data = (ROOT / name).read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    from_stdin = json.loads(cli("check", "--format", "json", "-", "--stdin-filename", name).out)
    assert from_stdin["diagnostics"] == from_file["diagnostics"]
    assert from_file["diagnostics"], "the broken example has findings"


def test_stdin_honours_suppressions_under_its_name(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = "type: Mesh\nname: m\nbogus: 1  # vocheck: ignore[VO101] kept for the old dashboards\nother: 2\n"
    (tmp_path / "mesh.yaml").write_text(text)
    from_file = cli("check", "mesh.yaml").out
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8"))
    from_stdin = cli("check", "-", "--stdin-filename", "mesh.yaml").out
    assert from_stdin == from_file
    assert "mesh.yaml:4:1: warning VO101" in from_stdin and ":3:" not in from_stdin


def test_statistics_count_each_code(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("type: Mesh\nname: m\nbogus: 1\nother: 2\n")
    lines = cli("check", "--statistics", "--select", "VO101", str(tmp_path)).out.splitlines()
    assert ["2", "VO101", "unknown-field"] in [line.split() for line in lines]


def test_the_readme_problem_matcher_reads_the_text_format(cli: Callable[..., Result], tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r'"regexp": ("(?:[^"\\]|\\.)*")', readme)
    if found is None:
        pytest.skip("the README shows no VS Code problem matcher")
    pattern = re.compile(json.loads(found.group(1)))
    (tmp_path / "a.yaml").write_text(SCHEMA_ERROR + "bogus: 1\n")
    expected = json.loads(cli("check", "--format", "json", str(tmp_path)).out)["diagnostics"]
    lines = cli("check", "-q", str(tmp_path)).out.splitlines()
    matches = [pattern.match(line) for line in lines]
    assert [match.groups() if match else line for match, line in zip(matches, lines)] == [
        (item["file"], str(item["line"]), str(item["column"]), item["severity"], item["code"], item["message"])
        for item in expected
    ]


def test_statistics_put_the_most_frequent_code_first(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("type: Mesh\nname: m\nbogus: 1\nother: 2\nmore: 3\nmtls: 1\n")
    lines = cli("check", "--statistics", str(tmp_path)).out.splitlines()
    counted = [line.split() for line in lines if line.startswith(" ")]
    assert counted == [["3", "VO101", "unknown-field"], ["1", "VO002", "schema-violation"]]


@pytest.mark.parametrize(
    ("environment", "coloured"),
    [({}, True), ({"TERM": "dumb"}, False), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb", "FORCE_COLOR": "1"}, True)],
)
def test_colour_on_a_terminal_unless_it_is_dumb(
    tmp_path: Path, environment: dict[str, str], coloured: bool
) -> None:
    import pty
    import subprocess
    import sys

    (tmp_path / "a.yaml").write_text("type: Mesh\nname: m\nbogus: 1\n")
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    env.update(environment)
    main, secondary = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "vocheck", "check", "--isolated", str(tmp_path)], stdout=secondary, env=env
    ) as process:
        os.close(secondary)
        output = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        process.wait(timeout=60)
    os.close(main)
    assert b"VO101" in output
    assert (b"\x1b[" in output) is coloured


def test_a_run_summary_lists_every_policy_it_counts_in_json(cli: Callable[..., Result], tmp_path: Path) -> None:
    policy = (
        "type: VirtualOutbound\nmesh: default\nname: {name}\nselectors: [{{match: {{kuma.io/service: '*'}}}}]\n"
        "conf: {{host: '{{{{.s}}}}.{name}.mesh', port: '80', parameters: [{{name: s, tagKey: kuma.io/service}}]}}\n"
    )
    for name in ("b", "a", "c"):
        (tmp_path / f"{name}.yaml").write_text(policy.format(name=name))
    diagnostics = json.loads(cli("check", "--format", "json", "--select", "VO402", str(tmp_path)).out)["diagnostics"]
    (summary,) = diagnostics
    assert summary["file"].endswith("a.yaml") and "3 VirtualOutbound policies in 3 files" in summary["message"]
    assert [(Path(place["file"]).name, place["line"], place["column"]) for place in summary["related"]] == [
        ("b.yaml", 1, 1), ("c.yaml", 1, 1),
    ]
    assert summary["related"][0]["message"] == 'VirtualOutbound "b" in mesh "default", also deprecated'


def _undecodable_name(directory: Path, content: str) -> str:
    """A file whose name is not UTF-8 (``c\\xff.yaml``), as Linux allows; skipped where the file system refuses it."""
    try:
        with open(os.path.join(os.fsencode(directory), b"c\xff.yaml"), "w") as file:
            file.write(content)
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    return os.fsdecode(b"c\xff.yaml")


@pytest.mark.parametrize("output_format", ["json", "sarif", "gitlab", "rdjson"])
def test_a_json_report_parses_when_a_file_name_is_not_utf8(tmp_path: Path, output_format: str) -> None:
    """The report is read back as UTF-8 JSON, and names the file so that it can be opened."""
    import subprocess
    import sys

    name = _undecodable_name(tmp_path, SCHEMA_ERROR)
    done = subprocess.run(
        [sys.executable, "-m", "vocheck", "check", "--isolated", "--format", output_format, "."],
        cwd=tmp_path, capture_output=True, check=False,
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout.decode("utf-8"))  # strict UTF-8: a raw 0xff byte would fail here
    if output_format == "sarif":
        assert report["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "c%FF.yaml"
    else:
        named = {"json": lambda: report["diagnostics"][0]["file"], "gitlab": lambda: report[0]["location"]["path"],
                 "rdjson": lambda: report["diagnostics"][0]["location"]["path"]}[output_format]()
        assert named == name and (tmp_path / named).is_file()
