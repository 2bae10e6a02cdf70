"""Hostile shapes through the installed command, under a memory limit: refused or checked within bounds.

Every run here is a subprocess under RLIMIT_AS and a timeout, so a bound that
regresses fails the test (MemoryError, or the timeout) instead of swapping;
its peak resident memory is measured and asserted as well.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bounded import Outcome, report, run_bounded
from shapes import ALIAS_BOMBS, LARGE_FILES

PEAK_RSS_MB = 300
# A file next to each hostile one: its schema violation must still be reported.
WITNESS = 'type: VirtualOutbound\nmesh: default\nname: witness\nconf: {host: "{{.service}}.mesh", port: 80}\n'


def _check(directory: Path, *options: str) -> tuple[Outcome, list[dict[str, Any]]]:
    outcome = run_bounded(["check", "--isolated", "--format", "json", *options, "."], directory)
    assert "Traceback" not in outcome.stderr and "internal error" not in outcome.stderr, outcome.stderr
    assert outcome.returncode in (0, 1), outcome.stderr
    return outcome, json.loads(outcome.stdout)["diagnostics"]


def _witnessed(diagnostics: list[dict[str, Any]]) -> bool:
    return any(item["file"].endswith("witness.yaml") and item["code"] == "VO002" for item in diagnostics)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("shape", sorted(ALIAS_BOMBS))
def test_an_alias_bomb_of_any_shape_is_refused_within_bounds(tmp_path: Path, shape: str, jobs: str) -> None:
    ALIAS_BOMBS[shape](tmp_path)
    (tmp_path / "witness.yaml").write_text(WITNESS, encoding="utf-8")
    outcome, diagnostics = _check(tmp_path, "--jobs", jobs)
    report(f"alias bomb, {shape}, --jobs {jobs}", outcome)
    refused = [item for item in diagnostics if item["code"] == "VO004" and "bomb" in item["file"]]
    assert refused, diagnostics
    assert all(("values" in item["message"]) for item in refused), refused
    assert outcome.returncode == 1
    assert outcome.peak_rss_mb < PEAK_RSS_MB, outcome
    if shape != "many files":  # the witness sorts after them: the run limit leaves it out too
        assert _witnessed(diagnostics), diagnostics


def test_bombs_are_refused_where_they_go_beyond_the_limit(tmp_path: Path) -> None:
    ALIAS_BOMBS["many documents"](tmp_path)
    _, diagnostics = _check(tmp_path)
    # 123,456 values per document (six lines each): the second, on line 8, takes the file beyond 200,000.
    assert [(item["line"], item["column"], item["message"]) for item in diagnostics] == [
        (
            8,
            1,
            "file expands to more than 200000 values in all (YAML aliases?); "
            "this document and the rest of the file are not checked",
        )
    ]


def test_a_bomb_in_many_files_stops_at_the_run_limit_and_says_so_for_each_file(tmp_path: Path) -> None:
    ALIAS_BOMBS["many files"](tmp_path)
    _, diagnostics = _check(tmp_path)
    # 123,456 values per file (each list is a value too): 16 files fit in 2,000,000, the 17th does not.
    assert [item["file"] for item in diagnostics] == [f"bomb-{index:03d}.yaml" for index in range(16, 300)]
    assert {item["message"] for item in diagnostics} == {
        "not checked: with this file the run holds more than 2000000 values, the most one run checks; "
        "run vocheck on fewer files at a time"
    }


@pytest.mark.parametrize("shape", sorted(LARGE_FILES))
def test_a_file_just_under_the_size_limit_of_any_shape_is_checked_within_bounds(tmp_path: Path, shape: str) -> None:
    LARGE_FILES[shape](tmp_path / "large.yaml")
    (tmp_path / "witness.yaml").write_text(WITNESS, encoding="utf-8")
    outcome, diagnostics = _check(tmp_path)
    report(f"9.9 MB file, {shape}", outcome)
    assert outcome.peak_rss_mb < PEAK_RSS_MB, outcome
    assert _witnessed(diagnostics), diagnostics


def test_a_run_of_many_inbounds_stops_at_the_run_limit(tmp_path: Path) -> None:
    inbound = "  - port: {port}\n    tags: {{kuma.io/service: s{index}}}\n"
    head = "type: Dataplane\nmesh: default\nname: dp-{file}\nnetworking:\n  address: 10.0.0.1\n  inbound:\n"
    for file in range(3):
        text = head.format(file=file) + "".join(inbound.format(port=1000 + index, index=index) for index in range(40_000))
        (tmp_path / f"dataplanes-{file}.yaml").write_text(text, encoding="utf-8")
    outcome, diagnostics = _check(tmp_path)
    report("three files of 40,000 inbounds", outcome)
    assert [(item["file"], item["message"]) for item in diagnostics] == [
        (
            "dataplanes-2.yaml",
            "not checked: with this file the run holds more than 100000 Dataplane inbounds, the most one run "
            "checks; run vocheck on fewer files at a time",
        )
    ]
    assert outcome.peak_rss_mb < 2 * PEAK_RSS_MB, outcome


def test_duplicate_hostnames_finds_the_first_overlapping_policy_as_comparing_every_pair_would() -> None:
    import random

    from vocheck_builtin.policies import _overlap, _SelectorIndex

    chooser = random.Random(12)
    for _ in range(200):
        policies = [
            [
                {key: chooser.choice(["*", "a", "b"]) for key in chooser.sample(["s", "v", "z"], chooser.randrange(4))}
                for _ in range(chooser.randrange(3))
            ]
            for _ in range(12)
        ]
        index = _SelectorIndex()
        for later, selectors in enumerate(policies):
            expected = next((earlier for earlier in range(later) if _overlap(policies[earlier], selectors)), None)
            assert index.first_overlapping(selectors) == expected, (policies[: later + 1])
            index.add(later, selectors)


def _expensive_policy(host: str, dataplanes: int, name: str = "expensive", mesh: str = "default") -> str:
    text = (
        f"type: VirtualOutbound\nmesh: {mesh}\nname: {name}\nselectors:\n  - match:\n      kuma.io/service: \"*\"\n"
        f"conf:\n  host: '{host}'\n  port: \"80\"\n  parameters:\n    - name: service\n      tagKey: kuma.io/service\n"
    )
    for index in range(dataplanes):
        text += (
            f"---\ntype: Dataplane\nmesh: {mesh}\nname: {name}-dp-{index}\nnetworking:\n  address: 10.0.0.{index + 1}\n"
            f"  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: {name}-svc-{index}\n"
        )
    return text


# Each evaluation stays just under the per-evaluation limit of 250,000 steps.
SLOW_RANGE = "{{range 240000}}{{end}}{{.service}}.mesh"
# A step that allocates a megabyte: 200,000 of them once took six minutes for one evaluation.
SLOW_PRINTF = '{{range 60}}{{if printf "%1000000d" 1}}{{end}}{{end}}{{.service}}.mesh'


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_expensive_template_over_many_dataplanes_is_stopped_at_its_share(tmp_path: Path, jobs: str) -> None:
    (tmp_path / "policy.yaml").write_text(_expensive_policy(SLOW_RANGE, 40), encoding="utf-8")
    outcome, diagnostics = _check(tmp_path, "--jobs", jobs, "--select", "VO507")
    report(f"expensive template, 40 dataplanes, --jobs {jobs}", outcome)
    assert [(item["line"], item["column"], item["code"], item["message"]) for item in diagnostics] == [
        (
            8,
            9,
            "VO507",
            "this policy spent its share of the resolution budget (1000000 units: ten per matching inbound, "
            "one per template step) after 4 matching inbounds; not evaluated: 36 more matching inbounds (VO501-VO506 "
            "did not check them); simplify the templates (fewer range iterations, template calls or long printf "
            "widths)",
        )
    ]
    assert outcome.peak_rss_mb < PEAK_RSS_MB, outcome


def test_expensive_templates_in_many_meshes_share_the_run_budget(tmp_path: Path) -> None:
    for mesh in range(8):
        text = _expensive_policy(SLOW_RANGE, 10, name=f"p{mesh}", mesh=f"mesh-{mesh}")
        (tmp_path / f"policy-{mesh}.yaml").write_text(text, encoding="utf-8")
    outcomes = []
    for jobs in ("1", "2"):
        outcome, diagnostics = _check(tmp_path, "--jobs", jobs, "--select", "VO507")
        report(f"expensive templates in 8 meshes, --jobs {jobs}", outcome)
        outcomes.append(outcome.stdout)
        # 3,000,000 units shared by eight meshes of one policy each: 375,000 per mesh, one evaluation.
        assert len(diagnostics) == 8, diagnostics
        assert all("spent its share of the run's resolution budget (375000 units" in item["message"] for item in diagnostics)
        assert all("not resolved: 9 sources of the mesh, inbounds or services" in item["message"] for item in diagnostics)
    assert outcomes[0] == outcomes[1]


def test_a_mesh_that_spends_its_budget_counts_the_pairs_of_every_policy(tmp_path: Path) -> None:
    """The mesh's budget bought every policy's pairs, not only those of the policy it ran out at."""
    policies = [_expensive_policy(SLOW_RANGE, 10 if index == 0 else 0, name=f"p{index}") for index in range(4)]
    (tmp_path / "policies.yaml").write_text("---\n".join(policies), encoding="utf-8")
    outcome, diagnostics = _check(tmp_path, "--select", "VO507")
    report("four expensive policies over 10 dataplanes in one mesh", outcome)
    whole = [item["message"] for item in diagnostics if "share of the run's resolution budget" in item["message"]]
    # Four policies of a 1,000,000-unit share each over a mesh of 3,000,000: twelve evaluations of
    # about 250,000 steps (three dataplanes, four policies each), then the mesh stops.
    assert len(whole) == 1 and "after 12 evaluated pairs; not resolved: 7 sources" in whole[0], diagnostics


def test_a_step_that_allocates_much_counts_as_many_steps(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text(_expensive_policy(SLOW_PRINTF, 40), encoding="utf-8")
    outcome, diagnostics = _check(tmp_path, "--select", "VO507")
    report("printf-heavy template, 40 dataplanes", outcome)
    assert [item["code"] for item in diagnostics] == ["VO507"]
    assert outcome.peak_rss_mb < PEAK_RSS_MB, outcome


def test_the_templates_of_many_policies_share_the_file_budget(tmp_path: Path) -> None:
    policies = "---\n".join(
        _expensive_policy("{{range 60}}{{if printf \"%1000000d\" 1}}{{end}}{{end}}{{.service}}.mesh", 0, name=f"p{index}")
        for index in range(40)
    )
    (tmp_path / "policies.yaml").write_text(policies, encoding="utf-8")
    outcome, diagnostics = _check(tmp_path, "--select", "VO004")
    report("40 printf-heavy policies in one file", outcome)
    spent = [item for item in diagnostics if "the file's template budget of 1000000 steps is spent" in item["message"]]
    assert spent and len(spent) == len(diagnostics), diagnostics
    assert outcome.peak_rss_mb < PEAK_RSS_MB, outcome


def test_the_preview_says_what_the_resolution_budget_left_out(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text(_expensive_policy(SLOW_RANGE, 40), encoding="utf-8")
    outcome = run_bounded(["preview", "--isolated", "."], tmp_path)
    assert outcome.returncode == 1, outcome.stderr
    assert "vocheck: resolution budget spent at virtual-outbound:expensive: 36 of its matching inbounds left out" in outcome.stderr
    assert outcome.peak_rss_mb < PEAK_RSS_MB, outcome
