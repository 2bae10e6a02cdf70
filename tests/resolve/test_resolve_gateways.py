"""Cross-mesh MeshGateway listeners in every mesh's view, as Kuma 2.14 adds them."""

from __future__ import annotations

from vocheck.kuma.specs import MeshGatewayListener, MeshGatewaySpec
from vocheck.resolve import MeshGatewayInput, resolve
from vocheck.settings import KumaSettings
from vocheck.resolve.entries import EntryKey, EntryType
from vocheck.resolve.keys import ResourceKey

from tests.resolve.resolve_helpers import dataplane, policy

SVC = "kuma.io/service"
SETTINGS = KumaSettings(dns_cidr="240.0.0.0/24")


def gateway(mesh: str, *listeners: MeshGatewayListener) -> MeshGatewayInput:
    spec = MeshGatewaySpec(({SVC: "gateway"},), {"gateway": "prod"}, listeners, True)
    return MeshGatewayInput("gateway", mesh, spec, ref=ResourceKey(f"gateways/{mesh}.yaml"))


def listener(port: int, tag: str, hostname: str = "", cross_mesh: bool = False) -> MeshGatewayListener:
    return MeshGatewayListener(hostname, port, "HTTP", {"listener": tag}, cross_mesh)


# Kuma's "meshgateways of all meshes" case: only mesh2's cross-mesh listeners
# reach a view, and they reach mesh1's.
KUMA_GATEWAYS = [
    gateway("mesh1", listener(80, "internal", "gateway1.mesh"), listener(80, "wildcard", "*")),
    gateway(
        "mesh2",
        listener(80, "internal", "gateway2.mesh", cross_mesh=True),
        listener(81, "internal2", cross_mesh=True),
        listener(80, "wildcard", "*"),
    ),
]


def test_meshgateways_of_all_meshes() -> None:
    mesh1 = resolve([], [], [], [], SETTINGS, mesh_gateways=KUMA_GATEWAYS).mesh("mesh1")
    assert mesh1 is not None
    got = {
        str(entry.key): [(item.port, dict(item.tags), item.origin) for item in entry.outbounds]
        for entry in mesh1.entries
    }
    tags = {"gateway": "prod", SVC: "gateway", "kuma.io/mesh": "mesh2"}
    assert got == {
        "fqdn:gateway2.mesh": [(80, {**tags, "listener": "internal"}, "mesh-gateway:mesh2:gateway:gateway2.mesh")],
        "fqdn:internal.gateway.mesh2.mesh": [
            (81, {**tags, "listener": "internal2"}, "mesh-gateway:mesh2:gateway:internal.gateway.mesh2.mesh")
        ],
    }


def test_every_mesh_gets_the_entries_and_they_shift_the_vips() -> None:
    resolution = resolve(
        [], [dataplane("web-1", {SVC: "web"}, mesh="default")], [], [], SETTINGS, mesh_gateways=KUMA_GATEWAYS
    )
    assert [mesh.mesh for mesh in resolution.meshes] == ["default", "mesh1", "mesh2"]
    default = resolution.mesh("default")
    assert default is not None
    assert [(str(entry.key), entry.address) for entry in default.entries] == [
        ("service:web", "240.0.0.0"),
        ("fqdn:gateway2.mesh", "240.0.0.1"),
        ("fqdn:internal.gateway.mesh2.mesh", "240.0.0.2"),
    ]
    assert [record.domain for record in default.dns] == ["gateway2.mesh", "internal.gateway.mesh2.mesh", "web.mesh"]


def test_the_generated_name_uses_the_dns_domain() -> None:
    resolution = resolve([], [], [], [], KumaSettings(dns_domain="corp"), mesh_gateways=KUMA_GATEWAYS)
    mesh2 = resolution.mesh("mesh2")
    assert mesh2 is not None and mesh2.entry(EntryKey(EntryType.FQDN, "internal.gateway.mesh2.corp")) is not None


def test_a_policy_added_first_keeps_the_hostname_and_the_gateway_loses_it() -> None:
    taken = policy("gw", {SVC: "*"}, host="gateway2.mesh", port="80", mesh="default")
    resolution = resolve(
        [taken], [dataplane("web-1", {SVC: "web"}, mesh="default")], [], [], SETTINGS, mesh_gateways=KUMA_GATEWAYS
    )
    default = resolution.mesh("default")
    assert default is not None
    [conflict] = default.conflicts
    assert (conflict.winner.origin, conflict.loser.origin, conflict.why) == (
        "virtual-outbound:gw",
        "mesh-gateway:mesh2:gateway:gateway2.mesh",
        "processing-order",
    )
    assert conflict.loser.source.describe() == "MeshGateway mesh2/gateway conf.listeners[0]"
    assert conflict.message == (
        "can't add gateway2.mesh:80 from mesh-gateway:mesh2:gateway:gateway2.mesh because it's already used "
        "by entity defined in:'virtual-outbound:gw'"
    )


def test_gateways_of_two_meshes_on_one_hostname_are_ambiguous() -> None:
    gateways = [
        gateway(mesh, listener(80, "internal", "shared.mesh", cross_mesh=True)) for mesh in ("mesh-a", "mesh-b")
    ]
    mesh_a = resolve([], [], [], [], SETTINGS, mesh_gateways=gateways).mesh("mesh-a")
    assert mesh_a is not None
    [conflict] = mesh_a.conflicts
    assert conflict.why == "ambiguous"
