"""Selector matching and the order in which VirtualOutbounds claim hostnames."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from resolve_helpers import created, policy

from vocheck.resolve.events import AMBIGUOUS, CREATION_TIME, RANK
from vocheck.resolve.inputs import PolicyInput
from vocheck.resolve.matching import (
    PolicyMatcher,
    Rank,
    best_selector,
    match,
    selector_matches,
    why_first,
)

ANY = {"kuma.io/service": "*"}


def numbered(*selector_lists: tuple[Mapping[str, str], ...]) -> list[PolicyInput]:
    """Policy ``i`` gets the i-th selectors and creationTime 2021-12-12 i:00 UTC."""
    return [
        policy(str(index), *selectors, creation_time=created(index))
        for index, selectors in enumerate(selector_lists)
    ]


# Kuma's pkg/dns/virtual_outbound_selector_test.go
SELECTOR_CASES = [
    ("empty", [], {}, []),
    ("noMatch", [({"kuma.io/service": "a-service"},)], {"kuma.io/service": "b-service"}, []),
    (
        "matchBoth respect order",
        [(ANY,), ({"kuma.io/service": "*", "foo": "bar"},)],
        {"kuma.io/service": "b-service", "foo": "bar"},
        ["1", "0"],
    ),
    (
        "non-matching selector doesn't influence weight",
        [
            (ANY, {"kuma.io/service": "*", "foo": "baz", "bim": "bam"}),
            ({"kuma.io/service": "*", "foo": "bar"},),
        ],
        {"kuma.io/service": "b-service", "foo": "bar"},
        ["1", "0"],
    ),
    (
        "same weight picks newest",
        [(ANY,), (ANY,)],
        {"kuma.io/service": "b-service", "foo": "bar"},
        ["1", "0"],
    ),
]


@pytest.mark.parametrize(
    ("selectors", "tags", "expected"),
    [case[1:] for case in SELECTOR_CASES],
    ids=[case[0] for case in SELECTOR_CASES],
)
def test_kuma_selector_cases(
    selectors: list[tuple[Mapping[str, str], ...]], tags: dict[str, str], expected: list[str]
) -> None:
    policies = numbered(*selectors)
    assert [found.policy.name for found in match(policies, tags)] == expected
    assert [found.policy.name for found in PolicyMatcher(policies).match(tags).matches] == expected


@pytest.mark.parametrize(
    ("selector", "tags", "matches"),
    [
        ({"kuma.io/service": "*"}, {"kuma.io/service": "a"}, True),
        ({"kuma.io/service": "*"}, {"version": "a"}, False),
        ({"kuma.io/service": "a"}, {"kuma.io/service": "ab"}, False),
        ({"kuma.io/service": "a*"}, {"kuma.io/service": "ab"}, False),
        ({"kuma.io/service": "*", "version": "*"}, {"kuma.io/service": "a", "version": ""}, True),
        ({}, {"kuma.io/service": "a"}, True),
    ],
)
def test_selector_matching(selector: dict[str, str], tags: dict[str, str], matches: bool) -> None:
    assert selector_matches(selector, tags) is matches


def test_rank_prefers_more_tags_then_more_exact_values() -> None:
    assert Rank(2, 0) > Rank(1, 1)
    assert Rank(2, 1) > Rank(2, 0)


def test_empty_selector_never_selects() -> None:
    assert best_selector([{}], {"kuma.io/service": "a"}) is None


def test_earlier_selector_wins_a_rank_tie() -> None:
    first = {"kuma.io/service": "*", "a": "*"}
    second = {"kuma.io/service": "*", "b": "*"}
    found = best_selector([first, second], {"kuma.io/service": "x", "a": "1", "b": "2"})
    assert found == (Rank(2, 0), first)


def test_policy_without_creation_time_is_older() -> None:
    timed = policy("b", ANY, creation_time=created(1))
    untimed = policy("a", ANY)
    assert [found.policy.name for found in match([untimed, timed], {"kuma.io/service": "x"})] == [
        "b",
        "a",
    ]


def test_equal_rank_and_time_keep_input_order_and_are_ambiguous() -> None:
    first, second = policy("a", ANY), policy("b", ANY)
    found = match([first, second], {"kuma.io/service": "x"})
    assert [item.policy.name for item in found] == ["a", "b"]
    assert why_first(found[0], found[1]) == AMBIGUOUS


def test_why_first_names_rank_and_creation_time() -> None:
    tags = {"kuma.io/service": "x", "v": "1"}
    old_specific = policy("a", {"kuma.io/service": "*", "v": "*"}, creation_time=created(1))
    young = policy("b", ANY, creation_time=created(3))
    younger = policy("c", ANY, creation_time=created(4))
    found = match([old_specific, young, younger], tags)
    assert [item.policy.name for item in found] == ["a", "c", "b"]
    assert why_first(found[0], found[1]) == RANK
    assert why_first(found[1], found[2]) == CREATION_TIME


def test_indexed_matcher_agrees_with_plain_matching() -> None:
    policies = [
        policy("exact", {"kuma.io/service": "web"}, {"kuma.io/service": "api", "v": "*"}),
        policy("wild", {"kuma.io/service": "*", "v": "2"}),
        policy("other", {"team": "x"}),
    ]
    matcher = PolicyMatcher(policies)
    for tags in [
        {"kuma.io/service": "web"},
        {"kuma.io/service": "api", "v": "1"},
        {"kuma.io/service": "api", "v": "2"},
        {"kuma.io/service": "api"},
        {"kuma.io/service": "db", "v": "2", "team": "x"},
        {"kuma.io/service": "db", "v": "3", "team": "y"},
    ]:
        assert matcher.match(tags).matches == tuple(match(policies, tags)), tags


TAG_KEYS = st.sampled_from(["kuma.io/service", "version", "zone"])
TAG_VALUES = st.sampled_from(["a", "b", "c"])
SELECTORS = st.dictionaries(TAG_KEYS, st.one_of(TAG_VALUES, st.just("*")), min_size=1)


@settings(max_examples=150, deadline=None)
@given(
    selector_lists=st.lists(st.lists(SELECTORS, min_size=1, max_size=3), max_size=6),
    tag_sets=st.lists(st.dictionaries(TAG_KEYS, TAG_VALUES), min_size=1, max_size=8),
)
def test_cached_indexed_matcher_agrees_with_plain_matching(
    selector_lists: list[list[dict[str, str]]], tag_sets: list[dict[str, str]]
) -> None:
    policies = [
        policy(f"p{index}", *selectors, creation_time=created(index % 3))
        for index, selectors in enumerate(selector_lists)
    ]
    matcher = PolicyMatcher(policies)
    for tags in tag_sets:
        assert matcher.match(tags).matches == tuple(match(policies, tags))
