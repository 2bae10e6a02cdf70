"""The command line: argv in, exit code out; the only package that prints."""

from __future__ import annotations

import gc

TYPE_CHECKING = False  # typing's own flag, without importing typing before the collector is off
if TYPE_CHECKING:
    from typing import Any, NoReturn

    from vocheck.cli.commands import main


def console() -> NoReturn:
    """The ``vocheck`` command, as the console script starts it: see ``vocheck.cli.commands.console``.

    Importing the command line makes tens of thousands of objects that live as long
    as the process. The cyclic collector, running while they pile up and again after,
    would walk them over and over for nothing (3% of a one-file check): here, where the
    process is vocheck's own, they are made with the collector off, then frozen out of
    its sight.
    """
    collecting = gc.isenabled()
    gc.disable()
    from vocheck.cli.commands import console as run

    gc.freeze()
    if collecting:
        gc.enable()
    run()


if not TYPE_CHECKING:  # type checkers read the import above instead: a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        from vocheck._perf.lazy import served

        # ``main`` and the submodules on first use: ``import vocheck.cli`` alone stays cheap.
        return served(__name__, globals(), name, {"main": "vocheck.cli.commands"})


__all__ = ["console", "main"]
