"""Go strings held in Python ``str``: byte views, rune views, quoting and unquoting.

A Go string is a byte sequence that need not be valid UTF-8. vocheck holds it
in a ``str`` where each byte that is not part of valid UTF-8 appears as a lone
surrogate ``U+DC80``..``U+DCFF`` (Python's ``surrogateescape``). One such
character is one Go rune (``utf8.RuneError`` of width 1), so ``len(text)`` is
Go's rune count.
"""

from __future__ import annotations

import codecs

_HANDLER = "vocheck-gobytes"


def _encode_surrogates(error: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    piece = error.object[error.start : error.end]
    out = bytearray()
    for char in piece:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(code - 0xDC00)
        else:
            out += char.encode("utf-8", "surrogatepass")
    return bytes(out), error.end


codecs.register_error(_HANDLER, _encode_surrogates)


def to_bytes(text: str) -> bytes:
    """The Go bytes a vocheck string stands for."""
    return text.encode("utf-8", _HANDLER)


def from_bytes(data: bytes) -> str:
    """The vocheck string for Go bytes."""
    return data.decode("utf-8", "surrogateescape")


def normalize(text: str) -> str:
    """Re-pair escaped bytes that form valid UTF-8 once concatenated."""
    if text.isascii():
        return text
    return from_bytes(to_bytes(text))


def is_escaped_byte(char: str) -> bool:
    return "\udc80" <= char <= "\udcff"


def is_print(rune: int) -> bool:
    """Go's ``strconv.IsPrint``: letters, marks, numbers, punctuation, symbols, space."""
    if rune < 0x80:
        return 0x20 <= rune < 0x7F
    if 0xD800 <= rune <= 0xDFFF or rune > 0x10FFFF:
        return False
    return chr(rune).isprintable()


_NAMED_ESCAPES = {7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}


def _escape_rune(rune: int, quote: str, ascii_only: bool) -> str:
    if rune == ord(quote) or rune == 0x5C:
        return "\\" + chr(rune)
    if ascii_only:
        if rune < 0x80 and is_print(rune):
            return chr(rune)
    elif is_print(rune):
        return chr(rune)
    named = _NAMED_ESCAPES.get(rune)
    if named is not None:
        return named
    if rune < 0x20 or rune == 0x7F:
        return f"\\x{rune:02x}"
    if rune > 0x10FFFF or 0xD800 <= rune <= 0xDFFF:
        rune = 0xFFFD
    if rune < 0x10000:
        return f"\\u{rune:04x}"
    return f"\\U{rune:08x}"


def quote(text: str, ascii_only: bool = False, quote_char: str = '"') -> str:
    """Go's ``strconv.Quote`` (or ``QuoteToASCII``) of a vocheck string."""
    parts = [quote_char]
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            parts.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            parts.extend(f"\\x{byte:02x}" for byte in char.encode("utf-8", "surrogatepass"))
        else:
            parts.append(_escape_rune(code, quote_char, ascii_only))
    parts.append(quote_char)
    return "".join(parts)


def quote_rune(rune: int, ascii_only: bool = False) -> str:
    """Go's ``strconv.QuoteRune`` (or ``QuoteRuneToASCII``)."""
    if rune > 0x10FFFF or 0xD800 <= rune <= 0xDFFF or rune < 0:
        rune = 0xFFFD
    return "'" + _escape_rune(rune, "'", ascii_only) + "'"


def can_backquote(text: str) -> bool:
    """Go's ``strconv.CanBackquote``."""
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
    """Go's ``strconv.UnquoteChar``: (value, multibyte, tail) or SyntaxErrorInQuote."""
    if not text:
        raise SyntaxErrorInQuote()
    first = text[0]
    if first == quote_char and quote_char in "'\"":
        raise SyntaxErrorInQuote()
    if ord(first) >= 0x80:
        return ord(first), True, text[1:]
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
    """Go's ``strconv.Unquote`` for a double-quoted or raw string literal."""
    if len(literal) < 2 or literal[0] != literal[-1]:
        raise SyntaxErrorInQuote()
    quote_char, body = literal[0], literal[1:-1]
    if quote_char == "`":
        if "`" in body:
            raise SyntaxErrorInQuote()
        return body.replace("\r", "")
    if quote_char != '"' or "\n" in body:
        raise SyntaxErrorInQuote()
    if "\\" not in body and '"' not in body:
        return body
    out = bytearray()
    while body:
        value, multibyte, body = unquote_char(body, '"')
        if value < 0x80 or not multibyte:
            out.append(value)
        else:
            out += chr(value).encode("utf-8", "surrogatepass")
    return from_bytes(bytes(out))


def line_column(text: str, pos: int) -> tuple[int, int]:
    """Go's line (1-based) and column (0-based byte count) for byte offset ``pos``."""
    prefix = to_bytes(text)[:pos]
    last = prefix.rfind(b"\n")
    return 1 + prefix.count(b"\n"), pos if last < 0 else pos - last - 1
