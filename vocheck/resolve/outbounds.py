"""The DNS names and VIP outbounds a transparent proxy gets from a mesh's entries.

Entries are visited in (type, name) order and entries without an address are
skipped. A host or fqdn entry is published under its name (when it is a DNS
name) on its own ports; a host entry also listens on the service VIP port. A
service entry is published as ``<svc>.<domain>`` and, if different, with ``_``
replaced by ``.``, on its first port (if not 0) and on the service VIP port.
When two entries publish one domain, the later one wins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from vocheck._perf.records import record
from vocheck.kuma.hostnames import is_dns_name
from vocheck.resolve.entries import SERVICE_TAG, DnsRecord, Entry, EntryKey, EntryType, Outbound
from vocheck.resolve.events import ShadowedName


@record
class VipOutbound:
    """A listener on a VIP that a transparent proxy gets."""

    address: str
    port: int
    tags: Mapping[str, str]
    entry: EntryKey


def service_domains(service: str, domain: str) -> tuple[str, ...]:
    """``<svc>.<domain>`` and, if different, the same with every ``_`` turned into ``.``."""
    first = f"{service}.{domain}"
    alias = f"{service.replace('_', '.')}.{domain}"
    return (first,) if alias == first else (first, alias)


def entry_publication(
    entry: Entry, domain: str, vip_port: int
) -> tuple[tuple[str, ...], list[VipOutbound]]:
    """The domains an entry is published under and the outbounds it yields."""
    address, key = entry.address, entry.key
    outbounds: list[VipOutbound] = []
    if not address or not entry.outbounds:
        return (), outbounds
    if key.type is EntryType.SERVICE:
        first = entry.outbounds[0]
        domains = service_domains(first.tags.get(SERVICE_TAG, ""), domain)
        if first.port != 0:
            outbounds.append(VipOutbound(address, first.port, first.tags, key))
        if first.port != vip_port:
            outbounds.append(VipOutbound(address, vip_port, first.tags, key))
        return domains, outbounds
    domains = (key.name,) if is_dns_name(key.name) else ()
    outbounds.extend(
        VipOutbound(address, outbound.port, outbound.tags, key)
        for outbound in entry.outbounds
        if outbound.port != 0
    )
    # Kuma keeps this extra listener on host entries for backward compatibility.
    on_vip_port = any(outbound.port == vip_port for outbound in entry.outbounds)
    if key.type is EntryType.HOST and not on_vip_port and domains:
        outbounds.append(VipOutbound(address, vip_port, entry.outbounds[0].tags, key))
    return domains, outbounds


def publish(
    entries: Sequence[Entry], domain: str, vip_port: int
) -> tuple[tuple[DnsRecord, ...], tuple[VipOutbound, ...]]:
    """DNS records (sorted by domain; a later entry overwrites a domain) and all VIP outbounds."""
    records: dict[str, DnsRecord] = {}
    all_outbounds: list[VipOutbound] = []
    for entry in sorted(entries, key=_key_of):
        domains, outbounds = entry_publication(entry, domain, vip_port)
        all_outbounds.extend(outbounds)
        if domains:
            ports = tuple(sorted({outbound.port for outbound in outbounds}))
            for name in domains:
                records[name] = DnsRecord(name, entry.address, ports, entry.key)
    return tuple(records[name] for name in sorted(records)), tuple(all_outbounds)


def _key_of(entry: Entry) -> EntryKey:
    return entry.key


def shadowed_names(
    entries: Mapping[EntryKey, tuple[str, Sequence[Outbound]]], domain: str
) -> tuple[ShadowedName, ...]:
    """Fqdn entries named like a default service domain (``backend.mesh`` next to ``backend``).

    ``entries`` maps each entry to its address and outbounds; only the
    outbounds of the shadowing entries are read.
    """
    service_by_domain: dict[str, EntryKey] = {}
    # In (type, name) order: of two services published under one domain, the first names it.
    for key in sorted(key for key in entries if key.type is EntryType.SERVICE):
        for name in service_domains(key.name, domain):
            service_by_domain.setdefault(name, key)
    found = []
    for key in sorted(key for key in entries if key.type is EntryType.FQDN and key.name in service_by_domain):
        origins = tuple(dict.fromkeys(outbound.origin for outbound in entries[key][1]))
        found.append(ShadowedName(key.name, service_by_domain[key.name], key, origins))
    return tuple(found)
