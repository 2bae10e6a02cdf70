"""What the MeshService-world checks read: the services and generators of the run, and how to name them."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from vocheck import Context, Resource, ResourceSet
from vocheck.kuma.api import go_quote as quote, mesh_modes

if TYPE_CHECKING:
    from vocheck.preview import GeneratorInput, ServiceStatus, ServiceWorld

EXAMPLES = 3
MESH_LABEL = "kuma.io/mesh"
ORIGIN_LABEL = "kuma.io/origin"
# The kinds a HostnameGenerator's selector names, by the key it names them with.
SELECTOR_KEYS = {
    "MeshService": "meshService",
    "MeshExternalService": "meshExternalService",
    "MeshMultiZoneService": "meshMultiZoneService",
}
# A run without any of these, nor a Mesh that enables MeshServices, has no MeshService world (before Kuma 3.0).
WORLD_KINDS = frozenset({"HostnameGenerator", *SELECTOR_KEYS})
DISABLED = "Disabled"


@functools.cache
def _missing_label() -> re.Pattern[str]:
    """Kuma's message for a label the service does not carry, inside the error it writes to the status.

    Compiled on first use: only a status with a failed ``label`` call needs it.
    """
    return re.compile(r"error calling label: label (.+?) not found")


def world_of(resources: ResourceSet, context: Context) -> ServiceWorld | None:
    """The MeshService world of the run, or None when the run cannot have one (or a VIP CIDR does not parse)."""
    # A first look that loads nothing: most runs have none of the world's kinds and no Mesh that enables it.
    kinds = {resource.kind for resource in resources.resources}
    enabled = any(mode.mode != DISABLED for mode in mesh_modes(resources).values())
    always = context.settings.kuma_version >= (3, 0) and resources.has_resolution_inputs()
    if kinds.isdisjoint(WORLD_KINDS) and not enabled and not always:
        return None
    from vocheck.preview import has_service_world, service_world_of  # the generation engine, only when needed

    if not has_service_world(resources, context.settings):
        return None
    try:
        return service_world_of(resources, context)
    except ValueError:
        return None  # a CIDR Kuma's control plane refuses: the preview says so, nothing to check against


def generators_of(resources: ResourceSet, context: Context) -> ServiceWorld | None:
    """The world, for checks about the run's own HostnameGenerators: None when the run has none."""
    if not resources.of_kind("HostnameGenerator"):
        return None
    return world_of(resources, context)


def authored(generator: GeneratorInput, resources: ResourceSet, context: Context) -> Resource | None:
    """The HostnameGenerator resource of the run, None for one Kuma's control plane creates itself."""
    if generator.default:
        return None
    from vocheck.preview import resource_of

    return resource_of(generator.ref, resources, context)


def selects(generator: GeneratorInput, status: ServiceStatus) -> bool:
    """Whether the generator's selector for the service's kind matches its labels (Kuma's exact-match selector)."""
    selector = generator.selectors.get(status.kind)
    labels = status.service.labels
    return selector is not None and all(key in labels and labels[key] == value for key, value in selector.items())


# Labels Kuma's store computes from where a resource is applied: on a zone control plane
# `kuma.io/origin: zone` with the zone and environment; applied on the global control plane, the
# copies in the zones carry `kuma.io/origin: global` and neither of the others.
_PLACEMENT_LABELS = ("kuma.io/origin", "kuma.io/zone", "kuma.io/env")


def selects_if_applied_on_global(generator: GeneratorInput, status: ServiceStatus) -> bool:
    """Whether the selector, asking for ``kuma.io/origin: global``, matches the service once applied on global.

    The preview places the run's own services on a zone; the same files applied
    to the global control plane reach the zones with ``kuma.io/origin: global``,
    which is what such a generator selects.
    """
    selector = generator.selectors.get(status.kind)
    from vocheck.preview import AUTHORED

    # Only resources a user applies can be applied on global; Kuma's controllers create the others in a zone.
    if selector is None or selector.get("kuma.io/origin") != "global" or status.service.source != AUTHORED:
        return False
    labels = status.service.labels
    rest = {key: value for key, value in selector.items() if key not in _PLACEMENT_LABELS}
    return all(key in labels and labels[key] == value for key, value in rest.items())


def selected(world: ServiceWorld, generator: GeneratorInput) -> Iterator[ServiceStatus]:
    for mesh in world.meshes:
        for status in mesh.services:
            if selects(generator, status):
                yield status


def describe(kind: str, name: str, mesh: str) -> str:
    return f"{kind} {quote(name)} in mesh {quote(mesh)}"


def describe_status(status: ServiceStatus) -> str:
    return describe(status.kind, status.name, status.service.mesh)


def listed(items: list[str]) -> str:
    shown = items[:EXAMPLES]
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def counted(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def missing_label(message: str) -> str | None:
    """The label key of a ``label`` call that failed, from the TemplateError message Kuma writes."""
    found = _missing_label().search(message)
    return found.group(1) if found else None


def template_path(generator: Resource) -> tuple[str | int, ...]:
    return generator.at("template")


def selector_path(generator: Resource, kind: str) -> tuple[str | int, ...]:
    """``spec.selector.<kind>.matchLabels`` when written, else the kind's key."""
    key = SELECTOR_KEYS[kind]
    spec = generator.spec if isinstance(generator.spec, dict) else {}
    selector = spec.get("selector")
    by_kind = selector.get(key) if isinstance(selector, dict) else None
    if isinstance(by_kind, dict) and "matchLabels" in by_kind:
        return generator.at("selector", key, "matchLabels")
    return generator.at("selector", key)


def precedence_reason(winner: GeneratorInput, loser: GeneratorInput) -> str:
    """Why Kuma applies ``winner`` before ``loser``: zone origin, a default, age, then name."""
    if (winner.labels.get(ORIGIN_LABEL) == "zone") != (loser.labels.get(ORIGIN_LABEL) == "zone"):
        return f'it has the label {ORIGIN_LABEL}: zone, and Kuma applies zone generators first'
    if winner.default != loser.default:
        return "it is one of the generators Kuma creates itself, which are the oldest"
    first, second = winner.creation_time, loser.creation_time
    if first != second:
        if first is None:
            return "it has no creationTime, which counts as older"
        return "it is older (earlier creationTime)"
    return "its name sorts first (equal creation times)"


def generators_by_name(world: ServiceWorld) -> Mapping[str, GeneratorInput]:
    return {generator.name: generator for generator in world.generators}
