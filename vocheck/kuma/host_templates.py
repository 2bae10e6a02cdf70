"""Kuma's evaluation of VirtualOutbound host and port templates, errors included."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Literal

from vocheck.golang import atoi
from vocheck.golang.quote import quote as go_quote
from vocheck.gotemplate import MAX_STEPS, Template, TemplateError, parse
from vocheck.kuma.hostnames import is_dns_name
from vocheck.kuma.specs import Parameter

EvalReason = Literal["compile", "execute", "dns_name", "not_a_number", "port_range"]
Quoter = Callable[[str], str]

LOWEST_PORT = 1
HIGHEST_PORT = 65535


def legacy_quote(text: str) -> str:
    """The ``'%s'`` quoting Kuma used before 2.6.0 where it now uses ``%q``."""
    return f"'{text}'"


def quoter_for(kuma_version: tuple[int, int]) -> Quoter:
    """Kuma 2.6.0 switched its messages from ``'%s'`` to ``%q``."""
    return go_quote if kuma_version >= (2, 6) else legacy_quote


class EvalError(Exception):
    """A host or port template Kuma cannot use; ``str()`` is Kuma's error text.

    ``rendered`` is the template output when rendering succeeded and the
    result was then refused (not a DNS name, not a number, out of range).
    """

    def __init__(
        self,
        message: str,
        reason: EvalReason,
        rendered: str | None = None,
        template_error: TemplateError | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.reason: EvalReason = reason
        self.rendered = rendered
        self.template_error = template_error

    def __str__(self) -> str:
        return self.message


class StepBudget:
    """Template steps (see ``Template.execute_counted``) that evaluations may still spend.

    ``what`` names the budget for messages, such as "the file's template budget".
    """

    __slots__ = ("left", "limit", "what")

    def __init__(self, limit: int, what: str) -> None:
        self.left = limit
        self.limit = limit
        self.what = what

    @property
    def spent(self) -> int:
        return self.limit - self.left


class BudgetSpent(Exception):
    """An evaluation ran out of its StepBudget: what it would have rendered is unknown."""

    def __init__(self, budget: StepBudget) -> None:
        super().__init__(f"{budget.what} of {budget.limit} steps is spent")
        self.budget = budget


# The budget of evaluations that are not given one: a per-resource check runs inside one.
_ambient: StepBudget | None = None


@contextmanager
def spending(budget: StepBudget) -> Iterator[StepBudget]:
    """Charge the evaluations of the ``with`` block, wherever they come from, to ``budget``."""
    global _ambient
    saved, _ambient = _ambient, budget
    try:
        yield budget
    finally:
        _ambient = saved


def template_data(parameters: Sequence[Parameter], tags: Mapping[str, str]) -> dict[str, str]:
    """The map a template sees: parameter name -> tag value, only for tags that exist."""
    data: dict[str, str] = {}
    for parameter in parameters:
        tag_key = parameter.tag_key_or_name
        if tag_key in tags:
            data[parameter.name] = tags[tag_key]
    return data


def pre_evaluation_tags(parameters: Sequence[Parameter], value: str) -> dict[str, str]:
    """The fake tags Kuma's validator evaluates with: every parameter's tag set to ``value``."""
    return {parameter.tag_key_or_name: value for parameter in parameters}


# Parsed templates by text: a resolution renders the same few texts for every inbound,
# and this look-up is cheaper than ``parse``'s own cache. Bounded like that cache.
_PARSED: dict[str, Template] = {}
_PARSED_LIMIT = 16384
_CONSTANT_PORTS: dict[str, int] = {}


def render(
    text: str,
    parameters: Sequence[Parameter],
    tags: Mapping[str, str],
    quote: Quoter = go_quote,
) -> str:
    """Render one template the way Kuma does, wrapping engine errors in Kuma's words."""
    return render_data(text, template_data(parameters, tags), quote)


