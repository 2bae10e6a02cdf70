"""The MeshServices Kuma 2.14 creates by itself for the run's dataplanes, as the migration plans with them.

Universal: one per ``kuma.io/service`` value that is a DNS-1035 label,
its ports the inbound ports (``port`` = ``targetPort``). Kubernetes: one per
Service (``k8s.kuma.io/service-name`` and ``k8s.kuma.io/namespace``), its
ports the Service ports (``k8s.kuma.io/service-port``) targeting the
container ports; for a headless Service (inbounds tagged
``kuma.io/instance``) one per pod instead. Which endpoints each port
reaches follows from that: the inbounds carrying the selector's tags on
the target port.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from vocheck._perf.records import record
from vocheck.migrate.before import inbound_endpoints
from vocheck.migrate.model import Endpoint
from vocheck.resolve import DataplaneInput

SERVICE = "kuma.io/service"
ZONE = "kuma.io/zone"
INSTANCE = "kuma.io/instance"
K8S_NAME = "k8s.kuma.io/service-name"
K8S_NAMESPACE = "k8s.kuma.io/namespace"
K8S_PORT = "k8s.kuma.io/service-port"
POD_NAME = "statefulset.kubernetes.io/pod-name"
PROTOCOL = "kuma.io/protocol"
_DNS1035 = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")


def is_dns1035_label(text: str) -> bool:
    return len(text) <= 63 and _DNS1035.fullmatch(text) is not None


@record
class NaturalService:
    """A MeshService Kuma creates without being asked, and what its hostname template can read."""

    name: str
    namespace: str
    kind: str  # "universal", "kubernetes" or "headless"
    selector: Mapping[str, str]
    ports: tuple[tuple[int, int], ...]  # (port, target inbound port)
    protocols: Mapping[int, str]

    def endpoints(self, dataplanes: Sequence[DataplaneInput], port: int) -> tuple[Endpoint, ...]:
        targets = {target for service_port, target in self.ports if service_port == port}
        return tuple(item for item in inbound_endpoints(dataplanes, self.selector) if item.port in targets)


_KNOWN: dict[tuple[int, tuple[tuple[str, str], ...]], tuple[Sequence[DataplaneInput], NaturalService | None]] = {}


def natural_service(tags: Mapping[str, str], dataplanes: Sequence[DataplaneInput]) -> NaturalService | None:
    """The MeshService Kuma would create for inbounds carrying ``tags``, if any (asked for every inbound: remembered)."""
    key = (id(dataplanes), tuple(sorted(tags.items())))
    known = _KNOWN.get(key)
    if known is not None and known[0] is dataplanes:
        return known[1]
    if len(_KNOWN) > 1 << 14:
        _KNOWN.clear()
    found = _natural_service(tags, dataplanes)
    _KNOWN[key] = (dataplanes, found)
    return found


def _natural_service(tags: Mapping[str, str], dataplanes: Sequence[DataplaneInput]) -> NaturalService | None:
    if K8S_NAME in tags and K8S_NAMESPACE in tags:
        return _kubernetes(tags, dataplanes)
    service = tags.get(SERVICE, "")
    if not is_dns1035_label(service):
        return None
    ports: list[tuple[int, int]] = []
    protocols: dict[int, str] = {}
    # Kuma keeps the port list of the first dataplane (creation, then name order) that has the service.
    for dataplane in dataplanes:
        inbounds = [inbound for inbound in dataplane.spec.inbounds if inbound.tags.get(SERVICE) == service]
        if inbounds:
            ports = [(inbound.port, inbound.port) for inbound in inbounds]
            protocols = {inbound.port: inbound.tags.get(PROTOCOL) or "tcp" for inbound in inbounds}
            break
    return NaturalService(service, "", "universal", {SERVICE: service}, tuple(ports), protocols)


def _kubernetes(tags: Mapping[str, str], dataplanes: Sequence[DataplaneInput]) -> NaturalService | None:
    name, namespace = tags[K8S_NAME], tags[K8S_NAMESPACE]
    selector = {K8S_NAME: name, K8S_NAMESPACE: namespace}
    kind = "kubernetes"
    instances = {
        inbound.tags.get(INSTANCE, "")
        for dataplane in dataplanes
        for inbound in dataplane.spec.inbounds
        if all(inbound.tags.get(key) == value for key, value in tags.items())
    }
    if instances and "" not in instances:
        # A headless Service: Kuma makes one MeshService per pod, selecting that pod only,
        # and none for the Service as a whole.
        if len(instances) != 1:
            return None
        selector[INSTANCE] = instances.pop()
        kind = "headless"
    ports: dict[int, int] = {}
    protocols: dict[int, str] = {}
    for dataplane in dataplanes:
        for inbound in dataplane.spec.inbounds:
            if all(inbound.tags.get(key) == value for key, value in selector.items()):
                service_port = inbound.tags.get(K8S_PORT, "")
                if service_port.isdigit():
                    ports.setdefault(int(service_port), inbound.port)
                    protocols.setdefault(int(service_port), inbound.tags.get(PROTOCOL) or "tcp")
    display = selector[INSTANCE] if kind == "headless" else name
    return NaturalService(display, namespace, kind, selector, tuple(sorted(ports.items())), protocols)
