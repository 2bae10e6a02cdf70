"""What Kuma only logs while resolving a mesh: lost entries, template failures, exhaustion."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from vocheck._perf.records import record
from vocheck.resolve.entries import EntryKey, Source
from vocheck.resolve.keys import ResourceKey

# Why the first-added outbound beat a later one on the same (name, port).
RANK = "rank"
CREATION_TIME = "creation-time"
PROCESSING_ORDER = "processing-order"
AMBIGUOUS = "ambiguous"

HOST_TEMPLATE = "host"
PORT_TEMPLATE = "port"


@record
class Claim:
    """One side of a conflict: the outbound an origin tried to add, and where it came from."""

    origin: str
    source: Source
    tags: Mapping[str, str]
    policy: str | None = None
    policy_ref: ResourceKey | None = None


@record
class Conflict:
    """A (name, port) already taken: the loser was dropped, Kuma logged ``message``.

    ``why`` is ``rank``, ``creation-time`` (both from one source, the winner
    matched first), ``processing-order`` (the winner's source was processed
    first) or ``ambiguous`` (the order is one Kuma does not guarantee).
    ``loser_outranks`` is set when the loser's policy has the higher priority
    but lost anyway because its source came later.
    """

    entry: EntryKey
    port: int
    winner: Claim
    loser: Claim
    why: str
    message: str
    loser_outranks: bool = False


@record
class Failure:
    """A policy whose host or port template failed for one source; Kuma skipped that pair."""

    policy: str
    policy_ref: ResourceKey | None
    source: Source
    tags: Mapping[str, str]
    template: str
    message: str
    rendered: str | None


@record
class VipExhaustion:
    """The CIDR ran out: these entries got no address (and so no DNS record or outbound)."""

    cidr: str
    unallocated: tuple[EntryKey, ...]
    message: str = "No addresses left"


@record
class UnusedPolicy:
    """A policy that matched no inbound, ingress service or external service of the run."""

    policy: str
    ref: ResourceKey | None
    creation_time: datetime | None = None


@record
class ShadowedName:
    """An fqdn entry whose name is also a default service domain; DNS resolves it to the fqdn VIP."""

    domain: str
    service: EntryKey
    fqdn: EntryKey
    origins: tuple[str, ...]


@record
class BudgetExhaustion:
    """Resolving ran out of budget at this policy: some of its (or its mesh's) pairs were never evaluated.

    ``whole_mesh``: the mesh's share of the run's budget ran out, and the
    ``skipped`` sources after it were not resolved at all; else the policy
    spent its own ``share`` and ``skipped`` of its pairs were not evaluated.
    ``evaluated`` is how many of its pairs were (of the mesh's, when ``whole_mesh``).
    """

    policy: str
    policy_ref: ResourceKey | None
    share: int
    whole_mesh: bool
    evaluated: int
    skipped: int
