"""Go's numeric literal rules: ``strconv`` integer/float parsing and ``parse.NumberNode``."""

from __future__ import annotations

import re

from .gostrings import SyntaxErrorInQuote, quote, unquote_char
from .nodes import NumberNode

_DECIMAL_FLOAT = re.compile(r"[+-]?[0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9][0-9_]*)?")
_HEX_FLOAT = re.compile(r"[+-]?0[xX][0-9a-fA-F_]*\.?[0-9a-fA-F_]*[pP][+-]?[0-9][0-9_]*")
_DIGIT_VALUES = {char: value for value, char in enumerate("0123456789abcdef")}
TWO_63 = 1 << 63
TWO_64 = 1 << 64


class NumberError(ValueError):
    """A literal Go rejects; the message is the text Go's parser reports."""


def underscores_ok(text: str) -> bool:
    """Underscores only between digits, or between a base prefix and a digit."""
    if text[:1] in ("+", "-"):
        text = text[1:]
    saw = "^"
    index = 0
    hexadecimal = False
    if len(text) >= 2 and text[0] == "0" and text[1].lower() in "box":
        index, saw, hexadecimal = 2, "0", text[1].lower() == "x"
    for char in text[index:]:
        if char.isdigit() and char.isascii() or hexadecimal and char.lower() in "abcdef":
            saw = "0"
        elif char == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def parse_uint(text: str) -> int | None:
    """``strconv.ParseUint(text, 0, 64)``; None on any error."""
    if not text:
        return None
    base, body = 10, text
    if text[0] == "0":
        if len(text) >= 3 and text[1].lower() in "box":
            base, body = {"b": 2, "o": 8, "x": 16}[text[1].lower()], text[2:]
        else:
            base, body = 8, text[1:]
    value = 0
    underscores = False
    for char in body:
        if char == "_":
            underscores = True
            continue
        digit = _DIGIT_VALUES.get(char.lower(), 99)
        if digit >= base:
            return None
        value = value * base + digit
    if value >= TWO_64 or (underscores and not underscores_ok(text)):
        return None
    return value


def parse_int(text: str) -> int | None:
    """``strconv.ParseInt(text, 0, 64)``; None on any error."""
    negative = text[:1] == "-"
    magnitude = parse_uint(text[1:] if text[:1] in ("+", "-") else text)
    if magnitude is None:
        return None
    if negative:
        return -magnitude if magnitude <= TWO_63 else None
    return magnitude if magnitude < TWO_63 else None


def parse_float(text: str) -> tuple[float | None, str]:
    """``strconv.ParseFloat(text, 64)``: (value, "") or (None, reason)."""
    hexadecimal = len(text.lstrip("+-")) > 2 and text.lstrip("+-")[:2].lower() == "0x"
    pattern = _HEX_FLOAT if hexadecimal else _DECIMAL_FLOAT
    if text[:2] in ("++", "--", "+-", "-+") or not pattern.fullmatch(text):
        return None, "invalid syntax"
    mantissa = re.split("[pPeE]", text)[0]
    if not any(char.isalnum() for char in mantissa.lstrip("+-")[2 if hexadecimal else 0 :]):
        return None, "invalid syntax"
    if "_" in text and not underscores_ok(text):
        return None, "invalid syntax"
    cleaned = text.replace("_", "")
    try:
        value = float.fromhex(cleaned) if hexadecimal else float(cleaned)
    except OverflowError:
        return None, "value out of range"
    if value in (float("inf"), float("-inf")):
        return None, "value out of range"
    return value, ""


def go_int64_exact(value: float) -> bool:
    """``float64(int64(f)) == f`` on amd64."""
    return value == int(value) and -TWO_63 <= value < TWO_63 if value == value else False


def go_uint64_exact(value: float) -> bool:
    """``float64(uint64(f)) == f`` on amd64."""
    return value == int(value) and 0 <= value < TWO_64 if value == value else False


