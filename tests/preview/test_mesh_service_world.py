"""``vocheck preview`` shows the MeshService world next to the VirtualOutbound world: two demo repositories."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, Result

DEMOS = ROOT / "tests" / "preview" / "meshservice"
KUBERNETES = DEMOS / "kubernetes"
UNIVERSAL = DEMOS / "universal"


def _mesh(result: Result, name: str = "default") -> dict[str, Any]:
    meshes = {mesh["mesh"]: mesh for mesh in json.loads(result.out)["meshes"]}
    found: dict[str, Any] = meshes[name]
    return found


def test_kubernetes_demo_table(cli: Callable[..., Result]) -> None:
    result = cli("preview", "--zone", "east", str(KUBERNETES))
    assert (result.code, result.err) == (0, "")
    assert result.out == (DEMOS / "kubernetes.expected.txt").read_text()


def test_kubernetes_demo_per_pod_hostnames_in_other_zones(cli: Callable[..., Result]) -> None:
    result = cli("preview", "--format", "json", "--zone", "east", str(KUBERNETES))
    mesh = _mesh(result)
    local = {service["name"]: service for service in mesh["services"]}
    assert sorted(local) == ["api.shop", "postgres-0-6c6f44f79d.data", "postgres-1-6c6f44f79d.data", "web.shop"]
    # A Kubernetes zone generates no hostname for its own MeshServices: clients use Kubernetes DNS.
    assert all(service["addresses"] == [] for service in local.values())
    assert local["api.shop"]["vips"] == ["10.96.12.7"]
    assert local["web.shop"]["ports"] == [{"port": 80, "targetPort": "http", "appProtocol": "http", "name": "http"}]
    assert local["postgres-0-6c6f44f79d.data"]["labels"]["statefulset.kubernetes.io/pod-name"] == "postgres-0"
    hostnames = sorted(address["hostname"] for service in mesh["synced_services"] for address in service["addresses"])
    assert hostnames == [
        "api.shop.svc.east.mesh.local",
        "postgres-0.postgres.data.svc.east.mesh.local",
        "postgres-1.postgres.data.svc.east.mesh.local",
        "web.shop.svc.east.mesh.local",
    ]


def test_universal_demo_table(cli: Callable[..., Result]) -> None:
    result = cli("preview", str(UNIVERSAL))
    assert (result.code, result.err) == (0, "")
    assert result.out == (DEMOS / "universal.expected.txt").read_text()


def test_universal_demo_json_mirrors_kuma_status(cli: Callable[..., Result]) -> None:
    mesh = _mesh(cli("preview", "--format", "json", str(UNIVERSAL)))
    services = mesh["services"]
    assert [(service["kind"], service["name"], service["vips"]) for service in services] == [
        ("MeshService", "backend", ["241.0.0.0"]),
        ("MeshService", "frontend", ["241.0.0.1"]),
        ("MeshService", "redis", ["241.0.0.2"]),
    ]
    backend = services[0]
    assert list(backend) == ["kind", "name", "labels", "vips", "ports", "addresses", "hostnameGenerators"]
    assert backend["ports"] == [{"port": 8080, "targetPort": 8080, "appProtocol": "http", "name": "http"}]
    assert backend["addresses"] == [
        {"hostname": "backend.svc.mesh.local", "origin": "HostnameGenerator", "hostnameGeneratorRef": {"coreName": "local-universal-mesh-service"}},
        {"hostname": "shop.mesh.local", "origin": "HostnameGenerator", "hostnameGeneratorRef": {"coreName": "shared"}},
    ]
    assert [generator["hostnameGeneratorRef"]["coreName"] for generator in backend["hostnameGenerators"]] == [
        "local-universal-mesh-service",
        "shared",
        "with-namespace",
    ]
    [template_error] = backend["hostnameGenerators"][2]["conditions"]
    assert (template_error["status"], template_error["reason"]) == ("False", "TemplateError")
    [collision] = services[1]["hostnameGenerators"][1]["conditions"]
    assert collision == {
        "type": "Generated",
        "status": "False",
        "reason": "Collision",
        "message": "Hostname collision with MeshService: frontend",
    }


@pytest.mark.parametrize("demo", [KUBERNETES, UNIVERSAL])
def test_json_and_yaml_agree(cli: Callable[..., Result], demo: Path) -> None:
    as_json = json.loads(cli("preview", "--format", "json", "--zone", "east", str(demo)).out)
    as_yaml = yaml.safe_load(cli("preview", "--format", "yaml", "--zone", "east", str(demo)).out)
    assert as_json == as_yaml


def test_mesh_service_cidr_option(cli: Callable[..., Result]) -> None:
    mesh = _mesh(cli("preview", "--format", "json", "--mesh-service-cidr", "10.8.0.0/30", str(UNIVERSAL)))
    assert [service["vips"] for service in mesh["services"]] == [["10.8.0.0"], ["10.8.0.1"], ["10.8.0.2"]]
    result = cli("preview", "--mesh-service-cidr", "10.8.0.0/40", str(UNIVERSAL))
    assert result.code == 2 and "--mesh-service-cidr" in result.err


def test_mesh_services_disabled_leaves_the_output_as_it_was(cli: Callable[..., Result], tmp_path: Path) -> None:
    for path in UNIVERSAL.glob("dataplanes.yaml"):
        (tmp_path / path.name).write_text(path.read_text())
    result = cli("preview", "--format", "json", str(tmp_path))
    assert "services" not in _mesh(result)
    table = cli("preview", str(tmp_path))
    assert "MeshService world" not in table.out


def test_examples_have_no_mesh_service_world(cli: Callable[..., Result]) -> None:
    result = cli("preview", "--format", "json", str(ROOT / "examples"))
    assert all("services" not in mesh for mesh in json.loads(result.out)["meshes"])


def test_kuma_3_generates_from_the_workload_label_in_every_mesh(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "dataplane.yaml").write_text(
        "type: Dataplane\nname: backend-1\nmesh: default\nlabels: {kuma.io/workload: backend}\n"
        "networking:\n  address: 10.0.0.1\n  inbound:\n    - {port: 8080, name: http, protocol: http}\n"
    )
    mesh = _mesh(cli("preview", "--format", "json", "--kuma-version", "3.0", str(tmp_path)))
    [service] = mesh["services"]
    assert (service["name"], service["vips"], service["ports"]) == (
        "backend",
        ["241.0.0.0"],
        [{"port": 8080, "targetPort": 8080, "appProtocol": "http", "name": "http"}],
    )
    assert [address["hostname"] for address in service["addresses"]] == ["backend.svc.mesh.local"]
    # Up to 2.14 the same run has no MeshService world: no Mesh turns MeshServices on.
    meshes = json.loads(cli("preview", "--format", "json", str(tmp_path)).out)["meshes"]
    assert all("services" not in mesh for mesh in meshes)


def test_authored_services_and_a_rejected_generator(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "world.yaml").write_text(
        "type: HostnameGenerator\nname: broken\nspec:\n  selector:\n    meshService:\n"
        "      matchLabels: {kuma.io/mesh: default}\n  template: '{{ .Name }}.MESH'\n---\n"
        "type: MeshService\nname: backend\nmesh: default\nspec:\n  selector:\n"
        "    dataplaneTags: {kuma.io/service: backend}\n  ports:\n    - {port: 80, targetPort: 8080, appProtocol: http}\n"
        "status:\n  vips:\n    - ip: 241.0.0.0\n---\n"
        "type: MeshExternalService\nname: httpbin\nmesh: default\nspec:\n  match: {type: HostnameGenerator, port: 443, protocol: tcp}\n"
        "  endpoints:\n    - {address: httpbin.org, port: 443}\n"
    )
    result = cli("preview", "--format", "json", str(tmp_path))
    assert result.code == 1
    assert 'left out HostnameGenerator "broken"' in result.err
    services = {service["name"]: service for service in _mesh(result)["services"]}
    assert services["backend"]["vips"] == ["241.0.0.0"]  # its status.vips, kept
    assert services["backend"]["addresses"][0]["hostname"] == "backend.svc.mesh.local"
    assert services["httpbin"]["vips"] == ["242.0.0.0"]
    assert [address["hostname"] for address in services["httpbin"]["addresses"]] == ["httpbin.extsvc.mesh.local"]
    assert services["httpbin"]["ports"] == [{"port": 443, "targetPort": 443, "appProtocol": "tcp", "name": ""}]


def test_services_of_one_name_in_two_meshes_are_two_services(cli: Callable[..., Result], tmp_path: Path) -> None:
    service = """
