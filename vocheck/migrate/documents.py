"""The resources a migration writes, in the input's form and for the target Kuma release.

Universal documents are ``type``/``name``/``mesh``/``labels``/``spec``;
Kubernetes ones are ``kuma.io/v1alpha1`` objects, generators, external and
multi-zone services in the system namespace (``kuma-system``), MeshServices
in the namespace of the Service they stand beside. For Kuma 3.0 an
authored MeshService selects Dataplane labels (``dataplaneLabels``): inbound
tags are gone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from vocheck.migrate.model import Planned, Target
from vocheck.migrate.natural import K8S_NAME, SERVICE
from vocheck.migrate.plans import (
    MESH_EXTERNAL_SERVICE, MESH_MULTI_ZONE_SERVICE, MIGRATED_FROM, SELECTOR_KEYS, GeneratorPlan, ServicePlan,
)

SYSTEM_NAMESPACE = "kuma-system"
API_VERSION = "kuma.io/v1alpha1"
WORKLOAD = "kuma.io/workload"


def generator_document(plan: GeneratorPlan, form: str) -> Planned:
    spec = {"selector": {SELECTOR_KEYS[plan.kind]: {"matchLabels": dict(plan.match_labels)}}, "template": plan.template}
    labels = {"kuma.io/origin": "zone"}
    return Planned("HostnameGenerator", plan.name, _document("HostnameGenerator", plan.name, None, SYSTEM_NAMESPACE, labels, spec, form))


def service_document(plan: ServicePlan, policy: str, mesh: str, form: str, target: Target) -> Planned:
    labels = {"kuma.io/mesh": mesh, MIGRATED_FROM: policy, **plan.labels}
    if plan.kind == MESH_EXTERNAL_SERVICE:
        host, _, port = plan.address.rpartition(":")
        port_number, protocol = plan.ports[0][0], plan.ports[0][2]
        spec: dict[str, Any] = {
            "match": {"type": "HostnameGenerator", "port": port_number, "protocol": protocol},
            "endpoints": [{"address": host or plan.address, "port": int(port) if port.isdigit() else port_number}],
        }
        namespace = SYSTEM_NAMESPACE
    elif plan.kind == MESH_MULTI_ZONE_SERVICE:
        spec = {
            "selector": {"meshService": {"matchLabels": {"kuma.io/mesh": mesh, **plan.selector}}},
            "ports": [{"port": port, "appProtocol": protocol} for port, _, protocol in plan.ports],
        }
        namespace = SYSTEM_NAMESPACE
    else:
        spec = {
            "selector": _selector(plan, form, target),
            "ports": [
                {"port": port, "targetPort": target_port, "appProtocol": protocol}
                for port, target_port, protocol in plan.ports
            ],
        }
        namespace = plan.namespace or "default"
    return Planned(plan.kind, plan.name, _document(plan.kind, plan.name, mesh, namespace, labels, spec, form))


def dataplane_labels(selector: Mapping[str, str]) -> dict[str, str]:
    """The Dataplane labels Kuma 3.0 selects by, for what inbound tags select today."""
    labels = {key: value for key, value in selector.items() if not key.startswith(("kuma.io/", "k8s.kuma.io/"))}
    workload = selector.get(K8S_NAME) or selector.get(SERVICE)
    if workload:
        labels = {WORKLOAD: workload, **labels}
    return labels


def _selector(plan: ServicePlan, form: str, target: Target) -> dict[str, Any]:
    if plan.dataplane_ref:
        return {"dataplaneRef": {"name": plan.dataplane_ref}}
    if target == "3.0":
        return {"dataplaneLabels": {"matchLabels": dataplane_labels(plan.selector)}}
    return {"dataplaneTags": dict(plan.selector)}


def _document(
    kind: str, name: str, mesh: str | None, namespace: str, labels: Mapping[str, str], spec: Mapping[str, Any], form: str
) -> dict[str, Any]:
    if form == "kubernetes":
        return {
            "apiVersion": API_VERSION,
            "kind": kind,
            "metadata": {"name": name, "namespace": namespace, "labels": dict(labels)},
            "spec": dict(spec),
        }
    document: dict[str, Any] = {"type": kind, "name": name}
    if mesh is not None:
        document["mesh"] = mesh
    document["labels"] = dict(labels)
    document["spec"] = dict(spec)
    return document


def documents_for(
    policy: str, mesh: str, form: str, target: Target, generators: Sequence[GeneratorPlan], services: Sequence[ServicePlan]
) -> tuple[Planned, ...]:
    """Generators first, then the services to author, each once."""
    found = [generator_document(plan, form) for plan in generators]
    seen: set[tuple[str, str]] = set()
    for service in services:
        if service.natural or (service.kind, service.name) in seen:
            continue
        seen.add((service.kind, service.name))
        found.append(service_document(service, policy, mesh, form, target))
    return tuple(found)
