"""How Go's ``encoding/json`` writes numbers and strings, and words its errors."""

from __future__ import annotations

import struct

from . import ftoa
from .quote import quote

# The float32 nearest 1e-6 and 1e21: the bounds encoding/json compares a float32 with.
_FLOAT32_MILLIONTH: float = struct.unpack("<f", struct.pack("<f", 1e-6))[0]
_FLOAT32_1E21: float = struct.unpack("<f", struct.pack("<f", 1e21))[0]

UNEXPECTED_END = "unexpected end of JSON input"
_WHITESPACE = b" \t\r\n"
_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def json_type(value: object) -> str:
    """The word encoding/json uses for a JSON value in ``cannot unmarshal X into ...``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    return "object"


def format_float(value: float, bit_size: int = 64) -> str:
    """encoding/json's text for a float: shortest digits, exponent form outside [1e-6, 1e21)."""
    magnitude = abs(value)
    low, high = (1e-6, 1e21) if bit_size == 64 else (_FLOAT32_MILLIONTH, _FLOAT32_1E21)
    exponent_form = magnitude != 0 and (magnitude < low or magnitude >= high)
    text = ftoa.format_float(value, "e" if exponent_form else "f", -1, bit_size)
    if exponent_form and len(text) >= 4 and text[-4:-1] in ("e-0",):
        # Go writes two exponent digits, then trims "e-07" to "e-7" (not "e+21").
        text = text[:-2] + text[-1]
    return text


def quote_string(text: str) -> str:
    """encoding/json's quoted form of ``text`` (HTML-safe escaping, as json.Marshal does)."""
    pieces = ['"']
    for character in text:
        code_point = ord(character)
        if character in _SHORT_ESCAPES:
            pieces.append(_SHORT_ESCAPES[character])
        elif character in _HTML_ESCAPES:
            pieces.append(_HTML_ESCAPES[character])
        elif code_point < 0x20:
            pieces.append(f"\\u00{code_point:02x}")
        elif 0xD800 <= code_point <= 0xDFFF:
            pieces.append("\\ufffd")
        else:
            pieces.append(character)
    pieces.append('"')
    return "".join(pieces)


def _quote_byte(byte: int) -> str:
    """encoding/json's quoteChar: the byte read as a rune, in single quotes."""
    if byte == ord("'"):
        return "'\\''"
    if byte == ord('"'):
        return "'\"'"
    return "'" + quote(chr(byte))[1:-1] + "'"


class JsonSyntaxError(Exception):
    """A JSON syntax error, worded as encoding/json's scanner words it."""


