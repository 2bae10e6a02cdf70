"""Hostnames from HostnameGenerators, as Kuma's zone control plane generates them, with the status it writes.

Kuma walks the kinds in GENERATION_ORDER; within a kind, every generator in
precedence order (``kuma.io/origin: zone`` first, then the oldest, then by
name) over every service it selects (the oldest first, then by name). A
hostname a service of the same mesh and kind already got is refused
(``Collision``); hostnames of different kinds never collide. Statuses are
written sorted by generator name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from vocheck._perf.records import record
from vocheck.golang.quote import quote
from vocheck.gotemplate import TemplateError
from vocheck.kuma.hostname_templates import parse_hostname_template, render, template_data
from vocheck.kuma.k8s_names import dns1123_subdomain_violations
from vocheck.resolve.services.model import (
    COLLISION,
    GENERATED,
    GENERATION_ORDER,
    TEMPLATE_ERROR,
    Address,
    Collision,
    Condition,
    GeneratorInput,
    GeneratorStatus,
    ServiceInput,
    TemplateFailure,
)

ORIGIN_LABEL = "kuma.io/origin"
ZONE_LABEL = "kuma.io/zone"
DISPLAY_NAME_LABEL = "kuma.io/display-name"
NAMESPACE_LABEL = "k8s.kuma.io/namespace"


class HostnameError(Exception):
    """A template Kuma cannot use for one service; ``str()`` is the message Kuma writes to its status."""


def evaluate(template: str, service: ServiceInput, zone: str, validate_dns: bool = True) -> str:
    """The hostname ``template`` renders for ``service`` on a control plane of ``zone``.

    ``validate_dns`` is Kuma 2.14's check that the result is an RFC 1123
    subdomain (before 2.14 an empty result meant no hostname, silently).
    Raises HostnameError with Kuma's message.
    """
    try:
        parsed = parse_hostname_template(template)
    except TemplateError as error:
        raise HostnameError(f"failed compiling gotemplate error={quote(str(error))}") from None
    labels = dict(service.labels)
    name = service.k8s_name or service.name
    data = template_data(
        (name, labels.get(DISPLAY_NAME_LABEL, name), labels.get(NAMESPACE_LABEL, ""), service.mesh, labels.get(ZONE_LABEL) or zone)
    )
    try:
        generated = render(parsed, data, labels)
    except TemplateError as error:
        message = f"pre evaluation of template with parameters failed with error={quote(str(error))}"
        raise HostnameError(message) from None
    if validate_dns:
        violations = dns1123_subdomain_violations(generated)
        if violations:
            raise HostnameError(f"generated hostname {quote(generated)} is not a valid DNS name: {', '.join(violations)}")
    return generated


def matches(match_labels: Mapping[str, str], labels: Mapping[str, str]) -> bool:
    """Kuma's label selector: every key present with an equal value; no labels match everything."""
    return all(key in labels and labels[key] == value for key, value in match_labels.items())


def _age(creation_time: datetime | None) -> tuple[int, datetime | None]:
    # Without a creation time a resource counts as older than any that has one
    # (Go's zero time comes first), as for VirtualOutbound.
    return (0, None) if creation_time is None else (1, creation_time)


def _age_key(creation_time: datetime | None) -> tuple[int, float]:
    rank, moment = _age(creation_time)
    return (rank, moment.timestamp() if moment is not None else 0.0)


def generator_order(generator: GeneratorInput) -> tuple[int, int, tuple[int, float], str]:
    """Kuma's precedence: zone-origin first, then the defaults Kuma created at start-up, then age, then name."""
    zone_first = 0 if generator.labels.get(ORIGIN_LABEL) == "zone" else 1
    return (zone_first, 0 if generator.default else 1, _age_key(generator.creation_time), generator.name)


def sort_generators(generators: Iterable[GeneratorInput]) -> list[GeneratorInput]:
    return sorted(generators, key=generator_order)


def service_order(service: ServiceInput) -> tuple[tuple[int, float], str]:
    return (_age_key(service.creation_time), service.name)


@record
class Generation:
    """Per (kind, mesh, name) of a service: its addresses and generator statuses, sorted by generator name."""

    statuses: Mapping[tuple[str, str, str], tuple[tuple[Address, ...], tuple[GeneratorStatus, ...]]]
    collisions: tuple[Collision, ...]
    failures: tuple[TemplateFailure, ...]


def generate(
    services: Sequence[ServiceInput],
    generators: Sequence[GeneratorInput],
    zone: str,
    validate_dns: bool = True,
) -> Generation:
    """Run Kuma's hostname generation once over every service and generator."""
    ordered = sort_generators(generators)
    results: dict[tuple[str, str, str], dict[str, tuple[str, Condition]]] = {}
    collisions: list[Collision] = []
    failures: list[TemplateFailure] = []
    for kind in GENERATION_ORDER:
        resources = sorted((service for service in services if service.kind == kind), key=service_order)
        taken: dict[str, dict[str, tuple[str, str]]] = {}  # mesh -> hostname -> (service, generator)
        for generator in ordered:
            selector = generator.selectors.get(kind)
            if selector is None:
                continue
            for service in resources:
                if not matches(selector, service.labels):
                    continue
                try:
                    hostname = evaluate(generator.template, service, zone, validate_dns)
                except HostnameError as error:
                    condition = Condition("False", TEMPLATE_ERROR, str(error))
                    failures.append(TemplateFailure(service.mesh, kind, service.name, generator.name, str(error)))
                    results.setdefault((kind, service.mesh, service.name), {})[generator.name] = ("", condition)
                    continue
                if not hostname:
                    continue
                in_mesh = taken.setdefault(service.mesh, {})
                owner = in_mesh.get(hostname)
                if owner is not None and owner[0] != service.name:
                    message = f"Hostname collision with {kind}: {service.name}"
                    condition = Condition("False", COLLISION, message)
                    why = "service order" if owner[1] == generator.name else "generator precedence"
                    collisions.append(
                        Collision(service.mesh, kind, hostname, generator.name, owner[0], service.name, owner[1], why, message)
                    )
                    hostname = ""
                else:
                    in_mesh[hostname] = (service.name, generator.name)
                    condition = Condition("True", GENERATED)
                results.setdefault((kind, service.mesh, service.name), {})[generator.name] = (hostname, condition)
    statuses = {}
    for key, by_generator in results.items():
        addresses = []
        generator_statuses = []
        for name in sorted(by_generator, key=lambda item: item.encode()):
            hostname, condition = by_generator[name]
            if hostname:
                addresses.append(Address(hostname, name))
            generator_statuses.append(GeneratorStatus(name, (condition,)))
        statuses[key] = (tuple(addresses), tuple(generator_statuses))
    return Generation(statuses, tuple(collisions), tuple(failures))
