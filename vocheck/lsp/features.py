"""Quick fixes, fix-all, hovers, code lenses and the preview command: answers about a place in a document."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from vocheck.engine.core_checks import PROTECTED_CODES
from vocheck.engine.fixing import MAX_ROUNDS, edits_overlap, made_worse, apply_edits
from vocheck.lsp import insight
from vocheck.lsp.protocol import Lines, path_of, text_edits, to_diagnostic
from vocheck.model import Diagnostic, Edit, Report, Resource
from vocheck.preview import render, resolution_of

if TYPE_CHECKING:
    from vocheck.lsp.server import VocheckServer

FIX_ALL = "source.fixAll.vocheck"
PREVIEW_COMMAND = "vocheck.preview"


Registrar = Callable[..., Callable[[Callable[..., Any]], Callable[..., Any]]]


def register_features(server: VocheckServer, feature: Registrar) -> None:
    """Register the request handlers on ``server``."""

    @feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=True),
    )
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        session = server.session
        name = path_of(params.text_document.uri)
        lines = server.lines(name)
        if session is None or lines is None:
            return None
        document = server.workspace.get_text_document(params.text_document.uri)
        # Fixes are offsets in the checked text: offered only while the buffer is that text (on-save mode).
        current = document.source == lines.text
        only = params.context.only
        actions: list[types.CodeAction] = []
        if only is None or any(kind.startswith("quickfix") or kind == "" for kind in only):
            for item in session.diagnostics(name):
                shown = to_diagnostic(item, lines, server.settings.docs_link, server.lines)
                if not _overlaps(shown.range, params.range):
                    continue
                if item.fix is not None and item.fix.edits and current:
                    actions.append(_quick_fix(params.text_document.uri, item, shown, lines))
                if item.code not in PROTECTED_CODES and not name.endswith(".json"):
                    actions.append(_ignore(params.text_document.uri, item, shown, lines))
        if current and (only is None or any(FIX_ALL.startswith(kind) for kind in only)):
            title = "vocheck: fix all" + (" (safe and unsafe fixes)" if session.unsafe_fixes else " safe fixes")
            action = types.CodeAction(title, kind=FIX_ALL, data={"uri": params.text_document.uri, "version": document.version})
            if _resolves_edits(server.client_capabilities):
                actions.append(action)  # the edit comes with codeAction/resolve, if the user picks it
            else:
                resolved = resolve(action)
                changes = resolved.edit.changes if resolved.edit is not None else None
                if changes and changes.get(params.text_document.uri):
                    actions.append(resolved)
        return actions

    @feature(types.CODE_ACTION_RESOLVE)
    def resolve(action: types.CodeAction) -> types.CodeAction:
        """Fix-all's edit, computed when the client wants it: it checks the document again, round after round."""
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        session = server.session
        if action.kind != FIX_ALL or not isinstance(uri, str) or session is None:
            return action
        name = path_of(uri)
        lines = server.lines(name)
        document = server.workspace.text_documents.get(uri)
        if lines is None or document is None or document.source != lines.text:
            return action
        fixed = fix_all(server, name, lines.text)
        if fixed == lines.text:
            return types.CodeAction(action.title, kind=FIX_ALL, edit=types.WorkspaceEdit(changes={uri: []}))
        edit = types.TextEdit(types.Range(lines.at_offset(0), lines.at_offset(len(lines.text))), fixed)
        return types.CodeAction(action.title, kind=FIX_ALL, edit=types.WorkspaceEdit(changes={uri: [edit]}))

    @feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        text = hover_text(server, path_of(params.text_document.uri), params.position)
        if text is None:
            return None
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text))

    @feature(types.TEXT_DOCUMENT_CODE_LENS)
    def code_lens(params: types.CodeLensParams) -> list[types.CodeLens]:
        session = server.session
        name = path_of(params.text_document.uri)
        lines = server.lines(name)
        if session is None or lines is None:
            return []
        snapshot = session.workspace.snapshot()
        lenses = []
        for resource in session.workspace.resources_of(name):
            if resource.kind != "VirtualOutbound":
                continue
            title = insight.lens_title(resource, snapshot.resources, session.plan.context)
            span = resource.document.span(resource.root, True)
            position = lines.position(span.line, span.column)
            command = types.Command(title, PREVIEW_COMMAND, arguments=[params.text_document.uri])
            lenses.append(types.CodeLens(types.Range(position, position), command))
        return lenses

    @feature(types.TEXT_DOCUMENT_INLAY_HINT)
    def inlay_hint(params: types.InlayHintParams) -> list[types.InlayHint]:
        session = server.session
        name = path_of(params.text_document.uri)
        lines = server.lines(name)
        if session is None or lines is None:
            return []
        snapshot = session.workspace.snapshot()
        hints = []
        for resource in session.workspace.resources_of(name):
            place = resource.document.positions.get(resource.at("conf", "host")) if resource.kind == "VirtualOutbound" else None
            if place is None:
                continue
            end = lines.position(place[1].end_line, place[1].end_column)
            if not _overlaps(types.Range(end, end), params.range):
                continue
            label = insight.host_hint(resource, snapshot.resources, session.plan.context)
            if label is not None:
                hints.append(types.InlayHint(end, label, padding_left=True))
        return hints

    @server.command(PREVIEW_COMMAND)
    def preview(uri: str) -> str:
        """The preview (markdown) of the meshes of the document ``uri``, or of the whole workspace."""
        session = server.session
        if session is None:
            return ""
        snapshot = session.workspace.snapshot()
        meshes: list[str] = []
        if uri:
            meshes = sorted({resource.mesh or "default" for resource in session.workspace.resources_of(path_of(uri))})
        try:
            resolution = resolution_of(snapshot.resources, session.plan.context, jobs=1)
        except ValueError as error:
            return f"vocheck: {error}"
        return render(resolution, "markdown", meshes)


