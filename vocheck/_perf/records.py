"""Frozen slotted dataclasses that read their fields and write their methods when first used.

``dataclass(frozen=True, slots=True)`` reads every field and compiles source
text for ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__`` and
``__delattr__`` (four more with ``order=True``) as each class is defined: about
half a millisecond per class, the largest single cost of a one-file ``vocheck
check`` once the classes of every module it imports are counted. A ``record``
is the same dataclass to its callers (``dataclasses.fields``, ``replace`` and
``asdict`` work, it is ``is_dataclass``, a frozen dataclass may extend it) with
the same behaviour (equality, hash, order and repr over the compared fields,
refusal to change, pickling), but the dataclass machinery reads its fields when
something first asks for them, and each method is compiled the first time it is
called: a run pays for the classes and methods it uses and no others. A class's
first instances are even filled in without compiling an ``__init__``, since most
classes a short run uses are made a handful of times. Once written, a method is
the one a dataclass would have had, so instances cost the same. What the dataclass
machinery refuses when a class is defined (a mutable default, a field without a
default after one with ...), a record refuses then too.

Measured: a one-file ``vocheck check`` went from 570 to 282 million instructions
with this and the other start-up work (README, "Start-up").
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, field
from typing import TYPE_CHECKING, Any, TypeVar, overload

_Class = TypeVar("_Class", bound=type)

# The methods written on demand, and the rich comparisons ``order=True`` adds.
_ORDER = {"__lt__": "<", "__le__": "<=", "__gt__": ">", "__ge__": ">="}


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


# The fields of each class pickled or copied, by class: a subclass (a dataclass extending
# a record) has fields its record does not, and slots that name only its own.
_STATE_FIELDS: dict[type, tuple[str, ...]] = {}


def _state_fields(cls: type) -> tuple[str, ...]:
    names = _STATE_FIELDS.get(cls)
    if names is None:
        names = _STATE_FIELDS[cls] = tuple(item.name for item in dataclasses.fields(cls))
    return names


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, name) for name in _state_fields(self.__class__)]


def _setstate(self: Any, state: list[Any]) -> None:
    for name, value in zip(_state_fields(self.__class__), state):
        object.__setattr__(self, name, value)


def _replace(self: Any, /, **changes: Any) -> Any:
    return dataclasses.replace(self, **changes)


def _initializer(cls: type, fields: tuple[Field[Any], ...]) -> Callable[..., None]:
    # The source's own names are dunder names no field can have (a field may be called "self").
    scope: dict[str, Any] = {"__record_set__": object.__setattr__, "__record_missing__": MISSING}
    parameters: list[str] = []
    body: list[str] = []
    for number, item in enumerate(fields):
        name = item.name
        factory, default = f"__record_factory_{number}__", f"__record_default_{number}__"
        if item.default_factory is not MISSING:
            # As dataclasses do: a fresh value per instance unless one is given.
            scope[factory] = item.default_factory
            if item.init:
                parameters.append(f"{name}=__record_missing__")
                given = f"{factory}() if {name} is __record_missing__ else {name}"
                body.append(f"__record_set__(__record_self__, {name!r}, {given})")
            else:
                body.append(f"__record_set__(__record_self__, {name!r}, {factory}())")
            continue
        if item.default is not MISSING:
            scope[default] = item.default
        if not item.init:
            if item.default is not MISSING:
                body.append(f"__record_set__(__record_self__, {name!r}, {default})")
            continue
        parameters.append(name if item.default is MISSING else f"{name}={default}")
        body.append(f"__record_set__(__record_self__, {name!r}, {name})")
    source = "".join(f"\n    {line}" for line in body) or "\n    pass"
    return _compiled(cls, "__init__", f"def __init__(__record_self__, {', '.join(parameters)}):{source}\n", scope)


def _values(names: list[str], of: str) -> str:
    return "(" + "".join(f"{of}.{name}, " for name in names) + ")"


def _method(cls: type, name: str) -> Callable[..., Any]:
    """The dataclass method ``name`` of ``cls``, compiled now."""
    fields: tuple[Field[Any], ...] = dataclasses.fields(cls)
    if name == "__init__":
        return _initializer(cls, fields)
    if name == "__repr__":
        shown = ", ".join(f"{item.name}={{self.{item.name}!r}}" for item in fields if item.repr)
        source = f'def __repr__(self):\n    return f"{{self.__class__.__qualname__}}({shown})"\n'
        return _compiled(cls, name, source, {})
    compared = [item.name for item in fields if item.compare]
    if name == "__hash__":
        hashed = [item.name for item in fields if (item.compare if item.hash is None else item.hash)]
        return _compiled(cls, name, f"def __hash__(self):\n    return hash({_values(hashed, 'self')})\n", {})
    operator = "==" if name == "__eq__" else _ORDER[name]
    source = (
        f"def {name}(self, other):\n"
        f"    if other.__class__ is self.__class__:\n"
        f"        return {_values(compared, 'self')} {operator} {_values(compared, 'other')}\n"
        f"    return NotImplemented\n"
    )
    return _compiled(cls, name, source, {})


def _compiled(cls: type, name: str, source: str, scope: dict[str, Any]) -> Callable[..., Any]:
    exec(source, scope)
    method: Callable[..., Any] = scope[name]
    method.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(method, _WRITTEN, True)
    return method


_WRITTEN = "_written_for_a_record"  # marks the methods records write, once written


def _written(cls: type, name: str, stand_in: object) -> Callable[..., Any]:
    """The record method ``name`` for an instance of ``cls``: written now if its record still has ``stand_in``.

    A reference taken before the method was written (``P.__repr__``, a bound
    ``__eq__``), or a thread that came second, finds the method already written.
    """
    for klass in cls.__mro__:
        held: Callable[..., Any] | None = klass.__dict__.get(name)
        if held is stand_in:
            method = _method(klass, name)
            setattr(klass, name, method)
            return method
        if held is not None and getattr(held, _WRITTEN, False):
            return held
    raise TypeError(f"no record in {cls.__qualname__} holds this {name}")  # only if the stand-in was copied elsewhere


def _shared_stand_in(name: str) -> Callable[..., Any]:
    """The stand-in every record has for method ``name`` until its first call writes the record's own."""

    def stand_in(self: Any, /, *arguments: Any, **keywords: Any) -> Any:
        return _written(self.__class__, name, stand_in)(self, *arguments, **keywords)

    stand_in.__name__ = stand_in.__qualname__ = name
    return stand_in


