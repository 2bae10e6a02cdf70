"""The check contract: what a check is, how one is declared, and the codes vocheck's core reports."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal, cast

from vocheck._perf.records import record
from vocheck.model import Finding, Resource, Severity

if TYPE_CHECKING:
    from vocheck.context import Context, ResourceSet

ResourceCheck = Callable[["Resource", "Context"], Iterable[Finding]]
SetCheck = Callable[["ResourceSet", "Context"], Iterable[Finding]]


@record
class Check:
    """A named rule: a function that yields findings, or a code vocheck's core reports.

    ``scope`` is ``resource`` (sees one resource of the listed ``kinds``),
    ``set`` (sees every resource of the run) or ``core`` (no function: the
    runner itself reports this code). The function's docstring is the
    check's documentation.
    """

    code: str
    name: str
    # A ResourceCheck when ``scope`` is "resource", a SetCheck when it is "set", None for "core";
    # callers take it through ``on_resource`` and ``on_set``, which say which one it is.
    run: ResourceCheck | SetCheck | None
    severity: Severity = Severity.ERROR
    scope: Literal["resource", "set", "core"] = "resource"
    kinds: tuple[str, ...] = ("VirtualOutbound",)
    doc_source: Callable[..., Any] | None = None
    plugin: str = ""
    # Most checks trust the schema and only see resources that passed it;
    # checks of the raw document (unknown fields, duplicate keys) see all.
    needs_valid: bool = True
    # Whether its findings can carry a fix, and how safe: "safe", "unsafe" or "" (never).
    fixable: Literal["", "safe", "unsafe"] = ""

    @property
    def doc(self) -> str:
        source = self.run if self.run is not None else self.doc_source
        if source is None:
            return ""
        return inspect.getdoc(source) or ""

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0].strip()

    def on_resource(self) -> ResourceCheck | None:
        """The function to call with each resource of ``kinds``: a ``resource`` check's, else None."""
        return cast(ResourceCheck, self.run) if self.scope == "resource" else None

    def on_set(self) -> SetCheck | None:
        """The function to call once with every resource of the run: a ``set`` check's, else None."""
        return cast(SetCheck, self.run) if self.scope == "set" else None


def check(
    code: str,
    name: str,
    severity: Severity = Severity.ERROR,
    *,
    kinds: Sequence[str] = ("VirtualOutbound",),
    scope: Literal["resource", "set"] = "resource",
    needs_valid: bool = True,
    fixable: Literal["", "safe", "unsafe"] = "",
) -> Callable[[Callable[..., Iterable[Finding]]], Check]:
    """Declare a check: ``@check("VO101", "unknown-field", Severity.WARNING)``.

    A ``resource`` check is called as ``run(resource, context)`` for each
    resource of one of ``kinds``; a ``set`` check as ``run(resource_set,
    context)`` once per run. Both yield Findings. ``fixable`` says that its
    findings may carry a Fix, and how safe it is (``vocheck rules`` shows it).
    """

    def declare(run: Callable[..., Iterable[Finding]]) -> Check:
        return Check(code, name, run, severity, scope, tuple(kinds), needs_valid=needs_valid, fixable=fixable)

    return declare


def core_rule(
    code: str, name: str, severity: Severity = Severity.ERROR, *, fixable: Literal["", "safe", "unsafe"] = ""
) -> Callable[[Callable[..., Any]], Check]:
    """Declare a code that vocheck's runner reports itself; the function only holds its docs."""

    def declare(documentation: Callable[..., Any]) -> Check:
        return Check(code, name, None, severity, "core", (), doc_source=documentation, fixable=fixable)

    return declare
