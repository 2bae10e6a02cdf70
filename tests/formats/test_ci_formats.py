"""The ``github``, ``junit``, ``gitlab`` and ``rdjson`` formats, checked against the JSON format."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Result
from vocheck.formats.github import escape_data, escape_property

ANNOTATION = re.compile(
    r"^::(?P<level>error|warning|notice) file=(?P<file>[^,]*),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"endLine=(?P<end_line>\d+),endColumn=(?P<end_col>\d+),title=(?P<title>[^:]*)::(?P<message>.*)$"
)
LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _json(cli: Callable[..., Result], *arguments: str) -> list[dict[str, Any]]:
    diagnostics: list[dict[str, Any]] = json.loads(cli("check", "--format", "json", *arguments).out)["diagnostics"]
    return diagnostics


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.usefixtures("in_root")
def test_github_actions_gets_annotations_at_the_right_lines_without_asking(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _json(cli, "examples/")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = cli("check", "examples/")
    annotations = [ANNOTATION.match(line) for line in result.out.splitlines() if line.startswith("::")]
    assert result.code == 1
    assert len(annotations) == len(expected) > 0
    for match, diagnostic in zip(annotations, expected):
        assert match is not None
        assert match.group("file") == diagnostic["file"]
        assert (int(match.group("line")), int(match.group("col"))) == (diagnostic["line"], diagnostic["column"])
        assert (int(match.group("end_line")), int(match.group("end_col"))) == (
            diagnostic["end_line"],
            diagnostic["end_column"],
        )
        assert match.group("level") == LEVELS[diagnostic["severity"]]
        assert match.group("title") == diagnostic["code"]
        assert match.group("message") == escape_data(diagnostic["message"])


@pytest.mark.parametrize(
    ("text", "data", "property_value"),
    [
        ("plain", "plain", "plain"),
        ("100% sure", "100%25 sure", "100%25 sure"),
        ("one\ntwo\r\n", "one%0Atwo%0D%0A", "one%0Atwo%0D%0A"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_github_escaping_of_messages_and_properties(text: str, data: str, property_value: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == property_value


def test_github_escapes_file_names_and_messages_in_annotations(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "team,a:b"
    directory.mkdir()
    (directory / "mesh.yaml").write_text('type: Mesh\nname: m\n"50%": 1\n')
    monkeypatch.chdir(tmp_path)
    (line,) = cli("check", "--format", "github", "team,a:b").out.splitlines()
    assert line.startswith("::warning file=team%2Ca%3Ab/mesh.yaml,line=3,col=1,")
    assert line.endswith('::unknown field "50%25" in Mesh; Kuma ignores it silently')


def test_github_says_how_many_annotations_it_cannot_show(cli: Callable[..., Result], tmp_path: Path) -> None:
    fields = "".join(f"unknown{number}: 1\n" for number in range(13))
    (tmp_path / "mesh.yaml").write_text("type: Mesh\nname: m\n" + fields)
    lines = cli("check", "--format", "github", "--select", "VO101", str(tmp_path)).out.splitlines()
    assert sum(line.startswith("::warning ") for line in lines) == 13
    (summary,) = [line for line in lines if not line.startswith("::")]
    assert "13 warning annotations" in summary and "3 are not shown" in summary
    few = cli("check", "--format", "github", "--select", "VO101", "--ignore", "VO1", str(tmp_path)).out
    assert "not shown" not in few


@pytest.mark.usefixtures("in_root")
@pytest.mark.parametrize("fail_on", ["error", "info"])
def test_junit_has_a_testsuite_per_file_and_a_testcase_per_resource(cli: Callable[..., Result], fail_on: str) -> None:
    report = json.loads(cli("check", "--format", "json", "examples/").out)
    expected = report["diagnostics"]
    root = ElementTree.fromstring(cli("check", "--format", "junit", "--fail-on", fail_on, "examples/").out)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    names = [suite.get("name") for suite in suites]
    assert names == sorted(names) and {item["file"] for item in expected} <= set(names)
    # Every checked resource is a case, clean or not, plus one per file for findings about the file itself.
    file_level = {item["file"] for item in expected if item["resource"] is None}
    cases = root.findall("testsuite/testcase")
    assert len(cases) == report["summary"]["resources"] + len(file_level) == int(root.get("tests", "-1"))
    # A resource fails exactly when one of its findings reaches fail-on, as the exit code does.
    levels = ["info", "warning", "error"]
    failing = {
        (item["file"], json.dumps(item["resource"] and {**item["resource"]}, sort_keys=True))
        for item in expected
        if levels.index(item["severity"]) >= levels.index(fail_on)
    }
    assert int(root.get("failures", "-1")) == len(failing) == len(root.findall("testsuite/testcase/failure"))
    for suite in suites:
        assert int(suite.get("tests", "-1")) == len(suite.findall("testcase"))
    listed = "\n".join(element.text or "" for element in root.iter() if element.tag in ("failure", "system-out"))
    for item in expected:
        assert f"{item['file']}:{item['line']}:{item['column']}: {item['severity']} {item['code']} " in listed


def test_junit_of_a_clean_run_has_one_passing_testcase(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "mesh.yaml").write_text("type: Mesh\nname: m\n")
    root = ElementTree.fromstring(cli("check", "--format", "junit", str(tmp_path)).out)
    assert root.get("tests") == "1" and root.get("failures") == "0"
    assert root.find("testsuite/testcase/failure") is None
    assert root.find("testsuite/testcase").get("name") == "Mesh m (document 0)"


def test_junit_counts_stay_the_same_as_problems_are_fixed(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "mesh.yaml").write_text("type: Mesh\nname: m\nbogus: 1\n---\ntype: Mesh\nname: other\n")
    before = ElementTree.fromstring(cli("check", "--format", "junit", "--fail-on", "warning", str(tmp_path)).out)
    (tmp_path / "mesh.yaml").write_text("type: Mesh\nname: m\n---\ntype: Mesh\nname: other\n")
    after = ElementTree.fromstring(cli("check", "--format", "junit", "--fail-on", "warning", str(tmp_path)).out)
    assert (before.get("tests"), before.get("failures")) == ("2", "1")
    assert (after.get("tests"), after.get("failures")) == ("2", "0")
    assert [case.get("name") for case in after.iter("testcase")] == ["Mesh m (document 0)", "Mesh other (document 1)"]
    assert [case.get("line") for case in after.iter("testcase")] == ["1", "4"]


def test_junit_of_a_run_without_resources_says_so_in_one_passing_case(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("kind: ConfigMap\napiVersion: v1\nmetadata: {name: c}\n")
    root = ElementTree.fromstring(cli("check", "--format", "junit", str(tmp_path)).out)
    assert [case.get("name") for case in root.iter("testcase")] == ["0 resources checked"]


def test_junit_stays_well_formed_with_control_characters_in_messages(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "mesh.yaml").write_text('type: Mesh\nname: m\n"bell\\a": 1\n')
    ElementTree.fromstring(cli("check", "--format", "junit", str(tmp_path)).out)


@pytest.mark.usefixtures("in_root")
def test_gitlab_code_quality_issues(cli: Callable[..., Result]) -> None:
    expected = _json(cli, "examples/")
    issues = json.loads(cli("check", "--format", "gitlab", "examples/").out)
    assert len(issues) == len(expected)
    severities = {"error": "major", "warning": "minor", "info": "info"}
    for issue, item in zip(issues, expected):
        assert issue["check_name"] == item["code"]
        assert item["message"] in issue["description"]
        assert issue["severity"] == severities[item["severity"]]
        assert issue["location"] == {"path": item["file"], "lines": {"begin": item["line"], "end": item["end_line"]}}
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)


def test_gitlab_fingerprints_survive_unrelated_edits(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "mesh.yaml"
    path.write_text("type: Mesh\nname: m\nbogus: 1\n")
    before = json.loads(cli("check", "--format", "gitlab", str(path)).out)
    path.write_text("# moved down\n\ntype: Mesh\nname: m\nbogus: 1\n")
    after = json.loads(cli("check", "--format", "gitlab", str(path)).out)
    assert [issue["fingerprint"] for issue in before] == [issue["fingerprint"] for issue in after]
    assert [issue["location"]["lines"]["begin"] for issue in after] == [5]


@pytest.mark.usefixtures("in_root")
def test_rdjson_for_reviewdog(cli: Callable[..., Result]) -> None:
    expected = _json(cli, "examples/")
    result = json.loads(cli("check", "--format", "rdjson", "examples/").out)
    assert result["source"]["name"] == "vocheck" and result["source"]["url"].startswith("https://")
    assert len(result["diagnostics"]) == len(expected)
    for diagnostic, item in zip(result["diagnostics"], expected):
        assert diagnostic["message"] == item["message"]
        assert diagnostic["severity"] == item["severity"].upper()
        assert diagnostic["code"]["value"] == item["code"] and diagnostic["code"]["url"].startswith("https://")
        assert diagnostic["location"] == {
            "path": item["file"],
            "range": {
                "start": {"line": item["line"], "column": item["column"]},
                "end": {"line": item["end_line"], "column": item["end_column"]},
            },
        }
