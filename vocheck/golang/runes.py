"""Go's ``unicode.IsLetter`` and ``unicode.IsDigit``, from Go's own tables (Unicode 15.0)."""

from __future__ import annotations

import functools
from bisect import bisect_right

_Ranges = tuple[tuple[int, ...], tuple[int, ...]]


# The tables load on the first rune past ASCII: most inputs never have one, and
# importing them is a tenth of a one-file run's start-up.
@functools.cache
def _letters() -> _Ranges:
    from .unicodetables import LETTER_RANGES

    return tuple(first for first, _ in LETTER_RANGES), tuple(last for _, last in LETTER_RANGES)


@functools.cache
def _digits() -> _Ranges:
    from .unicodetables import DIGIT_RANGES

    return tuple(first for first, _ in DIGIT_RANGES), tuple(last for _, last in DIGIT_RANGES)


def is_letter(rune: int) -> bool:
    """``unicode.IsLetter``: Unicode category L."""
    if rune < 0x80:
        return 0x61 <= rune | 0x20 <= 0x7A
    starts, ends = _letters()
    index = bisect_right(starts, rune) - 1
    return index >= 0 and rune <= ends[index]


def is_digit(rune: int) -> bool:
    """``unicode.IsDigit``: Unicode category Nd."""
    if rune < 0x80:
        return 0x30 <= rune <= 0x39
    starts, ends = _digits()
    index = bisect_right(starts, rune) - 1
    return index >= 0 and rune <= ends[index]
