"""The Kubernetes name rules Kuma applies to rendered hostnames and service names, with their messages."""

from __future__ import annotations

import functools
import re

from vocheck.kuma.quote import go_bytes

_SUBDOMAIN_FORMAT = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
_SUBDOMAIN = re.compile(_SUBDOMAIN_FORMAT, re.ASCII)
_LABEL_1035_FORMAT = "[a-z]([-a-z0-9]*[a-z0-9])?"
SUBDOMAIN_MAX_LENGTH = 253
LABEL_MAX_LENGTH = 63


@functools.cache
def _label_1035() -> re.Pattern[str]:
    """Compiled on first use: a file of policies alone holds no name that must be a DNS-1035 label."""
    return re.compile(_LABEL_1035_FORMAT, re.ASCII)


def _regex_error(message: str, pattern: str, *examples: str) -> str:
    """Kubernetes' ``RegexError``: the rule, examples, and the pattern (its odd ", or" included)."""
    shown = "".join(f"{' or ' if index else ''}'{example}', " for index, example in enumerate(examples))
    return f"{message} (e.g. {shown}regex used for validation is '{pattern}')"


def _too_long(length: int) -> str:
    return f"must be no more than {length} characters"


SUBDOMAIN_REGEX_MESSAGE = _regex_error(
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character",
    _SUBDOMAIN_FORMAT,
    "example.com",
)
LABEL_1035_REGEX_MESSAGE = _regex_error(
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
    "character, and end with an alphanumeric character",
    _LABEL_1035_FORMAT,
    "my-name",
    "abc-123",
)


def dns1123_subdomain_violations(value: str) -> list[str]:
    """Kubernetes' ``IsDNS1123Subdomain``: at most 253 bytes, lowercase labels joined by dots (no per-label limit)."""
    violations = []
    if len(go_bytes(value)) > SUBDOMAIN_MAX_LENGTH:
        violations.append(_too_long(SUBDOMAIN_MAX_LENGTH))
    if _SUBDOMAIN.fullmatch(value) is None:
        violations.append(SUBDOMAIN_REGEX_MESSAGE)
    return violations


def dns1035_label_violations(value: str) -> list[str]:
    """Kubernetes' ``IsDNS1035Label``: at most 63 bytes, a lowercase letter first, no dots."""
    violations = []
    if len(go_bytes(value)) > LABEL_MAX_LENGTH:
        violations.append(_too_long(LABEL_MAX_LENGTH))
    if _label_1035().fullmatch(value) is None:
        violations.append(LABEL_1035_REGEX_MESSAGE)
    return violations
