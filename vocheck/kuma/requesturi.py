"""Go's ``url.ParseRequestURI`` and ``URL.Port``, as Kuma checks a Zipkin collector URL.

Only the outcome matters to Kuma (a parse error is "invalid URL", an empty
port is "port has to be explicitly specified"), so this answers with the
port text or None where Go returns an error.
"""

from __future__ import annotations

import re

from vocheck.kuma.dns import is_ip

_HEX = "0123456789abcdefABCDEF"
_ALNUM = re.compile(r"[A-Za-z0-9]", re.ASCII)
# Bytes a host may hold unescaped besides letters and digits: sub-delims, ":"
# for the port, "[" "]" for IPv6 literals and the "<" ">" '"' Go tolerates.
# (Parsing follows Go 1.26, which Kuma 2.14.3 is built with.)
_HOST_EXTRA = frozenset("!$&'()*+,;=:[]<>\"-_.~")
_USERINFO_EXTRA = frozenset("-._:~!$&'()*+,;=%@")


class _Invalid(Exception):
    """Go's parser returned an error."""


def _host_escapes(byte: int) -> bool:
    """Go's ``shouldEscape(byte, encodeHost)``."""
    character = chr(byte)
    return byte >= 0x80 or (_ALNUM.match(character) is None and character not in _HOST_EXTRA)


def _unescape(text: str, mode: str) -> None:
    """Go's ``unescape`` checks for ``mode`` "host", "zone" or "path"; raises where Go errors."""
    data = text.encode("utf-8", "surrogatepass")
    index = 0
    while index < len(data):
        byte = data[index]
        if byte == ord("%"):
            if index + 2 >= len(data) or chr(data[index + 1]) not in _HEX or chr(data[index + 2]) not in _HEX:
                raise _Invalid
            escaped = data[index : index + 3]
            if mode == "host" and int(chr(data[index + 1]), 16) < 8 and escaped != b"%25":
                raise _Invalid
            if mode == "zone":
                value = int(escaped[1:].decode(), 16)
                if escaped != b"%25" and value != 0x20 and _host_escapes(value):
                    raise _Invalid
            index += 3
            continue
        if mode in ("host", "zone") and byte < 0x80 and _host_escapes(byte):
            raise _Invalid
        index += 1


def _valid_optional_port(text: str) -> bool:
    return text == "" or (text[0] == ":" and all("0" <= character <= "9" for character in text[1:]))


def _parse_host(host: str) -> str:
    # Since Go 1.25.2 a "[" may only open an IPv6 literal at the start of the host.
    bracket = host.rfind("[")
    if bracket > 0:
        raise _Invalid
    if bracket == 0:
        close = host.rfind("]")
        if close < 0 or not _valid_optional_port(host[close + 1 :]):
            raise _Invalid
        literal = host[1:close]
        zone = literal.find("%25")
        address = literal[:zone] if zone >= 0 else literal
        _unescape(address, "host")
        if zone >= 0:
            _unescape(literal[zone:], "zone")
            if zone + 3 == len(literal):
                raise _Invalid  # an empty zone
        # The brackets must hold an IPv6 address (an IPv4-mapped one counts).
        if ":" not in address or not is_ip(address):
            raise _Invalid
        return host
    colon = host.rfind(":")
    if colon >= 0 and not _valid_optional_port(host[colon:]):
        raise _Invalid
    _unescape(host, "host")
    return host


def _parse_authority(authority: str) -> str:
    at = authority.rfind("@")
    host = _parse_host(authority[at + 1 :])
    if at >= 0:
        userinfo = authority[:at]
        if not all(_ALNUM.match(character) or character in _USERINFO_EXTRA for character in userinfo):
            raise _Invalid
        for part in userinfo.split(":", 1):
            _unescape(part, "path")
    return host


def _port_only(host: str) -> str:
    colon = host.find(":")
    if colon < 0:
        return ""
    bracket = host.find("]:")
    if bracket >= 0:
        return host[bracket + 2 :]
    if "]" in host:
        return ""
    return host[colon + 1 :]


def request_uri_port(raw: str) -> str | None:
    """``url.ParseRequestURI(raw).Port()``, or None when Go cannot parse ``raw``."""
    try:
        return _port_only(_request_uri_host(raw))
    except _Invalid:
        return None


def _request_uri_host(raw: str) -> str:
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in raw) or raw == "":
        raise _Invalid
    if raw == "*":
        return ""
    scheme, rest = _scheme(raw)
    if rest.endswith("?") and rest.count("?") == 1:
        rest = rest[:-1]
    else:
        rest = rest.split("?", 1)[0]
    if not rest.startswith("/"):
        if scheme:
            return ""  # an opaque URL such as "zipkin:9411/api": no host
        raise _Invalid
    host = ""
    if scheme and rest.startswith("//"):
        authority, slash, path = rest[2:].partition("/")
        host = _parse_authority(authority)
        rest = slash + path
    _unescape(rest, "path")
    return host


def _scheme(raw: str) -> tuple[str, str]:
    for index, character in enumerate(raw):
        if "a" <= character <= "z" or "A" <= character <= "Z":
            continue
        if "0" <= character <= "9" or character in "+-.":
            if index == 0:
                return "", raw
            continue
        if character == ":":
            if index == 0:
                raise _Invalid  # missing protocol scheme
            return raw[:index], raw[index + 1 :]
        return "", raw
    return "", raw
