"""The verdict on one VirtualOutbound, and the services and generators that replace it.

The template is read first: what makes a migration impossible shows there
(a parameter tested with ``if``, a host that holds the port). Then each
hostname the policy generates today is given the service that will carry
it: the MeshService Kuma creates by itself when it has the same endpoints
on the same port, else an authored one (subset, remapped port, one
instance), a MeshExternalService or a MeshMultiZoneService.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence

from vocheck._perf.records import record
from vocheck.gotemplate import field_accesses, parse
from vocheck.kuma.specs import Conf
from vocheck.migrate.before import inbound_endpoints
from vocheck.migrate.model import BeforeRow, Endpoint, Reason
from vocheck.migrate.natural import (
    INSTANCE, K8S_NAME, K8S_NAMESPACE, K8S_PORT, POD_NAME, SERVICE, ZONE, NaturalService, is_dns1035_label,
    natural_service,
)
from vocheck.migrate.plans import (
    MESH_EXTERNAL_SERVICE, MESH_MULTI_ZONE_SERVICE, MESH_SERVICE, ServicePlan, resource_name,
)
from vocheck.migrate.reasons import reason
from vocheck.migrate.templates import is_rfc1123_subdomain, normalised_host, normalised_value
from vocheck.resolve import DataplaneInput, ExternalServiceInput, PolicyInput
from vocheck.resolve.entries import EXTERNAL_SERVICE, ZONE_INGRESS

HOST, PORT = ("conf", "host"), ("conf", "port")
# Kuma's Kubernetes kuma.io/service value: <service>_<namespace>_svc_<port>.
_KUBERNETES_SERVICE = re.compile(r".+_.+_svc_(\d+)")
UNIVERSAL_READABLE = frozenset({SERVICE, ZONE})
# k8s.kuma.io/service-port too: read by the port (the host reading it is N5), it is the Service port,
# which is the port of the MeshService Kuma derives from that Service.
KUBERNETES_READABLE = frozenset({K8S_NAME, K8S_NAMESPACE, K8S_PORT, ZONE})


@record
class World:
    """What one mesh of the run holds that a migration reads."""

    mesh: str
    dataplanes: Sequence[DataplaneInput]
    externals: Sequence[ExternalServiceInput]


@record
class Analysis:
    reasons: tuple[Reason, ...]
    services: tuple[ServicePlan, ...] = ()
    parameters: Mapping[str, str] | None = None  # parameter name -> tag key


def parameters_of(conf: Conf) -> dict[str, str]:
    """Parameter name -> tag key; a later parameter of the same name overrides, as in Kuma."""
    return {parameter.name: parameter.tag_key_or_name for parameter in conf.parameters}


def analyse(policy: PolicyInput, rows: Sequence[BeforeRow], world: World) -> Analysis:
    conf = policy.spec.conf or Conf()
    parameters = parameters_of(conf)
    reasons = list(_template_reasons(conf, parameters, rows))
    reasons.extend(_hostname_reasons(rows))
    if any(item.kind == "impossible" for item in reasons):
        return Analysis(tuple(reasons), parameters=parameters)
    if not rows:
        message = "no inbound, zone ingress or external service of the run matches it, so it generates nothing here"
        return Analysis((reason("A8", message, ("selectors",)),), parameters=parameters)
    services: list[ServicePlan] = []
    by_host: dict[str, list[BeforeRow]] = {}
    for row in rows:
        by_host.setdefault(row.hostname, []).append(row)
    host_tags = frozenset(parameters.get(access.key, access.key) for access in field_accesses(parse(conf.host)))
    for hostname, host_rows in by_host.items():
        plan, why = _plan(policy, hostname, host_rows, host_tags, world)
        services.append(plan)
        reasons.extend(item for item in why if item not in reasons)
    reasons = _merged(reasons)
    reasons.extend(_selector_reasons(policy, services))
    if not reasons:
        kinds = {plan.flavour for plan in services}
        code = "E3" if "headless" in kinds else "E2" if "kubernetes" in kinds else "E1"
        reasons.append(reason(code, _exact_message(code, services), HOST))
    return Analysis(tuple(reasons), tuple(services), parameters)


def _merged(reasons: list[Reason]) -> list[Reason]:
    """One reason per (code, place): the hostnames that share it listed together."""
    grouped: dict[tuple[str, tuple[str | int, ...]], list[Reason]] = {}
    for item in reasons:
        grouped.setdefault((item.code, item.path), []).append(item)
    merged = []
    for items in grouped.values():
        first = items[0]
        if len(items) > 1:
            more = len(items) - 1
            first = dataclasses.replace(first, message=f"{first.message} (and {more} more hostname{'s' if more > 1 else ''} alike)")
        merged.append(first)
    return merged


def _exact_message(code: str, services: Sequence[ServicePlan]) -> str:
    names = ", ".join(sorted({plan.name for plan in services}))
    if code == "E1":
        return f"each hostname names a Universal service on its own ports ({names}): a generator over the MeshServices Kuma generates"
    if code == "E2":
        return f"each hostname names a Kubernetes Service on its own ports ({names}): a generator over their MeshServices"
    return f"per-pod names of a headless Service ({names}): Kuma makes one MeshService per pod with its pod-name label"


def _template_reasons(conf: Conf, parameters: Mapping[str, str], rows: Sequence[BeforeRow]) -> list[Reason]:
    found: list[Reason] = []
    host_accesses = field_accesses(parse(conf.host))
    port_accesses = field_accesses(parse(conf.port))
    for path, accesses in ((HOST, host_accesses), (PORT, port_accesses)):
        for access in accesses:
            if access.context != "action":
                found.append(reason("N3", (
                    f"conf.{path[1]} tests .{access.key} ({{{{{access.context} .{access.key}}}}}): a generator's "
                    f'`label "{parameters.get(access.key, access.key)}"` fails for a service without that label, '
                    "and a selector cannot pick services where it is absent"
                ), path))
                return found
    port_keys = {access.key for access in port_accesses}
    for access in host_accesses:
        tag = parameters.get(access.key, access.key)
        if tag == K8S_PORT or access.key in port_keys:
            found.append(reason("N5", (
                f"the host reads .{access.key} (tag {tag}), which is the port: a generated hostname names "
                "every port of its service, so one name per port cannot be kept"
            ), HOST))
            return found
        if tag == SERVICE:
            embedded = sorted({row.tags.get(SERVICE, "") for row in rows if _KUBERNETES_SERVICE.fullmatch(row.tags.get(SERVICE, ""))})
            if embedded:
                found.append(reason("N5", (
                    f'the host reads .{access.key} (kuma.io/service), whose Kubernetes value "{embedded[0]}" embeds the '
                    "Service port; a generator names the Service on all its ports: read k8s.kuma.io/service-name and "
                    "k8s.kuma.io/namespace instead (clients change names), or use the Service's own DNS name"
                ), HOST))
                return found
    return found


def _hostname_reasons(rows: Sequence[BeforeRow]) -> list[Reason]:
    found: list[Reason] = []
    by_host: dict[str, list[BeforeRow]] = {}
    for row in rows:
        by_host.setdefault(row.hostname, []).append(row)
    for hostname, host_rows in sorted(by_host.items()):
        fixed = normalised_host(hostname)
        if not is_rfc1123_subdomain(fixed):
            found.append(reason("N4", f'"{hostname}" is not an RFC 1123 subdomain even as "{fixed}": Kuma 2.14 refuses it', HOST))
            continue
        dataplanes = {port: frozenset(item.name for item in row.endpoints) for port, row in ((row.port, row) for row in host_rows)}
        if len(set(dataplanes.values())) > 1:
            ports = sorted(dataplanes)
            single = all(len(names) == 1 for names in dataplanes.values())
            code, what = ("N2", "each instance has its own port") if single else ("N1", "different endpoints on each port")
            listed = "; ".join(f"{port}: {', '.join(sorted(dataplanes[port])) or 'none'}" for port in ports)
            found.append(reason(code, f'"{hostname}" has {what} ({listed}): a hostname belongs to one service, on all its ports', PORT))
    return found


def _plan(
    policy: PolicyInput, hostname: str, rows: Sequence[BeforeRow], host_tags: frozenset[str], world: World
) -> tuple[ServicePlan, list[Reason]]:
    first = rows[0]
    fixed = normalised_host(hostname)
    why: list[Reason] = []
    if fixed != hostname:
        why.append(reason("A3", f'"{hostname}" is not a lowercase RFC 1123 name: it becomes "{fixed}", which clients must use', HOST))
    service = first.tags.get(SERVICE, "")
    labels = _template_labels(first.tags, host_tags)
    if first.source == EXTERNAL_SERVICE:
        address = first.endpoints[0].name if first.endpoints else ""
        why.append(reason("A6", f'"{hostname}" names the ExternalService {service} ({address}): a MeshExternalService and a generator for it', HOST))
        plan = ServicePlan(
            MESH_EXTERNAL_SERVICE, resource_name(service), "", False, (fixed,), labels, {}, "",
            tuple((row.port, 0, _protocol(world, service)) for row in rows), {row.port: row.endpoints for row in rows}, address,
        )
        return plan, why
    if first.source == ZONE_INGRESS:
        zones = ", ".join(sorted({str(item) for row in rows for item in row.endpoints}))
        why.append(reason("A5", f'"{hostname}" is served from {zones} through a zone ingress: a MeshMultiZoneService (created on Global) selecting the {service} MeshServices, local zone preferred; its ports must be theirs (the zone ingress does not say which: {", ".join(str(row.port) for row in rows)} is the policy\'s)', HOST))
        plan = ServicePlan(
            MESH_MULTI_ZONE_SERVICE, resource_name(service), "", False, (fixed,), labels,
            {"kuma.io/display-name": service}, "", tuple((row.port, 0, "tcp") for row in rows),
            {row.port: row.endpoints for row in rows},
        )
        return plan, why
    natural = natural_service(first.tags, world.dataplanes)
    if natural is not None and _fits(natural, rows, world):
        readable = KUBERNETES_READABLE | ({POD_NAME} if natural.kind == "headless" else set()) if natural.kind != "universal" else UNIVERSAL_READABLE
        # On Kubernetes kuma.io/service (<name>_<namespace>_svc_<port>) follows from the Service and the port.
        used = set(first.tags) - ({SERVICE} if natural.kind != "universal" else set())
        if used <= readable:
            endpoints = {port: natural.endpoints(world.dataplanes, port) for port, _ in natural.ports}
            ports = tuple((port, target, natural.protocols.get(port, "tcp")) for port, target in natural.ports)
            return ServicePlan(
                MESH_SERVICE, natural.name, natural.namespace, True, (fixed,), {},
                dict(natural.selector), "", ports, endpoints, flavour=natural.kind,
            ), why
    return _authored(policy, hostname, fixed, rows, natural, labels, world, why)


def _fits(natural: NaturalService, rows: Sequence[BeforeRow], world: World) -> bool:
    ports = {port for port, _ in natural.ports}
    return all(row.port in ports and natural.endpoints(world.dataplanes, row.port) == row.endpoints for row in rows)


def _template_labels(tags: Mapping[str, str], read: frozenset[str]) -> dict[str, str]:
    """The labels an authored service carries so that the host template reads today's values."""
    return {tag: normalised_value(value) for tag, value in sorted(tags.items()) if tag in read}


