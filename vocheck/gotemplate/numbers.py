"""Go's numeric literal rules: ``strconv`` integer/float parsing and ``parse.NumberNode``."""

from __future__ import annotations

from vocheck.golang import atof, atoi
from vocheck.golang.quote import SyntaxErrorInQuote, quote, unquote_char

from .nodes import NumberNode

TWO_63 = 1 << 63
TWO_64 = 1 << 64


class NumberError(ValueError):
    """A literal Go rejects; the message is the text Go's parser reports."""


def _uint_or_none(text: str) -> int | None:
    try:
        return atoi.parse_uint(text, 0, 64)
    except atoi.NumError:
        return None


def _int_or_none(text: str) -> int | None:
    try:
        return atoi.parse_int(text, 0, 64)
    except atoi.NumError:
        return None


def _float_or_none(text: str) -> float | None:
    try:
        return atof.parse_float(text, 64)
    except atoi.NumError:
        return None


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
    try:
        return atof.parse_float(token, 64)
    except atoi.NumError as error:
        raise NumberError(str(error)) from None


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
        imaginary = _float_or_none(text[:-1])
        if imaginary is not None:
            return _simplified_complex(pos, text, complex(0, imaginary))
    unsigned, signed = _uint_or_none(text), _int_or_none(text)
    if signed is not None:
        is_uint = unsigned is not None or signed == 0
        return NumberNode(pos, text, is_int=True, is_uint=is_uint, is_float=True,
                          int64=signed, uint64=unsigned or 0, float64=float(signed))
    if unsigned is not None:
        return NumberNode(pos, text, is_uint=True, is_float=True, uint64=unsigned, float64=float(unsigned))
    value = _float_or_none(text)
    if value is None:
        raise NumberError(f"illegal number syntax: {quote(text)}")
    if not any(char in text for char in ".eEpP"):
        raise NumberError(f"integer overflow: {quote(text)}")
    is_int, is_uint = go_int64_exact(value), go_uint64_exact(value)
    return NumberNode(pos, text, is_int=is_int, is_uint=is_uint, is_float=True,
                      int64=int(value) if is_int else 0, uint64=int(value) if is_uint else 0, float64=value)
