"""Exit codes, and the objects a command built, kept until the process ends."""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a process that SIGPIPE ended

# Set by ``console``: what a command built stays referenced until the process
# ends, so that neither returning from the command nor exiting frees it object by object.
_kept_until_exit: list[object] | None = None


def keep_until_exit() -> None:
    """From now on, ``keep`` holds what it is given until the process ends."""
    global _kept_until_exit
    _kept_until_exit = []


def keep(*built: object) -> None:
    if _kept_until_exit is not None:
        _kept_until_exit.extend(built)
