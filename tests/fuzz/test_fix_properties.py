"""``--fix --unsafe-fixes`` on generated policies with injected mistakes: the result always parses, and fixing it again changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.strategies import fuzz, policies
from vocheck.config import Configs
from vocheck.engine.fixing import fix_run
from vocheck.engine.plan import check_plan
from vocheck.host import plugin_manager
from vocheck.load.documents import read_documents


def _policy(
    kubernetes: bool,
    flow_parameters: bool,
    tagkey_typo: bool,
    selector_typo: bool,
    duplicate_port: bool,
    number_port: bool,
    no_tag_key: bool,
    wrapped: bool,
    version_tag: bool,
    stale_suppression: bool,
    comments: bool,
    indent: int,
    second_document: bool,
    crlf: bool,
) -> str:
    step = " " * indent
    tag_key = "tagkey" if tagkey_typo else "tagKey"
    if flow_parameters:
        service = "{name: service}" if no_tag_key else f"{{name: service, {tag_key}: kuma.io/service}}"
        parameters = [f"{step}parameters: [{service}" + (", {name: version, tagKey: kuma.io/version}]" if version_tag else "]")]
    else:
        parameters = [f"{step}parameters:", f"{step}{step}- name: service"]
        if not no_tag_key:
            parameters.append(f"{step}{step}  {tag_key}: kuma.io/service")
        if version_tag:
            parameters += [f"{step}{step}- name: version", f"{step}{step}  tagKey: kuma.io/version"]
    body = [
        "selector:" if selector_typo else "selectors:",
        f"{step}- match:",
        f"{step}{step}  kuma.io/service: \"*\"" + ("   # every service" if comments else ""),
        *(["# the template"] if comments else []),
        "conf:",
        *([f'{step}port: "81"'] if duplicate_port else []),
        f"{step}host: \"{{{{.service}}}}.{{{{.version}}}}.mesh\"" if version_tag else f"{step}host: \"{{{{.service}}}}.mesh\"",
        f"{step}port: 8080" if number_port else f'{step}port: "8080"',
        *parameters,
    ]
    if kubernetes:
        lines = ["apiVersion: kuma.io/v1alpha1", "kind: VirtualOutbound", "mesh: default", "metadata:", f"{step}name: web", "spec:"]
        lines += [step + line for line in body]
    elif wrapped:
        lines = ["type: VirtualOutbound", "mesh: default", "name: web", "spec:"] + [step + line for line in body]
    else:
        lines = ["type: VirtualOutbound", "mesh: default", "name: web", *body]
    if stale_suppression:
        lines.insert(2, "# vocheck: ignore[VO404] kept from an old finding")
    if second_document:
        lines = ["type: Mesh", "name: default  # the mesh", "---", *lines]
    newline = "\r\n" if crlf else "\n"
    return newline.join(lines) + newline


POLICIES = st.builds(_policy, *[st.booleans()] * 11, st.sampled_from([2, 4]), st.booleans(), st.booleans())


def _plan() -> Callable[[], Any]:
    def fresh() -> Any:
        configs = Configs(None, True, {})
        return check_plan(plugin_manager(load_installed=False), configs, configs.for_path(Path(".")))

    return fresh


@fuzz(120)
@given(text=POLICIES)
def test_fixing_never_breaks_the_yaml_and_is_idempotent(text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    directory = tmp_path_factory.mktemp("fix")
    path = directory / "policy.yaml"
    path.write_bytes(text.encode())
    first = fix_run([str(path)], _plan(), None, unsafe=True)
    fixed = first.files[0].after if first.files else text
    _, problems = read_documents(str(path), fixed)
    assert problems == [], f"the fixed text does not parse:\n{fixed}"
    # A fix may be put back (it would add an error): the check is then that what was kept parses.
    if "\r\n" in text:
        assert fixed.count("\n") == fixed.count("\r\n"), "a fix wrote a bare line feed into a CRLF file"
    path.write_bytes(fixed.encode())
    second = fix_run([str(path)], _plan(), None, unsafe=True)
    assert second.files == (), f"a second run changed the fixed text:\n{fixed}"
    # What the fixes were for is gone: no fixable finding is left behind but the ones put back.
    left = [item.code for item in second.report.diagnostics if item.fix is not None]
    assert len(left) == len(second.reverted), (left, second.reverted)


def _dumped(policy: dict[str, Any], flow: bool, indent: int, typo: int, duplicate: int) -> str:
    """A generated policy as YAML, with one key misspelt and one line given twice."""
    import yaml

    text = yaml.safe_dump(policy, default_flow_style=flow, indent=indent, allow_unicode=True, sort_keys=False, width=60)
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if number == typo % max(len(lines), 1) and ":" in line:
            lines[number] = line.replace("selectors:", "selector:").replace("tagKey", "tagkey").replace("port:", "Port:")
    if lines and not flow:
        lines.insert(duplicate % len(lines), lines[duplicate % len(lines)])
    return "".join(lines)


ANY_POLICIES = st.builds(
    _dumped, policies(), st.booleans(), st.sampled_from([2, 4]), st.integers(0, 40), st.integers(0, 40)
)


@fuzz(80)
@given(text=ANY_POLICIES)
def test_fixing_any_generated_policy_keeps_it_parsable_and_settles(
    text: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    directory = tmp_path_factory.mktemp("anyfix")
    path = directory / "policy.yaml"
    path.write_bytes(text.encode())
    _, before = read_documents(str(path), text)
    first = fix_run([str(path)], _plan(), None, unsafe=True)
    fixed = first.files[0].after if first.files else text
    _, problems = read_documents(str(path), fixed)
    # A fix never breaks YAML that parsed; a file that did not parse is not made worse either.
    assert len(problems) <= len(before), f"the fixed text does not parse:\n{fixed}"
    path.write_bytes(fixed.encode())
    second = fix_run([str(path)], _plan(), None, unsafe=True)
    assert second.files == (), f"a second run changed the fixed text:\n{fixed}"
