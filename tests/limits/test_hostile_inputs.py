"""Hostile files through the installed command: bounded time and memory, a diagnostic, no traceback."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hostile import HOSTILE

ADDRESS_SPACE = 1536 * 1024 * 1024
TIMEOUT = 10.0
# What each file must be told, in the words of the diagnostic.
EXPECTED = {
    "billion-laughs": ("VO004", "expands to more than"),
    "forty-megabytes": ("VO004", "larger than the limit"),
    # libyaml (0.2.6 and later) reports a syntax error; PyYAML's own parser, used with an older
    # libyaml that would crash, reports the limit.
    "nested-brackets": ("VO001 VO004", "nesting depth"),
    "random-bytes": ("VO004", "binary file"),
    "latin-1": ("VO004", "not valid UTF-8"),
    "python-object-apply": ("VO002", '"name" must be a string'),
    "huge-printf-width": ("VO201", "NOVERB"),
    "template-calling-itself": ("VO201", "exceeded maximum template depth"),
}


def _command() -> list[str]:
    installed = shutil.which("vocheck", path=os.path.dirname(sys.executable))
    return [installed] if installed else [sys.executable, "-m", "vocheck"]


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_gets_a_diagnostic_within_bounds(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.yaml"
    HOSTILE[name](path)
    result = subprocess.run(
        [*_command(), "check", "--isolated", "--format", "json", str(path)],
        capture_output=True,
        timeout=TIMEOUT,
        preexec_fn=_bounded,
        env={**os.environ, "NO_COLOR": "1"},
        cwd=tmp_path,
        check=False,
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    assert result.returncode in (0, 1), result.stderr.decode(errors="replace")
    diagnostics = json.loads(result.stdout)["diagnostics"]
    code, words = EXPECTED[name]
    assert any(item["code"] in code.split() and words in item["message"] for item in diagnostics), diagnostics
    assert not (tmp_path / "object-apply-ran").exists()


def test_a_hostile_file_does_not_hide_the_others(tmp_path: Path) -> None:
    for name, write in HOSTILE.items():
        if name != "forty-megabytes":
            write(tmp_path / f"{name}.yaml")
    (tmp_path / "valid.yaml").write_text("type: VirtualOutbound\nmesh: default\nname: ok\nconf: {port: 80}\n")
    result = subprocess.run(
        [*_command(), "check", "--isolated", "--format", "json", str(tmp_path)],
        capture_output=True,
        timeout=TIMEOUT * 2,
        preexec_fn=_bounded,
        check=False,
    )
    assert b"Traceback" not in result.stderr
    diagnostics = json.loads(result.stdout)["diagnostics"]
    assert any(item["file"].endswith("valid.yaml") and item["code"] == "VO002" for item in diagnostics)


def test_hostile_files_together_give_the_same_report_whether_shared_or_not(tmp_path: Path) -> None:
    for name, make in HOSTILE.items():
        make(tmp_path / f"{name}.yaml")
    shutil.copytree(Path(__file__).resolve().parents[2] / "examples", tmp_path / "examples")
    reports = []
    for jobs in ("1", "2"):
        result = subprocess.run(
            [*_command(), "check", "--isolated", "--format", "json", "--jobs", jobs, "."],
            capture_output=True,
            timeout=3 * TIMEOUT,
            preexec_fn=_bounded,
            env={**os.environ, "NO_COLOR": "1"},
            cwd=tmp_path,
            check=False,
        )
        assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
        assert result.returncode == 1
        reports.append(result.stdout)
    assert reports[0] == reports[1]
    codes = {item["code"] for item in json.loads(reports[0])["diagnostics"]}
    assert {"VO004", "VO201", "VO002"} <= codes
