"""What Kuma's control plane rejects, reported in Kuma's own words."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from vocheck import Finding, Severity, check, hookimpl
from vocheck.kuma.api import kubernetes_name, kubernetes_name_violations, mesh_stages, meta_warning, spec_of, validate_mesh, validate_meta, violations_of
from vocheck_builtin.kuma_findings import TEMPLATES, at_root, findings, mesh_finding, raw_findings

if TYPE_CHECKING:
    from collections.abc import Iterator
    from vocheck import Check, Context, Resource
    from vocheck.kuma.api import Violation


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
    for finding in findings(resource, _virtual_outbound_violations(resource, context)):
        field = finding.kuma.field.removeprefix("spec.") if finding.kuma else ""
        text = getattr(spec.conf, field.removeprefix("conf."), "") if spec and spec.conf and field in TEMPLATES else ""
        if isinstance(text, str) and text.endswith("\n"):
            # A "|" or ">" block scalar keeps its final newline, which no hostname or port has.
            finding = replace(finding, message=finding.message + '; the value ends with a newline: use "|-" or ">-"')
        yield finding


# Kinds whose Universal metadata kumactl checks after their own schema fills a missing mesh with "default".
_SERVICE_WORLD = ("HostnameGenerator", "MeshService", "MeshExternalService", "MeshMultiZoneService")
_NAMED_KINDS = ("VirtualOutbound", "Dataplane", "ExternalService", "ZoneIngress", "Mesh", *_SERVICE_WORLD)


@check("VO202", "invalid-name-or-mesh", kinds=_NAMED_KINDS)
def invalid_name_or_mesh(resource: Resource, context: Context) -> Iterator[Finding]:
    """The resource's name or mesh breaks Kuma's naming rules for the target release.

    Since Kuma 2.5 names must be lowercase RFC 1123 subdomains of at most
    253 characters (2.5 to 2.9 still accepted older names with a warning
    in ``kumactl``); mesh names may hold digits, lowercase letters, ``-``,
    ``_`` and ``.``. In the Kubernetes form the API server itself refuses a
    ``metadata.name`` that is not a DNS-1123 subdomain (lowercase, at most
    253 characters), whatever the kind and the Kuma release, in its own
    words (``metadata.name: Invalid value: "UPPER": a lowercase RFC 1123
    subdomain ...``). The Kubernetes form must name its mesh in the
    top-level ``mesh`` field. A HostnameGenerator has no mesh; a
    MeshService, MeshExternalService or MeshMultiZoneService without one
    is in ``default`` (its schema fills it in). ``kuma-version`` selects
    the rules.

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
        for problem in kubernetes_name_violations(kubernetes_name(resource.data)):
            yield Finding(f"Kubernetes rejects this: {problem}", resource.field("metadata", "name"))
        if resource.kind in ("VirtualOutbound", "Dataplane", "ExternalService"):
            violations = [at_root(resource, violation) for violation in validate_mesh(resource.mesh, version)]
            yield from raw_findings(resource, violations, True)
        return
    mesh = resource.mesh or "default" if resource.kind in _SERVICE_WORLD else resource.mesh
    violations = validate_meta(resource.kind, resource.name or "", mesh, version)
    # kumactl checks names only once the spec itself parsed and validated.
    validated = resource.kind == "VirtualOutbound" or resource.kind in _SERVICE_WORLD
    spec_valid = not validated or not violations_of(resource, context)
    yield from raw_findings(resource, [at_root(resource, violation) for violation in violations], spec_valid)


@check("VO206", "legacy-name", Severity.WARNING, kinds=_NAMED_KINDS)
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
    mesh = resource.mesh or "default" if resource.kind in _SERVICE_WORLD else resource.mesh
    warning = meta_warning(resource.kind, resource.name or "", mesh, context.settings.kuma_version)
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
    yield from findings(resource, violations_of(resource, context))


