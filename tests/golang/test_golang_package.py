"""vocheck.golang is Go's standard library alone: it stands on its own, and its tables are Go's."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from vocheck.golang import unicodetables
from vocheck.golang.atoi import NumError, parse_int, parse_uint
from vocheck.golang.quote import is_graphic, is_print, quote, quote_to_ascii
from vocheck.kuma.netaddr import external_service_port

PACKAGE = Path(__file__).resolve().parents[2] / "vocheck" / "golang"


@pytest.mark.parametrize("module", sorted(PACKAGE.glob("*.py")), ids=lambda path: path.name)
def test_imports_nothing_else_of_vocheck(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            assert not (node.module or "").startswith("vocheck"), f"{module.name} imports {node.module}"
        if isinstance(node, ast.Import):
            assert not any(alias.name.startswith("vocheck") for alias in node.names), module.name


def test_tables_come_from_go_1_26() -> None:
    assert unicodetables.GO_VERSION == "go1.26.5"
    assert unicodetables.UNICODE_VERSION == "15.0.0"


@pytest.mark.parametrize(
    ("rune", "printable", "graphic"),
    [
        (0x20, True, True), (0x7E, True, True), (0x7F, False, False), (0xA0, False, True), (0xAD, False, False),
        (0x3000, False, True), (0x0CF3, True, True), (0x1FAE8, True, True), (0x2EBF0, False, False),
        (0x10FFFF, False, False),
    ],
)
def test_printability_follows_gos_tables(rune: int, printable: bool, graphic: bool) -> None:
    assert is_print(rune) is printable
    assert is_graphic(rune) is graphic


def test_quote_keeps_unicode_15_characters() -> None:
    # Kannada U+0CF3 is new in Unicode 15: Go prints it; Python 3.11's tables call it unassigned.
    assert quote("\u0cf3") == '"\u0cf3"'
    assert quote_to_ascii("\u0cf3") == '"\\u0cf3"'


@pytest.mark.parametrize(
    ("call", "message", "value"),
    [
        (lambda: parse_int("9223372036854775808"), 'strconv.ParseInt: parsing "9223372036854775808": value out of range',
         (1 << 63) - 1),
        (lambda: parse_uint("-1"), 'strconv.ParseUint: parsing "-1": invalid syntax', 0),
        (lambda: parse_uint("4294967296", 10, 32), 'strconv.ParseUint: parsing "4294967296": value out of range',
         (1 << 32) - 1),
        (lambda: parse_int("1", 1), 'strconv.ParseInt: parsing "1": invalid base 1', 0),
        (lambda: parse_int("1", 10, 65), 'strconv.ParseInt: parsing "1": invalid bit size 65', 0),
        (lambda: parse_int("é"), 'strconv.ParseInt: parsing "é": invalid syntax', 0),
    ],
)
def test_parse_errors_are_worded_as_go_words_them(call: object, message: str, value: int) -> None:
    with pytest.raises(NumError) as raised:
        call()  # type: ignore[operator]
    assert str(raised.value) == message
    assert raised.value.value == value


def test_thousands_of_digits_are_a_range_error_not_a_crash() -> None:
    # Python's int() refuses more than 4,300 digits; Go just reports the range.
    digits = "1" * 5000
    with pytest.raises(NumError) as raised:
        parse_int(digits)
    assert raised.value.reason == "value out of range"
    assert external_service_port("example.com:" + digits) == 0
    assert external_service_port("example.com:443") == 443
