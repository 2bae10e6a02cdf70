"""The fixes of the structure checks: rename a misspelt key, drop a duplicate, unwrap or move a block.

Each returns None when the repair is not unambiguous (the right name is
already taken, a flow mapping where lines would move): no fix is better
than a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from vocheck import DuplicateKey, Edit, Fix, JsonPath, Resource, Span, TextEdits


def rename(resource: Resource, path: JsonPath, siblings: Any, new: str) -> Fix | None:
    """Rename the key at ``path`` to ``new``, unless the mapping already has ``new``."""
    if not isinstance(siblings, dict) or new in siblings:
        return None
    edit = TextEdits(resource.document).rename_key(path, new)
    if edit is None:
        return None
    return Fix((edit,), "unsafe", f"rename {path[-1]} to {new}")


def drop_first(resource: Resource, duplicate: DuplicateKey) -> Fix | None:
    """Delete the first of two equal keys, with its value: Kuma reads only the last one."""
    edits = TextEdits(resource.document)
    parent = duplicate.path[:-1]
    where = edits.value_span(parent)
    first = duplicate.first
    # A key merged in from an anchor elsewhere (``<<: *base``) is not this mapping's text.
    if where is None or not (where.line, where.column) <= (first.line, first.column) <= (where.end_line, where.end_column):
        return None
    edit = edits.delete_entry(first, duplicate.first_value, flow=edits.is_flow(parent))
    if edit is None:
        return None
    return Fix((edit,), "safe", f"delete the first {duplicate.path[-1]}, which Kuma overrides")


def unwrap_spec(resource: Resource, path: JsonPath) -> Fix | None:
    """Lift the fields of a Universal document's ``spec:`` block to the top level, one indentation less."""
    data = resource.data
    spec = data.get("spec") if isinstance(data, dict) else None
    edits = TextEdits(resource.document)
    key = edits.key_span(path)
    if not isinstance(spec, dict) or not spec or key is None or key.column != 1 or edits.is_flow(path):
        return None
    if any(name in data for name in spec):
        return None  # a field given both inside and outside: which one is meant is not clear
    if edits.line_text(key.line).strip().split("#")[0].strip() != "spec:":
        return None
    first = min((edits.key_span(path + (name,)) or Span(0, 0, 0, 0) for name in spec), key=lambda span: span.line)
    depth = first.column - 1
    if first.line <= key.line or depth <= 0:
        return None
    last = edits.entry_last_line(key)
    start, after = edits.line_start(key.line), edits.after_line(key.line)
    if start is None or after is None:
        return None
    changes = [Edit(start, after)]
    for line in range(key.line + 1, last + 1):
        text = edits.line_text(line)
        at = edits.line_start(line)
        if at is None or not text.strip():
            continue
        indent = min(edits.indentation(line), depth)
        if indent:
            changes.append(Edit(at, at + indent))
    return Fix(tuple(changes), "unsafe", "move the fields under spec to the top level")


def move_under(resource: Resource, path: JsonPath, home: str, inside: Sequence[Edit] = ()) -> Fix | None:
    """Move a block under the sibling object it belongs to (``inbound`` under ``networking``).

    ``inside`` are edits within the block (quoting a value that must be a
    string where it lands), made as part of the move.
    """
    container: Any = resource.document.data
    for part in path[:-1]:
        container = container.get(part) if isinstance(container, dict) else None
    edits = TextEdits(resource.document)
    parent_path = path[:-1] + (home,)
    parent = container.get(home) if isinstance(container, dict) else None
    key = edits.key_span(path)
    if not isinstance(parent, dict) or not parent or path[-1] in parent or key is None:
        return None
    parent_key = edits.key_span(parent_path)
    if parent_key is None or edits.is_flow(parent_path) or edits.is_flow(path):
        return None
    children = [edits.key_span(parent_path + (name,)) for name in parent]
    if any(child is None or child.line <= parent_key.line for child in children):
        return None
    depth = min(child.column for child in children if child is not None) - parent_key.column
    if depth <= 0 or key.column != parent_key.column or edits.line_text(key.line)[: key.column - 1].strip():
        return None
    last = edits.entry_last_line(key)
    first = key.line
    # The comment lines right above the key, at its indentation, are about it: they move with it.
    while first > 1 and edits.line_text(first - 1).startswith(" " * (key.column - 1) + "#"):
        first -= 1
    start, stop = edits.line_start(first), edits.after_line(last)
    target = edits.after_line(edits.entry_last_line(parent_key))
    if start is None or stop is None or target is None or start < target < stop:
        return None
    if any(not start <= edit.start <= edit.end <= stop for edit in inside):
        return None
    block = edits.text[start:stop]
    for edit in sorted(inside, key=lambda edit: edit.start, reverse=True):
        block = block[: edit.start - start] + edit.content + block[edit.end - start :]
    lines = re.findall(r"[^\n]*\n|[^\n]+\Z", block)
    moved = "".join(" " * depth + line if line.strip() else line for line in lines)
    if not moved.endswith("\n"):
        moved += edits.newline()
    if target == len(edits.text) and not edits.text.endswith("\n"):
        moved = edits.newline() + moved.removesuffix(edits.newline())
    message = f"move {path[-1]} under {home}"
    if target == start:  # right after the block it belongs to: indenting it is the whole move
        return Fix((Edit(start, stop, moved),), "unsafe", message)
    return Fix((Edit(target, target, moved), Edit(start, stop)), "unsafe", message)
