"""Go's ``time.ParseDuration``: the value of a duration text, or Go's error for it.

Kuma reads every ``google.protobuf.Duration`` with it (a refusal becomes
"bad Duration: ..." when the spec is decoded) and then checks some values,
such as "must have a positive value" for service probes.
"""

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
# Go sums the parts as an unsigned 64-bit number and refuses a total over 2^63
# (only a negative duration may reach it exactly).
_LIMIT = 1 << 63
_DIGITS = "0123456789"


class DurationError(ValueError):
    """Go's error for a text ``time.ParseDuration`` refuses, in Go's words."""


def _time_quote(text: str) -> str:
    """Go's time package quoting: non-ASCII and control bytes as \\x escapes."""
    pieces = ['"']
    for character in text:
        if ord(character) >= 0x80 or ord(character) < 0x20:
            pieces.extend(f"\\x{byte:02x}" for byte in character.encode("utf-8", "surrogatepass"))
        else:
            pieces.append("\\" + character if character in '"\\' else character)
    pieces.append('"')
    return "".join(pieces)


def _leading_int(text: str) -> tuple[int, str] | None:
    """The leading digits' value and the rest; None when the value passes 2^63 (Go's overflow)."""
    end = 0
    while end < len(text) and text[end] in _DIGITS:
        end += 1
    value = int(text[:end]) if end else 0
    if value > _LIMIT:
        return None
    return value, text[end:]


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


def parse_duration(text: str) -> int:
    """Nanoseconds ``time.ParseDuration(text)`` yields; raises DurationError with Go's text where Go fails.

    Go reads the text left to right and reports the first problem: a
    missing or unknown unit, a part that is no number, or a value that
    does not fit in an int64.
    """
    invalid = DurationError(f"time: invalid duration {_time_quote(text)}")
    rest = text
    negative = rest[:1] == "-"
    if rest[:1] in ("-", "+"):
        rest = rest[1:]
    if rest == "0":
        return 0
    if rest == "":
        raise invalid
    total = 0
    while rest:
        if rest[0] not in "." + _DIGITS:
            raise invalid
        length = len(rest)
        leading = _leading_int(rest)
        if leading is None:
            raise invalid
        whole, rest = leading
        before = len(rest) != length
        fraction, scale, after = 0, 1.0, False
        if rest[:1] == ".":
            length = len(rest) - 1
            fraction, scale, rest = _leading_fraction(rest[1:])
            after = len(rest) != length
        if not before and not after:
            raise invalid
        end = 0
        while end < len(rest) and rest[end] not in "." + _DIGITS:
            end += 1
        if end == 0:
            raise DurationError(f"time: missing unit in duration {_time_quote(text)}")
        unit = _UNITS.get(rest[:end])
        if unit is None:
            raise DurationError(f"time: unknown unit {_time_quote(rest[:end])} in duration {_time_quote(text)}")
        rest = rest[end:]
        if whole > _LIMIT // unit:
            raise invalid
        whole *= unit
        if fraction > 0:
            # Go computes the fraction in float64 and truncates: tiny fractions vanish.
            whole += int(float(fraction) * (float(unit) / scale))
            if whole > _LIMIT:
                raise invalid
        total += whole
        if total > _LIMIT:
            raise invalid
    if negative:
        return -total
    if total > _LIMIT - 1:
        raise invalid
    return total


def duration_nanoseconds(text: str) -> int | None:
    """Nanoseconds ``time.ParseDuration(text)`` yields, or None where Go returns an error."""
    try:
        return parse_duration(text)
    except DurationError:
        return None


def duration_error(text: str) -> str | None:
    """Go's ``time.ParseDuration`` error text for ``text``, or None when it parses."""
    try:
        parse_duration(text)
    except DurationError as error:
        return str(error)
    return None
