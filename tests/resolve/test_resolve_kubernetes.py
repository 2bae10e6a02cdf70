"""Dataplanes derived from Kubernetes manifests, and the preview they give."""

from __future__ import annotations

from typing import Any

import pytest
from resolve_helpers import SVC, outbounds_by_entry, parameter, policy

from vocheck.resolve import resolve
from vocheck.preview.json_view import to_json
from vocheck.settings import KumaSettings
from vocheck.resolve.keys import ResourceKey
from vocheck.resolve.kubernetes import derive_dataplanes
from vocheck.resolve.workloads import KubernetesObject

INJECTED_NAMESPACE = {
    "apiVersion": "v1",
    "kind": "Namespace",
    "metadata": {"name": "kafka", "labels": {"kuma.io/sidecar-injection": "enabled"}},
}


def workload(
    kind: str, name: str, labels: dict[str, str], replicas: int | None = None, **extra: Any
) -> dict[str, Any]:
    pod_metadata: dict[str, Any] = {"labels": labels, **extra.pop("pod_metadata", {})}
    spec: dict[str, Any] = {
        "selector": {"matchLabels": labels},
        "template": {
            "metadata": pod_metadata,
            "spec": {"containers": [{"name": "app", "ports": extra.pop("container_ports", [])}]},
        },
    }
    if replicas is not None:
        spec["replicas"] = replicas
    return {
        "apiVersion": "apps/v1",
        "kind": kind,
        "metadata": {"name": name, "namespace": extra.pop("namespace", "kafka")},
        "spec": spec,
    }


def service(
    name: str,
    selector: dict[str, str],
    *ports: dict[str, Any],
    namespace: str = "kafka",
    **spec: Any,
) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name, "namespace": namespace}
    if "annotations" in spec:
        metadata["annotations"] = spec.pop("annotations")
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": metadata,
        "spec": {"selector": selector, "ports": list(ports), **spec},
    }


def derive(*documents: dict[str, Any], **options: Any) -> Any:
    return derive_dataplanes(
        [KubernetesObject(document, ref=ResourceKey("workloads.yaml", index)) for index, document in enumerate(documents)],
        **options,
    )


def inbound_tags(*documents: dict[str, Any], **options: Any) -> dict[str, list[dict[str, str]]]:
    return {
        item.name: [dict(inbound.tags) for inbound in item.spec.inbounds]
        for item in derive(*documents, **options).dataplanes
    }


KAFKA = workload(
    "StatefulSet",
    "kafka",
    {"app": "kafka"},
    3,
    container_ports=[{"name": "broker", "containerPort": 9092}],
)
KAFKA_HEADLESS = service(
    "kafka",
    {"app": "kafka"},
    {"name": "broker", "port": 9092, "targetPort": "broker"},
    clusterIP="None",
)
# The docs' "one hostname per instance" policy for Kubernetes.
PER_INSTANCE = policy(
    "instance",
    {SVC: "*", "statefulset.kubernetes.io/pod-name": "*"},
    host="{{.svc}}.{{.inst}}.mesh",
    port="8080",
    parameters=(parameter("svc", SVC), parameter("inst", "statefulset.kubernetes.io/pod-name")),
)


def test_statefulset_pods_with_headless_service() -> None:
    tags = inbound_tags(INJECTED_NAMESPACE, KAFKA, KAFKA_HEADLESS)
    assert list(tags) == ["kafka-0.kafka", "kafka-1.kafka", "kafka-2.kafka"]
    assert tags["kafka-1.kafka"] == [
        {
            "app": "kafka",
            "statefulset.kubernetes.io/pod-name": "kafka-1",
            "apps.kubernetes.io/pod-index": "1",
            "k8s.kuma.io/namespace": "kafka",
            "k8s.kuma.io/service-name": "kafka",
            "k8s.kuma.io/service-port": "9092",
            SVC: "kafka_kafka_svc_9092",
            "kuma.io/protocol": "tcp",
            "kuma.io/instance": "kafka-1",
        }
    ]
    assert [
        inbound.port
        for item in derive(INJECTED_NAMESPACE, KAFKA, KAFKA_HEADLESS).dataplanes
        for inbound in item.spec.inbounds
    ] == [9092] * 3


