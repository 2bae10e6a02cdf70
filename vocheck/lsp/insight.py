"""What the server says about a place in a document: a check's documentation, what a template renders to
for the workspace's inbounds, what a selector matches. Plain Python over the workspace; markdown out."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from vocheck._perf.records import record
from vocheck.checks import Check
from vocheck.context import Context, ResourceSet
from vocheck.kuma.host_templates import BudgetSpent, StepBudget
from vocheck.model import JsonPath, Resource, Span
from vocheck.preview import inputs_of, key_of, resource_of
from vocheck.resolve.generation import Failed, PolicyTemplates
from vocheck.resolve.inputs import SERVICELESS_PORT, DataplaneInput, PolicyInput
from vocheck.resolve.matching import best_selector, selector_matches
from vocheck.resolve.view import IGNORED_STATES

# How many inbounds a hover lists; the rest are counted.
SHOWN = 5
# Template steps one hover or lens may spend on one policy: a hostile template costs a bounded wait.
HOVER_STEPS = 200_000


def explain(check: Check) -> str:
    """The check's documentation as ``vocheck explain`` prints it, as markdown."""
    fix = f"; fix: {check.fixable}" if check.fixable else ""
    return f"**{check.code}** `{check.name}` (default severity: {check.severity}; plugin: {check.plugin}{fix})\n\n{check.doc}"


def path_at(resource: Resource, line: int, column: int) -> JsonPath | None:
    """The deepest path of ``resource`` whose key or value holds the 1-based ``line`` and ``column``."""
    best: JsonPath | None = None
    root = resource.root
    for path, (key, value) in resource.document.positions.items():
        if path[: len(root)] != root:
            continue
        if _inside(key, line, column) or _inside(value, line, column):
            if best is None or len(path) > len(best):
                best = path
    return best


def _inside(span: Span | None, line: int, column: int) -> bool:
    if span is None:
        return False
    return (span.line, span.column) <= (line, column) < (span.end_line, span.end_column) or (
        (span.line, span.column) == (line, column)
    )


@record
class Rendering:
    """One matching inbound and what the policy's templates give for it."""

    dataplane: DataplaneInput
    index: int
    hostname: str | None
    port: int | None
    failure: str | None


def renderings(policy: Resource, resources: ResourceSet, context: Context) -> tuple[PolicyInput | None, list[Rendering]]:
    """What ``policy`` renders for every inbound of its mesh it selects (None: Kuma rejects the policy)."""
    inputs = inputs_of(resources, context)
    key = key_of(policy)
    found = next((item for item in inputs.policies if item.ref == key), None)
    if found is None:
        return None, []
    templates = PolicyTemplates(found)
    budget = StepBudget(HOVER_STEPS, "the hover's template budget")
    results: list[Rendering] = []
    for dataplane, index, tags in _inbounds(inputs.dataplanes, found.mesh):
        if best_selector(found.spec.selectors, tags) is None:
            continue
        try:
            outcome = templates.evaluate(tuple(map(tags.get, templates.tag_keys)), budget)
        except BudgetSpent:
            results.append(Rendering(dataplane, index, None, None, f"not evaluated: {budget.what} is spent"))
            break
        if isinstance(outcome, Failed):
            results.append(Rendering(dataplane, index, None, None, f"{outcome.template}: {outcome.message}"))
        else:
            results.append(Rendering(dataplane, index, outcome.key.name, outcome.port, None))
    return found, results


def _inbounds(dataplanes: Sequence[DataplaneInput], mesh: str) -> Iterator[tuple[DataplaneInput, int, Mapping[str, str]]]:
    for dataplane in sorted(dataplanes, key=lambda item: item.name):
        if dataplane.mesh != mesh:
            continue
        for index, inbound in enumerate(dataplane.spec.inbounds):
            if inbound.state in IGNORED_STATES or inbound.port == SERVICELESS_PORT:
                continue
            yield dataplane, index, inbound.tags


def lens_title(policy: Resource, resources: ResourceSet, context: Context) -> str:
    """"generates N hostnames · M inbounds" for a VirtualOutbound."""
    found, results = renderings(policy, resources, context)
    if found is None:
        return "generates nothing: Kuma rejects this policy"
    hostnames = {item.hostname for item in results if item.hostname is not None}
    failed = sum(1 for item in results if item.failure is not None)
    title = f"generates {_count(len(hostnames), 'hostname')} · {_count(len(results), 'inbound')}"
    return title + (f" · fails for {failed}" if failed else "")


def host_hint(policy: Resource, resources: ResourceSet, context: Context) -> str | None:
    """After ``conf.host``: the first hostname it renders and how many others, or how often it fails."""
    found, results = renderings(policy, resources, context)
    hostnames = list(dict.fromkeys(item.hostname for item in results if item.hostname is not None))
    failed = sum(1 for item in results if item.failure is not None)
    if found is None or not results:
        return None
    parts = []
    if hostnames:
        parts.append(hostnames[0] + (f" +{len(hostnames) - 1} more" if len(hostnames) > 1 else ""))
    if failed:
        parts.append(f"fails for {_count(failed, 'inbound')}")
    return "→ " + " · ".join(parts)


def template_hover(policy: Resource, field: str, resources: ResourceSet, context: Context) -> str:
    """What ``conf.host`` or ``conf.port`` renders to for the workspace's inbounds, or why it fails."""
    found, results = renderings(policy, resources, context)
    if found is None:
        return f"**conf.{field}**: Kuma rejects this policy, so it generates nothing (see its diagnostics)."
    if not results:
        return f"**conf.{field}**: no inbound of mesh `{found.mesh}` in the workspace matches the selectors."
    lines = [f"**conf.{field}** for the {_count(len(results), 'matching inbound')} of the workspace:", ""]
    lines.extend(["| hostname | port | inbound |", "| --- | --- | --- |"])
    for item in results[:SHOWN]:
        where = f"Dataplane `{item.dataplane.name}` inbound[{item.index}]{_place(item.dataplane, resources, context)}"
        if item.failure is not None:
            lines.append(f"| fails: {_cell(item.failure)} | | {where} |")
        else:
            lines.append(f"| `{_cell(item.hostname or '')}` | {item.port} | {where} |")
    if len(results) > SHOWN:
        lines.extend(["", f"and {len(results) - SHOWN} more"])
    return "\n".join(lines)


def selector_hover(policy: Resource, selector: Mapping[str, str], resources: ResourceSet, context: Context) -> str:
    """How many inbounds of the workspace a selector matches, and a few of them."""
    inputs = inputs_of(resources, context)
    mesh = policy.mesh or "default"
    matched = [
        (dataplane, index) for dataplane, index, tags in _inbounds(inputs.dataplanes, mesh) if selector_matches(selector, tags)
    ]
    shown = ", ".join(f"`{key}: {value}`" for key, value in selector.items()) or "(empty)"
    lines = [f"**selector** {shown} matches {_count(len(matched), 'inbound')} in mesh `{mesh}`"]
    if matched:
        lines.append("")
        lines.extend(f"- Dataplane `{dataplane.name}` inbound[{index}]{_place(dataplane, resources, context)}" for dataplane, index in matched[:SHOWN])
        if len(matched) > SHOWN:
            lines.append(f"- and {len(matched) - SHOWN} more")
    return "\n".join(lines)


def _place(dataplane: DataplaneInput, resources: ResourceSet, context: Context) -> str:
    ref = resource_of(dataplane.ref, resources, context)
    if ref is None:
        return ""
    line = ref.document.span(ref.root, True).line
    return f" ({ref.file}:{line})"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
