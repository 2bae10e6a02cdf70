"""Every reason a verdict can have: a stable code, a slug and the verdict kind it implies.

Exact (E): every (hostname, port) is generated afterwards, to the same
endpoints; only VIPs change. Approximate (A): the same intent, with extra
resources or a change clients see. Impossible (N): no set of generators and
services reproduces it.
"""

from __future__ import annotations

from vocheck.migrate.model import APPROXIMATE, EXACT, IMPOSSIBLE, Reason, VerdictKind

# code: (slug, kind, what it means in general)
CATALOGUE: dict[str, tuple[str, VerdictKind, str]] = {
    "E1": ("universal-service", EXACT, "a hostname per Universal service on its own ports: a generator over the MeshServices Kuma generates"),
    "E2": ("kubernetes-service", EXACT, "names from a Kubernetes Service's name, namespace and zone on its own ports: a generator over the MeshServices of the Services"),
    "E3": ("headless-per-pod", EXACT, "per-pod names of a headless Service: Kuma makes one MeshService per pod, with its pod-name label"),
    "E4": ("alias", EXACT, "another policy names the same services: one generator each, every name on the service's VIP"),
    "A1": ("subset", APPROXIMATE, "endpoints filtered by a tag: one authored MeshService per value, enumerated from the run's dataplanes, carrying the label the template reads"),
    "A2": ("port-remap", APPROXIMATE, "a port that is not the service's own: an authored MeshService with port and targetPort; its other ports answer on the hostname too"),
    "A3": ("host-normalised", APPROXIMATE, "a host that is not a lowercase RFC 1123 name: a normalised one, which clients must use"),
    "A4": ("values-enumerated", APPROXIMATE, "a selector on a tag other than kuma.io/service: the selected values are enumerated from the run; a new one gets no hostname until migrated again"),
    "A5": ("cross-zone", APPROXIMATE, "served from another zone through its zone ingress: a MeshMultiZoneService (created on Global) and a generator for it"),
    "A6": ("external-service", APPROXIMATE, "an ExternalService: a MeshExternalService with its address and port, and a generator for it"),
    "A7": ("per-instance", APPROXIMATE, "one hostname per instance: one authored MeshService per Dataplane (dataplaneRef), a snapshot of today's instances"),
    "A8": ("nothing-generated", APPROXIMATE, "the policy generates no hostname in this run: nothing to reproduce until its services are in the run"),
    "A9": ("preview-differs", APPROXIMATE, "the preview of the migrated tree differs from the VirtualOutbound preview"),
    "N1": ("hostname-per-port", IMPOSSIBLE, "one hostname with different endpoints per port: a hostname belongs to one MeshService, on all its ports"),
    "N2": ("port-per-instance", IMPOSSIBLE, "a port computed per instance: MeshService ports are not templated"),
    "N3": ("optional-parameter", IMPOSSIBLE, "a parameter tested in the template: a generator's label fails for a missing label, and no selector asks for an absent one"),
    "N4": ("invalid-hostname", IMPOSSIBLE, "a hostname that stays invalid once normalised: Kuma 2.14 refuses it"),
    "N5": ("port-in-hostname", IMPOSSIBLE, "a hostname that embeds the port: a generated hostname names every port of its service"),
}


def reason(code: str, message: str, path: tuple[str | int, ...] = ()) -> Reason:
    slug, kind, _ = CATALOGUE[code]
    return Reason(code, slug, kind, message, path)

