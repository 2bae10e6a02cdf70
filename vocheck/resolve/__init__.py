"""Resolution: the hostnames, ports and VIPs Kuma generates for each mesh, and what it only logs.

``resolve`` reproduces Kuma 2.14's VIP allocator offline: every mesh's view is
built from its dataplane inbounds, remote zone ingress services and external
services (see ``vocheck.resolve.view``), VIPs are allocated from the DNS CIDR
(``vocheck.resolve.vips``) and the DNS records a transparent proxy would get
are derived (``vocheck.resolve.outbounds``). Dataplanes, zone ingresses and policies
are processed in name order, the order Kuma's Postgres store lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from vocheck._perf.records import record
from vocheck._perf.workers import Workers
from vocheck.resolve.changes import Change, view_changes
from vocheck.resolve.outbounds import VipOutbound, publish, shadowed_names
from vocheck.resolve.entries import DnsRecord, Entry, EntryKey, EntryType, Outbound, Source
from vocheck.resolve.events import (
    BudgetExhaustion,
    Claim,
    Conflict,
    Failure,
    ShadowedName,
    UnusedPolicy,
    VipExhaustion,
)
from vocheck.resolve.inputs import (
    Budgets,
    DataplaneInput,
    ExternalServiceInput,
    MeshGatewayInput,
    PolicyInput,
    ZoneIngressInput,
)
from vocheck.settings import KumaSettings
from vocheck.resolve.keys import ResourceKey
from vocheck.resolve.previous import PersistedEntry
from vocheck.resolve.view import build_view
from vocheck.resolve.meshview import MeshView
from vocheck.resolve.vips import allocate, parse_cidr

_Item = TypeVar("_Item")

__all__ = [
    "Addressing",
    "BudgetExhaustion",
    "Budgets",
    "Change",
    "Claim",
    "Conflict",
    "DataplaneInput",
    "DnsRecord",
    "Entry",
    "EntryKey",
    "EntryType",
    "ExternalServiceInput",
    "Failure",
    "KumaSettings",
    "MeshGatewayInput",
    "MeshInputs",
    "MeshResolution",
    "Outbound",
    "PersistedEntry",
    "PolicyInput",
    "ResourceKey",
    "Resolution",
    "ShadowedName",
    "Source",
    "UnusedPolicy",
    "VipExhaustion",
    "VipOutbound",
    "ZoneIngressInput",
    "resolve",
]


@record
class MeshInputs:
    """What one mesh's view is built from, each in processing order (external services in any)."""

    mesh: str
    policies: Sequence[PolicyInput]
    dataplanes: Sequence[DataplaneInput]
    zone_ingresses: Sequence[ZoneIngressInput]
    external_services: Sequence[ExternalServiceInput]
    # The Mesh that sets meshServices.mode: Exclusive, if it does.
    exclusive: ResourceKey | None = None
    # Every mesh's MeshGateways: their cross-mesh listeners reach every view.
    mesh_gateways: Sequence[MeshGatewayInput] = ()
    budgets: Budgets = Budgets()  # this mesh's share of the run's budget, and each policy's

    def view(self, settings: KumaSettings) -> MeshView:
        return build_view(
            self.mesh,
            self.policies,
            self.dataplanes,
            self.zone_ingresses,
            self.external_services,
            settings,
            mesh_gateways=self.mesh_gateways,
            budgets=self.budgets,
        )


_UNKNOWN: Any = object()


