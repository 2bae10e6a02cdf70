"""vocheck.golang and the template engine against Go 1.26.5's own answers (strconv.jsonl, templates.jsonl)."""

from __future__ import annotations

import base64
import json
import math
import struct
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from vocheck.golang import atof, atoi, ftoa, jsonenc
from vocheck.golang.gobytes import from_bytes
from vocheck.golang.quote import (
    SyntaxErrorInQuote,
    can_backquote,
    is_graphic,
    is_print,
    quote,
    quote_rune,
    quote_rune_to_ascii,
    quote_to_ascii,
    quote_to_graphic,
    unquote,
)
from vocheck.golang.runes import is_digit, is_letter
from vocheck.gotemplate import TemplateError, parse
from vocheck.gotemplate.printf import sprintf

HERE = Path(__file__).resolve().parent
Case = dict[str, Any]


def _load(name: str) -> list[Case]:
    with (HERE / name).open(encoding="utf-8") as corpus:
        return [json.loads(line) for line in corpus]


STRCONV = _load("strconv.jsonl")
TEMPLATES = _load("templates.jsonl")


def _text(case: Case, name: str) -> str | None:
    if name in case:
        return str(case[name])
    if name + "_base64" in case:
        return from_bytes(base64.b64decode(case[name + "_base64"]))
    return None


def _float(case: Case) -> float:
    raw = bytes.fromhex(case["bits"])
    value: float = struct.unpack(">f" if case["size"] == 32 else ">d", raw)[0]
    return value


def _bits(value: float, size: int) -> str:
    return struct.pack(">f" if size == 32 else ">d", value).hex()


def _rune(case: Case) -> dict[str, object]:
    rune = case["rune"]
    valid = 0 <= rune <= 0x10FFFF and not 0xD800 <= rune <= 0xDFFF
    # Go's string(rune) of an invalid rune is U+FFFD.
    one = chr(rune) if valid else "\ufffd"
    return {
        "IsPrint": is_print(rune) if valid else False,
        "IsGraphic": is_graphic(rune) if valid else False,
        "Quote": quote(one),
        "QuoteToASCII": quote_to_ascii(one),
        "QuoteToGraphic": quote_to_graphic(one),
        "QuoteRune": quote_rune(rune),
        "QuoteRuneToASCII": quote_rune_to_ascii(rune),
        "CanBackquote": can_backquote(one),
        "IsLetter": is_letter(rune) if valid else False,
        "IsDigit": is_digit(rune) if valid else False,
    }


def _parse(case: Case) -> dict[str, object]:
    text = _text(case, "s") or ""
    try:
        if case["op"] == "ParseFloat":
            return {"out": _bits(atof.parse_float(text, case["size"]), case["size"])}
        parse_number = atoi.parse_int if case["op"] == "ParseInt" else atoi.parse_uint
        return {"out": str(parse_number(text, case["base"], case["size"]))}
    except atoi.NumError as error:
        out = _bits(float(error.value), case["size"]) if case["op"] == "ParseFloat" else str(error.value)
        return {"out": out, "err": str(error)}


def _unquote(case: Case) -> dict[str, object]:
    try:
        return {"out": unquote(case["s"])}
    except SyntaxErrorInQuote as error:
        return {"err": str(error)}


def _sprintf(case: Case) -> str:
    """fmt.Sprintf of one float: the template engine's printf for float64, ftoa's %v/%g for float32."""
    if case["size"] == 64:
        return sprintf(case["format"], [_float(case)])
    return ftoa.format_g(_float(case), 32)


EXPECTED_KEYS = {"rune": ("IsPrint", "IsGraphic", "Quote", "QuoteToASCII", "QuoteToGraphic", "QuoteRune",
                          "QuoteRuneToASCII", "CanBackquote", "IsLetter", "IsDigit")}
STRING_OPS: dict[str, Callable[[str], object]] = {
    "Quote": quote, "QuoteToASCII": quote_to_ascii, "QuoteToGraphic": quote_to_graphic, "CanBackquote": can_backquote,
    "JSONString": jsonenc.quote_string,
}


def _answer(case: Case) -> dict[str, object]:
    op = case["op"]
    if op == "rune":
        return _rune(case)
    if op in STRING_OPS:
        return {"out": STRING_OPS[op](_text(case, "s") or "")}
    if op == "Unquote":
        return _unquote(case)
    if op in ("ParseInt", "ParseUint", "ParseFloat"):
        return _parse(case)
    if op == "FormatFloat":
        return {"out": ftoa.format_float(_float(case), case["fmt"], case["prec"], case["size"])}
    if op == "JSONFloat":
        value = _float(case)
        if math.isnan(value) or math.isinf(value):
            return {"err": f"json: unsupported value: {ftoa.format_g(value)}"}
        return {"out": jsonenc.format_float(value, case["size"])}
    raise AssertionError(op)


