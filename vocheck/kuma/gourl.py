"""Go's ``net/url.ParseRequestURI`` and ``URL.Port``, as Kuma checks probe paths and Zipkin collector URLs.

Only the outcome matters to Kuma (a probe path Go refuses is not "a valid
URL Path"; a Zipkin URL Go refuses is "invalid URL", one without a port
"port has to be explicitly specified"). Parsing follows Go 1.26, which
Kuma 2.14.3 is built with.
"""

from __future__ import annotations

from vocheck.kuma.hostnames import is_ipv6

_HEX = frozenset("0123456789abcdefABCDEF")
_SCHEME_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SCHEME_REST = frozenset("0123456789+-.")
_USERINFO_PUNCTUATION = frozenset("-._:~!$&'()*+,;=%@")
_HOST_PUNCTUATION = frozenset("-_.~!$&'()*+,;=:[]<>\"")


def _has_control_byte(text: str) -> bool:
    return any(ord(character) < 0x20 or ord(character) == 0x7F for character in text)


def _split_scheme(text: str) -> tuple[str, str] | None:
    """``(scheme, rest)`` as Go's ``getScheme`` splits; None for a leading colon (an error)."""
    for index, character in enumerate(text):
        if character in _SCHEME_LETTERS:
            continue
        if character in _SCHEME_REST:
            if index == 0:
                return "", text
            continue
        if character == ":":
            if index == 0:
                return None
            return text[:index], text[index + 1 :]
        return "", text
    return "", text


def _unescapes(text: str, mode: str = "path") -> bool:
    """Whether Go's ``unescape`` accepts ``text`` in ``mode`` ("path", "user", "host" or "zone").

    Every ``%`` must start two hex digits. In a host, an escape may only
    stand for a non-ASCII byte (or be ``%25``); a zone may escape what a
    host could hold as it is, or a space. Hosts and zones refuse the ASCII
    characters a host cannot hold.
    """
    index = 0
    while index < len(text):
        character = text[index]
        if character == "%":
            escape = text[index + 1 : index + 3]
            if len(escape) < 2 or not set(escape) <= _HEX:
                return False
            byte = int(escape, 16)
            if mode == "host" and byte < 0x80 and escape != "25":
                return False
            if mode == "zone" and escape != "25" and byte != 0x20 and not _host_byte(byte):
                return False
            index += 3
            continue
        if mode in ("host", "zone") and character < "\x80" and not _host_byte(ord(character)):
            return False
        index += 1
    return True


def _host_byte(byte: int) -> bool:
    """Whether a host may hold this byte as it is (non-ASCII bytes always)."""
    if byte >= 0x80:
        return True
    character = chr(byte)
    return character.isascii() and character.isalnum() or character in _HOST_PUNCTUATION


def _valid_optional_port(port: str) -> bool:
    if port == "":
        return True
    if port[0] != ":":
        return False
    return all("0" <= character <= "9" for character in port[1:])


def _valid_ip_literal(host: str) -> bool:
    """``[IPv6]`` or ``[IPv6%25zone]`` and an optional port; an IPv4 address is refused."""
    close = host.rfind("]")
    if close < 0 or not _valid_optional_port(host[close + 1 :]):
        return False
    hostname = host[1:close]
    zone = hostname.find("%25")
    address = hostname if zone < 0 else hostname[:zone]
    if zone >= 0 and not (_unescapes(address, "host") and _unescapes(hostname[zone:], "zone")):
        return False
    # Only plain ASCII can spell an address, so escapes in it never parse.
    if zone >= 0 and len(hostname) == zone + 3:
        return False  # an empty zone
    return is_ipv6(address)


def _valid_host(scheme: str, host: str) -> bool:
    bracket = host.rfind("[")
    if bracket > 0:
        return False
    if bracket == 0:
        return _valid_ip_literal(host)
    colon = host.find(":")
    if colon >= 0:
        last = host.rfind(":")
        # Go 1.26 takes the first colon as the port's start for http and https
        # (the others keep the last), so a second colon there is an error.
        if scheme not in ("http", "https"):
            colon = last
        if not _valid_optional_port(host[colon:]):
            return False
    return _unescapes(host, "host")


def _valid_userinfo(userinfo: str) -> bool:
    return all(
        (character.isascii() and character.isalnum()) or character in _USERINFO_PUNCTUATION for character in userinfo
    )


def _valid_authority(scheme: str, authority: str) -> bool:
    at = authority.rfind("@")
    if not _valid_host(scheme, authority[at + 1 :] if at >= 0 else authority):
        return False
    if at < 0:
        return True
    userinfo = authority[:at]
    if not _valid_userinfo(userinfo):
        return False
    return all(_unescapes(part, "user") for part in userinfo.split(":", 1))


def _request_uri_host(text: str) -> str | None:
    """The host (and port) ``url.ParseRequestURI(text)`` finds, "" for none, or None where Go fails."""
    if _has_control_byte(text) or text == "":
        return None
    if text == "*":
        return ""
    split = _split_scheme(text)
    if split is None:
        return None
    scheme, rest = split
    if rest.endswith("?") and rest.count("?") == 1:
        rest = rest[:-1]
    else:
        rest = rest.split("?", 1)[0]
    if not rest.startswith("/"):
        # With a scheme, an opaque URL such as "zipkin:9411/api": no host.
        return "" if scheme else None
    authority = ""
    if scheme != "" and rest.startswith("//"):
        authority, slash, path = rest[2:].partition("/")
        rest = slash + path
        if not _valid_authority(scheme.lower(), authority):
            return None
    if not _unescapes(rest):
        return None
    return authority[authority.rfind("@") + 1 :]


def is_request_uri(text: str) -> bool:
    """Whether ``url.ParseRequestURI(text)`` succeeds: an absolute path or an absolute URL."""
    return _request_uri_host(text) is not None


def request_uri_port(text: str) -> str | None:
    """``url.ParseRequestURI(text).Port()``: the port text ("" for none), or None where Go cannot parse ``text``."""
    host = _request_uri_host(text)
    if host is None:
        return None
    colon = host.find(":")
    if colon < 0:
        return ""
    bracket = host.find("]:")
    if bracket >= 0:
        return host[bracket + 2 :]
    if "]" in host:
        return ""
    return host[colon + 1 :]