class Addressing:
    """What follows from a mesh's view once VIPs are allocated, worked out when first asked for.

    Entries with their VIPs, DNS records, VIP outbounds and the changes
    against a persisted view: the preview shows them all, but checks read
    only whether the CIDR ran out, and on a large mesh the rest costs a
    third of the resolution. Sent back from a worker process, it leaves the
    view behind (the bulk of a mesh) and builds it again only if asked.
    """

    __slots__ = ("_inputs", "_view", "_settings", "_persisted", "_exhaustion", "_allocated", "_published", "_changes")

    def __init__(
        self,
        inputs: MeshInputs,
        settings: KumaSettings,
        persisted: Mapping[EntryKey, PersistedEntry] | None,
        view: MeshView | None = None,
        exhaustion: VipExhaustion | None = _UNKNOWN,
        verify: bool = True,
    ) -> None:
        self._inputs = inputs
        self._view = view
        self._settings = settings
        self._persisted = persisted
        self._exhaustion: Any = exhaustion
        self._allocated: tuple[tuple[Entry, ...], VipExhaustion | None] | None = None
        self._published: tuple[tuple[DnsRecord, ...], tuple[VipOutbound, ...]] | None = None
        self._changes: tuple[Change, ...] | None = None
        if persisted is not None and verify:
            self.allocated()  # a persisted view may give one VIP twice: say so while resolving

    def __reduce__(self) -> tuple[Any, ...]:
        # Already verified where it was built; the exhaustion travels, the view does not.
        return (Addressing, (self._inputs, self._settings, self._persisted, None, self.exhaustion(), False))

    def __repr__(self) -> str:
        return f"Addressing(mesh={self._inputs.mesh!r}, allocated={self._allocated is not None})"

    def with_persisted(self, persisted: Mapping[EntryKey, PersistedEntry] | None) -> Addressing:
        """The same view addressed against another persisted view (the VIPs Kuma keeps)."""
        return Addressing(self._inputs, self._settings, persisted, self._view)

    def view(self) -> MeshView:
        if self._view is None:
            self._view = self._inputs.view(self._settings)
        return self._view

    def allocated(self) -> tuple[tuple[Entry, ...], VipExhaustion | None]:
        """The entries in (type, name) order with their VIPs, and the exhaustion if any."""
        if self._allocated is None:
            view, persisted = self.view(), self._persisted or {}
            allocation = allocate(
                view.entries.addresses(),
                self._settings.dns_cidr,
                {key: entry.address for key, entry in persisted.items()},
                view.mesh,
            )
            addresses = allocation.addresses
            entries = tuple(Entry(key, addresses[key], view.entries[key][1]) for key in sorted(view.entries))
            self._allocated = (entries, allocation.exhaustion)
        return self._allocated

    def exhaustion(self) -> VipExhaustion | None:
        if self._exhaustion is _UNKNOWN:
            if self._allocated is None and self._persisted is None:
                # Without persisted VIPs the allocator hands out the CIDR in order:
                # it runs out exactly when more entries need a VIP than it holds.
                if self.view().entries.unaddressed() <= parse_cidr(self._settings.dns_cidr).num_addresses:
                    self._exhaustion = None
                    return None
            self._exhaustion = self.allocated()[1]
        known: VipExhaustion | None = self._exhaustion
        return known

    def published(self) -> tuple[tuple[DnsRecord, ...], tuple[VipOutbound, ...]]:
        if self._published is None:
            settings = self._settings
            if self._inputs.exclusive is not None:
                self._published = ((), ())  # Kuma serves no VIP view in this mesh
            else:
                self._published = publish(self.allocated()[0], settings.dns_domain, settings.service_vip_port)
        return self._published

    def changes(self) -> tuple[Change, ...]:
        if self._changes is None:
            persisted = self._persisted
            self._changes = () if persisted is None else view_changes(persisted, self.allocated()[0])
        return self._changes

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Addressing) and (self.allocated(), self.published(), self.changes()) == (
            other.allocated(),
            other.published(),
            other.changes(),
        )


