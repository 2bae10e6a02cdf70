"""Documents that look like Kuma resources but that Kuma (or Kubernetes) refuses outright: VO006."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from vocheck._perf.records import record
from vocheck.kuma.specs import KUMA_KINDS
from vocheck.load.recognition import KUBERNETES_API, is_list
from vocheck.kuma.specs import JsonPath
from vocheck.model import Document, Fix, KumaMessage, Resource
from vocheck.fixes.textedits import TextEdits

# Every resource type kumactl 2.14 knows (its type registry). A Universal document
# of any other type is refused by ``kumactl apply`` with ``invalid resource type``.
KUMA_TYPES = frozenset(
    """
    CircuitBreaker Config Dataplane DataplaneInsight DataplaneOverview ExternalService FaultInjection
    GlobalSecret HealthCheck HostnameGenerator Mesh MeshAccessLog MeshCircuitBreaker MeshExternalService
    MeshFaultInjection MeshGateway MeshGatewayRoute MeshHTTPRoute MeshHealthCheck MeshIdentity MeshInsight
    MeshLoadBalancingStrategy MeshMetric MeshMultiZoneService MeshOpenTelemetryBackend MeshPassthrough
    MeshProxyPatch MeshRateLimit MeshRetry MeshService MeshTCPRoute MeshTLS MeshTimeout MeshTrace
    MeshTrafficPermission MeshTrust MeshZoneAddress ProxyTemplate RateLimit Retry Secret ServiceInsight
    ServiceOverview Timeout TrafficLog TrafficPermission TrafficRoute TrafficTrace VirtualOutbound Workload
    Zone ZoneEgress ZoneEgressInsight ZoneEgressOverview ZoneIngress ZoneIngressInsight ZoneIngressOverview
    ZoneInsight ZoneOverview
    """.split()
)
# Types Kong Mesh's kumactl adds: never reported as unknown, so that its users see no false alarm.
KONG_MESH_TYPES = frozenset({"MeshOPA", "MeshGlobalRateLimit", "OPAPolicy", "AccessRole", "AccessRoleBinding", "AccessAudit"})
_KNOWN_TYPES = KUMA_TYPES | KONG_MESH_TYPES
# The kinds of Kuma 2.14's CRDs, all served as kuma.io/v1alpha1.
KUMA_CRD_KINDS = frozenset(
    """
    CircuitBreaker ContainerPatch Dataplane DataplaneInsight ExternalService FaultInjection HealthCheck
    HostnameGenerator Mesh MeshAccessLog MeshCircuitBreaker MeshExternalService MeshFaultInjection MeshGateway
    MeshGatewayConfig MeshGatewayInstance MeshGatewayRoute MeshHTTPRoute MeshHealthCheck MeshIdentity MeshInsight
    MeshLoadBalancingStrategy MeshMetric MeshMultiZoneService MeshOpenTelemetryBackend MeshPassthrough
    MeshProxyPatch MeshRateLimit MeshRetry MeshService MeshTCPRoute MeshTLS MeshTimeout MeshTrace
    MeshTrafficPermission MeshTrust MeshZoneAddress ProxyTemplate RateLimit Retry ServiceInsight Timeout
    TrafficLog TrafficPermission TrafficRoute TrafficTrace VirtualOutbound Workload Zone ZoneEgress
    ZoneEgressInsight ZoneIngress ZoneIngressInsight ZoneInsight
    """.split()
)


@record
class NearMiss:
    """Why a Kuma-looking document (or list item) is refused, where, and what Kuma itself says."""

    message: str
    path: JsonPath
    kuma: KumaMessage | None = None
    # The name meant, when only its case is wrong: the fix writes it.
    meant: str | None = None
    fix: Fix | None = None


def near_misses(
    document: Document, recognised: Sequence[Resource], universal_neighbours: Callable[[], bool]
) -> Iterator[NearMiss]:
    """The near misses of a document, or of the items of a list it holds.

    ``universal_neighbours`` says whether another document of the file is a
    Universal Kuma resource: a ``type`` Kuma does not know is reported only
    among Kuma documents (or with a ``mesh``), so other YAML stays skipped.
    """
    data = document.data
    taken = {resource.root for resource in recognised}
    if isinstance(data, dict) and is_list(data):
        kuma_list = "kind" not in data  # Kuma's REST list holds nothing but Kuma resources
        for index, item in enumerate(data["items"]):
            if ("items", index) not in taken:
                found = near_miss(item, lambda: kuma_list or universal_neighbours())
                if found is not None:
                    yield _with_fix(document, replace(found, path=("items", index) + found.path))
        return
    if () not in taken:
        found = near_miss(data, universal_neighbours)
        if found is not None:
            yield _with_fix(document, found)


def _with_fix(document: Document, miss: NearMiss) -> NearMiss:
    """A miscased type or kind is renamed as meant (unsafe: Kuma then reads the document)."""
    if miss.meant is None:
        return miss
    edit = TextEdits(document).replace_scalar(miss.path, miss.meant)
    return replace(miss, fix=Fix((edit,), "unsafe", f"write {miss.meant}")) if edit is not None else miss


def near_miss(data: Any, universal_neighbours: Callable[[], bool] = lambda: False) -> NearMiss | None:
    """Why a document that looks like a Kuma resource was not recognised, and where."""
    if not isinstance(data, dict):
        return None
    kind, kind_type, api_version = data.get("kind"), data.get("type"), data.get("apiVersion")
    by_lower = {name.lower(): name for name in KUMA_KINDS}
    if isinstance(kind_type, str) and kind_type not in KUMA_KINDS and kind_type.lower() in by_lower:
        wanted = by_lower[kind_type.lower()]
        message = f'type "{kind_type}" is not a Kuma type (types are case-sensitive): did you mean "{wanted}"?'
        return NearMiss(message, ("type",), _invalid_type(kind_type), meant=wanted)
    if isinstance(api_version, str) and isinstance(kind, str) and _kuma_group(api_version):
        return _kubernetes_miss(kind, api_version)
    if isinstance(kind_type, str) and "apiVersion" not in data and "kind" not in data:
        if kind_type not in _KNOWN_TYPES and ("mesh" in data or universal_neighbours()):
            return _unknown_type(kind_type)
    return None


def _kubernetes_miss(kind: str, api_version: str) -> NearMiss | None:
    by_lower = {name.lower(): name for name in KUMA_KINDS}
    if kind.lower() in by_lower and kind not in KUMA_KINDS:
        message = f'kind "{kind}" is not a Kuma kind (kinds are case-sensitive): did you mean "{by_lower[kind.lower()]}"?'
        return NearMiss(message, ("kind",), meant=by_lower[kind.lower()])
    if kind in KUMA_CRD_KINDS and api_version != KUBERNETES_API:
        message = f'Kuma serves {kind} as "{KUBERNETES_API}", not "{api_version}": Kubernetes rejects this document'
        return NearMiss(message, ("apiVersion",), meant=KUBERNETES_API)
    if api_version == KUBERNETES_API and kind not in KUMA_CRD_KINDS:
        message = (
            f'Kuma has no kind "{kind}" in "{KUBERNETES_API}": Kubernetes rejects this document '
            f'(no matches for kind "{kind}" in version "{KUBERNETES_API}")'
        )
        return NearMiss(message + _did_you_mean(kind, KUMA_CRD_KINDS), ("kind",))
    return None


def _unknown_type(kind_type: str) -> NearMiss:
    message = f'type "{kind_type}" is not a Kuma resource type: kumactl apply refuses the document with invalid resource type "{kind_type}"'
    return NearMiss(message + _did_you_mean(kind_type, KUMA_TYPES), ("type",), _invalid_type(kind_type))


def _invalid_type(kind_type: str) -> KumaMessage:
    return KumaMessage("", f'invalid resource type "{kind_type}"')


def _kuma_group(api_version: str) -> bool:
    """Whether an apiVersion names Kuma's API group, or one that looks meant to (``mesh.kuma.io``)."""
    group = api_version.partition("/")[0] if "/" in api_version else ""
    return group == "kuma.io" or group.endswith(".kuma.io")


def _did_you_mean(word: str, known: frozenset[str]) -> str:
    for candidate in sorted(known):
        if candidate.lower() == word.lower():
            return f'; did you mean "{candidate}"?'
    import difflib  # only for a type or kind Kuma does not know

    matches = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.75)
    return f'; did you mean "{matches[0]}"?' if matches else ""


def universal_kuma(data: Any) -> bool:
    """Whether a document is a Universal resource of a type Kuma knows."""
    if not isinstance(data, dict) or "apiVersion" in data:
        return False
    kind_type = data.get("type")
    return isinstance(kind_type, str) and kind_type in KUMA_TYPES

