"""Diagnostics the server pushes: on open, on change, across files, on save only."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.session import change_document, codes, diagnostics_until, open_document, start, uri, write

POLICY = """\
type: VirtualOutbound
mesh: default
name: web
selectors:
  - match:
      kuma.io/service: web
conf:
  host: "{{.service}}.mesh"
  port: "80"
  parameters:
    - name: service
"""

VALID = POLICY + "      tagKey: kuma.io/service\n"

DATAPLANE = """\
type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound:
    - port: 8080
      tags:
        kuma.io/service: web
"""


@pytest.mark.asyncio
async def test_diagnostics_on_open_carry_code_link_source_and_exact_range(client: LanguageClient, tmp_path: Path) -> None:
    policy = write(tmp_path, "web.yaml", POLICY)
    write(tmp_path, "dp.yaml", DATAPLANE)
    await start(client, tmp_path)
    open_document(client, policy)
    found = await diagnostics_until(client, policy, lambda items: any(item.code == "VO303" for item in items))
    (vo303,) = [item for item in found if item.code == "VO303"]
    assert vo303.source == "vocheck"
    assert vo303.severity == types.DiagnosticSeverity.Warning
    assert vo303.code_description is not None and vo303.code_description.href.startswith("https://")
    # Where `vocheck check` puts it, 11:13 (1-based), is line 10, character 12 in LSP terms.
    assert (vo303.range.start.line, vo303.range.start.character) == (10, 12)


@pytest.mark.asyncio
async def test_a_change_is_checked_before_it_is_saved(client: LanguageClient, tmp_path: Path) -> None:
    policy = write(tmp_path, "web.yaml", POLICY)
    await start(client, tmp_path)
    open_document(client, policy)
    await diagnostics_until(client, policy, lambda items: "VO303" in {item.code for item in items})
    change_document(client, policy, VALID.replace("selectors:", "selectorz:"), 2)
    found = await diagnostics_until(client, policy, lambda items: "VO101" in {item.code for item in items})
    assert "VO303" not in {item.code for item in found}
    assert ("VO101", 4) in codes(found)
    assert policy.read_text(encoding="utf-8") == POLICY  # the server never writes


@pytest.mark.asyncio
async def test_a_duplicate_in_another_file_is_reported_with_related_information(client: LanguageClient, tmp_path: Path) -> None:
    first = write(tmp_path, "a/web.yaml", VALID)
    second = write(tmp_path, "b/web.yaml", VALID)
    await start(client, tmp_path)
    open_document(client, second)
    # As `vocheck check` says it: the second of the two, pointing at the first.
    found = await diagnostics_until(client, second, lambda items: "VO403" in {item.code for item in items})
    (duplicate,) = [item for item in found if item.code == "VO403"]
    assert duplicate.range.start.line == 2
    assert duplicate.related_information
    assert [(place.location.uri, place.location.range.start.line) for place in duplicate.related_information] == [(uri(first), 2)]
    # Renaming the first copy in its unsaved buffer clears the finding in the other open document.
    open_document(client, first)
    change_document(client, first, VALID.replace("name: web", "name: web-2"), 2)
    await diagnostics_until(client, second, lambda items: "VO403" not in {item.code for item in items})


@pytest.mark.asyncio
async def test_on_save_mode_checks_only_what_is_saved(client: LanguageClient, tmp_path: Path) -> None:
    policy = write(tmp_path, "web.yaml", POLICY)
    await start(client, tmp_path, {"run": "onSave"})
    open_document(client, policy)
    await diagnostics_until(client, policy, lambda items: "VO303" in {item.code for item in items})
    broken = POLICY.replace("selectors:", "selectorz:")
    change_document(client, policy, broken, 2)
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri(policy))))
    found = await diagnostics_until(client, policy, lambda items: "VO101" in {item.code for item in items})
    assert ("VO101", 4) in codes(found)


@pytest.mark.asyncio
async def test_a_client_that_pulls_gets_every_finding_when_it_asks(client: LanguageClient, tmp_path: Path) -> None:
    policy = write(tmp_path, "web.yaml", POLICY)
    capabilities = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(diagnostic=types.DiagnosticClientCapabilities()),
        workspace=types.WorkspaceClientCapabilities(diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)),
    )
    result = await start(client, tmp_path, capabilities=capabilities)
    assert result.capabilities.diagnostic_provider is not None
    open_document(client, policy)
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri(policy))))
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport | types.FullDocumentDiagnosticReport)
    assert {"VO201", "VO303", "VO402"} <= {str(item.code) for item in report.items}
    assert uri(policy) not in client.diagnostics  # pulled, not pushed as well


@pytest.mark.asyncio
async def test_a_client_that_pulls_but_cannot_be_asked_to_pull_again_gets_them_pushed(client: LanguageClient, tmp_path: Path) -> None:
    # Neovim 0.10 and 0.11: pull capable, no refresh support. Pulling alone would never show a
    # whole-set finding in a file the user is not typing in.
    policy = write(tmp_path, "web.yaml", POLICY)
    capabilities = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(diagnostic=types.DiagnosticClientCapabilities())
    )
    result = await start(client, tmp_path, capabilities=capabilities)
    assert result.capabilities.diagnostic_provider is None
    open_document(client, policy)
    found = await diagnostics_until(client, policy, lambda items: "VO402" in {item.code for item in items})
    assert {"VO201", "VO303", "VO402"} <= {str(item.code) for item in found}


@pytest.mark.asyncio
async def test_a_file_created_on_disk_is_taken_in_from_the_watched_files_event(client: LanguageClient, tmp_path: Path) -> None:
    first = write(tmp_path, "a/web.yaml", VALID)
    await start(client, tmp_path)
    open_document(client, first)
    await diagnostics_until(client, first, lambda items: "VO402" in {item.code for item in items})
    # A copy made outside the editor (a checkout, a generator) sorts first: the finding is on this file.
    other = write(tmp_path, "0/web.yaml", VALID)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(uri(other), types.FileChangeType.Created)])
    )
    await diagnostics_until(client, first, lambda items: "VO403" in {item.code for item in items})
    other.unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(uri(other), types.FileChangeType.Deleted)])
    )
    await diagnostics_until(client, first, lambda items: "VO403" not in {item.code for item in items})
