"""Whole-set checks on HostnameGenerators: what Kuma reports only in each service's status.

Kuma validates a generator alone, rendering its template with stand-in
values; what it makes of the real services (a template error, a missing
label, a hostname another service already has) it writes to each
service's ``status.hostnameGenerators``, after the fact. These checks read
the MeshService world the preview builds (authored services, the ones Kuma
derives from Kubernetes Services and Universal Dataplanes, Kuma's default
generators) and report at the generator of the run that causes it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from vocheck import Finding, Related, Severity, check, hookimpl
from vocheck.kuma.api import go_quote as quote
from vocheck_builtin.service_world import (
    selects_if_applied_on_global,
    MESH_LABEL,
    SELECTOR_KEYS,
    authored,
    counted,
    describe,
    generators_by_name,
    listed,
    missing_label,
    precedence_reason,
    selected,
    selector_path,
    template_path,
    generators_of,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from vocheck import Check, Context, Resource, ResourceSet
    from vocheck.preview import Collision, GeneratorInput, MeshServiceWorld

GENERATOR_KINDS = ("HostnameGenerator",)


def _missing_everywhere(resources: ResourceSet, context: Context) -> Iterator[tuple[str, Resource, str, list[str]]]:
    """(generator's core name, its resource, label, services) for each ``label`` call no selected service answers."""
    world = generators_of(resources, context)
    if world is None:
        return
    failed: dict[tuple[str, str], set[tuple[str, str, str]]] = defaultdict(set)
    for mesh in world.meshes:
        for failure in mesh.failures:
            label = missing_label(failure.message)
            if label is not None:
                failed[failure.generator, label].add((failure.kind, failure.service, failure.mesh))
    for generator in world.generators:
        resource = authored(generator, resources, context)
        if resource is None:
            continue
        matched = [(status.kind, status.name, status.service.mesh) for status in selected(world, generator)]
        if not matched:
            continue
        for (name, label), services in sorted(failed.items()):
            if name == generator.name and services >= set(matched):
                yield generator.name, resource, label, [describe(*service) for service in matched]


@check("VO510", "hostname-template-failure", Severity.WARNING, kinds=GENERATOR_KINDS, scope="set")
def hostname_template_failure(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """A HostnameGenerator's template fails for real services, which get no hostname from it.

    Kuma 2.14 accepts a generator when its template renders a DNS name
    with stand-in values (``name``, ``displayname``, ``namespace``,
    ``mesh``, ``zone``, and ``label`` for any label). For a real service
    the same template can fail: ``.Namespace`` is empty on Universal, a
    label the service lacks makes ``label`` fail, a display name with an
    underscore or upper case renders no DNS name. Kuma then writes
    ``TemplateError`` to that service's status and gives it no hostname
    from this generator. Named here: the services and Kuma's error. A
    ``label`` that no selected service carries at all is VO511's.

    ## Why is this bad?
    Clients resolve a hostname that does not exist; nothing fails at
    apply time, and only each service's status says why.

    ## Example
    ```yaml
    type: HostnameGenerator
    name: by-namespace
    spec:
      selector:
        meshService:
          matchLabels: {kuma.io/env: universal}
      template: "{{ .DisplayName }}.{{ .Namespace }}.svc.mesh.local"
    ```
    ``.Namespace`` is empty for Universal services, so every hostname has
    an empty label (``redis..svc.mesh.local``). Use instead:
    ```yaml
      template: "{{ .DisplayName }}.svc.mesh.local"
    ```
    """
    world = generators_of(resources, context)
    if world is None:
        return
    reported = {(name, label) for name, _, label, _ in _missing_everywhere(resources, context)}
    grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for mesh in world.meshes:
        for failure in mesh.failures:
            if (failure.generator, missing_label(failure.message)) in reported:
                continue
            grouped[failure.generator].append((describe(failure.kind, failure.service, failure.mesh), failure.message))
    for generator in world.generators:
        resource = authored(generator, resources, context)
        failures = grouped.get(generator.name)
        if resource is None or not failures:
            continue
        services = [service for service, _ in failures]
        if len(services) == 1:
            which, them = services[0], "it"
        else:
            kinds = {service.split(" ", 1)[0] for service in services}
            which = f"{counted(len(services), kinds.pop() if len(kinds) == 1 else 'service')}: {listed(services)}"
            them = "them"
        yield Finding(
            f"the template fails for {which}; Kuma gives {them} no hostname from this generator and only writes "
            f"TemplateError to the status: {failures[0][1]}",
            template_path(resource),
            resource=resource,
        )


@check("VO511", "missing-label", Severity.WARNING, kinds=GENERATOR_KINDS, scope="set")
def missing_label_everywhere(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """The template calls ``label`` for a label that no service the generator selects carries.

    Kuma's stand-in ``label`` answers any key, so the generator passes
    validation; for each real service, ``label`` of a key it does not
    carry fails (``label version not found``), and Kuma writes
    ``TemplateError`` to its status. When no selected service carries the
    key, the generator makes no hostname at all.

    ## Why is this bad?
    The generator is dead: every service it selects is left without the
    hostname, and only their statuses say so.

    ## Example
    ```yaml
    spec:
      selector:
        meshService:
          matchLabels: {kuma.io/mesh: default}
      template: '{{ label "version" }}.{{ .DisplayName }}.mesh'
    ```
    with MeshServices that have no ``version`` label. Use instead: put
    the label on the services (on Kubernetes, on the Service), or select
    only those that carry it:
    ```yaml
          matchLabels: {kuma.io/mesh: default, version: v1}
    ```
    """
    for _, resource, label, services in _missing_everywhere(resources, context):
        which = services[0] if len(services) == 1 else f"{counted(len(services), 'service')}: {listed(services)}"
        yield Finding(
            f"no service this generator selects carries the label {quote(label)} ({which}), so label {quote(label)} "
            f"fails for {'it' if len(services) == 1 else 'each'} and the generator makes no hostname at all; add the "
            "label to the services or select only those that carry it",
            template_path(resource),
            resource=resource,
        )


@check("VO512", "hostname-collision", Severity.WARNING, kinds=GENERATOR_KINDS, scope="set")
def hostname_collision(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """Two services of one mesh and kind get the same hostname: the later one is refused.

    Kuma walks the generators in precedence order (the ones labelled
    ``kuma.io/origin: zone`` first, then the ones it created itself, then
    the oldest, then by name), each over the services it selects (the
    oldest first, then by name). A hostname that another service of the
    same mesh and kind already got is refused: Kuma writes ``Collision``
    to the loser's status. Hostnames of different kinds never collide.
    Reported at the generator that rendered the refused hostname (else at
    the one that rendered the kept one), naming winner, loser and why.

    ## Why is this bad?
    The hostname reaches one service; the other has none from this
    generator, and which one wins can change when resources are
    re-created.

    ## Example
    ```yaml
    spec:
      selector:
        meshService:
          matchLabels: {kuma.io/mesh: default, team: payments}
      template: '{{ label "team" }}.mesh'
    ```
    with two MeshServices labelled ``team: payments``. Use instead: a
    template that tells the services apart:
    ```yaml
      template: '{{ .DisplayName }}.{{ label "team" }}.mesh'
    ```
    """
    world = generators_of(resources, context)
    if world is None:
        return
    generators = generators_by_name(world)
    for mesh in world.meshes:
        # One finding per hostname a generator renders and a service keeps, naming every service refused it.
        grouped: dict[tuple[str, str, str, str], list[Collision]] = defaultdict(list)
        for collision in mesh.collisions:
            grouped[collision.generator, collision.kind, collision.hostname, collision.winner].append(collision)
        for collisions in grouped.values():
            finding = _collision_finding(mesh, collisions, generators, resources, context)
            if finding is not None:
                yield finding


def _collision_finding(
    mesh: MeshServiceWorld,
    collisions: list[Collision],
    generators: Mapping[str, GeneratorInput],
    resources: ResourceSet,
    context: Context,
) -> Finding | None:
    first = collisions[0]
    rendered_by = generators.get(first.generator)
    kept_by = generators.get(first.winner_generator)
    if rendered_by is None or kept_by is None:
        return None
    kept_at = authored(kept_by, resources, context)
    resource = authored(rendered_by, resources, context) or kept_at
    if resource is None:
        return None
    winner = describe(first.kind, first.winner, first.mesh)
    losers = [quote(collision.loser) for collision in collisions]
    if len(losers) == 1:
        refused, their = f"{first.kind} {losers[0]}", "its status"
    else:
        refused, their = f"{first.kind}s {listed(losers)}", "their status, such as"
    if kept_by is rendered_by:
        reason = _service_reason(mesh, first) if len(collisions) == 1 else "the oldest, then the first by name"
        why = f"this generator renders it for each, and Kuma takes {quote(first.winner)} first: {reason}"
    else:
        why = (
            f"it gets it from generator {quote(kept_by.name)}, which Kuma applies before {quote(rendered_by.name)}: "
            f"{precedence_reason(kept_by, rendered_by)}"
        )
    related: tuple[Related, ...] = ()
    if kept_at is not None and kept_at is not resource:
        related = (Related(f"generator {quote(kept_by.name)} gives {winner} the hostname", kept_at, template_path(kept_at), False),)
    return Finding(
        f"hostname {quote(first.hostname)} of {refused} in mesh {quote(first.mesh)} collides with {winner}, which "
        f"keeps it: {why}; no hostname from {quote(first.generator)} for {', '.join(losers)}, and Kuma only writes "
        f"Collision to {their}: {first.message}",
        template_path(resource),
        resource=resource,
        related=related,
    )


def _service_reason(mesh: MeshServiceWorld, collision: Collision) -> str:
    """Why Kuma takes the winner first among the services one generator selects: age, then name."""
    winner = mesh.service(collision.kind, collision.winner)
    loser = mesh.service(collision.kind, collision.loser)
    first = winner.service.creation_time if winner else None
    second = loser.service.creation_time if loser else None
    if first != second:
        return "it has no creationTime, which counts as older" if first is None else "it is older (earlier creationTime)"
    return "its name sorts first (equal creation times)"


@check("VO513", "unused-hostname-generator", Severity.INFO, kinds=GENERATOR_KINDS, scope="set")
def unused_hostname_generator(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """A HostnameGenerator selects no service of the run, so it generates nothing.

    Kuma's selector matches labels exactly: every ``matchLabels`` key must
    be on the service with the same value (no wildcard, no "exists"). The
    services compared are those of the run: authored MeshServices,
    MeshExternalServices and MeshMultiZoneServices, and the MeshServices
    Kuma derives from the run's Kubernetes Services and Universal
    Dataplanes, with the labels Kuma gives them. A selector that asks for
    ``kuma.io/origin: global`` is met by the run's own services as the
    zones hold them once these files are applied on the global control plane
    (that origin instead of the zone's own labels), so it is not reported
    when that is how it matches.

    ## Why is this bad?
    A misspelt label or value leaves every intended service without its
    hostname, and Kuma reports nothing: a generator has no status.

    ## Example
    ```yaml
    spec:
      selector:
        meshService:
          matchLabels: {kuma.io/env: Universal}
    ```
    Use instead: the value as Kuma writes it:
    ```yaml
          matchLabels: {kuma.io/env: universal}
    ```
    """
    world = generators_of(resources, context)
    if world is None:
        return
    for generator in world.generators:
        resource = authored(generator, resources, context)
        if resource is None or any(True for _ in selected(world, generator)):
            continue
        if any(selects_if_applied_on_global(generator, status) for mesh in world.meshes for status in mesh.services):
            continue  # it selects them in the zones once these files are applied on the global control plane
        kinds = [kind for kind in SELECTOR_KEYS if kind in generator.selectors]
        if not kinds:
            continue  # no selector at all: Kuma rejects it (the validator's finding says so)
        have = [kind for kind in kinds if any(status.kind == kind for mesh in world.meshes for status in mesh.services)]
        if have:
            labels = ", ".join(f"{key}: {value}" for key, value in generator.selectors[kinds[0]].items())
            message = (
                f"this generator selects no {kinds[0]} of the run (matchLabels {{{labels}}}), so it generates "
                "no hostname; check the labels and values against the services' labels"
            )
        else:
            message = f"the run has no {kinds[0]} for this generator to select, so it generates no hostname here"
        yield Finding(message, selector_path(resource, kinds[0]), at_key=True, resource=resource)


@check("VO514", "generator-for-every-mesh", Severity.INFO, kinds=GENERATOR_KINDS, scope="set")
def generator_for_every_mesh(resources: ResourceSet, context: Context) -> Iterator[Finding]:
    """A HostnameGenerator without ``kuma.io/mesh`` in its selector applies to the services of every mesh.

    HostnameGenerator is a global resource, not a mesh's: its selector is
    matched against the services of all meshes, and only a
    ``kuma.io/mesh`` label in ``matchLabels`` keeps it to one. Kuma's own
    default generators do without it on purpose; a generator written for
    one team's mesh usually does not mean to.

    ## Why is this bad?
    A mesh added later gets hostnames nobody planned for it, and they can
    collide there with the hostnames of that mesh's own generators.

    ## Example
    ```yaml
    spec:
      selector:
        meshService:
          matchLabels: {team: payments}
    ```
    Use instead:
    ```yaml
          matchLabels: {team: payments, kuma.io/mesh: payments}
    ```
    """
    world = generators_of(resources, context)
    if world is None:
        return
    for generator in world.generators:
        resource = authored(generator, resources, context)
        if resource is None:
            continue
        for kind, selector in generator.selectors.items():
            if MESH_LABEL in selector or kind not in SELECTOR_KEYS:
                continue
            meshes = sorted({status.service.mesh for status in selected(world, generator) if status.kind == kind})
            here = f"; in this run it names {kind}s of meshes {', '.join(quote(mesh) for mesh in meshes)}" if len(meshes) > 1 else ""
            mesh = meshes[0] if len(meshes) == 1 else "<mesh>"
            yield Finding(
                f"the {SELECTOR_KEYS[kind]} selector has no {MESH_LABEL} label, so this generator applies to the "
                f"{kind}s of every mesh (HostnameGenerator is global){here}; add {MESH_LABEL}: {mesh} to matchLabels "
                "to keep it to one",
                selector_path(resource, kind),
                at_key=True,
                resource=resource,
            )


@hookimpl
def vocheck_checks() -> list[Check]:
    return [
        hostname_template_failure,
        missing_label_everywhere,
        hostname_collision,
        unused_hostname_generator,
        generator_for_every_mesh,
    ]
