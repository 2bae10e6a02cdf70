"""Checks on the host and port templates: what Kuma accepts but renders wrongly."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from vocheck import Finding, Fix, Severity, TextEdits, check, hookimpl
from vocheck.kuma.api import go_quote as quote, spec_of
from vocheck.gotemplate import TemplateError, TextNode, field_accesses, parse

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any
    from vocheck import Check, Context, JsonPath, Resource
    from vocheck.kuma.api import Conf

SERVICE_TAG = "kuma.io/service"
# Names people give the service parameter; without a tagKey they read a tag of that name.
SERVICE_NAMES = frozenset({"service", "svc", "srv", "servicename", "kumaservice"})
# A bare "." handed to a function or ranged over: the template reads keys not named in the text.
_WHOLE_DATA = re.compile(r"(?:\{\{-?\s*|[\s(])\.(?=\s*(?:-?\}\}|\)|\s))")
MAX_LABEL = 63
# Tags Kuma sets itself on Kubernetes inbounds; any other "kuma.io/" pod label is never copied into tags.
KUBERNETES_KUMA_TAGS = frozenset(
    {
        "kuma.io/service",
        "kuma.io/zone",
        "kuma.io/instance",
        "kuma.io/protocol",
        "k8s.kuma.io/namespace",
        "k8s.kuma.io/service-name",
        "k8s.kuma.io/service-port",
    }
)


def _templates(conf: Conf) -> Iterator[tuple[str, str]]:
    yield "host", conf.host
    yield "port", conf.port


def _conf(resource: Resource, context: Context) -> Conf | None:
    spec = spec_of(resource, context)
    return spec.conf if spec is not None else None


def _char_offset(text: str, byte_offset: int) -> int:
    return len(text.encode("utf-8", "surrogateescape")[:byte_offset].decode("utf-8", "surrogateescape"))


@check("VO301", "undeclared-template-key", Severity.WARNING)
def undeclared_template_key(resource: Resource, context: Context) -> Iterator[Finding]:
    """A template reads a key that no parameter declares.

    Kuma builds the template data from ``conf.parameters`` only, so the key
    is always missing: in a printed position it renders ``<no value>`` for
    every dataplane, and in an ``if`` or ``with`` condition it is always
    false, so that branch is dead. Keys are case-sensitive.

    ## Why is this bad?
    The hostname or port never comes out as written. Kuma rejects a host or
    port that is wrong even with its dummy values, but a dead branch or a
    default that hides the missing key goes through silently.

    ## Example
    ```yaml
    conf:
      host: "{{.service}}.mesh"
      port: "{{if .port}}{{.port}}{{else}}80{{end}}"
      parameters:
        - name: service
          tagKey: kuma.io/service
    ```
    Use instead:
    ```yaml
    conf:
      host: "{{.service}}.mesh"
      port: "{{if .port}}{{.port}}{{else}}80{{end}}"
      parameters:
        - name: service
          tagKey: kuma.io/service
        - name: port
    ```
    """
    conf = _conf(resource, context)
    if conf is None:
        return
    declared = {parameter.name for parameter in conf.parameters}
    for field, text in _templates(conf):
        try:
            template = parse(text)
        except TemplateError:
            continue  # Kuma rejects it: VO201 says why
        for access in field_accesses(template):
            if access.key in declared:
                continue
            yield Finding(
                _undeclared_message(access.key, access.printed, declared),
                resource.at("conf", field),
                column_offset=_char_offset(text, access.pos),
                length=len(access.source),
            )


def _undeclared_message(key: str, printed: bool, declared: set[str]) -> str:
    same_but_case = next((name for name in declared if name.lower() == key.lower()), None)
    if printed:
        message = f'".{key}" is not a parameter, so Kuma renders "<no value>" here for every dataplane'
    else:
        message = f'".{key}" is not a parameter, so this condition is always false and its branch is dead'
    if same_but_case:
        return f'{message}; keys are case-sensitive: did you mean ".{same_but_case}"?'
    return f'{message}; declare it in conf.parameters (name: {key}, tagKey: <the tag to read>)'


@check("VO302", "unused-parameter", Severity.INFO)
def unused_parameter(resource: Resource, context: Context) -> Iterator[Finding]:
    """A parameter is declared but neither template uses it.

    The parameter with ``tagKey: kuma.io/service`` is exempt: Kuma requires
    it even when no template reads it.

    ## Why is this bad?
    It suggests the template was meant to use it (a typo in the key, or a
    forgotten part of the hostname), and it makes the policy harder to read.

    ## Example
    ```yaml
    conf:
      host: "{{.service}}.mesh"
      port: "80"
      parameters:
        - name: service
          tagKey: kuma.io/service
        - name: version
    ```
    Use instead:
    ```yaml
    conf:
      host: "{{.version}}.{{.service}}.mesh"
      port: "80"
      parameters:
        - name: service
          tagKey: kuma.io/service
        - name: version
    ```
    """
    conf = _conf(resource, context)
    if conf is None:
        return
    used: set[str] = set()
    for _, text in _templates(conf):
        try:
            template = parse(text)
        except TemplateError:
            return
        if _WHOLE_DATA.search(text):
            return  # ``range .`` or ``index . "key"`` may read any parameter
        used.update(access.key for access in field_accesses(template))
    for index, parameter in enumerate(conf.parameters):
        if parameter.name not in used and parameter.tag_key != SERVICE_TAG:
            yield Finding(
                f"parameter {quote(parameter.name)} is not used by conf.host or conf.port; use it or remove it",
                resource.at("conf", "parameters", index, "name"),
            )


@check("VO303", "service-parameter-without-tag-key", Severity.WARNING, fixable="unsafe")
def service_parameter_without_tag_key(resource: Resource, context: Context) -> Iterator[Finding]:
    """A parameter named like the service has no ``tagKey``, so it reads a tag of its own name.

    ## Why is this bad?
    ``name: service`` without ``tagKey`` reads the tag ``service``, not
    ``kuma.io/service``: Kuma rejects the policy for lacking a
    ``kuma.io/service`` parameter, and the template key would be missing for
    every dataplane anyway.

    ## Example
    ```yaml
    parameters:
      - name: service
    ```
    Use instead:
    ```yaml
    parameters:
      - name: service
        tagKey: kuma.io/service
    ```

    ## Fix (unsafe)
    ``--fix --unsafe-fixes`` adds ``tagKey: kuma.io/service`` after the
    parameter's name, unless a tagKey is written there, even misspelt.
    """
    conf = _conf(resource, context)
    if conf is None:
        return
    if any(parameter.tag_key == SERVICE_TAG for parameter in conf.parameters):
        return
    for index, parameter in enumerate(conf.parameters):
        if not parameter.tag_key and parameter.name.lower() in SERVICE_NAMES:
            path = resource.at("conf", "parameters", index, "name")
            item: Any = resource.document.data
            for part in path[:-1]:
                item = item[part] if isinstance(item, (dict, list)) else None  # type: ignore[index]
            # Only where no tagKey is written at all, not even misspelt (VO101 renames that one):
            # an empty, null or misspelt one is a different mistake.
            edit = None
            if isinstance(item, dict) and not any(str(key).replace("_", "").lower() == "tagkey" for key in item):
                edit = TextEdits(resource.document).insert_after_entry(path, "tagKey", SERVICE_TAG)
            yield Finding(
                f"parameter {quote(parameter.name)} has no tagKey, so it reads the tag {quote(parameter.name)}, "
                f'not "{SERVICE_TAG}"; add "tagKey: {SERVICE_TAG}"',
                path,
                fix=Fix((edit,), "unsafe", f"add tagKey: {SERVICE_TAG}") if edit is not None else None,
            )


@check("VO304", "host-outside-dns-domain", Severity.INFO)
def host_outside_dns_domain(resource: Resource, context: Context) -> Iterator[Finding]:
    """Retired: a host outside ``dns-domain`` resolves like any other, so this check reports nothing.

    The code stays reserved, so ``--select``, ``ignore`` and suppressions
    that name it keep working; a suppression of it now hides nothing.

    ## Why it is retired
    It said that a host outside the mesh's DNS domain (``dns-domain``,
    Kuma's ``dnsServer.domain``, default ``mesh``) resolves only through the
    data plane proxy's DNS. In Kuma 2.14 that is true of every generated
    hostname, ``.mesh`` ones included: the control plane's own DNS server
    is gone since Kuma 1.7, and a hostname resolves only when the proxy's
    DNS (the embedded DNS server, or Envoy's DNS filter behind CoreDNS)
    answers it, from records the control plane sends for every entry
    whose name is a DNS name, whatever its suffix. Names it does not know
    go to the upstream resolver. ``dnsServer.domain`` only names the
    default service entries (``<service>.<domain>``) and the generated
    names of cross-mesh gateway listeners. Kuma's own end-to-end tests use
    hosts such as ``{{.svc}}.foo`` and ``{{.svc}}``.

    ## Example
    ```yaml
    conf:
      host: "{{.service}}.internal"
    ```
    resolves wherever ``"{{.service}}.mesh"`` would. Use instead: either
    host; what decides whether it resolves is the proxy's DNS
    redirection (transparent proxying with DNS capture), not the suffix.
    """
    return iter(())


@check("VO305", "host-not-portable", Severity.WARNING)
def host_not_portable(resource: Resource, context: Context) -> Iterator[Finding]:
    """The host can render uppercase letters, underscores, or labels longer than 63 characters.

    Kuma accepts these names, but stricter resolvers, client libraries and
    TLS certificates do not. On Kubernetes, ``kuma.io/service`` values hold
    underscores (``backend_shop_svc_80``), so printing that tag puts them
    into the hostname.

    ## Why is this bad?
    Some clients refuse the name or fail certificate checks, and a name
    differing only in case is a different Kuma entry with its own VIP.

    ## Example
    ```yaml
    conf:
      host: "{{.service}}.Shop_Mesh"
    ```
    Use instead:
    ```yaml
    conf:
      host: "{{.service}}.shop.mesh"
    ```
    """
    conf = _conf(resource, context)
    if conf is None:
        return
    try:
        template = parse(conf.host)
    except TemplateError:
        return
    literal = "".join(node.text for node in template.root.nodes if isinstance(node, TextNode))
    problems = []
    if any(character.isupper() for character in literal):
        problems.append("uppercase letters")
    if "_" in literal:
        problems.append("underscores")
    if any(len(label) > MAX_LABEL for label in literal.split(".")):
        problems.append(f"a label longer than {MAX_LABEL} characters")
    service_keys = {parameter.name for parameter in conf.parameters if parameter.tag_key_or_name == "kuma.io/service"}
    if resource.form == "kubernetes" and any(
        access.printed and access.key in service_keys for access in field_accesses(template)
    ):
        problems.append('underscores from Kubernetes "kuma.io/service" values such as backend_shop_svc_80')
    if problems:
        yield Finding(f"the host can contain {' and '.join(problems)}; some resolvers and certificates refuse them", resource.at("conf", "host"))


@check("VO306", "kuma-tag-on-kubernetes", Severity.WARNING, fixable="unsafe")
def kuma_tag_on_kubernetes(resource: Resource, context: Context) -> Iterator[Finding]:
    """A ``kuma.io/`` tag other than Kuma's own never exists on Kubernetes dataplanes.

    Kuma builds Kubernetes inbound tags from pod labels but skips every
    label containing ``kuma.io/``; only the tags Kuma sets itself exist:
    ``kuma.io/service``, ``kuma.io/zone``, ``kuma.io/instance``,
    ``kuma.io/protocol``, ``k8s.kuma.io/namespace``,
    ``k8s.kuma.io/service-name`` and ``k8s.kuma.io/service-port``. This
    check looks at Kubernetes-form policies.

    ## Why is this bad?
    A parameter reading such a tag renders ``<no value>`` for every
    inbound, and a selector requiring it never matches: the policy produces
    nothing on Kubernetes, and Kuma only logs it.

    ## Example
    ```yaml
    parameters:
      - name: version
        tagKey: kuma.io/version
    ```
    Use instead (label the pods ``version: v1``):
    ```yaml
    parameters:
      - name: version
        tagKey: version
    ```

    ## Fix (unsafe)
    ``--fix --unsafe-fixes`` makes a parameter's ``tagKey: kuma.io/NAME``
    read ``NAME``; the pods then need that label.
    """
    spec = spec_of(resource, context)
    if spec is None or resource.form != "kubernetes":
        return
    if spec.conf is not None:
        for index, parameter in enumerate(spec.conf.parameters):
            tag = parameter.tag_key_or_name
            if _never_on_kubernetes(tag):
                field = parameter.tag_key_source if parameter.tag_key else "name"
                path = resource.at("conf", "parameters", index, field)
                yield Finding(
                    f'tag {quote(tag)} never exists on Kubernetes: Kuma does not copy pod labels containing "kuma.io/" '
                    f"into tags, so {quote('{{.' + parameter.name + '}}')} renders <no value>; label the pods without the "
                    'kuma.io/ prefix and read that tag',
                    path,
                    fix=_unprefixed(resource, path, tag) if parameter.tag_key else None,
                )
    for index, selector in enumerate(spec.selectors):
        for key in selector:
            if _never_on_kubernetes(key):
                yield Finding(
                    f"tag {quote(key)} never exists on Kubernetes, so this selector matches nothing",
                    resource.at("selectors", index, "match", key),
                    at_key=True,
                )


def _unprefixed(resource: Resource, path: JsonPath, tag: str) -> Fix | None:
    """Read the pod label without Kuma's prefix: ``kuma.io/version`` becomes ``version``."""
    label = tag.removeprefix("kuma.io/")
    if label == tag or "/" in label or not label:
        return None
    edit = TextEdits(resource.document).replace_scalar(path, label)
    return Fix((edit,), "unsafe", f"read the tag {label}") if edit is not None else None


def _never_on_kubernetes(tag: str) -> bool:
    return "kuma.io/" in tag and tag not in KUBERNETES_KUMA_TAGS


@hookimpl
def vocheck_checks() -> list[Check]:
    return [
        undeclared_template_key,
        unused_parameter,
        service_parameter_without_tag_key,
        host_outside_dns_domain,
        host_not_portable,
        kuma_tag_on_kubernetes,
    ]
