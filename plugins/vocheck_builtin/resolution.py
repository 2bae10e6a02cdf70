"""Whole-set checks on resolution: where Kuma would only write a log line.

They run when the run holds something policies can match (dataplanes,
zone ingresses, external services, or Kubernetes workloads), and report
at the policy (or external service) that causes the problem. Meshes with
``meshServices.mode: Exclusive`` are left out: Kuma serves none of their view.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from vocheck import Finding, Related, Resource, Severity, check, hookimpl
from vocheck.kuma.api import go_quote as quote
from vocheck_builtin.resolved import (
    AMBIGUOUS,
    EXAMPLES,
    claim_resource,
    resource_at,
    counted,
    mesh_anchor,
    meshes_of,
    meshes_with_rejected_sources,
    meshes_with_sources,
    reason,
    sources_text,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from vocheck import Check, Context, ResourceSet
    from vocheck.preview import Conflict, Failure, ResourceKey


@check("VO501", "evaluation-failure", Severity.WARNING, scope="set")
def evaluation_failure(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """A host or port template fails for real inbounds, so Kuma skips them and only logs it.

    Kuma's validator evaluates templates with dummy values; real tags can
    still render a name that is not a DNS name, a port that is not a number
    or out of range, or ``<no value>`` where a tag is missing. For each such
    inbound Kuma logs ``Failed evaluating host template`` (or port) and
    generates nothing.

    Not reported for a mesh with ``meshServices.mode: Exclusive``: Kuma
    builds its view but serves none of it, and VO405 reports its policies.

    ## Why is this bad?
    The hostname silently does not exist for those dataplanes; only the
    control plane's log says so.

    ## Example
    ```yaml
    conf:
      host: "{{.service}}.{{.version}}.mesh"
      parameters:
        - {name: service, tagKey: kuma.io/service}
        - {name: version}
    ```
    with a dataplane that has no ``version`` tag. Use instead: select only
    inbounds that carry the tag:
    ```yaml
    selectors:
      - match: {kuma.io/service: "*", version: "*"}
    ```
    """
    for mesh in meshes_of(resources, context):
        grouped: dict[tuple[ResourceKey | None, str], list[Failure]] = defaultdict(list)
        for failure in mesh.failures:
            grouped[(failure.policy_ref, failure.template)].append(failure)
        for failures in grouped.values():
            first = failures[0]
            policy = resource_at(first.policy_ref, resources, context)
            if policy is None:
                continue
            rendered = f" renders {quote(first.rendered)};" if first.rendered is not None else ""
            yield Finding(
                f"the {first.template} template fails for {counted(len(failures), 'inbound')}: {sources_text(failures)};"
                f"{rendered} Kuma skips them and only logs: {first.message}",
                policy.at("conf", first.template),
                resource=policy,
            )


def _conflicts(resources: ResourceSet, context: Context, ambiguous: bool) -> Iterator[Finding]:
    for mesh in meshes_of(resources, context):
        grouped: dict[tuple[int, str, str], list[Conflict]] = defaultdict(list)
        for conflict in mesh.conflicts:
            if (conflict.why == AMBIGUOUS) != ambiguous:
                continue
            loser, _ = claim_resource(conflict.loser, resources, context)
            grouped[(id(loser), conflict.winner.origin, conflict.why)].append(conflict)
        for conflicts in grouped.values():
            first = conflicts[0]
            resource, path = claim_resource(first.loser, resources, context)
            if resource is None:
                continue
            entries = list(dict.fromkeys(f"{item.entry.name}:{item.port}" for item in conflicts))
            names = ", ".join(entries[:EXAMPLES])
            more = len(entries) - min(len(entries), EXAMPLES)
            names += f" and {more} more" if more else ""
            names += f" (from {sources_text([item.loser for item in conflicts])})"
            if ambiguous:
                why = (
                    "which one Kuma keeps depends on an order it does not guarantee "
                    "(equal rank and creation time, or dataplanes listed in no fixed order on Kubernetes)"
                )
            else:
                why = f"{first.winner.origin} keeps it because {reason(first, resources, context)}"
                if first.loser_outranks:
                    why += ", although this policy has the higher priority"
            winner, winner_path = claim_resource(first.winner, resources, context)
            related: tuple[Related, ...] = ()
            if winner is not None and winner is not resource:
                related = (Related(f"{first.winner.origin}, which keeps it", winner, winner_path, False),)
            yield Finding(
                f"{first.loser.origin} loses {names} to {first.winner.origin}: {why}; "
                f"Kuma only logs: {first.message}",
                path,
                resource=resource,
                related=related,
            )


@check("VO502", "lost-entry", Severity.WARNING, scope="set")
def lost_entry(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """A (hostname, port) this policy generates is already taken, so Kuma drops it and only logs it.

    Kuma keeps the first entry it adds: for one inbound, the policy with the
    more specific selector, then the younger one; across inbounds, the one
    processed first (dataplanes in name order, then zone ingresses, then
    external services).

    Not reported for a mesh with ``meshServices.mode: Exclusive``: Kuma
    builds its view but serves none of it, and VO405 reports its policies.

    ## Why is this bad?
    The loser's hostname points at another service's outbound, or not where
    its author expects; the docs' promise that the highest priority wins
    holds only within one inbound.

    ## Example
    Two policies both generate ``backend.mesh:80``:
    ```yaml
    conf: {host: "{{.service}}.mesh", port: "80", parameters: [{name: service, tagKey: kuma.io/service}]}
    ```
    Use instead: make the hosts differ, e.g. ``"{{.service}}.v2.mesh"``
    in one of them, or delete one.
    """
    yield from _conflicts(resources, context, ambiguous=False)


@check("VO503", "ambiguous-winner", Severity.WARNING, scope="set")
def ambiguous_winner(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """Two policies claim one (hostname, port) and Kuma's choice between them is not guaranteed.

    Equal rank and equal (or unknown) creation time, or the same
    hostname from two Kubernetes dataplanes, whose order Kuma does not fix.

    Not reported for a mesh with ``meshServices.mode: Exclusive``: Kuma
    builds its view but serves none of it, and VO405 reports its policies.

    ## Why is this bad?
    The winner can change when the control plane restarts or a pod is
    rescheduled: the hostname flips between services.

    ## Example
    ```yaml
    # policies "a" and "b", both:
    selectors: [{match: {kuma.io/service: "*"}}]
    conf: {host: "api.mesh", port: "80", parameters: [{name: service, tagKey: kuma.io/service}]}
    ```
    Use instead: a host that differs per service, such as
    ``"{{.service}}.mesh"``, or one policy.
    """
    yield from _conflicts(resources, context, ambiguous=True)


@check("VO504", "vip-exhaustion", Severity.ERROR, scope="set")
def vip_exhaustion(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """The ``dns-cidr`` range has fewer addresses than the mesh's hostnames need.

    Not reported for a mesh with ``meshServices.mode: Exclusive``: Kuma
    builds its view but serves none of it, and VO405 reports its policies.

    ## Why is this bad?
    Kuma logs ``failed to allocate new VIPs``; the entries without an
    address get no DNS record and no outbound, so those hostnames do not
    resolve at all.

    ## Example
    ``dns-cidr = "240.0.0.0/30"`` for a mesh with ten services.

    Use instead: a larger range, such as Kuma's default:
    ```toml
    dns-cidr = "240.0.0.0/4"
    ```
    """
    for mesh in meshes_of(resources, context):
        if mesh.exhaustion is None:
            continue
        anchor = mesh_anchor(resources, mesh.mesh)
        if anchor is None:
            continue
        names = ", ".join(key.name for key in mesh.exhaustion.unallocated[:EXAMPLES])
        more = len(mesh.exhaustion.unallocated) - min(len(mesh.exhaustion.unallocated), EXAMPLES)
        yield Finding(
            f'dns-cidr {mesh.exhaustion.cidr} has no address left for {len(mesh.exhaustion.unallocated)} '
            f'entr{"y" if len(mesh.exhaustion.unallocated) == 1 else "ies"} of mesh {quote(mesh.mesh)} '
            f'({names}{f" and {more} more" if more else ""}): they get no DNS record; use a larger dns-cidr',
            anchor.field("name") if anchor.form == "universal" else anchor.field("metadata", "name"),
            resource=anchor,
        )


@check("VO505", "unused-policy", Severity.INFO, scope="set")
def unused_policy(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """The policy matches no inbound, ingress service or external service of the run.

    Reported only when the run holds dataplanes, zone ingresses, external
    services or Kubernetes workloads to match against. When none of them
    belongs to the policy's mesh (and no remote zone ingress serves
    anything), the finding says that nothing of the mesh was given, or
    that Kuma rejects all that was, not that the selectors are wrong.

    Not reported for a mesh with ``meshServices.mode: Exclusive``: Kuma
    builds its view but serves none of it, and VO405 reports its policies.

    ## Why is this bad?
    Either its selectors have a typo in a tag name or value, or the
    services it was written for are gone.

    ## Example
    ```yaml
    selectors:
      - match: {kuma.io/service: backnd}
    ```
    Use instead:
    ```yaml
    selectors:
      - match: {kuma.io/service: backend}
    ```
    """
    meshes = meshes_of(resources, context)
    given = meshes_with_sources(resources, context) if meshes else set()
    rejected = meshes_with_rejected_sources(resources, context) if meshes else set()
    for mesh in meshes:
        for unused in mesh.unused:
            policy = resource_at(unused.ref, resources, context)
            if policy is None:
                continue
            if mesh.mesh in given:
                message = (
                    f'{policy.label} matches no inbound of the {mesh.mesh} mesh in this run; '
                    "check the selectors' tag names and values"
                )
            elif mesh.mesh in rejected:
                message = (
                    f'{policy.label} has nothing to match in this run: every Dataplane and ExternalService '
                    f'of mesh "{mesh.mesh}" among the inputs is one Kuma rejects (`vocheck check` says why); '
                    "fix them to check its selectors"
                )
            else:
                message = (
                    f'{policy.label} has nothing to match in this run: no Dataplane, ZoneIngress or '
                    f'ExternalService of mesh "{mesh.mesh}" is among the inputs; to check its selectors, '
                    f"add them (for example the output of `kumactl get dataplanes --mesh {mesh.mesh} -o yaml`, "
                    "or the workloads and Services of its pods)"
                )
            yield Finding(message, policy.at("selectors"), resource=policy)


@check("VO506", "shadowed-service-name", Severity.INFO, scope="set")
def shadowed_service_name(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """A generated hostname equals a default service name, so DNS now points it at another VIP.

    Kuma gives every service a default name such as ``backend.mesh``; a
    policy that generates ``backend.mesh`` too makes a second entry with
    its own VIP, and the DNS record follows the policy's entry.

    Not reported for a mesh with ``meshServices.mode: Exclusive``: Kuma
    builds its view but serves none of it, and VO405 reports its policies.

    ## Why is this bad?
    Clients of ``backend.mesh`` silently move to the policy's outbound, with
    its port and tags; usually harmless, sometimes a surprise.

    ## Example
    ```yaml
    conf: {host: "{{.service}}.mesh", port: "80", parameters: [{name: service, tagKey: kuma.io/service}]}
    ```
    Use instead, unless the takeover is the point:
    ```yaml
    conf: {host: "{{.service}}.svc.mesh", port: "80", parameters: [{name: service, tagKey: kuma.io/service}]}
    ```
    """
    policies = {resource.name: resource for resource in resources.of_kind("VirtualOutbound")}
    for mesh in meshes_of(resources, context):
        for shadowed in mesh.shadowed:
            for origin in shadowed.origins:
                name = origin.removeprefix("virtual-outbound:")
                policy = policies.get(name)
                if policy is None or policy.mesh != mesh.mesh:
                    continue
                yield Finding(
                    f"{quote(shadowed.domain)} is also the default name of service {quote(shadowed.service.name)}: "
                    f"DNS now resolves it to this policy's entry, not the service's VIP",
                    policy.at("conf", "host"),
                    resource=policy,
                )


@check("VO507", "resolution-budget", Severity.ERROR, scope="set")
def resolution_budget(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """Resolving the mesh ran out of budget at this policy, so the whole-set checks are incomplete.

    Resolving evaluates a policy's host and port templates for every inbound
    it matches, so its cost grows with the number of (policy, matching
    inbound) pairs and with the steps each template takes. One run may spend
    3,000,000 units (ten per pair, one per template step), shared among the
    meshes in proportion to their policies; no policy may spend more than
    1,000,000 of them. The policy that ran out is reported at its host
    template, with what was left unevaluated.

    ## Why is this bad?
    The pairs left unevaluated were not checked for VO501-VO506: a template
    that fails, a lost entry or an exhausted CIDR among them goes unnoticed.
    A template that needs this much work also costs Kuma's control plane as
    much, on every change to the mesh.

    ## Example
    ```yaml
    conf:
      host: '{{range 200000}}{{end}}{{.service}}.mesh'
    ```
    Use instead: a template without loops over large ranges, nested
    template calls or long ``printf`` widths:
    ```yaml
    conf:
      host: "{{.service}}.mesh"
    ```
    """
    for mesh in meshes_of(resources, context):
        for exhausted in mesh.exhausted:
            policy = resource_at(exhausted.policy_ref, resources, context)
            if policy is None:
                continue
            if exhausted.whole_mesh:
                message = (
                    f'mesh "{mesh.mesh}" spent its share of the run\'s resolution budget ({exhausted.share} '
                    f"units: ten per (policy, matching inbound) pair, one per template step) at this policy, "
                    f"after {counted(exhausted.evaluated, 'evaluated pair')}; not resolved: "
                    f"{counted(exhausted.skipped, 'source')} of the mesh, inbounds or services (VO501-VO506 did not check "
                    "them); simplify the templates or check fewer dataplanes at once"
                )
            else:
                message = (
                    f"this policy spent its share of the resolution budget ({exhausted.share} units: ten per "
                    f"matching inbound, one per template step) after {counted(exhausted.evaluated, 'matching inbound')}; "
                    f"not evaluated: {counted(exhausted.skipped, 'more matching inbound')} (VO501-VO506 did not "
                    "check them); simplify the templates (fewer range iterations, template calls or long "
                    "printf widths)"
                )
            yield Finding(message, policy.at("conf", "host"), resource=policy)


@hookimpl
def vocheck_checks() -> list[Check]:
    return [
        evaluation_failure,
        lost_entry,
        ambiguous_winner,
        vip_exhaustion,
        unused_policy,
        shadowed_service_name,
        resolution_budget,
    ]