def _go(case: Case) -> dict[str, object]:
    keys = EXPECTED_KEYS.get(case["op"], ("out", "err"))
    answer: dict[str, object] = {}
    for key in keys:
        value = _text(case, key) if key in ("out", "err") and not isinstance(case.get(key), bool) else case.get(key)
        if key in case or key + "_base64" in case:
            answer[key] = value
    return answer


OPS = sorted({case["op"] for case in STRCONV if case["op"] != "Sprintf"})


def test_corpus_covers_every_unicode_drift_of_this_python() -> None:
    # Python 3.11 knows Unicode 14; Go 1.26 knows 15: every code point they disagree on is a case.
    drift = [case["rune"] for case in STRCONV if case["op"] == "rune" and 0 <= case["rune"] <= 0x10FFFF
             and not 0xD800 <= case["rune"] <= 0xDFFF and chr(case["rune"]).isprintable() != case["IsPrint"]]
    if unicodedata.unidata_version == "14.0.0":
        assert len(drift) == 4482
    templated = {ord(case["data"]["a"]) for case in TEMPLATES if "a" in case["data"]}
    assert set(drift) <= templated
    # Likewise for the letters and digits Go's lexer takes into names.
    named = [case["rune"] for case in STRCONV if case["op"] == "rune" and 0 <= case["rune"] <= 0x10FFFF
             and not 0xD800 <= case["rune"] <= 0xDFFF
             and (chr(case["rune"]).isalpha() != case["IsLetter"] or chr(case["rune"]).isdecimal() != case["IsDigit"])]
    if unicodedata.unidata_version == "14.0.0":
        assert len(named) == 4368


@pytest.mark.parametrize("op", OPS)
def test_strconv_matches_go(op: str) -> None:
    cases = [case for case in STRCONV if case["op"] == op]
    assert cases
    wrong = [(case, _answer(case), _go(case)) for case in cases if _answer(case) != _go(case)]
    assert not wrong, f"{len(wrong)} of {len(cases)} differ; first: {wrong[:3]}"


def test_fmt_of_floats_matches_go() -> None:
    # Only %v and %g of a float32 are reproduced (vocheck never formats float32 otherwise).
    cases = [case for case in STRCONV
             if case["op"] == "Sprintf" and (case["size"] == 64 or case["format"] in ("%v", "%g"))]
    assert len(cases) > 1000
    wrong = [(case, _sprintf(case)) for case in cases if _sprintf(case) != case["out"]]
    assert not wrong, f"{len(wrong)} of {len(cases)} differ; first: {wrong[:3]}"


def _execute(case: Case) -> tuple[str | None, str | None]:
    try:
        return parse(case["template"]).execute(case["data"]), None
    except TemplateError as error:
        return None, str(error)


def test_templates_match_go() -> None:
    wrong = []
    for case in TEMPLATES:
        expected = (_text(case, "output"), _text(case, "error"))
        actual = _execute(case)
        if actual != expected:
            wrong.append((case["template"], actual, expected))
    assert not wrong, f"{len(wrong)} of {len(TEMPLATES)} differ; first: {wrong[:3]}"


@pytest.mark.parametrize(
    ("template", "data", "expected"),
    [
        ('{{printf "%q" .a}}', {"a": "\u0cf3"}, '"\u0cf3"'),
        ('{{printf "%+q" .a}}', {"a": "\u0cf3"}, '"\\u0cf3"'),
        ("{{js .a}}", {"a": "\U0001fae8"}, "\U0001fae8"),
        ("{{print 1e6}}", {}, "1e+06"),
        ("{{1e21}} {{0.000001}} {{1e-7}}", {}, "1e+21 1e-06 1e-07"),
    ],
)
def test_the_two_drifts_named_in_the_issue(template: str, data: dict[str, str], expected: str) -> None:
    # U+0CF3 is printable in Unicode 15 (Go 1.26) only; fmt's %v of 1e6 is 1e+06.
    assert parse(template).execute(data) == expected


def test_yaml_float_keys_and_json_numbers_use_gos_formatting() -> None:
    assert ftoa.format_g(1e6) == "1e+06"
    assert jsonenc.format_float(1e6) == "1000000"
    assert jsonenc.format_float(1e21) == "1e+21"
    assert jsonenc.format_float(1e-7) == "1e-7"
