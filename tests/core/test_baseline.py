"""Baselines: record today's findings, then report only new ones, whatever moved in between."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from vocheck.engine.filters.baseline import build, dumps, loads
from vocheck.model import Diagnostic, Severity

POLICY = """\
type: VirtualOutbound
mesh: default
name: web
selectors:
  - match: {kuma.io/service: "*"}
conf:
  host: "{{.service}}.mesh"
  port: "80"
  parameters:
    - name: service
      tagkey: kuma.io/service
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # a repository: config discovery stops at its top
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "web.yaml").write_text(POLICY)
    return tmp_path


def _codes(result: Result) -> list[str]:
    return [line.split(" ")[2] for line in result.out.splitlines()[:-1]]


def test_old_findings_stay_quiet_and_a_new_mistake_shows_even_after_lines_move(
    cli: Callable[..., Result], project: Path
) -> None:
    first = cli("check", "--select", "VO1,VO2", "policies")
    assert first.code == 1 and {"VO101", "VO201"} <= set(_codes(first))
    written = cli("check", "--select", "VO1,VO2", "--write-baseline", "baseline.json", "policies")
    assert written.code == 0 and "recorded" in written.err

    quiet = cli("check", "--select", "VO1,VO2", "--baseline", "baseline.json", "policies")
    assert (quiet.code, _codes(quiet)) == (0, [])

    edited = "# owned by the web team\n# do not rename\n\n" + POLICY.replace('  host: "', '  hots: x\n  host: "')
    (project / "policies" / "web.yaml").write_text(edited)
    later = cli("check", "--select", "VO1,VO2", "--baseline", "baseline.json", "policies")
    assert later.out.splitlines()[:-1] == [
        'policies/web.yaml:10:3: warning VO101 unknown field "hots" in "conf"; Kuma ignores it silently. Did you mean "host"?'
    ]
    assert later.code == 0
    assert cli("check", "--select", "VO1,VO2", "--baseline", "baseline.json", "--fail-on", "warning", "policies").code == 1
    # Without the baseline every finding is back.
    assert len(_codes(cli("check", "--select", "VO1,VO2", "policies"))) == len(_codes(first)) + 1


def test_a_second_identical_finding_is_new(cli: Callable[..., Result], project: Path) -> None:
    mesh = project / "policies" / "mesh.yaml"
    mesh.write_text("type: Mesh\nname: m\nbogus: 1\n")
    cli("check", "--select", "VO101", "--write-baseline", "baseline.json", "policies")
    mesh.write_text("type: Mesh\nname: m\nbogus: 1\n---\ntype: Mesh\nname: m\nbogus: 1\n")
    result = cli("check", "--select", "VO101", "--baseline", "baseline.json", str(mesh))
    assert result.out.splitlines()[:-1] == [f'{mesh}:7:1: warning VO101 unknown field "bogus" in Mesh; Kuma ignores it silently']


def test_the_baseline_file_is_sorted_stable_and_free_of_line_numbers(cli: Callable[..., Result], project: Path) -> None:
    cli("check", "--write-baseline", "one.json", "policies")
    (project / "policies" / "web.yaml").write_text("\n\n\n" + POLICY)
    cli("check", "--write-baseline", "two.json", str(project / "policies"))
    assert (project / "one.json").read_bytes() == (project / "two.json").read_bytes()
    findings = json.loads((project / "one.json").read_text())["findings"]
    assert findings == sorted(findings, key=lambda item: (item["code"], item["file"]))
    assert all(set(item) == {"code", "file", "resource", "path", "message", "count"} for item in findings)
    assert {item["file"] for item in findings} == {"policies/web.yaml"}


def test_the_config_key_names_a_baseline_relative_to_the_config_file(
    cli: Callable[..., Result], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("check", "--write-baseline", "known.json", "policies")
    (project / ".vocheck.toml").write_text('baseline = "known.json"\n')
    monkeypatch.chdir(project / "policies")
    result = cli("check", ".")
    assert (result.code, _codes(result)) == (0, [])
    assert cli("check", "--no-suppress", ".").code == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid"),
        ('{"findings": []}', "not a vocheck baseline"),
        ('{"vocheck-baseline": 1, "findings": [{"code": "VO101"}]}', "finding 0"),
    ],
)
def test_a_broken_baseline_stops_the_run(
    cli: Callable[..., Result], project: Path, content: str, message: str
) -> None:
    (project / "baseline.json").write_text(content)
    result = cli("check", "--baseline", "baseline.json", "policies")
    assert result.code == 2 and message in result.err


def test_identity_ignores_positions_quoted_in_messages() -> None:
    def duplicate(line: int, first: int) -> Diagnostic:
        message = f'key "a" is given twice (first on line {first}); Kuma keeps the last'
        return Diagnostic("a.yaml", line, 1, "VO102", message, Severity.WARNING, line, 2)

    base = Path.cwd()
    recorded = loads(dumps(build([duplicate(5, 3)], base)), base)
    assert recorded.counts == build([duplicate(9, 7)], base).counts


def test_what_must_never_pass_a_gate_is_never_recorded_nor_hidden(cli: Callable[..., Result], project: Path) -> None:
    # Broken YAML (VO001), a value Kuma cannot decode (VO002) and an unreadable file (VO004).
    (project / "policies" / "broken.yaml").write_text("type: Mesh\nname: [\n")
    (project / "policies" / "port.yaml").write_text(POLICY.replace('port: "80"', "port: 80").replace("web", "port"))
    (project / "policies" / "binary.yaml").write_bytes(b"type: Mesh\0\xff\n")
    written = cli("check", "--format", "json", "--write-baseline", "baseline.json", "policies")
    protected = {"VO001", "VO002", "VO004"}
    assert protected <= {item["code"] for item in json.loads(written.out)["diagnostics"]}
    recorded = json.loads((project / "baseline.json").read_text())["findings"]
    assert recorded and not {item["code"] for item in recorded} & protected
    assert f"recorded {sum(item['count'] for item in recorded)} findings" in written.err
    assert written.code == 1 and "3 findings of VO001 to VO004" in written.err and "cannot be baselined" in written.err

    # A baseline written by hand that lists them does not hide them either.
    listed = json.loads((project / "baseline.json").read_text())
    for item in json.loads(written.out)["diagnostics"]:
        if item["code"] in protected:
            resource = item["resource"] and {key: item["resource"][key] for key in ("kind", "name", "mesh")}
            listed["findings"].append(
                {"code": item["code"], "file": item["file"], "resource": resource, "path": item["path"],
                 "message": item["message"], "count": 1}
            )
    (project / "baseline.json").write_text(json.dumps(listed))
    result = cli("check", "--baseline", "baseline.json", "policies")
    assert result.code == 1
    assert sorted(set(_codes(result))) == sorted(protected)


def test_a_file_name_that_is_not_utf8_is_recorded_and_matched(cli: Callable[..., Result], project: Path) -> None:
    """Recorded as text the next run can read back, even as YAML when the baseline sits in the checked tree."""
    try:
        (project / os.fsdecode(b"policies/c\xff.yaml")).write_text(POLICY)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    written = cli("check", "--write-baseline", "baseline.json", ".")
    assert written.code == 0, written.err
    text = (project / "baseline.json").read_text(encoding="utf-8")
    assert '"file": "policies/c\\\\xff.yaml"' in text
    again = cli("check", "--baseline", "baseline.json", ".")
    assert (again.code, again.out.splitlines()[:-1]) == (0, [])
    assert "VO001" not in again.out and "1 skipped" in again.out  # the baseline itself, read as a document
