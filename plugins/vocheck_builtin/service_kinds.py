"""What Kuma rejects in a HostnameGenerator, MeshService, MeshExternalService or MeshMultiZoneService, in Kuma's words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vocheck import check, hookimpl
from vocheck.kuma.api import violations_of
from vocheck_builtin.kuma_findings import findings

if TYPE_CHECKING:
    from collections.abc import Iterator
    from vocheck import Check, Context, Finding, Resource


@check("VO210", "hostname-generator-rejected", kinds=("HostnameGenerator",))
def hostname_generator_rejected(resource: Resource, context: Context) -> Iterator[Finding]:
    """The HostnameGenerator breaks a rule Kuma's validator enforces, so Kuma rejects it.

    Kuma wants exactly one selector (``meshService``,
    ``meshExternalService`` or ``meshMultiZoneService``), a template that
    is not empty and parses as a Go template (``label`` is the one added
    function), and, since 2.11, a ``type`` in a written ``extension``.
    From Kuma 2.14 the template is also rendered with stand-in values
    (``.Name`` is ``name``, ``.DisplayName`` ``displayname``,
    ``.Namespace`` ``namespace``, ``.Mesh`` ``mesh``, ``.Zone`` ``zone``,
    ``label`` returns ``label``): a field the data lacks (``.Service``) is
    an error, and the result must be a lowercase RFC 1123 subdomain; up to
    2.13 the template is only parsed. On Kubernetes the generator must
    live in Kuma's system namespace (``kuma-system``). ``kuma-version``
    selects the rules; the ``kuma`` object of the JSON output holds Kuma's
    field and message byte for byte.

    ## Why is this bad?
    ``kumactl apply`` and the Kubernetes admission webhook refuse the
    generator, so none of the hostnames it would give is created.

    ## Example
    ```yaml
    type: HostnameGenerator
    name: all-services
    spec:
      template: "{{ .DisplayName }}.MESH"
    ```
    Use instead:
    ```yaml
    type: HostnameGenerator
    name: all-services
    spec:
      selector:
        meshService:
          matchLabels:
            kuma.io/origin: zone
      template: "{{ .DisplayName }}.svc.mesh.local"
    ```
    """
    yield from findings(resource, violations_of(resource, context))


@check("VO211", "mesh-service-rejected", kinds=("MeshService",))
def mesh_service_rejected(resource: Resource, context: Context) -> Iterator[Finding]:
    """The MeshService breaks a rule Kuma's validator enforces, so Kuma rejects it.

    Its name (the ``kuma.io/display-name`` label when set, which Kuma's
    Kubernetes store takes from the annotation of that name or the object's
    name) holds at most 63 characters; since Kuma 2.10 ``spec.selector``
    uses at most one of ``dataplaneTags``, ``dataplaneRef`` and
    ``dataplaneLabels``. Kuma 3.0 wants the name to be an RFC 1035 label
    (a letter first, no dots), knows no ``dataplaneTags`` and checks that
    each written ``appProtocol`` is grpc, http, http2 or tcp.

    ## Why is this bad?
    Kuma refuses the MeshService, so it gets no VIP and no hostname, and
    no proxy can reach the service by it.

    ## Example
    ```yaml
    spec:
      selector:
        dataplaneTags:
          app: redis
        dataplaneLabels:
          matchLabels:
            app: redis
    ```
    Use instead:
    ```yaml
    spec:
      selector:
        dataplaneLabels:
          matchLabels:
            app: redis
    ```
    """
    yield from findings(resource, violations_of(resource, context))


@check("VO212", "mesh-external-service-rejected", kinds=("MeshExternalService",))
def mesh_external_service_rejected(resource: Resource, context: Context) -> Iterator[Finding]:
    """The MeshExternalService breaks a rule Kuma's validator enforces, so Kuma rejects it.

    Kuma checks, in order: the name (at most 63 characters; the display
    name since 2.11, the core name ``<name>.<namespace>`` before), then
    ``spec.match`` (type ``HostnameGenerator``, a port from 1 to 65535,
    protocol tcp, grpc, http or http2); without an ``extension`` each
    endpoint (an IP address or a hostname, with a valid port) and
    ``tls`` (``version`` bounds, a DNS ``serverName``, the verification
    ``mode``, ``subjectAltNames`` types, ``clientCert`` and ``clientKey``
    together); a written ``extension`` needs a ``type``. On Kubernetes it
    must live in Kuma's system namespace (``kuma-system``).

    ## Why is this bad?
    Kuma refuses it, so proxies get no route to the external service.

    ## Example
    ```yaml
    spec:
      match:
        port: 443
        protocol: tcp
      endpoints:
        - address: httpbin.org
          port: 443
      tls:
        enabled: true
        verification:
          clientKey:
            secret: client-key
    ```
    Use instead:
    ```yaml
    spec:
      match:
        port: 443
        protocol: tcp
      endpoints:
        - address: httpbin.org
          port: 443
      tls:
        enabled: true
        verification:
          clientCert:
            secret: client-cert
          clientKey:
            secret: client-key
    ```
    """
    yield from findings(resource, violations_of(resource, context))


@check("VO213", "mesh-multi-zone-service-rejected", kinds=("MeshMultiZoneService",))
def mesh_multi_zone_service_rejected(resource: Resource, context: Context) -> Iterator[Finding]:
    """The MeshMultiZoneService breaks a rule Kuma's validator enforces, so Kuma rejects it.

    ``spec.selector.meshService.matchLabels`` and ``spec.ports`` must not
    be empty; since Kuma 2.10 a written port ``name`` must not be empty
    and each ``appProtocol`` must be one Kuma lists (grpc, http, http2,
    kafka, tcp; no kafka in 3.0, which also wants the name to be an RFC
    1035 label).

    ## Why is this bad?
    Kuma refuses it, so the services of the other zones are not grouped
    under its name.

    ## Example
    ```yaml
    spec:
      selector:
        meshService: {}
      ports:
        - port: 80
          appProtocol: https
    ```
    Use instead:
    ```yaml
    spec:
      selector:
        meshService:
          matchLabels:
            kuma.io/display-name: backend
      ports:
        - port: 80
          appProtocol: http
    ```
    """
    yield from findings(resource, violations_of(resource, context))


@hookimpl
def vocheck_checks() -> list[Check]:
    return [
        hostname_generator_rejected,
        mesh_service_rejected,
        mesh_external_service_rejected,
        mesh_multi_zone_service_rejected,
    ]
