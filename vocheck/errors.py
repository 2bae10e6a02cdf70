"""The errors that stop a run; each message is ready to show to the user."""

from __future__ import annotations


class VocheckError(Exception):
    """vocheck could not run as asked."""


class ConfigError(VocheckError):
    """A configuration file or option is invalid."""


class PluginError(VocheckError):
    """A plugin could not be loaded or contributed something invalid."""


class UsageError(VocheckError):
    """The command line asks for something vocheck cannot do."""
