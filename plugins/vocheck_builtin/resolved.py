"""What the resolution checks read: each mesh's resolution, and how its sources and conflicts are told."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from vocheck import Context, Resource, ResourceSet
from vocheck.kuma.api import creation_time

if TYPE_CHECKING:
    from vocheck.preview import Claim, Conflict, Failure, MeshResolution, ResourceKey

# The reasons resolution gives for a winner (vocheck.resolve.events); the
# engine itself is imported only when a run has something to resolve.
RANK, CREATION_TIME, PROCESSING_ORDER, AMBIGUOUS = "rank", "creation-time", "processing-order", "ambiguous"

EXAMPLES = 3

WHY = {
    RANK: "its policy's selector is more specific",
    CREATION_TIME: "its policy is younger (later creation time)",
    PROCESSING_ORDER: (
        "its source was processed first (Kuma adds dataplanes by name, then zone ingresses, "
        "then external services by name)"
    ),
}


def meshes_of(resources: ResourceSet, context: Context) -> Sequence[MeshResolution]:
    if not resources.has_resolution_inputs():
        return ()
    from vocheck.preview import resolution_of  # the resolution engine, only when there is something to resolve

    # Only what Kuma logs is read here, so meshes may resolve in worker processes.
    meshes = resolution_of(resources, context, jobs=context.jobs).meshes
    # Kuma serves nothing of a mesh in meshServices.mode: Exclusive: no claim about its hostnames (VO405).
    return tuple(mesh for mesh in meshes if mesh.served)


def counted(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def sources_text(items: Sequence[Failure] | Sequence[Claim]) -> str:
    described = [item.source.describe() for item in items[:EXAMPLES]]
    more = len(items) - len(described)
    return ", ".join(described) + (f" and {more} more" if more else "")


def reason(conflict: Conflict, resources: ResourceSet, context: Context) -> str:
    policy = resource_at(conflict.loser.policy_ref, resources, context)
    if conflict.why == CREATION_TIME and policy is not None:
        if creation_time(policy) is None:
            return (
                "its policy has a creationTime and this one has none, which counts as older "
                "(Kuma stamps the time a policy is first stored: in a live mesh the one applied last is younger)"
            )
    return WHY.get(conflict.why, conflict.why)


def resource_at(key: ResourceKey | None, resources: ResourceSet, context: Context) -> Resource | None:
    """The resource of the run a resolution value points at."""
    if key is None:
        return None
    from vocheck.preview import resource_of

    return resource_of(key, resources, context)


def claim_resource(
    claim: Claim, resources: ResourceSet, context: Context
) -> tuple[Resource | None, tuple[str | int, ...]]:
    policy = resource_at(claim.policy_ref, resources, context)
    if policy is not None:
        return policy, policy.at("conf", "host")
    source = resource_at(claim.source.ref, resources, context)
    if source is not None and source.kind == "ExternalService":
        return source, source.at("networking", "address")
    return None, ()


def mesh_anchor(resources: ResourceSet, mesh: str) -> Resource | None:
    """The Mesh resource itself, else the first policy or resource of the mesh."""
    for kind in ("Mesh", "VirtualOutbound"):
        for resource in resources.of_kind(kind):
            if (resource.name if kind == "Mesh" else resource.mesh) == mesh:
                return resource
    return next((resource for resource in resources.resources if resource.mesh == mesh), None)


def meshes_with_rejected_sources(resources: ResourceSet, context: Context) -> set[str]:
    """Meshes of the Dataplanes and ExternalServices of the run that Kuma rejects."""
    from vocheck.preview import inputs_of

    kinds = ("Dataplane", "ExternalService")
    return {resource.mesh or "default" for resource in inputs_of(resources, context).rejected if resource.kind in kinds}


def meshes_with_sources(resources: ResourceSet, context: Context) -> set[str]:
    """Meshes with something of the run for policies to match; a remote ingress serves every mesh.

    Kuma matches a mesh's policies against the services of every remote
    zone ingress, whichever mesh they belong to.
    """
    from vocheck.preview import inputs_of

    found = inputs_of(resources, context)
    meshes = {dataplane.mesh for dataplane in found.dataplanes}
    meshes.update(external.mesh for external in found.external_services)
    zone = context.settings.zone
    if any(
        ingress.spec.zone and ingress.spec.zone != zone and ingress.spec.available_services
        for ingress in found.zone_ingresses
    ):
        meshes.update(mesh.mesh for mesh in meshes_of(resources, context))
    return meshes
