"""Where the command line's text goes: reports to standard output or a file, colour only on a terminal."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from vocheck import __version__
from vocheck.config import Config
from vocheck.errors import UsageError
from vocheck.formats.contract import FormatOptions


# Where reports go: standard output as it was when the command started. While a command
# runs, ``sys.stdout`` points at standard error (see ``reports_alone_on_stdout``).
_REPORTS: list[TextIO | None] = []


@contextlib.contextmanager
def reports_alone_on_stdout() -> Iterator[None]:
    """Run a command with standard output kept for what it reports.

    Anything else printed meanwhile, above all a print() left in a plugin's check,
    hook or formatter, goes to standard error: on standard output it would land
    inside a JSON, SARIF or JUnit report and break whatever reads it.
    """
    _REPORTS.append(sys.stdout)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        _REPORTS.pop()


def standard_output() -> TextIO | None:
    """Where a report goes: standard output, also while a command runs."""
    return _REPORTS[-1] if _REPORTS else sys.stdout


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def format_options(options: argparse.Namespace, target: str | None, config: Config) -> FormatOptions:
    return FormatOptions(
        color=target is None and use_color(),
        statistics=options.statistics,
        tool_version=__version__,
        fail_on=config.fail_on,
    )


def use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":  # a terminal that shows escape codes as text
        return False
    output = standard_output()
    return output is not None and output.isatty()


def write_text(text: str, target: str | None, quiet: bool = False) -> None:
    if quiet:
        text = "\n".join(text.split("\n")[:-1])
    if target is None:
        if standard_output() is None:
            raise UsageError("standard output is closed; name a file with --output")
        if text:
            print_report(text)
        return
    try:
        # A file name that is not UTF-8 is written as the bytes it has on disk.
        Path(target).write_text(text + "\n", encoding="utf-8", errors="surrogateescape")
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror or error}") from error


def print_report(text: str) -> None:
    """Print to standard output and flush, so a full disk is reported, not lost at exit."""
    output = standard_output()
    if output is None:
        return
    try:
        try:
            print(text, file=output)
        except UnicodeEncodeError:
            # A strict standard output cannot take a file name that is not UTF-8: write its bytes.
            output.flush()
            encoding = output.encoding or "utf-8"
            output.buffer.write((text + "\n").encode(encoding, "surrogateescape"))
        output.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise UsageError(f"cannot write to standard output: {error.strerror or error}") from error


def discard_standard_output() -> None:
    """Point standard output at the null device, so the flush at exit does not fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # no descriptor behind it (captured, closed)
        pass
