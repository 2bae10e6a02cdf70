"""Go's ``strconv.Quote`` (what ``%q`` prints for a string), byte for byte."""

from __future__ import annotations

import re

from bisect import bisect_right

from vocheck.kuma.printable import PRINTABLE_RANGES

_RANGE_STARTS = tuple(first for first, _ in PRINTABLE_RANGES)

_NAMED_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    '"': '\\"',
    "\\": "\\\\",
}


def is_go_printable(code_point: int) -> bool:
    """Go's ``strconv.IsPrint``: letters, marks, numbers, punctuation, symbols and ASCII space."""
    index = bisect_right(_RANGE_STARTS, code_point) - 1
    return index >= 0 and code_point <= PRINTABLE_RANGES[index][1]


def _escape(character: str) -> str:
    named = _NAMED_ESCAPES.get(character)
    if named is not None:
        return named
    code_point = ord(character)
    if is_go_printable(code_point):
        return character
    if code_point < 0x20 or code_point == 0x7F:
        return f"\\x{code_point:02x}"
    if 0xDC80 <= code_point <= 0xDCFF:
        # The template engine hands back a byte that is not UTF-8 as a lone
        # surrogate (Python's surrogateescape); Go escapes that byte alone.
        return f"\\x{code_point - 0xDC00:02x}"
    if 0xD800 <= code_point <= 0xDFFF:
        # Any other lone surrogate: Go would see its three WTF-8 bytes, none valid.
        raw = character.encode("utf-8", "surrogatepass")
        return "".join(f"\\x{byte:02x}" for byte in raw)
    if code_point < 0x10000:
        return f"\\u{code_point:04x}"
    return f"\\U{code_point:08x}"


_PLAIN_ASCII = re.compile(r'[ !#-\[\]-~]*')


def go_quote(text: str) -> str:
    """Quote ``text`` as Go's ``strconv.Quote`` (and so ``fmt``'s ``%q``) does."""
    if _PLAIN_ASCII.fullmatch(text):
        return f'"{text}"'  # printable ASCII without quotes or backslashes: nothing to escape
    return '"' + "".join(_escape(character) for character in text) + '"'


def go_bytes(text: str) -> bytes:
    """The bytes Go holds for ``text``: U+DC80..U+DCFF stand for single stray bytes."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return b"".join(
            bytes([ord(character) - 0xDC00])
            if 0xDC80 <= ord(character) <= 0xDCFF
            else character.encode("utf-8", "surrogatepass")
            for character in text
        )
