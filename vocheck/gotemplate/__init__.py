"""Go's ``text/template``, reimplemented to match Go 1.26 byte for byte.

Use::

    from vocheck.gotemplate import parse, TemplateError

    template = parse(text)           # TemplateError with phase "parse"
    output = template.execute(data)  # data: Mapping[str, str]; TemplateError with phase "exec"
    str(error)                       # Go's err.Error(), byte for byte

The engine behaves as ``template.New("").Parse(text)`` followed by ``Execute``
over a ``map[string]string`` with the default ``missingkey`` option: a missing
key prints ``<no value>``. Only Go's builtin functions exist; any other name is
a parse error. Parsed templates are immutable and safe to share; :func:`parse`
caches them by text.

Strings follow Go's byte semantics. Output that is not valid UTF-8 (for
example ``{{slice "é" 0 1}}``) comes back with each stray byte as a lone
surrogate ``U+DC80``..``U+DCFF`` (Python's ``surrogateescape``), so
``output.encode("utf-8", "surrogateescape")`` gives Go's exact bytes;
:meth:`Template.execute_bytes` returns them directly.

Struct data and added functions
-------------------------------
``parse(text, functions=("label",))`` is Go's ``Funcs`` followed by ``Parse``:
the names become callable. ``template.execute(data, functions={"label": f})``
then runs it, each ``f`` a ``func(string) (string, error)`` that returns the
string or raises :class:`FunctionError` (Go's ``error calling label: ...``).
``data`` may be a :class:`GoStruct` instead of a map: a struct of string
fields, where a missing field is Go's ``can't evaluate field X in type T``
rather than ``<no value>``.

Inspecting without executing
----------------------------
``template.root`` is the parse tree of the text (a :class:`ListNode`) and
``template.definitions`` is a read-only mapping from every name defined with
``define``/``block`` (and ``""`` for the text itself) to its tree. Node
classes live in :mod:`vocheck.gotemplate.nodes`; each is a frozen dataclass
whose ``pos`` is Go's ``Pos`` (a byte offset into the source text), and
``str(node)`` is Go's ``node.String()``.

``field_accesses(template)`` lists every lookup of a data key (``.key``,
``.key.more``, ``$.key``) in every definition, in source order, as
:class:`FieldAccess` values:

* ``key`` (the data key), ``chain`` (all names, ``.a.b`` gives ``("a", "b")``);
* ``pos`` (Go's ``Pos`` of the node; for ``.a.b`` Go records where ``.b``
  starts), ``start``/``end`` (byte span of the node's text) and ``source``;
* ``context``: ``"action"``, ``"if"``, ``"with"``, ``"range"`` or
  ``"template"`` (the argument of a ``template``/``block`` call);
* ``printed``: True when the lookup is in an action whose value is written
  to the output (an action without ``$v :=``), also as a function argument
  such as ``{{len .key}}``; False in ``if``/``with``/``range`` conditions,
  ``template`` arguments and variable declarations;
* ``definition``: the template the lookup is in (``""`` for the text).

``line_column(text, pos)`` turns a byte offset into Go's line (1-based) and
column (a 0-based byte count, as in Go's exec error messages).

Limits
------
Go runs some templates for ever or until memory runs out; vocheck stops them
with a :class:`TemplateError` (phase ``"exec"``, ``error.limit`` naming the
limit, the message in Go's ``template: :LINE:COL: executing ...`` shape and
ending in ``vocheck limit: ...``):

* ``MAX_OUTPUT_BYTES`` (16 MiB) of output (``limit == "output"``);
* ``MAX_STEPS`` (250,000) steps: executed actions, ``if``/``with``/``range``
  evaluations, ``range`` iterations, and one per 256 bytes a function
  returns (``limit == "steps"``); ``Template.execute_counted`` reports the
  steps an execution took and stops at a lower ceiling a caller's budget
  sets (``limit == "budget"``);
* ``MAX_NESTED_TEMPLATES`` (1,000) nested ``template``/``block`` calls
  (``limit == "depth"``).

These bounds are far above what a host or port template can use (a DNS name
is at most 253 bytes), but below what Go itself tolerates: Go would finish a
range of a million iterations. Two of Go's own limits are reproduced exactly
instead: a template that calls itself with the same dot recurses identically
for ever, so vocheck detects the cycle and reports Go's
``exceeded maximum template depth (100000)`` at the node where Go stops, at
once (``error.limit`` is None: this is Go's answer); and parenthesis nesting
fails at Go's ``max expression depth exceeded`` (10,000 levels). ``printf``
widths and precisions are bounded by Go's ``fmt`` (about 10^7 from digits,
10^6 from ``*``), so ``{{printf "%2000000000d" 1}}`` prints Go's
``%!(NOVERB)%!(EXTRA int=1)`` at once, and the widest legal width still fits
the output limit.

Known differences
-----------------
``%p`` of the data map prints a fixed stand-in address. Which characters are
printable (``%q``, ``%+q``, ``%#U``, ``js``) and which may form a name
(``{{.key}}``, ``$var``) follow Go's own tables (Unicode 15.0, from
:mod:`vocheck.golang`), whatever Unicode version the Python interpreter knows.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from . import nodes
from .failures import TemplateError
from .positions import line_column
from .inspect import FieldAccess, field_accesses
from .nodes import ListNode, Node, TextNode
from .template import StringFunction, Template, parse
from .limits import MAX_NESTED_TEMPLATES, MAX_OUTPUT_BYTES, MAX_STEPS

if TYPE_CHECKING:
    from .funcs import CallError as FunctionError
    from .template import Data
    from .values import GoStruct, anonymous_struct_type

# The names of the executor's types come from it when first asked for: parsing alone,
# what checking a lone policy does, does not load the executor.
_EXECUTOR_NAMES = {
    "Data": ".template",
    "FunctionError": ".template",
    "GoStruct": ".values",
    "anonymous_struct_type": ".values",
}


# Submodules the package no longer imports up front, still reachable as its attributes.
_LAZY_SUBMODULES = frozenset(
    {"evaluate", "exec", "fmt", "funcs", "lexer", "numbers", "parser", "pipelines", "printf", "tokens", "values"}
)


def __getattr__(name: str) -> object:
    if name in _EXECUTOR_NAMES:
        return getattr(importlib.import_module(_EXECUTOR_NAMES[name], __name__), name)
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "Data",
    "FieldAccess",
    "FunctionError",
    "GoStruct",
    "StringFunction",
    "ListNode",
    "MAX_NESTED_TEMPLATES",
    "MAX_OUTPUT_BYTES",
    "MAX_STEPS",
    "Node",
    "Template",
    "TemplateError",
    "TextNode",
    "anonymous_struct_type",
    "field_accesses",
    "line_column",
    "nodes",
    "parse",
]
