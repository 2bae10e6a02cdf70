"""Kuma 2.14's Universal MeshService generator, its default generators and its VIP allocator, restated from its tests."""

from __future__ import annotations

from typing import Any

import pytest

from vocheck.kuma.decode import decode_dataplane
from vocheck.resolve.inputs import DataplaneInput
from vocheck.resolve.services import (
    DEFAULT_CIDRS,
    GeneratorInput,
    ServiceInput,
    ServicePort,
    ServiceSettings,
    resolve_services,
)
from vocheck.resolve.services.defaults import global_defaults, zone_defaults
from vocheck.resolve.services.universal import generate_universal
from vocheck.resolve.services.vips import allocate_service_vips


def _dataplane(name: str, *inbounds: dict[str, Any], mesh: str = "default") -> DataplaneInput:
    document = {"type": "Dataplane", "name": name, "mesh": mesh, "networking": {"address": "192.168.0.1", "inbound": list(inbounds)}}
    decoded = decode_dataplane(document)
    assert decoded.value is not None
    return DataplaneInput(name, mesh, decoded.value)


def _inbound(service: str, port: int = 80, **extra: Any) -> dict[str, Any]:
    return {"port": port, "servicePort": 8080, "tags": {"kuma.io/service": service, **extra.pop("tags", {})}, **extra}


def test_single_dataplane() -> None:
    result = generate_universal([_dataplane("dp-1", _inbound("backend"))], "zone")
    [service] = result.services
    assert (service.name, service.ports) == ("backend", (ServicePort(80, 80, "tcp", "80"),))
    assert service.labels == {
        "kuma.io/mesh": "default",
        "kuma.io/display-name": "backend",
        "kuma.io/managed-by": "meshservice-generator",
        "kuma.io/env": "universal",
        "kuma.io/zone": "zone",
        "kuma.io/origin": "zone",
    }


@pytest.mark.parametrize("service", ["backend_svc", "backend.svc", "00-backend-svc", "a" * 64])
def test_unsupported_service_names(service: str) -> None:
    result = generate_universal([_dataplane("dp-1", _inbound(service))], "zone")
    assert result.services == ()
    [skipped] = result.skipped
    assert (skipped.dataplane, skipped.service) == ("dp-1", service)


def test_inbound_name_names_the_port() -> None:
    inbound = _inbound("backend", name="main", tags={"kuma.io/protocol": "tcp"})
    [service] = generate_universal([_dataplane("dp-1", inbound)], "zone").services
    assert service.ports == (ServicePort(80, 80, "tcp", "main"),)


def test_protocol_from_the_inbound() -> None:
    inbounds = (_inbound("backend", tags={"kuma.io/protocol": "HTTP"}), _inbound("backend", 81, tags={"kuma.io/protocol": "thrift"}))
    [service] = generate_universal([_dataplane("dp-1", *inbounds)], "zone").services
    assert service.ports == (ServicePort(80, 80, "http", "80"), ServicePort(81, 81, "tcp", "81"))


def test_conflicting_dataplane_keeps_the_first_ports() -> None:
    first = _dataplane("dp-1", _inbound("backend"))
    second = _dataplane("dp-2", _inbound("backend"), _inbound("backend", 81))
    result = generate_universal([second, first], "zone")
    [service] = result.services
    assert service.ports == (ServicePort(80, 80, "tcp", "80"),)
    [conflict] = result.conflicts
    assert (conflict.service, conflict.kept_from, conflict.dataplanes) == ("backend", "dp-1", ("dp-2",))


def test_authored_mesh_service_is_left_alone() -> None:
    result = generate_universal([_dataplane("dp-1", _inbound("web"))], "zone", authored=frozenset({("default", "web")}))
    assert result.services == ()


def test_workload_label_in_3_0() -> None:
    dataplanes = [_dataplane("dp-1", {"port": 80, "name": "http", "protocol": "http"}, {"port": 9090})]
    result = generate_universal(dataplanes, "zone", {"dp-1": {"kuma.io/workload": "backend"}})
    [service] = result.services
    assert (service.name, service.ports) == (
        "backend",
        (ServicePort(80, 80, "http", "http"), ServicePort(9090, 9090, "tcp", "9090")),
    )


def test_only_meshes_with_mesh_services_on() -> None:
    dataplanes = [_dataplane("dp-1", _inbound("web")), _dataplane("dp-2", _inbound("api"), mesh="other")]
    world = resolve_services([], [], dataplanes, enabled=lambda mesh: mesh == "other")
    assert [(mesh.mesh, [status.name for status in mesh.services]) for mesh in world.meshes] == [("other", ["api"])]


