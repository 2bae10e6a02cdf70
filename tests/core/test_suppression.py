"""Suppressions: inline comments, file comments, resource annotations, and unused ones reported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from vocheck.engine.filters.suppression import comment_suppressions

TWO_TYPOS = """\
type: Mesh
name: m
bogus: 1
other: 2
"""


def _findings(cli: Callable[..., Result], directory: Path, *arguments: str) -> list[str]:
    """``LINE:COL CODE`` of every diagnostic, as the text format prints them."""
    lines = cli("check", "--isolated", *arguments, str(directory)).out.splitlines()[:-1]
    found = []
    for line in lines:
        location, severity, code, _ = line.split(" ", 3)
        found.append(f"{':'.join(location.rstrip(':').split(':')[-2:])} {code}")
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# vocheck: ignore[VO101] legacy\nbogus: 1\n", [("line", 2, ("VO101",), "legacy")]),
        ("bogus: 1  # vocheck: ignore[VO101,VO102]\n", [("line", 1, ("VO101", "VO102"), "")]),
        ("#vocheck:ignore[vo1]   spaced  \n", [("line", 2, ("VO1",), "spaced")]),
        ("# vocheck: ignore[VO1]\n# why: old dashboards\nbogus: 1\n", [("line", 3, ("VO1",), "")]),
        ("# vocheck: ignore-file[VO3, VO101] generated\nx: 1\n", [("file", 0, ("VO3", "VO101"), "generated")]),
        ('host: "a#vocheck: ignore[VO1]"\n', []),
        ("# a comment about vocheck\n", []),
    ],
)
def test_comment_forms(text: str, expected: list[tuple[str, int, tuple[str, ...], str]]) -> None:
    suppressions, problems = comment_suppressions("a.yaml", text)
    assert problems == []
    assert [(item.scope, item.target, item.codes, item.reason) for item in suppressions] == expected


@pytest.mark.parametrize(
    "comment", ["# vocheck: ignore", "# vocheck: ignore[]", "# vocheck: ignore[not a code]", "# vocheck: skip[VO101]"]
)
def test_comments_vocheck_cannot_parse_are_problems(comment: str) -> None:
    suppressions, problems = comment_suppressions("a.yaml", f"x: 1\n{comment}\n")
    assert suppressions == []
    assert [(problem.span.line, problem.span.column) for problem in problems] == [(2, 1)]


def test_a_comment_on_the_line_above_removes_that_finding_and_only_that_one(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    (tmp_path / "a.yaml").write_text(TWO_TYPOS)
    assert _findings(cli, tmp_path) == ["3:1 VO101", "4:1 VO101"]
    (tmp_path / "a.yaml").write_text(TWO_TYPOS.replace("bogus: 1\n", "# vocheck: ignore[VO101] old field\nbogus: 1\n"))
    assert _findings(cli, tmp_path) == ["5:1 VO101"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TWO_TYPOS.replace("bogus: 1", "bogus: 1  # vocheck: ignore[VO101]"), ["4:1 VO101"]),
        (TWO_TYPOS.replace("bogus: 1", "bogus: 1  # vocheck: ignore[VO1] any VO1xx code"), ["4:1 VO101"]),
        ("# vocheck: ignore-file[VO101] generated\n" + TWO_TYPOS, []),
        # the wrong code hides nothing and is reported as unused
        (TWO_TYPOS.replace("bogus: 1", "bogus: 1  # vocheck: ignore[VO102]"), ["3:1 VO101", "3:11 VO005", "4:1 VO101"]),
    ],
)
def test_inline_and_file_comments(cli: Callable[..., Result], tmp_path: Path, text: str, expected: list[str]) -> None:
    (tmp_path / "a.yaml").write_text(text)
    assert _findings(cli, tmp_path) == expected


KUBERNETES = """\
apiVersion: kuma.io/v1alpha1
kind: Mesh
metadata:
  name: m
  annotations:
    vocheck.io/ignore: "{codes}"
bogus: 1
"""
UNIVERSAL = """\
type: Mesh
name: m
labels:
  vocheck.io/ignore: "{codes}"
