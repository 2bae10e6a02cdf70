"""Kuma 2.14's Kubernetes MeshService controller, restated from its test data, and the hostnames of its MeshServices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from vocheck.resolve.services import ServiceSettings, resolve_services
from vocheck.resolve.services.names import headless_service_name
from vocheck.resolve.workloads import KubernetesObject

_CASES = yaml.safe_load((Path(__file__).parent / "kubernetes_cases.yaml").read_text())


def _objects(text: str) -> list[KubernetesObject]:
    return [KubernetesObject(document) for document in yaml.safe_load_all(text) if document]


def _store_labels(name: str) -> dict[str, str]:
    object_name, _, namespace = name.rpartition(".")
    return {
        "kuma.io/display-name": object_name,
        "k8s.kuma.io/namespace": namespace,
        "kuma.io/origin": "zone",
        "kuma.io/zone": "default",
    }


@pytest.mark.parametrize("name", list(_CASES))
def test_controller(name: str) -> None:
    case = _CASES[name]
    mode = case.get("mode")
    world = resolve_services(
        [], [], kubernetes_objects=_objects(case["manifests"]), enabled=lambda mesh: mode not in (None, "Disabled"),
        settings=ServiceSettings(kubernetes=True),
    )
    found: list[dict[str, Any]] = []
    for mesh in world.meshes:
        for status in mesh.services:
            service = status.service
            found.append(
                {
                    "name": service.name,
                    "labels": service.labels,
                    "ports": [[port.name, port.port, port.target_port, port.app_protocol] for port in service.ports],
                    "vips": "pod IPs" if service.vips_pending else list(status.vips),
                }
            )
    expected = [{**item, "labels": {**item["labels"], **_store_labels(item["name"])}} for item in case["expect"]]
    assert found == expected


def test_long_pod_names_are_cut_and_hashed() -> None:
    pod = "p" * 60
    name = headless_service_name(pod, "example", "demo")
    assert len(name) <= 63 and name.startswith("p" * 52 + "-")
    assert name != headless_service_name("p" * 61, "example", "demo")


def test_kubernetes_zone_has_no_generator_for_its_own_services() -> None:
    world = resolve_services(
        [], [], kubernetes_objects=_objects(_CASES["headless Service, one MeshService per pod"]["manifests"]),
        enabled=lambda mesh: True, settings=ServiceSettings(kubernetes=True),
    )
    assert [generator.name for generator in world.generators] == ["local-mesh-external-service.kuma-system"]
    mesh = world.mesh("default")
    assert mesh is not None and all(not status.addresses for status in mesh.services)


def test_manifests_of_the_wrong_shape_give_what_they_can() -> None:
    documents: list[dict[str, Any]] = [
        {"kind": "Namespace", "metadata": {"name": "a", "labels": {"kuma.io/sidecar-injection": "enabled"}}},
        {"kind": "Service", "metadata": {"name": "x", "namespace": "a"}, "spec": {"ports": 5, "clusterIP": 7}},
        {"kind": "Service", "metadata": {"name": "y", "namespace": "a", "labels": [1]}, "spec": {"ports": [{"port": True}, {"port": 80, "targetPort": [1]}, "z"], "selector": "q"}},
        {"kind": "Service", "metadata": None, "spec": None},
        {"kind": "Pod", "metadata": {"name": "h-0", "namespace": "a"}, "spec": 3},
    ]
    world = resolve_services(
        [], [], kubernetes_objects=[KubernetesObject(document) for document in documents],
        enabled=lambda mesh: True, settings=ServiceSettings(kubernetes=True),
    )
    mesh = world.mesh("default")
    assert mesh is not None
    assert [(status.name, [port.port for port in status.service.ports]) for status in mesh.services] == [
        ("x.a", []),
        ("y.a", [80]),
    ]


_ANNOTATED_MESH = """
apiVersion: v1
kind: Namespace
metadata: {name: demo, labels: {kuma.io/sidecar-injection: enabled}, annotations: {kuma.io/mesh: payments}}
---
apiVersion: v1
kind: Service
metadata: {namespace: demo, name: example}
spec: {clusterIP: 10.0.0.1, ports: [{port: 80}]}
"""


@pytest.mark.parametrize(("version", "mesh"), [((2, 14), "payments"), ((3, 0), "default")])
def test_the_mesh_annotation_counts_until_3_0(version: tuple[int, int], mesh: str) -> None:
    # Kuma 2.x reads kuma.io/mesh from the Service's and the Namespace's labels, then their
    # annotations (deprecated); Kuma 3.0 reads the labels only.
    world = resolve_services(
        [], [], kubernetes_objects=_objects(_ANNOTATED_MESH), enabled=lambda name: True,
        settings=ServiceSettings(kubernetes=True, kuma_version=version),
    )
    assert [(found.mesh, [status.name for status in found.services]) for found in world.meshes] == [(mesh, ["example.demo"])]


_ZONE_PROXY_SERVICE = """
apiVersion: v1
kind: Namespace
metadata: {name: demo, labels: {kuma.io/sidecar-injection: enabled}}
---
apiVersion: v1
kind: Service
metadata: {namespace: demo, name: ingress, labels: {k8s.kuma.io/zone-proxy-type: ingress}}
spec: {clusterIP: 10.0.0.2, ports: [{port: 10001}]}
"""


@pytest.mark.parametrize(
    ("manifests", "version", "expected"),
    [
        # Kuma 2.13 started skipping the Services of gateway pods (the annotation on the pod) ...
        (_CASES["Service of gateway pods"]["manifests"], (2, 12), ["example.demo"]),
        (_CASES["Service of gateway pods"]["manifests"], (2, 13), []),
        # ... and Kuma 2.14 the Services of zone proxies.
        (_ZONE_PROXY_SERVICE, (2, 13), ["ingress.demo"]),
        (_ZONE_PROXY_SERVICE, (2, 14), []),
    ],
    ids=["gateway pods 2.12", "gateway pods 2.13", "zone proxy 2.13", "zone proxy 2.14"],
)
def test_skipped_services_by_version(manifests: str, version: tuple[int, int], expected: list[str]) -> None:
    world = resolve_services(
        [], [], kubernetes_objects=_objects(manifests), enabled=lambda name: True,
        settings=ServiceSettings(kubernetes=True, kuma_version=version),
    )
    assert [status.name for mesh in world.meshes for status in mesh.services] == expected
