"""The value of a Go ``time.ParseDuration`` text, for Kuma's "must have a positive value" rule."""

from __future__ import annotations

_UNITS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,  # U+00B5 micro sign
    "μs": 1_000,  # U+03BC Greek mu
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
_LIMIT = 1 << 63
_DIGITS = "0123456789"


def _leading_fraction(text: str) -> tuple[int, float, str]:
    """Digits after the point: value and scale, keeping only what fits in an int64 (as Go does)."""
    value, scale, index, overflow = 0, 1.0, 0, False
    while index < len(text) and text[index] in _DIGITS:
        if not overflow:
            if value > (_LIMIT - 1) // 10:
                overflow = True
            else:
                following = value * 10 + int(text[index])
                if following > _LIMIT:
                    overflow = True
                else:
                    value, scale = following, scale * 10
        index += 1
    return value, scale, text[index:]


def duration_nanoseconds(text: str) -> int | None:
    """Nanoseconds ``time.ParseDuration(text)`` yields, or None where Go returns an error."""
    rest = text
    negative = rest[:1] == "-"
    if rest[:1] in ("-", "+"):
        rest = rest[1:]
    if rest == "0":
        return 0
    if rest == "":
        return None
    total = 0
    while rest:
        if rest[0] not in "." + _DIGITS:
            return None
        end = 0
        while end < len(rest) and rest[end] in _DIGITS:
            end += 1
        whole = int(rest[:end]) if end else 0
        if whole > _LIMIT:
            return None
        rest = rest[end:]
        before = end > 0
        fraction, scale, after = 0, 1.0, False
        if rest[:1] == ".":
            length = len(rest) - 1
            fraction, scale, rest = _leading_fraction(rest[1:])
            after = len(rest) != length
        if not before and not after:
            return None
        end = 0
        while end < len(rest) and rest[end] not in "." + _DIGITS:
            end += 1
        unit = _UNITS.get(rest[:end])
        if unit is None:
            return None
        rest = rest[end:]
        if whole > _LIMIT // unit:
            return None
        whole *= unit
        if fraction > 0:
            # Go computes the fraction in float64 and truncates: tiny fractions vanish.
            whole += int(float(fraction) * (float(unit) / scale))
            if whole > _LIMIT:
                return None
        total += whole
        if total > _LIMIT:
            return None
    if negative:
        return -total
    if total > _LIMIT - 1:
        return None
    return total