# Shared by every record: one function per method, not one per method per class.
_STAND_INS = {name: _shared_stand_in(name) for name in ("__repr__", "__eq__", "__hash__", *_ORDER)}


# A class made only a few times in a run costs less to fill in field by field than
# to compile an ``__init__`` for (a compile costs what some thirty fillings do); past
# this many instances the compiled one takes over.
_COMPILE_AFTER = 16


def _deferred_init(qualname: str, names: tuple[str, ...], parameters: tuple[str, ...], defaults: dict[str, Any]) -> Callable[..., None]:
    """The ``__init__`` of a record's first instances: it fills them in itself, then hands over to the compiled one."""
    rest = tuple(name for name in names if name not in parameters) if len(names) != len(parameters) else ()
    made = 0

    def stand_in(self: Any, /, *arguments: Any, **keywords: Any) -> None:
        nonlocal made
        made += 1
        if made <= _COMPILE_AFTER and _filled(self, parameters, rest, defaults, arguments, keywords):
            return
        # A call the compiled __init__ would refuse goes to it too, for its exact error.
        _written(self.__class__, "__init__", stand_in)(self, *arguments, **keywords)

    stand_in.__name__ = "__init__"
    stand_in.__qualname__ = f"{qualname}.__init__"
    return stand_in


def _filled(
    self: object,
    parameters: tuple[str, ...],
    rest: tuple[str, ...],
    defaults: dict[str, Any],
    arguments: tuple[Any, ...],
    keywords: dict[str, Any],
) -> bool:
    """Set the fields as the compiled ``__init__`` would; False, having set nothing, for a call it would refuse."""
    given = len(arguments)
    if given > len(parameters) or any(key not in parameters[given:] for key in keywords):
        return False
    values = list(arguments)
    for name in parameters[given:]:
        value = keywords[name] if name in keywords else _default(defaults.get(name, MISSING))
        if value is MISSING:
            return False
        values.append(value)
    for name, value in zip(parameters, values):
        object.__setattr__(self, name, value)
    for name in rest:
        value = _default(defaults[name])
        if value is not MISSING:
            object.__setattr__(self, name, value)
    return True


