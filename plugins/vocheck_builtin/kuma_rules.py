"""What Kuma's control plane rejects, reported in Kuma's own words."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from vocheck import Check, Context, Finding, KumaMessage, Resource, Severity, check, hookimpl
from vocheck.decoded import placed, spec_of, violations_of, written_place
from vocheck.kuma.meta import meta_warning, validate_mesh, validate_meta
from vocheck.kuma.model import Violation

# What to do about the most common rejections, keyed by the start of Kuma's message.
_HINTS = (
    ("must contain a parameter with kuma.io/service as a tagKey", 'add a parameter with "tagKey: kuma.io/service"'),
    ("must have at least one element", 'add a selector, for example "- match: {kuma.io/service: \\"*\\"}"'),
    ("must consist of alphanumeric characters to be used as a gotemplate key", "use letters and digits only"),
    ("name is already used", "give each parameter its own name"),
    ("must be a valid tag name", "tag names are letters, digits and . - _ : /"),
    ("tag value must be non-empty", 'use "*" to match any value'),
)


_TEMPLATES = ("conf.host", "conf.port")


def _findings(resource: Resource, violations: Iterable[Violation], reported_by_kuma: bool = True) -> Iterator[Finding]:
    for violation in violations:
        where = placed(resource, violation)
        text = f"Kuma rejects this: {where.field}: {where.message}" if where.field else f"Kuma rejects this: {where.message}"
        hint = next((hint for start, hint in _HINTS if where.message.startswith(start)), None)
        if hint:
            text += f" ({hint})"
        kuma = KumaMessage(where.field, where.message) if reported_by_kuma else None
        yield Finding(text, where.path, kuma=kuma)


def _virtual_outbound_violations(resource: Resource, context: Context) -> list[Violation]:
    return violations_of(resource, context)


@check("VO201", "virtual-outbound-rejected")
def virtual_outbound_rejected(resource: Resource, context: Context) -> Iterator[Finding]:
    """The VirtualOutbound breaks a rule Kuma's validator enforces, so Kuma rejects it.

    vocheck runs the same checks as Kuma's control plane, in the same
    order: selectors and their tags, ``conf``, the parameters (unique,
    alphanumeric names, valid tag keys, an explicit ``tagKey:
    kuma.io/service``), and the host and port templates evaluated with
    Kuma's dummy values. The ``kuma`` object of the JSON output holds
    Kuma's field and message byte for byte.

    ## Why is this bad?
    ``kumactl apply`` and the Kubernetes admission webhook refuse the
    resource; a GitOps sync fails at apply time instead of at review.

    ## Example
    ```yaml
    conf:
      host: "{{.service}}.mesh"
      port: "80"
      parameters:
        - name: service
    ```
    Use instead:
    ```yaml
    conf:
      host: "{{.service}}.mesh"
      port: "80"
      parameters:
        - name: service
          tagKey: kuma.io/service
    ```
    """
    spec = spec_of(resource, context)
    for finding in _findings(resource, _virtual_outbound_violations(resource, context)):
        field = finding.kuma.field.removeprefix("spec.") if finding.kuma else ""
        text = getattr(spec.conf, field.removeprefix("conf."), "") if spec and spec.conf and field in _TEMPLATES else ""
        if isinstance(text, str) and text.endswith("\n"):
            # A "|" or ">" block scalar keeps its final newline, which no hostname or port has.
            finding = replace(finding, message=finding.message + '; the value ends with a newline: use "|-" or ">-"')
        yield finding


@check("VO202", "invalid-name-or-mesh", kinds=("VirtualOutbound", "Dataplane", "ExternalService", "ZoneIngress", "Mesh"))
def invalid_name_or_mesh(resource: Resource, context: Context) -> Iterator[Finding]:
    """The resource's name or mesh breaks Kuma's naming rules for the target release.

    Since Kuma 2.5 names must be lowercase RFC 1123 subdomains of at most
    253 characters (2.5 to 2.9 still accepted older names with a warning
    in ``kumactl``); mesh names may hold digits, lowercase letters, ``-``,
    ``_`` and ``.``. The Kubernetes form must name its mesh in the
    top-level ``mesh`` field. ``kuma-version`` selects the rules.

    ## Why is this bad?
    Kuma refuses to create the resource. On Universal, ``kumactl apply``
    checks names only after the spec is valid, so this finding carries
    Kuma's message only when the spec has no other violation.

    ## Example
    ```yaml
    type: VirtualOutbound
    mesh: default
    name: Backend_Hosts
    ```
    Use instead:
    ```yaml
    type: VirtualOutbound
    mesh: default
    name: backend-hosts
    ```
    """
    version = context.settings.kuma_version
    if resource.form == "kubernetes":
        if resource.kind in ("VirtualOutbound", "Dataplane", "ExternalService"):
            violations = [_at_root(resource, violation) for violation in validate_mesh(resource.mesh, version)]
            yield from _raw_findings(resource, violations, True)
        return
    violations = validate_meta(resource.kind, resource.name or "", resource.mesh, version)
    # kumactl checks names only once the spec itself parsed and validated.
    spec_valid = resource.kind != "VirtualOutbound" or not _virtual_outbound_violations(resource, context)
    yield from _raw_findings(resource, [_at_root(resource, violation) for violation in violations], spec_valid)


def _at_root(resource: Resource, violation: Violation) -> Violation:
    return Violation(violation.field, violation.message, written_place(resource, resource.root + violation.path))


def _raw_findings(resource: Resource, violations: list[Violation], reported: bool) -> Iterator[Finding]:
    for violation in violations:
        text = f"Kuma rejects this: {violation.field}: {violation.message}"
        kuma = KumaMessage(violation.field, violation.message) if reported else None
        yield Finding(text, violation.path, kuma=kuma)


@check("VO206", "legacy-name", Severity.WARNING, kinds=("VirtualOutbound", "Dataplane", "ExternalService", "ZoneIngress", "Mesh"))
def legacy_name(resource: Resource, context: Context) -> Iterator[Finding]:
    """The name passes only Kuma's pre-2.5 rules; kumactl 2.5 to 2.9 accepts it with a warning.

    ## Why is this bad?
    Kuma 2.5 to 2.9 print ``[WARNING] Kuma 2.5.x introduces more strict
    validation rules for resource name ...`` and still apply the resource,
    but Kuma 2.10 and later reject it, so the next upgrade breaks the sync.

    ## Example
    ```yaml
    name: backend_hosts
    ```
    Use instead:
    ```yaml
    name: backend-hosts
    ```
    """
    if resource.form != "universal":
        return
    warning = meta_warning(resource.kind, resource.name or "", resource.mesh, context.settings.kuma_version)
    if warning:
        yield Finding(
            "kumactl accepts this name with a warning, and Kuma 2.10 rejects it: "
            "use lowercase letters, digits, '-' and '.'",
            resource.field("name"),
        )


@check("VO203", "dataplane-rejected", kinds=("Dataplane",))
def dataplane_rejected(resource: Resource, context: Context) -> Iterator[Finding]:
    """The Dataplane breaks a rule Kuma's Dataplane validator enforces, so Kuma rejects it.

    vocheck runs every check of Kuma's validator, in Kuma's order, with
    Kuma's field and message in the ``kuma`` object of the JSON output:
    ``networking.address``; inbound ports, addresses, tags (names,
    values, ``kuma.io/service``, ``kuma.io/protocol``), ``protocol`` and
    ``serviceProbe`` durations and thresholds; outbound ports, addresses,
    tags and ``backendRef`` (kind, name or labels, port);
    ``transparentProxying.reachableBackends`` refs; the ``admin`` port
    against inbound and outbound ports; gateways (no inbounds, no
    outbounds or probes on a builtin one, tags); ``probes`` ports and
    paths; the ``metrics`` backend (type, a ``prometheus`` conf that
    decodes, ``skipMTLS`` against ``tls``, an ``envoy.filterRegex`` Go's
    regexp package parses, unique ``aggregate`` names); and zone-proxy
    ``listeners``. ``kuma-version`` selects the rules of older releases
    (2.14 accepts inbounds without tags and dataplanes without inbounds,
    and added listeners). A ``filterRegex`` over 400 bytes is not judged.

    ## Why is this bad?
    Kuma refuses the Dataplane, so the proxy never registers and no
    VirtualOutbound hostname is generated for it.

    ## Example
    ```yaml
    networking:
      address: 192.168.0.2
      inbound:
        - port: 9000
          tags:
            version: v1
    ```
    Use instead:
    ```yaml
    networking:
      address: 192.168.0.2
      inbound:
        - port: 9000
          tags:
            kuma.io/service: backend
            version: v1
    ```
    """
    yield from _findings(resource, violations_of(resource, context))


@check("VO204", "external-service-rejected", kinds=("ExternalService",))
def external_service_rejected(resource: Resource, context: Context) -> Iterator[Finding]:
    """The ExternalService breaks a rule Kuma enforces on its address or tags.

    ## Why is this bad?
    Kuma refuses it, so neither its service entry nor its host entry
    reaches the mesh's DNS view.

    ## Example
    ```yaml
    networking:
      address: httpbin.org
    tags:
      kuma.io/service: httpbin
    ```
    Use instead:
    ```yaml
    networking:
      address: httpbin.org:443
    tags:
      kuma.io/service: httpbin
    ```
    """
    yield from _findings(resource, violations_of(resource, context))


@check("VO205", "zone-ingress-rejected", kinds=("ZoneIngress",))
def zone_ingress_rejected(resource: Resource, context: Context) -> Iterator[Finding]:
    """The ZoneIngress breaks a rule Kuma enforces on its networking or services.

    ## Why is this bad?
    Kuma refuses it, so the services it advertises from a remote zone
    never get hostnames or virtual IPs here.

    ## Example
    ```yaml
    networking:
      advertisedPort: 10001
    ```
    Use instead:
    ```yaml
    networking:
      advertisedAddress: 203.0.113.10
      advertisedPort: 10001
    ```
    """
    yield from _findings(resource, violations_of(resource, context))


@hookimpl
def vocheck_checks() -> list[Check]:
    return [
        virtual_outbound_rejected,
        invalid_name_or_mesh,
        legacy_name,
        dataplane_rejected,
        external_service_rejected,
        zone_ingress_rejected,
    ]
