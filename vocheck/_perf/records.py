"""Frozen slotted records that behave as ``dataclass(frozen=True, slots=True)`` but cost less to define."""

from __future__ import annotations

from dataclasses import MISSING, Field, FrozenInstanceError, field
from typing import TYPE_CHECKING, Any, TypeVar

_Class = TypeVar("_Class", bound=type)


class FrozenRecord:
    """The methods ``dataclass(frozen=True, slots=True)`` generates per class, shared instead.

    Generating them for every class is most of the time a short run spends
    importing these modules; behaviour (equality, hash, repr, refusal to
    change, pickling) is the dataclass one.
    """

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self.__slots__])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> list[Any]:
        return list(self._values())

    def __setstate__(self, state: list[Any]) -> None:
        for name, value in zip(self.__slots__, state):
            object.__setattr__(self, name, value)


def _record(cls: _Class) -> _Class:
    """Rebuild ``cls`` as a slotted ``FrozenRecord`` whose ``__init__`` takes its annotated fields."""
    if cls.__bases__ != (object,):
        raise TypeError(f"record {cls.__qualname__} must not have base classes")
    names = tuple(cls.__dict__.get("__annotations__", {}))
    scope: dict[str, Any] = {"_set": object.__setattr__, "_missing": MISSING}
    parameters: list[str] = []
    body: list[str] = []
    for name in names:
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, Field):
            if value.default_factory is not MISSING:
                # As dataclasses do: a fresh value per instance unless one is given.
                scope[f"_factory_{name}"] = value.default_factory
                parameters.append(f"{name}=_missing")
                body.append(f"    _set(self, {name!r}, _factory_{name}() if {name} is _missing else {name})\n")
                continue
            value = value.default
        if value is MISSING:
            parameters.append(name)
        else:
            scope[f"_default_{name}"] = value
            parameters.append(f"{name}=_default_{name}")
        body.append(f"    _set(self, {name!r}, {name})\n")
    exec(f"def __init__(self, {', '.join(parameters)}):\n{''.join(body) or '    pass'}\n", scope)
    initializer = scope["__init__"]
    initializer.__qualname__ = f"{cls.__qualname__}.__init__"
    namespace = {
        key: value for key, value in cls.__dict__.items() if key not in names and key not in ("__dict__", "__weakref__")
    }
    namespace.update(__slots__=names, __match_args__=names, __init__=initializer)
    rebuilt = type(cls.__name__, (FrozenRecord,), namespace)
    rebuilt.__qualname__ = cls.__qualname__
    return rebuilt  # type: ignore[return-value]


if TYPE_CHECKING:
    from typing import dataclass_transform

    # Type checkers see the frozen dataclass each record behaves as.
    @dataclass_transform(frozen_default=True, field_specifiers=(field,))
    def record(cls: _Class) -> _Class: ...

else:
    record = _record
