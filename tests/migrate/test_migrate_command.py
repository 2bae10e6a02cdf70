"""`vocheck migrate` as a command: what it writes, where, its formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, Result

CASES = Path(__file__).parent / "cases"


def test_nothing_is_written_without_output_dir(cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    for source in (CASES / "exact-universal-service" / "input").iterdir():
        (tree / source.name).write_text(source.read_text())
    monkeypatch.chdir(tmp_path)
    result = cli("migrate", "--isolated", "tree")
    assert result.code == 0, result.err
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["dataplanes.yaml", "policies.yaml", "tree"]
    assert "2 policies: 2 exact, 0 approximate, 0 impossible" in result.out


def test_output_dir_inside_the_inputs_is_not_read_back(cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for source in (CASES / "seed-universal" / "input").iterdir():
        (tmp_path / source.name).write_text(source.read_text())
    monkeypatch.chdir(tmp_path)
    first = cli("migrate", "--isolated", "--format", "json", "--output-dir", "migrated", ".")
    second = cli("migrate", "--isolated", "--format", "json", "--output-dir", "migrated", ".")
    assert first.code == second.code == 0
    assert json.loads(first.out) == json.loads(second.out)
    assert json.loads(second.out)["check_errors"] == []


def test_markdown_report_has_the_verdict_table_and_the_switch(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / "seed-kubernetes")
    result = cli("migrate", "--isolated", "--format", "markdown", "input")
    assert result.code == 1  # two policies are impossible
    assert "| `default` | default | impossible | N5 port-in-hostname | `input/default-dns-kubernetes.yaml:1` |" in result.out
    assert "| before (VirtualOutbound) | after (HostnameGenerator) |" in result.out
    assert "### The switch, in order" in result.out
    assert "Set meshServices.mode: Exclusive on mesh default" in result.out


@pytest.mark.parametrize(("fail_on", "code"), [("never", 0), ("impossible", 0), ("approximate", 1)])
def test_fail_on(fail_on: str, code: int, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / "approximate-subset-universal")
    assert cli("migrate", "--isolated", "--fail-on", fail_on, "input").code == code


def test_kuma_3_selects_dataplane_labels_and_says_which(cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / "approximate-subset-universal")
    result = cli("migrate", "--isolated", "--to", "3.0", "--format", "json", "--output-dir", str(tmp_path), "input")
    assert result.code == 0, result.err
    (policy,) = json.loads(result.out)["policies"]
    assert "Kuma 3.0 selects Dataplane labels: the Dataplanes of backend-v1 need kuma.io/workload: backend, version: v1" in policy["notes"]
    assert policy["proven"] is True
    text = (tmp_path / "default" / "versions.yaml").read_text()
    assert "dataplaneLabels:\n      matchLabels:\n        kuma.io/workload: backend\n        version: v1" in text
    assert "dataplaneTags" not in text


def test_an_unwritable_output_dir_is_a_usage_error(cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.chdir(CASES / "exact-universal-service")
    result = cli("migrate", "--isolated", "--output-dir", str(blocker / "out"), "input")
    assert result.code == 2
    assert "vocheck: error: cannot write to" in result.err


def test_check_loads_nothing_of_migrate(tmp_path: Path) -> None:
    """Start-up time: `vocheck check` must not import the migration's modules."""
    policy = CASES / "exact-universal-service" / "input" / "policies.yaml"
    script = (
        "import sys; from vocheck.cli.commands import main; code = main(['check', '--isolated', '-q', sys.argv[1]]); "
        "print(sorted(name for name in sys.modules if name.startswith(('vocheck.migrate', 'vocheck.cli.migrating'))))"
    )
    result = subprocess.run([sys.executable, "-c", script, str(policy)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_each_step_of_the_switch_says_what_vocheck_diff_reports(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / "exact-universal-service")
    result = cli("migrate", "--isolated", "--format", "json", "input")
    assert result.code == 0, result.err
    diffs = [step["diff"] for step in json.loads(result.out)["steps"]]
    # MeshServices on: Kuma generates backend and web, named by its default generator; no VirtualOutbound hostname moves.
    assert diffs[0].startswith(
        "vocheck diff: 0 (hostname, port)s removed, 0 retargeted, "
        "2 added (backend.svc.mesh.local:8080, web.svc.mesh.local:9000), 0 VIPs changed"
    )
    # The generators applied: both policies' hostnames now answer with the MeshService's address.
    assert diffs[1].startswith(
        "vocheck diff: 0 (hostname, port)s removed, 2 retargeted (api.backend.internal:8080, backend.internal:8080), 0 added"
    )
    # Exclusive: what is left of the VirtualOutbound view are the default service names, which no generator makes.
    assert diffs[3].startswith("vocheck diff: 2 (hostname, port)s removed (backend.mesh:80, web.mesh:80), 0 retargeted, 0 added")


@pytest.mark.parametrize(
    ("format_", "expected"),
    [
        ("text", "not written by this run: migrated/default/renamed-policy.yaml"),
        ("markdown", "- `migrated/default/renamed-policy.yaml`"),
    ],
)
def test_files_an_earlier_run_left_in_the_output_dir_are_reported_and_kept(
    format_: str, expected: str, cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for source in (CASES / "exact-universal-service" / "input").iterdir():
        (tmp_path / source.name).write_text(source.read_text())
    monkeypatch.chdir(tmp_path)
    assert cli("migrate", "--isolated", "--output-dir", "migrated", ".").code == 0
    stale = tmp_path / "migrated" / "default" / "renamed-policy.yaml"
    stale.write_text("type: HostnameGenerator\nname: old\n")
    (tmp_path / "migrated" / "NOTES.txt").write_text("not a manifest\n")  # kubectl applies only YAML and JSON
    result = cli("migrate", "--isolated", "--format", format_, "--output-dir", "migrated", ".")
    assert result.code == 1
    assert expected in result.out
    assert "NOTES.txt" not in result.out
    assert stale.read_text() == "type: HostnameGenerator\nname: old\n"


def test_json_lists_what_the_run_did_not_write_only_with_an_output_dir(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for source in (CASES / "exact-universal-service" / "input").iterdir():
        (tmp_path / source.name).write_text(source.read_text())
    monkeypatch.chdir(tmp_path)
    assert "not_written" not in json.loads(cli("migrate", "--isolated", "--format", "json", ".").out)
    fresh = cli("migrate", "--isolated", "--format", "json", "--output-dir", "migrated", ".")
    assert (fresh.code, json.loads(fresh.out)["not_written"]) == (0, [])
    (tmp_path / "migrated" / "gone.yml").write_text("{}\n")
    again = cli("migrate", "--isolated", "--format", "json", "--output-dir", "migrated", ".")
    assert (again.code, json.loads(again.out)["not_written"]) == (1, ["migrated/gone.yml"])


def test_the_switch_counts_one_pair_in_the_singular(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / "approximate-external-service")
    out = cli("migrate", "--isolated", "input").out
    assert "1 of 1 VirtualOutbound (hostname, port) comes back to the same endpoints" in out
    assert "of their (hostname, port)s, 1 is generated again by the HostnameGenerators" in out
    monkeypatch.chdir(CASES / "approximate-cross-zone")
    out = cli("migrate", "--isolated", "input").out
    assert "vocheck diff: 1 (hostname, port) removed" in out and "1 (hostname, port)s" not in out