def test_statefulset_previews_one_hostname_per_pod() -> None:
    dataplanes = derive(INJECTED_NAMESPACE, KAFKA, KAFKA_HEADLESS).dataplanes
    result = resolve([PER_INSTANCE], dataplanes, [], [], KumaSettings())
    entries = outbounds_by_entry(result)
    assert [name for name in entries if name.startswith("fqdn:")] == [
        "fqdn:kafka_kafka_svc_9092.kafka-0.mesh",
        "fqdn:kafka_kafka_svc_9092.kafka-1.mesh",
        "fqdn:kafka_kafka_svc_9092.kafka-2.mesh",
    ]
    assert entries["fqdn:kafka_kafka_svc_9092.kafka-2.mesh"] == [
        (
            8080,
            {SVC: "kafka_kafka_svc_9092", "statefulset.kubernetes.io/pod-name": "kafka-2"},
            "virtual-outbound:instance",
        )
    ]
    dns = {record["domain"]: record["address"] for record in to_json(result)["meshes"][0]["dns"]}
    assert dns == {
        "kafka_kafka_svc_9092.mesh": "240.0.0.0",
        "kafka.kafka.svc.9092.mesh": "240.0.0.0",
        "kafka_kafka_svc_9092.kafka-0.mesh": "240.0.0.1",
        "kafka_kafka_svc_9092.kafka-1.mesh": "240.0.0.2",
        "kafka_kafka_svc_9092.kafka-2.mesh": "240.0.0.3",
    }


@pytest.mark.parametrize(
    ("namespace_labels", "pod_labels", "namespace_present", "injected"),
    [
        ({"kuma.io/sidecar-injection": "enabled"}, {}, True, True),
        ({"kuma.io/sidecar-injection": "true"}, {}, True, True),
        (
            {"kuma.io/sidecar-injection": "enabled"},
            {"kuma.io/sidecar-injection": "disabled"},
            True,
            False,
        ),
        (
            {"kuma.io/sidecar-injection": "disabled"},
            {"kuma.io/sidecar-injection": "enabled"},
            True,
            True,
        ),
        (
            {"kuma.io/sidecar-injection": "disabled"},
            {"kuma.io/sidecar-injection": "true"},
            True,
            False,
        ),
        ({"kuma.io/sidecar-injection": "disabled"}, {}, True, False),
        ({}, {"kuma.io/sidecar-injection": "enabled"}, True, False),
        ({}, {}, False, False),
        ({"kuma.io/sidecar-injection": "enabled"}, {"openshift.io/build.name": "x"}, True, False),
    ],
)
def test_injection_follows_kumas_webhooks(
    namespace_labels: dict[str, str],
    pod_labels: dict[str, str],
    namespace_present: bool,
    injected: bool,
) -> None:
    namespace = {"kind": "Namespace", "metadata": {"name": "kafka", "labels": namespace_labels}}
    pod = workload("Deployment", "web", {"app": "web", **pod_labels})
    documents = [namespace, pod] if namespace_present else [pod]
    derivation = derive(*documents)
    assert bool(derivation.dataplanes) is injected
    assert bool(derivation.skipped) is not injected


def test_missing_namespace_can_be_assumed_injected() -> None:
    assert [
        item.name
        for item in derive(
            workload("Deployment", "web", {"app": "web"}, 2), assume_injection=True
        ).dataplanes
    ] == [
        "web-replica-0.kafka",
        "web-replica-1.kafka",
    ]


@pytest.mark.parametrize(
    ("pod_metadata", "namespace_metadata", "mesh"),
    [
        ({}, {}, "default"),
        (
            {"labels": {"kuma.io/mesh": "pod-label"}},
            {"labels": {"kuma.io/mesh": "ns-label"}},
            "pod-label",
        ),
        (
            {"annotations": {"kuma.io/mesh": "pod-annotation"}},
            {"labels": {"kuma.io/mesh": "ns-label"}},
            "pod-annotation",
        ),
        (
            {},
            {
                "labels": {"kuma.io/mesh": "ns-label"},
                "annotations": {"kuma.io/mesh": "ns-annotation"},
            },
            "ns-label",
        ),
        ({}, {"annotations": {"kuma.io/mesh": "ns-annotation"}}, "ns-annotation"),
    ],
)
def test_mesh_of_a_pod(
    pod_metadata: dict[str, Any], namespace_metadata: dict[str, Any], mesh: str
) -> None:
    labels = {"kuma.io/sidecar-injection": "enabled", **namespace_metadata.get("labels", {})}
    namespace = {
        "kind": "Namespace",
        "metadata": {"name": "kafka", **namespace_metadata, "labels": labels},
    }
    pod_labels = {"app": "web", **pod_metadata.get("labels", {})}
    pod = workload(
        "Deployment",
        "web",
        pod_labels,
        pod_metadata={"annotations": pod_metadata.get("annotations", {})},
    )
    assert [item.mesh for item in derive(namespace, pod).dataplanes] == [mesh]


