"""The errors that stop a run; each message is ready to show to the user."""

from __future__ import annotations

import re

# Letters typed for the digits they look like, in the digit part of a check code.
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


class VocheckError(Exception):
    """vocheck could not run as asked."""


class ConfigError(VocheckError):
    """A configuration file or option is invalid."""


class PluginError(VocheckError):
    """A plugin could not be loaded or contributed something invalid."""


class UsageError(VocheckError):
    """The command line asks for something vocheck cannot do."""


def normalised_code(code: str) -> str:
    """A mistyped check code as the code it most likely means, for a did-you-mean.

    No separators, upper case, and digits for look-alike letters after the
    code's letters: ``vo-101`` becomes ``VO101`` and ``VO2O1`` (a letter O
    for a zero) ``VO201``.
    """
    cleaned = re.sub(r"[^0-9A-Za-z]", "", code).upper()
    letters = cleaned[: len(cleaned) - len(cleaned.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))]
    return letters + cleaned[len(letters) :].translate(_LOOK_ALIKES)
