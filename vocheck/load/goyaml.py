"""Plain YAML scalars resolved the way Kuma's YAML library (go-yaml v2) resolves them.

PyYAML follows YAML 1.1 differently: it reads ``2024-01-01`` as a date and
leaves ``y`` and ``n`` as strings. Kuma decides whether a value is a string
(and so whether a field is accepted) with go-yaml v2's rules, so vocheck
uses the same ones.
"""

from __future__ import annotations

import functools
import math
import re

from vocheck.golang import atof, atoi, ftoa

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


@functools.cache
def _yaml_float() -> re.Pattern[str]:
    """Compiled on first use: a file whose plain scalars are all words or integers never needs it."""
    return re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


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
    # No integer syntax has a ".": skip two failing parses for the usual "1.5".
    if "." not in plain:
        try:
            return atoi.parse_int(plain, 0, 64)
        except atoi.NumError:
            pass
        try:
            return atoi.parse_uint(plain, 0, 64)
        except atoi.NumError:
            pass
    if _yaml_float().fullmatch(plain):
        return _parse_float(plain, text)
    return text


def _parse_float(text: str, original: str) -> Scalar:
    # Out of float64's range, or not Go's syntax: go-yaml keeps the string.
    try:
        return atof.parse_float(text, 64)
    except atoi.NumError:
        return original


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
    return ftoa.format_g(value)

