"""DNS names and VIP outbounds a transparent proxy gets (Kuma's pkg/xds/topology/dns_test.go)."""

from __future__ import annotations

import pytest

from vocheck.resolve.outbounds import publish
from vocheck.resolve.entries import DnsRecord, Entry, EntryKey, EntryType, Outbound, Source

SOURCE = Source("Dataplane", "dp", 0)


def entry(
    entry_type: EntryType, name: str, address: str, *ports: int, service: str = "example"
) -> Entry:
    outbounds = tuple(
        Outbound(port, {"kuma.io/service": service}, "origin", SOURCE) for port in ports
    )
    return Entry(EntryKey(entry_type, name), address, outbounds)


@pytest.mark.parametrize(
    ("given", "domains", "outbounds"),
    [
        pytest.param(
            entry(EntryType.HOST, "example.com", "240.0.0.1", 1234),
            {"example.com": (80, 1234)},
            [1234, 80],
            id="host entry gets an extra outbound on the vip port",
        ),
        pytest.param(
            entry(EntryType.HOST, "example.com", "240.0.0.1", 80),
            {"example.com": (80,)},
            [80],
            id="host entry already on the vip port",
        ),
        pytest.param(
            entry(EntryType.HOST, "example.com", "", 1234), {}, [], id="entry without address"
        ),
        pytest.param(
            entry(EntryType.SERVICE, "example", "240.0.0.1", 0),
            {"example.mesh": (80,)},
            [80],
            id="service entry",
        ),
        pytest.param(
            entry(EntryType.SERVICE, "example", "240.0.0.1", 1234),
            {"example.mesh": (80, 1234)},
            [1234, 80],
            id="service entry with port",
        ),
        pytest.param(
            entry(EntryType.SERVICE, "example_svc_80", "240.0.0.1", 0, service="example_svc_80"),
            {"example_svc_80.mesh": (80,), "example.svc.80.mesh": (80,)},
            [80],
            id="service alias",
        ),
        pytest.param(
            entry(EntryType.FQDN, "a.example", "240.0.0.1", 8080, 9090),
            {"a.example": (8080, 9090)},
            [8080, 9090],
            id="fqdn entry has no extra outbound",
        ),
        pytest.param(
            entry(EntryType.HOST, "10.0.0.1", "10.0.0.1", 5432),
            {},
            [5432],
            id="ip-named host entry has no domain and no extra outbound",
        ),
    ],
)
def test_publication(
    given: Entry, domains: dict[str, tuple[int, ...]], outbounds: list[int]
) -> None:
    records, vip_outbounds = publish([given], "mesh", 80)
    assert {record.domain: record.ports for record in records} == domains
    assert [outbound.port for outbound in vip_outbounds] == outbounds


def test_later_entries_overwrite_a_domain_and_fqdns_come_in_name_order() -> None:
    entries = [
        entry(EntryType.FQDN, "b.mesh", "240.0.0.3", 80),
        entry(EntryType.FQDN, "backend.mesh", "240.0.0.2", 80, service="backend"),
        entry(EntryType.SERVICE, "backend", "240.0.0.0", 0, service="backend"),
    ]
    records, vip_outbounds = publish(entries, "mesh", 80)
    assert records == (
        DnsRecord("b.mesh", "240.0.0.3", (80,), EntryKey(EntryType.FQDN, "b.mesh")),
        DnsRecord("backend.mesh", "240.0.0.2", (80,), EntryKey(EntryType.FQDN, "backend.mesh")),
    )
    assert [outbound.address for outbound in vip_outbounds] == [
        "240.0.0.0",
        "240.0.0.3",
        "240.0.0.2",
    ]
