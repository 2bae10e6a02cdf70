"""Go's ``strconv`` quoting: ``Quote``, ``QuoteToASCII``, ``QuoteToGraphic``, ``QuoteRune``, ``Unquote``.

Which runes print as themselves follows Go's own Unicode tables
(:mod:`.unicodetables`), not the Python interpreter's: Go 1.26 knows
Unicode 15.0, Python 3.11 only 14.0.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right

from .gobytes import from_bytes

# Go's tables load on the first rune past ASCII: most messages never quote one, and
# importing them is a tenth of a one-file run's start-up.
@functools.cache
def _print_ranges() -> tuple[tuple[int, ...], tuple[int, ...]]:
    from .unicodetables import PRINT_RANGES

    return tuple(first for first, _ in PRINT_RANGES), tuple(last for _, last in PRINT_RANGES)


@functools.cache
def _graphic_only() -> frozenset[int]:
    from .unicodetables import GRAPHIC_ONLY_RANGES

    return frozenset(code for first, last in GRAPHIC_ONLY_RANGES for code in range(first, last + 1))


_NAMED_ESCAPES = {7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}


@functools.cache
def _plain_ascii() -> re.Pattern[str]:
    """Printable ASCII without a double quote or backslash: nothing to escape (compiled when first quoting)."""
    return re.compile(r'[ !#-\[\]-~]*')


def is_print(rune: int) -> bool:
    """``strconv.IsPrint``: letters, marks, numbers, punctuation, symbols and the ASCII space."""
    if rune < 0x80:
        return 0x20 <= rune < 0x7F
    starts, ends = _print_ranges()
    index = bisect_right(starts, rune) - 1
    return index >= 0 and rune <= ends[index]


def is_graphic(rune: int) -> bool:
    """``strconv.IsGraphic``: ``IsPrint`` plus the other Unicode spaces (category Zs)."""
    return is_print(rune) or (rune >= 0x80 and rune in _graphic_only())


def _escape_rune(rune: int, quote_char: str, mode: str) -> str:
    """``appendEscapedRune``: ``mode`` is "" (Quote), "ascii" or "graphic"."""
    if rune == ord(quote_char) or rune == 0x5C:
        return "\\" + chr(rune)
    if mode == "ascii":
        if rune < 0x80 and is_print(rune):
            return chr(rune)
    elif is_print(rune) or (mode == "graphic" and rune >= 0x80 and rune in _graphic_only()):
        return chr(rune)
    named = _NAMED_ESCAPES.get(rune)
    if named is not None:
        return named
    if rune < 0x20 or rune == 0x7F:
        return f"\\x{rune:02x}"
    if rune > 0x10FFFF or 0xD800 <= rune <= 0xDFFF or rune < 0:
        rune = 0xFFFD
    if rune < 0x10000:
        return f"\\u{rune:04x}"
    return f"\\U{rune:08x}"


def _quote_with(text: str, quote_char: str, mode: str) -> str:
    if quote_char == '"' and _plain_ascii().fullmatch(text):
        return f'"{text}"'
    parts = [quote_char]
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            # A byte that is not UTF-8: Go escapes that byte alone.
            parts.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            # Any other lone surrogate: Go sees its three WTF-8 bytes, none valid.
            parts.extend(f"\\x{byte:02x}" for byte in char.encode("utf-8", "surrogatepass"))
        else:
            parts.append(_escape_rune(code, quote_char, mode))
    parts.append(quote_char)
    return "".join(parts)


def quote(text: str) -> str:
    """``strconv.Quote`` (what ``%q`` prints for a string)."""
    return _quote_with(text, '"', "")


def quote_to_ascii(text: str) -> str:
    """``strconv.QuoteToASCII`` (``%+q``)."""
    return _quote_with(text, '"', "ascii")


def quote_to_graphic(text: str) -> str:
    """``strconv.QuoteToGraphic``."""
    return _quote_with(text, '"', "graphic")


def quote_rune(rune: int) -> str:
    """``strconv.QuoteRune``: an invalid rune is quoted as U+FFFD."""
    if rune > 0x10FFFF or 0xD800 <= rune <= 0xDFFF or rune < 0:
        rune = 0xFFFD
    return "'" + _escape_rune(rune, "'", "") + "'"


def quote_rune_to_ascii(rune: int) -> str:
    """``strconv.QuoteRuneToASCII``."""
    if rune > 0x10FFFF or 0xD800 <= rune <= 0xDFFF or rune < 0:
        rune = 0xFFFD
    return "'" + _escape_rune(rune, "'", "ascii") + "'"


def can_backquote(text: str) -> bool:
    """``strconv.CanBackquote``: one line, no backquote, no control character but tab."""
    for char in text:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF or code == 0xFEFF:
            return False
        if code < 0x80:
            if char == "`" or code == 0x7F or (code < 0x20 and char != "\t"):
                return False
    return True


class SyntaxErrorInQuote(ValueError):
    """Go's ``strconv.ErrSyntax``."""

    def __init__(self) -> None:
        super().__init__("invalid syntax")


