"""The copies of a zone's MeshServices that other zones of a multizone deployment hold.

KDS sends every MeshService of a federated zone to the global control plane
and on to every other zone: the copy keeps its labels (``kuma.io/display-name``,
``kuma.io/zone``, ``k8s.kuma.io/namespace`` ...) but is labelled
``kuma.io/origin: global``, loses its status, and is renamed
``<display name>-<hash of mesh, display name, zone, namespace>``. Each zone
then gives it hostnames (the ``synced-*`` default generators select exactly
such copies) and a VIP from its own pool.
"""

from __future__ import annotations

from collections.abc import Iterable

from vocheck.resolve.services.defaults import SYSTEM_NAMESPACE
from vocheck.resolve.services.model import MESH_SERVICE, ServiceInput
from vocheck.resolve.services.names import kds_hashed_name

ORIGIN = "kuma.io/origin"
ZONE = "kuma.io/zone"
NAMESPACE = "k8s.kuma.io/namespace"
DISPLAY_NAME = "kuma.io/display-name"


def synced_copies(services: Iterable[ServiceInput], zone: str, kubernetes: bool) -> tuple[ServiceInput, ...]:
    """The copies another zone (on Kubernetes when ``kubernetes``) holds of the MeshServices of ``zone``."""
    if not zone:
        return ()  # a zone that is not federated sends nothing
    copies = []
    for service in services:
        if service.kind != MESH_SERVICE or service.labels.get(ORIGIN) != "zone":
            continue
        labels = {**service.labels, ORIGIN: "global", ZONE: zone}
        display_name = labels.get(DISPLAY_NAME) or service.name
        labels[DISPLAY_NAME] = display_name
        values = [labels[key] for key in (ZONE, NAMESPACE) if key in labels]
        name = kds_hashed_name(service.mesh, display_name, *values)
        copies.append(
            ServiceInput(
                MESH_SERVICE,
                f"{name}.{SYSTEM_NAMESPACE}" if kubernetes else name,
                service.mesh,
                labels,
                service.ports,
                creation_time=service.creation_time,
                k8s_name=name if kubernetes else "",
                source=service.source,
                vips_pending=True,  # each zone gives it a VIP of its own pool
                ref=service.ref,
            )
        )
    return tuple(copies)
