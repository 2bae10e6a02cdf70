"""A plugin that prints cannot break a report: what it prints goes to standard error, in every command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# A local plugin that prints when imported, when asked for its checks, and in its check.
PLUGIN = '''
from vocheck import Finding, check, hookimpl

print("plugin: imported")


@check("PR1", "printing-check")
def printing(resource, context):
    """Prints, then finds nothing.

    ## Why is this bad?
    It is not: it is a test plugin.

    ## Example
    Any policy. Use instead: any policy.
    """
    print("plugin: checking", resource.name)
    return []


@hookimpl
def vocheck_checks():
    print("plugin: registering")
    return [printing]
'''
# A policy with a mistake vocheck can fix (a field name in the wrong case: an unsafe fix).
POLICY = """\
type: VirtualOutbound
mesh: default
name: web
selectors:
  - match:
      kuma.io/service: "*"
conf:
  host: "{{.service}}.mesh"
  port: "80"
  parameters:
    - name: service
      tagkey: kuma.io/service
"""


def _vocheck(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "vocheck", *arguments],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=60,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "printing.py").write_text(PLUGIN, encoding="utf-8")
    (tmp_path / ".vocheck.toml").write_text('plugins = ["printing.py"]\n', encoding="utf-8")
    (tmp_path / "policy.yaml").write_text(POLICY, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "arguments",
    [["check", "--format", "json", "policy.yaml"], ["check", "--format", "sarif", "--jobs", "2", "policy.yaml"]],
    ids=["json", "sarif, two processes"],
)
def test_a_machine_readable_report_stays_parseable(project: Path, arguments: list[str]) -> None:
    result = _vocheck(project, *arguments)
    assert result.returncode in (0, 1), result.stderr
    json.loads(result.stdout)  # nothing but the report
    printed = result.stderr.splitlines()
    assert {"plugin: imported", "plugin: registering", "plugin: checking web"} <= set(printed)


def test_a_fix_diff_and_the_rules_list_carry_nothing_else(project: Path) -> None:
    diff = _vocheck(project, "check", "--diff", "--unsafe-fixes", "policy.yaml")
    assert diff.stdout.startswith("--- ") and "+      tagKey: kuma.io/service" in diff.stdout
    assert "plugin:" not in diff.stdout and "plugin: registering" in diff.stderr
    rules = _vocheck(project, "rules")
    assert "PR1" in rules.stdout and "plugin:" not in rules.stdout
