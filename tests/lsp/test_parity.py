"""The server reports what `vocheck check` reports: the same codes on the same lines, hostile inputs included."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.limits.hostile import HOSTILE
from tests.lsp.session import start, uri, write

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

# A client that pulls and can be asked to pull again: the server offers pulling only to such a client.
PULL = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(diagnostic=types.DiagnosticClientCapabilities()),
    workspace=types.WorkspaceClientCapabilities(diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)),
)


@pytest.mark.asyncio
async def test_hostile_files_get_the_findings_vocheck_check_gives_them(client: LanguageClient, tmp_path: Path) -> None:
    for name, make in HOSTILE.items():
        make(tmp_path / f"{name}.yaml")
    write(tmp_path, "dataplane.yaml", DATAPLANE)
    completed = subprocess.run(
        [sys.executable, "-m", "vocheck", "check", "--format", "json", "."],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )
    expected: dict[str, list[tuple[str, int]]] = {}
    for item in json.loads(completed.stdout)["diagnostics"]:
        expected.setdefault(Path(item["file"]).name, []).append((item["code"], item["line"]))
    assert expected["forty-megabytes.yaml"] == [("VO004", 1)]
    await start(client, tmp_path, capabilities=PULL)
    for name in [*HOSTILE, "dataplane"]:
        path = tmp_path / f"{name}.yaml"
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri(path))))
        assert isinstance(report, types.FullDocumentDiagnosticReport | types.RelatedFullDocumentDiagnosticReport)
        found = sorted((str(item.code), item.range.start.line + 1) for item in report.items)
        assert found == sorted(expected.get(path.name, [])), name
    assert not (tmp_path / "object-apply-ran").exists()
