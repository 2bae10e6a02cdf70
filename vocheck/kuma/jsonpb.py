"""Kuma's spec decoder: golang/protobuf jsonpb reading plain data against a message schema, its errors word for word."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from typing import TypeVar

from vocheck.kuma.gojson import JsonSyntaxError, check_json, go_json_number, go_json_string, json_type
from vocheck.kuma.specs import Decoded, DecodeError, JsonPath
from vocheck.kuma.protoschema import EnumSchema, FieldSchema, MessageSchema
from vocheck.kuma.quote import go_quote

Plain = dict[str, object]
T = TypeVar("T")

_OBJECT_TARGET = "map[string]json.RawMessage"
_LIST_TARGET = "[]json.RawMessage"
_UINT32_MAX = (1 << 32) - 1
_INT32_RANGE = (-(1 << 31), (1 << 31) - 1)
# What a JSON literal starting with this character is, in encoding/json's type errors.
_LITERAL_KINDS = {'"': "string", "t": "bool", "f": "bool", "[": "array", "{": "object"}
# jsonpb takes these exact JSON strings as a float's non-finite values.
_NON_FINITE = {'"NaN"': math.nan, '"Infinity"': math.inf, '"-Infinity"': -math.inf}
_PLANS: dict[int, tuple[MessageSchema, tuple[tuple[str, str, FieldSchema], ...]]] = {}


class _Failed:
    """Marks a field whose value was refused (None is a legitimate decoded value)."""


_FAILED = _Failed()


def cannot_unmarshal(value: object, go_type: str) -> str:
    return f"json: cannot unmarshal {json_type(value)} into Go value of type {go_type}"


class _Decoder:
    """Walks one value against a message schema, collecting every refusal."""

    def __init__(self) -> None:
        self.errors: list[DecodeError] = []

    def fail(self, path: JsonPath, message: str) -> _Failed:
        self.errors.append(DecodeError(path, message))
        return _FAILED

    def message(self, schema: MessageSchema, value: object, path: JsonPath) -> Plain | _Failed:
        if value is None:
            return {}
        if not isinstance(value, dict):
            return self.fail(path, cannot_unmarshal(value, _OBJECT_TARGET))
        decoded: Plain = {}
        for proto_name, json_name, field in _plan(schema):
            # jsonpb looks the proto name up first, then the JSON name, which wins.
            if json_name in value:
                key = json_name
            elif proto_name in value:
                key = proto_name
            else:
                continue
            item = value[key]
            if item is None:
                continue
            result = self.field(field, item, (*path, key))
            if result is not _FAILED:
                decoded[field.name] = result
        return decoded

    def field(self, field: FieldSchema, value: object, path: JsonPath) -> object:
        if field.repeated:
            if not isinstance(value, list):
                return self.fail(path, cannot_unmarshal(value, _LIST_TARGET))
            single = self.single
            items = [single(field, item, (*path, index)) for index, item in enumerate(value)]
            return _FAILED if _FAILED in items else items
        if field.is_map:
            if not isinstance(value, dict):
                return self.fail(path, cannot_unmarshal(value, _OBJECT_TARGET))
            if field.kind == "string":
                # The common case (tags): plain strings are stored as they are, no call per entry.
                entries: dict[str, object] = {}
                for key, item in value.items():
                    entries[key] = (
                        item
                        if type(item) is str and (item.isascii() or _surrogate().search(item) is None)
                        else self.single(field, item, (*path, key))
                    )
            else:
                entries = {key: self.single(field, item, (*path, key)) for key, item in value.items()}
            return _FAILED if any(item is _FAILED for item in entries.values()) else entries
        return self.single(field, value, path)

    def single(self, field: FieldSchema, value: object, path: JsonPath) -> object:
        kind = field.kind
        if kind == "message":
            assert field.message is not None
            return self.message(field.message, value, path)
        if value is None:
            # A null list element or map value: the zero value is stored.
            return _zero(field)
        if kind == "string":
            if not isinstance(value, str):
                return self.fail(path, cannot_unmarshal(value, "string"))
            return value if value.isascii() else _well_formed(value)
        if kind == "bool":
            if not isinstance(value, bool):
                return self.fail(path, cannot_unmarshal(value, "bool"))
            return value
        if kind == "bytes":
            return self.byte_string(value, path)
        if kind in ("uint32", "int32"):
            return self.integer(value, path, kind)
        if kind == "double":
            return self.double(value, path)
        if kind == "enum":
            assert field.enum is not None
            return self.enum(field.enum, value, path)
        if kind == "struct":
            if not isinstance(value, dict):
                return self.fail(path, "bad StructValue: " + cannot_unmarshal(value, _OBJECT_TARGET))
            return value
        return self.duration(value, path)

    def number_literal(self, value: str | int | float, path: JsonPath, go_type: str) -> str | None | _Failed:
        """The number literal encoding/json reads for ``value``: None for ``null``, or the refusal.

        jsonpb strips the quotes off a JSON string and parses what is left, so
        ``"5670"`` reads as 5670 and ``"true"`` as a bool.
        """
        if isinstance(value, str):
            text = go_json_string(value)[1:-1]
        else:
            try:
                text = go_json_number(value)
            except OverflowError:
                text = str(value)  # an integer no float64 holds
        try:
            check_json(text)
        except JsonSyntaxError as error:
            return self.fail(path, str(error))
        literal = text.strip(" \t\r\n")
        if literal == "null":
            return None
        if literal[0] in _LITERAL_KINDS:
            kind = _LITERAL_KINDS[literal[0]]
            return self.fail(path, f"json: cannot unmarshal {kind} into Go value of type {go_type}")
        return literal

    def integer(self, value: object, path: JsonPath, go_type: str) -> int | _Failed:
        if type(value) is int and (0 if go_type == "uint32" else _INT32_RANGE[0]) <= value <= _INT32_RANGE[1]:
            # An in-range integer decodes to itself; only the rest needs encoding/json's reading.
            return value
        if isinstance(value, bool) or isinstance(value, dict | list):
            return self.fail(path, cannot_unmarshal(value, go_type))
        assert isinstance(value, str | int | float)
        literal = self.number_literal(value, path, go_type)
        if literal is None:
            return 0
        if isinstance(literal, _Failed):
            return literal
        low, high = (0, _UINT32_MAX) if go_type == "uint32" else _INT32_RANGE
        number = _json_integer(literal, signed=go_type != "uint32")
        if number is None or not low <= number <= high:
            return self.fail(path, f"json: cannot unmarshal number {literal} into Go value of type {go_type}")
        return number

    def byte_string(self, value: object, path: JsonPath) -> bytes | _Failed:
        """bytes (or BytesValue) as encoding/json reads ``[]byte``: standard base64, or a list of byte values."""
        if isinstance(value, str):
            from vocheck.kuma.gobase64 import CorruptInput, std_decode  # only a data source's inline bytes: loaded by the first

            try:
                return std_decode(value)
            except CorruptInput as error:
                return self.fail(path, str(error))
        if not isinstance(value, list):
            return self.fail(path, cannot_unmarshal(value, "[]uint8"))
        data = bytearray()
        for index, item in enumerate(value):
            if item is None:
                data.append(0)
                continue
            if isinstance(item, bool) or not isinstance(item, int | float):
                return self.fail((*path, index), cannot_unmarshal(item, "uint8"))
            text = go_json_number(item)
            number = _json_integer(text, signed=False)
            if number is None or number > 255:
                return self.fail((*path, index), f"json: cannot unmarshal number {text} into Go value of type uint8")
            data.append(number)
        return bytes(data)

    def double(self, value: object, path: JsonPath) -> float | _Failed:
        """A double (or DoubleValue): a JSON number, a string holding one, or "NaN" / "Infinity" / "-Infinity"."""
        if isinstance(value, float):
            return value
        if isinstance(value, bool) or isinstance(value, dict | list):
            return self.fail(path, cannot_unmarshal(value, "float64"))
        if isinstance(value, str):
            non_finite = _NON_FINITE.get(go_json_string(value))
            if non_finite is not None:
                return non_finite
        assert isinstance(value, str | int)
        literal = self.number_literal(value, path, "float64")
        if literal is None:
            return 0.0
        if isinstance(literal, _Failed):
            return literal
        number = float(literal)
        if math.isinf(number):
            return self.fail(path, f"json: cannot unmarshal number {literal} into Go value of type float64")
        return number

    def enum(self, schema: EnumSchema, value: object, path: JsonPath) -> str | int | _Failed:
        if isinstance(value, str):
            if value in schema.values:
                return value  # enum names need no JSON escaping
            encoded = go_json_string(value)
            if encoded[1:-1] in schema.values:
                return encoded[1:-1]
            return self.fail(path, f"unknown value {go_quote(encoded)} for enum {schema.full_name}")
        number = self.integer(value, path, "protoreflect.EnumNumber")
        if isinstance(number, int):
            return schema.name_of(number) or number
        return number

    def duration(self, value: object, path: JsonPath) -> str | _Failed:
        if not isinstance(value, str):
            return self.fail(path, cannot_unmarshal(value, "string"))
        from vocheck.kuma.duration import duration_error  # probes and a Mesh's CA timeouts only: loaded by the first

        problem = duration_error(value)
        if problem is not None:
            return self.fail(path, f"bad Duration: {problem}")
        return value


def _json_integer(literal: str, *, signed: bool) -> int | None:
    """encoding/json's ParseInt / ParseUint of a number literal (no fraction, no exponent)."""
    pattern = r"-?[0-9]+" if signed else r"[0-9]+"
    if re.fullmatch(pattern, literal, re.ASCII) is None or len(literal) > 21:
        return None
    return int(literal)


