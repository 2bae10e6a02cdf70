"""The command line: argv in, exit code out; the only package that prints."""

from vocheck.cli.commands import console, main

__all__ = ["console", "main"]
