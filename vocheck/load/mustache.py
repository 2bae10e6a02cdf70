"""Kuma's mustache renderer, as far as vocheck follows it: its tags, its context and how it writes values."""

from __future__ import annotations

from collections.abc import Mapping

OPEN, CLOSE = "{{", "}}"


Tag = tuple[int, int, str, bool]
"""A variable tag: where it starts and ends, the name it reads, and whether it is ``{{{raw}}}``."""


def tags(text: str) -> list[Tag] | None:
    """The variable tags of one document; None if the renderer would fail on it or needs more than variables."""
    found: list[Tag] = []
    position = 0
    while True:
        start = text.find(OPEN, position)
        if start < 0:
            return found
        inner = start + len(OPEN)
        raw = text.startswith("{", inner)
        closing = "}" + CLOSE if raw else CLOSE
        close = text.find(closing, inner)
        if close < 0:
            return None  # "unmatched open tag": Kuma's renderer gives up on the document
        end = close + len(closing)
        tag = text[inner : end - len(CLOSE)].strip()
        position = end
        if not tag or tag[0] in "#^/>=":
            return None  # sections, partials and new delimiters: not rendered here
        if tag[0] == "!":
            continue
        if tag[0] == "{":
            if tag.endswith("}"):
                found.append((start, end, tag[1:-1], True))
            continue
        found.append((start, end, tag, False))


def context_of(values: Mapping[str, str]) -> dict[str, object]:
    """The renderer's context: ``a.b=x`` becomes ``{"a": {"b": "x"}}``.

    Kuma merges the variables one level deep, in no fixed order, so two
    names that share a first part (``a.b`` and ``a.c``, or ``a`` and
    ``a.b``) keep only one of them; that is refused here (ValueError).
    """
    context: dict[str, object] = {}
    owners: dict[str, str] = {}
    for name, value in values.items():
        head, _, rest = name.partition(".")
        if head in owners:
            raise ValueError(
                f'variables "{owners[head]}" and "{name}" both start with "{head}": Kuma keeps only one of them, '
                "and which one is left to chance; rename one"
            )
        owners[head] = name
        context[head] = _nested(rest, value) if rest else value
    return context


def _nested(name: str, value: str) -> object:
    head, _, rest = name.partition(".")
    return {head: _nested(rest, value) if rest else value}


def lookup(context: Mapping[str, object], name: str) -> str | None:
    """The text a name renders to, or None when it has no value (Kuma writes nothing then)."""
    current: object = context
    for part in name.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return _go_text(current)


def _go_text(value: object) -> str:
    """How Go prints a value: a map as ``map[key:value ...]`` with its keys sorted."""
    if isinstance(value, Mapping):
        return "map[" + " ".join(f"{key}:{_go_text(value[key])}" for key in sorted(value)) + "]"
    return str(value)


_HTML_ESCAPES = {'"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;", "\0": "\ufffd"}


def html_escape(text: str) -> str:
    """Escape as Go's HTMLEscape does, which the renderer applies to ``{{ name }}``."""
    return "".join(_HTML_ESCAPES.get(char, char) for char in text)


def rendered_by_kuma(text: str, values: Mapping[str, str]) -> str:
    """What the renderer makes of a Go template: a tag that names no variable writes nothing.

    A tag the renderer cannot parse makes it write its error message
    instead of the document; that is shown as such.
    """
    found = tags(text)
    if found is None:
        return "<the renderer's error message>"
    context = context_of(values)
    parts = []
    position = 0
    for start, end, name, raw in found:
        parts.append(text[position:start])
        value = lookup(context, name)
        parts.append("" if value is None else value if raw else html_escape(value))
        position = end
    parts.append(text[position:])
    return "".join(parts)
