"""The quick schema test never calls a value valid that jsonschema would reject."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from strategies import JSON_LIKE, SCALARS, fuzz, policies
from vocheck.schema.pretest import quick_test
from vocheck.schema.schemas import builtin_schema, builtin_schema_names

SCHEMAS = [name for name in builtin_schema_names() if name != "config.json"]


def _instances(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values shaped like the schema's own properties, with random values at any depth."""
    names = sorted({key for definition in [schema, *schema.get("$defs", {}).values()] for key in definition.get("properties", {})})
    keys = st.one_of(st.sampled_from(names), st.text(max_size=5))
    values = st.recursive(
        SCALARS,
        lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(keys, children, max_size=4)),
        max_leaves=30,
    )
    kind = schema.get("x-vocheck-kind", "VirtualOutbound")
    base = {"type": kind, "name": "a", "mesh": "m"} if schema.get("x-vocheck-form") == "universal" else {
        "apiVersion": "kuma.io/v1alpha1", "kind": kind, "mesh": "m", "metadata": {"name": "a"}
    }
    return st.one_of(
        st.dictionaries(keys, values, max_size=6).map(lambda extra: {**base, **extra}),
        st.dictionaries(keys, values, max_size=6),
        JSON_LIKE,
    )


@pytest.mark.parametrize("name", SCHEMAS)
def test_quick_valid_means_jsonschema_valid(name: str) -> None:
    schema = builtin_schema(name)
    quick = quick_test(schema)
    validator = Draft202012Validator(schema)

    @fuzz(150)
    @given(_instances(schema))
    def check(instance: Any) -> None:
        if quick(instance):
            assert not list(validator.iter_errors(instance)), instance

    check()


@fuzz(300)
@given(policies())
def test_quick_and_jsonschema_agree_on_policies(policy: dict[str, Any]) -> None:
    schema = builtin_schema("virtualoutbound.universal.json")
    valid = not list(Draft202012Validator(schema).iter_errors(policy))
    # Every keyword in vocheck's VirtualOutbound schema compiles exactly, so the quick
    # test is not only safe but also never needlessly falls back.
    assert quick_test(schema)(policy) == valid, policy


@pytest.mark.parametrize(
    ("schema", "instance", "expected"),
    [
        ({"type": "integer"}, 1.0, True),  # jsonschema counts an integral float as an integer
        ({"type": "integer"}, True, False),
        ({"type": "number"}, float("nan"), True),
        ({"minimum": 0}, float("nan"), True),  # NaN compares false, so jsonschema lets it pass
        ({"const": "a"}, "a", True),
        ({"const": 1}, 1, False),  # not a string: left to jsonschema
        ({"unevaluatedProperties": False}, {}, False),  # unknown keyword: left to jsonschema
        ({"$ref": "#/$defs/x", "$defs": {"x": {"type": "string"}}}, "s", True),
        ({"$ref": "https://example.com/s.json"}, "s", False),
        ({"if": {"required": ["a"]}, "then": {"required": ["b"]}}, {"a": 1}, False),
        ({"if": {"required": ["a"]}, "then": {"required": ["b"]}}, {"c": 1}, True),
        ({"additionalProperties": False, "properties": {"a": {}}}, {"a": 1, "b": 2}, False),
        ({"additionalProperties": False, "properties": {"a": {}}}, {"a": 1}, True),
    ],
)
def test_quick_test_on_jsonschema_corner_cases(schema: dict[str, Any], instance: Any, expected: bool) -> None:
    assert quick_test(schema)(instance) is expected
    if expected:
        assert not list(Draft202012Validator(schema).iter_errors(instance))
