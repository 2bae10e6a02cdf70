"""Go's ``net.SplitHostPort`` and ``strconv.ParseUint(s, 10, 32)``, as Kuma's validators call them."""

from __future__ import annotations

from vocheck.golang import atoi
from vocheck.golang.net import split_host_port

__all__ = ["parse_uint32", "split_host_port"]


def parse_uint32(text: str) -> tuple[int, bool]:
    """Go's ``strconv.ParseUint(text, 10, 32)``: (value, ok); out of range yields the maximum."""
    try:
        return atoi.parse_uint(text, 10, 32), True
    except atoi.NumError as error:
        return int(error.value), False


def external_service_port(address: str) -> int:
    """The port Kuma reads from ``networking.address``: 0 when it does not parse."""
    parts = split_host_port(address)
    if parts is None:
        return 0
    try:
        value = atoi.parse_int(parts[1], 10, 32)
    except atoi.NumError:
        return 0
    # Kuma converts the int32 to uint32.
    return value % (1 << 32)
