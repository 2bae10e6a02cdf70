"""Per-mesh VIP allocation from the DNS CIDR, keeping previously persisted VIPs stable.

Kuma walks the CIDR upward from its first (network) address and never goes
back within a run; since nothing is freed during a run that is the lowest free
address each time, which a cursor over a set of used addresses gives in
O(entries) whatever the size of the CIDR.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

from vocheck._perf.records import record
from vocheck.kuma.hostnames import is_ip, parse_ip
from vocheck.resolve.entries import EntryKey, EntryType
from vocheck.resolve.events import VipExhaustion
from vocheck.golang.shown import shown

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class DuplicateVipError(ValueError):
    """Two persisted entries share one VIP of the CIDR; Kuma's run fails for every mesh."""


@record
class Allocation:
    """The address of every entry ("" for none) and the exhaustion, if the CIDR ran out."""

    addresses: Mapping[EntryKey, str]
    exhaustion: VipExhaustion | None


def parse_cidr(cidr: str) -> Network:
    """Go's ``net.ParseCIDR``: a prefix is required, host bits may be set."""
    address, slash, _ = cidr.partition("/")
    if not slash or not is_ip(address):
        raise ValueError(f"invalid CIDR address: {cidr}")
    try:
        return ipaddress.ip_network(cidr, strict=False)
    except ValueError as error:
        raise ValueError(f"invalid CIDR address: {cidr}") from error


def _to_network_int(text: str, network: Network) -> int | None:
    """The address as an integer of the network's family, or None if Go would not contain it."""
    address = parse_ip(text)
    if address is None:
        return None
    if address.version != network.version or address not in network:
        return None
    return int(address)


def _format(value: int, network: Network) -> str:
    if network.version == 4:
        # What str(IPv4Address(value)) gives, without building the address.
        return f"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}"
    address = ipaddress.IPv6Address(value)
    # Go prints IPv4-mapped IPv6 addresses in dotted form.
    return str(address.ipv4_mapped) if address.ipv4_mapped is not None else str(address)


def reserve(previous: Mapping[EntryKey, str], network: Network, mesh: str) -> dict[EntryKey, int]:
    """The persisted VIPs still inside the CIDR, as Kuma reserves them before allocating."""
    reserved: dict[EntryKey, int] = {}
    owners: dict[int, EntryKey] = {}
    for key in sorted(previous):
        if key.type is EntryType.HOST and is_ip(key.name):
            continue
        value = _to_network_int(previous[key], network)
        if value is None:
            continue
        if value in owners:
            raise DuplicateVipError(
                f"mesh {shown(mesh)}: Address already allocated: persisted VIP {previous[key]} "
                f"of {key} is also the VIP of {owners[value]}"
            )
        owners[value] = key
        reserved[key] = value
    return reserved


def allocate(
    entries: Mapping[EntryKey, str],
    cidr: str,
    previous: Mapping[EntryKey, str] | None = None,
    mesh: str = "",
) -> Allocation:
    """Give every entry without an address a VIP, in (type, name) order.

    ``entries`` maps each entry to its preset address ("" for none; an
    IP-named host entry keeps its IP). ``previous`` maps persisted entries to
    their VIPs. Raises DuplicateVipError when two persisted entries share a VIP.
    """
    network = parse_cidr(cidr)
    reserved = reserve(previous or {}, network, mesh)
    used = set(reserved.values())
    cursor = int(network.network_address)
    last = int(network.broadcast_address)
    addresses: dict[EntryKey, str] = {}
    unallocated: list[EntryKey] = []
    for key in sorted(entries):
        address = entries[key]
        if not address:
            value = reserved.get(key)
            if value is None:
                while cursor <= last and cursor in used:
                    cursor += 1
                if cursor > last:
                    unallocated.append(key)
                    addresses[key] = ""
                    continue
                value = cursor
                used.add(value)
                cursor += 1
            address = _format(value, network)
        addresses[key] = address
    exhaustion = VipExhaustion(cidr, tuple(unallocated)) if unallocated else None
    return Allocation(addresses, exhaustion)
