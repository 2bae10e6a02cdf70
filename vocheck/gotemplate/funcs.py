"""Go's builtin template functions over vocheck's value model."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from urllib.parse import quote_plus

from vocheck._perf.records import record
from vocheck.golang.gobytes import from_bytes, normalize, to_bytes
from vocheck.golang.quote import is_print

from .printf import sprint, sprintf, sprintln
from .values import GoStruct, Uint8, Value, is_true, type_name

REFLECT = "reflect.Value"
ANY = "interface {}"
STRING = "string"


class CallError(Exception):
    """A builtin returned an error; the message follows ``error calling NAME: ``."""


@record
class Builtin:
    params: tuple[str, ...]
    variadic: bool
    function: Callable[..., Value]


def _index_arg(index: Value, limit: int) -> int:
    if isinstance(index, int) and not isinstance(index, bool):
        position = int(index)
    elif index is None:
        raise CallError("cannot index slice/array with nil")
    else:
        raise CallError(f"cannot index slice/array with type {type_name(index)}")
    if position < 0 or position > limit:
        raise CallError(f"index out of range: {position}")
    return position


def _map_key(index: Value) -> str:
    if index is None:
        raise CallError("value is nil; should be of type string")
    if not isinstance(index, str):
        raise CallError(f"value has type {type_name(index)}; should be string")
    return index


def index(item: Value, *indexes: Value) -> Value:
    if item is None:
        raise CallError("index of untyped nil")
    for position in indexes:
        if isinstance(item, str):
            data = to_bytes(item)
            offset = _index_arg(position, len(data))
            if offset == len(data):
                raise CallError("reflect: string index out of range")
            item = Uint8(data[offset])
        elif isinstance(item, Mapping):
            item = item.get(_map_key(position), "")
        else:
            raise CallError(f"can't index item of type {type_name(item)}")
    return item


def slice_(item: Value, *indexes: Value) -> Value:
    if item is None:
        raise CallError("slice of untyped nil")
    if len(indexes) > 3:
        raise CallError(f"too many slice indexes: {len(indexes)}")
    if not isinstance(item, str):
        raise CallError(f"can't slice item of type {type_name(item)}")
    if len(indexes) == 3:
        raise CallError("cannot 3-index slice a string")
    data = to_bytes(item)
    bounds = [0, len(data)]
    for position, value in enumerate(indexes):
        bounds[position] = _index_arg(value, len(data))
    if bounds[0] > bounds[1]:
        raise CallError(f"invalid slice index: {bounds[0]} > {bounds[1]}")
    return from_bytes(data[bounds[0] : bounds[1]])


def length(item: Value) -> Value:
    if item is None:
        raise CallError("reflect: call of reflect.Value.Type on zero Value")
    if isinstance(item, str):
        return len(to_bytes(item)) if not item.isascii() else len(item)
    if isinstance(item, Mapping):
        return len(item)
    raise CallError(f"len of type {type_name(item)}")


def not_(value: Value) -> Value:
    return not is_true(value)


_BOOL, _COMPLEX, _INT, _FLOAT, _STRING, _UINT, _INVALID = range(7)


def _kind(value: Value) -> int:
    if isinstance(value, bool):
        return _BOOL
    if isinstance(value, Uint8):
        return _UINT
    if isinstance(value, int):
        return _INT
    if isinstance(value, float):
        return _FLOAT
    if isinstance(value, complex):
        return _COMPLEX
    if isinstance(value, str):
        return _STRING
    return _INVALID


def _mixed_integers(left: Value, right: Value) -> bool:
    assert isinstance(left, int) and isinstance(right, int)
    return int(left) == int(right)


def _string_less(first: str, second: str) -> bool:
    if first.isascii() and second.isascii():
        return first < second
    return to_bytes(first) < to_bytes(second)


def eq(first: Value, *others: Value) -> Value:
    if not others:
        raise CallError("missing argument for comparison")
    first_kind = _kind(first)
    for other in others:
        other_kind = _kind(other)
        if first_kind != other_kind:
            if {first_kind, other_kind} == {_INT, _UINT}:
                truth = _mixed_integers(first, other)
            elif first is not None and other is not None:
                raise CallError(
                    f"incompatible types for comparison: {type_name(first)} and {type_name(other)}"
                )
            else:
                truth = False
        elif first_kind == _STRING:
            assert isinstance(first, str) and isinstance(other, str)
            truth = first == other or normalize(first) == normalize(other)
        elif first_kind != _INVALID:
            truth = first == other
        elif first is None or other is None:
            truth = first is None and other is None
        elif isinstance(first, GoStruct) and isinstance(other, GoStruct) and first.type == other.type:
            truth = first == other  # a struct of strings is comparable, field by field
        else:
            raise CallError(f"non-comparable type {sprint([other])}: {type_name(other)}")
        if truth:
            return True
    return False


def ne(first: Value, second: Value) -> Value:
    return not eq(first, second)


def lt(first: Value, second: Value) -> Value:
    first_kind, second_kind = _kind(first), _kind(second)
    if first_kind == _INVALID or second_kind == _INVALID:
        raise CallError("invalid type for comparison")
    if first_kind != second_kind:
        if {first_kind, second_kind} == {_INT, _UINT}:
            assert isinstance(first, int) and isinstance(second, int)
            return int(first) < int(second)
        raise CallError(f"incompatible types for comparison: {type_name(first)} and {type_name(second)}")
    if first_kind in (_BOOL, _COMPLEX):
        raise CallError("invalid type for comparison")
    if first_kind == _STRING:
        assert isinstance(first, str) and isinstance(second, str)
        return _string_less(first, second)
    return first < second  # type: ignore[operator]


def le(first: Value, second: Value) -> Value:
    return lt(first, second) or eq(first, second)


def gt(first: Value, second: Value) -> Value:
    return not le(first, second)


def ge(first: Value, second: Value) -> Value:
    return not lt(first, second)


def eval_args(args: Sequence[Value]) -> str:
    """Go's ``evalArgs``: one string as is, else ``fmt.Sprint`` with nil as ``<no value>``."""
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return sprint(["<no value>" if value is None else value for value in args])


