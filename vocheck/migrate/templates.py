"""A VirtualOutbound host template rewritten as a HostnameGenerator template.

VirtualOutbound templates read a map of parameter names; a generator's
template reads a struct (``.DisplayName``, ``.Namespace``, ``.Zone`` ...)
and the service's labels through ``label "key"``. Each ``.param`` lookup is
replaced where it stands, so the rest of the template (text, functions,
pipelines) stays as written; the literal text is lowercased, ``_`` becomes
``-`` and a trailing dot goes, since from 2.14 a generated hostname must be
a lowercase RFC 1123 subdomain.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from vocheck._perf.records import record
from vocheck.gotemplate import TextNode, field_accesses, parse
from vocheck.kuma.k8s_names import dns1123_subdomain_violations


def is_rfc1123_subdomain(text: str) -> bool:
    """Kubernetes' ``IsDNS1123Subdomain``, which Kuma 2.14 applies to every generated hostname."""
    return not dns1123_subdomain_violations(text)


def normalised_host(text: str) -> str:
    """What a hostname becomes once it must be a lowercase RFC 1123 subdomain."""
    return text.lower().replace("_", "-").rstrip(".")


def normalised_value(text: str) -> str:
    """A tag value as a label a generator reads into a hostname."""
    return text.lower().replace("_", "-").replace(".", "-")


@record
class Rewritten:
    """The generator's template, and what in the literal text had to change."""

    template: str
    literal_changes: tuple[str, ...]


def label_expression(tag: str) -> str:
    return f'label "{tag}"'


def rewrite(host: str, expression_for: Callable[[str], str]) -> Rewritten:
    """``host`` with every ``.param`` replaced by ``expression_for(param)`` and its literal text normalised.

    ``expression_for`` returns a generator expression (``.DisplayName``,
    ``label "version"``). Raises ``vocheck.gotemplate.TemplateError`` for a
    template that does not parse (Kuma rejects such a policy, so it never gets here).
    """
    template = parse(host)
    data = host.encode()
    edits: list[tuple[int, int, bytes]] = []
    for access in field_accesses(template):
        if access.definition != "":
            continue
        expression = expression_for(access.key)
        bare = data[: access.start].rstrip(b" -").endswith(b"{{") and data[access.end :].lstrip(b" -").startswith(b"}}")
        if not bare and not expression.startswith("."):
            expression = f"({expression})"
        edits.append((access.start, access.end, expression.encode()))
    changes: list[str] = []
    nodes = template.root.nodes
    for index, node in enumerate(nodes):
        if not isinstance(node, TextNode):
            continue
        text = node.text
        fixed = text.lower().replace("_", "-")
        if index == len(nodes) - 1:
            fixed = fixed.rstrip(".")
        if fixed != text:
            changes.append(f"{text!r} becomes {fixed!r}")
            raw = text.encode()
            edits.append((node.pos, node.pos + len(raw), fixed.encode()))
    for start, end, replacement in sorted(edits, reverse=True):
        data = data[:start] + replacement + data[end:]
    return Rewritten(_spaced(data.decode()), tuple(changes))


def _spaced(template: str) -> str:
    """``{{.DisplayName}}`` as ``{{ .DisplayName }}``, the way Kuma's own generators are written."""
    return re.sub(r"\{\{(?![- ])(.*?)(?<![- ])\}\}", r"{{ \1 }}", template)
