"""Go's ``net.SplitHostPort``."""

from __future__ import annotations


def split_host_port(address: str) -> tuple[str, str] | None:
    """``(host, port)`` as Go splits ``address``, or None where Go returns an error."""
    last_colon = address.rfind(":")
    if last_colon < 0:
        return None
    skip_open, skip_close = 0, 0
    if address.startswith("["):
        close = address.find("]")
        if close < 0 or close + 1 != last_colon:
            return None
        host = address[1:close]
        skip_open, skip_close = 1, close + 1
    else:
        host = address[:last_colon]
        if ":" in host:
            return None
    if "[" in address[skip_open:] or "]" in address[skip_close:]:
        return None
    return host, address[last_colon + 1 :]