def _zero(field: FieldSchema) -> object:
    return {
        "string": "",
        "bool": False,
        "bytes": b"",
        "uint32": 0,
        "int32": 0,
        "double": 0.0,
        "duration": "",
        "struct": {},
    }.get(
        field.kind, field.enum.values[0] if field.enum else ""
    )


@functools.cache
def _surrogate() -> re.Pattern[str]:
    """Compiled on first use: only a string that is not ASCII is looked into."""
    return re.compile("[\ud800-\udfff]")


def _well_formed(text: str) -> str:
    """Go's JSON decoder turns what is not UTF-8 (here: lone surrogates) into U+FFFD."""
    return _surrogate().sub("\ufffd", text)


def _plan(schema: MessageSchema) -> tuple[tuple[str, str, FieldSchema], ...]:
    """The (proto name, JSON name, field) triples of ``schema``, computed once per schema."""
    cached = _PLANS.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    plan = tuple((*field.names, field) for field in schema.fields)
    _PLANS[id(schema)] = (schema, plan)
    return plan


def _has_non_finite(value: object) -> bool:
    """Whether any float in ``value`` is NaN or infinite (the cheap question asked first)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if item.__class__ is str:
            continue  # most leaves; a cheap test to rule them out first
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, float) and not math.isfinite(item):
            return True
    return False


def _non_finite(value: object, path: JsonPath) -> DecodeError | None:
    """sigs.k8s.io/yaml cannot write NaN or infinities as JSON: the whole document fails."""
    if isinstance(value, float) and not math.isfinite(value):
        text = "NaN" if math.isnan(value) else "+Inf" if value > 0 else "-Inf"
        return DecodeError(path, f"json: unsupported value: {text}")
    if isinstance(value, dict):
        # json.Marshal writes map keys sorted, so it meets the first one in that order.
        for key in sorted(value, key=lambda item: item.encode("utf-8", "surrogatepass")):
            found = _non_finite(value[key], (*path, key))
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _non_finite(item, (*path, index))
            if found is not None:
                return found
    return None


def decode_message(schema: MessageSchema, data: object, build: Callable[[Plain, object], T]) -> Decoded[T]:
    non_finite = _non_finite(data, ()) if _has_non_finite(data) else None
    if non_finite is not None:
        return Decoded(None, (non_finite,))
    decoder = _Decoder()
    plain = decoder.message(schema, data, ())
    if decoder.errors or isinstance(plain, _Failed):
        return Decoded(None, tuple(decoder.errors))
    return Decoded(build(plain, data))