def _simplified_complex(pos: int, text: str, value: complex) -> NumberNode:
    if value.imag != 0:
        return NumberNode(pos, text, is_complex=True, complex128=value)
    real = value.real
    is_int, is_uint = go_int64_exact(real), go_uint64_exact(real)
    return NumberNode(
        pos, text, is_int=is_int, is_uint=is_uint, is_float=True, is_complex=True,
        int64=int(real) if is_int else 0, uint64=int(real) if is_uint else 0,
        float64=real, complex128=value,
    )


def _float_token(text: str, index: int) -> int:
    """How far ``fmt``'s scanner reads a float token starting at ``index``."""
    if index < len(text) and text[index] in "+-":
        index += 1
    if index < len(text) and text[index] in "iI":
        # fmt's scanner consumes the "i" while checking for "inf".
        return index + 1
    digits = "0123456789_"
    exponent = "eEpP"
    if text.startswith(("0x", "0X"), index):
        digits, exponent, index = "0123456789abcdefABCDEF_", "pP", index + 2
    while index < len(text) and text[index] in digits:
        index += 1
    if index < len(text) and text[index] == ".":
        index += 1
        while index < len(text) and text[index] in digits:
            index += 1
    if index < len(text) and text[index] in exponent:
        index += 1
        if index < len(text) and text[index] in "+-":
            index += 1
        while index < len(text) and text[index] in "0123456789_":
            index += 1
    return index


def _scan_float(token: str) -> float:
    value, reason = parse_float(token)
    if value is None:
        raise NumberError(f'strconv.ParseFloat: parsing "{token}": {reason}')
    return value


def scan_complex(text: str) -> complex:
    """``fmt.Sscan`` into a complex128, as the parser uses it for ``1+2i``."""
    middle = _float_token(text, 0)
    if middle >= len(text) or text[middle] not in "+-":
        raise NumberError("syntax error scanning complex number")
    end = _float_token(text, middle)
    if end >= len(text) or text[end] != "i":
        raise NumberError("syntax error scanning complex number")
    return complex(_scan_float(text[:middle]), _scan_float(text[middle:end]))


def char_constant(pos: int, text: str) -> NumberNode:
    try:
        rune, _, tail = unquote_char(text[1:], text[0])
    except SyntaxErrorInQuote as error:
        raise NumberError(str(error)) from None
    if tail != "'":
        raise NumberError(f"malformed character constant: {text}")
    return NumberNode(pos, text, is_int=True, is_uint=True, is_float=True,
                      int64=rune, uint64=rune, float64=float(rune))


def number_node(pos: int, text: str, complex_literal: bool) -> NumberNode:
    """Go's ``newNumber`` for a number or complex token."""
    if complex_literal:
        return _simplified_complex(pos, text, scan_complex(text))
    if text.endswith("i"):
        imaginary, _ = parse_float(text[:-1])
        if imaginary is not None:
            return _simplified_complex(pos, text, complex(0, imaginary))
    unsigned, signed = parse_uint(text), parse_int(text)
    if signed is not None:
        is_uint = unsigned is not None or signed == 0
        return NumberNode(pos, text, is_int=True, is_uint=is_uint, is_float=True,
                          int64=signed, uint64=unsigned or 0, float64=float(signed))
    if unsigned is not None:
        return NumberNode(pos, text, is_uint=True, is_float=True, uint64=unsigned, float64=float(unsigned))
    value, _ = parse_float(text)
    if value is None:
        raise NumberError(f"illegal number syntax: {quote(text)}")
    if not any(char in text for char in ".eEpP"):
        raise NumberError(f"integer overflow: {quote(text)}")
    is_int, is_uint = go_int64_exact(value), go_uint64_exact(value)
    return NumberNode(pos, text, is_int=is_int, is_uint=is_uint, is_float=True,
                      int64=int(value) if is_int else 0, uint64=int(value) if is_uint else 0, float64=value)
