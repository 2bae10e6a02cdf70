"""VIP allocation: Kuma's global-view and allocator cases, reuse, exhaustion, IPv6."""

from __future__ import annotations

import json

import pytest
from resolve_helpers import SVC, addresses_by_entry, dataplane

from vocheck.resolve import resolve
from vocheck.preview.json_view import to_json
from vocheck.resolve.entries import EntryKey, EntryType
from vocheck.settings import KumaSettings
from vocheck.resolve.previous import parse_previous_vips
from vocheck.resolve.vips import DuplicateVipError, allocate


def service(name: str) -> EntryKey:
    return EntryKey(EntryType.SERVICE, name)


def fresh(*names: str) -> dict[EntryKey, str]:
    return {service(name): "" for name in names}


def test_slash_32_allocates_once_then_runs_out() -> None:
    allocation = allocate(fresh("a", "b"), "192.168.0.1/32")
    assert allocation.addresses == {service("a"): "192.168.0.1", service("b"): ""}
    assert allocation.exhaustion is not None
    assert allocation.exhaustion.unallocated == (service("b"),)


def test_allocation_starts_at_the_network_address_in_type_then_name_order() -> None:
    entries = {
        EntryKey(EntryType.FQDN, "a.mesh"): "",
        EntryKey(EntryType.HOST, "b.com"): "",
        service("z"): "",
    }
    assert allocate(entries, "10.0.0.5/24").addresses == {
        service("z"): "10.0.0.0",
        EntryKey(EntryType.HOST, "b.com"): "10.0.0.1",
        EntryKey(EntryType.FQDN, "a.mesh"): "10.0.0.2",
    }


def test_many_allocations_in_the_default_cidr() -> None:
    allocation = allocate(fresh(*(f"s{index:05}" for index in range(32767))), "240.0.0.0/4")
    assert allocation.exhaustion is None
    assert allocation.addresses[service("s32766")] == "240.0.127.254"


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        pytest.param({service("a"): "240.0.0.1"}, "240.0.0.1", id="reserved entry keeps its VIP"),
        pytest.param(
            {service("a"): "127.0.0.1"}, "240.0.0.0", id="persisted VIP outside the CIDR is skipped"
        ),
        pytest.param({service("a"): ""}, "240.0.0.0", id="empty persisted VIP is skipped"),
        pytest.param(
            {service("gone"): "240.0.0.0"}, "240.0.0.1", id="VIP of a vanished entry stays reserved"
        ),
    ],
)
def test_reservations(previous: dict[EntryKey, str], expected: str) -> None:
    assert allocate(fresh("a"), "240.0.0.0/4", previous).addresses[service("a")] == expected


def test_respect_already_allocated_vips() -> None:
    previous = {service("frontend"): "240.0.0.0", service("backend"): "240.0.0.1"}
    addresses = allocate(
        fresh("backend", "database", "frontend"), "240.0.0.0/24", previous
    ).addresses
    assert addresses == {
        service("backend"): "240.0.0.1",
        service("database"): "240.0.0.2",
        service("frontend"): "240.0.0.0",
    }


def test_gaps_between_reservations_are_filled_from_the_bottom() -> None:
    previous = {
        service("backend"): "240.0.0.0",
        service("frontend"): "240.0.0.1",
        service("database"): "240.0.0.10",
    }
    addresses = allocate(
        fresh("backend", "database", "frontend", "new"), "240.0.0.0/4", previous
    ).addresses
    assert addresses[service("database")] == "240.0.0.10"
    assert addresses[service("new")] == "240.0.0.2"


def test_duplicate_persisted_vip_is_an_error() -> None:
    previous = {service("a"): "240.0.0.1", service("b"): "240.0.0.1"}
    with pytest.raises(DuplicateVipError, match="Address already allocated"):
        allocate(fresh("a"), "240.0.0.0/4", previous, "default")


