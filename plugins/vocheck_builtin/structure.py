"""Checks on the shape of a document that Kuma accepts without a word: unknown fields, duplicate keys."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from vocheck import Finding, Fix, Severity, TextEdits, check, hookimpl
from vocheck.kuma.api import KUMA_KINDS, go_quote as quote
from vocheck.schema import builtin_schema, describe, schema_file_name

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence
    from vocheck import Context, Edit, JsonPath, Resource, Span

FREE_FORM = "x-vocheck-free-form"


@check("VO101", "unknown-field", Severity.WARNING, kinds=KUMA_KINDS, needs_valid=False, fixable="unsafe")
def unknown_field(resource: Resource, context: Context) -> Iterator[Finding]:
    """A field that Kuma does not know is dropped without a word.

    ## Why is this bad?
    Kuma decodes resources leniently: a misspelt or misplaced field such as
    ``tagkey`` or ``selector`` is ignored, so the policy silently behaves as
    if the field were absent. A Universal resource wrapped in ``spec:`` loses
    its whole spec this way.

    ## Example
    ```yaml
    conf:
      parameters:
        - name: service
          tagkey: kuma.io/service
    ```
    Use instead:
    ```yaml
    conf:
      parameters:
        - name: service
          tagKey: kuma.io/service
    ```

    ## Fix (unsafe)
    ``--fix --unsafe-fixes`` renames a field with a did-you-mean to it,
    unless the right name is already there; unwraps a Universal document
    from ``spec:``, one indentation less; and moves a Dataplane's
    ``inbound`` under ``networking``, quoting the tag values Kuma would
    refuse there as numbers. Unsafe: Kuma starts reading the field.
    """
    schema = builtin_schema(schema_file_name(resource.kind, resource.form))
    found: list[Finding] = []
    _unknown(resource, resource.data, schema, schema, resource.root, found)
    yield from found


def _unknown(
    resource: Resource,
    value: Any,
    schema: Mapping[str, Any],
    root: Mapping[str, Any],
    path: JsonPath,
    found: list[Finding],
) -> None:
    # Only lists and mappings can hold an unknown field: scalars are never walked into.
    free, items, properties, extra = _shape(schema, root)
    if free:
        return
    if isinstance(value, list):
        if isinstance(items, dict):
            for index, item in enumerate(value):
                if isinstance(item, (dict, list)):
                    _unknown(resource, item, items, root, path + (index,), found)
        return
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        if key in properties:
            if isinstance(item, (dict, list)):
                _unknown(resource, item, properties[key], root, path + (key,), found)
        elif properties or extra is False:
            home = _home(key, properties, root)
            misplaced = list(_misplaced_values(resource, item, home, root, path + (key,))) if home else []
            # The move quotes what Kuma would refuse as a non-string where it lands (``port: 1800``).
            quoting = [edit for finding in misplaced if finding.fix is not None for edit in finding.fix.edits]
            found.append(_unknown_finding(resource, key, list(properties), path, home, value, quoting))
            found.extend(dataclasses.replace(finding, fix=None) for finding in misplaced)
        elif isinstance(extra, dict):
            if isinstance(item, (dict, list)):
                _unknown(resource, item, extra, root, path + (key,), found)


_Shape = tuple[bool, Any, dict[str, Any], Any]
_SHAPES: dict[int, tuple[Mapping[str, Any], _Shape]] = {}


def _shape(schema: Mapping[str, Any], root: Mapping[str, Any]) -> _Shape:
    """What the walk needs of a subschema: free-form or not, its items, properties and additionalProperties."""
    cached = _SHAPES.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    resolved = _resolved(schema, root)
    free = bool(resolved.get(FREE_FORM))
    properties = {} if free else _properties(resolved, root)
    shape = (free, resolved.get("items"), properties, resolved.get("additionalProperties"))
    _SHAPES[id(schema)] = (schema, shape)
    return shape


# Schemas are read once and never change, so what a subschema resolves to is computed once.
_RESOLVED: dict[int, tuple[Mapping[str, Any], Mapping[str, Any]]] = {}
_PROPERTIES: dict[int, tuple[Mapping[str, Any], dict[str, Any]]] = {}


def _resolved(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    cached = _RESOLVED.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    resolved = _resolve(schema, root)
    _RESOLVED[id(schema)] = (schema, resolved)
    return resolved


def _resolve(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    seen = 0
    while "$ref" in schema and seen < 32:
        reference = str(schema["$ref"])
        target: Any = root
        for part in reference.removeprefix("#/").split("/") if reference.startswith("#/") else []:
            target = target.get(part, {}) if isinstance(target, dict) else {}
        schema = {**target, **{key: value for key, value in schema.items() if key != "$ref"}}
        seen += 1
    return schema


def _properties(schema: Mapping[str, Any], root: Mapping[str, Any]) -> dict[str, Any]:
    """Known properties, including those of every ``oneOf``/``anyOf``/``allOf`` branch."""
    cached = _PROPERTIES.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    properties = _collect_properties(schema, root)
    _PROPERTIES[id(schema)] = (schema, properties)
    return properties


def _collect_properties(schema: Mapping[str, Any], root: Mapping[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = dict(schema.get("properties", {}))
    for combinator in ("oneOf", "anyOf", "allOf"):
        for branch in schema.get(combinator, []):
            for key, value in _properties(_resolved(branch, root), root).items():
                properties.setdefault(key, value)
    return properties


def _home(key: str, properties: Mapping[str, Any], root: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]] | None:
    """A known sibling object that has ``key`` as a field: where a misplaced field belongs."""
    for name, schema in properties.items():
        children = _properties(_resolved(schema, root), root)
        if key in children:
            return f"{name}.{key}", children[key]
    return None


def _misplaced_values(
    resource: Resource, value: Any, home: tuple[str, Mapping[str, Any]], root: Mapping[str, Any], path: JsonPath
) -> Iterator[Finding]:
    """What Kuma would refuse once the misplaced block is moved where it belongs."""
    from jsonschema import Draft202012Validator  # only for a misplaced block: rare, and slow to import

    validator = Draft202012Validator(root).evolve(schema={**_resolved(home[1], root), "$defs": root.get("$defs", {})})
    for error in validator.iter_errors(value):
        located = path + tuple(error.absolute_path)
        edit = None
        wanted = error.validator_value if error.validator == "type" else None
        if (wanted == "string" or isinstance(wanted, list) and "string" in wanted) and isinstance(error.instance, (int, float, bool)):
            edit = TextEdits(resource.document).quote_value(located)
        yield Finding(
            f"once moved to {quote(home[0])}, Kuma would reject this: {describe(error, tuple(home[0].split('.')))}",
            located,
            fix=Fix((edit,), "unsafe") if edit is not None else None,
        )


def _unknown_finding(
    resource: Resource,
    key: str,
    known: list[str],
    path: JsonPath,
    home: tuple[str, Mapping[str, Any]] | None = None,
    siblings: Any = None,
    quoting: Sequence[Edit] = (),
) -> Finding:
    from vocheck_builtin import repairs  # the fixes' text edits: for a file with a finding only

    where = resource.kind if path == resource.root else quote(_dotted(path[len(resource.root):]))
    if resource.form == "universal" and key == "spec" and path == resource.root:
        message = (
            'Universal resources have no "spec:" key: Kuma drops this whole block as an unknown field, '
            "so the resource is empty; move the fields under spec to the top level"
        )
        return Finding(message, path + (key,), at_key=True, fix=repairs.unwrap_spec(resource, path + (key,)))
    message = f"unknown field {quote(key)} in {where}; Kuma ignores it silently"
    suggestion = did_you_mean(key, known)
    fix = None
    if suggestion:
        message += f". Did you mean {quote(suggestion)}?"
        fix = repairs.rename(resource, path + (key,), siblings, suggestion)
    elif home is not None:
        message += (
            f", with everything under it. It belongs under {quote(home[0].rsplit('.', 1)[0])}: "
            f"did you mean {quote(home[0])}?"
        )
        fix = repairs.move_under(resource, path + (key,), home[0].rsplit(".", 1)[0], quoting)
    return Finding(message, path + (key,), at_key=True, fix=fix)


def did_you_mean(key: str, known: list[str]) -> str | None:
    """The known field a typo most likely meant, if any is close enough."""
    for candidate in known:
        if candidate.lower() == key.lower():
            return candidate
    import difflib  # only for a key that is not a field

    matches = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
    return matches[0] if matches else None


def _dotted(path: JsonPath) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".")


@check("VO102", "duplicate-key", Severity.WARNING, kinds=KUMA_KINDS, needs_valid=False, fixable="safe")
def duplicate_key(resource: Resource, context: Context) -> Iterator[Finding]:
    """A mapping key appears twice; only the last one counts.

    ## Why is this bad?
    Kuma keeps the last of two equal keys without a warning, so the first
    value, which a reviewer may read as the one in force, has no effect.

    ## Example
    ```yaml
    conf:
      port: "80"
      host: "{{.service}}.mesh"
      port: "8080"
    ```
    Use instead:
    ```yaml
    conf:
      host: "{{.service}}.mesh"
      port: "8080"
    ```

    ## Fix (safe)
    ``--fix`` deletes the earlier key with its value: Kuma reads the same
    resource before and after.
    """
    root = resource.root
    if not resource.document.duplicates:
        return  # the common case: no need to split the file's text into lines
    from vocheck_builtin import repairs  # the fixes' text edits: for a file with a finding only

    lines = resource.document.text.split("\n") if resource.document.text else []
    for duplicate in resource.document.duplicates:
        if duplicate.path[: len(root)] == root:
            key = str(duplicate.path[-1])
            written = _written(lines, duplicate.first), _written(lines, duplicate.second)
            if key not in written and all(written):
                # ``on:`` and ``y:`` are both the key "true" to Kuma: say so.
                shown = f"keys {quote(written[0])} and {quote(written[1])} are both {quote(key)} to Kuma"
            else:
                shown = f"key {quote(key)} is given twice"
            message = f"{shown} (first on line {duplicate.first.line}); Kuma keeps only this last one, remove the other"
            yield Finding(message, duplicate.path, at_key=True, fix=repairs.drop_first(resource, duplicate))


def _written(lines: list[str], span: Span) -> str:
    """The key as the file spells it, when it fits on one line."""
    if span.line != span.end_line or span.line > len(lines):
        return ""
    return lines[span.line - 1][span.column - 1 : span.end_column - 1]


@hookimpl
def vocheck_checks() -> list[Any]:
    return [unknown_field, duplicate_key]
