"""The files of a git revision: named as the working tree names them, walked as a directory is walked."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.diff.test_diff_cases import CASES, git, write_files
from vocheck.load.revisions import RevisionError, revision_sources
from vocheck.load.sources import Source

POLICY = CASES[0]["base"]["vo.yaml"]
DATAPLANE = CASES[0]["base"]["dp.yaml"]


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    write_files(tmp_path / "policies", {"dp.yaml": DATAPLANE, "notes.txt": "not read"})
    write_files(tmp_path / "policies" / "sub", {"vo.yaml": POLICY})
    write_files(tmp_path / "policies" / ".drafts", {"draft.yaml": POLICY})
    write_files(tmp_path / ".github", {"workflow.yml": "on: push\n"})
    write_files(tmp_path / "other", {"a.json": "{}"})
    (tmp_path / "policies" / "link.yaml").symlink_to("sub/vo.yaml")
    (tmp_path / "policies" / "dangling.yaml").symlink_to("nowhere.yaml")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def _read(revision: str, *paths: str) -> list[tuple[str, bytes | None]]:
    return [(item.name, item.content) for item in revision_sources(revision, paths or (".",)) if isinstance(item, Source)]


@pytest.mark.parametrize(
    ("cwd", "paths", "names"),
    [
        (".", (), ["other/a.json", "policies/dp.yaml", "policies/link.yaml", "policies/sub/vo.yaml"]),
        (".", ("policies",), ["policies/dp.yaml", "policies/link.yaml", "policies/sub/vo.yaml"]),
        (".", ("policies/sub/vo.yaml",), ["policies/sub/vo.yaml"]),
        ("policies", (), ["dp.yaml", "link.yaml", "sub/vo.yaml"]),
        ("policies", ("../other",), ["../other/a.json"]),
    ],
)
def test_names_and_walk(repository: Path, cwd: str, paths: tuple[str, ...], names: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository / cwd)
    found = _read("HEAD", *paths)
    assert [name for name, _ in found] == names
    # What a revision holds is what the working tree holds, byte for byte; a link reads its target.
    assert all(data == Path(name).read_bytes() for name, data in found)


def test_a_revision_is_read_as_it_was_committed(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository)
    (repository / "policies" / "dp.yaml").write_text("changed, not committed\n", encoding="utf-8")
    assert dict(_read("HEAD", "policies"))["policies/dp.yaml"] == DATAPLANE.encode()


def test_a_path_side_names_what_the_revision_reads(repository: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository)
    (repository / "other" / "b.yaml").write_text(POLICY.replace("name: orders", "name: elsewhere"), encoding="utf-8")
    # other/b.yaml is outside policies/: it changes neither side.
    result = cli("diff", "HEAD", "policies", "--format", "json")
    assert (result.code, result.err) == (0, "")
    assert '"meshes": []' in result.out


def test_an_option_is_never_a_revision() -> None:
    with pytest.raises(RevisionError, match="is not a revision"):
        revision_sources("--output=/tmp/x")


def test_a_list_of_paths_against_a_revision(repository: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository)
    (repository / "policies" / "sub" / "vo.yaml").unlink()
    (repository / "policies" / "link.yaml").unlink()
    (repository / "other" / "b.yaml").write_text(POLICY.replace("name: orders", "name: elsewhere"), encoding="utf-8")
    result = cli("diff", "HEAD", "policies", "other/a.json", "--format", "json")
    # other/b.yaml is not in the list: the policy that stays is not seen, the removed one is.
    assert result.code == 1, result.err
    assert '"hostname": "v1.orders.mesh"' in result.out and '"added": []' in result.out
    assert cli("diff", "HEAD", "policies", "nothing.yaml").err == (
        "vocheck: error: nothing.yaml: no such file or directory (several HEADs are paths of the working tree)\n"
    )
