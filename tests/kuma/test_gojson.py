"""encoding/json's number text and syntax-error wording, checked against outputs of Go 1.26.5."""

from __future__ import annotations

import pytest

from vocheck.kuma.gojson import JsonSyntaxError, check_json, go_float, go_json_string

FLOATS = [
    (80.0, "80"),
    (80.5, "80.5"),
    (1e21, "1e+21"),
    (1e20, "100000000000000000000"),
    (1.5e-7, "1.5e-7"),
    (1e-6, "0.000001"),
    (123456789.125, "123456789.125"),
    (1e100, "1e+100"),
    (-2.5e-10, "-2.5e-10"),
    (0.000001234, "0.000001234"),
    (-0.0, "-0"),
    (1.7976931348623157e308, "1.7976931348623157e+308"),
    (5e-324, "5e-324"),
    (99999999999999999999999.0, "1e+23"),
]


@pytest.mark.parametrize(("value", "expected"), FLOATS)
def test_go_float(value: float, expected: str) -> None:
    assert go_float(value) == expected


SYNTAX = [
    ("", "unexpected end of JSON input"),
    ("-", "invalid character ' ' in numeric literal"),
    ("80a", "invalid character 'a' after top-level value"),
    ("http", "invalid character 'h' looking for beginning of value"),
    ("0x50", "invalid character 'x' after top-level value"),
    ("1.x", "invalid character 'x' after decimal point in numeric literal"),
    ("1ex", "invalid character 'x' in exponent of numeric literal"),
    ("nope", "invalid character 'o' in literal null (expecting 'u')"),
    ("tru", "invalid character ' ' in literal true (expecting 'e')"),
    ("[1 2]", "invalid character '2' after array element"),
    ('{"a" 1}', "invalid character '1' after object key"),
    ("{1}", "invalid character '1' looking for beginning of object key string"),
    ('"a\\q"', "invalid character 'q' in string escape code"),
    ('"\\u12x4"', "invalid character 'x' in \\u hexadecimal character escape"),
    ('"a\x01"', "invalid character '\\x01' in string literal"),
    ("é", "invalid character 'Ã' looking for beginning of value"),
    ('{"a":1 x', "invalid character 'x' after object key:value pair"),
    ("\\u003c80", "invalid character '\\\\' looking for beginning of value"),
]


@pytest.mark.parametrize(("text", "expected"), SYNTAX)
def test_check_json_words_errors_like_go(text: str, expected: str) -> None:
    with pytest.raises(JsonSyntaxError) as caught:
        check_json(text)
    assert str(caught.value) == expected


@pytest.mark.parametrize("text", ["1.5", "null", " 80 ", "[1, {\"a\": [true, false]}]", '"\\u00e9"', "-0.5e+3"])
def test_check_json_accepts_valid_json(text: str) -> None:
    check_json(text)


def test_go_json_string_escapes_like_json_marshal() -> None:
    assert go_json_string('a\b\f\n\x01<>&\u2028"\\é\x7f') == '"a\\b\\f\\n\\u0001\\u003c\\u003e\\u0026\\u2028\\"\\\\é\x7f"'
