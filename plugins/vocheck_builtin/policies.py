"""Checks on VirtualOutbound policies that Kuma accepts but that do not do what they say."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from vocheck import Finding, Related, Severity, check, hookimpl
from vocheck.kuma.api import accepted, creation_time, exclusive_meshes, go_quote as quote, spec_of

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence
    from typing import Any
    from vocheck import Check, Context, JsonPath, Resource, ResourceSet
    from vocheck.kuma.api import VirtualOutboundSpec

SERVICE_TAG = "kuma.io/service"


@check("VO401", "selector-without-service", Severity.WARNING)
def selector_without_service(resource: Resource, context: Context) -> Iterator[Finding]:
    """Every selector should name ``kuma.io/service``, as Kuma's docs ask.

    ## Why is this bad?
    A selector without ``kuma.io/service`` matches inbounds of every service
    that carries its other tags, so one policy can mint hostnames across
    services nobody meant to include. Use ``"*"`` to match any service.

    ## Example
    ```yaml
    selectors:
      - match:
          version: v1
    ```
    Use instead:
    ```yaml
    selectors:
      - match:
          kuma.io/service: "*"
          version: v1
    ```
    """
    spec = spec_of(resource, context)
    if spec is None:
        return
    for index, selector in enumerate(spec.selectors):
        if selector and SERVICE_TAG not in selector:
            yield Finding(
                f'selector {index} has no "{SERVICE_TAG}" tag, so it matches every service with its other tags; '
                f'add "{SERVICE_TAG}: \\"*\\"" or the service name',
                resource.at("selectors", index, "match"),
            )


@check("VO402", "deprecated-virtual-outbound", Severity.INFO, scope="set")
def deprecated_virtual_outbound(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """VirtualOutbound is deprecated in favour of HostnameGenerator and removed in Kuma 3.0.

    Reported once per run, as info, for ``kuma-version`` before 3.0: at the
    first VirtualOutbound, with how many the run has (the JSON output lists
    each one under ``related``). From 3.0 on, where Kuma no longer knows the
    resource type, each policy is an error of its own, naming what replaces
    it: HostnameGenerators applied to MeshServices for the hostnames, and
    MeshHTTPRoute or MeshTCPRoute for routing to subsets. What else 3.0
    removes is reported by VO410 to VO414.

    ## Why is this bad?
    VirtualOutbound does not work with MeshService, and Kuma 3.0 removes it
    together with the DNS allocator that turns it into hostnames and VIPs.

    ## Example
    ```yaml
    type: VirtualOutbound
    name: versioned
    mesh: default
    ```
    Use instead: a ``HostnameGenerator`` with a ``MeshService`` selector,
    for example:
    ```yaml
    type: HostnameGenerator
    name: versioned
    spec:
      template: "{{ .DisplayName }}.mesh"
    ```
    """
    policies = sorted(resources.of_kind("VirtualOutbound"), key=_position)
    if context.settings.kuma_version >= (3, 0):
        message = (
            "Kuma 3.0 removed VirtualOutbound: this resource is rejected; migrate to HostnameGenerator: hostnames "
            "come from HostnameGenerators applied to MeshServices (and MeshExternalServices, MeshMultiZoneServices), "
            "and routing to subsets from MeshHTTPRoute or MeshTCPRoute"
        )
        for policy in policies:
            yield Finding(message, _kind_field(policy), resource=policy, severity=Severity.ERROR)
        return
    if not policies:
        return
    message = "VirtualOutbound is deprecated and removed in Kuma 3.0; plan a migration to HostnameGenerator"
    if len(policies) > 1:
        files = len({policy.file for policy in policies})
        where = f"{len(policies):,} VirtualOutbound policies in {files:,} file{'s' if files > 1 else ''}"
        message += f" (this run has {where}; this is the first)"
    related = tuple(Related(f"{policy.label}, also deprecated", policy, _kind_field(policy)) for policy in policies[1:])
    yield Finding(message, _kind_field(policies[0]), resource=policies[0], related=related)


def _position(resource: Resource) -> tuple[str, int, int]:
    return resource.file, resource.document.index, resource.document.span(resource.root, True).line


def _kind_field(resource: Resource) -> JsonPath:
    return resource.field("kind") if resource.form == "kubernetes" else resource.field("type")


@check("VO403", "duplicate-resource", scope="set")
def duplicate_resource(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """Two resources of the same kind have the same name in the same mesh.

    Resources are compared within one form: a repository may hold the
    Universal and the Kubernetes form of one policy for two control planes.

    ## Why is this bad?
    Kuma stores one resource per kind, mesh and name: applying both makes
    the second silently replace the first, whichever the sync applies last.

    ## Example
    Two files that both hold:
    ```yaml
    type: VirtualOutbound
    mesh: default
    name: default
    ```
    Use instead: give each its own name, such as ``name: default-dns`` and
    ``name: per-instance``.
    """
    seen: dict[tuple[str, str, str, str], Resource] = {}
    for resource in resources.resources:
        if resource.name is None:
            continue
        # One control plane stores either form, never both: compare like with like.
        key = (resource.kind, resource.form, resource.mesh or "", resource.name)
        first = seen.setdefault(key, resource)
        if first is resource:
            continue
        line = first.document.span(first.field("name")).line
        yield Finding(
            f'{resource.label} is defined twice (first in {first.file}:{line}); '
            "Kuma keeps only one of them, whichever is applied last",
            _name_path(resource),
            resource=resource,
            related=(Related(f"the first {first.label}", first, _name_path(first), False),),
        )


def _name_path(resource: Resource) -> tuple[str | int, ...]:
    return resource.field("metadata", "name") if resource.form == "kubernetes" else resource.field("name")


@check("VO404", "duplicate-hostnames", Severity.WARNING, scope="set")
def duplicate_hostnames(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """Two VirtualOutbounds can match the same inbound and have the same host and port templates.

    For an inbound both match, both generate the same (hostname, port);
    Kuma keeps the first it adds, which is the policy with the more
    specific selector, then the younger one. With equal rank and equal (or
    unknown) creation time, the winner depends on an order Kuma does not
    guarantee. Only policies Kuma accepts are compared, as in the preview:
    one it rejects (VO201, VO202) never reaches its store. Policies of a
    mesh with ``meshServices.mode: Exclusive`` are left out: Kuma serves
    none of their hostnames (VO405).

    ## Why is this bad?
    One of the two policies is dead weight for those inbounds, or the
    winner flips between control-plane restarts; Kuma only logs the loser.

    ## Example
    ```yaml
    # policy a
    selectors: [{match: {kuma.io/service: "*"}}]
    conf: {host: "{{.service}}.mesh", port: "80", parameters: [{name: service, tagKey: kuma.io/service}]}
    # policy b
    selectors: [{match: {kuma.io/service: backend}}]
    conf: {host: "{{.service}}.mesh", port: "80", parameters: [{name: service, tagKey: kuma.io/service}]}
    ```
    Use instead: delete one of them, or give them different hosts or ports.
    """
    groups: dict[tuple[Any, ...], list[tuple[Resource, VirtualOutboundSpec]]] = defaultdict(list)
    exclusive = exclusive_meshes(resources)
    for resource in resources.of_kind("VirtualOutbound"):
        if resource.mesh in exclusive:
            continue  # Kuma serves no hostname there (VO405)
        # A policy Kuma rejects never generates a hostname (VO201 and VO202 say why).
        if not accepted(resource, context):
            continue
        spec = spec_of(resource, context)
        if spec.conf is None:
            continue
        groups[_template_key(resource, spec)].append((resource, spec))
    for members in groups.values():
        earlier_selectors = _SelectorIndex()
        for later_index, (later, later_spec) in enumerate(members):
            first = earlier_selectors.first_overlapping(later_spec.selectors)
            if first is not None:
                earlier, earlier_spec = members[first]
                pair = _overlap(earlier_spec.selectors, later_spec.selectors)
                assert pair is not None
                yield _duplicate_finding(earlier, later, pair)
            earlier_selectors.add(later_index, later_spec.selectors)


class _SelectorIndex:
    """The selectors of the policies seen so far, to find the first one that overlaps a new one.

    Comparing every pair of policies took minutes for ten thousand of them;
    set operations on this index find the same first policy.
    """

    def __init__(self) -> None:
        self.owner: list[int] = []  # selector number -> policy number
        self.nonempty: set[int] = set()
        self.concrete: dict[str, set[int]] = defaultdict(set)  # tag -> selectors with a value other than "*"
        self.by_value: dict[tuple[str, str], set[int]] = defaultdict(set)

    def add(self, policy: int, selectors: Sequence[Mapping[str, str]]) -> None:
        for selector in selectors:
            number = len(self.owner)
            self.owner.append(policy)
            if not selector:
                continue
            self.nonempty.add(number)
            for key, value in selector.items():
                if value != "*":
                    self.concrete[key].add(number)
                    self.by_value[key, value].add(number)

    def first_overlapping(self, selectors: Sequence[Mapping[str, str]]) -> int | None:
        """The first policy with a selector that some set of tags satisfies together with one of ``selectors``."""
        first: int | None = None
        for selector in selectors:
            if not selector:
                continue
            # Two selectors overlap unless some tag has a different value, "*" aside, in each.
            compatible = set(self.nonempty)
            for key, value in selector.items():
                if value != "*" and key in self.concrete:
                    compatible -= self.concrete[key] - self.by_value.get((key, value), set())
            if compatible:
                found = self.owner[min(compatible)]  # selectors are numbered in policy order
                first = found if first is None else min(first, found)
        return first


def _template_key(resource: Resource, spec: VirtualOutboundSpec) -> tuple[Any, ...]:
    assert spec.conf is not None
    mapping = tuple(sorted((parameter.name, parameter.tag_key_or_name) for parameter in spec.conf.parameters))
    return (resource.form, resource.mesh, spec.conf.host, spec.conf.port, mapping)


def _overlap(
    first: Sequence[Mapping[str, str]], second: Sequence[Mapping[str, str]]
) -> tuple[Mapping[str, str], Mapping[str, str]] | None:
    """A selector of each that some set of tags can satisfy at once."""
    for left in first:
        for right in second:
            if left and right and all(
                left[key] == right[key] or "*" in (left[key], right[key]) for key in left.keys() & right.keys()
            ):
                return left, right
    return None


def _rank(selector: Mapping[str, str]) -> tuple[int, int]:
    exact = sum(1 for value in selector.values() if value != "*")
    return len(selector), exact


def _duplicate_finding(
    earlier: Resource, later: Resource, pair: tuple[Mapping[str, str], Mapping[str, str]]
) -> Finding:
    earlier_rank, later_rank = _rank(pair[0]), _rank(pair[1])
    times = (creation_time(earlier), creation_time(later))
    if earlier_rank != later_rank:
        winner, loser = (earlier, later) if earlier_rank > later_rank else (later, earlier)
        why = "its selector is more specific (more tags, then more exact values)"
    elif times[0] != times[1] and None not in times:
        assert times[0] is not None and times[1] is not None
        winner, loser = (earlier, later) if times[0] > times[1] else (later, earlier)
        why = "it is younger (later creationTime)"
    elif times[0] != times[1]:
        winner, loser = (earlier, later) if times[1] is None else (later, earlier)
        why = (
            "it has a creationTime and the other has none, which counts as older "
            "(Kuma stamps the time a policy is first stored: in a live mesh the one applied last is younger)"
        )
    else:
        winner, loser = earlier, later
        why = None
    line = winner.document.span(_name_path(winner)).line
    if why is None:
        message = (
            f'{loser.label} generates the same hostnames and ports as {winner.label} ({winner.file}:{line}) '
            "for inbounds matching both, with equal rank and creation time: which one Kuma keeps is not "
            "guaranteed; delete one or change its host or port"
        )
    else:
        message = (
            f'{loser.label} generates the same hostnames and ports as {winner.label} ({winner.file}:{line}) '
            f"for inbounds matching both; {quote(winner.name or '')} wins each of them because {why}, "
            "so delete one or change its host or port"
        )
    related = (Related(f"{winner.label}, with the same host and port", winner, winner.at("conf", "host"), False),)
    return Finding(message, loser.at("conf", "host"), resource=loser, related=related)


@check("VO405", "exclusive-mesh-services", Severity.WARNING, scope="set")
def exclusive_mesh_services(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """The policy's mesh uses ``meshServices.mode: Exclusive``, where Kuma ignores VirtualOutbound.

    ## Why is this bad?
    In Exclusive mode proxies get MeshService hostnames only: Kuma builds
    no DNS records or outbounds from VirtualOutbound, so the policy has no
    effect at all.

    ## Example
    ```yaml
    type: Mesh
    name: default
    meshServices:
      mode: Exclusive
    ```
    with any VirtualOutbound in mesh ``default``. Use instead: a
    ``HostnameGenerator`` for MeshServices, or ``mode: Everywhere`` while
    migrating.

    The message names the file and line of the Mesh's ``mode``. Kuma still
    builds and persists the mesh's VIP view there, but serves none of it,
    so the checks on what policies generate (VO404, VO501 to VO506) say
    nothing about such a mesh, and ``vocheck preview`` marks it.
    """
    exclusive = exclusive_meshes(resources)
    for policy in resources.of_kind("VirtualOutbound"):
        mesh = exclusive.get(policy.mesh or "")
        if mesh is not None:
            yield Finding(
                f'mesh "{policy.mesh}" sets meshServices.mode: Exclusive ({mesh.where}), where Kuma ignores '
                "VirtualOutbound: this policy generates nothing; use a HostnameGenerator",
                policy.field("kind") if policy.form == "kubernetes" else policy.field("type"),
                resource=policy,
            )


@hookimpl
def vocheck_checks() -> list[Check]:
    return [
        exclusive_mesh_services,
        selector_without_service,
        deprecated_virtual_outbound,
        duplicate_resource,
        duplicate_hostnames,
    ]