_SIMPLE_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 0x5C}
_HEX_LENGTHS = {"x": 2, "u": 4, "U": 8}


def unquote_char(text: str, quote_char: str) -> tuple[int, bool, str]:
    """``strconv.UnquoteChar``: (value, multibyte, tail), or SyntaxErrorInQuote."""
    if not text:
        raise SyntaxErrorInQuote()
    first = text[0]
    if first == quote_char and quote_char in "'\"":
        raise SyntaxErrorInQuote()
    if ord(first) >= 0x80:
        # A byte that is not UTF-8 reads as utf8.RuneError.
        return (0xFFFD if 0xD800 <= ord(first) <= 0xDFFF else ord(first)), True, text[1:]
    if first != "\\":
        return ord(first), False, text[1:]
    if len(text) <= 1:
        raise SyntaxErrorInQuote()
    kind, rest = text[1], text[2:]
    if kind in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[kind], False, rest
    if kind in _HEX_LENGTHS:
        return _unquote_hex(kind, rest)
    if "0" <= kind <= "7":
        digits = kind + rest[:2]
        if len(rest) < 2 or any(not "0" <= digit <= "7" for digit in rest[:2]):
            raise SyntaxErrorInQuote()
        value = int(digits, 8)
        if value > 255:
            raise SyntaxErrorInQuote()
        return value, False, rest[2:]
    if kind in "'\"" and kind == quote_char:
        return ord(kind), False, rest
    raise SyntaxErrorInQuote()


def _unquote_hex(kind: str, rest: str) -> tuple[int, bool, str]:
    size = _HEX_LENGTHS[kind]
    digits = rest[:size]
    if len(digits) < size or any(digit not in "0123456789abcdefABCDEF" for digit in digits):
        raise SyntaxErrorInQuote()
    value = int(digits, 16)
    if kind == "x":
        return value, False, rest[size:]
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        raise SyntaxErrorInQuote()
    return value, True, rest[size:]


def unquote(literal: str) -> str:
    """``strconv.Unquote``: a double-quoted, single-quoted (one character) or raw literal."""
    if len(literal) < 2 or literal[0] != literal[-1]:
        raise SyntaxErrorInQuote()
    quote_char, body = literal[0], literal[1:-1]
    if quote_char == "`":
        if "`" in body:
            raise SyntaxErrorInQuote()
        return body.replace("\r", "")
    if quote_char not in "\"'" or "\n" in body:
        raise SyntaxErrorInQuote()
    if "\\" not in body and quote_char not in body and not _has_stray_bytes(body):
        if quote_char == '"' or len(body) == 1:
            return body
    out = bytearray()
    rest = body
    while rest:
        value, multibyte, rest = unquote_char(rest, quote_char)
        if value < 0x80 or not multibyte:
            out.append(value)
        else:
            out += chr(value).encode("utf-8", "surrogatepass")
        if quote_char == "'":
            # A single-quoted literal holds exactly one character.
            if rest:
                raise SyntaxErrorInQuote()
            break
    else:
        if quote_char == "'":
            raise SyntaxErrorInQuote()
    return from_bytes(bytes(out))


def _has_stray_bytes(text: str) -> bool:
    return not text.isascii() and any(0xD800 <= ord(char) <= 0xDFFF for char in text)
