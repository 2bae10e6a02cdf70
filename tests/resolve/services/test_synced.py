"""The copies of a zone's MeshServices other zones hold, named as Kuma's KDS names them (its full-sync test data)."""

from __future__ import annotations

from vocheck.resolve.services import ServiceInput, ServicePort, ServiceSettings, resolve_services
from vocheck.resolve.services.synced import synced_copies


def _redis(zone_label: str = "zone-1") -> ServiceInput:
    labels = {"kuma.io/display-name": "redis-zone-1", "kuma.io/origin": "zone", "kuma.io/zone": zone_label, "team": "db-operators"}
    return ServiceInput("MeshService", "redis-zone-1", "default", labels, (ServicePort(6739, 6739, "tcp", ""),))


def test_kds_name_and_labels() -> None:
    [copy] = synced_copies([_redis()], "zone-1", kubernetes=False)
    assert copy.name == "redis-zone-1-2v6wfvvcvbc9f55d"
    assert copy.labels == {
        "kuma.io/display-name": "redis-zone-1",
        "kuma.io/origin": "global",
        "kuma.io/zone": "zone-1",
        "team": "db-operators",
    }
    assert copy.vips == () and copy.vips_pending


def test_kubernetes_zones_hold_copies_in_the_system_namespace() -> None:
    [copy] = synced_copies([_redis()], "zone-1", kubernetes=True)
    assert (copy.name, copy.k8s_name) == ("redis-zone-1-2v6wfvvcvbc9f55d.kuma-system", "redis-zone-1-2v6wfvvcvbc9f55d")


def test_a_zone_that_is_not_federated_sends_nothing() -> None:
    assert synced_copies([_redis()], "", kubernetes=False) == ()


def test_other_zones_name_them_with_the_synced_universal_generator() -> None:
    world = resolve_services([_redis()], [], settings=ServiceSettings(zone="zone-1"))
    mesh = world.mesh("default")
    assert mesh is not None
    [copy] = mesh.synced
    assert [address.hostname for address in copy.addresses] == []  # no kuma.io/env label: no default selects it
    labelled = ServiceInput(
        "MeshService", "redis", "default", {"kuma.io/origin": "zone", "kuma.io/env": "universal", "kuma.io/zone": "zone-1"}
    )
    world = resolve_services([labelled], [], settings=ServiceSettings(zone="zone-1"))
    mesh = world.mesh("default")
    assert mesh is not None
    assert [address.hostname for address in mesh.synced[0].addresses] == ["redis.svc.zone-1.mesh.local"]
    assert [address.hostname for address in mesh.services[0].addresses] == ["redis.svc.mesh.local"]
