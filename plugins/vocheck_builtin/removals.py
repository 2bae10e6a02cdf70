"""What Kuma 3.0 removes: fields and kinds a 2.x repository still writes, each with what replaces it.

They report nothing before ``kuma-version`` 3.0. Kuma 3.0 drops a removed
field silently when it reads a resource (its protobuf field is reserved and
unknown fields are allowed), so nothing but these checks tells the user
that a selector now selects nothing or a mesh mode no longer applies.
VirtualOutbound itself is VO402's: an error for each policy from 3.0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vocheck import Finding, KumaMessage, Severity, check, hookimpl
from vocheck.kuma.api import go_quote as quote, mode_name

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any
    from vocheck import Check, Context, Resource

KUMA_3 = (3, 0)
PROTOCOL_TAG = "kuma.io/protocol"
SERVICE_TAG = "kuma.io/service"
WORKLOAD_LABEL = "kuma.io/workload"


def _removed(context: Context) -> bool:
    return context.settings.kuma_version >= KUMA_3


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


@check("VO410", "removed-mesh-services-mode", Severity.ERROR, kinds=("Mesh",))
def removed_mesh_services_mode(resource: Resource, context: Context) -> Iterator[Finding]:
    """Kuma 3.0 removed ``meshServices`` from Mesh: every mesh works as ``Exclusive``.

    Reported from ``kuma-version`` 3.0. Kuma 3.0 still applies a Mesh that
    sets ``meshServices`` but ignores the field: MeshService,
    MeshExternalService and MeshMultiZoneService are always on, and only
    they are served. The legacy view of ``kuma.io/service`` names,
    ExternalService hosts and VirtualOutbound hostnames is gone with its
    VIP allocator, whatever the mode said.

    ## Why is this bad?
    A mesh in ``Disabled``, ``Everywhere`` or ``ReachableBackends`` mode
    changes behaviour on upgrade without any error: ``<service>.mesh``
    names stop resolving, and clients that used them lose their
    destinations. In ``Exclusive`` mode nothing changes, but the field is
    dead and misleads readers.

    ## Example
    ```yaml
    type: Mesh
    name: default
    meshServices:
      mode: Everywhere
    ```
    Use instead: name the services with HostnameGenerators for their
    MeshServices, move clients to those names, then drop the field:
    ```yaml
    type: Mesh
    name: default
    ```
    """
    if not _removed(context):
        return
    spec = _mapping(resource.spec)
    if "meshServices" not in spec:
        return
    mode = _mapping(spec["meshServices"]).get("mode")
    named = mode_name(mode)
    if named == "Exclusive":
        effect = "which this mesh already uses; delete the field"
    else:
        was = quote(named) if named else f"{quote('Disabled')} (no mode)"
        effect = (
            f"not {was}: only MeshService, MeshExternalService and MeshMultiZoneService are served, and "
            "kuma.io/service names (<service>.mesh), ExternalService hosts and VirtualOutbound hostnames stop "
            "resolving; give clients MeshService hostnames from a HostnameGenerator first, then delete the field"
        )
    message = f"Kuma 3.0 removed meshServices from Mesh and ignores it: every mesh works as in mode Exclusive, {effect}"
    path = resource.at("meshServices", "mode") if mode is not None else resource.at("meshServices")
    yield Finding(message, path, at_key=mode is None)


@check("VO411", "removed-dataplane-tags-selector", Severity.ERROR, kinds=("MeshService",))
def removed_dataplane_tags_selector(resource: Resource, context: Context) -> Iterator[Finding]:
    """Kuma 3.0 removed the MeshService selector ``dataplaneTags``: use ``dataplaneLabels``.

    Reported from ``kuma-version`` 3.0. Inbound tags are gone in 3.0, and
    with them the selector that matched them: Kuma drops
    ``spec.selector.dataplaneTags`` when it reads the MeshService, which
    keeps its name and ports but selects no data plane proxy. Kuma 3.0
    only warns about a MeshService left without a selector, and only when
    it is next created or updated.

    ## Why is this bad?
    The service has no endpoints after the upgrade: its status turns
    ``Unavailable`` and every client of its hostname fails.

    ## Example
    ```yaml
    spec:
      selector:
        dataplaneTags:
          app: redis
    ```
    Use instead: the same keys as labels of the Dataplanes (on Universal
    the Dataplane's ``labels``, on Kubernetes the pod's labels):
    ```yaml
    spec:
      selector:
        dataplaneLabels:
          matchLabels:
            app: redis
    ```
    """
    if not _removed(context):
        return
    selector = _mapping(_mapping(resource.spec).get("selector"))
    if "dataplaneTags" not in selector:
        return
    others = [name for name in ("dataplaneRef", "dataplaneLabels") if selector.get(name) is not None]
    tags = _mapping(selector["dataplaneTags"])
    if others:
        effect = f"the MeshService keeps only its {others[0]} selector; delete dataplaneTags"
    else:
        # 3.0 has no kuma.io/service tag: a Dataplane names its workload with the kuma.io/workload label.
        labels = {WORKLOAD_LABEL if key == SERVICE_TAG else key: value for key, value in tags.items() if isinstance(value, str)}
        shown = ", ".join(f"{key}: {value}" for key, value in labels.items())
        effect = (
            "this MeshService selects no data plane proxy and gets no endpoints; select the Dataplanes by their "
            f"labels instead: dataplaneLabels: {{matchLabels: {{{shown}}}}}"
        )
        if SERVICE_TAG in tags:
            effect += f" (3.0 has no {SERVICE_TAG} tag: a Dataplane names its workload with the {WORKLOAD_LABEL} label)"
    yield Finding(
        f"Kuma 3.0 removed the dataplaneTags selector and drops it when it reads the resource: {effect}",
        resource.at("selector", "dataplaneTags"),
        at_key=True,
    )


@check("VO412", "removed-inbound-tags", Severity.ERROR, kinds=("Dataplane",))
def removed_inbound_tags(resource: Resource, context: Context) -> Iterator[Finding]:
    """Kuma 3.0 removed inbound ``tags``: a Dataplane is matched by its own labels.

    Reported from ``kuma-version`` 3.0, at each inbound's ``tags``. Kuma
    3.0 drops ``networking.inbound[].tags`` when it reads a Dataplane,
    without an error. Policies, MeshService selectors
    (``dataplaneLabels``) and MeshService generation (the
    ``kuma.io/workload`` label) read the Dataplane's labels instead: the
    top-level ``labels`` on Universal, the pod's labels on Kubernetes
    (where inbound tags were already ignored). A ``kuma.io/protocol`` tag
    no longer sets the inbound's protocol either: only the inbound's
    ``protocol`` field does.

    ## Why is this bad?
    Everything that matched those tags stops matching after the upgrade,
    with nothing in Kuma's API to say so; an HTTP inbound declared only by
    its tag becomes plain TCP.

    ## Example
    ```yaml
    type: Dataplane
    name: web-1
    mesh: default
    networking:
      address: 10.0.0.1
      inbound:
        - port: 8080
          tags:
            kuma.io/service: web
            kuma.io/protocol: http
            version: v1
    ```
    Use instead:
    ```yaml
    type: Dataplane
    name: web-1
    mesh: default
    labels:
      kuma.io/workload: web
      version: v1
    networking:
      address: 10.0.0.1
      inbound:
        - port: 8080
          protocol: http
    ```
    """
    if not _removed(context):
        return
    networking = _mapping(_mapping(resource.spec).get("networking"))
    inbounds = networking.get("inbound")
    if not isinstance(inbounds, list):
        return
    tagged = [(index, _mapping(inbound)) for index, inbound in enumerate(inbounds) if "tags" in _mapping(inbound)]
    if resource.form == "kubernetes":
        where = "on Kubernetes a Dataplane's labels are its pod's labels: set them there"
    else:
        where = 'set them as the Dataplane\'s own "labels:" (a top-level field)'
    differ = len({repr(sorted(_mapping(inbound["tags"]).items())) for _, inbound in tagged}) > 1
    for index, inbound in tagged:
        tags = _mapping(inbound["tags"])
        message = (
            "Kuma 3.0 removed inbound tags and drops them when it reads the Dataplane: policies and MeshService "
            f"selectors matching them stop matching; {where}"
        )
        if differ:
            message += "; inbounds that need different tags become Dataplanes of their own"
        if PROTOCOL_TAG in tags and "protocol" not in inbound:
            message += f"; {PROTOCOL_TAG} no longer sets the protocol: add protocol: {tags[PROTOCOL_TAG]} to the inbound"
        yield Finding(message, resource.at("networking", "inbound", index, "tags"), at_key=True)


@check("VO413", "removed-kind", Severity.ERROR, kinds=("ExternalService", "ZoneIngress"))
def removed_kind(resource: Resource, context: Context) -> Iterator[Finding]:
    """Kuma 3.0 removed ExternalService and ZoneIngress: the resource is rejected.

    Reported from ``kuma-version`` 3.0, at the resource's ``type`` (or
    ``kind``). Kuma 3.0 no longer knows these resource types: their REST
    endpoints and CRDs are gone, so applying one fails. An ExternalService
    becomes a MeshExternalService, named by a HostnameGenerator with a
    ``meshExternalService`` selector (Kuma's default one names it
    ``<name>.extsvc.mesh.local``); a zone ingress is a Dataplane with zone
    proxy listeners. VirtualOutbound, removed too, is VO402's.

    ## Why is this bad?
    The apply fails, and what the resource did (an external destination,
    cross-zone traffic) is gone until it is replaced.

    ## Example
    ```yaml
    type: ExternalService
    mesh: default
    name: httpbin
    tags:
      kuma.io/service: httpbin
    networking:
      address: httpbin.org:443
    ```
    Use instead:
    ```yaml
    type: MeshExternalService
    mesh: default
    name: httpbin
    spec:
      match: {type: HostnameGenerator, port: 443, protocol: tcp}
      endpoints:
        - {address: httpbin.org, port: 443}
    ```
    """
    if not _removed(context):
        return
    if resource.kind == "ExternalService":
        instead = (
            "use a MeshExternalService, named by a HostnameGenerator with a meshExternalService selector "
            '(Kuma\'s default one names it "<name>.extsvc.mesh.local")'
        )
    else:
        instead = "a zone proxy is a Dataplane with zone proxy listeners"
    path = resource.field("kind") if resource.form == "kubernetes" else resource.field("type")
    yield Finding(f"Kuma 3.0 removed {resource.kind}: this resource is rejected; {instead}", path)


@check("VO414", "removed-outbound-tags", Severity.ERROR, kinds=("Dataplane",))
def removed_outbound_tags(resource: Resource, context: Context) -> Iterator[Finding]:
    """Kuma 3.0 removed outbound ``tags``: an outbound names its destination with ``backendRef``.

    Reported from ``kuma-version`` 3.0, at each outbound's ``tags``. Kuma
    3.0 drops the tags when it reads a Dataplane and rejects an outbound
    without ``backendRef`` (``backendRef: must be defined``, which the
    finding carries in ``kuma``). An outbound that has a ``backendRef``
    as well is accepted, and its tags are ignored.

    ## Why is this bad?
    ``kumactl apply`` fails; a Dataplane already stored keeps being served
    without that outbound, so the workload loses the destination.

    ## Example
    ```yaml
    networking:
      outbound:
        - port: 3000
          tags:
            kuma.io/service: postgres
    ```
    Use instead:
    ```yaml
    networking:
      outbound:
        - port: 3000
          backendRef:
            kind: MeshService
            name: postgres
            port: 5432
    ```
    """
    if not _removed(context):
        return
    networking = _mapping(_mapping(resource.spec).get("networking"))
    outbounds = networking.get("outbound")
    if not isinstance(outbounds, list):
        return
    for index, outbound in enumerate(outbounds):
        outbound = _mapping(outbound)
        if "tags" not in outbound:
            continue
        path = resource.at("networking", "outbound", index, "tags")
        if outbound.get("backendRef") is not None:
            yield Finding("Kuma 3.0 removed outbound tags and ignores them here: the backendRef alone names the destination; delete tags", path, at_key=True)
            continue
        service = _mapping(outbound["tags"]).get(SERVICE_TAG)
        target = f"name: {service}, " if isinstance(service, str) else ""
        yield Finding(
            "Kuma 3.0 removed outbound tags and rejects this outbound (backendRef: must be defined); "
            f"name the destination with backendRef: {{kind: MeshService, {target}port: <its port>}}",
            path,
            at_key=True,
            kuma=KumaMessage(f"networking.outbound[{index}].backendRef", "must be defined"),
        )


@hookimpl
def vocheck_checks() -> list[Check]:
    return [
        removed_mesh_services_mode,
        removed_dataplane_tags_selector,
        removed_inbound_tags,
        removed_kind,
        removed_outbound_tags,
    ]
