"""Go's ``strconv.ParseInt`` and ``ParseUint``, errors worded as Go words them."""

from __future__ import annotations

from .quote import quote

_DIGIT_VALUES = {char: value for value, char in enumerate("0123456789abcdefghijklmnopqrstuvwxyz")}
_PREFIX_BASES = {"b": 2, "o": 8, "x": 16}
ERR_SYNTAX = "invalid syntax"
ERR_RANGE = "value out of range"


class NumError(ValueError):
    """Go's ``*strconv.NumError``; ``str()`` is its ``Error()``.

    ``value`` is what Go returns beside the error: the nearest representable
    number for a range error (``ParseUint``'s maximum, ``ParseInt``'s bound,
    ``ParseFloat``'s infinity), else zero.
    """

    def __init__(self, func: str, num: str, reason: str, value: int | float = 0) -> None:
        super().__init__(func, num, reason, value)
        self.func = func
        self.num = num
        self.reason = reason
        self.value = value

    def __str__(self) -> str:
        # Worded only when shown: callers that try one parse after another never need it.
        return f"strconv.{self.func}: parsing {quote(self.num)}: {self.reason}"


def underscore_ok(text: str) -> bool:
    """Go's ``underscoreOK``: underscores only between digits, or after a base prefix."""
    if text[:1] in ("+", "-"):
        text = text[1:]
    saw = "^"
    index = 0
    hexadecimal = False
    if len(text) >= 2 and text[0] == "0" and text[1] in "bBoOxX":
        index, saw, hexadecimal = 2, "0", text[1] in "xX"
    for char in text[index:]:
        if "0" <= char <= "9" or hexadecimal and char in "abcdefABCDEF":
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


def _check_bit_size(func: str, text: str, bit_size: int) -> int:
    if bit_size == 0:
        return 64
    if bit_size < 0 or bit_size > 64:
        raise NumError(func, text, f"invalid bit size {bit_size}")
    return bit_size


def parse_uint(text: str, base: int = 10, bit_size: int = 64, func: str = "ParseUint") -> int:
    """``strconv.ParseUint(text, base, bit_size)``; raises NumError as Go fails."""
    if not text:
        raise NumError(func, text, ERR_SYNTAX)
    if base != 0 and not 2 <= base <= 36:
        raise NumError(func, text, f"invalid base {base}")
    max_value = (1 << _check_bit_size(func, text, bit_size)) - 1
    if text.isdigit() and text.isascii() and len(text) <= 19 and (base == 10 or base == 0 and text[0] != "0"):
        # The usual decimal number, fast: at most 19 digits cannot overflow uint64.
        value = int(text)
        if value > max_value:
            raise NumError(func, text, ERR_RANGE, max_value)
        return value
    base_zero = base == 0
    body = text
    if base_zero:
        base = 10
        if text[0] == "0":
            if len(text) >= 3 and text[1].lower() in _PREFIX_BASES:
                base, body = _PREFIX_BASES[text[1].lower()], text[2:]
            else:
                base, body = 8, text[1:]
    value = 0
    underscores = False
    for char in body:
        if char == "_" and base_zero:
            underscores = True
            continue
        digit = _DIGIT_VALUES.get(char.lower() if char < "\x80" else char, 99)
        if digit >= base:
            raise NumError(func, text, ERR_SYNTAX)
        value = value * base + digit
        if value > max_value:
            # Go stops at the first digit that overflows, whatever follows it.
            raise NumError(func, text, ERR_RANGE, max_value)
    if underscores and not underscore_ok(text):
        raise NumError(func, text, ERR_SYNTAX)
    return value


def parse_int(text: str, base: int = 10, bit_size: int = 64) -> int:
    """``strconv.ParseInt(text, base, bit_size)``; raises NumError as Go fails."""
    if not text:
        raise NumError("ParseInt", text, ERR_SYNTAX)
    negative = text[0] == "-"
    body = text[1:] if text[0] in "+-" else text
    try:
        magnitude = parse_uint(body, base, bit_size, "ParseInt")
    except NumError as error:
        if error.reason != ERR_RANGE:
            raise NumError("ParseInt", text, error.reason) from None
        magnitude = int(error.value)
    bits = 64 if bit_size == 0 else bit_size
    cutoff = 1 << (bits - 1)
    if not negative and magnitude >= cutoff:
        raise NumError("ParseInt", text, ERR_RANGE, cutoff - 1)
    if negative and magnitude > cutoff:
        raise NumError("ParseInt", text, ERR_RANGE, -cutoff)
    return -magnitude if negative else magnitude
