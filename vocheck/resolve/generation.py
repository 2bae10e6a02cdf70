"""What one policy generates on one source: an outbound, a failure or nothing, and what its templates spent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field

from vocheck._perf.records import record
from vocheck.kuma.specs import Conf
from vocheck.kuma.host_templates import BudgetSpent, EvalError, StepBudget, eval_host_data, eval_port_data
from vocheck.resolve.entries import VIRTUAL_OUTBOUND_PREFIX, EntryKey, EntryType, Source
from vocheck.resolve.events import HOST_TEMPLATE, PORT_TEMPLATE, Claim
from vocheck.resolve.inputs import PolicyInput
from vocheck.resolve.matching import Match


NO_CONF = Conf()

Identity = tuple[str, int, tuple[tuple[str, str], ...]]
"""An outbound's ``String()`` in Kuma: origin, port and sorted tags."""


def identity_of(origin: str, port: int, tags: Mapping[str, str]) -> Identity:
    return (origin, port, tuple(sorted(tags.items())))


@record(frozen=False)
class Slot:
    outbound_port: int
    tags: Mapping[str, str]
    origin: str
    identity: Identity
    source: Source
    match: Match | None
    contributions: int = 1


@record(frozen=False)
class EntryState:
    address: str
    slots: dict[int, Slot] = field(default_factory=dict)


@record
class Generated:
    key: EntryKey
    port: int
    tags: Mapping[str, str]
    origin: str
    identity: Identity


@record
class Failed:
    template: str
    message: str
    rendered: str | None


class Skipped:
    """Not evaluated: the budget ran out."""


SKIPPED = Skipped()


@record(frozen=False)
class PolicySpending:
    spent: int = 0
    evaluated: int = 0
    skipped: int = 0
    exhausted: bool = False


class PolicyTemplates:
    """One policy's templates, ready to evaluate for the values of its parameters' tags."""

    __slots__ = ("tag_keys", "_names", "_host", "_port", "_origin")

    def __init__(self, policy: PolicyInput) -> None:
        # Validation rejects a policy without conf; Kuma would evaluate empty templates.
        conf = policy.spec.conf or NO_CONF
        self.tag_keys = tuple(parameter.tag_key_or_name for parameter in conf.parameters)
        self._names = tuple(parameter.name for parameter in conf.parameters)
        self._host = conf.host
        self._port = conf.port
        self._origin = VIRTUAL_OUTBOUND_PREFIX + policy.name

    def evaluate(self, values: tuple[str | None, ...], budget: StepBudget | None = None) -> Generated | Failed:
        """What Kuma generates for an inbound whose parameter tags hold ``values`` (None: absent).

        A later parameter with the same name (or tag) overrides an earlier one, as in Kuma.
        Raises BudgetSpent when ``budget`` runs out.
        """
        data = {name: value for name, value in zip(self._names, values) if value is not None}
        try:
            host = eval_host_data(self._host, data, budget=budget)
        except EvalError as error:
            return Failed(HOST_TEMPLATE, str(error), error.rendered)
        try:
            port = eval_port_data(self._port, data, budget=budget)
        except EvalError as error:
            return Failed(PORT_TEMPLATE, str(error), error.rendered)
        kept = {key: value for key, value in zip(self.tag_keys, values) if value is not None}
        origin = self._origin
        return Generated(
            EntryKey(EntryType.FQDN, host), port, kept, origin, identity_of(origin, port, kept)
        )


def gateway_mesh(source: Source) -> str:
    return source.name.partition("/")[0]


def claim(origin: str, source: Source, tags: Mapping[str, str], match: Match | None) -> Claim:
    if match is None:
        return Claim(origin, source, tags)
    return Claim(origin, source, tags, match.policy.name, match.policy.ref)
