"""Quick fixes, fix-all and the ignore comment, as code actions an editor applies."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.session import diagnostics_until, open_document, start, uri, write

# VO102 (port given twice: a safe fix drops the earlier one) and VO303 (an unsafe fix adds tagKey).
POLICY = """\
type: VirtualOutbound
mesh: default
name: backend
selectors:
  - match:
      kuma.io/service: "*"
conf:
  port: "80"
  host: "{{.service}}.mesh"
  port: "8080"
  parameters:
    - name: service
      tagKey: kuma.io/service
    - name: version
"""

WITHOUT_FIRST_PORT = POLICY.replace('  port: "80"\n', "", 1)


def applied(text: str, edits: list[types.TextEdit]) -> str:
    """``text`` with ``edits`` applied as an editor would (ASCII text: characters are code units)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position: types.Position) -> int:
        return starts[min(position.line, len(lines))] + position.character

    for edit in sorted(edits, key=lambda edit: offset(edit.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


async def actions_at(client: LanguageClient, path: Path, line: int, only: list[str] | None = None) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri(path)),
            types.Range(types.Position(line, 0), types.Position(line, 80)),
            types.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return [item for item in found or [] if isinstance(item, types.CodeAction)]


def edits_of(action: types.CodeAction, path: Path) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    return list(action.edit.changes[uri(path)])


@pytest.mark.asyncio
async def test_a_safe_quick_fix_is_labelled_and_does_what_fix_does(client: LanguageClient, tmp_path: Path) -> None:
    policy = write(tmp_path, "backend.yaml", POLICY)
    await start(client, tmp_path)
    open_document(client, policy)
    await diagnostics_until(client, policy, lambda items: "VO102" in {item.code for item in items})
    actions = await actions_at(client, policy, 9)
    (fix,) = [action for action in actions if action.kind == types.CodeActionKind.QuickFix and "VO102, safe fix" in action.title]
    assert fix.is_preferred
    assert fix.diagnostics and fix.diagnostics[0].code == "VO102"
    assert applied(POLICY, edits_of(fix, policy)) == WITHOUT_FIRST_PORT


@pytest.mark.asyncio
async def test_an_unsafe_quick_fix_says_so_and_fix_all_leaves_it(client: LanguageClient, tmp_path: Path) -> None:
    text = POLICY.replace("      tagKey: kuma.io/service\n", "")
    policy = write(tmp_path, "backend.yaml", text)
    await start(client, tmp_path)
    open_document(client, policy)
    await diagnostics_until(client, policy, lambda items: "VO303" in {item.code for item in items})
    actions = await actions_at(client, policy, 11)
    (fix,) = [action for action in actions if "VO303" in action.title and action.edit is not None and "Ignore" not in action.title]
    assert fix.title == "add tagKey: kuma.io/service (VO303, unsafe fix)"
    assert not fix.is_preferred
    assert "tagKey: kuma.io/service" in applied(text, edits_of(fix, policy))
    (fix_all,) = await actions_at(client, policy, 0, ["source.fixAll"])
    assert "tagKey" not in applied(text, edits_of(fix_all, policy))


@pytest.mark.asyncio
async def test_fix_all_applies_every_safe_fix_and_no_unsafe_one(client: LanguageClient, tmp_path: Path) -> None:
    policy = write(tmp_path, "backend.yaml", POLICY)
    await start(client, tmp_path)
    open_document(client, policy)
    await diagnostics_until(client, policy, lambda items: "VO102" in {item.code for item in items})
    (fix_all,) = await actions_at(client, policy, 0, ["source.fixAll.vocheck"])
    assert fix_all.kind == "source.fixAll.vocheck"
    assert applied(POLICY, edits_of(fix_all, policy)) == WITHOUT_FIRST_PORT
    assert policy.read_text(encoding="utf-8") == POLICY  # the editor applies edits, the server writes nothing


@pytest.mark.asyncio
async def test_the_ignore_comment_goes_on_the_line_above_and_silences_the_finding(client: LanguageClient, tmp_path: Path) -> None:
    policy = write(tmp_path, "backend.yaml", POLICY)
    await start(client, tmp_path)
    open_document(client, policy)
    await diagnostics_until(client, policy, lambda items: "VO102" in {item.code for item in items})
    actions = await actions_at(client, policy, 9)
    (ignore,) = [action for action in actions if action.title.startswith("Ignore VO102")]
    text = applied(POLICY, edits_of(ignore, policy))
    assert text.splitlines()[9:11] == ["  # vocheck: ignore[VO102]", '  port: "8080"']
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(2, uri(policy)), [types.TextDocumentContentChangeWholeDocument(text)]
        )
    )
    await diagnostics_until(client, policy, lambda items: "VO102" not in {item.code for item in items})


@pytest.mark.asyncio
async def test_a_client_that_resolves_gets_the_fix_all_edit_only_when_it_asks(client: LanguageClient, tmp_path: Path) -> None:
    policy = write(tmp_path, "backend.yaml", POLICY)
    capabilities = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            code_action=types.CodeActionClientCapabilities(
                resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"])
            )
        )
    )
    await start(client, tmp_path, capabilities=capabilities)
    open_document(client, policy)
    await diagnostics_until(client, policy, lambda items: "VO102" in {item.code for item in items})
    (fix_all,) = await actions_at(client, policy, 0, ["source.fixAll"])
    assert fix_all.edit is None
    resolved = await client.code_action_resolve_async(fix_all)
    assert applied(POLICY, edits_of(resolved, policy)) == WITHOUT_FIRST_PORT
