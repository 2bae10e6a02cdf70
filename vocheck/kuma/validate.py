"""Kuma's VirtualOutbound validator: the same violations, in the same order, with the same words."""

from __future__ import annotations

import re

from vocheck.kuma.specs import Conf, JsonPath, Violation, VirtualOutboundSpec
from vocheck.kuma.tags import SELECTOR_VALUE, SELECTOR_VALUE_MESSAGE, SERVICE_TAG, TAG_NAME, validate_tag_map
from vocheck.kuma.host_templates import (
    EvalError,
    Quoter,
    eval_host,
    eval_port,
    pre_evaluation_tags,
    quoter_for,
)

__all__ = [
    "CURRENT_KUMA",
    "validate_virtual_outbound",
]

CURRENT_KUMA = (2, 14)
HAS_TO_BE_DEFINED = "has to be defined"
_PARAMETER_KEY = re.compile(r"[a-zA-Z0-9]+", re.ASCII)


def validate_virtual_outbound(
    spec: VirtualOutboundSpec, *, kuma_version: tuple[int, int] = CURRENT_KUMA
) -> list[Violation]:
    """Every violation Kuma's ``Validate()`` reports for ``spec``, in Kuma's order."""
    violations = _selector_violations(spec)
    if spec.conf is None:
        violations.append(Violation("conf", HAS_TO_BE_DEFINED, ()))
        return violations
    violations.extend(_parameter_violations(spec.conf))
    violations.extend(_template_violations(spec.conf, kuma_version))
    return violations


def _selector_violations(spec: VirtualOutboundSpec) -> list[Violation]:
    violations: list[Violation] = []
    if not spec.selectors:
        violations.append(Violation("selectors", "must have at least one element", ("selectors",)))
    for index, match in enumerate(spec.selectors):
        violations.extend(
            validate_tag_map(
                f"selectors[{index}].match",
                ("selectors", index, "match"),
                match,
                value_pattern=SELECTOR_VALUE,
                value_message=SELECTOR_VALUE_MESSAGE,
                require_at_least_one=True,
            )
        )
    return violations


def _parameter_violations(conf: Conf) -> list[Violation]:
    violations: list[Violation] = []
    seen: set[str] = set()
    has_service = False
    for index, parameter in enumerate(conf.parameters):
        field = f"conf.parameters[{index}]"
        path: JsonPath = ("conf", "parameters", index)
        if parameter.name in seen:
            violations.append(Violation(f"{field}.name", "name is already used", (*path, "name")))
        seen.add(parameter.name)
        if parameter.tag_key:
            # Only an explicit tagKey counts: a parameter named "service" or
            # "kuma.io/service" without tagKey does not satisfy the rule.
            has_service = has_service or parameter.tag_key == SERVICE_TAG
            if TAG_NAME.fullmatch(parameter.tag_key) is None:
                violations.append(
                    Violation(f"{field}.tagKey", "must be a valid tag name", (*path, parameter.tag_key_source))
                )
        elif TAG_NAME.fullmatch(parameter.name) is None:
            violations.append(
                Violation(
                    f"{field}.name", "must be a valid tag name if you are not setting tagKey", (*path, "name")
                )
            )
        if _PARAMETER_KEY.fullmatch(parameter.name) is None:
            violations.append(
                Violation(
                    f"{field}.name",
                    "must consist of alphanumeric characters to be used as a gotemplate key",
                    (*path, "name"),
                )
            )
    if not has_service:
        violations.append(
            Violation(
                "conf.parameters",
                f"must contain a parameter with {SERVICE_TAG} as a tagKey",
                ("conf", "parameters"),
            )
        )
    return violations


def _template_violations(conf: Conf, kuma_version: tuple[int, int]) -> list[Violation]:
    quote = quoter_for(kuma_version)
    violations: list[Violation] = []
    if not conf.host:
        violations.append(Violation("conf.host", HAS_TO_BE_DEFINED, ("conf",)))
    else:
        try:
            eval_host(conf.host, conf.parameters, pre_evaluation_tags(conf.parameters, "dummy"), quote)
        except EvalError as error:
            violations.append(Violation("conf.host", _pre_evaluation_message(error, quote), ("conf", "host")))
    if not conf.port:
        violations.append(Violation("conf.port", HAS_TO_BE_DEFINED, ("conf",)))
    else:
        try:
            eval_port(conf.port, conf.parameters, pre_evaluation_tags(conf.parameters, "1"), quote)
        except EvalError as error:
            violations.append(Violation("conf.port", _pre_evaluation_message(error, quote), ("conf", "port")))
    return violations


def _pre_evaluation_message(error: EvalError, quote: Quoter) -> str:
    return f"template pre evaluation failed with error={quote(str(error))}"
