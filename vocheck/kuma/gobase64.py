"""Go's ``base64.StdEncoding.Decode``, as encoding/json reads a JSON string into ``[]byte``.

Line breaks (``\\r``, ``\\n``) are skipped anywhere, padding is required,
and the error names the byte offset Go's decoder stops at.
"""

from __future__ import annotations

import base64

_ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_NEWLINES = frozenset(b"\r\n")
_PAD = ord("=")


class CorruptInput(ValueError):
    """Go's ``base64.CorruptInputError``."""

    def __init__(self, offset: int) -> None:
        super().__init__(f"illegal base64 data at input byte {offset}")


def _quantum(source: bytes, start: int) -> tuple[int, list[int], bool]:
    """One 4-character group from ``start``: (next index, its 6-bit values, whether it ended the input)."""
    values: list[int] = []
    index = start
    while len(values) < 4:
        if index == len(source):
            if not values:
                return index, values, True
            raise CorruptInput(index - len(values))
        byte = source[index]
        index += 1
        if byte in _ALPHABET:
            values.append(byte)
            continue
        if byte in _NEWLINES:
            continue
        if byte != _PAD or len(values) < 2:
            raise CorruptInput(index - 1)
        if len(values) == 2:
            # "==" is expected; the first "=" is already read.
            while index < len(source) and source[index] in _NEWLINES:
                index += 1
            if index == len(source):
                raise CorruptInput(len(source))
            if source[index] != _PAD:
                raise CorruptInput(index - 1)
            index += 1
        while index < len(source) and source[index] in _NEWLINES:
            index += 1
        if index < len(source):
            raise CorruptInput(index)  # trailing garbage after the padding
        return index, values, True
    return index, values, False


def std_decode(text: str) -> bytes:
    """The bytes Go decodes from ``text``; raises CorruptInput with Go's offset where Go fails."""
    source = text.encode("utf-8", "surrogatepass")
    groups: list[bytes] = []
    index = 0
    while index < len(source):
        index, values, ended = _quantum(source, index)
        if values:
            chunk = bytes(values)
            # Go keeps the bits a short group's padding hides; Python would too, once padded.
            padded = chunk + b"=" * (4 - len(chunk))
            groups.append(base64.b64decode(padded, validate=False)[: len(chunk) - 1 if len(chunk) < 4 else 3])
        if ended:
            break
    return b"".join(groups)
