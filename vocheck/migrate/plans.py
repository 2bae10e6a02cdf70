"""What a migration plans for one policy: the services its hostnames name, and the generators that name them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import field

from vocheck._perf.records import record
from vocheck.migrate.model import AfterRow, Endpoint

MESH_SERVICE = "MeshService"
MESH_EXTERNAL_SERVICE = "MeshExternalService"
MESH_MULTI_ZONE_SERVICE = "MeshMultiZoneService"
# The label that ties the services a migration authors to the generator that names them.
MIGRATED_FROM = "vocheck.io/virtual-outbound"
SELECTOR_KEYS = {
    MESH_SERVICE: "meshService",
    MESH_EXTERNAL_SERVICE: "meshExternalService",
    MESH_MULTI_ZONE_SERVICE: "meshMultiZoneService",
}


@record
class ServicePlan:
    """A service one or more hostnames name; ``natural`` ones Kuma creates itself, the others are authored.

    ``selector`` holds the inbound tags a MeshService selects (or the
    labels a MeshMultiZoneService selects MeshServices by); ``ports`` are
    (port, target inbound port, appProtocol); ``address`` is an external
    service's ``host:port``.
    """

    kind: str
    name: str
    namespace: str
    natural: bool
    hostnames: tuple[str, ...]
    labels: Mapping[str, str] = field(default_factory=dict)
    selector: Mapping[str, str] = field(default_factory=dict)
    dataplane_ref: str = ""
    ports: tuple[tuple[int, int, str], ...] = ()
    endpoints: Mapping[int, tuple[Endpoint, ...]] = field(default_factory=dict)
    address: str = ""
    flavour: str = ""  # a natural MeshService's origin: "universal", "kubernetes" or "headless"

    def after_rows(self, generator: str) -> tuple[AfterRow, ...]:
        ports = tuple(sorted({port for port, _, _ in self.ports}))
        return tuple(
            AfterRow(hostname, self.kind, self.name, ports, "", dict(self.endpoints), generator)
            for hostname in self.hostnames
        )


@record
class GeneratorPlan:
    """A HostnameGenerator: its name, template, and the labels of the services of one kind it selects."""

    name: str
    template: str
    kind: str
    match_labels: Mapping[str, str]


def resource_name(*parts: str) -> str:
    """A name every form accepts: lowercase, ``-`` for anything else, at most 63 characters, ending alphanumeric."""
    text = "-".join(part for part in parts if part)
    text = re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")
    text = re.sub(r"-{2,}", "-", text)[:63].rstrip("-")
    if not text or not text[0].isalpha():
        text = ("s-" + text)[:63].rstrip("-")
    return text
