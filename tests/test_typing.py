"""The package and the built-in plugins pass ``mypy --strict``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "vocheck", "plugins/vocheck_builtin"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


MISSPELT = """\
from vocheck import Findng
from vocheck.cli import mian
import vocheck

severity = vocheck.Severty.ERROR
"""


def test_a_plugin_misspelling_an_api_name_fails_type_checking(tmp_path: Path) -> None:
    """The API's names load on first use at run time; type checkers still see exactly which exist."""
    plugin = tmp_path / "misspelt_plugin.py"
    plugin.write_text(MISSPELT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(plugin)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(ROOT)},
    )
    assert 'Module "vocheck" has no attribute "Findng"' in result.stdout, result.stdout
    assert 'Module "vocheck.cli" has no attribute "mian"' in result.stdout, result.stdout
    assert 'has no attribute "Severty"' in result.stdout, result.stdout
