"""``record`` classes behave as the frozen slotted dataclasses they stand in for.

Each case defines the same class twice, once with ``dataclass(frozen=True,
slots=True, ...)`` and once with ``record``, and holds every behaviour a caller
can see to be the same: construction and defaults, repr, equality, hash,
order, refusal to change, ``dataclasses`` introspection, ``replace``, pattern
matching, pickling and copying.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import FrozenInstanceError, dataclass, field
from typing import Any

import pytest

from vocheck import Finding, Severity, Span
from vocheck.model import Diagnostic
from vocheck._perf.records import _COMPILE_AFTER, record


@dataclass(frozen=True, slots=True)
class DataPlace:
    """A place."""

    line: int
    column: int
    note: str = field(default="", compare=False, repr=False)
    tags: tuple[str, ...] = field(default_factory=tuple)
    seen: list[int] = field(default_factory=list, init=False, compare=False)


@record
class RecordPlace:
    """A place."""

    line: int
    column: int
    note: str = field(default="", compare=False, repr=False)
    tags: tuple[str, ...] = field(default_factory=tuple)
    seen: list[int] = field(default_factory=list, init=False, compare=False)


@dataclass(frozen=True, slots=True, order=True)
class DataOrdered:
    """A place, ordered."""

    line: int
    column: int
    note: str = field(default="", compare=False, repr=False)
    tags: tuple[str, ...] = field(default_factory=tuple)
    seen: list[int] = field(default_factory=list, init=False, compare=False)


@record(order=True)
class RecordOrdered:
    """A place, ordered."""

    line: int
    column: int
    note: str = field(default="", compare=False, repr=False)
    tags: tuple[str, ...] = field(default_factory=tuple)
    seen: list[int] = field(default_factory=list, init=False, compare=False)


@dataclass(frozen=True, slots=True, eq=False)
class DataIdentity:
    """A place equal only to itself."""

    line: int


@record(eq=False)
class RecordIdentity:
    """A place equal only to itself."""

    line: int


ARGUMENTS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((1, 2), {}),
    ((1, 2), {"note": "a"}),
    ((1, 3), {"tags": ("k", "v")}),
    ((), {"line": 2, "column": 1}),
]
PAIRS = {False: (DataPlace, RecordPlace), True: (DataOrdered, RecordOrdered)}


def _shown(value: object) -> str:
    """The repr without the class name, which differs between the two definitions."""
    return repr(value).split("(", 1)[1]


@pytest.mark.parametrize("order", [False, True])
def test_a_record_compares_hashes_orders_and_shows_as_its_dataclass(order: bool) -> None:
    reference, stand_in = PAIRS[order]
    made = [(reference(*args, **kwargs), stand_in(*args, **kwargs)) for args, kwargs in ARGUMENTS]
    for expected, actual in made:
        assert _shown(actual) == _shown(expected)
        assert actual.__match_args__ == expected.__match_args__
        assert [f.name for f in dataclasses.fields(actual)] == [f.name for f in dataclasses.fields(expected)]
        assert dataclasses.asdict(actual) == dataclasses.asdict(expected)
        assert _shown(dataclasses.replace(actual, column=9)) == _shown(dataclasses.replace(expected, column=9))
    for (expected_a, actual_a) in made:
        for (expected_b, actual_b) in made:
            assert (actual_a == actual_b) == (expected_a == expected_b)
            if order:
                assert (actual_a < actual_b) == (expected_a < expected_b)
                assert (actual_a >= actual_b) == (expected_a >= expected_b)
    assert [hash(actual) for _, actual in made] == [hash(expected) for expected, _ in made]
    assert made[0][1] == made[1][1]  # "note" is not compared
    assert made[0][1] != made[0][0]  # another class, even of the same fields


def test_a_record_refuses_change_pickles_copies_and_matches() -> None:
    stand_in = RecordOrdered
    value = stand_in(1, 2, note="n", tags=("a", "b"))
    with pytest.raises(FrozenInstanceError):
        value.line = 3  # type: ignore[attr-defined]
    with pytest.raises(FrozenInstanceError):
        del value.line  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        object.__getattribute__(value, "__dict__")
    assert pickle.loads(pickle.dumps(value)) == value
    assert copy.deepcopy(value) == value and copy.copy(value) == value
    assert value.seen == [] and stand_in(1, 2).seen is not value.seen  # a fresh default per instance
    match value:
        case stand_in(1, column):  # type: ignore[misc]
            assert column == 2
        case _:
            pytest.fail("a record matches by position, as a dataclass does")


def test_an_identity_record_is_equal_only_to_itself() -> None:
    one, other = RecordIdentity(1), RecordIdentity(1)
    assert one == one and one != other
    assert hash(one) == object.__hash__(one)
    assert (DataIdentity(1) == DataIdentity(1)) is False  # as the dataclass with eq=False


def test_a_mutable_record_changes_and_is_not_hashable() -> None:
    @record(frozen=False)
    class Tally:
        """Counts."""

        files: int = 0

    tally = Tally()
    tally.files += 1
    assert tally == Tally(1) and repr(tally) == "test_a_mutable_record_changes_and_is_not_hashable.<locals>.Tally(files=1)"
    with pytest.raises(TypeError):
        hash(tally)


def test_a_record_keeps_methods_it_writes_itself() -> None:
    @record
    class Named:
        """A name shown its own way."""

        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

    assert repr(Named("x")) == "<x>" and Named("x") == Named("x")


def test_a_record_is_defined_without_compiling_its_methods() -> None:
    """The point of records: defining one compiles nothing; a method is written when it is used.

    ``__init__`` fills in the first instances itself and is compiled once a run makes more.
    """

    @record(order=True)
    class Lazy:
        """Two numbers."""

        a: int
        b: int = 0

    assert Lazy.__lt__.__code__.co_name == "stand_in"
    made = [Lazy(number) for number in range(_COMPILE_AFTER)]
    assert Lazy.__init__.__code__.co_name == "stand_in"
    made.append(Lazy(99, b=1))
    assert Lazy.__init__.__code__.co_name == "__init__"  # compiled on the next instance, and kept
    assert sorted(reversed(made)) == made and Lazy.__lt__.__code__.co_name == "__lt__"
    assert made[:2] == [Lazy(0, 0), Lazy(1)] and made[-1] == Lazy(99, 1)


# Calls as a caller may write them, right and wrong: a record's first instances (filled in
# without a compiled __init__) and a dataclass's take and refuse the same.
CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((1, 2), {}),
    ((1,), {"column": 2, "note": "n"}),
    ((), {"column": 2, "line": 1, "tags": ("t",)}),
    ((1, 2, "n", ("t",)), {}),
    ((1, 2, "n", ("t",), [5]), {}),  # one positional argument too many
    ((1,), {}),  # "column" missing
    ((1, 2), {"line": 3}),  # "line" given twice
    ((1, 2), {"seen": [1]}),  # not an __init__ parameter
    ((1, 2), {"colour": "red"}),
]


@pytest.mark.parametrize(("arguments", "keywords"), CALLS)
def test_a_records_first_instances_take_and_refuse_what_its_dataclass_does(
    arguments: tuple[Any, ...], keywords: dict[str, Any]
) -> None:
    @record
    class Place:
        """A place."""

        line: int
        column: int
        note: str = field(default="", compare=False, repr=False)
        tags: tuple[str, ...] = field(default_factory=tuple)
        seen: list[int] = field(default_factory=list, init=False, compare=False)

    try:
        expected = DataPlace(*arguments, **keywords)
    except TypeError as refused:
        with pytest.raises(TypeError) as raised:
            Place(*arguments, **keywords)
        assert str(raised.value).split("__init__()")[1] == str(refused).split("__init__()")[1]
        return
    made = Place(*arguments, **keywords)
    assert Place.__init__.__code__.co_name == "stand_in"  # filled in, not compiled
    assert _shown(made) == _shown(expected) and (made.note, made.seen) == (expected.note, expected.seen)


def test_the_plugin_api_values_stay_dataclasses_plugins_can_replace() -> None:
    finding = Finding("message", ("conf", "host"))
    assert dataclasses.is_dataclass(finding)
    assert dataclasses.replace(finding, message="other") == Finding("other", ("conf", "host"))
    diagnostic = Diagnostic("a.yaml", 1, 2, "VO101", "m", severity=Severity.WARNING)
    assert dataclasses.replace(diagnostic, severity=Severity.ERROR) == diagnostic  # severity is not compared
    assert Span(1, 2, 1, 3) < Span(1, 3, 1, 4)


def test_a_record_reads_its_fields_when_first_asked_and_says_what_it_is() -> None:
    @record(order=True)
    class Late:
        """Fields read on demand."""

        a: int
        b: tuple[int, ...] = field(default_factory=tuple, compare=False)

    assert not isinstance(Late.__dict__["__dataclass_fields__"], dict)  # nothing read yet
    parameters = Late.__dataclass_params__  # type: ignore[attr-defined]
    assert (parameters.frozen, parameters.eq, parameters.order, parameters.init) == (True, True, True, True)
    assert isinstance(Late.__dict__["__dataclass_fields__"], dict)
    assert [item.name for item in dataclasses.fields(Late)] == ["a", "b"]
    assert Late(1, (2,)) == Late(1)


def test_a_frozen_dataclass_may_extend_a_record() -> None:
    @dataclass(frozen=True)
    class Extended(RecordPlace):
        extra: int = 0

    value = Extended(1, 2, extra=3)
    assert (value.line, value.column, value.extra) == (1, 2, 3)
    with pytest.raises(FrozenInstanceError):
        value.extra = 4  # type: ignore[misc]


@pytest.mark.parametrize("annotation", ["ClassVar[int]", "InitVar[int]"])
def test_a_record_refuses_what_would_not_be_a_field(annotation: str) -> None:
    with pytest.raises(TypeError, match="no ClassVar"):
        record(type("Odd", (), {"__annotations__": {"a": annotation}, "__module__": __name__}))


@pytest.mark.parametrize("default", [[], {}, set(), field(default=[])])
def test_a_mutable_default_is_refused_when_the_record_is_defined(default: Any) -> None:
    namespace = {"__annotations__": {"a": "list[int]"}, "__module__": __name__, "a": default}
    with pytest.raises(ValueError, match="mutable default"):
        record(type("Shared", (), namespace))


def _defined(namespace: dict[str, Any], **options: Any) -> type:
    """A record made from a class body given as a namespace."""
    return record(**options)(type("Made", (), {"__module__": __name__, "__doc__": "Made.", **namespace}))


def _data(namespace: dict[str, Any], **options: Any) -> type:
    return dataclass(frozen=True, slots=True, **options)(type("Made", (), {"__module__": __name__, **namespace}))


@pytest.mark.parametrize(
    ("namespace", "options"),
    [
        ({"__annotations__": {"a": "int", "b": "int"}, "a": 0}, {}),  # a field without a default after one with
        ({"__annotations__": {"a": "int", "b": "int"}, "a": field(default_factory=int)}, {}),
        ({"__annotations__": {"a": "int"}}, {"order": True, "eq": False}),
        ({"__annotations__": {"a": "int"}, "__setattr__": lambda self, name, value: None}, {}),
    ],
    ids=["default-then-required", "factory-then-required", "order-without-eq", "own-setattr"],
)
def test_what_a_dataclass_refuses_at_definition_a_record_refuses_there(namespace: dict[str, Any], options: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        _data(dict(namespace), **options)
    with pytest.raises((TypeError, ValueError)):
        _defined(dict(namespace), **options)


def test_a_keyword_only_field_is_refused_where_a_record_cannot_offer_it() -> None:
    with pytest.raises(TypeError, match="keyword-only"):
        _defined({"__annotations__": {"a": "int"}, "a": field(kw_only=True)})


@pytest.mark.parametrize("names", [("self", "b"), ("_set", "b"), ("_missing", "t"), ("other", "b")])
def test_any_field_name_works_past_the_first_instances(names: tuple[str, str]) -> None:
    """Field names that the compiled __init__ could confuse with its own (self, helpers) stay fields."""
    namespace = {"__annotations__": {names[0]: "int", names[1]: "tuple[int, ...]"}, names[1]: field(default_factory=tuple)}
    made, reference = _defined(dict(namespace)), _data(dict(namespace))
    for number in range(_COMPILE_AFTER + 3):
        assert _shown(made(number)) == _shown(reference(number))
        assert _shown(made(**{names[0]: number, names[1]: (1,)})) == _shown(reference(**{names[0]: number, names[1]: (1,)}))


def test_a_self_keyword_is_refused_as_a_dataclass_refuses_it() -> None:
    namespace = {"__annotations__": {"a": "int"}}
    made, reference = _defined(dict(namespace)), _data(dict(namespace))
    with pytest.raises(TypeError) as expected:
        reference(zz=1, self=2)
    with pytest.raises(TypeError) as raised:
        made(zz=1, self=2)
    assert str(raised.value).split("__init__()")[1] == str(expected.value).split("__init__()")[1]


def test_a_record_that_writes_eq_keeps_its_hash_and_its_own_state() -> None:
    @record
    class Compared:
        """Equal by "a" only, as the class says."""

        a: int
        b: int = 0

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Compared) and other.a == self.a

        def __getstate__(self) -> list[Any]:
            return [self.a, -1]

    assert hash(Compared(1)) == hash(Compared(1)) and Compared(1, 2) == Compared(1, 3)
    assert copy.copy(Compared(1, 5)).b == -1  # its own state, not the record's


def test_a_frozen_dataclass_extending_a_record_keeps_its_own_fields_through_pickle_and_copy() -> None:
    scored = ScoredFinding("m", ("spec",), score=7)
    for again in (pickle.loads(pickle.dumps(scored)), copy.deepcopy(scored), copy.copy(scored)):
        assert again == scored and again.score == 7


@dataclass(frozen=True)
class ScoredFinding(Finding):
    """What a plugin may make of the API's Finding: a frozen dataclass with a field of its own."""

    score: int = 0


