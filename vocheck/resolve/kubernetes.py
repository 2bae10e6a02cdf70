"""Dataplanes derived from plain Kubernetes manifests, as Kuma's pod converter would make them.

Derived:

- pods: a Pod as written; a Deployment's or ReplicaSet's ``spec.replicas``
  pods (default 1) named ``<workload>-replica-<i>`` (the real names hold a
  hash and a random suffix); a StatefulSet's pods ``<name>-0`` ...
  ``<name>-<N-1>`` with the labels Kubernetes adds,
  ``statefulset.kubernetes.io/pod-name`` and (since Kubernetes 1.28)
  ``apps.kubernetes.io/pod-index``; one pod per DaemonSet (the node count is
  unknown). A Pod or ReplicaSet owned by a workload of the run is not counted
  twice.
- injection, as Kuma's injector webhooks decide it: the namespace must carry the
  label ``kuma.io/sidecar-injection``; with ``enabled``/``true`` every pod is
  injected unless its own label says ``disabled``/``false``/``no``; with another
  value only pods labelled ``kuma.io/sidecar-injection: enabled`` are. Annotations
  are not read for this (Kuma reads labels only). ``kube-system`` and
  ``kuma-system`` are never injected; neither are pods with an
  ``openshift.io/build.name`` or ``openshift.io/deployer-pod-for.name`` label.
  A Namespace missing from the run counts as unlabelled unless the caller says
  to assume injection.
- the mesh: ``kuma.io/mesh`` label, then annotation, of the pod, then of its
  namespace, else ``default``.
- one inbound per TCP port of every Service of the pod's namespace whose
  non-empty selector matches the pod labels (Services sorted by name; ExternalName
  Services and Services annotated ``kuma.io/ignore: true`` skipped; a named
  ``targetPort`` must name a container port, else the port is skipped). Tags:
  the pod labels with a non-empty value whose key does not contain ``kuma.io/``,
  ``k8s.kuma.io/namespace``, ``k8s.kuma.io/service-name``,
  ``k8s.kuma.io/service-port``, ``kuma.io/service`` = ``<svc>_<ns>_svc_<port>``,
  ``kuma.io/zone`` (multizone), ``kuma.io/protocol`` (a known ``appProtocol``,
  else the ``<port>.service.kuma.io/protocol`` Service annotation, else ``tcp``;
  lowercased) and ``kuma.io/instance`` = pod name for headless Services.
- a pod no Service selects gets the serviceless inbound on port 49151 (which
  resolution skips).

Not derived: labels whose values Kubernetes computes (``pod-template-hash``,
``controller-revision-hash``, ``pod-template-generation``), node labels copied
by ``nodeLabelsToCopy``, Services without a selector (Kuma matches them through
EndpointSlices), readiness (every inbound is ``Ready``), gateway, ingress and
egress pods (``kuma.io/gateway``, ``kuma.io/ingress``, ``kuma.io/egress``
annotations; they contribute no inbound), Jobs and CronJobs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field
from typing import Any

from vocheck._perf.records import record
from vocheck.kuma.specs import DataplaneSpec, Inbound
from vocheck.resolve.entries import SERVICE_TAG
from vocheck.resolve.inputs import KUBERNETES, SERVICELESS_PORT, DataplaneInput
from vocheck.resolve.keys import ResourceKey
from vocheck.golang.shown import shown
from vocheck.resolve.workloads import Derivation, DerivedPod, KubernetesObject, SkippedPod

INJECTION_LABEL = "kuma.io/sidecar-injection"
MESH_LABEL = "kuma.io/mesh"
STATEFULSET_POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"
_EXCLUDED_NAMESPACES = frozenset({"kube-system", "kuma-system"})
_EXCEPTION_LABELS = ("openshift.io/build.name", "openshift.io/deployer-pod-for.name")
_NOT_INJECTED_BY_SIDECAR = ("kuma.io/gateway", "kuma.io/ingress", "kuma.io/egress")
_KNOWN_PROTOCOLS = frozenset({"http", "http2", "tcp", "tls", "grpc", "kafka", "mysql"})
_WORKLOAD_KINDS = frozenset({"Deployment", "StatefulSet", "ReplicaSet", "DaemonSet"})
_TRUE_VALUES = frozenset({"true", "yes", "enabled"})


@record
class _Pod:
    name: str
    namespace: str
    labels: Mapping[str, str]
    annotations: Mapping[str, str]
    spec: Mapping[str, Any]
    owner: str
    ref: ResourceKey | None


@record(frozen=False)
class _Run:
    namespaces: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    services: dict[str, list[Mapping[str, Any]]] = field(default_factory=dict)
    workloads: list[KubernetesObject] = field(default_factory=list)
    owners: set[tuple[str, str, str]] = field(default_factory=set)


def derive_dataplanes(
    objects: Iterable[KubernetesObject], zone: str = "", assume_injection: bool = False
) -> Derivation:
    """Dataplanes (``<pod>.<namespace>``) for the injected pods of the workloads given.

    ``assume_injection`` makes a namespace missing from ``objects`` count as
    labelled ``kuma.io/sidecar-injection: enabled``.
    """
    run = _collect(objects)
    dataplanes: list[DataplaneInput] = []
    skipped: list[SkippedPod] = []
    for workload in run.workloads:
        for pod in _pods(workload, run):
            reason = _not_injected(pod, run, assume_injection)
            if reason is not None:
                skipped.append(SkippedPod(pod.name, pod.namespace, reason, pod.ref))
                continue
            namespace = run.namespaces.get(pod.namespace, {})
            spec = DataplaneSpec(inbounds=_inbounds(pod, run, zone))
            dataplanes.append(
                DataplaneInput(
                    f"{pod.name}.{pod.namespace}", _mesh(pod, namespace), spec, pod.ref, KUBERNETES
                )
            )
    dataplanes.sort(key=lambda item: (item.mesh, item.name))
    return Derivation(tuple(dataplanes), tuple(skipped))


def _collect(objects: Iterable[KubernetesObject]) -> _Run:
    run = _Run()
    for item in objects:
        document = item.document
        kind = document.get("kind")
        metadata = _mapping(document.get("metadata"))
        name = _text(metadata.get("name"))
        if kind == "Namespace":
            run.namespaces[name] = metadata
        elif kind == "Service":
            run.services.setdefault(_namespace(metadata), []).append(document)
        elif kind in _WORKLOAD_KINDS or kind == "Pod":
            run.workloads.append(item)
            if kind in _WORKLOAD_KINDS:
                run.owners.add((str(kind), _namespace(metadata), name))
    return run


def _pods(workload: KubernetesObject, run: _Run) -> list[_Pod]:
    document = workload.document
    kind = str(document.get("kind"))
    metadata = _mapping(document.get("metadata"))
    name = _text(metadata.get("name"))
    namespace = _namespace(metadata)
    if _owned_by_run(metadata, namespace, run):
        return []
    spec = _mapping(document.get("spec"))
    if kind == "Pod":
        return [_pod(name, namespace, metadata, spec, name, workload.ref)]
    template = _mapping(spec.get("template"))
    template_metadata = _mapping(template.get("metadata"))
    pod_spec = _mapping(template.get("spec"))
    replicas = 1 if kind == "DaemonSet" else _replicas(spec.get("replicas"))
    pods = []
    for index in range(replicas):
        if kind == "StatefulSet":
            pod_name = f"{name}-{index}"
            extra = {STATEFULSET_POD_NAME_LABEL: pod_name, POD_INDEX_LABEL: str(index)}
        else:
            pod_name = f"{name}-replica-{index}"
            extra = {}
        pod = _pod(pod_name, namespace, template_metadata, pod_spec, name, workload.ref)
        pods.append(
            _Pod(
                pod.name,
                namespace,
                {**pod.labels, **extra},
                pod.annotations,
                pod_spec,
                name,
                workload.ref,
            )
        )
    return pods


def _pod(
    name: str,
    namespace: str,
    metadata: Mapping[str, Any],
    spec: Mapping[str, Any],
    owner: str,
    ref: ResourceKey | None,
) -> _Pod:
    return _Pod(
        name,
        namespace,
        _string_map(metadata.get("labels")),
        _string_map(metadata.get("annotations")),
        spec,
        owner,
        ref,
    )


def _owned_by_run(metadata: Mapping[str, Any], namespace: str, run: _Run) -> bool:
    owners = metadata.get("ownerReferences")
    if not isinstance(owners, list):
        return False
    for owner in owners:
        owner_map = _mapping(owner)
        key = (_text(owner_map.get("kind")), namespace, _text(owner_map.get("name")))
        if key in run.owners:
            return True
    return False


def _replicas(value: Any) -> int:
    if value is None:
        return 1
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return 1
    return value


def _not_injected(pod: _Pod, run: _Run, assume_injection: bool) -> str | None:
    if pod.namespace in _EXCLUDED_NAMESPACES:
        return f"namespace {pod.namespace} is never injected"
    for label in _EXCEPTION_LABELS:
        if label in pod.labels:
            return f"label {label} exempts it from injection"
    for annotation in _NOT_INJECTED_BY_SIDECAR:
        if (
            _enabled(pod.annotations.get(annotation))
            or pod.annotations.get(annotation) == "builtin"
        ):
            return f"annotation {annotation} makes it a gateway, ingress or egress"
    namespace = run.namespaces.get(pod.namespace)
    if namespace is None:
        namespace_value: str | None = "enabled" if assume_injection else None
    else:
        namespace_value = _string_map(namespace.get("labels")).get(INJECTION_LABEL)
    pod_value = pod.labels.get(INJECTION_LABEL)
    if namespace_value is None:
        return f"namespace {pod.namespace} has no {INJECTION_LABEL} label"
    if namespace_value not in ("enabled", "true") and pod_value != "enabled":
        return (
            f"{INJECTION_LABEL} is {shown(namespace_value)} on the namespace "
            'and not "enabled" on the pod'
        )
    if pod_value is not None:
        return (
            None if pod_value in _TRUE_VALUES else f"pod label {INJECTION_LABEL} is {shown(pod_value)}"
        )
    if namespace_value in _TRUE_VALUES:
        return None
    return f"namespace label {INJECTION_LABEL} is {shown(namespace_value)}"


def _enabled(value: str | None) -> bool:
    return value is not None and value in _TRUE_VALUES


def _mesh(pod: _Pod, namespace: Mapping[str, Any]) -> str:
    candidates = (
        pod.labels.get(MESH_LABEL),
        pod.annotations.get(MESH_LABEL),
        _string_map(namespace.get("labels")).get(MESH_LABEL),
        _string_map(namespace.get("annotations")).get(MESH_LABEL),
    )
    for candidate in candidates:
        if candidate:
            return candidate
    return "default"


def _inbounds(pod: _Pod, run: _Run, zone: str) -> tuple[Inbound, ...]:
    inbounds: list[Inbound] = []
    for service in _selecting_services(pod, run):
        metadata = _mapping(service.get("metadata"))
        spec = _mapping(service.get("spec"))
        headless = spec.get("clusterIP") == "None"
        ports = spec.get("ports")
        for port in ports if isinstance(ports, list) else []:
            port_map = _mapping(port)
            protocol = _text(port_map.get("protocol")) or "TCP"
            if protocol != "TCP":
                continue
            container_port = _container_port(pod, port_map, protocol)
            if container_port is None:
                continue
            tags = _service_tags(pod, metadata, port_map, zone, headless)
            inbounds.append(Inbound(port=container_port, tags=tags))
    if not inbounds:
        inbounds.append(Inbound(port=SERVICELESS_PORT, tags=_serviceless_tags(pod, zone)))
    return tuple(inbounds)


def _selecting_services(pod: _Pod, run: _Run) -> list[Mapping[str, Any]]:
    found: dict[str, Mapping[str, Any]] = {}
    for service in run.services.get(pod.namespace, []):
        metadata = _mapping(service.get("metadata"))
        spec = _mapping(service.get("spec"))
        if _enabled(_string_map(metadata.get("annotations")).get("kuma.io/ignore")):
            continue
        if spec.get("type") == "ExternalName":
            continue
        selector = _string_map(spec.get("selector"))
        if selector and all(pod.labels.get(key) == value for key, value in selector.items()):
            found[_text(metadata.get("name"))] = service
    return [found[name] for name in sorted(found)]


def _container_port(pod: _Pod, service_port: Mapping[str, Any], protocol: str) -> int | None:
    target = service_port.get("targetPort", service_port.get("port"))
    containers = pod.spec.get("containers")
    container_ports = [
        _mapping(port)
        for container in (containers if isinstance(containers, list) else [])
        for port in (_mapping(container).get("ports") or [])
    ]
    if isinstance(target, str):
        for port in container_ports:
            if port.get("name") == target and (_text(port.get("protocol")) or "TCP") == protocol:
                value = port.get("containerPort")
                return value if isinstance(value, int) else None
        return None
    if isinstance(target, int) and not isinstance(target, bool):
        return target
    return None


def _service_tags(
    pod: _Pod,
    metadata: Mapping[str, Any],
    service_port: Mapping[str, Any],
    zone: str,
    headless: bool,
) -> dict[str, str]:
    tags = {key: value for key, value in pod.labels.items() if value and "kuma.io/" not in key}
    name = _text(metadata.get("name"))
    port = service_port.get("port")
    port_text = str(port) if isinstance(port, int) else _text(port)
    tags["k8s.kuma.io/namespace"] = pod.namespace
    tags["k8s.kuma.io/service-name"] = name
    tags["k8s.kuma.io/service-port"] = port_text
    tags[SERVICE_TAG] = f"{name}_{pod.namespace}_svc_{port_text}"
    if zone:
        tags["kuma.io/zone"] = zone
    tags["kuma.io/protocol"] = _protocol(metadata, service_port, port_text)
    if headless:
        tags["kuma.io/instance"] = pod.name
    return tags


def _protocol(metadata: Mapping[str, Any], service_port: Mapping[str, Any], port_text: str) -> str:
    value = _text(service_port.get("appProtocol"))
    if value.lower() not in _KNOWN_PROTOCOLS:
        value = ""
    annotations = _string_map(metadata.get("annotations"))
    annotation = f"{port_text}.service.kuma.io/protocol"
    if not value and annotation in annotations:
        value = annotations[annotation]
    return (value or "tcp").lower()


def _serviceless_tags(pod: _Pod, zone: str) -> dict[str, str]:
    # Unlike service inbounds, Kuma keeps kuma.io/ labels here.
    tags = {key: value for key, value in pod.labels.items() if value}
    tags["k8s.kuma.io/namespace"] = pod.namespace
    tags[SERVICE_TAG] = f"{pod.owner}_{pod.namespace}_svc"
    if zone:
        tags["kuma.io/zone"] = zone
    tags["kuma.io/protocol"] = "tcp"
    tags["kuma.io/instance"] = pod.name
    return tags


def _namespace(metadata: Mapping[str, Any]) -> str:
    return _text(metadata.get("namespace")) or "default"


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _string_map(value: Any) -> dict[str, str]:
    """Labels and annotations; Kubernetes only stores strings, so other values are dropped."""
    if not isinstance(value, Mapping):
        return {}
    return {str(key): item for key, item in value.items() if isinstance(item, str)}


def derived_pods(objects: Iterable[KubernetesObject]) -> tuple[DerivedPod, ...]:
    """Every pod the workloads of ``objects`` run, injected or not, named as ``derive_dataplanes`` names them."""
    run = _collect(objects)
    return tuple(
        DerivedPod(pod.name, pod.namespace, pod.labels, pod.annotations, pod.ref)
        for workload in run.workloads
        for pod in _pods(workload, run)
    )
