"""Go's ``strconv.ParseFloat`` for float64 and float32, errors worded as Go words them."""

from __future__ import annotations

import functools
import math
import re
import struct

from .atoi import ERR_RANGE, ERR_SYNTAX, NumError, underscore_ok


# The patterns are compiled on the first float parsed: a run whose files hold none never needs them.
@functools.cache
def _decimal() -> re.Pattern[str]:
    return re.compile(r"[+-]?(?=_*\.?_*[0-9])[0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9][0-9_]*)?")


@functools.cache
def _hex() -> re.Pattern[str]:
    return re.compile(r"[+-]?0[xX](?=[_.]*[0-9a-fA-F])[0-9a-fA-F_]*\.?[0-9a-fA-F_]*[pP][+-]?[0-9][0-9_]*")


@functools.cache
def _special() -> re.Pattern[str]:
    return re.compile(r"([+-]?)(?:(inf|infinity)|(nan))", re.IGNORECASE)


# math.NaN(): Go's NaN carries payload 1, Python's none.
GO_NAN: float = struct.unpack(">d", bytes.fromhex("7ff8000000000001"))[0]
_FLOAT32_MAX = struct.unpack("<f", b"\xff\xff\x7f\x7f")[0]


def _to_float32(value: float, exact: str | None) -> float:
    """Round a float64 to float32 the way Go rounds the decimal ``exact`` straight to float32."""
    if math.isinf(value) or math.isnan(value) or value == 0:
        return value
    if abs(value) > _FLOAT32_MAX:
        # Above the largest float32: Go rounds to it or overflows, by the halfway point 2^128 - 2^103.
        return math.copysign(math.inf, value) if abs(value) >= 2.0**128 - 2.0**103 else math.copysign(_FLOAT32_MAX, value)
    rounded: float = struct.unpack("<f", struct.pack("<f", value))[0]
    if exact is None or rounded == value:
        return rounded
    # float64 rounding may have landed exactly halfway between two float32s; the
    # exact decimal then decides which way Go (rounding once) goes.
    neighbour = _float32_step(rounded, value)
    from decimal import Decimal  # exact halfway cases only: not imported by every run

    middle = (Decimal(rounded) + Decimal(neighbour)) / 2
    if Decimal(value) != middle:
        return rounded
    decimal_exact = Decimal(exact)
    if decimal_exact == middle:
        return rounded
    above = decimal_exact > middle
    return max(rounded, neighbour) if above else min(rounded, neighbour)


def _float32_step(value: float, toward: float) -> float:
    """The float32 next to ``value`` on the side of ``toward``."""
    bits = struct.unpack("<I", struct.pack("<f", value))[0]
    # float32 bits count magnitude up from zero on either side of the sign bit.
    step = 1 if abs(toward) > abs(value) else -1
    result: float = struct.unpack("<f", struct.pack("<I", bits + step))[0]
    return result


def parse_float(text: str, bit_size: int = 64) -> float:
    """``strconv.ParseFloat(text, bit_size)``; raises NumError as Go fails.

    A value beyond the type's range raises a range error whose ``value`` is
    the signed infinity Go returns with it.
    """
    special = _special().fullmatch(text)
    if special is not None and not (special.group(3) and special.group(1)):
        if special.group(3):
            return GO_NAN
        return -math.inf if special.group(1) == "-" else math.inf
    stripped = text.lstrip("+-")
    hexadecimal = len(text) - len(stripped) <= 1 and len(stripped) > 2 and stripped[:2] in ("0x", "0X")
    pattern = _hex() if hexadecimal else _decimal()
    if not pattern.fullmatch(text) or ("_" in text and not underscore_ok(text)):
        raise NumError("ParseFloat", text, ERR_SYNTAX)
    cleaned = text.replace("_", "")
    try:
        value = float.fromhex(cleaned) if hexadecimal else float(cleaned)
    except OverflowError:
        value = math.copysign(math.inf, -1.0 if text[0] == "-" else 1.0)
    if bit_size == 32:
        value = _to_float32(value, None if hexadecimal else cleaned)
    if math.isinf(value):
        raise NumError("ParseFloat", text, ERR_RANGE, value)
    return value