@pytest.mark.parametrize(
    "namespace",
    [
        {"__annotations__": {"registry": "ClassVar[list[int]]"}, "registry": []},  # a ClassVar with a shared default
        {"__annotations__": {"a": "int", "_": "KW_ONLY", "b": "int"}, "a": 0},  # valid in a dataclass, not a record
    ],
    ids=["classvar-with-list", "kw-only-marker"],
)
def test_what_is_not_a_field_is_refused_as_such_before_the_fields_are_read(namespace: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="no ClassVar, InitVar or KW_ONLY"):
        _defined(namespace)


@pytest.mark.parametrize("cls", [DataPlace, RecordPlace])
def test_a_method_taken_before_its_first_call_keeps_working(cls: type) -> None:
    """``map(P.__repr__, ...)`` or a bound ``__eq__`` kept aside: the record writes its method once, both go on."""
    fresh = record(type("Fresh", (), {"__module__": __name__, "__annotations__": {"x": "int"}})) if cls is RecordPlace else cls
    a, b = (fresh(1), fresh(2)) if cls is RecordPlace else (cls(1, 2), cls(3, 4))
    shown, equal, hashed = fresh.__repr__, a.__eq__, fresh.__hash__
    assert [shown(a), shown(b)] == [repr(a), repr(b)]
    assert (equal(a), equal(a), equal(b)) == (True, True, False)
    assert hashed(a) == hashed(a) == hash(a)
    initialise = fresh.__init__
    for made in range(_COMPILE_AFTER + 3):  # past the first instances, through a reference taken before
        value = fresh.__new__(fresh)
        initialise(value, *((made,) if cls is RecordPlace else (made, made)))
        assert value == (fresh(made) if cls is RecordPlace else cls(made, made))


def test_threads_racing_to_write_a_records_methods_all_get_them() -> None:
    import sys

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch often: a race shows within a few trials
    failures: list[BaseException] = []
    try:
        _race(failures)
    finally:
        sys.setswitchinterval(interval)
    assert failures == []


def _race(failures: list[BaseException]) -> None:
    import threading

    for _ in range(100):
        fresh = record(type("Raced", (), {"__module__": __name__, "__annotations__": {"x": "int"}}))
        start = threading.Barrier(6)

        def use(cls: Any = fresh) -> None:
            start.wait()
            try:
                values = [cls(number) for number in range(_COMPILE_AFTER + 2)]
                assert values[0] == cls(0) and hash(values[1]) == hash(cls(1)) and repr(values[2]) == "Raced(x=2)"
            except BaseException as error:  # noqa: BLE001 - collected for the assertion below
                failures.append(error)

        threads = [threading.Thread(target=use) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