def test_duplicate_persisted_vip_outside_the_cidr_is_skipped() -> None:
    previous = {service("a"): "10.0.0.1", service("b"): "10.0.0.1"}
    assert allocate(fresh("a"), "240.0.0.0/4", previous).addresses[service("a")] == "240.0.0.0"


def test_ip_named_host_entries_are_neither_reserved_nor_allocated() -> None:
    ip_host = EntryKey(EntryType.HOST, "240.0.0.0")
    entries = {ip_host: "240.0.0.0", service("a"): ""}
    addresses = allocate(entries, "240.0.0.0/4", {ip_host: "240.0.0.5"}).addresses
    assert addresses == {service("a"): "240.0.0.0", ip_host: "240.0.0.0"}


def test_ipv6_cidr() -> None:
    addresses = allocate(fresh("a", "b"), "fd00:fd00::/64").addresses
    assert addresses == {service("a"): "fd00:fd00::", service("b"): "fd00:fd00::1"}


def test_ipv6_reservation_and_huge_cidr_stay_fast() -> None:
    previous = {service("a"): "fd00::1"}
    addresses = allocate(fresh("a", "b", "c"), "fd00::/8", previous).addresses
    assert addresses == {service("a"): "fd00::1", service("b"): "fd00::", service("c"): "fd00::2"}


@pytest.mark.parametrize("cidr", ["240.0.0.0", "nonsense/4", "240.0.0.0/33", "fd00::/129"])
def test_invalid_cidr(cidr: str) -> None:
    with pytest.raises(ValueError, match="invalid CIDR"):
        allocate(fresh("a"), cidr)


def test_exhaustion_of_a_slash_30_through_resolve() -> None:
    dataplanes = [dataplane(f"dp-{index}", {SVC: f"svc-{index}"}) for index in range(5)]
    result = resolve([], dataplanes, [], [], KumaSettings(dns_cidr="10.0.0.0/30"))
    assert addresses_by_entry(result) == {
        "service:svc-0": "10.0.0.0",
        "service:svc-1": "10.0.0.1",
        "service:svc-2": "10.0.0.2",
        "service:svc-3": "10.0.0.3",
        "service:svc-4": "",
    }
    mesh = to_json(result)["meshes"][0]
    assert mesh["exhaustion"] == {
        "cidr": "10.0.0.0/30",
        "message": "No addresses left",
        "unallocated": [{"type": "service", "name": "svc-4"}],
    }
    assert "svc-4.mesh" not in {record["domain"] for record in mesh["dns"]}


def test_same_vips_in_different_meshes() -> None:
    dataplanes = [
        dataplane("a", {SVC: "x"}, mesh="mesh-1"),
        dataplane("b", {SVC: "y"}, mesh="mesh-2"),
    ]
    result = resolve([], dataplanes, [], [], KumaSettings())
    assert (
        addresses_by_entry(result, "mesh-1")["service:x"]
        == addresses_by_entry(result, "mesh-2")["service:y"]
    )


def test_previous_vips_flow_through_resolve() -> None:
    persisted = {
        f"0:{name}": {
            "address": address,
            "outbounds": [{"Port": 0, "TagSet": {SVC: name}, "Origin": "service"}],
        }
        for name, address in [("frontend", "240.0.0.0"), ("backend", "240.0.0.1")]
    }
    previous = parse_previous_vips(json.dumps(persisted), "mesh-1")
    dataplanes = [
        dataplane(name, {SVC: name}, mesh="mesh-1") for name in ("backend", "database", "frontend")
    ]
    result = resolve([], dataplanes, [], [], KumaSettings(dns_cidr="240.0.0.0/24"), previous)
    assert addresses_by_entry(result, "mesh-1") == {
        "service:backend": "240.0.0.1",
        "service:database": "240.0.0.2",
        "service:frontend": "240.0.0.0",
    }
    assert to_json(result)["meshes"][0]["changes"] == ["Add service:database"]
