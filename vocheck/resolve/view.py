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

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from vocheck.golang import atoi
from vocheck.golang.net import split_host_port
from vocheck.kuma.hostnames import is_ip
from vocheck.kuma.specs import Conf
from vocheck.kuma.host_templates import BudgetSpent, EvalError, StepBudget, eval_host_data, eval_port_data
from vocheck.resolve.entries import (
    DATAPLANE,
    EXTERNAL_SERVICE,
    EXTERNAL_SERVICE_PREFIX,
    MESH_GATEWAY,
    MESH_GATEWAY_PREFIX,
    SERVICE_ORIGIN,
    SERVICE_TAG,
    VIRTUAL_OUTBOUND_PREFIX,
    ZONE_INGRESS,
    EntryKey,
    EntryType,
    Outbound,
    Source,
)
from vocheck.resolve.events import (
    AMBIGUOUS,
    HOST_TEMPLATE,
    BudgetExhaustion,
    PORT_TEMPLATE,
    PROCESSING_ORDER,
    Claim,
    Conflict,
    Failure,
    UnusedPolicy,
)
from vocheck.resolve.inputs import (
    KUBERNETES,
    SERVICELESS_PORT,
    DataplaneInput,
    ExternalServiceInput,
    MeshGatewayInput,
    PolicyInput,
    Settings,
    ZoneIngressInput,
)
from vocheck.resolve.matching import Match, MatchList, PolicyMatcher, outranks, why_first

_IGNORED_STATES = frozenset({"Ignored", "2"})
MESH_TAG = "kuma.io/mesh"
# What a (policy, matching source) pair costs in budget units, a template step costing one: adding
# its outbound, the checks on it and the preview take some 15 us, a template step some 0.3 us.
PAIR_UNITS = 10
_NO_CONF = Conf()

Identity = tuple[str, int, tuple[tuple[str, str], ...]]
"""An outbound's ``String()`` in Kuma: origin, port and sorted tags."""


@dataclass(frozen=True, slots=True)
class MeshView:
    """The entries of one mesh before VIP allocation (only IP-named hosts have an address)."""

    mesh: str
    entries: ViewEntries
    conflicts: tuple[Conflict, ...]
    failures: tuple[Failure, ...]
    unused: tuple[UnusedPolicy, ...]
    exhausted: tuple[BudgetExhaustion, ...] = ()


class ViewEntries(Mapping[EntryKey, tuple[str, tuple[Outbound, ...]]]):
    """Each entry's preset address and outbounds; outbounds are built when first looked up.

    Checks read only a few entries of a large mesh, the preview all of them.
    """

    __slots__ = ("_states", "_built")

    def __init__(self, states: Mapping[EntryKey, _EntryState]) -> None:
        self._states = states
        self._built: dict[EntryKey, tuple[str, tuple[Outbound, ...]]] = {}

    def __getitem__(self, key: EntryKey) -> tuple[str, tuple[Outbound, ...]]:
        built = self._built.get(key)
        if built is None:
            state = self._states[key]
            outbounds = tuple(
                Outbound(slot.outbound_port, slot.tags, slot.origin, slot.source, slot.contributions)
                for _, slot in sorted(state.slots.items())
            )
            built = self._built[key] = (state.address, outbounds)
        return built

    def __contains__(self, key: object) -> bool:
        return key in self._states

    def __iter__(self) -> Iterator[EntryKey]:
        return iter(self._states)

    def __len__(self) -> int:
        return len(self._states)

    def addresses(self) -> dict[EntryKey, str]:
        """Every entry's preset address ("" unless an IP-named host), without building outbounds."""
        return {key: state.address for key, state in self._states.items()}

    def unaddressed(self) -> int:
        """How many entries need a VIP."""
        return sum(1 for state in self._states.values() if not state.address)


@dataclass(slots=True)
class _Slot:
    outbound_port: int
    tags: Mapping[str, str]
    origin: str
    identity: Identity
    source: Source
    match: Match | None
    contributions: int = 1


