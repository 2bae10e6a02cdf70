"""The "before" side: every (hostname, port) a VirtualOutbound generates today, and the endpoints behind it.

Read from vocheck's own VirtualOutbound preview (the resolution): the
outbounds a policy won, with the tags Kuma filters endpoints by. Traffic
to such an outbound goes to every inbound of the mesh that carries all of
those tags (Kuma's ``FilterTags``), whatever the inbound's port; through a
remote zone ingress, to that zone; for an ExternalService, to its address.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from vocheck.migrate.model import BeforeRow, Endpoint
from vocheck.resolve import DataplaneInput, ExternalServiceInput, MeshResolution, ZoneIngressInput
from vocheck.resolve.entries import DATAPLANE, EXTERNAL_SERVICE, SERVICE_TAG, VIRTUAL_OUTBOUND_PREFIX, ZONE_INGRESS
from vocheck.resolve.inputs import SERVICELESS_PORT

_IGNORED = frozenset({"Ignored", "2"})


def inbound_endpoints(dataplanes: Sequence[DataplaneInput], tags: Mapping[str, str]) -> tuple[Endpoint, ...]:
    """The inbounds whose tags include every one of ``tags``."""
    index = _index(dataplanes)
    key = tuple(sorted(tags.items()))
    found = index.answers.get(key)
    if found is None:
        service = tags.get(SERVICE_TAG)
        candidates = index.by_service.get(service, ()) if service is not None else index.every
        found = tuple(sorted({
            endpoint for inbound_tags, endpoint in candidates
            if all(inbound_tags.get(name) == value for name, value in tags.items())
        }))
        index.answers[key] = found
    return found


class _Index:
    """A mesh's inbounds by ``kuma.io/service``, and the answers already given: asked once per port of every hostname."""

    __slots__ = ("dataplanes", "every", "by_service", "answers")

    def __init__(self, dataplanes: Sequence[DataplaneInput]) -> None:
        self.dataplanes = dataplanes
        self.every: list[tuple[Mapping[str, str], Endpoint]] = []
        self.by_service: dict[str, list[tuple[Mapping[str, str], Endpoint]]] = {}
        self.answers: dict[tuple[tuple[str, str], ...], tuple[Endpoint, ...]] = {}
        for dataplane in dataplanes:
            for inbound in dataplane.spec.inbounds:
                if inbound.state in _IGNORED or inbound.port == SERVICELESS_PORT:
                    continue
                item = (inbound.tags, Endpoint("inbound", dataplane.name, inbound.port))
                self.every.append(item)
                self.by_service.setdefault(inbound.tags.get(SERVICE_TAG, ""), []).append(item)


_INDEXES: dict[int, _Index] = {}


def _index(dataplanes: Sequence[DataplaneInput]) -> _Index:
    found = _INDEXES.get(id(dataplanes))
    if found is None or found.dataplanes is not dataplanes:
        if len(_INDEXES) > 64:
            _INDEXES.clear()
        found = _INDEXES[id(dataplanes)] = _Index(dataplanes)
    return found


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