def test_universal_zone_defaults_give_svc_mesh_local() -> None:
    world = resolve_services([], [], [_dataplane("dp-1", _inbound("backend"))], enabled=lambda mesh: True)
    mesh = world.mesh("default")
    assert mesh is not None
    [status] = mesh.services
    assert [(address.hostname, address.generator) for address in status.addresses] == [
        ("backend.svc.mesh.local", "local-universal-mesh-service")
    ]
    assert status.vips == ("241.0.0.0",)


# Kuma's default generator test: the names (and labels) each kind of control plane creates.
@pytest.mark.parametrize(
    ("generators", "names", "labels"),
    [
        (
            global_defaults(False),
            [
                "synced-headless-kube-mesh-service",
                "synced-kube-mesh-service",
                "synced-mesh-external-service",
                "synced-mesh-multi-zone-service",
                "synced-universal-mesh-service",
            ],
            {},
        ),
        (
            global_defaults(True),
            [
                "synced-headless-kube-mesh-service.kuma-system",
                "synced-kube-mesh-service.kuma-system",
                "synced-mesh-external-service.kuma-system",
                "synced-mesh-multi-zone-service.kuma-system",
                "synced-universal-mesh-service.kuma-system",
            ],
            {},
        ),
        (zone_defaults(True), ["local-mesh-external-service.kuma-system"], {"kuma.io/origin": "zone"}),
        (
            zone_defaults(False),
            ["local-mesh-external-service", "local-universal-mesh-service"],
            {"kuma.io/origin": "zone"},
        ),
    ],
)
def test_default_generators(generators: Any, names: list[str], labels: dict[str, str]) -> None:
    assert sorted(generator.name for generator in generators) == names
    assert all(generator.labels == labels for generator in generators)


def test_federated_zone_gets_the_global_ones_under_kds_names() -> None:
    names = [generator.name for generator in resolve_services([], [], settings=ServiceSettings(zone="east")).generators]
    assert "synced-kube-mesh-service-8xc5x6c9f588fzz9" in names
    assert names[:2] == ["local-mesh-external-service", "local-universal-mesh-service"]


def _bare(kind: str, name: str, mesh: str = "default", vips: tuple[str, ...] = ()) -> ServiceInput:
    return ServiceInput(kind, name, mesh, {}, vips=vips)


# Kuma's allocator test: the first MeshService gets 241.0.0.0, the first MeshExternalService 242.0.0.0.
def test_first_vips_are_the_network_addresses() -> None:
    vips, shortages = allocate_service_vips([_bare("MeshService", "backend"), _bare("MeshExternalService", "example")])
    assert vips == {
        ("MeshService", "default", "backend"): ("241.0.0.0",),
        ("MeshExternalService", "default", "example"): ("242.0.0.0",),
    }
    assert shortages == ()


def test_pool_is_shared_by_every_mesh_in_name_then_mesh_order() -> None:
    services = [_bare("MeshService", "web", "b"), _bare("MeshService", "web", "a"), _bare("MeshService", "api", "b")]
    vips, _ = allocate_service_vips(services)
    assert [vips[("MeshService", mesh, name)] for mesh, name in (("b", "api"), ("a", "web"), ("b", "web"))] == [
        ("241.0.0.0",), ("241.0.0.1",), ("241.0.0.2",)
    ]


def test_existing_vips_are_kept_and_reserved() -> None:
    services = [
        _bare("MeshService", "a", vips=("241.0.0.0",)),
        _bare("MeshService", "b"),
        _bare("MeshService", "c", vips=("10.96.0.10",)),  # a ClusterIP, outside the pool
    ]
    vips, _ = allocate_service_vips(services)
    assert vips[("MeshService", "default", "b")] == ("241.0.0.1",)
    assert vips[("MeshService", "default", "c")] == ("10.96.0.10",)


def test_a_small_pool_runs_out() -> None:
    services = [_bare("MeshMultiZoneService", name) for name in ("a", "b", "c")]
    vips, shortages = allocate_service_vips(services, {"MeshMultiZoneService": "243.0.0.0/31"})
    assert vips[("MeshMultiZoneService", "default", "c")] == ()
    [shortage] = shortages
    assert (shortage.kind, shortage.cidr, shortage.services) == ("MeshMultiZoneService", "243.0.0.0/31", (("default", "c"),))
    assert DEFAULT_CIDRS["MeshService"] == "241.0.0.0/8"


def test_kinds_sharing_a_cidr_leave_it_to_the_last() -> None:
    services = [_bare("MeshService", "web"), _bare("MeshExternalService", "db", vips=("10.0.0.9",)), _bare("MeshMultiZoneService", "api")]
    vips, _ = allocate_service_vips(services, {"MeshService": "10.0.0.0/24", "MeshMultiZoneService": "10.0.0.0/24"})
    assert vips[("MeshService", "default", "web")] == ()
    assert vips[("MeshMultiZoneService", "default", "api")] == ("10.0.0.0",)
    assert vips[("MeshExternalService", "default", "db")] == ("10.0.0.9",)