@dataclass(slots=True)
class _EntryState:
    address: str
    slots: dict[int, _Slot] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Generated:
    key: EntryKey
    port: int
    tags: Mapping[str, str]
    origin: str
    identity: Identity


@dataclass(frozen=True, slots=True)
class _Failed:
    template: str
    message: str
    rendered: str | None


class _Skipped:
    """Not evaluated: the budget ran out."""


_SKIPPED = _Skipped()


@dataclass(slots=True)
class _PolicySpending:
    spent: int = 0
    evaluated: int = 0
    skipped: int = 0
    exhausted: bool = False


class _PolicyTemplates:
    """One policy's templates, ready to evaluate for the values of its parameters' tags."""

    __slots__ = ("tag_keys", "_names", "_host", "_port", "_origin")

    def __init__(self, policy: PolicyInput) -> None:
        # Validation rejects a policy without conf; Kuma would evaluate empty templates.
        conf = policy.spec.conf or _NO_CONF
        self.tag_keys = tuple(parameter.tag_key_or_name for parameter in conf.parameters)
        self._names = tuple(parameter.name for parameter in conf.parameters)
        self._host = conf.host
        self._port = conf.port
        self._origin = VIRTUAL_OUTBOUND_PREFIX + policy.name

    def evaluate(self, values: tuple[str | None, ...], budget: StepBudget | None = None) -> _Generated | _Failed:
        """What Kuma generates for an inbound whose parameter tags hold ``values`` (None: absent).

        A later parameter with the same name (or tag) overrides an earlier one, as in Kuma.
        Raises BudgetSpent when ``budget`` runs out.
        """
        data = {name: value for name, value in zip(self._names, values) if value is not None}
        try:
            host = eval_host_data(self._host, data, budget=budget)
        except EvalError as error:
            return _Failed(HOST_TEMPLATE, str(error), error.rendered)
        try:
            port = eval_port_data(self._port, data, budget=budget)
        except EvalError as error:
            return _Failed(PORT_TEMPLATE, str(error), error.rendered)
        kept = {key: value for key, value in zip(self.tag_keys, values) if value is not None}
        origin = self._origin
        return _Generated(
            EntryKey(EntryType.FQDN, host), port, kept, origin, identity_of(origin, port, kept)
        )


def identity_of(origin: str, port: int, tags: Mapping[str, str]) -> Identity:
    return (origin, port, tuple(sorted(tags.items())))


def external_service_port(address: str) -> int:
    """The port Kuma reads from ``networking.address``: 0 when it does not parse."""
    parts = split_host_port(address)
    if parts is None:
        return 0
    try:
        value = atoi.parse_int(parts[1], 10, 32)
    except atoi.NumError:
        return 0
    # Kuma converts the int32 to uint32.
    return value % (1 << 32)


