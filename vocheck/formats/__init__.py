"""vocheck's own output formats, registered like any plugin's.

The CI formats import their modules (XML, hashing) only when chosen, so a
plain ``text`` run in an editor or a pre-commit hook does not pay for them;
nor does it load the ``json`` format's module.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from vocheck.formats.text import to_text
from vocheck.hookspecs import hookimpl

if TYPE_CHECKING:
    from vocheck.formats.contract import FormatOptions, Formatter
    from vocheck.model import Report

_ON_DEMAND = {
    "json": ("vocheck.formats.json_format", "to_json"),
    "sarif": ("vocheck.formats.sarif", "to_sarif"),
    "junit": ("vocheck.formats.junit", "to_junit"),
    "github": ("vocheck.formats.github", "to_github"),
    "gitlab": ("vocheck.formats.gitlab", "to_gitlab"),
    "rdjson": ("vocheck.formats.rdjson", "to_rdjson"),
}


def _on_demand(module: str, function: str) -> Formatter:
    def render(report: Report, options: FormatOptions) -> str:
        formatter: Formatter = getattr(importlib.import_module(module), function)
        return formatter(report, options)

    render.__name__ = function
    return render


@hookimpl
def vocheck_formatters() -> dict[str, Formatter]:
    formatters: dict[str, Formatter] = {"text": to_text}
    formatters.update({name: _on_demand(*where) for name, where in _ON_DEMAND.items()})
    return formatters
