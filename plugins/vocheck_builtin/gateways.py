"""MeshGateway: what Kuma's control plane rejects, reported in Kuma's own words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vocheck import Finding, KumaMessage, check, hookimpl
from vocheck.kuma.api import placed, violations_of

if TYPE_CHECKING:
    from collections.abc import Iterator
    from vocheck import Check, Context, Resource


@check("VO209", "mesh-gateway-rejected", kinds=("MeshGateway",))
def mesh_gateway_rejected(resource: Resource, context: Context) -> Iterator[Finding]:
    """The MeshGateway breaks a rule Kuma's validator enforces, so Kuma rejects it.

    Selectors need ``kuma.io/service`` (and only one selector when a
    listener is cross-mesh); the gateway's and listeners' tags may not set
    ``kuma.io/service``, ``kuma.io/protocol``, ``kuma.io/zone`` or
    ``kuma.io/external-service``; every listener needs a port and a
    protocol, a valid hostname if any, TLS settings that fit its protocol,
    and listeners on one port must agree on the protocol and connection
    limit and differ in hostname.

    ## Why is this bad?
    Kuma refuses the gateway: none of its listeners exist, and a cross-mesh
    listener's hostname never reaches any mesh's DNS view.

    ## Example
    ```yaml
    conf:
      listeners:
        - hostname: foo.example.com
          port: 8443
          protocol: HTTPS
          crossMesh: true
    ```
    Use instead:
    ```yaml
    conf:
      listeners:
        - hostname: foo.example.com
          port: 8080
          protocol: HTTP
          crossMesh: true
    ```
    """
    for violation in violations_of(resource, context):
        where = placed(resource, violation)
        yield Finding(f"Kuma rejects this: {where.field}: {where.message}", where.path, kuma=KumaMessage(where.field, where.message))


@hookimpl
def vocheck_checks() -> list[Check]:
    return [mesh_gateway_rejected]
