"""A fast yes/no JSON Schema test that says "valid" only when jsonschema would agree.

Most resources of a repository are valid, and jsonschema's general
machinery (reference resolution, error objects, one evolved validator per
value) costs far more than the question "is anything wrong?". This module
compiles a schema into plain closures for the keywords vocheck's schemas
use. A closure returns True only if jsonschema (draft 2020-12, without
format checking) would report no error at all; anything it does not
understand compiles to "cannot tell", and the caller then asks jsonschema,
so the diagnostics are always jsonschema's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Test = Callable[[Any], bool]

# Keywords that never make an instance invalid (annotations, vocheck's extensions).
_ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$defs",
        "$comment",
        "$anchor",
        "definitions",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "format",  # jsonschema checks formats only with a format checker, which vocheck does not pass
        "contentEncoding",
        "contentMediaType",
    }
)
_HANDLED = frozenset(
    {
        "type",
        "const",
        "enum",
        "properties",
        "required",
        "items",
        "additionalProperties",
        "$ref",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "if",
        "then",
        "else",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
    }
)


def _never(instance: Any) -> bool:
    return False


def _always(instance: Any) -> bool:
    return True


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# jsonschema's type checker for draft 2020-12: an integral float is an integer, a bool is neither.
_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "null": lambda value: value is None,
    "boolean": lambda value: isinstance(value, bool),
    "number": _is_number,
    "integer": lambda value: (isinstance(value, int) and not isinstance(value, bool))
    or (isinstance(value, float) and value.is_integer()),
}
_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "object": (dict,),
    "array": (list,),
    "null": (type(None),),
}


class QuickSchema:
    """Compiles one root schema (with its local ``$ref``s) into a Test."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self._root = root
        self._references: dict[str, Test] = {}

    def test(self) -> Test:
        return self._compile(self._root)

    def _compile(self, schema: Any) -> Test:
        if schema is True:
            return _always
        if schema is False or not isinstance(schema, Mapping):
            return _never
        if "$id" in schema and schema is not self._root:
            return _never  # a nested resource changes what "#/..." means
        tests: list[Test] = []
        for keyword in schema:
            if keyword in _ANNOTATIONS or keyword.startswith("x-") or keyword in ("then", "else"):
                continue
            if keyword not in _HANDLED:
                return _never  # an unknown keyword: let jsonschema decide
            tests.append(self._keyword(keyword, schema[keyword], schema))
        if any(test is _never for test in tests):
            return _never
        if not tests:
            return _always
        if len(tests) == 1:
            return tests[0]
        return _all(tuple(tests))

    def _keyword(self, keyword: str, value: Any, schema: Mapping[str, Any]) -> Test:
        if keyword == "type":
            return _type_test(value)
        if keyword == "$ref":
            return self._reference(value)
        if keyword == "properties":
            return self._properties(value)
        if keyword == "additionalProperties":
            return self._additional(value, schema)
        if keyword == "items":
            return self._items(value)
        if keyword == "required":
            return _required(value)
        if keyword in ("const", "enum"):
            return _constant([value] if keyword == "const" else value)
        if keyword == "pattern":
            return _pattern(value)
        if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            return _bound(keyword, value)
        if keyword in ("minLength", "maxLength", "minItems", "maxItems"):
            return _length(keyword, value)
        if keyword == "if":
            return self._conditional(value, schema.get("then", True), schema.get("else", True))
        if keyword in ("allOf", "anyOf", "oneOf"):
            return self._combination(keyword, value)
        # "not": a valid instance of the negated schema is an error; the quick test cannot
        # prove "invalid" (it only proves "valid"), so it cannot help here.
        return _never

    def _reference(self, reference: Any) -> Test:
        if not isinstance(reference, str) or not (reference == "#" or reference.startswith("#/")):
            return _never  # remote documents and anchors are jsonschema's business
        if reference in self._references:
            return self._references[reference]
        compiled: list[Test] = []
        # Recursive schemas refer to themselves: hand out a trampoline first.
        self._references[reference] = lambda instance: compiled[0](instance)
        target = _pointer(self._root, reference[1:])
        compiled.append(_never if target is None else self._compile(target))
        if compiled[0] is _never:
            self._references[reference] = _never
        return self._references[reference]

    def _properties(self, properties: Any) -> Test:
        if not isinstance(properties, Mapping):
            return _never
        tests = {name: self._compile(schema) for name, schema in properties.items()}
        if any(test is _never for test in tests.values()):
            return _never
        checked = {name: test for name, test in tests.items() if test is not _always}

        def test(instance: Any) -> bool:
            if type(instance) is not dict:
                return not isinstance(instance, dict)
            for name, value in instance.items():
                property_test = checked.get(name)
                if property_test is not None and not property_test(value):
                    return False
            return True

        return test

    def _additional(self, additional: Any, schema: Mapping[str, Any]) -> Test:
        if "patternProperties" in schema:
            return _never
        known = frozenset(schema.get("properties", {}))
        extra = self._compile(additional)
        if extra is _always:
            return _always

        def test(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return True
            for name, value in instance.items():
                if name not in known and not extra(value):
                    return False
            return True

        return test

    def _items(self, items: Any) -> Test:
        if not isinstance(items, (Mapping, bool)):
            return _never
        item = self._compile(items)
        if item is _always:
            return _always

        def test(instance: Any) -> bool:
            if not isinstance(instance, list):
                return True
            for value in instance:
                if not item(value):
                    return False
            return True

        return test

    def _conditional(self, condition: Any, then: Any, otherwise: Any) -> Test:
        # The condition must be decided exactly, in both directions: compile it with
        # jsonschema's semantics only when it is a plain const/required/type test.
        decide = _exact(condition)
        then_test, else_test = self._compile(then), self._compile(otherwise)
        if decide is None or then_test is _never or else_test is _never:
            return _never

        def test(instance: Any) -> bool:
            return then_test(instance) if decide(instance) else else_test(instance)

        return test

    def _combination(self, keyword: str, branches: Any) -> Test:
        if not isinstance(branches, list) or not branches:
            return _never
        tests = [self._compile(branch) for branch in branches]
        if keyword == "allOf":
            return _never if any(test is _never for test in tests) else _all(tuple(tests))
        if keyword == "anyOf":
            usable = tuple(test for test in tests if test is not _never)
            return _any(usable) if usable else _never
        # oneOf needs every other branch to fail, which a quick test cannot prove
        # unless each branch decides exactly.
        exact = [_exact(branch) for branch in branches]
        if any(decide is None for decide in exact):
            return _never
        deciders = tuple(decide for decide in exact if decide is not None)
        return lambda instance: sum(1 for decide in deciders if decide(instance)) == 1


def _any(tests: tuple[Test, ...]) -> Test:
    def test(instance: Any) -> bool:
        for each in tests:
            if each(instance):
                return True
        return False

    return test


def _all(tests: tuple[Test, ...]) -> Test:
    def test(instance: Any) -> bool:
        for each in tests:
            if not each(instance):
                return False
        return True

    return test


def _type_test(types: Any) -> Test:
    names = [types] if isinstance(types, str) else types
    if not isinstance(names, list) or not all(name in _TYPES for name in names):
        return _never
    if all(name in _PYTHON_TYPES for name in names):
        # The common case: one isinstance() call; bool is not a subclass of any of these.
        classes = tuple(cls for name in names for cls in _PYTHON_TYPES[name])
        return lambda instance: isinstance(instance, classes)
    checks = tuple(_TYPES[name] for name in names)
    return lambda instance: any(check(instance) for check in checks)


def _required(names: Any) -> Test:
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        return _never
    wanted = tuple(names)

    def test(instance: Any) -> bool:
        if not isinstance(instance, dict):
            return True
        for name in wanted:
            if name not in instance:
                return False
        return True

    return test


def _constant(values: Any) -> Test:
    # jsonschema compares with its own equality (True != 1, 1 == 1.0); only strings are
    # compared here, where Python's equality is the same.
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        return _never
    allowed = frozenset(values)
    return lambda instance: isinstance(instance, str) and instance in allowed


def _pattern(pattern: Any) -> Test:
    if not isinstance(pattern, str):
        return _never
    try:
        compiled = re.compile(pattern)
    except re.error:
        return _never
    return lambda instance: not isinstance(instance, str) or compiled.search(instance) is not None


def _bound(keyword: str, limit: Any) -> Test:
    if not _is_number(limit):
        return _never
    # Written as jsonschema writes them, so that NaN passes exactly as it does there.
    if keyword == "minimum":
        return lambda instance: not _is_number(instance) or not instance < limit
    if keyword == "maximum":
        return lambda instance: not _is_number(instance) or not instance > limit
    if keyword == "exclusiveMinimum":
        return lambda instance: not _is_number(instance) or not instance <= limit
    return lambda instance: not _is_number(instance) or not instance >= limit


def _length(keyword: str, limit: Any) -> Test:
    if not isinstance(limit, int) or isinstance(limit, bool):
        return _never
    kind: type[str] | type[list[Any]] = str if keyword.endswith("Length") else list
    if keyword.startswith("min"):
        return lambda instance: not isinstance(instance, kind) or len(instance) >= limit
    return lambda instance: not isinstance(instance, kind) or len(instance) <= limit


def _exact(schema: Any) -> Test | None:
    """A test that is True exactly when ``schema`` validates, for a few simple shapes."""
    if not isinstance(schema, Mapping):
        return None
    tests: list[Test] = []
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS or keyword.startswith("x-"):
            continue
        if keyword == "required":
            tests.append(_required(value))
        elif keyword == "type":
            tests.append(_type_test(value))
        elif keyword == "properties" and isinstance(value, Mapping):
            nested = {name: _exact(item) for name, item in value.items()}
            if any(test is None for test in nested.values()):
                return None
            tests.append(_exact_properties({name: test for name, test in nested.items() if test is not None}))
        elif keyword in ("const", "enum"):
            tests.append(_constant([value] if keyword == "const" else value))
        else:
            return None
    if any(test is _never for test in tests):
        return None
    return _all(tuple(tests))


def _exact_properties(tests: Mapping[str, Test]) -> Test:
    def test(instance: Any) -> bool:
        if not isinstance(instance, dict):
            return True
        return all(check(instance[name]) for name, check in tests.items() if name in instance)

    return test


def _pointer(root: Mapping[str, Any], pointer: str) -> Any:
    target: Any = root
    for part in pointer.split("/")[1:] if pointer else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, Mapping) or part not in target:
            return None
        target = target[part]
    return target


def quick_test(schema: Mapping[str, Any]) -> Test:
    """A Test for ``schema``: True means jsonschema would find no error."""
    return QuickSchema(schema).test()
