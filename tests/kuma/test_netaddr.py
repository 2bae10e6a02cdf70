"""Go's net.SplitHostPort and strconv.ParseUint(s, 10, 32), checked against outputs of Go 1.26.5."""

from __future__ import annotations

import pytest

from vocheck.kuma.netaddr import parse_uint32, split_host_port

SPLITS = [
    ("a.com:80", ("a.com", "80")),
    ("a.com", None),
    ("[::1]:443", ("::1", "443")),
    ("::1:443", None),
    ("[::1]", None),
    ("[::1]:80:1", None),
    ("a[b]:80", None),
    ("]a:80", None),
    (":80", ("", "80")),
    ("a:", ("a", "")),
    ("[a]b:80", None),
    ("[[a]]:80", None),
    ("a:b:c", None),
]


@pytest.mark.parametrize(("address", "expected"), SPLITS)
def test_split_host_port(address: str, expected: tuple[str, str] | None) -> None:
    assert split_host_port(address) == expected


UINTS = [
    ("80", (80, True)),
    ("0080", (80, True)),
    ("+80", (0, False)),
    ("", (0, False)),
    ("4294967295", (4294967295, True)),
    ("4294967296", (4294967295, False)),
    ("99999999999999999999999", (4294967295, False)),
    ("8_0", (0, False)),
    ("-1", (0, False)),
]


@pytest.mark.parametrize(("text", "expected"), UINTS)
def test_parse_uint32(text: str, expected: tuple[int, bool]) -> None:
    assert parse_uint32(text) == expected