class ViewBuilder:
    """Adds sources to one mesh's view and records conflicts and template failures."""

    def __init__(
        self, mesh: str, policies: Sequence[PolicyInput], settings: Settings, budget: int | None = None
    ) -> None:
        self.mesh = mesh
        self.settings = settings
        # One unit per (policy, matching source) pair and per template step; the mesh's
        # share of the run's budget, and no policy more than its own share of that.
        self._budget = settings.run_budget if budget is None else budget
        self._left = self._budget
        self._share = min(settings.policy_share, self._budget)
        self._spending: dict[int, _PolicySpending] = {}
        self._stopped_at: PolicyInput | None = None
        self._unresolved = 0
        self._matcher = PolicyMatcher(policies)
        self._entries: dict[EntryKey, _EntryState] = {}
        self._conflicts: list[Conflict] = []
        self._failures: list[Failure] = []
        self._matched_lists: dict[int, MatchList] = {}
        self._outcomes: dict[
            tuple[int, tuple[str | None, ...]], tuple[_Generated | _Failed | _Skipped, ...]
        ] = {}
        self._unordered: set[str] = set()
        self._defaults: dict[tuple[str, int], tuple[EntryKey, Mapping[str, str], Identity]] = {}
        self._evaluations: dict[tuple[int, tuple[str | None, ...]], _Generated | _Failed] = {}
        self._templates: dict[int, _PolicyTemplates] = {}

    def add_dataplanes(self, dataplanes: Iterable[DataplaneInput]) -> None:
        service_vips = self.settings.service_vips
        add_default, add_matching = self._add_default, self._add_matching
        for dataplane in dataplanes:
            name, ref = dataplane.name, dataplane.ref
            if dataplane.form == KUBERNETES:
                self._unordered.add(name)
            for index, inbound in enumerate(dataplane.spec.inbounds):
                if inbound.state in _IGNORED_STATES or inbound.port == SERVICELESS_PORT:
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
                    hostname = f"internal.{gateway.name}.{gateway.mesh}.{self.settings.domain}"
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
            spending = self._spending[id(stopped)]
            exhausted += (
                BudgetExhaustion(stopped.name, stopped.ref, self._budget, True, spending.evaluated, self._unresolved),
            )
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
            if outcome is _SKIPPED:
                self._spending[id(match.policy)].skipped += 1
                continue
            if isinstance(outcome, _Generated):
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
                assert isinstance(outcome, _Failed)
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

    def _evaluate(self, policy: PolicyInput, tags: Mapping[str, str]) -> _Generated | _Failed | _Skipped:
        templates = self._templates.get(id(policy))
        if templates is None:
            templates = self._templates[id(policy)] = _PolicyTemplates(policy)
        spending = self._spending.get(id(policy))
        if spending is None:
            spending = self._spending[id(policy)] = _PolicySpending()
        if spending.exhausted or self._stopped_at is not None:
            return _SKIPPED
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
                return _SKIPPED
            self._evaluations[cache_key] = outcome
        spending.evaluated += 1
        return outcome

    def _stop(self, policy: PolicyInput) -> None:
        """The mesh's budget is spent: no source after this one is resolved."""
        self._stopped_at = policy
        self._spending.setdefault(id(policy), _PolicySpending())
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
            state = _EntryState(address, {})
            self._entries[key] = state
        slots = state.slots
        existing = slots.get(port)
        if existing is None:
            slots[port] = _Slot(port, tags, origin, identity, source, match)
        elif existing.identity == identity:
            existing.contributions += 1
        else:
            self._conflicts.append(self._conflict(key, port, existing, tags, origin, source, match))

    def _conflict(
        self,
        key: EntryKey,
        port: int,
        winner: _Slot,
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
        elif winner.source.kind == MESH_GATEWAY == source.kind and _gateway_mesh(winner.source) != _gateway_mesh(source):
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
            _claim(winner.origin, winner.source, winner.tags, winner.match),
            _claim(origin, source, tags, match),
            why,
            message,
            loser_outranks,
        )


def _gateway_mesh(source: Source) -> str:
    return source.name.partition("/")[0]


def _claim(origin: str, source: Source, tags: Mapping[str, str], match: Match | None) -> Claim:
    if match is None:
        return Claim(origin, source, tags)
    return Claim(origin, source, tags, match.policy.name, match.policy.ref)


def build_view(
    mesh: str,
    policies: Sequence[PolicyInput],
    dataplanes: Iterable[DataplaneInput],
    zone_ingresses: Iterable[ZoneIngressInput],
    external_services: Iterable[ExternalServiceInput],
    settings: Settings,
    mesh_gateways: Iterable[MeshGatewayInput] = (),
    budget: int | None = None,
) -> MeshView:
    """Build one mesh's view; every input is expected in processing (name) order except ESs.

    ``mesh_gateways`` are the MeshGateways of every mesh, not only this one.
    ``budget``: what resolving this mesh may cost (default: the run's whole budget).
    """
    builder = ViewBuilder(mesh, policies, settings, budget)
    builder.add_dataplanes(dataplanes)
    builder.add_zone_ingresses(zone_ingresses)
    builder.add_external_services(external_services)
    builder.add_mesh_gateways(mesh_gateways)
    return builder.build()
