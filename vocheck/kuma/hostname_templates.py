"""HostnameGenerator templates: how Kuma parses them, the data they read, and its validator's checks.

A template is Go ``text/template`` with one added function, ``label``,
over a struct of five strings: ``.Name``, ``.DisplayName``, ``.Namespace``,
``.Mesh`` and ``.Zone``. Unlike a VirtualOutbound template (a map, where a
missing key prints ``<no value>``), a field the struct lacks is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from vocheck.gotemplate import FunctionError, GoStruct, Template, TemplateError, anonymous_struct_type, parse
from vocheck.kuma.k8s_names import dns1123_subdomain_violations
from vocheck.kuma.quote import go_quote

LABEL_FUNCTION = "label"
TEMPLATE_FIELDS = ("Name", "DisplayName", "Namespace", "Mesh", "Zone")
# The type Kuma's validator renders the stub into, and the one its hostname generator uses.
STUB_TYPE = anonymous_struct_type(TEMPLATE_FIELDS)
GENERATOR_TYPE = "hostname.meshedName"
# Kuma's validator stand-in values (2.14 and later).
STUB_VALUES = ("name", "displayname", "namespace", "mesh", "zone")
STUB_LABEL = "label"
MUST_NOT_BE_EMPTY = "must not be empty"


def parse_hostname_template(text: str) -> Template:
    """Parse as Kuma does, with ``label`` defined; raises TemplateError (Go's parse error text)."""
    return parse(text, (LABEL_FUNCTION,))


def template_data(values: tuple[str, str, str, str, str], type_name: str = GENERATOR_TYPE) -> GoStruct:
    """The struct a template reads: Name, DisplayName, Namespace, Mesh and Zone, in that order."""
    return GoStruct(type_name, tuple(zip(TEMPLATE_FIELDS, values)))


def label_function(labels: Mapping[str, str] | None) -> Callable[[str], str]:
    """``label``: the resource's label, or Go's ``label <key> not found`` error; None gives Kuma's stub."""

    def label(key: str) -> str:
        if labels is None:
            return STUB_LABEL
        if key not in labels:
            raise FunctionError(f"label {key} not found")
        return labels[key]

    return label


def render(template: Template, data: GoStruct, labels: Mapping[str, str] | None) -> str:
    """Execute a parsed template; raises TemplateError (Go's exec error text)."""
    return template.execute(data, {LABEL_FUNCTION: label_function(labels)})


def template_messages(text: str, kuma_version: tuple[int, int]) -> list[str]:
    """What Kuma's HostnameGenerator validator says of ``spec.template``, in order.

    Up to 2.13 Kuma only parses the template (an empty one is reported and
    still parsed). From 2.14 an empty template stops there; otherwise Kuma
    renders it with stand-in values (``name``, ``displayname``,
    ``namespace``, ``mesh``, ``zone``, and ``label`` returning ``label``)
    and the result must be an RFC 1123 subdomain.
    """
    messages = []
    if text == "":
        messages.append(MUST_NOT_BE_EMPTY)
        if kuma_version >= (2, 14):
            return messages
    try:
        template = parse_hostname_template(text)
    except TemplateError as error:
        return [*messages, f"couldn't parse template: {error}"]
    if kuma_version < (2, 14):
        return messages
    try:
        rendered = render(template, template_data(STUB_VALUES, STUB_TYPE), None)
    except TemplateError as error:
        return [f"couldn't render template with stub values: {error}"]
    violations = dns1123_subdomain_violations(rendered)
    if violations:
        return [f"template renders to {go_quote(rendered)} which is not a valid DNS name: {', '.join(violations)}"]
    return []
