"""`vocheck migrate` on case directories: one per verdict kind and reason, in both forms.

Each ``cases/<name>/`` holds ``input/`` (the tree migrated), ``verdicts.txt``
(each policy's verdict and reason codes) and ``expected/`` (the files
``--output-dir`` writes), all reviewed by hand. Beyond matching them, the
proof is checked through vocheck's own two previews: an exact policy's
hostnames, ports and endpoints are the same after as before, and an
approximate one differs exactly as its reasons say.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Result

CASES = Path(__file__).parent / "cases"
NAMES = sorted(path.name for path in CASES.iterdir() if (path / "input").is_dir())
# The difference each reason announces to clients: a renamed host (A3); a multi-zone
# service whose endpoints are the zones' own, which only Global knows (A5).
ANNOUNCED = {"renamed": "A3", "endpoints": "A5"}


def _migrate(name: str, cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(CASES / name)
    result = cli("migrate", "--isolated", "--format", "json", "--output-dir", str(tmp_path / "out"), "input")
    assert result.code in (0, 1), result.err
    report: dict[str, Any] = json.loads(result.out)
    impossible = any(policy["verdict"] == "impossible" for policy in report["policies"])
    assert result.code == (1 if impossible else 0)
    return report


def _expected_verdicts(name: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    found = {}
    for line in (CASES / name / "verdicts.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            policy, verdict, *codes = line.split()
            found[policy] = (verdict, tuple(codes))
    return found


@pytest.mark.parametrize("name", NAMES)
def test_verdicts_and_written_files(name: str, cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = _migrate(name, cli, tmp_path, monkeypatch)
    got = {policy["policy"]: (policy["verdict"], tuple(reason["code"] for reason in policy["reasons"])) for policy in report["policies"]}
    assert got == _expected_verdicts(name)
    expected_dir, written_dir = CASES / name / "expected", tmp_path / "out"
    expected = {path.relative_to(expected_dir).as_posix(): path.read_text() for path in expected_dir.rglob("*.yaml")}
    written = {path.relative_to(written_dir).as_posix(): path.read_text() for path in written_dir.rglob("*.yaml")}
    assert written == expected
    assert report["check_errors"] == []


@pytest.mark.parametrize("name", NAMES)
def test_exact_policies_keep_every_hostname_port_and_endpoint(
    name: str, cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for policy in _migrate(name, cli, tmp_path, monkeypatch)["policies"]:
        if policy["verdict"] != "exact":
            continue
        before = {(row["hostname"], row["port"]): sorted(row["endpoints"]) for row in policy["before"]}
        after = {row["hostname"]: row for row in policy["after"]}
        assert before, policy["policy"]
        assert {hostname for hostname, _ in before} == set(after)
        for (hostname, port), endpoints in before.items():
            assert port in after[hostname]["ports"]
            assert sorted(after[hostname]["endpoints"][str(port)]) == endpoints
            assert after[hostname]["generator"]
        assert policy["differences"] == [] and policy["proven"] is True


@pytest.mark.parametrize("name", NAMES)
def test_approximate_policies_differ_only_as_their_reasons_say(
    name: str, cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for policy in _migrate(name, cli, tmp_path, monkeypatch)["policies"]:
        if policy["verdict"] != "approximate" or not policy["before"]:
            continue
        codes = {reason["code"] for reason in policy["reasons"]}
        unforeseen = " ".join(reason["message"] for reason in policy["reasons"] if reason["code"] == "A9")
        for difference in policy["differences"]:
            # Announced by its reason, or named by A9 (an unforeseen one, which the preview found).
            assert ANNOUNCED.get(difference["what"]) in codes or difference["message"] in unforeseen, difference
        # What is not announced as a difference is kept: the same (hostname, port), to the same endpoints.
        changed = {(item["hostname"], item["port"]) for item in policy["differences"]}
        after = {row["hostname"]: row for row in policy["after"]}
        for row in policy["before"]:
            if (row["hostname"], row["port"]) in changed:
                continue
            target = after[row["hostname"]]
            assert sorted(target["endpoints"][str(row["port"])]) == sorted(row["endpoints"])
        assert policy["proven"] is ("A9" not in codes)


def test_every_reason_has_a_case() -> None:
    from vocheck.migrate.reasons import CATALOGUE

    seen = {code for name in NAMES for _, codes in _expected_verdicts(name).values() for code in codes}
    assert seen == set(CATALOGUE)


def test_impossible_policies_write_only_their_reason(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _migrate("impossible-optional-parameter", cli, tmp_path, monkeypatch)
    text = (tmp_path / "out" / "default" / "optional.yaml").read_text()
    assert "# Verdict: impossible" in text and "N3 optional-parameter (line 8)" in text
    assert not [line for line in text.splitlines() if line and not line.startswith("#")]


def test_the_readme_shows_the_seed_verdicts() -> None:
    """The README's table of the docs page's policies says what `vocheck migrate` says of them."""
    from tests.conftest import ROOT

    text = (ROOT / "README.md").read_text()
    section = text.split("### The docs page's policies", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    shown = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        policy = cells[0].split("`")[1]
        verdict, _, codes = cells[2].partition(": ")
        shown[(cells[1].lower(), policy)] = (verdict, tuple(code.strip() for code in codes.split(",")))
    expected = {
        (form, policy): verdict
        for form in ("universal", "kubernetes")
        for policy, verdict in _expected_verdicts(f"seed-{form}").items()
    }
    assert shown == expected


@pytest.mark.parametrize("name", NAMES)
def test_kuma_3_gives_the_same_verdicts_and_its_proof_holds(
    name: str, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """For 3.0 the tree is previewed from Dataplane labels (as the report asks for them) and checked as 3.0."""
    monkeypatch.chdir(CASES / name)
    result = cli("migrate", "--isolated", "--to", "3.0", "--format", "json", "input")
    report = json.loads(result.out)
    got = {policy["policy"]: (policy["verdict"], tuple(reason["code"] for reason in policy["reasons"])) for policy in report["policies"]}
    assert got == _expected_verdicts(name)
    assert report["check_errors"] == []
