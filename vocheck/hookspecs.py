# mypy: disable-error-code="empty-body"
"""The hooks vocheck calls: this module is the whole plugin contract.

Plugins implement any of these with ``@vocheck.hookimpl``. An
implementation may accept fewer arguments than its specification, so
hooks can gain arguments later without breaking plugins. Every hook is
called once per run and its results from all plugins are combined.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from vocheck.formats.contract import Formatter
    from vocheck.checks import Check

hookspec = pluggy.HookspecMarker("vocheck")
hookimpl = pluggy.HookimplMarker("vocheck")


@hookspec
def vocheck_checks() -> Iterable[Check]:
    """Return the checks this plugin provides.

    Called once per run, before any file is read. Two checks with the same
    code, from any plugins, stop the run with an error.
    """


@hookspec
def vocheck_formatters() -> Mapping[str, Formatter]:
    """Return output formats by name, for example ``{"sarif": to_sarif}``.

    Called once per run. The mappings of all plugins are merged; for a name
    given twice, the plugin registered last wins.
    """


@hookspec
def vocheck_schemas() -> Mapping[str, Mapping[str, Any]]:
    """Return JSON Schemas by ``"<kind>/<form>"``, for example ``"Mesh/universal"``.

    Called once per run. A resource of that kind and form is checked against
    every schema given for it before any check sees it.
    """
