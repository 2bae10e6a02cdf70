"""Validate resources against the JSON Schemas, with messages a person understands."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from vocheck.golang.ftoa import format_g
from vocheck.golang.jsonenc import marshal
from vocheck.golang.quote import quote
from vocheck.hookspecs import hookimpl
from vocheck.kuma.specs import KUMA_KINDS
from vocheck.model import Finding, Fix
from vocheck.fixes.textedits import TextEdits
from vocheck.kuma.fieldpaths import kuma_path
from vocheck.schema.pretest import quick_test

if TYPE_CHECKING:
    from collections.abc import Iterator
    # jsonschema is imported only when a resource may be invalid: a clean run never pays for it.
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from vocheck.model import JsonPath, Resource
    from vocheck.schema.pretest import Test

FORMS = ("universal", "kubernetes")
_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}


def schema_file_name(kind: str, form: str) -> str:
    return f"{kind.lower()}.{form}.json"


@cache
def builtin_schema(file_name: str) -> dict[str, Any]:
    """A schema shipped in ``schemas/``, read once."""
    from importlib import import_module

    shipped = import_module("vocheck.schemas")  # package data: schemas/ in the source tree

    # Read straight from the installed package's directory: importlib.resources (and the
    # tempfile, shutil and zipfile modules it loads) would cost a one-file check more than
    # reading its schema. An install that is not plain files (a zip) still goes through it.
    path = os.path.join(os.path.dirname(shipped.__file__ or ""), file_name)
    if shipped.__file__ and os.path.isfile(path):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    else:
        from importlib import resources

        text = resources.files("vocheck.schemas").joinpath(file_name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def builtin_schema_names() -> list[str]:
    from importlib import resources

    return sorted(
        entry.name for entry in resources.files("vocheck.schemas").iterdir() if entry.name.endswith(".json")
    )


class _ShippedSchema(Mapping[str, Any]):
    """A schema of ``schemas/``, read from its file the first time it is looked into.

    A run reads the schemas of the kinds its files hold, not all twenty.
    """

    def __init__(self, file_name: str) -> None:
        self._file_name = file_name

    def loaded(self) -> dict[str, Any]:
        return builtin_schema(self._file_name)

    def __getitem__(self, key: str) -> Any:
        return self.loaded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.loaded())

    def __len__(self) -> int:
        return len(self.loaded())


def _content(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """The schema itself, for jsonschema and the pre-test, which look at it many times."""
    return schema.loaded() if isinstance(schema, _ShippedSchema) else schema


@hookimpl
def vocheck_schemas() -> dict[str, Mapping[str, Any]]:
    return {f"{kind}/{form}": _ShippedSchema(schema_file_name(kind, form)) for kind in KUMA_KINDS for form in FORMS}


class SchemaSet:
    """Compiled validators by ``"<kind>/<form>"``, built on first use."""

    def __init__(self, schemas: Mapping[str, list[Mapping[str, Any]]]) -> None:
        self._schemas = schemas
        self._validators: dict[str, list[Draft202012Validator]] = {}
        self._quick: dict[str, list[Test]] = {}

    def validators(self, key: str) -> list[Draft202012Validator]:
        if key not in self._validators:
            from jsonschema import Draft202012Validator

            self._validators[key] = [Draft202012Validator(_content(schema)) for schema in self._schemas.get(key, [])]
        return self._validators[key]

    def findings(self, resource: Resource) -> list[Finding]:
        key = f"{resource.kind}/{resource.form}"
        quick = self._quick.get(key)
        if quick is None:
            quick = self._quick[key] = [quick_test(_content(schema)) for schema in self._schemas.get(key, [])]
        if all(test(resource.data) for test in quick):
            return []  # jsonschema would find nothing; see vocheck.schema.pretest
        found: list[Finding] = []
        for validator in self.validators(key):
            for error in validator.iter_errors(resource.data):
                found.extend(_findings(error, resource))
        return found


def _findings(error: ValidationError, resource: Resource) -> Iterator[Finding]:
    if error.context:
        from jsonschema.exceptions import best_match

        # For oneOf/anyOf, the alternative that came closest says the most.
        best = best_match(error.context)
        if best is not None:
            error = best
    path = resource.root + tuple(error.absolute_path)
    yield Finding(describe(error), path, at_key=error.validator == "required", fix=_quoting(error, resource, path))


def _quoting(error: ValidationError, resource: Resource, path: JsonPath) -> Fix | None:
    """A string written as a number, a boolean or a bare template: quote it exactly as written."""
    wanted = error.validator_value if error.validator == "type" else None
    if wanted != "string" and not (isinstance(wanted, list) and "string" in wanted):
        return None
    edits = TextEdits(resource.document)
    if isinstance(error.instance, (bool, int, float)):
        edit = edits.quote_value(path)
    elif isinstance(error.instance, dict):
        edit = edits.quote_template(path)
    else:
        return None
    return Fix((edit,), "unsafe", "quote the value as written") if edit is not None else None


def describe(error: ValidationError, prefix: tuple[str | int, ...] = ()) -> str:
    """One sentence that says what is wrong with the value and what is expected.

    ``prefix`` is where the validated value sits, for naming the field.
    """
    where = _field_name(prefix + tuple(error.absolute_path))
    instance: Any = error.instance
    schema: Any = error.schema
    expected_text = schema.get("x-vocheck-expected") if isinstance(schema, dict) else None
    if expected_text and error.validator not in ("required",):
        return f"{where} must be {expected_text}, not {_shown(instance)}{_hint(error)}"
    if error.validator == "type":
        expected = _expected(error.validator_value)
        return f"{where} must be {expected}, not {_shown(error.instance)}{_hint(error)}"
    wanted: Any = error.validator_value
    if error.validator == "required":
        missing = [name for name in wanted if name not in instance]
        names = ", ".join(quote(str(name)) for name in missing)
        return f"{where} is missing the required field {names}"
    if error.validator == "minItems":
        return f"{where} must list at least {wanted} item{'s' if wanted != 1 else ''}"
    if error.validator in ("enum", "const"):
        allowed = wanted if error.validator == "enum" else [wanted]
        choices = ", ".join(_choice(choice) for choice in allowed)
        return f"{where} must be one of {choices}, not {_shown(error.instance)}"
    return f"{where}: {error.message}"


def _field_name(parts: tuple[str | int, ...]) -> str:
    if not parts:
        return "the document"
    return f'"{kuma_path(parts)}"'


def _expected(types: Any) -> str:
    names = [types] if isinstance(types, str) else list(types)
    names = [name for name in names if name != "null"] or names
    return " or ".join(_TYPE_NAMES.get(name, name) for name in names)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the number {format_g(value)}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return quote(str(value))


def _choice(value: Any) -> str:
    return quote(value) if isinstance(value, str) else marshal(value)


def _hint(error: ValidationError) -> str:
    """How to fix the value, in the terms of what the field holds: a template, text, a number or a flag."""
    schema: Any = error.schema if isinstance(error.schema, dict) else {}
    instance: Any = error.instance
    scalar = isinstance(instance, (bool, int, float))
    nested = isinstance(instance, (dict, list))
    example = schema.get("x-vocheck-template")
    if isinstance(example, str):
        # conf.host and conf.port of a VirtualOutbound: Go templates, which YAML misreads unquoted.
        if nested:
            return f'; YAML reads a value starting with "{{" or "[" as a mapping or list, so quote the template: "{example}"'
        return "; YAML reads it as a non-string, so quote it" if scalar else ""
    raw_types = schema.get("type", [])
    types = {raw_types} if isinstance(raw_types, str) else set(raw_types)
    types.discard("null")
    if schema.get("x-vocheck-type") == "enum":
        return ""  # the message already lists the choices
    if types & {"integer", "number"}:
        if isinstance(instance, float) and "number" not in types:
            return "; write a whole number"
        return "" if scalar and not isinstance(instance, bool) else "; write a number"
    if types == {"boolean"}:
        return "; write true or false, without quotes" if isinstance(instance, str) else "; write true or false"
    if types == {"string"} and "x-vocheck-type" not in schema:
        if scalar:
            return "; YAML reads it as a non-string, so quote it"
        if nested:
            return '; YAML reads a value starting with "{" or "[" as a mapping or list, so quote it'
    return ""