_HTML = {"\0": "\ufffd", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;"}
_JS = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "=": "\\u003D"}


def html(*args: Value) -> Value:
    text = eval_args(args)
    return "".join(_HTML.get(char, char) for char in text)


def _js_char(char: str) -> str:
    if char in _JS:
        return _JS[char]
    code = ord(char)
    if code < 0x20:
        return f"\\u00{code:02X}"
    if code < 0x80 or "\udc80" <= char <= "\udcff" or is_print(code):
        return char
    return f"\\u{code:04X}"


def js(*args: Value) -> Value:
    return "".join(_js_char(char) for char in eval_args(args))


def urlquery(*args: Value) -> Value:
    return quote_plus(to_bytes(eval_args(args)), safe="")


def print_(*args: Value) -> Value:
    return sprint(args)


def println_(*args: Value) -> Value:
    return sprintln(args)


def printf(format_text: Value, *args: Value) -> Value:
    assert isinstance(format_text, str)
    return sprintf(format_text, args)


def _special(*args: Value) -> Value:
    raise AssertionError("and, or and call are evaluated by the executor")


BUILTINS: dict[str, Builtin] = {
    "and": Builtin((REFLECT, REFLECT), True, _special),
    "or": Builtin((REFLECT, REFLECT), True, _special),
    "call": Builtin((REFLECT, REFLECT), True, _special),
    "html": Builtin((ANY,), True, html),
    "js": Builtin((ANY,), True, js),
    "urlquery": Builtin((ANY,), True, urlquery),
    "print": Builtin((ANY,), True, print_),
    "println": Builtin((ANY,), True, println_),
    "printf": Builtin((STRING, ANY), True, printf),
    "index": Builtin((REFLECT, REFLECT), True, index),
    "slice": Builtin((REFLECT, REFLECT), True, slice_),
    "len": Builtin((REFLECT,), False, length),
    "not": Builtin((REFLECT,), False, not_),
    "eq": Builtin((REFLECT, REFLECT), True, eq),
    "ne": Builtin((REFLECT, REFLECT), False, ne),
    "lt": Builtin((REFLECT, REFLECT), False, lt),
    "le": Builtin((REFLECT, REFLECT), False, le),
    "gt": Builtin((REFLECT, REFLECT), False, gt),
    "ge": Builtin((REFLECT, REFLECT), False, ge),
}
