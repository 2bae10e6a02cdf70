"""One migration: every VirtualOutbound of the run, analysed against the run's own preview."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from vocheck.context import Context, ResourceSet
from vocheck.migrate.analysis import HOST, World, analyse
from vocheck.migrate.before import before_rows
from vocheck.migrate.compare import differences, extra_ports
from vocheck.migrate.documents import dataplane_labels, documents_for
from vocheck.migrate.generators import generators
from vocheck.migrate.model import (
    EXACT, AfterRow, BeforeRow, Migration, Planned, PolicyMigration, Reason, Target, worst,
)
from vocheck.migrate.plans import GeneratorPlan, ServicePlan
from vocheck.migrate.reasons import reason
from vocheck.migrate.proof import switched_on
from vocheck.migrate.stepdiff import exclusive_state, removed_pairs, reported, state_of, step_changes
from vocheck.model import Resource
from vocheck.preview import inputs_of, resolution_of, resource_of
from vocheck.resolve import PolicyInput


def migrate(resources: ResourceSet, context: Context, target: Target = "2.14") -> Migration:
    """Decide every VirtualOutbound's verdict and plan what replaces it (nothing is written)."""
    found = inputs_of(resources, context)
    resolution = resolution_of(resources, context)
    policies = []
    worlds: dict[str, World] = {}
    for policy in sorted(found.policies, key=lambda item: (item.mesh, item.name)):
        world = worlds.get(policy.mesh)
        if world is None:
            world = worlds[policy.mesh] = World(
                policy.mesh,
                tuple(item for item in found.dataplanes if item.mesh == policy.mesh),
                tuple(item for item in found.external_services if item.mesh == policy.mesh),
            )
        mesh = resolution.mesh(policy.mesh)
        rows = before_rows(policy.name, mesh, world.dataplanes, world.externals, found.zone_ingresses) if mesh else ()
        policies.append(_migrate_policy(policy, resource_of(policy.ref, resources, context), rows, world, target))
    migrated = tuple(_aliases(policies))
    left_out = tuple(f"{item.label} ({item.file}): Kuma would reject it" for item in found.rejected if item.kind == "VirtualOutbound")
    if not migrated:
        return Migration(target, migrated, (), left_out=left_out)
    meshes = sorted({item.mesh for item in migrated})
    # The switch's first step, as `vocheck diff` would report it, and the Exclusive step from there.
    enabled_run = switched_on(resources, set(meshes))
    enabled = state_of(enabled_run, context)
    enabling = reported(step_changes(state_of(resources, context), enabled, context))
    removed = removed_pairs(step_changes(enabled, exclusive_state(enabled_run, context, meshes), context))
    return Migration(target, migrated, (), left_out=left_out, removed=removed, enabled=enabled, enabling=enabling)


def _migrate_policy(
    policy: PolicyInput, resource: Resource | None, before: tuple[BeforeRow, ...], world: World, target: Target
) -> PolicyMigration:
    analysis = analyse(policy, before, world)
    form = resource.form if resource is not None else "universal"
    file = resource.file if resource is not None else ""
    line = resource.document.span(resource.field()).line if resource is not None else 0
    reasons = list(analysis.reasons)
    documents: tuple[Planned, ...] = ()
    after: tuple[AfterRow, ...] = ()
    notes: list[str] = []
    if analysis.services:
        conf = policy.spec.conf
        plans, changes = generators(
            policy.name, policy.mesh, conf.host if conf else "", analysis.parameters or {}, analysis.services, world.dataplanes
        )
        notes.extend(f"template text {change}" for change in changes)
        documents = documents_for(policy.name, policy.mesh, form, target, plans, analysis.services)
        after = tuple(
            row
            for service in analysis.services
            for row in service.after_rows(_generator_of(service, plans))
        )
        notes.extend(extra_ports(before, after))
        if target == "3.0":
            notes.extend(_labels_needed(analysis.services, form))
    found = differences(before, after) if analysis.services else ()
    if worst(tuple(reasons)) == EXACT and found:
        listed = "; ".join(item.message for item in found)
        reasons.append(reason("A9", f"the generators' preview differs: {listed}", HOST))
    placed = tuple(_placed(item, resource) for item in reasons)
    return PolicyMigration(
        policy.name, policy.mesh, file, line, form, worst(placed), placed, documents, before, after, found, tuple(notes)
    )


def _generator_of(service: ServicePlan, plans: Sequence[GeneratorPlan]) -> str:
    for plan in plans:
        if plan.kind == service.kind:
            labels = plan.match_labels
            if all(key in ("kuma.io/mesh", "kuma.io/env", "kuma.io/managed-by", "k8s.kuma.io/is-headless-service") for key in labels):
                return plan.name
            if not service.natural and "vocheck.io/virtual-outbound" in labels:
                return plan.name
            if service.natural and service.name in labels.values():
                return plan.name
    return ""


def _labels_needed(services: Sequence[ServicePlan], form: str) -> list[str]:
    notes = []
    for service in services:
        if service.kind == "MeshService" and not service.dataplane_ref and service.selector:
            labels = ", ".join(f"{key}: {value}" for key, value in dataplane_labels(service.selector).items())
            notes.append(f"Kuma 3.0 selects Dataplane labels: the Dataplanes of {service.name} need {labels}")
    return notes


def _placed(item: Reason, resource: Resource | None) -> Reason:
    if resource is None:
        return item
    span = resource.document.span(resource.at(*item.path)) if item.path else resource.document.span(resource.field())
    return dataclasses.replace(item, line=span.line, column=span.column)


def _aliases(policies: list[PolicyMigration]) -> list[PolicyMigration]:
    """An exact policy whose services another exact policy also names: aliases, one generator each (E4)."""
    served: dict[tuple[str, str], set[str]] = {}
    for item in policies:
        if item.verdict == EXACT:
            for row in item.after:
                served.setdefault((item.mesh, row.service), set()).add(item.policy)
    updated = []
    for item in policies:
        others = sorted(
            {name for row in item.after for name in served.get((item.mesh, row.service), set())} - {item.policy}
        )
        if item.verdict == EXACT and others:
            alias = reason("E4", f"policies {', '.join(others)} name the same services: each keeps its own generator, all on the service's VIP", HOST)
            at = item.reasons[0] if item.reasons else None
            alias = dataclasses.replace(alias, line=at.line if at else item.line, column=at.column if at else 1)
            item = dataclasses.replace(item, reasons=(*item.reasons, alias))
        updated.append(item)
    return updated
