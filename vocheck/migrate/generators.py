"""The HostnameGenerators that give a policy's services today's hostnames.

Over MeshServices Kuma creates itself, the template reads what Kuma puts
on them (``.DisplayName``, ``.Namespace``, ``.Zone``, the Service-name and
pod-name labels); one generator selects them all when the policy named
every such service of the mesh, else one generator per service, so that no
other service gets a name. Over authored services, the template reads the
labels the migration writes on them, and one generator per kind selects
them by the ``vocheck.io/virtual-outbound`` label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from vocheck.migrate.natural import K8S_NAME, K8S_NAMESPACE, POD_NAME, SERVICE, ZONE, natural_service
from vocheck.migrate.plans import MESH_SERVICE, MIGRATED_FROM, GeneratorPlan, ServicePlan, resource_name
from vocheck.migrate.templates import label_expression, rewrite
from vocheck.resolve import DataplaneInput

_NATURAL_EXPRESSIONS = {SERVICE: ".DisplayName", ZONE: ".Zone", K8S_NAMESPACE: ".Namespace"}
MESH_LABEL = "kuma.io/mesh"
_NAMING = frozenset({SERVICE, K8S_NAME, K8S_NAMESPACE, "kuma.io/instance"})


def generators(
    policy: str,
    mesh: str,
    host: str,
    parameters: Mapping[str, str],
    services: Sequence[ServicePlan],
    dataplanes: Sequence[DataplaneInput],
) -> tuple[tuple[GeneratorPlan, ...], tuple[str, ...]]:
    """The generators for ``services``, and how the template's literal text changed."""
    plans: list[GeneratorPlan] = []
    changes: tuple[str, ...] = ()
    natural = [service for service in services if service.natural]
    authored = [service for service in services if not service.natural]
    if natural:
        rewritten = rewrite(host, lambda key: _natural_expression(parameters.get(key, key)))
        changes = rewritten.literal_changes
        for flavour in ("universal", "kubernetes", "headless"):
            named = [service for service in natural if service.flavour == flavour]
            if named:
                plans.extend(_natural_generators(policy, mesh, flavour, named, rewritten.template, dataplanes))
    if authored:
        rewritten = rewrite(host, lambda key: label_expression(parameters.get(key, key)))
        changes = changes or rewritten.literal_changes
        for kind in sorted({service.kind for service in authored}):
            suffix = "" if kind == MESH_SERVICE else {"MeshExternalService": "mes", "MeshMultiZoneService": "mzs"}[kind]
            plans.append(GeneratorPlan(
                resource_name("vo", policy, suffix), rewritten.template, kind, {MESH_LABEL: mesh, MIGRATED_FROM: policy}
            ))
    return tuple(plans), changes


def _natural_expression(tag: str) -> str:
    return _NATURAL_EXPRESSIONS.get(tag) or label_expression(tag)


def _natural_generators(
    policy: str, mesh: str, flavour: str, named: Sequence[ServicePlan], template: str, dataplanes: Sequence[DataplaneInput]
) -> list[GeneratorPlan]:
    # managed-by keeps the generator off the services a migration authors, which share the env label.
    base = {
        MESH_LABEL: mesh,
        "kuma.io/env": "universal" if flavour == "universal" else "kubernetes",
        "kuma.io/managed-by": "meshservice-generator" if flavour == "universal" else "k8s-controller",
    }
    if flavour != "universal":
        base["k8s.kuma.io/is-headless-service"] = "true" if flavour == "headless" else "false"
    names = {(service.name, service.namespace) for service in named}
    if names == _all_natural(flavour, dataplanes):
        return [GeneratorPlan(resource_name("vo", policy), template, MESH_SERVICE, base)]
    found = []
    for name, namespace in sorted(names):
        if flavour == "universal":
            labels = {**base, "kuma.io/display-name": name}
        elif flavour == "kubernetes":
            labels = {**base, K8S_NAME: name, K8S_NAMESPACE: namespace}
        else:
            labels = {**base, K8S_NAMESPACE: namespace, POD_NAME: name}
        found.append(GeneratorPlan(resource_name("vo", policy, name), template, MESH_SERVICE, labels))
    return found


def _all_natural(flavour: str, dataplanes: Sequence[DataplaneInput]) -> set[tuple[str, str]]:
    found = set()
    for dataplane in dataplanes:
        for inbound in dataplane.spec.inbounds:
            # Only the tags that name a MeshService matter: far fewer distinct questions than inbounds.
            natural = natural_service({key: value for key, value in inbound.tags.items() if key in _NAMING}, dataplanes)
            if natural is not None and natural.kind == flavour:
                found.add((natural.name, natural.namespace))
    return found