class _Scanner:
    """Recursive descent over one JSON text, failing where Go's byte scanner fails."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.position = 0

    def peek(self) -> int | None:
        return self.data[self.position] if self.position < len(self.data) else None

    def next_byte(self, context: str = "") -> int:
        byte = self.peek()
        if byte is None:
            # Go's scanner feeds a space at the end of input: where a space is
            # itself invalid, that space is the character it complains about.
            if context:
                raise self.fail(ord(" "), context)
            raise JsonSyntaxError(UNEXPECTED_END)
        self.position += 1
        return byte

    def fail(self, byte: int, context: str) -> JsonSyntaxError:
        return JsonSyntaxError(f"invalid character {_quote_byte(byte)} {context}")

    def skip_whitespace(self) -> None:
        while self.position < len(self.data) and self.data[self.position] in _WHITESPACE:
            self.position += 1

    def value(self) -> None:
        self.skip_whitespace()
        byte = self.next_byte("")
        if byte == ord("{"):
            self.object()
        elif byte == ord("["):
            self.array()
        elif byte == ord('"'):
            self.string()
        elif byte == ord("-") or ord("0") <= byte <= ord("9"):
            self.number(byte)
        elif byte in b"tfn":
            self.literal({ord("t"): "true", ord("f"): "false", ord("n"): "null"}[byte])
        else:
            raise self.fail(byte, "looking for beginning of value")

    def object(self) -> None:
        self.skip_whitespace()
        byte = self.next_byte("")
        if byte == ord("}"):
            return
        while True:
            if byte != ord('"'):
                raise self.fail(byte, "looking for beginning of object key string")
            self.string()
            self.skip_whitespace()
            byte = self.next_byte("")
            if byte != ord(":"):
                raise self.fail(byte, "after object key")
            self.value()
            self.skip_whitespace()
            byte = self.next_byte("")
            if byte == ord("}"):
                return
            if byte != ord(","):
                raise self.fail(byte, "after object key:value pair")
            self.skip_whitespace()
            byte = self.next_byte("")

    def array(self) -> None:
        self.skip_whitespace()
        if self.peek() == ord("]"):
            self.position += 1
            return
        while True:
            self.value()
            self.skip_whitespace()
            byte = self.next_byte("")
            if byte == ord("]"):
                return
            if byte != ord(","):
                raise self.fail(byte, "after array element")

    def string(self) -> None:
        while True:
            byte = self.next_byte("")
            if byte == ord('"'):
                return
            if byte < 0x20:
                raise self.fail(byte, "in string literal")
            if byte == ord("\\"):
                escape = self.next_byte("in string escape code")
                if escape == ord("u"):
                    for _ in range(4):
                        digit = self.next_byte("in \\u hexadecimal character escape")
                        if digit not in b"0123456789abcdefABCDEF":
                            raise self.fail(digit, "in \\u hexadecimal character escape")
                elif escape not in b'"\\/bfnrt':
                    raise self.fail(escape, "in string escape code")

    def digits(self) -> None:
        while self.position < len(self.data) and self.data[self.position] in b"0123456789":
            self.position += 1

    def number(self, first: int) -> None:
        if first == ord("-"):
            first = self.next_byte("in numeric literal")
            if not ord("0") <= first <= ord("9"):
                raise self.fail(first, "in numeric literal")
        if first != ord("0"):
            self.digits()
        if self.peek() == ord("."):
            self.position += 1
            byte = self.next_byte("after decimal point in numeric literal")
            if not ord("0") <= byte <= ord("9"):
                raise self.fail(byte, "after decimal point in numeric literal")
            self.digits()
        if self.peek() in (ord("e"), ord("E")):
            self.position += 1
            byte = self.next_byte("in exponent of numeric literal")
            if byte in (ord("+"), ord("-")):
                byte = self.next_byte("in exponent of numeric literal")
            if not ord("0") <= byte <= ord("9"):
                raise self.fail(byte, "in exponent of numeric literal")
            self.digits()

    def literal(self, word: str) -> None:
        for expected in word[1:]:
            context = f"in literal {word} (expecting {_quote_byte(ord(expected))})"
            byte = self.next_byte(context)
            if byte != ord(expected):
                raise self.fail(byte, context)


def check_json(text: str) -> None:
    """Raise JsonSyntaxError as ``json.Unmarshal`` would for malformed ``text``."""
    scanner = _Scanner(text.encode("utf-8", "surrogatepass"))
    scanner.value()
    scanner.skip_whitespace()
    trailing = scanner.peek()
    if trailing is not None:
        raise scanner.fail(trailing, "after top-level value")


def marshal(value: object) -> str:
    """``json.Marshal`` of a decoded YAML value: map keys sorted, HTML-safe strings, compact.

    A float Go refuses (NaN, ±Inf) is written as ``strconv`` writes it, so the
    text still names the value.
    """
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ftoa.format_g(value)
        return format_float(value)
    if isinstance(value, str):
        return quote_string(value)
    if isinstance(value, dict):
        items = sorted((str(key), item) for key, item in value.items())
        return "{" + ",".join(f"{quote_string(key)}:{marshal(item)}" for key, item in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(marshal(item) for item in value) + "]"
    return quote_string(str(value))
