"""Go's ``strconv.FormatFloat`` for float64 and float32, from Python's correctly rounded digits."""

from __future__ import annotations

import math
import struct
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only float32 formatting needs exact fractions; every run formats numbers, few of them float32.
    from fractions import Fraction


def _bits(value: float) -> tuple[bool, int, int]:
    """(negative, biased exponent, mantissa) of a float64."""
    (raw,) = struct.unpack(">Q", struct.pack(">d", value))
    return bool(raw >> 63), (raw >> 52) & 0x7FF, raw & ((1 << 52) - 1)


def _trimmed(digits: str, point: int) -> tuple[str, int]:
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    stripped = stripped.rstrip("0")
    return (stripped, point) if stripped else ("", 0)


def _shortest(value: float) -> tuple[str, int]:
    text = repr(abs(value))
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    if fraction == "0":
        fraction = ""
    point = len(whole) + (int(exponent) if exponent else 0)
    return _trimmed(whole + fraction, point)


def _float32_bits(value: float) -> int:
    bits: int = struct.unpack("<I", struct.pack("<f", value))[0]
    return bits


def _float32_of_bits(bits: int) -> float:
    value: float = struct.unpack("<f", struct.pack("<I", bits))[0]
    return value


def _shortest32(value: float) -> tuple[str, int]:
    """The fewest digits that read back as this float32, nearest to it when several do."""
    from fractions import Fraction

    value = abs(value)
    exact = Fraction(value)
    bits = _float32_bits(value)
    below = Fraction(_float32_of_bits(bits - 1)) if bits > 0 else Fraction(0)
    # Past the largest float32 the next step up would be 2^128.
    above = Fraction(_float32_of_bits(bits + 1)) if bits < 0x7F7FFFFF else Fraction(2**128)
    low, high = (exact + below) / 2, (exact + above) / 2
    # A decimal exactly halfway reads back as the float32 with the even mantissa.
    inclusive = bits & 1 == 0

    def reads_back(candidate: Fraction) -> bool:
        return low <= candidate <= high if inclusive else low < candidate < high

    for count in range(1, 18):
        mantissa, _, exponent_text = format(value, f".{count - 1}e").partition("e")
        scale = int(exponent_text) - (count - 1)
        unit = Fraction(10) ** scale
        number = int(mantissa.replace(".", ""))
        # The nearest candidate, then the nearest one on the other side of the value.
        for candidate in (number, number + 1 if number * unit < exact else number - 1):
            if candidate > 0 and reads_back(candidate * unit):
                digits = str(candidate)
                return _trimmed(digits, len(digits) + scale)
    return _shortest(value)


def _scientific(value: float, significant: int) -> tuple[str, int]:
    text = format(abs(value), f".{significant - 1}e")
    mantissa, _, exponent = text.partition("e")
    return _trimmed(mantissa.replace(".", ""), int(exponent) + 1)


def _fixed(value: float, decimals: int) -> tuple[str, int]:
    text = format(abs(value), f".{decimals}f")
    whole, _, fraction = text.partition(".")
    return _trimmed(whole + fraction, len(whole))


def _format_e(negative: bool, digits: str, point: int, precision: int, letter: str) -> str:
    out = ["-" if negative else ""]
    out.append(digits[0] if digits else "0")
    if precision > 0:
        tail = digits[1 : precision + 1]
        out.append("." + tail + "0" * (precision - len(tail)))
    exponent = point - 1 if digits else 0
    sign = "-" if exponent < 0 else "+"
    exponent = abs(exponent)
    out.append(letter + sign + (f"0{exponent}" if exponent < 10 else str(exponent)))
    return "".join(out)


def _format_f(negative: bool, digits: str, point: int, precision: int) -> str:
    sign = "-" if negative else ""
    if point > 0:
        whole = digits[:point]
        whole += "0" * (point - len(whole))
    else:
        whole = "0"
    if precision <= 0:
        return sign + whole
    # Digit i of the fraction is digits[point + i], or 0 outside the digit string.
    leading = min(max(-point, 0), precision)
    start = max(point, 0)
    middle = digits[start : start + precision - leading]
    return sign + whole + "." + "0" * leading + middle + "0" * (precision - leading - len(middle))


