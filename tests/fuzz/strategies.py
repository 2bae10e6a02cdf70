"""Hypothesis strategies shared by the property tests: YAML texts, JSON-like values, policies."""

from __future__ import annotations

import math
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def fuzz(examples: int) -> settings:
    """A fixed number of examples, the same on every run: CI time is bounded and failures reproduce."""
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )


# Scalars that exercise go-yaml's resolution: words that become booleans, numbers in
# every base, NaN and infinities, and plain words.
TRICKY_WORDS = st.sampled_from(
    ["y", "n", "on", "off", "yes", "null", "~", ".nan", ".inf", "-.Inf", "0o17", "0x1F", "1_000", "010",
     "2024-01-01", "1e3", "+1", "-0", "<<", "*", "kuma.io/service", "{{.service}}.mesh", "80", "", " ", "é"]
)
FIELD_NAMES = st.sampled_from(
    ["type", "mesh", "name", "selectors", "match", "conf", "host", "port", "parameters", "tagKey", "tag_key",
     "networking", "address", "inbound", "tags", "servicePort", "labels", "spec", "metadata", "kind", "items"]
)
SCALARS: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    TRICKY_WORDS,
    st.text(max_size=12),
)
JSON_LIKE: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(FIELD_NAMES, st.text(max_size=6)), children, max_size=5),
    ),
    max_leaves=25,
)


def yaml_texts() -> st.SearchStrategy[str]:
    """YAML as PyYAML writes it, in block and flow styles, sometimes several documents."""

    def dump(values: list[Any], flow: bool, width: int) -> str:
        return yaml.safe_dump_all(values, default_flow_style=flow, width=width, allow_unicode=True, sort_keys=False)

    return st.builds(dump, st.lists(JSON_LIKE, min_size=1, max_size=3), st.booleans(), st.sampled_from([20, 80, 1000]))


def _parameter() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"name": st.one_of(TRICKY_WORDS, st.text(max_size=8))},
        optional={"tagKey": st.one_of(TRICKY_WORDS, st.text(max_size=8)), "tagkey": TRICKY_WORDS},
    )


def policies() -> st.SearchStrategy[dict[str, Any]]:
    """VirtualOutbound policies, in the Universal form, valid or not."""
    template = st.one_of(
        st.sampled_from(["{{.service}}.mesh", "{{.v}}.{{.service}}.mesh", "{{.port}}", "8080", "{{", "{{printf \"%d\" 1}}"]),
        st.integers(0, 70000),
        TRICKY_WORDS,
    )
    return st.fixed_dictionaries(
        {"type": st.just("VirtualOutbound"), "mesh": st.one_of(st.just("default"), TRICKY_WORDS), "name": st.text(max_size=10)},
        optional={
            "selectors": st.lists(
                st.fixed_dictionaries({"match": st.dictionaries(st.one_of(FIELD_NAMES, TRICKY_WORDS), SCALARS, max_size=3)}),
                max_size=3,
            ),
            "conf": st.fixed_dictionaries(
                {},
                optional={"host": template, "port": template, "parameters": st.lists(_parameter(), max_size=3)},
            ),
            "spec": JSON_LIKE,
        },
    )


def same_value(left: Any, right: Any) -> bool:
    """Equality where NaN equals NaN."""
    if isinstance(left, float) and isinstance(right, float) and math.isnan(left) and math.isnan(right):
        return True
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same_value(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same_value(a, b) for a, b in zip(left, right))
    return type(left) is type(right) and left == right