def _default(default: Any) -> Any:
    if isinstance(default, Field):
        return default.default if default.default_factory is MISSING else default.default_factory()
    return default


class _ReadOnFirstUse:
    """``__dataclass_fields__`` and ``__dataclass_params__`` of a record, made when first asked for.

    The dataclass machinery reads them from a stand-in class holding the
    record's annotations and defaults (slots leave no defaults on the record
    itself), then they are set on the record in place of this descriptor.
    """

    def __init__(self, fields: dict[str, Any], options: dict[str, bool]) -> None:
        self.fields = fields  # annotations and defaults
        self.options = options  # what the record is: eq, order, frozen

    def __set_name__(self, owner: type, name: str) -> None:
        self.owner, self.name = owner, name  # called as the record class is made

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        cls = self.owner
        stand_in: type = dataclasses.dataclass(
            # With its docstring: a dataclass without one gets a signature written there, slowly.
            type(cls.__name__, (), {"__module__": cls.__module__, "__doc__": cls.__doc__, **self.fields}),
            init=False,
            repr=False,
            eq=False,
            match_args=False,
        )
        parameters = stand_in.__dataclass_params__  # type: ignore[attr-defined]
        # Said as the record behaves: a dataclass subclassing it checks "frozen".
        for option, value in dict(self.options, init=True, repr=True).items():
            setattr(parameters, option, value)
        for name in ("__dataclass_params__", "__dataclass_fields__"):
            setattr(cls, name, getattr(stand_in, name))
        return getattr(cls, self.name)


def _record(cls: _Class, eq: bool, order: bool, frozen: bool) -> _Class:
    own = cls.__dict__
    annotations: dict[str, Any] = own.get("__annotations__", {})
    names = tuple(annotations)
    # One pass over the fields: their defaults, __init__'s parameters in order, and the
    # mistakes the dataclass machinery would refuse at definition (records read their fields later).
    defaults: dict[str, Any] = {}
    parameters: list[str] = []
    defaulted = ""
    _refuse_at_definition(cls, annotations, eq, order, frozen)
    for name in names:
        default = own.get(name, MISSING)
        if default is not MISSING:
            defaults[name] = default
        if isinstance(default, Field):
            if default.kw_only is True:
                raise TypeError(f"record {cls.__qualname__}: field {name} is keyword-only, which records do not offer")
            _refuse_shared(cls, name, default.default)
            if not default.init:  # field(init=False): left out of __init__
                continue
            has_default = default.default is not MISSING or default.default_factory is not MISSING
        else:
            _refuse_shared(cls, name, default)
            has_default = default is not MISSING
        if has_default:
            defaulted = defaulted or name
        elif defaulted:
            raise TypeError(
                f"record {cls.__qualname__}: non-default argument {name!r} follows default argument {defaulted!r}"
            )
        parameters.append(name)
    namespace = dict(own)
    for name in defaults:
        del namespace[name]  # slots leave no room for class attributes of the same names
    namespace.pop("__dict__", None)
    namespace.pop("__weakref__", None)
    namespace["__slots__"] = names
    if not cls.__doc__:
        # What a dataclass would write here it derives from inspect.signature, slowly.
        namespace["__doc__"] = f"{cls.__name__}({', '.join(annotations)})"
    if "__match_args__" not in namespace:
        namespace["__match_args__"] = tuple(parameters)
    if frozen:
        namespace["__setattr__"] = _frozen_setattr
        namespace["__delattr__"] = _frozen_delattr
    if "__getstate__" not in namespace:
        namespace["__getstate__"] = _getstate
    if "__setstate__" not in namespace:
        namespace["__setstate__"] = _setstate
    if sys.version_info >= (3, 13) and "__replace__" not in namespace:
        namespace["__replace__"] = _replace  # copy.replace(), as a 3.13 dataclass has it
    # Reading the fields is most of what defining a dataclass costs: a record
    # reads them when something first needs them (a method, fields(), replace()).
    options = {"eq": eq, "order": order, "frozen": frozen}
    fields = {"__annotations__": annotations, **defaults}
    namespace["__dataclass_fields__"] = _ReadOnFirstUse(fields, options)
    namespace["__dataclass_params__"] = _ReadOnFirstUse(fields, options)
    # The stand-ins go in before the class is made: setting a special method on a
    # finished class costs more than the whole rebuild. A method the class writes itself stays its own.
    if "__repr__" not in own:
        namespace["__repr__"] = _STAND_INS["__repr__"]
    if eq:
        if "__eq__" not in own:
            namespace["__eq__"] = _STAND_INS["__eq__"]
        if not frozen:
            namespace["__hash__"] = None  # as a mutable dataclass: unhashable
        elif own.get("__hash__", 0) is None and "__eq__" in own:
            namespace["__hash__"] = _STAND_INS["__hash__"]  # not Python's None for a class writing __eq__: the record's hash
        elif "__hash__" not in own:
            namespace["__hash__"] = _STAND_INS["__hash__"]
    if order:
        for name in _ORDER:
            if name not in own:
                namespace[name] = _STAND_INS[name]
    if "__init__" not in own:
        namespace["__init__"] = _deferred_init(cls.__qualname__, names, tuple(parameters), defaults)
    rebuilt: _Class = type(cls)(cls.__name__, cls.__bases__, namespace)
    rebuilt.__qualname__ = cls.__qualname__
    return rebuilt