def _format_g(negative: bool, digits: str, point: int, precision: int, shortest: bool, letter: str) -> str:
    exponent_limit = precision
    if exponent_limit > len(digits) and len(digits) >= point:
        exponent_limit = len(digits)
    if shortest:
        exponent_limit = 6
    exponent = point - 1
    if exponent < -4 or exponent >= exponent_limit:
        if precision > len(digits):
            precision = len(digits)
        return _format_e(negative, digits, point, precision - 1, letter)
    if precision > point:
        precision = len(digits)
    return _format_f(negative, digits, point, max(precision - point, 0))


def _format_b(negative: bool, exponent: int, mantissa: int, bit_size: int) -> str:
    exponent -= 1075 if bit_size == 64 else 150
    return ("-" if negative else "") + f"{mantissa}p{'+' if exponent >= 0 else ''}{exponent}"


def _format_x(value: float, precision: int, letter: str) -> str:
    negative, biased, mantissa = _bits(value)
    if biased == 0:
        exponent = -1022
    else:
        mantissa |= 1 << 52
        exponent = biased - 1023
    if mantissa == 0:
        exponent = 0
    mask = (1 << 64) - 1
    mantissa = (mantissa << 8) & mask
    while mantissa != 0 and mantissa & (1 << 60) == 0:
        mantissa = (mantissa << 1) & mask
        exponent -= 1
    if 0 <= precision < 15:
        shift = precision * 4
        extra = (mantissa << shift) & ((1 << 60) - 1)
        mantissa >>= 60 - shift
        if extra | (mantissa & 1) > 1 << 59:
            mantissa += 1
        mantissa = (mantissa << (60 - shift)) & mask
        if mantissa & (1 << 61):
            mantissa >>= 1
            exponent += 1
    hex_digits = "0123456789ABCDEF" if letter == "X" else "0123456789abcdef"
    out = ["-" if negative else "", "0", letter, str((mantissa >> 60) & 1)]
    mantissa = (mantissa << 4) & mask
    if precision < 0 and mantissa != 0:
        out.append(".")
        while mantissa != 0:
            out.append(hex_digits[(mantissa >> 60) & 15])
            mantissa = (mantissa << 4) & mask
    elif precision > 0:
        out.append(".")
        for _ in range(precision):
            out.append(hex_digits[(mantissa >> 60) & 15])
            mantissa = (mantissa << 4) & mask
    sign = "-" if exponent < 0 else "+"
    exponent = abs(exponent)
    out.append(("P" if letter == "X" else "p") + sign + (f"{exponent:02d}"))
    return "".join(out)


def format_float(value: float, verb: str, precision: int, bit_size: int = 64) -> str:
    """``strconv.FormatFloat(value, verb, precision, bit_size)`` for verbs b e E f g G x X.

    With ``bit_size`` 32, ``value`` must be a float32 value (as ``ParseFloat(s, 32)``
    returns): its shortest digits are those that identify the float32.
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    negative, biased, mantissa = _bits(value)
    if verb == "b":
        if bit_size == 32:
            raw = _float32_bits(value)
            negative, biased, mantissa = bool(raw >> 31), (raw >> 23) & 0xFF, raw & ((1 << 23) - 1)
            implicit = 1 << 23
        else:
            implicit = 1 << 52
        if biased == 0:
            biased = 1
        else:
            mantissa |= implicit
        return _format_b(negative, biased, mantissa, bit_size)
    if verb in "xX":
        return _format_x(value, precision, verb)
    shortest = precision < 0
    if value == 0:
        digits, point = "", 0
    elif shortest:
        digits, point = _shortest32(value) if bit_size == 32 else _shortest(value)
    elif verb in "eE":
        digits, point = _scientific(value, precision + 1)
    elif verb == "f":
        digits, point = _fixed(value, precision)
    else:
        digits, point = _scientific(value, precision or 1)
    if shortest:
        precision = {"e": len(digits) - 1, "E": len(digits) - 1, "f": max(len(digits) - point, 0)}.get(
            verb, len(digits)
        )
        precision = max(precision, 0)
    elif verb in "gG" and precision == 0:
        precision = 1
    if verb in "eE":
        return _format_e(negative, digits, point, precision, verb)
    if verb == "f":
        return _format_f(negative, digits, point, precision)
    return _format_g(negative, digits, point, precision, shortest, "e" if verb == "g" else "E")


def format_g(value: float, bit_size: int = 64) -> str:
    """``FormatFloat(value, 'g', -1, bit_size)``: what ``fmt``'s ``%v`` and ``%g`` print for a float."""
    return format_float(value, "g", -1, bit_size)
