"""Go's ``net.ParseIP`` and govalidator's ``IsDNSName``, as Kuma uses them."""

from __future__ import annotations

import functools
import ipaddress
import re

from vocheck.golang.gobytes import to_bytes as go_bytes

# govalidator's DNSName pattern; matched with fullmatch because Go's ``$``
# never matches before a trailing newline.
_DNS_NAME = re.compile(
    r"([a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62}){1}(\.[a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62})*[\._]?",
    re.ASCII,
)
_HEX_DIGITS = "0123456789abcdefABCDEF"
_NOT_IN_IPV4 = re.compile(r"[^0-9.]")


def _parse_ipv4(text: str) -> bool:
    """Four decimal fields 0-255, no empty field, no leading zero (Go's netip)."""
    fields = 0
    value = 0
    digits = 0
    for index, character in enumerate(text):
        if "0" <= character <= "9":
            if digits == 1 and value == 0:
                return False
            value = value * 10 + ord(character) - ord("0")
            digits += 1
            if value > 255:
                return False
        elif character == ".":
            if index == 0 or index == len(text) - 1 or text[index - 1] == ".":
                return False
            if fields == 3:
                return False
            fields += 1
            value = 0
            digits = 0
        else:
            return False
    return fields == 3


def is_ipv6(text: str) -> bool:
    """Go's netip IPv6 grammar: hex groups, one ``::``, optional trailing IPv4, no zone."""
    if "%" in text:
        return False
    rest = text
    ellipsis = -1
    if rest.startswith("::"):
        ellipsis = 0
        rest = rest[2:]
        if not rest:
            return True
    filled = 0
    while filled < 16:
        offset = 0
        while offset < len(rest) and rest[offset] in _HEX_DIGITS:
            if offset > 3:
                return False
            offset += 1
        if offset == 0:
            return False
        if offset < len(rest) and rest[offset] == ".":
            if (ellipsis < 0 and filled != 12) or filled + 4 > 16:
                return False
            if not _parse_ipv4(rest):
                return False
            rest = ""
            filled += 4
            break
        filled += 2
        rest = rest[offset:]
        if not rest:
            break
        if rest[0] != ":" or len(rest) == 1:
            return False
        rest = rest[1:]
        if rest[0] == ":":
            if ellipsis >= 0:
                return False
            ellipsis = filled
            rest = rest[1:]
            if not rest:
                break
    if rest:
        return False
    if filled < 16:
        return ellipsis >= 0
    return ellipsis < 0


def is_ip(text: str) -> bool:
    """Whether Go's ``net.ParseIP`` accepts ``text`` (IPv4, IPv6, IPv4 inside IPv6; no zone)."""
    for character in text:
        if character == ".":
            return _parse_ipv4(text)
        if character == ":":
            return is_ipv6(text)
        if character == "%":
            return False
    return False


def parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """Go's ``net.ParseIP`` as an address, or None; an IPv4-mapped IPv6 address is its IPv4 form, as Go compares it."""
    if not is_ip(text):
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


# A resolution asks about each generated host twice (when rendered, when published).
@functools.lru_cache(maxsize=1 << 17)
def is_dns_name(text: str) -> bool:
    """govalidator's ``IsDNSName``: what Kuma accepts as a rendered VirtualOutbound host."""
    # The usual short ASCII host: a character no IPv4 address holds, and the
    # pattern's acceptance (so no colon), already rule out an IP address.
    if text.isascii() and 0 < len(text) <= 255 and _NOT_IN_IPV4.search(text) is not None:
        return _DNS_NAME.fullmatch(text) is not None
    if text == "" or len(go_bytes(text.replace(".", ""))) > 255:
        return False
    if is_ip(text):
        return False
    return _DNS_NAME.fullmatch(text) is not None