def _refuse_shared(cls: type, name: str, default: Any) -> None:
    """A shared mutable default (every instance would hold the same value) is refused, as dataclasses refuse it."""
    if default.__class__.__hash__ is None:
        raise ValueError(f"record {cls.__qualname__}: mutable default for field {name}; use default_factory")


def _refuse_at_definition(cls: type, annotations: dict[str, Any], eq: bool, order: bool, frozen: bool) -> None:
    """The class-wide mistakes the dataclass machinery refuses at definition."""
    where = f"record {cls.__qualname__}"
    written = " ".join(map(str, annotations.values()))
    if "ClassVar" in written or "InitVar" in written or "KW_ONLY" in written:
        raise TypeError(f"{where}: a record's annotations are its fields (no ClassVar, InitVar or KW_ONLY)")
    own = cls.__dict__
    if "__post_init__" in own:
        raise TypeError(f"{where}: a record has no __post_init__")
    if cls.__bases__ != (object,) and any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]):
        raise TypeError(f"{where}: a record does not inherit fields")
    if order and not eq:
        raise ValueError(f"{where}: eq must be true if order is true")
    if frozen and ("__setattr__" in own or "__delattr__" in own):
        raise TypeError(f"{where}: a frozen record cannot write __setattr__ or __delattr__")


if TYPE_CHECKING:
    from typing import dataclass_transform

    # Type checkers see the frozen dataclass each record is.
    @overload
    @dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
    def record(cls: _Class, /) -> _Class: ...

    @overload
    @dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
    def record(*, eq: bool = True, order: bool = False, frozen: bool = True) -> Callable[[_Class], _Class]: ...

    @dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
    def record(
        cls: _Class | None = None, /, *, eq: bool = True, order: bool = False, frozen: bool = True
    ) -> _Class | Callable[[_Class], _Class]: ...

else:

    def record(cls=None, /, *, eq=True, order=False, frozen=True):
        """``@record`` or ``@record(eq=..., order=..., frozen=...)``: as ``dataclass(slots=True, ...)`` makes it."""
        if cls is None:
            return lambda later: _record(later, eq, order, frozen)
        return _record(cls, eq, order, frozen)
