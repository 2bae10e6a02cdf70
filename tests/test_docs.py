"""Documentation cannot fall behind the code: checks, hooks and config keys."""

from __future__ import annotations

import inspect
import re

import pytest

from tests.conftest import ROOT
from vocheck import hookspecs
from vocheck.config import _KEYS
from vocheck.checks import Check
from vocheck.host import collect_checks, plugin_manager

CHECKS = collect_checks(plugin_manager(load_installed=False))
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.code)
def test_every_check_documents_itself(check: Check) -> None:
    doc = check.doc
    summary, _, body = doc.partition("\n")
    assert summary.strip().endswith("."), "the summary is one sentence on the first line"
    if summary.startswith("Retired: "):
        # A retired check keeps its code and says why it reports nothing.
        assert "## Why it is retired" in body and "## Example" in body
        return
    assert "## Why is this bad?" in body
    assert "## Example" in body
    example = body.split("## Example", 1)[1]
    assert "Use instead" in example, "the example shows the bad case, then a fix"
    assert body.index("## Why is this bad?") < body.index("## Example")


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.code)
def test_every_check_is_in_the_readme(check: Check) -> None:
    assert re.search(rf"\b{check.code}\b", README), f"{check.code} is missing from the README's check list"


@pytest.mark.parametrize(
    "name", [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("vocheck_")]
)
def test_every_hook_is_documented(name: str) -> None:
    function = getattr(hookspecs, name)
    assert inspect.getdoc(function)
    assert name in README


@pytest.mark.parametrize("key", sorted(_KEYS))
def test_every_config_key_is_in_the_readme(key: str) -> None:
    assert f"`{key}`" in README
