"""One mesh's hostname entries, built from its sources in Kuma's order, and what got lost.

Sources, in order: dataplane inbounds (dataplanes in name order, inbounds in
list order; ``Ignored`` inbounds and port 49151 skipped), the available
services of remote zone ingresses, then external services sorted by name.
Per source: its default service entry, its external-service host entry, then
one fqdn entry per matching VirtualOutbound in match order. Last, the
cross-mesh listeners of the MeshGateways of every mesh. The first outbound
added on a (type, name, port) wins; an identical one merges silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from vocheck.golang.net import split_host_port
from vocheck.kuma.hostnames import is_ip
from vocheck.kuma.netaddr import external_service_port
from vocheck.kuma.host_templates import BudgetSpent, StepBudget
from vocheck.resolve.entries import (
    DATAPLANE,
    EXTERNAL_SERVICE,
    EXTERNAL_SERVICE_PREFIX,
    MESH_GATEWAY,
    MESH_GATEWAY_PREFIX,
    SERVICE_ORIGIN,
    SERVICE_TAG,
    ZONE_INGRESS,
    EntryKey,
    EntryType,
    Source,
)
from vocheck.resolve.events import AMBIGUOUS, BudgetExhaustion, PROCESSING_ORDER, Conflict, Failure, UnusedPolicy
from vocheck.resolve.inputs import (
    KUBERNETES,
    SERVICELESS_PORT,
    Budgets,
    DataplaneInput,
    ExternalServiceInput,
    MeshGatewayInput,
    PolicyInput,
    ZoneIngressInput,
)
from vocheck.settings import KumaSettings
from vocheck.resolve.matching import Match, MatchList, PolicyMatcher, outranks, why_first
from vocheck.resolve.generation import (
    SKIPPED,
    EntryState,
    Failed,
    Generated,
    Identity,
    PolicySpending,
    PolicyTemplates,
    Skipped,
    Slot,
    claim,
    gateway_mesh,
    identity_of,
)
from vocheck.resolve.meshview import MeshView, ViewEntries

IGNORED_STATES = frozenset({"Ignored", "2"})
MESH_TAG = "kuma.io/mesh"
# What a (policy, matching source) pair costs in budget units, a template step costing one: adding
# its outbound, the checks on it and the preview take some 15 us, a template step some 0.3 us.
PAIR_UNITS = 10


class ViewBuilder:
    """Adds sources to one mesh's view and records conflicts and template failures."""

    def __init__(
        self, mesh: str, policies: Sequence[PolicyInput], settings: KumaSettings, budgets: Budgets = Budgets()
    ) -> None:
        self.mesh = mesh
        self.settings = settings
        # One unit per (policy, matching source) pair and per template step; the mesh's
        # share of the run's budget, and no policy more than its own share of that.
        self._budget = budgets.run
        self._left = self._budget
        self._share = min(budgets.policy_share, self._budget)
        self._spending: dict[int, PolicySpending] = {}
        self._stopped_at: PolicyInput | None = None
        self._unresolved = 0
        self._matcher = PolicyMatcher(policies)
        self._entries: dict[EntryKey, EntryState] = {}
        self._conflicts: list[Conflict] = []
        self._failures: list[Failure] = []
        self._matched_lists: dict[int, MatchList] = {}
        self._outcomes: dict[
            tuple[int, tuple[str | None, ...]], tuple[Generated | Failed | Skipped, ...]
        ] = {}
        self._unordered: set[str] = set()
        self._defaults: dict[tuple[str, int], tuple[EntryKey, Mapping[str, str], Identity]] = {}
        self._evaluations: dict[tuple[int, tuple[str | None, ...]], Generated | Failed] = {}
        self._templates: dict[int, PolicyTemplates] = {}

    def add_dataplanes(self, dataplanes: Iterable[DataplaneInput]) -> None:
        service_vips = self.settings.service_vips
        add_default, add_matching = self._add_default, self._add_matching
        for dataplane in dataplanes:
            name, ref = dataplane.name, dataplane.ref
            if dataplane.form == KUBERNETES:
                self._unordered.add(name)
            for index, inbound in enumerate(dataplane.spec.inbounds):
                if inbound.state in IGNORED_STATES or inbound.port == SERVICELESS_PORT:
                    continue
                tags = inbound.tags
                source = Source(DATAPLANE, name, index, ref)
                service = tags.get(SERVICE_TAG, "")
                # Since 2.14 an inbound without kuma.io/service gets no default entry.
                if service_vips and service:
                    add_default(service, 0, source)
                add_matching(tags, source)

    def add_zone_ingresses(self, ingresses: Iterable[ZoneIngressInput]) -> None:
        local_zone = self.settings.zone
        for ingress in ingresses:
            zone = ingress.spec.zone
            if not zone or zone == local_zone:
                continue
            for index, service in enumerate(ingress.spec.available_services):
                source = Source(ZONE_INGRESS, ingress.name, index, ingress.ref)
                if service.mesh == self.mesh and self.settings.service_vips:
                    self._add_default(service.tags.get(SERVICE_TAG, ""), 0, source)
                # Kuma matches services of every mesh here, not only this one.
                self._add_matching(service.tags, source)

    def add_external_services(self, external_services: Iterable[ExternalServiceInput]) -> None:
        for external_service in sorted(external_services, key=lambda item: item.name):
            spec = external_service.spec
            service = spec.tags.get(SERVICE_TAG, "")
            tags = {SERVICE_TAG: service}
            source = Source(EXTERNAL_SERVICE, external_service.name, None, external_service.ref)
            port = external_service_port(spec.address)
            if self.settings.service_vips:
                self._add_default(service, port, source)
            if not spec.disable_host_dns_entry:
                parts = split_host_port(spec.address)
                host = parts[0] if parts is not None else ""
                origin = EXTERNAL_SERVICE_PREFIX + external_service.name
                self._add(
                    EntryKey(EntryType.HOST, host),
                    port,
                    tags,
                    origin,
                    identity_of(origin, port, tags),
                    source,
                    None,
                )
            self._add_matching(tags, source)

    def add_mesh_gateways(self, gateways: Iterable[MeshGatewayInput]) -> None:
        """Cross-mesh listeners of the gateways of every mesh, each on its hostname and port.

        A listener without a concrete hostname (empty, or with a ``*``) is
        published as ``internal.<gateway>.<mesh>.<dns domain>``. Kuma walks the
        meshes in no fixed order, the gateways of one mesh in name order.
        """
        for gateway in sorted(gateways, key=lambda item: (item.mesh, item.name)):
            spec = gateway.spec
            for index, listener in enumerate(spec.listeners):
                if not listener.cross_mesh:
                    continue
                hostname = listener.hostname
                if not hostname or "*" in hostname:
                    hostname = f"internal.{gateway.name}.{gateway.mesh}.{self.settings.dns_domain}"
                origin = f"{MESH_GATEWAY_PREFIX}{gateway.mesh}:{gateway.name}:{hostname}"
                source = Source(MESH_GATEWAY, f"{gateway.mesh}/{gateway.name}", index, gateway.ref)
                for selector in spec.selectors:
                    # Later maps win: the gateway's tags, the listener's, its mesh, then the selector.
                    tags = {**spec.tags, **listener.tags, MESH_TAG: gateway.mesh, **selector}
                    key = EntryKey(EntryType.FQDN, hostname)
                    self._add(key, listener.port, tags, origin, identity_of(origin, listener.port, tags), source, None)

    def build(self) -> MeshView:
        entries = ViewEntries(self._entries)
        used = {
            id(match.policy) for found in self._matched_lists.values() for match in found.matches
        }
        unused = tuple(
            UnusedPolicy(policy.name, policy.ref, policy.creation_time)
            for policy in self._matcher.policies
            if id(policy) not in used
        )
        if self._stopped_at is not None:
            unused = ()  # sources after the stop were never matched: which policies they use is unknown
        by_id = {id(policy): policy for policy in self._matcher.policies}
        exhausted = tuple(
            BudgetExhaustion(policy.name, policy.ref, self._share, False, spending.evaluated, spending.skipped)
            for key, spending in self._spending.items()
            if spending.exhausted
            for policy in (by_id[key],)
        )
        stopped = self._stopped_at
        if stopped is not None:
            # The budget is the mesh's: what it bought is every policy's evaluated pairs.
            evaluated = sum(spending.evaluated for spending in self._spending.values())
            exhausted += (BudgetExhaustion(stopped.name, stopped.ref, self._budget, True, evaluated, self._unresolved),)
        return MeshView(self.mesh, entries, tuple(self._conflicts), tuple(self._failures), unused, exhausted)

    def _add_default(self, service: str, port: int, source: Source) -> None:
        cached = self._defaults.get((service, port))
        if cached is None:
            service_tags = {SERVICE_TAG: service}
            key = EntryKey(EntryType.SERVICE, service)
            cached = (key, service_tags, identity_of(SERVICE_ORIGIN, port, service_tags))
            self._defaults[(service, port)] = cached
        key, tags, identity = cached
        self._add(key, port, tags, SERVICE_ORIGIN, identity, source, None)

    def _add_matching(self, tags: Mapping[str, str], source: Source) -> None:
        if self._stopped_at is not None:
            self._unresolved += 1
            return
        found = self._matcher.match(tags)
        if not found.matches:
            return
        self._left -= PAIR_UNITS * len(found.matches)
        if self._left < 0:
            self._stop(found.matches[0].policy)
            return
        # What the matched templates produce depends only on the tags they read,
        # and many inbounds share those values: evaluate each combination once.
        cache_key = (id(found), tuple(map(tags.get, found.parameter_tags)))
        outcomes = self._outcomes.get(cache_key)
        if outcomes is None:
            outcomes = tuple(self._evaluate(match.policy, tags) for match in found.matches)
            self._outcomes[cache_key] = outcomes
            self._matched_lists[id(found)] = found
        for match, outcome in zip(found.matches, outcomes):
            if outcome is SKIPPED:
                self._spending[id(match.policy)].skipped += 1
                continue
            if isinstance(outcome, Generated):
                self._add(
                    outcome.key,
                    outcome.port,
                    outcome.tags,
                    outcome.origin,
                    outcome.identity,
                    source,
                    match,
                )
            else:
                assert isinstance(outcome, Failed)
                policy = match.policy
                self._failures.append(
                    Failure(
                        policy.name,
                        policy.ref,
                        source,
                        tags,
                        outcome.template,
                        outcome.message,
                        outcome.rendered,
                    )
                )

    def _evaluate(self, policy: PolicyInput, tags: Mapping[str, str]) -> Generated | Failed | Skipped:
        templates = self._templates.get(id(policy))
        if templates is None:
            templates = self._templates[id(policy)] = PolicyTemplates(policy)
        spending = self._spending.get(id(policy))
        if spending is None:
            spending = self._spending[id(policy)] = PolicySpending()
        if spending.exhausted or self._stopped_at is not None:
            return SKIPPED
        # A policy's outcome depends only on the values of its parameters' tags.
        values = tuple(map(tags.get, templates.tag_keys))
        cache_key = (id(policy), values)
        outcome = self._evaluations.get(cache_key)
        if outcome is None:
            budget = StepBudget(max(0, min(self._share - spending.spent, self._left)), "the budget")
            try:
                outcome = templates.evaluate(values, budget)
            except BudgetSpent:
                outcome = None
            spending.spent += budget.spent + PAIR_UNITS
            self._left -= budget.spent
            if outcome is None:
                if self._left <= 0:
                    self._stop(policy)
                else:
                    spending.exhausted = True
                return SKIPPED
            self._evaluations[cache_key] = outcome
        spending.evaluated += 1
        return outcome

    def _stop(self, policy: PolicyInput) -> None:
        """The mesh's budget is spent: no source after this one is resolved."""
        self._stopped_at = policy
        self._spending.setdefault(id(policy), PolicySpending())
        self._unresolved += 1

    def _add(
        self,
        key: EntryKey,
        port: int,
        tags: Mapping[str, str],
        origin: str,
        identity: Identity,
        source: Source,
        match: Match | None,
    ) -> None:
        state = self._entries.get(key)
        if state is None:
            # An external service addressed by IP keeps that IP: no VIP for it.
            address = key.name if key.type is EntryType.HOST and is_ip(key.name) else ""
            state = EntryState(address, {})
            self._entries[key] = state
        slots = state.slots
        existing = slots.get(port)
        if existing is None:
            slots[port] = Slot(port, tags, origin, identity, source, match)
        elif existing.identity == identity:
            existing.contributions += 1
        else:
            self._conflicts.append(self._conflict(key, port, existing, tags, origin, source, match))

    def _conflict(
        self,
        key: EntryKey,
        port: int,
        winner: Slot,
        tags: Mapping[str, str],
        origin: str,
        source: Source,
        match: Match | None,
    ) -> Conflict:
        same_source = (winner.source.kind, winner.source.name, winner.source.index) == (
            source.kind,
            source.name,
            source.index,
        )
        loser_outranks = False
        if same_source and winner.match is not None and match is not None:
            why = why_first(winner.match, match)
        elif (
            winner.source.kind == DATAPLANE == source.kind
            and winner.source.name != source.name
            and (winner.source.name in self._unordered or source.name in self._unordered)
        ):
            # Kubernetes lists dataplanes in no guaranteed order.
            why = AMBIGUOUS
        elif winner.source.kind == MESH_GATEWAY == source.kind and gateway_mesh(winner.source) != gateway_mesh(source):
            # Kuma walks the meshes of the gateways in Go map order: random.
            why = AMBIGUOUS
        else:
            why = PROCESSING_ORDER
        if not same_source and winner.match is not None and match is not None:
            loser_outranks = outranks(match, winner.match)
        if key.type is EntryType.HOST:
            message = (
                f"autogenerated DNS entry {key.name}:{port} from {origin} "
                f"conflicts with existing entry {winner.origin}"
            )
        else:
            message = (
                f"can't add {key.name}:{port} from {origin} because it's already used "
                f"by entity defined in:'{winner.origin}'"
            )
        return Conflict(
            key,
            port,
            claim(winner.origin, winner.source, winner.tags, winner.match),
            claim(origin, source, tags, match),
            why,
            message,
            loser_outranks,
        )






def build_view(
    mesh: str,
    policies: Sequence[PolicyInput],
    dataplanes: Iterable[DataplaneInput],
    zone_ingresses: Iterable[ZoneIngressInput],
    external_services: Iterable[ExternalServiceInput],
    settings: KumaSettings,
    mesh_gateways: Iterable[MeshGatewayInput] = (),
    budgets: Budgets = Budgets(),
) -> MeshView:
    """Build one mesh's view; every input is expected in processing (name) order except ESs.

    ``mesh_gateways`` are the MeshGateways of every mesh, not only this one.
    ``budgets``: what resolving this mesh may cost (``run``: this mesh's share of the run's).
    """
    builder = ViewBuilder(mesh, policies, settings, budgets)
    builder.add_dataplanes(dataplanes)
    builder.add_zone_ingresses(zone_ingresses)
    builder.add_external_services(external_services)
    builder.add_mesh_gateways(mesh_gateways)
    return builder.build()
