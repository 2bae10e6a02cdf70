"""Whether Kuma's control plane would store a resource: the one test the preview and the checks share."""

from __future__ import annotations

from vocheck.context import Context
from vocheck.kuma.decoding import spec_of, violations_of
from vocheck.kuma.meta import kubernetes_name, kubernetes_name_violations, validate_meta
from vocheck.model import Resource


def accepted(resource: Resource, context: Context) -> bool:
    """Kuma decodes the spec, accepts the name and mesh (Universal) and its validator finds nothing.

    A rejected resource never reaches Kuma's store, so it generates nothing
    and competes with nothing.
    """
    version = context.settings.kuma_version
    if resource.kind == "VirtualOutbound" and version >= (3, 0):
        return False  # Kuma 3.0 has no such type: kumactl and the API server refuse it (VO402 says so)
    if spec_of(resource, context) is None:
        return False
    if resource.form == "universal" and validate_meta(resource.kind, resource.name or "", resource.mesh, version):
        return False
    if resource.form == "kubernetes" and kubernetes_name_violations(kubernetes_name(resource.data)):
        return False  # the API server refuses it before Kuma sees it
    return not violations_of(resource, context)
