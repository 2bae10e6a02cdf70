"""``vocheck diff`` on every case of cases.yaml: as two directories, as two git revisions, as a revision and the working tree."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Result

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))["cases"]
MODES = ("directories", "revisions", "revision and working tree")


def git(repository: Path, *arguments: str) -> str:
    command = ["git", "-c", "user.name=vocheck", "-c", "user.email=vocheck@example.com", *arguments]
    return subprocess.run(command, cwd=repository, capture_output=True, text=True, check=True).stdout


def write_files(directory: Path, files: dict[str, str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")


def repository_of(root: Path, base: dict[str, str], head: dict[str, str]) -> Path:
    """A repository whose HEAD~1 holds ``base`` and HEAD ``head``."""
    repository = root / "repository"
    repository.mkdir()
    git(repository, "init", "-q", "-b", "main")
    write_files(repository, base)
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "base")
    for name in base:
        (repository / name).unlink()
    write_files(repository, head)
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "--allow-empty", "-m", "head")
    return repository


def state_of(repository: Path) -> dict[str, Any]:
    """Everything a checkout would touch: files (content and time), the index, HEAD, the status."""
    files = {}
    for path in sorted(repository.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(repository).parts[:1]:
            files[str(path)] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    index = hashlib.sha256((repository / ".git" / "index").read_bytes()).hexdigest()
    return {
        "files": files,
        "index": index,
        "head": git(repository, "rev-parse", "HEAD"),
        "status": git(repository, "status", "--porcelain", "--untracked-files=all"),
    }


def run_case(case: dict[str, Any], mode: str, root: Path, cli: Callable[..., Result], *extra: str) -> Result:
    previous = root / "previous.yaml"
    if "previous" in case:
        previous.write_text(case["previous"], encoding="utf-8")
    arguments = [argument.replace("{previous}", str(previous)) for argument in case.get("args", [])]
    cwd = os.getcwd()
    try:
        if mode == "directories":
            write_files(root / "base", case["base"])
            write_files(root / "head", case["head"])
            os.chdir(root)
            return cli("diff", "base", "head", *arguments, *extra)
        repository = repository_of(root, case["base"], case["head"])
        os.chdir(repository)
        if mode == "revision and working tree":
            return cli("diff", "HEAD~1", *arguments, *extra)
        # Work in progress the revisions must neither see nor disturb.
        (repository / "scratch.yaml").write_text("type: VirtualOutbound\nmesh: default\nname: [\n", encoding="utf-8")
        first = sorted(case["head"])[0]
        (repository / first).write_text(case["head"][first] + "# edited, not committed\n", encoding="utf-8")
        before = state_of(repository)
        result = cli("diff", "HEAD~1", "HEAD", *arguments, *extra)
        assert state_of(repository) == before
        return result
    finally:
        os.chdir(cwd)


def in_directory(mesh: dict[str, Any]) -> dict[str, Any]:
    """``mesh`` as a directory-to-directory diff names the Exclusive Mesh: under the side that sets the mode."""
    if "served" not in mesh:
        return mesh
    side = "base" if mesh["served"]["after"] else "head"
    return json.loads(json.dumps(mesh).replace("mesh.yaml", f"{side}/mesh.yaml"))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_diff_case(case: dict[str, Any], mode: str, tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = run_case(case, mode, tmp_path, cli, "--format", "json")
    assert result.code == case["exit"], result.err
    output = json.loads(result.out)
    meshes = case["meshes"] if mode != "directories" else [in_directory(mesh) for mesh in case["meshes"]]
    assert output["meshes"] == meshes
    assert [item["code"] for item in output["findings"]["new"]] == case["new"]
    assert [item["code"] for item in output["findings"]["fixed"]] == case["fixed"]
    # Both worlds count alike: a hostname a MeshService served is as removed as a VirtualOutbound's.
    services = [mesh.get("services", {}) for mesh in meshes]
    assert output["summary"] == {
        kind: sum(len(mesh[kind]) for mesh in meshes) + sum(len(world.get(kind, [])) for world in services)
        for kind in ("removed", "retargeted", "added", "vip_changed")
    } | {
        "new_findings": len(case["new"]),
        "fixed_findings": len(case["fixed"]),
    }
    assert result.err == ""


def test_sides_are_named_as_given(tmp_path: Path, cli: Callable[..., Result]) -> None:
    case = CASES[0]
    result = run_case(case, "revision and working tree", tmp_path, cli, "--format", "json")
    output = json.loads(result.out)
    assert (output["base"], output["head"]) == ("HEAD~1", "working tree")
    # Files of a revision are named as the working tree names them: the same finding keys, the same annotations.
    assert {item["file"] for item in output["findings"]["new"]} == {"vo.yaml"}