bogus: 1
---
type: Mesh
name: other
bogus: 1
"""


@pytest.mark.parametrize(
    ("template", "codes", "expected"),
    [
        (KUBERNETES, "VO101", []),
        (KUBERNETES, "VO102, VO101", ["6:24 VO005"]),
        (KUBERNETES, "VO102", ["6:24 VO005", "7:1 VO101"]),
        (UNIVERSAL, "VO101", ["9:1 VO101"]),
        (UNIVERSAL, "VO1 legacy mesh", ["9:1 VO101"]),
        (UNIVERSAL, "-", ["4:22 VO005", "5:1 VO101", "9:1 VO101"]),
    ],
)
def test_the_resource_annotation(
    cli: Callable[..., Result], tmp_path: Path, template: str, codes: str, expected: list[str]
) -> None:
    (tmp_path / "a.yaml").write_text(template.format(codes=codes))
    assert _findings(cli, tmp_path, "--select", "VO1,VO005") == expected


def test_unused_suppressions_are_reported_as_info_where_they_are_written(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    (tmp_path / "a.yaml").write_text("type: Mesh\n# vocheck: ignore[VO101] was a typo\nname: m\n")
    (tmp_path / "b.yaml").write_text("type: Mesh\nname: other\nsize: 1  # vocheck: ignore[VO999]\n")
    result = cli("check", "--isolated", str(tmp_path))
    lines = result.out.splitlines()
    assert f"{tmp_path / 'a.yaml'}:2:1: info VO005 unused suppression: no VO101 finding on line 3" in lines
    assert any(line.startswith(f"{tmp_path / 'b.yaml'}:3:10: info VO005 suppression names VO999") for line in lines)
    assert result.code == 0
    assert cli("check", "--isolated", "--fail-on", "info", str(tmp_path)).code == 1


@pytest.mark.parametrize(
    ("text", "said"),
    [
        pytest.param("type: Mesh\nname: m  # vocheck: ignore[VO101,VO999]\n", "2:10: info VO005 suppression names"
                     " VO999, which matches no check; and no VO101 finding on line 2", id="comment"),
        pytest.param("type: Mesh\nname: m  # vocheck: ignore[VO999]\n", "2:10: info VO005 suppression names VO999,"
                     " which matches no check", id="comment-unknown-only"),
        pytest.param("type: Mesh\nname: m  # vocheck: ignore[VO101]\n", "2:10: info VO005 unused suppression: no"
                     " VO101 finding on line 2", id="comment-unused-only"),
        pytest.param(KUBERNETES.format(codes="VO101,VO999").replace("bogus: 1\n", ""), "6:24: info VO005 suppression"
                     " names VO999, which matches no check; and no VO101 finding in this resource", id="annotation"),
    ],
)
def test_an_unknown_code_does_not_hide_an_unused_one(
    cli: Callable[..., Result], tmp_path: Path, text: str, said: str
) -> None:
    """Both are said at once: correcting the misspelt code alone would only bring the second report."""
    (tmp_path / "a.yaml").write_text(text)
    result = cli("check", "--isolated", "--select", "VO1,VO005", str(tmp_path / "a.yaml"))
    assert [line.removeprefix(f"{tmp_path / 'a.yaml'}:") for line in result.out.splitlines()[:-1]] == [said]


def test_a_suppression_of_a_deselected_code_is_not_unused(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("type: Mesh\nname: m\n# vocheck: ignore[VO101]\nbogus: 1\n")
    assert _findings(cli, tmp_path, "--ignore", "VO101") == []
    assert _findings(cli, tmp_path, "--select", "VO2,VO005") == []


def test_unused_suppressions_can_be_ignored_like_a_checks_code(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("type: Mesh\n# vocheck: ignore[VO101]\nname: m\n# vocheck: nonsense\n")
    assert _findings(cli, tmp_path) == ["2:1 VO005", "4:1 VO005"]
    assert _findings(cli, tmp_path, "--ignore", "VO005") == []


def test_no_suppress_shows_everything(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("# vocheck: ignore-file[VO101]\n" + TWO_TYPOS)
    (tmp_path / "b.yaml").write_text(TWO_TYPOS.replace("name: m", "name: other"))
    (tmp_path / ".vocheck.toml").write_text('[per-file-ignores]\n"b.yaml" = ["VO101"]\n')
    result = cli("check", "--select", "VO1", str(tmp_path))
    assert "VO101" not in result.out
    audit = cli("check", "--select", "VO1", "--no-suppress", str(tmp_path)).out
    assert audit.count(" VO101 ") == 4 and "VO005" not in audit


def test_what_kuma_cannot_decode_is_never_suppressed(tmp_path: Path, cli: Callable[..., Result]) -> None:
    policy = (
        "type: VirtualOutbound\nmesh: default\nname: web\n"
        "# vocheck: ignore-file[VO402] migrating next quarter\n"
        "conf:\n  port: 80  # vocheck: ignore[VO0] trust me\n"
    )
    (tmp_path / "web.yaml").write_text(policy)
    result = cli("check", str(tmp_path / "web.yaml"))
    assert "6:9: error VO002" in result.out
    assert "VO005" not in result.out  # the checks behind VO402 did not run: "unused" would be a guess
    assert result.code == 1
