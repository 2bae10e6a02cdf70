"""Go's strconv.Quote, checked against outputs of Go 1.26.5."""

from __future__ import annotations

import pytest

from vocheck.kuma.quote import go_quote, is_go_printable

# (input, what Go's strconv.Quote printed for it)
QUOTED = [
    ("", '""'),
    ("abc", '"abc"'),
    ('a"b\\c', '"a\\"b\\\\c"'),
    ("\u00a0", '"\\u00a0"'),
    ("\x7f", '"\\x7f"'),
    ("\u200b", '"\\u200b"'),
    ("é", '"é"'),
    ("😀", '"😀"'),
    ("\n\t\r\a\b\f\v", '"\\n\\t\\r\\a\\b\\f\\v"'),
    ("\x00", '"\\x00"'),
    ("\x1b", '"\\x1b"'),
    ("\ufffd", '"\ufffd"'),
    ("\U000e0001", '"\\U000e0001"'),
    ("\u2028", '"\\u2028"'),
    # Unicode 15.0 (Go 1.26) knows U+1FAE8; Python 3.11's tables do not.
    ("\U0001fae8", '"\U0001fae8"'),
    # Unicode 15.1 (newer Pythons) knows U+2EBF0; Go 1.26 does not.
    ("\U0002ebf0", '"\\U0002ebf0"'),
    ("'", "\"'\""),
    ("`", '"`"'),
    ("\u0378", '"\\u0378"'),
    ("\U0010ffff", '"\\U0010ffff"'),
    ("\u00ad", '"\\u00ad"'),
    ("\u3000", '"\\u3000"'),
    (" ~", '" ~"'),
    # Bytes that are not UTF-8, as the template engine returns them (surrogateescape).
    ("a\udcc3b", '"a\\xc3b"'),
    ("\udcff\udc80", '"\\xff\\x80"'),
    # Any other lone surrogate stands for its three bytes: Go's "\xed\xa0\x80".
    ("\ud800", '"\\xed\\xa0\\x80"'),
]


@pytest.mark.parametrize(("text", "expected"), QUOTED)
def test_go_quote_matches_go(text: str, expected: str) -> None:
    assert go_quote(text) == expected


def test_nested_quoting_matches_kumas_three_levels() -> None:
    inner = 'template: :1: function "mesh" not defined'
    middle = f"failed compiling gotemplate error={go_quote(inner)}"
    outer = f"template pre evaluation failed with error={go_quote(middle)}"
    assert outer == (
        'template pre evaluation failed with error="failed compiling gotemplate '
        'error=\\"template: :1: function \\\\\\"mesh\\\\\\" not defined\\""'
    )


@pytest.mark.parametrize(
    ("code_point", "printable"),
    [(0x20, True), (0x7E, True), (0x7F, False), (0xA0, False), (0xA1, True), (0x0, False), (0x10FFFF, False)],
)
def test_printable_table_edges(code_point: int, printable: bool) -> None:
    assert is_go_printable(code_point) is printable
