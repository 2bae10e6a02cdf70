"""Diagnostics the server pushes: on open, on change, across files, on save only."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import change_document, codes, diagnostics_until, open_document, start, uri, write

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