def _authored(
    policy: PolicyInput,
    hostname: str,
    fixed: str,
    rows: Sequence[BeforeRow],
    natural: NaturalService | None,
    labels: dict[str, str],
    world: World,
    why: list[Reason],
) -> tuple[ServicePlan, list[Reason]]:
    first = rows[0]
    service = first.tags.get(SERVICE, "")
    extra = sorted(set(first.tags) - {SERVICE, ZONE, K8S_NAME, K8S_NAMESPACE})
    per_instance = INSTANCE in extra or (POD_NAME in extra and K8S_NAME not in first.tags)
    dataplanes = sorted({item.name for row in rows for item in row.endpoints})
    if natural is None and not (K8S_NAME in first.tags) and not is_dns1035_label(service):
        why.append(reason("A3", f'kuma.io/service "{service}" is not a DNS-1035 label, so Kuma generates no MeshService for it: an authored one named "{resource_name(service)}"', HOST))
    if per_instance and len(dataplanes) == 1:
        why.append(reason("A7", f'"{hostname}" names one instance ({dataplanes[0]}): an authored MeshService for that Dataplane (dataplaneRef), a snapshot of today\'s instances', HOST))
    elif extra:
        values = ", ".join(f"{tag}={first.tags[tag]}" for tag in extra)
        why.append(reason("A1", f'"{hostname}" reaches only the {service} instances with {values}: an authored MeshService for that subset, carrying the labels the template reads', HOST))
    ports: list[tuple[int, int, str]] = []
    endpoints: dict[int, tuple[Endpoint, ...]] = {}
    selector = dict(first.tags)
    for row in rows:
        targets = sorted({item.port for item in row.endpoints})
        target = targets[0] if targets else row.port
        ports.append((row.port, target, _inbound_protocol(world, row.tags)))
        picked = inbound_endpoints(world.dataplanes, selector)
        if per_instance and len(dataplanes) == 1:
            picked = tuple(item for item in picked if item.name == dataplanes[0])
        endpoints[row.port] = tuple(item for item in picked if item.port == target)
        natural_ports = {port: inbound for port, inbound in natural.ports} if natural is not None else {}
        if row.port != target and natural_ports.get(row.port) != target:
            why.append(reason("A2", (
                f'"{hostname}" answers on port {row.port}, not on the inbound port {target}: an authored MeshService '
                f"with port {row.port} and targetPort {target}"
            ), PORT))
    if not why:
        why.append(reason("A1", f'"{hostname}" reaches other endpoints than the {service} MeshService Kuma creates: an authored MeshService for them', HOST))
    # Never the name of a MeshService Kuma generates (the service's own): Kuma would then not generate it.
    name_parts = [first.tags.get(K8S_NAME) or service] + [labels[tag] for tag in extra if tag in labels]
    if len(name_parts) == 1:
        name_parts.append(str(rows[0].port))
    if per_instance and len(dataplanes) == 1:
        name_parts = [name_parts[0], dataplanes[0]]
    namespace = first.tags.get(K8S_NAMESPACE, "")
    plan = ServicePlan(
        MESH_SERVICE, resource_name(*name_parts), namespace, False, (fixed,), labels, selector,
        dataplanes[0] if per_instance and len(dataplanes) == 1 else "", tuple(ports), endpoints,
    )
    return plan, why