@pytest.mark.parametrize(
    ("port", "annotations", "protocol"),
    [
        ({"port": 80}, {}, "tcp"),
        ({"port": 80, "appProtocol": "HTTP"}, {}, "http"),
        (
            {"port": 80, "appProtocol": "kubernetes.io/h2c"},
            {"80.service.kuma.io/protocol": "GRPC"},
            "grpc",
        ),
        ({"port": 80, "appProtocol": "http2"}, {"80.service.kuma.io/protocol": "grpc"}, "http2"),
        ({"port": 80}, {"80.service.kuma.io/protocol": "Bogus"}, "bogus"),
    ],
)
def test_protocol_tag(port: dict[str, Any], annotations: dict[str, str], protocol: str) -> None:
    web_service = service("web", {"app": "web"}, port, annotations=annotations)
    tags = inbound_tags(
        INJECTED_NAMESPACE, web_service, workload("Deployment", "web", {"app": "web"})
    )
    assert tags["web-replica-0.kafka"][0]["kuma.io/protocol"] == protocol


def test_labels_with_kuma_io_are_not_tags_and_zone_is_added() -> None:
    pod = workload(
        "Deployment", "web", {"app": "web", "kuma.io/version": "v2", "team": "", "version": "v1"}
    )
    tags = inbound_tags(
        INJECTED_NAMESPACE,
        pod,
        service("web", {"app": "web"}, {"port": 80, "targetPort": 8080}),
        zone="east",
    )
    assert tags["web-replica-0.kafka"] == [
        {
            "app": "web",
            "version": "v1",
            "k8s.kuma.io/namespace": "kafka",
            "k8s.kuma.io/service-name": "web",
            "k8s.kuma.io/service-port": "80",
            SVC: "web_kafka_svc_80",
            "kuma.io/zone": "east",
            "kuma.io/protocol": "tcp",
        }
    ]
    assert [
        inbound.port
        for inbound in derive(
            INJECTED_NAMESPACE,
            pod,
            service("web", {"app": "web"}, {"port": 80, "targetPort": 8080}),
        )
        .dataplanes[0]
        .spec.inbounds
    ] == [8080]


def test_services_ports_and_serviceless_pods() -> None:
    pod = workload("Deployment", "web", {"app": "web"})
    documents = [
        INJECTED_NAMESPACE,
        pod,
        service("b-udp", {"app": "web"}, {"port": 53, "protocol": "UDP"}, {"port": 54}),
        service("a-named", {"app": "web"}, {"port": 80, "targetPort": "missing"}),
        service("c-external", {"app": "web"}, {"port": 80}, type="ExternalName"),
        service("d-ignored", {"app": "web"}, {"port": 80}, annotations={"kuma.io/ignore": "true"}),
        service("e-other", {"app": "other"}, {"port": 80}),
        service("f-elsewhere", {"app": "web"}, {"port": 80}, namespace="default"),
        workload("Pod", "lonely", {"app": "lonely"}),
    ]
    tags = inbound_tags(*documents)
    assert [inbound[SVC] for inbound in tags["web-replica-0.kafka"]] == ["b-udp_kafka_svc_54"]
    lonely = derive(*documents).dataplanes[0]
    assert lonely.name == "lonely.kafka"
    assert [
        (inbound.port, inbound.tags[SVC], inbound.tags["kuma.io/instance"])
        for inbound in lonely.spec.inbounds
    ] == [(49151, "lonely_kafka_svc", "lonely")]


def test_pods_and_replicasets_of_a_workload_in_the_run_are_not_counted_twice() -> None:
    owned_pod = workload("Pod", "web-abc", {"app": "web"})
    owned_pod["metadata"]["ownerReferences"] = [{"kind": "ReplicaSet", "name": "web-123"}]
    replica_set = workload("ReplicaSet", "web-123", {"app": "web"}, 2)
    replica_set["metadata"]["ownerReferences"] = [{"kind": "Deployment", "name": "web"}]
    names = [
        item.name
        for item in derive(
            INJECTED_NAMESPACE,
            workload("Deployment", "web", {"app": "web"}, 1),
            replica_set,
            owned_pod,
        ).dataplanes
    ]
    assert names == ["web-replica-0.kafka"]


def test_zero_replicas_and_daemonsets() -> None:
    names = [
        item.name
        for item in derive(
            INJECTED_NAMESPACE,
            workload("Deployment", "idle", {"a": "b"}, 0),
            workload("DaemonSet", "agent", {"a": "c"}),
        ).dataplanes
    ]
    assert names == ["agent-replica-0.kafka"]


def test_derived_dataplanes_carry_the_workload_ref_and_kubernetes_form() -> None:
    dataplane = derive(INJECTED_NAMESPACE, KAFKA, KAFKA_HEADLESS).dataplanes[0]
    assert (dataplane.ref, dataplane.form) == (ResourceKey("workloads.yaml", 1), "kubernetes")
