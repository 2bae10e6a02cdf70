"""The end-to-end tests of `vocheck lsp` need pytest-lsp (in the test extra); without it they are not collected."""

from __future__ import annotations

# Only this directory's pytest-lsp suites: other tests here (headless Neovim) need less.
PYTEST_LSP_SUITES = ["test_actions.py", "test_diagnostics.py", "test_fix_parity.py", "test_hover.py", "test_parity.py", "test_protocol.py"]

try:
    from tests.lsp.session import client  # noqa: F401  (the fixture every suite uses)
except ImportError:
    collect_ignore = PYTEST_LSP_SUITES