def render_data(
    text: str, data: Mapping[str, str], quote: Quoter = go_quote, budget: StepBudget | None = None
) -> str:
    """``render`` with the template's data map already built from the tags.

    The steps it takes are charged to ``budget`` (else to the one of ``spending``, if any);
    raises BudgetSpent when it runs out.
    """
    template = _PARSED.get(text)
    if template is None:
        try:
            template = parse(text)
        except TemplateError as error:
            raise EvalError(
                f"failed compiling gotemplate error={quote(str(error))}", "compile", template_error=error
            ) from error
        if len(_PARSED) < _PARSED_LIMIT:
            _PARSED[text] = template
    budget = budget or _ambient
    if budget is None:
        try:
            return template.execute(data)
        except TemplateError as error:
            raise _execute_error(error, quote) from error
    try:
        rendered, steps = template.execute_counted(data, min(MAX_STEPS, budget.left))
    except TemplateError as error:
        budget.left = max(0, budget.left - error.steps)
        if error.limit == "budget":
            raise BudgetSpent(budget) from None
        raise _execute_error(error, quote) from error
    budget.left -= steps
    return rendered


def _execute_error(error: TemplateError, quote: Quoter) -> EvalError:
    return EvalError(
        f"pre evaluation of template with parameters failed with error={quote(str(error))}",
        "execute",
        template_error=error,
    )


def eval_host(
    host: str,
    parameters: Sequence[Parameter],
    tags: Mapping[str, str],
    quote: Quoter = go_quote,
) -> str:
    """The hostname Kuma generates for ``tags``, unchanged; raises EvalError as Kuma fails."""
    return eval_host_data(host, template_data(parameters, tags), quote)


def eval_host_data(
    host: str, data: Mapping[str, str], quote: Quoter = go_quote, budget: StepBudget | None = None
) -> str:
    """``eval_host`` with the template's data map already built from the tags."""
    rendered = render_data(host, data, quote, budget)
    if not is_dns_name(rendered):
        raise EvalError(
            f"evaluation of template with parameters didn't return a valid dns name result={quote(rendered)}",
            "dns_name",
            rendered,
        )
    return rendered


def parse_go_int64(text: str) -> int | None:
    """Go's ``strconv.ParseInt(text, 10, 64)``: sign, leading zeros, int64 range; None on error."""
    try:
        return atoi.parse_int(text, 10, 64)
    except atoi.NumError:
        return None


def eval_port(
    port: str,
    parameters: Sequence[Parameter],
    tags: Mapping[str, str],
    quote: Quoter = go_quote,
) -> int:
    """The port Kuma generates for ``tags``; raises EvalError as Kuma fails."""
    return eval_port_data(port, template_data(parameters, tags), quote)


def eval_port_data(
    port: str, data: Mapping[str, str], quote: Quoter = go_quote, budget: StepBudget | None = None
) -> int:
    """``eval_port`` with the template's data map already built from the tags."""
    constant = "{{" not in port
    if constant:
        # Text without an action renders as itself whatever the tags: the usual "8080".
        known = _CONSTANT_PORTS.get(port)
        if known is not None:
            return known
    rendered = render_data(port, data, quote, budget)
    value = parse_go_int64(rendered)
    if value is None:
        raise EvalError(
            "evaluation of template with parameters didn't evaluate to a parsable number "
            f"result={quote(rendered)}",
            "not_a_number",
            rendered,
        )
    if value < LOWEST_PORT or value > HIGHEST_PORT:
        # Kuma prints this number bare since 2.6.0 and as '%d' before.
        shown = str(value) if quote is go_quote else quote(str(value))
        raise EvalError(
            f"evaluation of template returned a port outside of the range [1..65535] result={shown}",
            "port_range",
            rendered,
        )
    if constant and len(_CONSTANT_PORTS) < _PARSED_LIMIT:
        _CONSTANT_PORTS[port] = value
    return value
