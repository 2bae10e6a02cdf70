"""What a directory walk meets besides files: link loops, unreadable directories, links leaving the tree.

Each is reported where it is and the rest of the run goes on; nothing ends in an internal error.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Result

POLICY = 'type: VirtualOutbound\nmesh: default\nname: web\nconf: {host: "{{.service}}.mesh", port: 80}\n'
SECRET = "type: Mesh\nname: default\nTOP-SECRET-TOKEN: hunter2\n"

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="needs symbolic links")


def _diagnostics(result: Result) -> list[tuple[str, str, str]]:
    report: dict[str, Any] = json.loads(result.out)
    return [(Path(item["file"]).as_posix(), item["code"], item["message"]) for item in report["diagnostics"]]


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "witness.yaml").write_text(POLICY, encoding="utf-8")  # its VO002 shows the run went on
    return tree


WITNESS = ("tree/witness.yaml", "VO002")


@needs_symlinks
@pytest.mark.parametrize(
    "make",
    [
        lambda tree: os.symlink("loop.yaml", tree / "loop.yaml"),
        lambda tree: (os.symlink("b.yaml", tree / "a.yaml"), os.symlink("a.yaml", tree / "b.yaml")),
    ],
    ids=["a link to itself", "two links to each other"],
)
def test_a_symlink_loop_in_a_directory_is_reported_and_the_rest_checked(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], object]
) -> None:
    monkeypatch.chdir(tmp_path)
    tree = _tree(tmp_path)
    make(tree)
    result = cli("check", "--isolated", "--format", "json", "tree")
    assert result.code == 1, result.err
    found = _diagnostics(result)
    loops = [(file, code) for file, code, message in found if "symlink loop" in message]
    assert loops and all(code == "VO004" for _, code in loops), found
    assert any((file, code) == WITNESS for file, code, _ in found)


@needs_symlinks
def test_an_explicit_path_to_a_loop_says_symlink_loop(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    os.symlink("loop.yaml", tmp_path / "loop.yaml")
    result = cli("check", "--isolated", "--format", "json", "loop.yaml")
    assert _diagnostics(result) == [
        ("loop.yaml", "VO004", "symlink loop (a symbolic link that leads back to itself); not checked")
    ]


def test_an_unreadable_directory_is_reported_and_the_rest_checked(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads every directory whatever its mode: refuse this one in-process instead.
    monkeypatch.chdir(tmp_path)
    tree = _tree(tmp_path)
    (tree / "locked").mkdir()
    (tree / "locked" / "policy.yaml").write_text(POLICY, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: str) -> Any:
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = cli("check", "--isolated", "--format", "json", "tree")
    found = _diagnostics(result)
    assert ("tree/locked", "VO004", "cannot read directory: Permission denied; the files in it are not checked") in found
    assert any((file, code) == WITNESS for file, code, _ in found)


def _without_permission_overrides() -> list[str]:
    """A command prefix under which permission bits apply, for root too; skip where there is none."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root reads every file, and setpriv is not available to drop that capability")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-all", "--"]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_unreadable_directories_and_paths_inside_them_through_the_command(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    locked = tree / "locked"
    locked.mkdir()
    (locked / "policy.yaml").write_text(POLICY, encoding="utf-8")
    locked.chmod(0)
    try:
        results = [
            subprocess.run(
                [*_without_permission_overrides(), sys.executable, "-m", "vocheck", "check", *isolated,
                 "--format", "json", "tree/locked/policy.yaml", "tree"],  # the first path anchors the config search
                capture_output=True, cwd=tmp_path, timeout=60, check=False, env={**os.environ, "NO_COLOR": "1"},
            )
            for isolated in (["--isolated"], [])  # without it, the config search must not stumble either
        ]
    finally:
        locked.chmod(0o755)
    for result in results:
        assert result.returncode == 1, result.stderr
        found = _diagnostics(Result(1, result.stdout.decode(), ""))
        assert ("tree/locked", "VO004", "cannot read directory: Permission denied; the files in it are not checked") in found
        assert ("tree/locked/policy.yaml", "VO004", "cannot read it: Permission denied; not checked") in found
        assert any((file, code) == WITNESS for file, code, _ in found)


@needs_symlinks
def test_a_walk_does_not_follow_links_leaving_the_checked_directory(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    tree = _tree(tmp_path)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yaml").write_text(SECRET, encoding="utf-8")
    (tree / "sub").mkdir()
    (tree / "sub" / "inside.yaml").write_text("type: Mesh\nname: inside\nINSIDE-FIELD: 1\n", encoding="utf-8")
    os.symlink("../../outside/secret.yaml", tree / "sub" / "secret.yaml")
    os.symlink(tmp_path / "outside" / "secret.yaml", tree / "absolute.yaml")
    os.symlink("sub/inside.yaml", tree / "sibling.yaml")
    os.symlink("../outside", tree / "linked-directory")
    result = cli("check", "--isolated", "--format", "json", "tree")
    assert "TOP-SECRET" not in result.out
    found = _diagnostics(result)
    notes = sorted((file, code) for file, code, message in found if "outside the checked directory" in message)
    assert notes == [("tree/absolute.yaml", "VO009"), ("tree/sub/secret.yaml", "VO009")]
    # A link that stays inside is followed like the file itself.
    assert {file for file, _, message in found if "INSIDE-FIELD" in message} == {"tree/sibling.yaml", "tree/sub/inside.yaml"}
    assert json.loads(result.out)["summary"]["files"] == 3
    assert any((file, code) == WITNESS for file, code, _ in found)
    assert result.code == 1
    # Named on the command line, the link is followed: the user asked for that file.
    explicit = cli("check", "--isolated", "--format", "json", "tree/sub/secret.yaml")
    assert json.loads(explicit.out)["summary"]["files"] == 1
    assert "TOP-SECRET" in explicit.out


@needs_symlinks
def test_the_note_on_a_link_leaving_the_tree_does_not_fail_the_run(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tmp_path / "shared.yaml").write_text("type: Mesh\nname: default\n", encoding="utf-8")
    os.symlink("../shared.yaml", tree / "shared.yaml")
    result = cli("check", "--isolated", "tree")
    assert result.code == 0
    assert result.out.startswith('tree/shared.yaml:1:1: info VO009 symbolic link to a file outside the checked directory "tree"')
    assert cli("check", "--isolated", "--ignore", "VO009", "tree").out.startswith("0 errors, 0 warnings, 0 infos")
