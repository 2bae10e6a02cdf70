"""argparse's help formatters, sized to the terminal without importing ``shutil``.

argparse makes a formatter for every option it defines (to check its metavar), and each one
asks ``shutil.get_terminal_size`` for the width: that import (with ``bz2``, ``lzma`` and ``zlib``)
was a few per cent of a one-file ``vocheck check``, which never prints its help. The width is
worked out the way ``shutil`` works it out, so help reads the same.
"""

from __future__ import annotations

import argparse
import os
import sys


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: ``COLUMNS``, else the terminal of standard output, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class HelpFormatter(argparse.HelpFormatter):
    """argparse's default formatter."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, terminal_columns() - 2 if width is None else width)


class RawDescriptionHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter that keeps the description's and epilog's lines as written."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, terminal_columns() - 2 if width is None else width)
