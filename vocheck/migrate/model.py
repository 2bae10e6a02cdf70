"""The values a migration produces: verdicts and their reasons, both previews, the resources to apply."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal

from vocheck._perf.records import record

if TYPE_CHECKING:
    from vocheck.migrate.stepdiff import RunState

VerdictKind = Literal["exact", "approximate", "impossible"]
EXACT: VerdictKind = "exact"
APPROXIMATE: VerdictKind = "approximate"
IMPOSSIBLE: VerdictKind = "impossible"
# Worst first: a policy's verdict is the worst of its reasons.
_RANK = {EXACT: 0, APPROXIMATE: 1, IMPOSSIBLE: 2}

Target = Literal["2.14", "3.0"]


@record
class Reason:
    """Why a policy gets its verdict: a stable code (E1..E4, A1..A8, N1..N5), a slug, what it means.

    ``path`` is the spec path of the value that causes it (``("conf", "port")``);
    ``line`` and ``column`` are where that value sits in the policy's file.
    """

    code: str
    slug: str
    kind: VerdictKind
    message: str
    path: tuple[str | int, ...] = ()
    line: int = 0
    column: int = 0


def worst(reasons: tuple[Reason, ...]) -> VerdictKind:
    kind: VerdictKind = EXACT
    for reason in reasons:
        if _RANK[reason.kind] > _RANK[kind]:
            kind = reason.kind
    return kind


@record(order=True)
class Endpoint:
    """Where traffic for a (hostname, port) lands: a dataplane inbound, a remote zone or an external address."""

    kind: str  # "inbound", "zone", "external"
    name: str  # the dataplane, the zone, or the external service
    port: int = 0

    def __str__(self) -> str:
        if self.kind == "inbound":
            return f"{self.name}:{self.port}"
        if self.kind == "zone":
            return f"zone {self.name}"
        return f"{self.name}"


@record
class BeforeRow:
    """One (hostname, port) the VirtualOutbound generates today, and the endpoints behind it."""

    hostname: str
    port: int
    tags: Mapping[str, str]
    endpoints: tuple[Endpoint, ...]
    source: str  # "Dataplane", "ZoneIngress" or "ExternalService"


@record
class AfterRow:
    """One hostname under the generators: the service it names, its ports, its VIP, and the endpoints of each port."""

    hostname: str
    kind: str
    service: str
    ports: tuple[int, ...]
    vip: str
    endpoints: Mapping[int, tuple[Endpoint, ...]] = field(default_factory=dict)
    generator: str = ""
    vip_pending: bool = False  # Kubernetes assigns it (a ClusterIP, pod IPs)


@record
class Difference:
    """One way the after side differs from the before side, for a (hostname, port)."""

    hostname: str
    port: int
    what: str  # "missing", "endpoints", "extra-hostname", "renamed"
    message: str


@record
class Planned:
    """A resource to apply, in the input's form, as the mapping its YAML document holds."""

    kind: str
    name: str
    data: Mapping[str, Any]


@record
class PolicyMigration:
    """One VirtualOutbound: its verdict, the resources that replace it, both previews and their comparison."""

    policy: str
    mesh: str
    file: str
    line: int
    form: str
    verdict: VerdictKind
    reasons: tuple[Reason, ...]
    resources: tuple[Planned, ...] = ()
    before: tuple[BeforeRow, ...] = ()
    after: tuple[AfterRow, ...] = ()
    differences: tuple[Difference, ...] = ()
    notes: tuple[str, ...] = ()
    proven: bool | None = None  # None: no proof ran; True: the migrated tree previews as predicted


@record
class Step:
    """One step of the switch, with what ``vocheck diff`` reports for it."""

    title: str
    detail: str
    diff: str


@record
class Migration:
    """Every VirtualOutbound of the run, in (mesh, name) order, and the switch order."""

    target: Target
    policies: tuple[PolicyMigration, ...]
    steps: tuple[Step, ...] = ()
    check_errors: tuple[str, ...] = ()  # what `vocheck check` says about the migrated resources
    left_out: tuple[str, ...] = ()
    # With --output-dir: the YAML and JSON files already there that this run did not write (None without it).
    not_written: tuple[str, ...] | None = None
    # Per mesh, the (hostname, port)s `vocheck diff` reports removed when the mesh turns Exclusive.
    removed: Mapping[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    # The run once its migrated meshes have MeshServices on (the switch's first step), and what
    # `vocheck diff` reports for that step; the proof compares the later steps with it.
    enabled: RunState | None = None
    enabling: str = ""
