"""The resources a resolution run reads, and what resolving them may cost."""

from __future__ import annotations

from datetime import datetime

from vocheck._perf.records import record
from vocheck.resolve.keys import ResourceKey
from vocheck.kuma.specs import (
    DataplaneSpec,
    ExternalServiceSpec,
    MeshGatewaySpec,
    VirtualOutboundSpec,
    ZoneIngressSpec,
)

# Kuma's TCPPortReserved: the inbound of a pod no Service selects; resolution skips it.
SERVICELESS_PORT = 49151

UNIVERSAL = "universal"
KUBERNETES = "kubernetes"


@record
class PolicyInput:
    """A VirtualOutbound of one mesh; ``ref`` points diagnostics back at the resource it came from."""

    name: str
    mesh: str
    creation_time: datetime | None
    spec: VirtualOutboundSpec
    ref: ResourceKey | None = None


@record
class DataplaneInput:
    """A Dataplane; ``form`` is ``kubernetes`` when its list order is not guaranteed."""

    name: str
    mesh: str
    spec: DataplaneSpec
    ref: ResourceKey | None = None
    form: str = UNIVERSAL


@record
class ZoneIngressInput:
    """A ZoneIngress (global to every mesh)."""

    name: str
    spec: ZoneIngressSpec
    ref: ResourceKey | None = None


@record
class ExternalServiceInput:
    """An ExternalService of one mesh."""

    name: str
    mesh: str
    spec: ExternalServiceSpec
    ref: ResourceKey | None = None


@record
class MeshGatewayInput:
    """A MeshGateway of one mesh; its cross-mesh listeners reach the view of every mesh."""

    name: str
    mesh: str
    spec: MeshGatewaySpec
    ref: ResourceKey | None = None


@record
class Budgets:
    """What resolving may cost, in units of one (policy, matching source) pair or one template step.

    ``run`` is for the whole run (shared among meshes by their policies),
    ``policy_share`` for one policy. Kuma's settings come apart, as a KumaSettings.
    """

    run: int = 3_000_000
    policy_share: int = 1_000_000
