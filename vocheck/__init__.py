"""vocheck: check Kuma VirtualOutbound policies before they go live.

This module is the plugin author's API and nothing else. Its names load on first
use: ``import vocheck`` alone costs nothing, and whoever imports the command line
imports what it needs in one go (see vocheck/cli/__init__.py).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing's own flag, without importing typing: ``import vocheck`` costs nothing
if TYPE_CHECKING:
    from typing import Any

    from vocheck.checks import Check, check
    from vocheck.context import Context, ResourceSet
    from vocheck.fixes.textedits import TextEdits
    from vocheck.hookspecs import hookimpl
    from vocheck.kuma.specs import JsonPath
    from vocheck.model import DuplicateKey, Edit, Finding, Fix, KumaMessage, Related, Resource, Severity, Span
    from vocheck.settings import KumaSettings, Settings

__version__ = "0.1.0"

# Each public name and the module that defines it.
_HOMES = {
    "Check": "vocheck.checks",
    "check": "vocheck.checks",
    "Context": "vocheck.context",
    "ResourceSet": "vocheck.context",
    "TextEdits": "vocheck.fixes.textedits",
    "hookimpl": "vocheck.hookspecs",
    "JsonPath": "vocheck.kuma.specs",
    "DuplicateKey": "vocheck.model",
    "Edit": "vocheck.model",
    "Finding": "vocheck.model",
    "Fix": "vocheck.model",
    "KumaMessage": "vocheck.model",
    "Related": "vocheck.model",
    "Resource": "vocheck.model",
    "Severity": "vocheck.model",
    "Span": "vocheck.model",
    "KumaSettings": "vocheck.settings",
    "Settings": "vocheck.settings",
}


if not TYPE_CHECKING:  # type checkers read the imports above instead: a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        from vocheck._perf.lazy import served

        return served(__name__, globals(), name, _HOMES)


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


__all__ = [
    "Check",
    "Context",
    "DuplicateKey",
    "Edit",
    "Finding",
    "Fix",
    "JsonPath",
    "KumaSettings",
    "KumaMessage",
    "Related",
    "Resource",
    "ResourceSet",
    "Settings",
    "Severity",
    "Span",
    "TextEdits",
    "__version__",
    "check",
    "hookimpl",
]
