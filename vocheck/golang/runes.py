"""Go's ``unicode.IsLetter`` and ``unicode.IsDigit``, from Go's own tables (Unicode 15.0)."""

from __future__ import annotations

from bisect import bisect_right

from .unicodetables import DIGIT_RANGES, LETTER_RANGES

_LETTER_STARTS = tuple(first for first, _ in LETTER_RANGES)
_LETTER_ENDS = tuple(last for _, last in LETTER_RANGES)
_DIGIT_STARTS = tuple(first for first, _ in DIGIT_RANGES)
_DIGIT_ENDS = tuple(last for _, last in DIGIT_RANGES)


def is_letter(rune: int) -> bool:
    """``unicode.IsLetter``: Unicode category L."""
    if rune < 0x80:
        return 0x61 <= rune | 0x20 <= 0x7A
    index = bisect_right(_LETTER_STARTS, rune) - 1
    return index >= 0 and rune <= _LETTER_ENDS[index]


def is_digit(rune: int) -> bool:
    """``unicode.IsDigit``: Unicode category Nd."""
    if rune < 0x80:
        return 0x30 <= rune <= 0x39
    index = bisect_right(_DIGIT_STARTS, rune) - 1
    return index >= 0 and rune <= _DIGIT_ENDS[index]