def test_a_zone_that_is_not_federated_is_named_default() -> None:
    # Kuma's zone control plane is named by multizone.zone.name, "default" unless set: its
    # generated MeshServices carry kuma.io/zone: default and `.Zone` renders "default".
    generator = GeneratorInput("zoned", "{{ .Name }}.{{ .Zone }}.mesh", {"MeshService": {}}, {"kuma.io/origin": "zone"})
    world = resolve_services(
        [], [generator], [_dataplane("dp-1", _inbound("backend"))], enabled=lambda mesh: True,
        settings=ServiceSettings(default_generators=False),
    )
    mesh = world.mesh("default")
    assert mesh is not None
    [status] = mesh.services
    assert status.service.labels["kuma.io/zone"] == "default"
    assert [address.hostname for address in status.addresses] == ["backend.default.mesh"]
    assert mesh.synced == ()  # not federated: no other zone holds a copy


# Kuma's generator tests with inbound tags disabled (3.0): a MeshService per kuma.io/workload label.
@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ({"dp-1": {}, "dp-2": {}}, []),  # no kuma.io/workload label
        ({"dp-1": {"kuma.io/workload": "Invalid_Workload"}, "dp-2": {}}, []),
        ({"dp-1": {"kuma.io/workload": "backend"}, "dp-2": {"kuma.io/workload": "backend"}}, ["backend"]),
    ],
)
def test_workload_label_cases(labels: dict[str, dict[str, str]], expected: list[str]) -> None:
    inbound = {"port": 80, "servicePort": 8080, "name": "http"}
    result = generate_universal([_dataplane("dp-1", inbound), _dataplane("dp-2", inbound)], "zone", labels)
    assert [service.name for service in result.services] == expected
    assert result.conflicts == ()


def test_workload_ports_read_the_inbound_protocol_field_only() -> None:
    # Kuma's test: inbounds named http and grpc, no protocol field, give tcp ports.
    dataplane = _dataplane("dp-1", {"port": 80, "servicePort": 8080, "name": "http"}, {"port": 90, "servicePort": 9090, "name": "grpc"})
    [service] = generate_universal([dataplane], "zone", {"dp-1": {"kuma.io/workload": "backend"}}).services
    assert service.ports == (ServicePort(80, 80, "tcp", "http"), ServicePort(90, 90, "tcp", "grpc"))


# The Universal generator across Kuma releases (the last patch of each).
@pytest.mark.parametrize(
    ("version", "tags", "extra", "expected"),
    [
        ((2, 11), {"kuma.io/protocol": "HTTP"}, {}, "HTTP"),  # the tag as written
        ((2, 11), {"kuma.io/protocol": "thrift"}, {}, "thrift"),
        ((2, 12), {"kuma.io/protocol": "HTTP"}, {}, "http"),  # parsed; unknown gives tcp
        ((2, 12), {"kuma.io/protocol": "thrift"}, {}, "tcp"),
        ((2, 13), {}, {"protocol": "http"}, "tcp"),  # the inbound's protocol field is not read
        ((2, 14), {}, {"protocol": "http"}, "http"),
    ],
)
def test_port_protocol_by_version(version: tuple[int, int], tags: dict[str, str], extra: dict[str, Any], expected: str) -> None:
    dataplane = _dataplane("dp-1", _inbound("backend", tags=tags, **extra))
    [service] = generate_universal([dataplane], "zone", kuma_version=version).services
    assert service.ports[0].app_protocol == expected


def test_kuma_2_9_names_services_by_its_character_set_and_sets_no_zone_label() -> None:
    dataplanes = [_dataplane("dp-1", _inbound("backend_v1"), _inbound("00-api", 81), _inbound("Web", 82))]
    result = generate_universal(dataplanes, "zone", kuma_version=(2, 9))
    assert [service.name for service in result.services] == ["00-api", "backend_v1"]
    assert "kuma.io/zone" not in result.services[0].labels
    [skipped] = result.skipped
    assert (skipped.service, skipped.rule) == ("Web", "contains characters other than a-z, 0-9, '.', '-' and '_'")
    assert generate_universal(dataplanes, "zone", kuma_version=(2, 10)).services == ()  # none is a DNS-1035 label
    [service] = generate_universal([_dataplane("dp-1", _inbound("backend"))], "zone", kuma_version=(2, 10)).services
    assert service.labels["kuma.io/zone"] == "zone"


def test_an_invalid_workload_names_its_label() -> None:
    result = generate_universal([_dataplane("dp-1", _inbound("backend"))], "zone", {"dp-1": {"kuma.io/workload": "Invalid_Workload"}})
    [skipped] = result.skipped
    assert (skipped.key, skipped.service, skipped.rule) == ("kuma.io/workload", "Invalid_Workload", "is not a DNS-1035 label")
