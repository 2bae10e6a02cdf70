"""Kuma's tag and selector character sets and its ``ValidateTags`` / ``ValidateSelector`` walk."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from vocheck.golang.quote import quote as go_quote
from vocheck.kuma.specs import JsonPath, Violation

SERVICE_TAG = "kuma.io/service"
PROTOCOL_TAG = "kuma.io/protocol"

# Go's RE2 ``^...$`` anchors the whole text; fullmatch does the same in Python
# (a bare ``$`` would also accept a trailing newline).
TAG_NAME = re.compile(r"[a-zA-Z0-9.\-_:/]*", re.ASCII)
TAG_VALUE = re.compile(r"[a-zA-Z0-9.\-_:]*", re.ASCII)
SELECTOR_VALUE = re.compile(r"[a-zA-Z0-9.\-_:/]*|\*", re.ASCII)

TAG_VALUE_MESSAGE = "tag value must consist of alphanumeric characters, dots, dashes and underscores"
TAG_NAME_MESSAGE = "tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores"
SELECTOR_VALUE_MESSAGE = (
    'tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"'
)

ProtocolRule = Callable[[str], "str | None"]
"""Given a ``kuma.io/protocol`` value, Kuma's message when it refuses it, else None."""


def go_sorted(keys: Iterable[str]) -> list[str]:
    """Go ``sort.Strings`` order: by UTF-8 bytes."""
    return sorted(keys, key=lambda key: key.encode("utf-8", "surrogatepass"))


def key_field(field: str, key: str) -> str:
    """Kuma's path for a map entry: ``field["key"]`` with Go ``%q``."""
    return f"{field}[{go_quote(key)}]"


def validate_tag_map(
    field: str,
    path: JsonPath,
    tags: Mapping[str, str],
    *,
    value_pattern: re.Pattern[str] = TAG_VALUE,
    value_message: str = TAG_VALUE_MESSAGE,
    require_at_least_one: bool = False,
    require_service: bool = False,
    protocol_rule: ProtocolRule | None = None,
    reserved: frozenset[str] = frozenset(),
) -> list[Violation]:
    """Kuma's per-map tag checks, in Kuma's order, rooted at ``field`` / ``path``.

    ``reserved`` are tag names the map may not use (Kuma's extra key validators,
    checked between the name and the value).
    """
    violations: list[Violation] = []
    if require_at_least_one and not tags:
        violations.append(Violation(field, "must have at least one tag", path))
    if protocol_rule is not None and PROTOCOL_TAG in tags:
        message = protocol_rule(tags[PROTOCOL_TAG])
        if message is not None:
            violations.append(
                Violation(key_field(field, PROTOCOL_TAG), message, (*path, PROTOCOL_TAG))
            )
    for key in go_sorted(tags):
        value = tags[key]
        name_ok = key != "" and TAG_NAME.fullmatch(key) is not None
        if name_ok and key not in reserved and value != "" and value_pattern.fullmatch(value) is not None:
            continue  # the common case: nothing to report, so no field path to build
        entry_field = key_field(field, key)
        entry_path: JsonPath = (*path, key)
        if key == "":
            violations.append(Violation(field, "tag name must be non-empty", entry_path))
        if TAG_NAME.fullmatch(key) is None:
            violations.append(Violation(entry_field, TAG_NAME_MESSAGE, entry_path))
        if key in reserved:
            violations.append(Violation(entry_field, f"tag name must not be {go_quote(key)}", entry_path))
        if value == "":
            violations.append(Violation(entry_field, "tag value must be non-empty", entry_path))
        if value_pattern.fullmatch(value) is None:
            violations.append(Violation(entry_field, value_message, entry_path))
    if require_service and SERVICE_TAG not in tags:
        violations.append(Violation(field, f"mandatory tag {go_quote(SERVICE_TAG)} is missing", path))
    return violations
