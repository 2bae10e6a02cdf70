"""``vocheck diff`` on a mode change and on the MeshService world, as each format shows it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from vocheck.diff.services import ServiceTarget, ServiceVipChanged, compare_services, service_endpoints
from vocheck.resolve.services import (
    MESH_MULTI_ZONE_SERVICE, MESH_SERVICE, Address, MeshServiceWorld, ServiceInput, ServicePort, ServiceStatus,
)
from tests.diff.test_diff_cases import CASES, run_case

BY_NAME = {case["name"]: case for case in CASES}
EXCLUSIVE = BY_NAME["universal, Exclusive stops serving every VirtualOutbound hostname and default name"]
SERVED_AGAIN = BY_NAME["universal, leaving Exclusive serves them again"]
TAKEN = BY_NAME["universal, a HostnameGenerator takes a VirtualOutbound hostname on the MeshService's port"]
NO_PORT = BY_NAME["universal, a HostnameGenerator takes a VirtualOutbound hostname the MeshService has no port for"]
GENERATOR_GONE = BY_NAME["universal, deleting a HostnameGenerator removes its hostnames"]
WHY_EXCLUSIVE = (
    "meshServices.mode turns Exclusive (head/mesh.yaml:4): Kuma stops serving the mesh's VirtualOutbound view and "
    "default kuma.io/service names, so every hostname of it is no longer served; only MeshService, "
    "MeshExternalService and MeshMultiZoneService hostnames resolve"
)


def test_text_says_why_every_hostname_goes(tmp_path: Path, cli: Callable[..., Result]) -> None:
    lines = run_case(EXCLUSIVE, "directories", tmp_path, cli).out.splitlines()
    assert lines[1:5] == [
        "mesh default",
        f"  mode-changed served -> not served: {WHY_EXCLUSIVE}",
        "  removed     orders.mesh:80, was orders from service, 1 inbound",
        "  removed     v1.orders.mesh:8080, was orders (port=8080, version=v1) from virtual-outbound:orders, 1 inbound",
    ]


def test_markdown_and_github_name_the_mesh_that_changes_mode(tmp_path: Path, cli: Callable[..., Result]) -> None:
    markdown = run_case(EXCLUSIVE, "directories", tmp_path / "markdown", cli, "--format", "markdown").out
    assert f"| **mode changed** | `mesh default` | served | not served: {WHY_EXCLUSIVE} |" in markdown
    github = run_case(EXCLUSIVE, "directories", tmp_path / "github", cli, "--format", "github").out.splitlines()
    assert github[0] == (
        "::error file=head/mesh.yaml,line=4,col=9,title=vocheck diff%3A mode-changed::mesh default: " + WHY_EXCLUSIVE
    )


def test_leaving_exclusive_names_base_mesh(tmp_path: Path, cli: Callable[..., Result]) -> None:
    lines = run_case(SERVED_AGAIN, "directories", tmp_path, cli).out.splitlines()
    assert lines[2] == (
        "  mode-changed not served -> served: meshServices.mode is no longer Exclusive (BASE sets it at "
        "base/mesh.yaml:4): Kuma serves the mesh's VirtualOutbound view and default kuma.io/service names again"
    )


def test_a_hostname_moving_to_a_meshservice_is_one_retargeted_change(tmp_path: Path, cli: Callable[..., Result]) -> None:
    text = run_case(TAKEN, "directories", tmp_path / "text", cli)
    assert text.code == 0  # the hostname keeps working: nothing is removed
    assert text.out.splitlines()[2] == (
        "  retargeted  orders.mesh:9000: virtual-outbound:orders (the VirtualOutbound view) -> MeshService orders "
        "(hostname from orders-mesh, VIP 241.0.0.0): DNS answers the service's address, which wins over the VirtualOutbound view"
    )
    github = run_case(TAKEN, "directories", tmp_path / "github", cli, "--format", "github").out.splitlines()
    # Annotated on the HostnameGenerator that takes the hostname.
    assert github[0].startswith("::warning file=head/hg.yaml,line=1,col=1,title=vocheck diff%3A retargeted::orders.mesh:9000")


def test_a_port_the_meshservice_lacks_is_removed_and_says_why(tmp_path: Path, cli: Callable[..., Result]) -> None:
    lines = run_case(NO_PORT, "directories", tmp_path, cli).out.splitlines()
    assert lines[2:4] == [
        "  removed     orders.mesh:8080, was orders from virtual-outbound:orders, 1 inbound; DNS now answers orders.mesh "
        "with MeshService orders (hostname from orders-mesh, VIP 241.0.0.0), which has no port 8080",
        "  added       orders.mesh:9000 -> MeshService orders (hostname from orders-mesh, VIP 241.0.0.0); "
        "DNS answers it instead of virtual-outbound:orders",
    ]


@pytest.mark.parametrize(("fail_on", "code"), [("removed", 1), ("added", 1), ("retargeted,vip-changed", 0)])
def test_fail_on_counts_removed_meshservice_hostnames_alike(
    fail_on: str, code: int, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    # The MeshService's hostname goes; the default service name comes back to the VirtualOutbound view.
    assert run_case(GENERATOR_GONE, "directories", tmp_path, cli, "--fail-on", fail_on).code == code


def test_sarif_carries_the_new_findings_only(tmp_path: Path, cli: Callable[..., Result]) -> None:
    sarif = json.loads(run_case(EXCLUSIVE, "directories", tmp_path, cli, "--format", "sarif").out)
    assert [result["ruleId"] for result in sarif["runs"][0]["results"]] == ["VO405"]


def _status(kind: str, name: str, vip: str, ports: tuple[int, ...], *hostnames: tuple[str, str]) -> ServiceStatus:
    service = ServiceInput(kind, name, "default", {}, tuple(ServicePort(port, port, "tcp", "") for port in ports))
    return ServiceStatus(service, (vip,) if vip else (), tuple(Address(hostname, generator) for hostname, generator in hostnames))


def _world(*services: ServiceStatus) -> MeshServiceWorld:
    return MeshServiceWorld("default", tuple(services))


def test_a_service_without_a_vip_is_not_served_and_a_later_kind_wins_a_shared_hostname() -> None:
    served = service_endpoints(_world(
        _status(MESH_MULTI_ZONE_SERVICE, "shop", "242.0.0.1", (80,), ("shop.mesh", "multizone")),
        _status(MESH_SERVICE, "shop", "241.0.0.1", (80, 8080), ("shop.mesh", "local")),
        _status(MESH_SERVICE, "pending", "", (80,), ("pending.mesh", "local")),
    ))
    # The DNS table takes MeshMultiZoneServices last: the name is theirs, with their ports only.
    assert served == {("shop.mesh", 80): ServiceTarget(MESH_MULTI_ZONE_SERVICE, "shop", "multizone", "242.0.0.1")}


def test_a_service_vip_that_moves_is_a_vip_change() -> None:
    base = service_endpoints(_world(_status(MESH_SERVICE, "shop", "241.0.0.1", (80,), ("shop.mesh", "local"))))
    head = service_endpoints(_world(_status(MESH_SERVICE, "shop", "241.0.0.9", (80,), ("shop.mesh", "local"))))
    changes = compare_services(base, head, {}, {})
    assert (changes.removed, changes.added, changes.retargeted) == ((), (), ())
    assert changes.vip_changed == (
        ServiceVipChanged("shop.mesh", 80, ServiceTarget(MESH_SERVICE, "shop", "local", "241.0.0.9"), "241.0.0.1"),
    )
