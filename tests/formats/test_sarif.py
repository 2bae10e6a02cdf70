"""The ``sarif`` format: valid SARIF 2.1.0, complete for GitHub code scanning."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import ROOT, Result

# CI keeps the shared reference material beside the clone; it is never fetched.
SARIF_SCHEMA = ROOT.parent / "shared" / "reference" / "sarif-schema-2.1.0.json"
POLICY = """\
type: VirtualOutbound
mesh: default
name: web
selectors:
  - match: {kuma.io/service: "*"}
conf:
  host: "{{.service}}.mesh"
  port: 80
  parameters:
    - name: service
      tagkey: kuma.io/service
"""


def _sarif(cli: Callable[..., Result], *arguments: str) -> dict[str, Any]:
    result = cli("check", "--format", "sarif", *arguments)
    assert result.code in (0, 1), result.err
    document: dict[str, Any] = json.loads(result.out)
    return document


def _json(cli: Callable[..., Result], *arguments: str) -> list[dict[str, Any]]:
    diagnostics: list[dict[str, Any]] = json.loads(cli("check", "--format", "json", *arguments).out)["diagnostics"]
    return diagnostics


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.usefixtures("in_root")
def test_the_report_of_the_examples_is_valid_against_the_official_schema(cli: Callable[..., Result]) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA} (CI keeps ../shared/reference beside the clone)")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = _sarif(cli, "examples/")
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(log)]
    assert errors == []
    assert log["runs"][0]["results"], "the examples have findings, so the report must too"


@pytest.mark.usefixtures("in_root")
def test_every_result_has_the_json_formats_region_and_a_relative_uri(cli: Callable[..., Result]) -> None:
    results = _sarif(cli, "examples/")["runs"][0]["results"]
    diagnostics = _json(cli, "examples/")
    assert len(results) == len(diagnostics)
    for result, diagnostic in zip(results, diagnostics):
        location = result["locations"][0]["physicalLocation"]
        assert location["region"] == {
            "startLine": diagnostic["line"],
            "startColumn": diagnostic["column"],
            "endLine": diagnostic["end_line"],
            "endColumn": diagnostic["end_column"],
        }
        assert location["artifactLocation"] == {"uri": diagnostic["file"], "uriBaseId": "SRCROOT"}
        assert (result["ruleId"], result["level"]) == (
            diagnostic["code"],
            {"error": "error", "warning": "warning", "info": "note"}[diagnostic["severity"]],
        )
        assert result["message"]["text"] == diagnostic["message"]
        related = [
            (place["physicalLocation"]["artifactLocation"]["uri"], place["physicalLocation"]["region"]["startLine"],
             place["physicalLocation"]["region"]["startColumn"], place["message"]["text"])
            for place in result.get("relatedLocations", [])
        ]
        assert related == [
            (place["file"], place["line"], place["column"], place["message"]) for place in diagnostic.get("related", [])
        ]
    assert any("relatedLocations" in result for result in results)  # VO402 counts the examples' policies


def test_an_absolute_path_outside_the_current_directory_becomes_a_file_uri(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "policies").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "policies" / "web policy.yaml").write_text(POLICY)
    monkeypatch.chdir(tmp_path / "policies")
    inside = _sarif(cli, str(tmp_path / "policies"))["runs"][0]["results"][0]
    assert inside["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "web%20policy.yaml"
    monkeypatch.chdir(tmp_path / "elsewhere")
    outside = _sarif(cli, str(tmp_path / "policies"))["runs"][0]["results"][0]
    uri = outside["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == (tmp_path / "policies" / "web policy.yaml").as_uri()


def test_the_driver_lists_every_rule_with_help_and_each_result_points_at_its_rule(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    (tmp_path / "web.yaml").write_text(POLICY)
    run = _sarif(cli, str(tmp_path))["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "vocheck" and driver["version"] and driver["informationUri"].startswith("https://")
    listed = [line.split()[0] for line in cli("rules", "--isolated").out.splitlines()[1:]]
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == listed
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        # A retired check says why it is retired instead.
        why = "Why is this bad?" if "Why is this bad?" in rule["help"]["text"] else "Why it is retired"
        assert why in rule["help"]["text"], rule["id"]
        assert why in rule["help"]["markdown"] and rule["id"] in rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert {result["ruleId"] for result in run["results"]} >= {"VO002", "VO101"}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_fingerprints_survive_unrelated_lines_inserted_above(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "web.yaml"
    path.write_text(POLICY)
    before = _sarif(cli, str(path))["runs"][0]["results"]
    path.write_text("# policies of the web team\n# reviewed weekly\n" + POLICY)
    after = _sarif(cli, str(path))["runs"][0]["results"]
    assert [result["partialFingerprints"] for result in before] == [result["partialFingerprints"] for result in after]
    lines = [[result["locations"][0]["physicalLocation"]["region"]["startLine"] for result in run] for run in (before, after)]
    assert lines[1] == [line + 2 for line in lines[0]]
    prints = [result["partialFingerprints"]["primaryLocationLineHash"] for result in before]
    assert len(set(prints)) == len(prints)


def test_identical_findings_get_distinct_fingerprints(cli: Callable[..., Result], tmp_path: Path) -> None:
    same = "type: Mesh\nname: m\nbogus: 1\n"
    (tmp_path / "a.yaml").write_text(same + "---\n" + same)
    results = _sarif(cli, str(tmp_path), "--select", "VO101")["runs"][0]["results"]
    assert len(results) == 2
    assert results[0]["partialFingerprints"] != results[1]["partialFingerprints"]
