"""Go strings held in Python ``str``.

A Go string is a byte sequence that need not be valid UTF-8. vocheck holds it
in a ``str`` where each byte that is not part of valid UTF-8 appears as a lone
surrogate ``U+DC80``..``U+DCFF`` (Python's ``surrogateescape``). One such
character is one Go rune (``utf8.RuneError`` of width 1), so ``len(text)`` is
Go's rune count. Any other lone surrogate stands for its three WTF-8 bytes,
none of them valid UTF-8 to Go.
"""

from __future__ import annotations

import codecs

_HANDLER = "vocheck-gobytes"


def _encode_surrogates(error: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    piece = error.object[error.start : error.end]
    out = bytearray()
    for char in piece:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(code - 0xDC00)
        else:
            out += char.encode("utf-8", "surrogatepass")
    return bytes(out), error.end


codecs.register_error(_HANDLER, _encode_surrogates)


def to_bytes(text: str) -> bytes:
    """The Go bytes a vocheck string stands for."""
    return text.encode("utf-8", _HANDLER)


def from_bytes(data: bytes) -> str:
    """The vocheck string for Go bytes."""
    return data.decode("utf-8", "surrogateescape")


def normalize(text: str) -> str:
    """Re-pair escaped bytes that form valid UTF-8 once concatenated."""
    if text.isascii():
        return text
    return from_bytes(to_bytes(text))


def is_escaped_byte(char: str) -> bool:
    """Whether ``char`` stands for one byte that is not valid UTF-8."""
    return "\udc80" <= char <= "\udcff"