def _resolves_edits(capabilities: types.ClientCapabilities) -> bool:
    text_document = capabilities.text_document
    code_action = text_document.code_action if text_document is not None else None
    support = code_action.resolve_support if code_action is not None else None
    return support is not None and "edit" in support.properties


def _overlaps(one: types.Range, other: types.Range) -> bool:
    start, end = (one.start.line, one.start.character), (one.end.line, one.end.character)
    return (other.start.line, other.start.character) <= end and start <= (other.end.line, other.end.character)


def _quick_fix(uri: str, item: Diagnostic, shown: types.Diagnostic, lines: Lines) -> types.CodeAction:
    assert item.fix is not None
    what = item.fix.message or f"fix {item.code}"
    return types.CodeAction(
        f"{what} ({item.code}, {item.fix.applicability} fix)",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[shown],
        edit=types.WorkspaceEdit(changes={uri: text_edits(item.fix.edits, lines)}),
        is_preferred=item.fix.applicability == "safe",
    )


def _ignore(uri: str, item: Diagnostic, shown: types.Diagnostic, lines: Lines) -> types.CodeAction:
    """``# vocheck: ignore[CODE]`` alone on the line above the finding, indented like it."""
    line = shown.range.start.line
    text = lines.line_text(line)
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    ending = "\r\n" if "\r\n" in lines.text else "\n"
    comment = f"{indent}# vocheck: ignore[{item.code}]{ending}"
    edit = types.TextEdit(types.Range(types.Position(line, 0), types.Position(line, 0)), comment)
    return types.CodeAction(
        f"Ignore {item.code} on this line (# vocheck: ignore[{item.code}])",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[shown],
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )


def fix_all(server: VocheckServer, name: str, text: str) -> str:
    """``text`` with every fix ``--fix`` would apply (also unsafe ones when asked), round after round.

    A round that would break the YAML or add an error is not taken, as with ``--fix``.
    """
    session = server.session
    assert session is not None
    wanted = ("safe", "unsafe") if session.unsafe_fixes else ("safe",)
    workspace = session.workspace
    before = workspace.check_text(name, text)
    for _ in range(MAX_ROUNDS):
        edits: list[Edit] = []
        for item in sorted(before, key=lambda item: min((edit.start for edit in item.fix.edits), default=0) if item.fix else 0):
            fix = item.fix
            if fix is None or fix.applicability not in wanted or not fix.edits:
                continue
            if any(not 0 <= edit.start <= edit.end <= len(text) for edit in fix.edits):
                continue
            if any(edits_overlap(edit, other) for edit in fix.edits for other in edits):
                continue
            edits.extend(fix.edits)
        if not edits:
            break
        candidate = apply_edits(text, edits)
        after = workspace.check_text(name, candidate)
        if candidate == text or made_worse(Report(tuple(before)), Report(tuple(after)), name) is not None:
            break
        text, before = candidate, after
    return text


def hover_text(server: VocheckServer, name: str, position: types.Position) -> str | None:
    """Markdown for the place under the cursor: a finding's documentation, a template's rendering, a selector's matches."""
    session = server.session
    lines = server.lines(name)
    if session is None or lines is None:
        return None
    parts: list[str] = []
    checks = {check.code: check for check in session.plan.checks}
    seen: set[str] = set()
    for item in session.diagnostics(name):
        shown = lines.range_of(item)
        if _overlaps(shown, types.Range(position, position)) and item.code not in seen and item.code in checks:
            seen.add(item.code)
            parts.append(insight.explain(checks[item.code]))
    line, column = lines.code_points(position)
    snapshot = session.workspace.snapshot()
    context = session.plan.context
    for resource in session.workspace.resources_of(name):
        if resource.kind != "VirtualOutbound":
            continue
        path = insight.path_at(resource, line, column)
        if path is None:
            continue
        relative = path[len(resource.root) + len(resource.spec_path) :]
        if relative[:2] in (("conf", "host"), ("conf", "port")):
            parts.append(insight.template_hover(resource, str(relative[1]), snapshot.resources, context))
        elif relative[:1] == ("selectors",) and len(relative) >= 2 and isinstance(relative[1], int):
            selector = _selector(resource, relative[1])
            if selector is not None:
                parts.append(insight.selector_hover(resource, selector, snapshot.resources, context))
    return "\n\n---\n\n".join(parts) if parts else None


def _selector(resource: Resource, index: int) -> dict[str, str] | None:
    """The ``match`` of the selector at ``index``, as written (tags map strings to strings)."""
    selectors = resource.spec.get("selectors") if isinstance(resource.spec, dict) else None
    if not isinstance(selectors, list) or not 0 <= index < len(selectors) or not isinstance(selectors[index], dict):
        return None
    match = selectors[index].get("match")
    if not isinstance(match, dict):
        return None
    return {str(key): str(value) for key, value in match.items()}
