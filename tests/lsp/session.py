"""The language server driven over stdio by pytest-lsp's client, as an editor drives it: the fixture and helpers."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "vocheck", "lsp"]))
async def client(lsp_client: LanguageClient) -> AsyncIterator[LanguageClient]:
    yield lsp_client
    await lsp_client.shutdown_session()


def uri(path: Path) -> str:
    found = from_fs_path(str(path))
    assert found is not None
    return found


async def start(
    client: LanguageClient,
    root: Path,
    options: dict[str, Any] | None = None,
    capabilities: types.ClientCapabilities | None = None,
) -> types.InitializeResult:
    """Initialise the server on ``root`` as an editor opening that folder would."""
    params = types.InitializeParams(
        capabilities=capabilities or types.ClientCapabilities(),
        workspace_folders=[types.WorkspaceFolder(uri(root), root.name)],
        initialization_options={"debounceMs": 50, **(options or {})},
    )
    return await client.initialize_session(params)


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def open_document(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri(path), "yaml", version, path.read_text(encoding="utf-8") if text is None else text)
        )
    )


def change_document(client: LanguageClient, path: Path, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version, uri(path)),
            [types.TextDocumentContentChangeWholeDocument(text)],
        )
    )


async def diagnostics_until(client: LanguageClient, path: Path, predicate: Any, timeout: float = 10.0) -> list[types.Diagnostic]:
    """Wait for published diagnostics of ``path`` that satisfy ``predicate``; fail after ``timeout``."""
    import asyncio

    target = uri(path)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = client.diagnostics.get(target)
        if found is not None and predicate(found):
            return found
        left = deadline - loop.time()
        if left <= 0:
            raise AssertionError(f"no matching diagnostics for {path.name}; last: {found}")
        try:
            await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), left)
        except asyncio.TimeoutError:
            pass


def codes(found: list[types.Diagnostic]) -> list[tuple[str, int]]:
    """(code, 1-based line) of each diagnostic, sorted."""
    return sorted((str(item.code), item.range.start.line + 1) for item in found)
