"""Inputs are only read; repository code runs only when the config asks for it, never under --isolated."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN = """
from pathlib import Path
Path(__file__).with_name("plugin-ran").write_text("yes")
"""
POLICY = 'type: VirtualOutbound\nmesh: default\nname: web\nconf: {host: "{{.service}}.mesh", port: 80}\n'


def _vocheck(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "vocheck", *arguments], capture_output=True, cwd=cwd, env=environment, timeout=60, check=False
    )


def _snapshot(directory: Path) -> dict[str, tuple[str, int]]:
    return {
        str(path.relative_to(directory)): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(
    ("isolated", "runs"),
    [(True, False), (False, True)],
    ids=["isolated: the config's plugin does not run", "config: its plugin runs"],
)
def test_local_plugin_code_runs_only_from_the_config(tmp_path: Path, isolated: bool, runs: bool) -> None:
    (tmp_path / "evil.py").write_text(PLUGIN, encoding="utf-8")
    (tmp_path / ".vocheck.toml").write_text('plugins = ["evil.py"]\n', encoding="utf-8")
    (tmp_path / "policy.yaml").write_text(POLICY, encoding="utf-8")
    result = _vocheck("check", *(["--isolated"] if isolated else []), "policy.yaml", cwd=tmp_path)
    assert b"Traceback" not in result.stderr
    assert (tmp_path / "plugin-ran").exists() is runs


def test_checking_never_writes_the_inputs(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "policy.yaml").write_text(POLICY, encoding="utf-8")
    (tree / "tagged.yaml").write_text("a: !!python/object/apply:os.remove [policy.yaml]\n", encoding="utf-8")
    (tree / "list.yaml").write_text("apiVersion: v1\nkind: List\nitems: [{" + POLICY.replace("\n", ", ")[:-2] + "}]\n")
    os.chmod(tree / "policy.yaml", 0o444)  # a write attempt would fail loudly, not silently succeed
    before = _snapshot(tree)
    for arguments in (["check"], ["check", "--format", "json"], ["preview"], ["check", "--jobs", "2"]):
        result = _vocheck(*arguments, str(tree), cwd=tmp_path)
        assert b"Traceback" not in result.stderr, result.stderr
    assert _snapshot(tree) == before


@pytest.mark.parametrize(
    ("arguments", "option"),
    [
        (["check", "--output", "{target}"], "--output"),
        (["check", "--format", "json:{target}"], "--format json:"),
        (["check", "--format", "text", "--format", "sarif:{target}"], "--format sarif:"),
        (["check", "--write-baseline", "{target}"], "--write-baseline"),
        (["preview", "--output", "{target}"], "--output"),
    ],
)
@pytest.mark.parametrize("spelling", ["tree/policy.yaml", "./tree/../tree/policy.yaml", "link.yaml"])
def test_no_output_overwrites_a_checked_file(tmp_path: Path, arguments: list[str], option: str, spelling: str) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "policy.yaml").write_text(POLICY, encoding="utf-8")
    if hasattr(os, "symlink"):
        os.symlink("tree/policy.yaml", tmp_path / "link.yaml")
    elif spelling == "link.yaml":
        pytest.skip("needs symbolic links")
    before = _snapshot(tree)
    result = _vocheck(*(part.format(target=spelling) for part in arguments), "tree", cwd=tmp_path)
    assert result.returncode == 2
    message = result.stderr.decode()
    assert message.startswith(f"vocheck: error: {option}") and "would overwrite tree/policy.yaml, which this run checks" in message
    assert _snapshot(tree) == before


def test_reports_and_baselines_of_vocheck_found_by_a_walk_may_be_written_again(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text(POLICY, encoding="utf-8")
    for arguments in (["--format", "json:report.json"], ["--format", "gitlab:gitlab.json"], ["--write-baseline", "b.json"]):
        for _ in range(2):  # the second run checks the first run's file, then replaces it
            result = _vocheck("check", "--isolated", *arguments, ".", cwd=tmp_path)
            assert result.returncode in (0, 1), result.stderr
