"""Plain YAML scalars resolved the way Kuma's YAML library (go-yaml v2) resolves them.

PyYAML follows YAML 1.1 differently: it reads ``2024-01-01`` as a date and
leaves ``y`` and ``n`` as strings. Kuma decides whether a value is a string
(and so whether a field is accepted) with go-yaml v2's rules, so vocheck
uses the same ones.
"""

from __future__ import annotations

import math
import re

Scalar = str | bool | int | float | None

_SPECIAL: dict[str, Scalar] = {}
for _words, _value in (
    ("y Y yes Yes YES true True TRUE on On ON", True),
    ("n N no No NO false False FALSE off Off OFF", False),
    ("~ null Null NULL", None),
    (".nan .NaN .NAN", math.nan),
    (".inf .Inf .INF +.inf +.Inf +.INF", math.inf),
    ("-.inf -.Inf -.INF", -math.inf),
):
    for _word in _words.split():
        _SPECIAL[_word] = _value
_SPECIAL[""] = None

# Only scalars starting with one of these can resolve to something other than a string.
_CANDIDATE_START = frozenset("+-.0123456789yYnNtTfFoO~")
_YAML_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INT64_MIN = -(1 << 63)
_INT64_MAX = (1 << 63) - 1
_UINT64_MAX = (1 << 64) - 1
_PREFIXED = {"0x": 16, "0o": 8, "0b": 2}


def resolve_plain(text: str) -> Scalar:
    """Resolve an unquoted, untagged scalar to the value Kuma would see."""
    if text in _SPECIAL:
        return _SPECIAL[text]
    if text[0] not in _CANDIDATE_START:
        return text
    if text[0] == ".":
        return _parse_float(text, text)
    if text[0] in "+-0123456789":
        return _resolve_number(text)
    return text


def _resolve_number(text: str) -> Scalar:
    plain = text.replace("_", "")
    number = parse_go_int(plain)
    if number is not None:
        return number
    if _YAML_FLOAT.fullmatch(plain):
        return float(plain)
    return text


def _parse_float(plain: str, original: str) -> Scalar:
    # Python's float() also takes underscores and words Go's ParseFloat refuses.
    if _YAML_FLOAT.fullmatch(plain):
        return float(plain)
    return original


def parse_go_int(text: str) -> int | None:
    """Go's ``strconv.ParseInt(text, 0, 64)``, then ``ParseUint``, on text without ``_``.

    Returns None when both fail. Base 0 allows the prefixes ``0x``, ``0o``
    and ``0b``, a leading ``0`` for octal, and (ParseInt only) a sign.
    """
    signed = text[:1] in ("+", "-")
    body = text[1:] if signed else text
    if not body:
        return None
    base = 10
    prefix = body[:2].lower()
    if prefix in _PREFIXED:
        base = _PREFIXED[prefix]
        body = body[2:]
    elif len(body) > 1 and body[0] == "0":
        base = 8
        body = body[1:]
    if not body or not all(_digit_value(char) < base for char in body):
        return None
    value = int(body, base)
    if text[:1] == "-":
        value = -value
    limit = _INT64_MAX if signed else _UINT64_MAX
    if value < _INT64_MIN or value > limit:
        return None
    return value


def _digit_value(char: str) -> int:
    if "0" <= char <= "9":
        return ord(char) - ord("0")
    if "a" <= char.lower() <= "z":
        return ord(char.lower()) - ord("a") + 10
    return 99


def key_string(value: Scalar) -> str:
    """A non-string mapping key as Kuma's YAML-to-JSON step turns it into a string."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return format_go_float(value)


def format_go_float(value: float) -> str:
    """Go's ``strconv.FormatFloat(value, 'g', -1, 64)``, enough for map keys."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    text = repr(value)
    if text.endswith(".0"):
        text = text[:-2]
    if "e" in text:
        mantissa, exponent = text.split("e")
        sign = "-" if exponent.startswith("-") else "+"
        digits = exponent.lstrip("+-").rjust(2, "0")
        text = f"{mantissa}e{sign}{digits}"
    return text
