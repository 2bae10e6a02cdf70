"""Checks run on resources and on the whole set: each finding placed, a crash or a spent budget reported, never raised."""

from __future__ import annotations

from collections.abc import Iterable

from vocheck.context import ResourceSet
from vocheck.model import Diagnostic, Finding, Resource, Severity
from vocheck.checks import Check
from vocheck.kuma.host_templates import BudgetSpent
from vocheck.load.templated import placed
from vocheck.engine.plan import Plan
from vocheck.engine.placing import file_problem, diagnostic


def run_checks(resource: Resource, valid: bool, plan: Plan) -> list[Diagnostic]:
    """The per-resource checks of one resource."""
    return list(_check_resource(resource, valid, plan))


def _check_resource(resource: Resource, valid: bool, plan: Plan) -> Iterable[Diagnostic]:
    spent = False
    for check in plan.checks:
        run = check.on_resource()
        if run is None or resource.kind not in check.kinds:
            continue
        if check.needs_valid and not valid:
            continue
        try:
            findings = list(run(resource, plan.context))
        except BudgetSpent as error:
            if not spent:  # once per resource: every template check after it finds the budget spent too
                finding = Finding(_budget_message(error, check), resource.root, at_key=True)
                yield diagnostic(resource, finding, core_check(plan, "VO004"))
            spent = True
            continue
        except Exception as error:  # a broken check must not hide the other results
            yield _crash(check, resource, error, plan)
            continue
        for finding in findings:
            yield _placed(resource, finding, check, plan)


def _placed(resource: Resource, finding: object, check: Check, plan: Plan) -> Diagnostic:
    """The finding placed; what a plugin yields that cannot be placed is that check's VO003, not the run's end."""
    problem = _malformed(finding)
    if problem is None:
        assert isinstance(finding, Finding)
        try:
            return diagnostic(resource, finding, check)
        except Exception as error:  # a finding whose fields a check filled with the wrong types
            problem = f"{type(error).__name__}: {error}"
    message = f"check {check.code} ({check.name}, plugin {check.plugin}) yielded a finding vocheck cannot place ({problem})"
    return diagnostic(resource, Finding(message, resource.root, at_key=True), core_check(plan, "VO003"))


def _malformed(finding: object) -> str | None:
    if not isinstance(finding, Finding):
        return f"{type(finding).__name__} {finding!r:.60}, not a vocheck.Finding"
    if not isinstance(finding.message, str):
        return f"its message is {type(finding.message).__name__}, not str"
    if not isinstance(finding.path, tuple) or not all(isinstance(part, (str, int)) for part in finding.path):
        return f"its path is {finding.path!r:.60}, not a tuple of keys and indexes"
    return None


def _budget_message(error: BudgetSpent, check: Check) -> str:
    budget = error.budget
    return (
        f"not checked by {check.code} ({check.name}): {budget.what} of {budget.limit} steps is spent, "
        "so its templates were not evaluated; simplify the templates (fewer range iterations, "
        "template calls or long printf widths) or check fewer files at once"
    )


def run_set_check(check: Check, resource_set: ResourceSet, plan: Plan) -> Iterable[Diagnostic]:
    run = check.on_set()
    assert run is not None
    try:
        findings = list(run(resource_set, plan.context))
    except Exception as error:  # a broken check must not hide the other results
        first = resource_set.resources[0] if resource_set.resources else None
        if first is None:
            yield file_problem("-", f"check {check.code} ({check.name}) crashed: {error!r}", "VO003")
        else:
            yield _crash(check, first, error, plan)
        return
    for finding in findings:
        if not isinstance(finding, Finding):
            message = f"check {check.code} ({check.name}) yielded {type(finding).__name__}, not a vocheck.Finding"
            yield file_problem("-", message, "VO003")
            continue
        if finding.resource is None:
            message = f"check {check.code} ({check.name}) returned a finding without a resource"
            yield file_problem("-", message, "VO003")
            continue
        yield _placed(finding.resource, finding, check, plan)


def _crash(check: Check, resource: Resource, error: Exception, plan: Plan) -> Diagnostic:
    message = f"check {check.code} ({check.name}, plugin {check.plugin}) crashed: {type(error).__name__}: {error}"
    return diagnostic(resource, Finding(message, resource.root, at_key=True), core_check(plan, "VO003"))


def core_check(plan: Plan, code: str) -> Check:
    for check in plan.checks:
        if check.code == code:
            return check
    return Check(code, code, None, Severity.ERROR, "core")
