"""Whole-set checks on services that Kuma accepts one resource at a time but cannot serve together."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from vocheck import Finding, Related, Severity, check, hookimpl
from vocheck.kuma.api import ExternalServiceSpec, go_quote, is_ip, spec_of, split_host_port, violations_of

if TYPE_CHECKING:
    from collections.abc import Iterator
    from vocheck import Check, Context, Resource, ResourceSet

SERVICE_TAG = "kuma.io/service"


@check("VO407", "mixed-external-service-endpoints", Severity.ERROR, kinds=("ExternalService",), scope="set")
def mixed_external_service_endpoints(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """ExternalServices of one service mix IP addresses and hostnames, so Kuma cannot build its cluster.

    Kuma gathers every ExternalService of a mesh that carries the same
    ``kuma.io/service`` tag into one Envoy cluster with a fixed list of
    endpoints. A cluster of IP addresses is static and a cluster of
    hostnames is resolved by DNS; Envoy has no cluster type for both, so
    Kuma 2.14 refuses to generate it ("cluster is a mix of ips and
    hostnames, can't generate envoy config."). Each resource passes
    validation on its own, so ``kumactl apply`` accepts them all.

    ## Why is this bad?
    The control plane fails to build the configuration of every proxy
    that reaches the service (or of the zone egress that carries it), and
    logs an error instead: clients keep stale configuration or none.

    ## Example
    ```yaml
    type: ExternalService
    mesh: default
    name: httpbin-dns
    tags:
      kuma.io/service: httpbin
    networking:
      address: httpbin.org:80
    ---
    type: ExternalService
    mesh: default
    name: httpbin-ip
    tags:
      kuma.io/service: httpbin
    networking:
      address: 54.204.39.132:80
    ```
    Use instead: one kind of address per service, for example a service
    of its own for the IP address:
    ```yaml
    tags:
      kuma.io/service: httpbin-ip
    ```
    """
    groups: dict[tuple[str | None, str], list[tuple[Resource, bool]]] = defaultdict(list)
    for resource in resources.of_kind("ExternalService"):
        spec = spec_of(resource, context)
        if not isinstance(spec, ExternalServiceSpec) or violations_of(resource, context):
            continue  # Kuma refuses it: it never reaches a cluster
        service = spec.tags.get(SERVICE_TAG)
        split = split_host_port(spec.address)
        if service is None or split is None:
            continue
        groups[resource.mesh, service].append((resource, is_ip(split[0])))
    for (mesh, service), members in sorted(groups.items(), key=lambda item: (item[0][0] or "", item[0][1])):
        by_ip = [resource for resource, ip in members if ip]
        by_name = [resource for resource, ip in members if not ip]
        if not by_ip or not by_name:
            continue
        # Reported at the hostname ones: they are usually the many, and the IPs the odd ones out.
        for resource in by_name:
            others = ", ".join(go_quote(other.name or "") for other in by_ip)
            message = (
                f"ExternalService {go_quote(resource.name or '')} gives service {go_quote(service)} a hostname, "
                f"while {others} give{'s' if len(by_ip) == 1 else ''} it an IP address; Kuma cannot build a cluster "
                "that mixes both (\"cluster is a mix of ips and hostnames\") and fails to configure the proxies "
                "that reach it. Use one kind of address per service, or give the IP addresses a service of their own"
            )
            related = tuple(
                Related(f"ExternalService {go_quote(other.name or '')} gives it an IP address", other, other.at("networking", "address"), False)
                for other in by_ip
            )
            yield Finding(message, resource.at("networking", "address"), resource=resource, related=related)


@hookimpl
def vocheck_checks() -> list[Check]:
    return [mixed_external_service_endpoints]