def _selector_reasons(policy: PolicyInput, services: Sequence[ServicePlan]) -> list[Reason]:
    found = []
    natural_keys = {SERVICE, K8S_NAME, K8S_NAMESPACE, ZONE, POD_NAME}
    for index, selector in enumerate(policy.spec.selectors):
        for key, value in selector.items():
            if key in natural_keys:
                continue
            named = len({plan.name for plan in services})
            how = "any value" if value == "*" else f'"{value}"'
            found.append(reason("A4", (
                f"the selector picks inbounds by {key} ({how}): what it selects in this run ({named} MeshServices) "
                "is enumerated; an inbound that gets the tag later gets no hostname until migrated again"
            ), ("selectors", index, "match", key)))
    return found


def _protocol(world: World, service: str) -> str:
    for external in world.externals:
        if external.spec.tags.get(SERVICE) == service:
            return external.spec.tags.get("kuma.io/protocol") or "tcp"
    return "tcp"


def _inbound_protocol(world: World, tags: Mapping[str, str]) -> str:
    for dataplane in world.dataplanes:
        for inbound in dataplane.spec.inbounds:
            if all(inbound.tags.get(key) == value for key, value in tags.items()):
                return inbound.tags.get("kuma.io/protocol") or "tcp"
    return "tcp"
