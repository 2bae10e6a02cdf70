"""A diff as Markdown, ready to post as a pull-request comment: a summary line, then a table per mesh."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from vocheck.diff.render import rows, summary_line
from vocheck.diff.result import Diff
from vocheck.formats.contract import visible
from vocheck.model import Diagnostic

# A table longer than this is folded under a <details> line, so a large change stays a short comment.
COLLAPSE_AFTER = 10
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")
_LABELS = {"mode-changed": "**mode changed**", "removed": "**removed**", "retargeted": "retargeted", "added": "added", "vip-changed": "VIP changed"}


def to_markdown(diff: Diff) -> str:
    parts = [
        f"#### vocheck diff {_code(diff.base)} → {_code(diff.head)}",
        summary_line(diff),
    ]
    if not diff.meshes and not diff.new and not diff.fixed:
        parts.append("No hostname, port, VIP or finding changes.")
    for mesh in diff.meshes:
        table = _table(
            ("change", "hostname", "before", "after"),
            [(_LABELS[change], _code(where), cell(before), cell(after)) for change, where, before, after in rows(mesh)],
        )
        parts.append(_section(f"mesh {_code(mesh.mesh)}", f"mesh <code>{html.escape(mesh.mesh)}</code>", table, len(list(rows(mesh)))))
    for title, items in (("new findings", diff.new), ("fixed findings", diff.fixed)):
        if items:
            parts.append(_section(title, title, _findings(items), len(items)))
    return "\n\n".join(parts)


def _section(title: str, html_title: str, table: str, count: int) -> str:
    if count <= COLLAPSE_AFTER:
        return f"##### {title}\n\n{table}"
    # Blank lines around the table: GitHub renders Markdown inside <details> only when they are there.
    return f"<details><summary>{html_title}: {count} changes</summary>\n\n{table}\n\n</details>"


def _findings(items: Sequence[Diagnostic]) -> str:
    return _table(
        ("severity", "code", "where", "message"),
        [(str(item.severity), item.code, _code(f"{item.file}:{item.line}:{item.column}"), cell(item.message)) for item in items],
    )


def _table(header: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in body)
    return "\n".join(lines)


def cell(text: str) -> str:
    """``text`` as one table cell's plain text: Markdown's special characters escaped, one line."""
    return _SPECIAL.sub(r"\\\1", visible(text))


def _code(text: str) -> str:
    shown = visible(text)
    if "`" in shown:
        return cell(shown)
    # In a table a pipe must be escaped even inside a code span.
    return f"`{shown.replace('|', chr(92) + '|')}`"