@check("VO204", "external-service-rejected", kinds=("ExternalService",))
def external_service_rejected(resource: Resource, context: Context) -> Iterator[Finding]:
    """The ExternalService breaks a rule Kuma's ExternalService validator enforces, so Kuma rejects it.

    vocheck runs Kuma's checks in Kuma's order: ``networking`` must be
    set, its ``address`` must be ``host:port`` with an IP address or a
    domain name and a port from 1 to 65535; a written
    ``tls.serverName`` must not be empty and each written TLS data source
    (``caCert``, ``clientCert``, ``clientKey``) must name a non-empty
    secret, file, inline or inlineString (of several, the last declared
    is the one Kuma keeps). Then the tags: ``kuma.io/protocol`` must be a
    protocol Kuma knows, names and values must use Kuma's characters,
    ``kuma.io/service`` is mandatory and, since 2.6, must not repeat the
    address's host. On Kubernetes the fields are rooted at ``spec.``.
    Kuma's check against RateLimit policies on create is not run (vocheck
    does not read RateLimits).

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
    yield from findings(resource, violations_of(resource, context))


@check("VO205", "zone-ingress-rejected", kinds=("ZoneIngress",))
def zone_ingress_rejected(resource: Resource, context: Context) -> Iterator[Finding]:
    """The ZoneIngress breaks a rule Kuma's ZoneIngress validator enforces, so Kuma rejects it.

    vocheck runs Kuma's checks in Kuma's order: a written
    ``networking.admin.port`` must differ from ``port`` (or
    ``advertisedPort``) when that listener's address is 127.0.0.1 or a
    wildcard; ``advertisedAddress`` and ``advertisedPort`` come together;
    the addresses must be IP addresses or domain names and not 0.0.0.0 or
    ``::``; ``port`` (and a written ``advertisedPort``) must be from 1 to
    65535; every available service needs valid tags with
    ``kuma.io/service``. On Kubernetes the fields are rooted at ``spec.``.

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
    yield from findings(resource, violations_of(resource, context))


@check("VO207", "mesh-rejected", kinds=("Mesh",))
def mesh_rejected(resource: Resource, context: Context) -> Iterator[Finding]:
    """The Mesh breaks a rule Kuma enforces on its backends, constraints or routing, so Kuma rejects it.

    vocheck runs Kuma 2.14's Mesh validator in Kuma's order: the mTLS
    backends (at most one, unique names, ``dpCert.rotation.expiration``
    in Kuma's ``<n><y|w|d|h|m|s|ms>`` format, ``enabledBackend`` naming
    one of them), the logging backends (``file`` needs ``conf.path``,
    ``tcp`` a ``HOST:PORT`` ``conf.address``, unique names,
    ``defaultBackend``), the tracing backends (``sampling`` within 0 to
    100, ``zipkin`` needs a ``conf.url`` with an explicit port and a known
    ``apiVersion``, ``datadog`` an address and a port), the metrics
    backends (only ``prometheus``; ``skipMTLS`` and ``tls.mode`` must
    agree, ``envoy.filterRegex`` must compile as a Go regexp (one over
    400 bytes is not judged), aggregate names must be unique), the
    ``constraints.dataplaneProxy`` tags, and
    ``routing.zoneEgress``, which needs mTLS. A backend's ``conf`` is
    read as the typed message of its type, so a value of the wrong type
    there is reported as Kuma's "could not parse config" error.

    Then the control plane's create checks: a Mesh name of at most 63
    characters, an installed CA plugin for every mTLS backend (Kuma 2.14
    ships ``builtin`` and ``provided``), and, unless
    ``mtls.skipValidation`` is set, a usable backend (a ``builtin``
    backend's secret name ``<mesh>.ca-builtin-cert-<backend>`` must be a
    lowercase DNS name; a ``provided`` backend needs a ``cert`` and a
    ``key`` data source). On Kubernetes the defaulting webhook runs first
    (it reads each Prometheus ``conf`` and drops ``skipMTLS`` next to
    ``tls.mode: providedTLS``). Kuma reports only the first stage that
    fails; findings of later stages carry no ``kuma`` object.

    ## Why is this bad?
    ``kumactl apply`` or the Kubernetes admission webhook refuses the
    Mesh, so none of the mesh's policies, Dataplanes or VirtualOutbounds
    take effect until it is fixed.

    ## Example
    ```yaml
    type: Mesh
    name: default
    routing:
      zoneEgress: true
    ```
    Use instead:
    ```yaml
    type: Mesh
    name: default
    mtls:
      enabledBackend: ca-1
      backends:
        - name: ca-1
          type: builtin
    routing:
      zoneEgress: true
    ```
    """
    stages = mesh_stages(resource, context)
    reported = next((index for index, stage in enumerate(stages) if stage), None)
    if resource.form == "universal" and validate_meta(
        resource.kind, resource.name or "", resource.mesh, context.settings.kuma_version
    ):
        # kumactl stops at the name before it sends the Mesh to the control plane.
        reported = 0 if stages and stages[0] else None
    for index, stage in enumerate(stages):
        for violation in stage:
            yield mesh_finding(resource, violation, index == reported)


@hookimpl
def vocheck_checks() -> list[Check]:
    return [
        virtual_outbound_rejected,
        invalid_name_or_mesh,
        legacy_name,
        dataplane_rejected,
        external_service_rejected,
        zone_ingress_rejected,
        mesh_rejected,
    ]
