"""Where the command line's text goes: reports to standard output or a file, colour only on a terminal."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from vocheck import __version__
from vocheck.config import Config
from vocheck.errors import UsageError
from vocheck.formats.contract import FormatOptions


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
    return sys.stdout is not None and sys.stdout.isatty()


def write_text(text: str, target: str | None, quiet: bool = False) -> None:
    if quiet:
        text = "\n".join(text.split("\n")[:-1])
    if target is None:
        if sys.stdout is None:
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
    try:
        try:
            print(text)
        except UnicodeEncodeError:
            # A strict standard output cannot take a file name that is not UTF-8: write its bytes.
            sys.stdout.flush()
            encoding = sys.stdout.encoding or "utf-8"
            sys.stdout.buffer.write((text + "\n").encode(encoding, "surrogateescape"))
        sys.stdout.flush()
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
