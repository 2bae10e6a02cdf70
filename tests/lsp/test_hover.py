"""Hovers and code lenses: documentation, rendered hostnames, selector matches; a crashing plugin."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.session import diagnostics_until, open_document, start, uri, write

POLICY = """\
type: VirtualOutbound
mesh: default
name: instances
selectors:
  - match:
      kuma.io/service: web
conf:
  host: "{{.instance}}.{{.service}}.mesh"
  port: "{{.port}}"
  parameters:
    - name: service
      tagKey: kuma.io/service
    - name: instance
      tagKey: kuma.io/instance
    - name: port
"""

DATAPLANES = """\
type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound:
    - port: 8080
      tags:
        kuma.io/service: web
        kuma.io/instance: one
        port: "8080"
---
type: Dataplane
mesh: default
name: web-2
networking:
  address: 10.0.0.2
  inbound:
    - port: 8080
      tags:
        kuma.io/service: web
        kuma.io/instance: two
---
type: Dataplane
mesh: default
name: db-1
networking:
  address: 10.0.0.3
  inbound:
    - port: 5432
      tags:
        kuma.io/service: db
"""


async def hover(client: LanguageClient, path: Path, line: int, character: int) -> str:
    found = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri(path)), types.Position(line, character))
    )
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    assert found.contents.kind == types.MarkupKind.Markdown
    return found.contents.value


async def opened(client: LanguageClient, tmp_path: Path) -> Path:
    policy = write(tmp_path, "policy.yaml", POLICY)
    write(tmp_path, "dataplanes.yaml", DATAPLANES)
    await start(client, tmp_path)
    open_document(client, policy)
    # Whole-set findings too (VO402 is one): the workspace is fully checked.
    await diagnostics_until(client, policy, lambda items: "VO402" in {item.code for item in items})
    return policy


@pytest.mark.asyncio
async def test_hover_on_the_host_shows_the_hostname_of_each_matching_inbound_or_why_it_fails(client: LanguageClient, tmp_path: Path) -> None:
    policy = await opened(client, tmp_path)
    text = await hover(client, policy, 7, 10)  # inside conf.host
    assert "2 matching inbounds" in text
    assert "| `one.web.mesh` | 8080 | Dataplane `web-1` inbound[0]" in text
    # web-2 has no `port` tag: the port template renders "<no value>", which Kuma cannot parse.
    assert "Dataplane `web-2` inbound[0]" in text and "fails" in text
    assert "db-1" not in text


@pytest.mark.asyncio
async def test_hover_on_a_selector_counts_the_inbounds_it_matches(client: LanguageClient, tmp_path: Path) -> None:
    policy = await opened(client, tmp_path)
    text = await hover(client, policy, 5, 10)  # kuma.io/service: web
    assert "matches 2 inbounds" in text
    assert "Dataplane `web-1` inbound[0]" in text and "Dataplane `web-2` inbound[0]" in text


@pytest.mark.asyncio
async def test_hover_on_a_finding_shows_the_documentation_of_its_check(client: LanguageClient, tmp_path: Path) -> None:
    policy = await opened(client, tmp_path)
    found = client.diagnostics[uri(policy)]
    (unused,) = [item for item in found if item.code == "VO402"]
    text = await hover(client, policy, unused.range.start.line, unused.range.start.character)
    assert text.startswith("**VO402** `deprecated-virtual-outbound`")
    assert "## Why is this bad?" in text


@pytest.mark.asyncio
async def test_the_code_lens_counts_hostnames_and_inbounds_and_opens_the_preview(client: LanguageClient, tmp_path: Path) -> None:
    policy = await opened(client, tmp_path)
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(types.TextDocumentIdentifier(uri(policy))))
    assert lenses is not None
    (lens,) = lenses
    assert lens.command is not None
    assert lens.command.title == "generates 1 hostname · 2 inbounds · fails for 1"
    preview = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(lens.command.command, lens.command.arguments)
    )
    assert "### mesh `default`" in preview and "one.web.mesh" in preview


@pytest.mark.asyncio
async def test_an_inlay_hint_after_the_host_shows_the_first_hostname_and_the_failures(client: LanguageClient, tmp_path: Path) -> None:
    policy = await opened(client, tmp_path)
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(types.TextDocumentIdentifier(uri(policy)), types.Range(types.Position(0, 0), types.Position(20, 0)))
    )
    assert hints is not None
    (hint,) = hints
    assert hint.label == "→ one.web.mesh · fails for 1 inbound"
    assert hint.position == types.Position(7, len('  host: "{{.instance}}.{{.service}}.mesh"'))


@pytest.mark.asyncio
async def test_a_crashing_plugin_is_a_finding_and_the_server_keeps_serving(client: LanguageClient, tmp_path: Path) -> None:
    write(tmp_path, ".vocheck.toml", 'plugins = ["crash.py"]\n')
    write(
        tmp_path,
        "crash.py",
        "from vocheck import check, hookimpl\n\n"
        "@check('X001', 'always-crashes', kinds=('VirtualOutbound',))\n"
        "def always_crashes(resource, context):\n"
        '    """Crashes."""\n'
        "    raise RuntimeError('boom')\n    yield\n\n"
        "@hookimpl\ndef vocheck_checks():\n    return [always_crashes]\n",
    )
    policy = write(tmp_path, "policy.yaml", POLICY)
    await start(client, tmp_path)
    open_document(client, policy)
    found = await diagnostics_until(client, policy, lambda items: "VO003" in {item.code for item in items})
    (crash,) = [item for item in found if item.code == "VO003"]
    assert "X001" in crash.message and "boom" in crash.message
    text = await hover(client, policy, 7, 10)
    assert "conf.host" in text