type: MeshService
name: redis
mesh: {mesh}
spec:
  selector:
    dataplaneTags:
      kuma.io/service: redis
  ports:
  - port: {port}
    targetPort: {port}
    appProtocol: tcp
"""
    meshes = "".join(f"---\ntype: Mesh\nname: {name}\nmeshServices:\n  mode: Exclusive\n" for name in ("default", "payments"))
    services = "".join("---" + service.format(mesh=mesh, port=port) for mesh, port in (("default", 6379), ("payments", 6380)))
    (tmp_path / "services.yaml").write_text(meshes + services)
    result = cli("preview", "--format", "json", str(tmp_path))
    for mesh, port in (("default", 6379), ("payments", 6380)):
        [found] = _mesh(result, mesh)["services"]
        assert (found["name"], [item["port"] for item in found["ports"]]) == ("redis", [port])
        assert [address["hostname"] for address in found["addresses"]] == ["redis.svc.mesh.local"]


def test_a_kubernetes_zone_holds_a_multizone_service_in_its_system_namespace(cli: Callable[..., Result], tmp_path: Path) -> None:
    # KDS stores what the global control plane sends a Kubernetes zone in kuma-system, as it does
    # the MeshService copies: the core name gains the namespace, `.Name` is the object's name.
    (tmp_path / "mz.yaml").write_text(
        "apiVersion: kuma.io/v1alpha1\nkind: MeshMultiZoneService\nmetadata:\n  name: web-mz\n  namespace: kuma-system\n"
        "  labels: {kuma.io/mesh: default}\nspec:\n  selector:\n    meshService:\n      matchLabels: {k8s.kuma.io/service-name: web}\n"
        "  ports:\n    - {port: 80, appProtocol: http}\n---\n"
        "apiVersion: kuma.io/v1alpha1\nkind: HostnameGenerator\nmetadata:\n  name: mz\n  namespace: kuma-system\n"
        "spec:\n  template: '{{ .Name }}.mz.local'\n  selector:\n    meshMultiZoneService: {}\n"
    )
    [service] = _mesh(cli("preview", "--format", "json", str(tmp_path)))["services"]
    object_name, _, namespace = service["name"].partition(".")
    assert (object_name.startswith("web-mz-"), namespace) == (True, "kuma-system")
    assert [address["hostname"] for address in service["addresses"]] == [f"{object_name}.mz.local"]


def test_a_service_of_the_wrong_shape_is_left_out_and_takes_no_vip(cli: Callable[..., Result], tmp_path: Path) -> None:
    # `spec.ports: 7` fails Kuma's schema (the API server, `kumactl apply`): it is never stored.
    (tmp_path / "services.yaml").write_text(
        "type: Mesh\nname: default\nmeshServices:\n  mode: Exclusive\n---\n"
        "type: MeshService\nname: aaa-broken\nmesh: default\nspec:\n  ports: 7\n---\n"
        "type: MeshService\nname: redis\nmesh: default\nspec:\n  selector:\n    dataplaneTags:\n"
        "      kuma.io/service: redis\n  ports:\n  - port: 6379\n    targetPort: 6379\n"
    )
    result = cli("preview", "--format", "json", str(tmp_path))
    assert result.code == 1 and 'left out MeshService "aaa-broken"' in result.err
    assert [(service["name"], service["vips"]) for service in _mesh(result)["services"]] == [("redis", ["241.0.0.0"])]


def test_kuma_3_serves_no_vip_view_and_has_no_virtual_outbound(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "run.yaml").write_text(
        "type: Dataplane\nmesh: default\nname: web-1\nnetworking:\n  address: 10.0.0.1\n  inbound:\n"
        "    - port: 8080\n      tags:\n        kuma.io/service: web\n---\n"
        "type: VirtualOutbound\nmesh: default\nname: web\nselectors:\n  - match:\n      kuma.io/service: \"*\"\n"
        "conf:\n  host: \"{{.service}}.internal\"\n  port: \"80\"\n  parameters:\n    - name: service\n      tagKey: kuma.io/service\n"
    )
    before = _mesh(cli("preview", "--format", "json", str(tmp_path)))
    assert "served" not in before and "web.internal" in json.dumps(before["entries"])
    result = cli("preview", "--format", "json", "--kuma-version", "3.0", str(tmp_path))
    after = _mesh(result)
    assert after["served"] is False and "web.internal" not in json.dumps(after["entries"])
    assert 'left out VirtualOutbound "web"' in result.err
    table = cli("preview", "--kuma-version", "3.0", str(tmp_path)).out
    assert "Kuma 3.0: every mesh works as meshServices.mode Exclusive" in table
