"""Whole-set checks on the two worlds side by side: VirtualOutbound hostnames and MeshService hostnames.

Until a mesh sets ``meshServices.mode: Exclusive``, Kuma 2.14 serves both:
the legacy view (default service names, external-service hosts,
VirtualOutbound hostnames) and the addresses HostnameGenerators give
MeshServices, MeshExternalServices and MeshMultiZoneServices. These checks
say where the two meet (one hostname in both) and what the last step of a
migration, switching the mesh to ``Exclusive``, would take away.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from vocheck import Finding, Severity, check, hookimpl
from vocheck.kuma.api import accepted, go_quote as quote, mesh_modes
from vocheck_builtin.resolved import meshes_of
from vocheck_builtin.service_world import counted, describe_status, listed, world_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from vocheck import Check, Context, Resource, ResourceSet
    from vocheck.preview import MeshResolution, ServiceStatus

KUMA_3 = (3, 0)
VIRTUAL_OUTBOUND = "virtual-outbound:"
EVERYWHERE, REACHABLE_BACKENDS = "Everywhere", "ReachableBackends"


def _policy_hostnames(mesh: MeshResolution) -> dict[str, list[str]]:
    """The hostnames each VirtualOutbound of the mesh generates, by policy name, in entry order."""
    found: dict[str, list[str]] = defaultdict(list)
    for entry in mesh.entries:
        for outbound in entry.outbounds:
            if outbound.origin.startswith(VIRTUAL_OUTBOUND) and entry.key.name not in found[outbound.origin]:
                found[outbound.origin].append(entry.key.name)
    return {origin.removeprefix(VIRTUAL_OUTBOUND): names for origin, names in found.items()}


def _in_dns(statuses: Iterable[ServiceStatus]) -> Iterator[ServiceStatus]:
    """The services whose hostnames reach a proxy's DNS: Kuma publishes a service's names only with a VIP.

    A Kubernetes Service's ClusterIP that the manifests do not hold is still
    one the cluster assigns.
    """
    return (status for status in statuses if status.vips or status.service.vips_pending)


def _policies(resources: ResourceSet, context: Context, mesh: str) -> dict[str, Resource]:
    found: dict[str, Resource] = {}
    for policy in resources.of_kind("VirtualOutbound"):
        if (policy.mesh or "default") == mesh and policy.name and accepted(policy, context):
            found.setdefault(policy.name, policy)
    return found


@check("VO515", "hostname-taken-by-mesh-service", Severity.WARNING, scope="set")
def hostname_taken_by_mesh_service(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """A VirtualOutbound generates a hostname a HostnameGenerator also gives a service: the service wins in DNS.

    A proxy's DNS records map each name to one address. Kuma 2.14 builds
    them from its mesh's legacy view first (VirtualOutbound hostnames
    among them) and from MeshService, MeshExternalService and
    MeshMultiZoneService addresses after it (those of a service with a
    VIP), and the last address given to a name stays. So on every proxy that gets both (with transparent
    proxying and its DNS; in ``ReachableBackends`` mode, the proxies that
    list the service in ``reachableBackends``), the name resolves to the
    service's VIP, and the policy's VIP for it is not used. That is how a
    hostname moves from a VirtualOutbound to a HostnameGenerator in place;
    when it is not meant, the policy no longer does what it says.

    ## Why is this bad?
    Clients of the name reach the MeshService's endpoints and ports, not
    the ones the VirtualOutbound selects (a subset, another port).

    ## Example
    ```yaml
    type: VirtualOutbound
    mesh: default
    name: by-service
    selectors: [{match: {kuma.io/service: "*"}}]
    conf: {host: "{{.svc}}.mesh", port: "80", parameters: [{name: svc, tagKey: kuma.io/service}]}
    ---
    type: HostnameGenerator
    name: by-display-name
    spec:
      selector:
        meshService:
          matchLabels: {kuma.io/mesh: default}
      template: "{{ .DisplayName }}.mesh"
    ```
    Use instead: delete the VirtualOutbound once its hostnames come from
    the generator, or give the generator another suffix while both exist.
    """
    if context.settings.kuma_version >= KUMA_3:
        return  # Kuma 3.0 has no VirtualOutbound (VO402)
    world = world_of(resources, context)
    if world is None:
        return
    modes = mesh_modes(resources)
    for mesh in meshes_of(resources, context):
        services = world.mesh(mesh.mesh)
        if services is None:
            continue
        owners: dict[str, tuple[ServiceStatus, str]] = {}
        for status in _in_dns(services.services):
            for address in status.addresses:
                owners.setdefault(address.hostname, (status, address.generator))
        if not owners:
            continue
        policies = _policies(resources, context, mesh.mesh)
        mode = modes.get(mesh.mesh)
        where = (
            "proxies that list the service in reachableBackends"
            if mode is not None and mode.mode == REACHABLE_BACKENDS
            else "proxies that get both"
        )
        for name, hostnames in _policy_hostnames(mesh).items():
            policy = policies.get(name)
            taken = [hostname for hostname in hostnames if hostname in owners]
            if policy is None or not taken:
                continue
            status, generator = owners[taken[0]]
            also = f" ({counted(len(taken), 'hostname')} in all: {listed([quote(item) for item in taken])})" if len(taken) > 1 else ""
            yield Finding(
                f"hostname {quote(taken[0])} of this policy is also the address generator {quote(generator)} gives "
                f"{describe_status(status)}{also}: {where} resolve it to the service's VIP, not this policy's, "
                "because Kuma adds MeshService addresses to the DNS records after VirtualOutbound hostnames and "
                "the last one stays; delete the policy once the generator serves the name, or give one of them "
                "another hostname",
                policy.at("conf", "host"),
                resource=policy,
            )


@check("VO516", "exclusive-removes-hostnames", Severity.INFO, scope="set")
def exclusive_removes_hostnames(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """Switching the mesh to ``Exclusive`` would remove hostnames of this VirtualOutbound that no generator recreates.

    Reported for the meshes of the run whose Mesh sets
    ``meshServices.mode`` to ``Everywhere`` or ``ReachableBackends``, the
    steps of Kuma's migration before ``Exclusive``: there the MeshServices
    already exist, and their addresses are the ones ``Exclusive`` keeps.
    Each VirtualOutbound hostname that no HostnameGenerator gives a
    service of the mesh (Kuma's default generators included) is named,
    at the policy that generates it.

    ## Why is this bad?
    In ``Exclusive`` mode Kuma serves no VirtualOutbound hostname: clients
    still using these names fail to resolve them after the switch.

    ## Example
    ```yaml
    type: Mesh
    name: default
    meshServices: {mode: Everywhere}
    ---
    type: VirtualOutbound
    mesh: default
    name: versioned
    selectors: [{match: {kuma.io/service: "*", version: "*"}}]
    conf: {host: "{{.svc}}.{{.version}}.mesh", port: "80", parameters: [{name: svc, tagKey: kuma.io/service}, {name: version}]}
    ```
    Use instead: before the switch, a HostnameGenerator that gives the
    MeshServices (one per version, labelled with it) the same names:
    ```yaml
    type: HostnameGenerator
    name: versioned
    spec:
      selector:
        meshService:
          matchLabels: {kuma.io/mesh: default}
      template: '{{ .DisplayName }}.{{ label "version" }}.mesh'
    ```
    """
    modes = {name: mode for name, mode in mesh_modes(resources).items() if mode.mode in (EVERYWHERE, REACHABLE_BACKENDS)}
    if not modes or context.settings.kuma_version >= KUMA_3:
        return
    world = world_of(resources, context)
    for mesh in meshes_of(resources, context):
        mode = modes.get(mesh.mesh)
        if mode is None:
            continue
        services = world.mesh(mesh.mesh) if world is not None else None
        kept = {address.hostname for status in _in_dns(services.services if services else ()) for address in status.addresses}
        policies = _policies(resources, context, mesh.mesh)
        for name, hostnames in _policy_hostnames(mesh).items():
            policy = policies.get(name)
            lost = [quote(hostname) for hostname in hostnames if hostname not in kept]
            if policy is None or not lost:
                continue
            yield Finding(
                f"switching mesh {quote(mesh.mesh)} to meshServices.mode: Exclusive (now {mode.mode}, {mode.where}) "
                f"would remove {counted(len(lost), 'hostname')} of this policy that no HostnameGenerator recreates: "
                f"{listed(lost)}; give the services these names with a HostnameGenerator, or move their clients "
                "to the MeshService hostnames, before the switch",
                policy.at("conf", "host"),
                resource=policy,
            )


@hookimpl
def vocheck_checks() -> list[Check]:
    return [hostname_taken_by_mesh_service, exclusive_removes_hostnames]