@record
class MeshResolution:
    """One mesh: its entries in (type, name) order with VIPs, DNS records and events.

    ``exclusive`` is the Mesh (its key) when it sets ``meshServices.mode:
    Exclusive``: Kuma builds and persists the view but serves none of it,
    so such a mesh has no DNS records, VIP outbounds or shadowed names.
    """

    mesh: str
    conflicts: tuple[Conflict, ...]
    failures: tuple[Failure, ...]
    unused: tuple[UnusedPolicy, ...]
    shadowed: tuple[ShadowedName, ...]
    addressing: Addressing
    exclusive: ResourceKey | None = None
    exhausted: tuple[BudgetExhaustion, ...] = ()

    @property
    def served(self) -> bool:
        """Whether proxies get this view (not in a mesh with ``meshServices.mode: Exclusive``)."""
        return self.exclusive is None

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every entry in (type, name) order, with its VIP ("" when none was left)."""
        return self.addressing.allocated()[0]

    @property
    def exhaustion(self) -> VipExhaustion | None:
        """The entries the DNS CIDR had no address left for, if any."""
        return self.addressing.exhaustion()

    @property
    def dns(self) -> tuple[DnsRecord, ...]:
        """The DNS records a transparent proxy gets, sorted by domain."""
        return self.addressing.published()[0]

    @property
    def vip_outbounds(self) -> tuple[VipOutbound, ...]:
        """The listeners on VIPs a transparent proxy gets, in entry order."""
        return self.addressing.published()[1]

    @property
    def changes(self) -> tuple[Change, ...]:
        """Against the persisted view given for this mesh; empty when none was given."""
        return self.addressing.changes()

    def entry(self, key: EntryKey) -> Entry | None:
        for entry in self.entries:
            if entry.key == key:
                return entry
        return None


@record
class Resolution:
    """Every mesh of the run, sorted by name."""

    meshes: tuple[MeshResolution, ...]

    def mesh(self, name: str) -> MeshResolution | None:
        for mesh in self.meshes:
            if mesh.mesh == name:
                return mesh
        return None


def resolve(
    policies: Iterable[PolicyInput],
    dataplanes: Iterable[DataplaneInput],
    zone_ingresses: Iterable[ZoneIngressInput],
    external_services: Iterable[ExternalServiceInput],
    settings: KumaSettings | None = None,
    previous_vips: Mapping[str, Mapping[EntryKey, PersistedEntry]] | None = None,
    jobs: int = 1,
    exclusive: Mapping[str, ResourceKey] | None = None,
    mesh_gateways: Iterable[MeshGatewayInput] = (),
    budgets: Budgets = Budgets(),
) -> Resolution:
    """Resolve every mesh named by a policy, dataplane, external service, remote ingress service,
    MeshGateway or persisted view.

    Meshes resolve independently: with ``jobs`` above one, that many
    processes share them (worth it when only what Kuma logs is read, not
    the entries, which stay behind in the worker that built them).
    ``mesh_gateways`` are the MeshGateways of the run, whose cross-mesh
    listeners Kuma 2.14 adds to the view of every mesh.
    ``exclusive`` maps each mesh with ``meshServices.mode: Exclusive`` to
    its Mesh's key: Kuma builds that mesh's view but does not serve it.
    ``budgets`` bound what resolving may cost.
    Raises ValueError for an invalid CIDR and ``vips.DuplicateVipError`` when a
    persisted view gives one VIP to two entries.
    """
    settings = settings or KumaSettings()
    parse_cidr(settings.dns_cidr)
    previous_vips = previous_vips or {}
    exclusive_meshes = exclusive or {}
    by_name = _by_name
    policies_by_mesh = _group(sorted(policies, key=by_name), lambda item: item.mesh)
    dataplanes_by_mesh = _group(sorted(dataplanes, key=by_name), lambda item: item.mesh)
    external_by_mesh = _group(external_services, lambda item: item.mesh)
    ingresses = sorted(zone_ingresses, key=by_name)
    meshes = set(policies_by_mesh) | set(dataplanes_by_mesh) | set(external_by_mesh)
    # A persisted view says the mesh exists: when nothing of it is left, Kuma
    # still rebuilds it, empty, and logs the removal of every entry.
    meshes.update(previous_vips)
    gateways = sorted(mesh_gateways, key=lambda item: (item.mesh, item.name))
    meshes.update(gateway.mesh for gateway in gateways)
    for ingress in ingresses:
        if ingress.spec.zone and ingress.spec.zone != settings.zone:
            meshes.update(
                service.mesh for service in ingress.spec.available_services if service.mesh
            )
    # Each mesh may spend the run's budget in proportion to its policies: fixed before any
    # mesh resolves, so the result does not depend on which process resolves which mesh.
    all_policies = sum(len(found) for found in policies_by_mesh.values())
    inputs = [
        MeshInputs(
            mesh,
            policies_by_mesh.get(mesh, []),
            dataplanes_by_mesh.get(mesh, []),
            ingresses,
            external_by_mesh.get(mesh, []),
            exclusive_meshes.get(mesh),
            gateways,
            Budgets(budgets.run * len(policies_by_mesh.get(mesh, [])) // max(1, all_policies), budgets.policy_share),
        )
        for mesh in sorted(meshes)
    ]

    def resolve_mesh(index: int) -> MeshResolution:
        mesh = inputs[index]
        view = mesh.view(settings)
        return MeshResolution(
            mesh.mesh,
            view.conflicts,
            view.failures,
            view.unused,
            () if mesh.exclusive is not None else shadowed_names(view.entries, settings.dns_domain),
            Addressing(mesh, settings, previous_vips.get(mesh.mesh), view),
            exclusive=mesh.exclusive,
            exhausted=view.exhausted,
        )

    if jobs > 1 and len(inputs) > 1:
        # Results point back at the inputs and their keys: sent as references, not copies.
        shared: list[object] = []
        for mesh in inputs:
            items: list[PolicyInput | DataplaneInput | ZoneIngressInput | ExternalServiceInput | MeshGatewayInput] = [
                *mesh.policies,
                *mesh.dataplanes,
                *mesh.zone_ingresses,
                *mesh.external_services,
                *mesh.mesh_gateways,
            ]
            shared.extend(items)
            shared.extend(item.ref for item in items if item.ref is not None)
            if mesh.exclusive is not None:
                shared.append(mesh.exclusive)
        return Resolution(tuple(Workers(len(inputs), jobs, resolve_mesh, shared).results()))
    return Resolution(tuple(resolve_mesh(index) for index in range(len(inputs))))


def _by_name(item: PolicyInput | DataplaneInput | ZoneIngressInput) -> str:
    return item.name


def _group(items: Iterable[_Item], mesh_of: Callable[[_Item], str]) -> dict[str, list[_Item]]:
    grouped: dict[str, list[_Item]] = {}
    for item in items:
        grouped.setdefault(mesh_of(item), []).append(item)
    return grouped
