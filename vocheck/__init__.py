"""vocheck: check Kuma VirtualOutbound policies before they go live.

This module is the plugin author's API and nothing else.
"""

from __future__ import annotations

from vocheck.context import Context, ResourceSet, Settings
from vocheck.hookspecs import hookimpl
from vocheck.kuma.specs import JsonPath
from vocheck.model import Check, Finding, KumaMessage, Related, Resource, Severity, check

__version__ = "0.1.0"

__all__ = [
    "Check",
    "Context",
    "Finding",
    "JsonPath",
    "KumaMessage",
    "Related",
    "Resource",
    "ResourceSet",
    "Settings",
    "Severity",
    "__version__",
    "check",
    "hookimpl",
]
