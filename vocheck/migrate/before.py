"""The "before" side: every (hostname, port) a VirtualOutbound generates today, and the endpoints behind it.

Read from vocheck's own VirtualOutbound preview (the resolution): the
outbounds a policy won, with the tags Kuma filters endpoints by. Traffic
to such an outbound goes to every inbound of the mesh that carries all of
those tags (Kuma's ``FilterTags``), whatever the inbound's port; through a
remote zone ingress, to that zone; for an ExternalService, to its address.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from vocheck.migrate.model import BeforeRow, Endpoint
from vocheck.resolve import DataplaneInput, ExternalServiceInput, MeshResolution, ZoneIngressInput
from vocheck.resolve.entries import DATAPLANE, EXTERNAL_SERVICE, VIRTUAL_OUTBOUND_PREFIX, ZONE_INGRESS
from vocheck.resolve.inputs import SERVICELESS_PORT

_IGNORED = frozenset({"Ignored", "2"})


def inbound_endpoints(dataplanes: Iterable[DataplaneInput], tags: Mapping[str, str]) -> tuple[Endpoint, ...]:
    """The inbounds whose tags include every one of ``tags``."""
    found = set()
    for dataplane in dataplanes:
        for inbound in dataplane.spec.inbounds:
            if inbound.state in _IGNORED or inbound.port == SERVICELESS_PORT:
                continue
            if all(inbound.tags.get(key) == value for key, value in tags.items()):
                found.add(Endpoint("inbound", dataplane.name, inbound.port))
    return tuple(sorted(found))


def before_rows(
    policy: str,
    mesh: MeshResolution,
    dataplanes: Sequence[DataplaneInput],
    externals: Sequence[ExternalServiceInput],
    ingresses: Sequence[ZoneIngressInput] = (),
) -> tuple[BeforeRow, ...]:
    """What ``policy`` generates in ``mesh``, sorted by (hostname, port)."""
    origin = VIRTUAL_OUTBOUND_PREFIX + policy
    rows = []
    for entry in mesh.entries:
        for outbound in entry.outbounds:
            if outbound.origin != origin:
                continue
            kind = outbound.source.kind
            if kind == ZONE_INGRESS:
                zones = [ingress.spec.zone for ingress in ingresses if ingress.name == outbound.source.name]
                endpoints: tuple[Endpoint, ...] = (Endpoint("zone", zones[0] if zones else outbound.source.name),)
            elif kind == EXTERNAL_SERVICE:
                endpoints = tuple(
                    Endpoint("external", external.spec.address)
                    for external in externals
                    if external.name == outbound.source.name
                )
            else:
                kind = DATAPLANE
                endpoints = inbound_endpoints(dataplanes, outbound.tags)
            rows.append(BeforeRow(entry.name, outbound.port, dict(outbound.tags), endpoints, kind))
    return tuple(sorted(rows, key=lambda row: (row.hostname, row.port)))

