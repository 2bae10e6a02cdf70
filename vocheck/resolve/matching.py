"""Which VirtualOutbounds select a tag set, and in which order they claim hostnames.

Kuma keeps, per policy, the best-ranked selector that matches, and orders the
matching policies by rank, then youngest ``creationTime`` first. Kuma leaves
the order of policies with equal rank and creation time unspecified; here they
keep the order they were given in (name order).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone

from vocheck._perf.records import record
from vocheck.resolve.entries import SERVICE_TAG
from vocheck.resolve.events import AMBIGUOUS, CREATION_TIME, RANK
from vocheck.resolve.inputs import PolicyInput

WILDCARD = "*"
# Stands for "present, with a value no selector names exactly"; tag values
# cannot contain NUL, so it never collides with a real value.
_OTHER_VALUE = "\x00"
_NO_TIME = (0, datetime.min.replace(tzinfo=timezone.utc))


@record(order=True)
class Rank:
    """A selector's specificity: more tags first, then more exact (non-``*``) values."""

    total: int
    exact: int


@record
class Match:
    """A policy that selects a tag set, through its best-ranked selector."""

    policy: PolicyInput
    rank: Rank
    selector: Mapping[str, str]


def selector_matches(selector: Mapping[str, str], tags: Mapping[str, str]) -> bool:
    """Every selector key present in ``tags`` with the same value, or any value for ``*``."""
    for key, wanted in selector.items():
        value = tags.get(key)
        if value is None or (wanted != WILDCARD and wanted != value):
            return False
    return True


def selector_rank(selector: Mapping[str, str]) -> Rank:
    wildcards = sum(1 for value in selector.values() if value == WILDCARD)
    return Rank(len(selector), len(selector) - wildcards)


def best_selector(
    selectors: Iterable[Mapping[str, str]], tags: Mapping[str, str]
) -> tuple[Rank, Mapping[str, str]] | None:
    """The first matching selector of strictly highest rank; None unless it has a tag."""
    best_rank = Rank(0, 0)
    best: Mapping[str, str] = {}
    for selector in selectors:
        if selector_matches(selector, tags):
            rank = selector_rank(selector)
            if best_rank < rank:
                best_rank, best = rank, selector
    if not best:
        return None
    return best_rank, best


def creation_key(policy: PolicyInput) -> tuple[int, datetime]:
    """Sort key for creation time; a policy without one is older than any that has one."""
    created = policy.creation_time
    if created is None:
        return _NO_TIME
    if created.tzinfo is None:
        created = created.replace(tzinfo=timezone.utc)
    return (1, created)


def order_matches(matches: Iterable[Match]) -> list[Match]:
    """Rank descending, then youngest first; the sort is stable, so ties keep input order."""
    return sorted(matches, key=lambda match: (match.rank, creation_key(match.policy)), reverse=True)


def match(policies: Iterable[PolicyInput], tags: Mapping[str, str]) -> list[Match]:
    """All policies selecting ``tags``, in the order they claim hostnames."""
    found = []
    for policy in policies:
        best = best_selector(policy.spec.selectors, tags)
        if best is not None:
            found.append(Match(policy, best[0], best[1]))
    return order_matches(found)


def why_first(winner: Match, loser: Match) -> str:
    """Why ``winner`` comes before ``loser`` in a match list."""
    if winner.rank != loser.rank:
        return RANK
    if creation_key(winner.policy) != creation_key(loser.policy):
        return CREATION_TIME
    return AMBIGUOUS


def outranks(first: Match, second: Match) -> bool:
    """Whether ``first`` has strictly higher priority than ``second``."""
    return (first.rank, creation_key(first.policy)) > (second.rank, creation_key(second.policy))


@record(eq=False)
class MatchList:
    """The policies selecting one tag set, and every tag their templates read."""

    matches: tuple[Match, ...]
    parameter_tags: tuple[str, ...]


class PolicyMatcher:
    """Matches many tag sets against one mesh's policies, fast.

    Policies whose every selector names an exact ``kuma.io/service`` are only
    tried against tag sets of those services. Results are cached on the
    projection of a tag set onto what the selectors can tell apart: for each
    selector key, absent, one of the exact values selectors name, or "other".
    """

    def __init__(self, policies: Sequence[PolicyInput]) -> None:
        self._policies = tuple(policies)
        self._by_service: dict[str, list[int]] = {}
        self._generic: list[int] = []
        exact_values: dict[str, set[str]] = {}
        for position, policy in enumerate(self._policies):
            services = set()
            indexable = bool(policy.spec.selectors)
            for selector in policy.spec.selectors:
                for key, value in selector.items():
                    values = exact_values.setdefault(key, set())
                    if value != WILDCARD:
                        values.add(value)
                service = selector.get(SERVICE_TAG, WILDCARD)
                if service == WILDCARD:
                    indexable = False
                services.add(service)
            if indexable:
                for service in sorted(services):
                    self._by_service.setdefault(service, []).append(position)
            else:
                self._generic.append(position)
        self._keys = tuple(sorted(exact_values))
        self._exact_values = tuple(frozenset(exact_values[key]) for key in self._keys)
        self._cache: dict[tuple[str | None, ...], MatchList] = {}

    @property
    def policies(self) -> tuple[PolicyInput, ...]:
        return self._policies

    def match(self, tags: Mapping[str, str]) -> MatchList:
        projection = tuple(map(_project, map(tags.get, self._keys), self._exact_values))
        cached = self._cache.get(projection)
        if cached is None:
            matches = tuple(match(self._candidates(tags), tags))
            keys: dict[str, None] = {}
            for found in matches:
                conf = found.policy.spec.conf
                for parameter in conf.parameters if conf is not None else ():
                    keys[parameter.tag_key_or_name] = None
            cached = MatchList(matches, tuple(keys))
            self._cache[projection] = cached
        return cached

    def _candidates(self, tags: Mapping[str, str]) -> list[PolicyInput]:
        positions = self._generic
        service = tags.get(SERVICE_TAG)
        indexed = self._by_service.get(service) if service is not None else None
        if indexed:
            positions = sorted(set(positions).union(indexed))
        return [self._policies[position] for position in positions]


def _project(value: str | None, exact_values: frozenset[str]) -> str | None:
    if value is None or value in exact_values:
        return value
    return _OTHER_VALUE
