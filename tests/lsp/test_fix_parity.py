"""Every fix case of `--fix` through the editor: each fix a quick fix with the same edits, fix-all the same result.

Quick fixes are compared with what `vocheck check --format json` offers for
the same workspace; fix-all with the case file's `after`, one workspace per case.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.session import diagnostics_until, open_document, start, uri, write
from tests.lsp.test_actions import applied

CASES = Path(__file__).parent.parent / "fixes" / "cases"


def _cases() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.extend((f"{path.stem}-{number}", case) for number, case in enumerate(content["cases"]))
    return found


def _position(text: str, offset: int) -> types.Position:
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return types.Position(line, len(text[start:offset].encode("utf-16-le")) // 2)


@pytest.mark.asyncio
async def test_each_fix_is_a_quick_fix_with_the_same_edits(client: LanguageClient, tmp_path: Path) -> None:
    cases = _cases()
    for name, case in cases:
        write(tmp_path, f"{name}/resource.yaml", case["before"])
    completed = subprocess.run(
        [sys.executable, "-m", "vocheck", "check", "--isolated", "--unsafe-fixes", "--format", "json", "."],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )
    fixes: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for item in json.loads(completed.stdout)["diagnostics"]:
        if item.get("fix"):
            fixes.setdefault(Path(item["file"]).parent.name, []).append((item["code"], item["fix"]))
    await start(client, tmp_path, {"isolated": True, "unsafeFixes": True})
    for name, case in cases:
        path = tmp_path / name / "resource.yaml"
        text = case["before"]
        open_document(client, path)
        await diagnostics_until(client, path, lambda items: True)
        end = _position(text, len(text))
        found = await client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(uri(path)),
                types.Range(types.Position(0, 0), end),
                types.CodeActionContext(diagnostics=[]),
            )
        )
        actions = [item for item in found or [] if isinstance(item, types.CodeAction)]
        offered = []
        for action in actions:
            if action.kind == types.CodeActionKind.QuickFix and not action.title.startswith("Ignore "):
                assert action.edit is not None and action.edit.changes is not None
                offered.append((action.title, [(edit.range, edit.new_text) for edit in action.edit.changes[uri(path)]]))
        assert fixes.get(name), f"{name}: vocheck check offers no fix"
        for code, fix in fixes[name]:
            title = f"{fix['message'] or 'fix ' + code} ({code}, {fix['applicability']} fix)"
            wanted = [(types.Range(_position(text, edit["start"]), _position(text, edit["end"])), edit["content"]) for edit in fix["edits"]]
            assert (title, wanted) in offered, f"{name}: {title}"


@pytest.mark.asyncio
@pytest.mark.parametrize(("name", "case"), _cases(), ids=[name for name, _ in _cases()])
async def test_fix_all_gives_what_fix_gives(client: LanguageClient, tmp_path: Path, name: str, case: dict[str, Any]) -> None:
    """Alone in its workspace, as the case file's `--fix --unsafe-fixes` run has it."""
    path = write(tmp_path, "resource.yaml", case["before"])
    await start(client, tmp_path, {"isolated": True, "unsafeFixes": True})
    open_document(client, path)
    await diagnostics_until(client, path, lambda items: True)
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri(path)),
            types.Range(types.Position(0, 0), types.Position(0, 0)),
            types.CodeActionContext(diagnostics=[], only=["source.fixAll"]),
        )
    )
    (fix_all,) = [action for action in found or [] if isinstance(action, types.CodeAction)]
    assert fix_all.kind == "source.fixAll.vocheck"
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    assert applied(case["before"], list(fix_all.edit.changes[uri(path)])) == case["after"]
