"""Package attributes served on first use (PEP 562): a package whose import must cost nothing.

``vocheck`` and ``vocheck.cli`` import nothing when imported; their names are
imported from the modules that define them when first read, and so are their
submodules (``vocheck.model`` after a bare ``import vocheck``), as they were when
the packages imported everything up front.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any


def served(package: str, namespace: dict[str, Any], name: str, homes: Mapping[str, str]) -> Any:
    """``package``'s attribute ``name``: from its home module in ``homes``, else the submodule of that name."""
    home = homes.get(name)
    if home is not None:
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value  # the next lookup is a plain attribute
        return value
    if not name.startswith("__"):  # what copy, pickle and inspect probe for is never a submodule
        try:
            return importlib.import_module(f"{package}.{name}")  # the import system also sets it as an attribute
        except ModuleNotFoundError as error:
            if error.name != f"{package}.{name}":
                raise  # the submodule exists and failed: its own error
    raise AttributeError(f"module {package!r} has no attribute {name!r}")
