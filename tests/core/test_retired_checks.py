"""A retired check keeps its code: `rules` and `explain` say it is retired and why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Result

EXAMPLE_POLICY = """\
type: VirtualOutbound
mesh: default
name: foo
selectors: [{match: {kuma.io/service: "*"}}]
conf:
  # vocheck: ignore[VO304] kept from before the check was retired
  host: "{{.svc}}.foo"
  port: "8080"
  parameters: [{name: svc, tagKey: kuma.io/service}]
"""


def test_rules_marks_vo304_retired(cli: Callable[..., Result]) -> None:
    line = next(line for line in cli("rules", "--isolated").out.splitlines() if line.startswith("VO304"))
    assert "host-outside-dns-domain" in line and "Retired: " in line


def test_explain_vo304_says_why_it_is_retired(cli: Callable[..., Result]) -> None:
    text = cli("explain", "VO304", "--isolated").out
    assert "## Why it is retired" in text
    assert "{{.svc}}.foo" in text and "since Kuma 1.7" in text


def test_a_host_outside_the_domain_gets_no_finding(tmp_path: Path, cli: Callable[..., Result]) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(EXAMPLE_POLICY.replace("  # vocheck: ignore[VO304] kept from before the check was retired\n", ""))
    result = cli("check", "--isolated", "--select", "VO304", "-q", str(policy))
    assert (result.code, result.out) == (0, "")


def test_a_suppression_of_the_retired_code_is_stale(tmp_path: Path, cli: Callable[..., Result]) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(EXAMPLE_POLICY)
    result = cli("check", "--isolated", "--select", "VO304,VO005", "-q", str(policy))
    assert "VO005" in result.out and "VO304" in result.out
