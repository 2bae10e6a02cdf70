"""Go's standard base64 decoding, as Kuma reads ``inline`` data: the bytes, or Go's error offset."""

from __future__ import annotations

import pytest

from vocheck.kuma.gobase64 import CorruptInput, std_decode

CASES = [
    ("dGVzdA==", b"test"),
    ("dGVz\r\ndA==", b"test"),
    ("Zh==", b"f"),  # bits the padding hides are ignored
    ("", b""),
    ("\n", b""),
    ("dGVzdA", 4),  # padding is required
    ("dGVzdA=", 7),
    ("a===", 1),
    ("ab!c", 2),
    ("dGVzdA==x", 8),
    ("dGVzdA==\n", b"test"),
    ("dG\nVzdA", 5),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_std_decode(text: str, expected: bytes | int) -> None:
    if isinstance(expected, int):
        with pytest.raises(CorruptInput, match=f"^illegal base64 data at input byte {expected}$"):
            std_decode(text)
    else:
        assert std_decode(text) == expected
