"""The hostname entries of a mesh view, their outbounds, and the DNS records they yield."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

from vocheck._perf.records import record
from vocheck.resolve.keys import ResourceKey

SERVICE_TAG = "kuma.io/service"
SERVICE_ORIGIN = "service"
EXTERNAL_SERVICE_PREFIX = "external-service:"
VIRTUAL_OUTBOUND_PREFIX = "virtual-outbound:"

DATAPLANE = "Dataplane"
ZONE_INGRESS = "ZoneIngress"
EXTERNAL_SERVICE = "ExternalService"
MESH_GATEWAY = "MeshGateway"
MESH_GATEWAY_PREFIX = "mesh-gateway:"


class EntryType(IntEnum):
    """Kuma's ``HostnameEntry`` type; the integer is what the persisted view stores."""

    SERVICE = 0
    HOST = 1
    FQDN = 2

    @property
    def label(self) -> str:
        return self.name.lower()


class EntryKey(NamedTuple):
    """``<type>:<name>``; ordering is Kuma's (type, then name by byte order).

    A named tuple rather than a dataclass: it is hashed on every outbound added.
    """

    type: EntryType
    name: str

    def __str__(self) -> str:
        return f"{self.type.label}:{self.name}"


@record
class Source:
    """The entity whose tags produced an outbound: a dataplane inbound, an ingress service, an ES.

    ``index`` is the inbound index (Dataplane), the ``availableServices`` index
    (ZoneIngress) or the ``conf.listeners`` index (MeshGateway, whose ``name``
    is ``<mesh>/<name>``); None for an ExternalService.
    """

    kind: str
    name: str
    index: int | None = None
    ref: ResourceKey | None = None

    def describe(self) -> str:
        if self.index is None:
            return f"{self.kind} {self.name}"
        parts = {DATAPLANE: "inbound", MESH_GATEWAY: "conf.listeners"}
        part = parts.get(self.kind, "availableServices")
        return f"{self.kind} {self.name} {part}[{self.index}]"


@record
class Outbound:
    """One (port, tags, origin) of an entry, with the first source that added it.

    ``contributions`` counts the sources that produced this very outbound
    (identical outbounds are merged silently, as Kuma does).
    """

    port: int
    tags: Mapping[str, str]
    origin: str
    source: Source
    contributions: int = 1


@record
class Entry:
    """A hostname entry with its VIP ("" when none could be allocated)."""

    key: EntryKey
    address: str
    outbounds: tuple[Outbound, ...]

    @property
    def type(self) -> EntryType:
        return self.key.type

    @property
    def name(self) -> str:
        return self.key.name


@record
class DnsRecord:
    """A domain a transparent proxy resolves, the VIP behind it and the ports it listens on."""

    domain: str
    address: str
    ports: tuple[int, ...]
    entry: EntryKey
