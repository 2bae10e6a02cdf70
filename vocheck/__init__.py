"""vocheck: check Kuma VirtualOutbound policies before they go live.

This module is the plugin author's API and nothing else.
"""

from __future__ import annotations

from vocheck.context import Context, ResourceSet
from vocheck.settings import KumaSettings, Settings
from vocheck.hookspecs import hookimpl
from vocheck.kuma.specs import JsonPath
from vocheck.model import DuplicateKey, Edit, Finding, Fix, KumaMessage, Related, Resource, Severity, Span
from vocheck.fixes.textedits import TextEdits
from vocheck.checks import Check, check

__version__ = "0.1.0"

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
