"""The README documents `vocheck diff`: every option, the JSON shape it writes, CI recipes that parse."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, Result
from tests.diff.test_diff_cases import CASES, run_case

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Diff: what a change does, for its pull request", 1)[1].split("\n## ", 1)[0]


def _options() -> list[str]:
    from vocheck.cli.commands import _parser

    commands = next(action for action in _parser()._actions if action.dest == "command")
    diff = commands.choices["diff"]  # type: ignore[index]
    return sorted(option for action in diff._actions for option in action.option_strings if option.startswith("--") and option != "--help")


@pytest.mark.parametrize("option", _options())
def test_every_option_is_documented(option: str) -> None:
    assert f"`{option}" in SECTION


def _keys(value: object, prefix: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(f"{prefix}{key}")
            found |= _keys(item, f"{prefix}{key}.")
    elif isinstance(value, list) and value and prefix.rstrip(".").rsplit(".", 1)[-1] not in ("new", "fixed"):
        found |= _keys(value[0], prefix)
    return found


def test_the_json_shape_is_the_documented_one(tmp_path: Path, cli: Callable[..., Result]) -> None:
    shape = SECTION.split('```\n{"base"', 1)[1].split("```", 1)[0]
    documented = set(re.findall(r'"([a-z_]+)":', '{"base"' + shape))
    retargeted = next(case for case in CASES if "more specific" in case["name"])
    seen: set[str] = set()
    # A mode change, and the MeshService world: a hostname a service takes over, and one on a port it lacks.
    worlds = [case for case in CASES if "Exclusive stops" in case["name"] or "HostnameGenerator takes" in case["name"]]
    for case in (CASES[0], retargeted, next(case for case in CASES if "DNS CIDR" in case["name"]), *worlds):
        output = json.loads(run_case(case, "directories", tmp_path / str(len(seen)), cli, "--format", "json").out)
        seen |= {key.rsplit(".", 1)[-1] for key in _keys(output) if ".tags." not in key}
    seen -= {"code", "severity", "message", "file", "line", "column", "end_line", "end_column", "path", "resource",
             "kuma", "name", "kind", "mesh", "document", "field", "related"} - documented
    assert seen == documented


def test_the_ci_recipes_are_valid_yaml_running_vocheck_diff() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", SECTION, re.S)
    github, gitlab = (yaml.safe_load(block) for block in blocks)
    steps = github["jobs"]["diff"]["steps"]
    assert any("vocheck diff --format markdown" in step.get("run", "") for step in steps)
    assert any("gh pr comment" in step.get("run", "") for step in steps)
    assert github["permissions"]["pull-requests"] == "write"
    script = "\n".join(gitlab["vocheck-diff"]["script"])
    assert "vocheck diff --format markdown" in script and "/merge_requests/$CI_MERGE_REQUEST_IID/notes" in script
