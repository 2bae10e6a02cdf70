"""Kuma for checks: a resource's decoded spec, what Kuma's validators say of it, and Kuma's own helpers.

This is the public seam between the checks and Kuma's rules. A check, built in
or third-party, reaches the typed spec Kuma decodes (``spec_of``), the
violations Kuma's validators report (``violations_of``) and whether Kuma
would store the resource at all (``accepted``) through here, and never
imports the modules behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vocheck.kuma.acceptance import accepted
from vocheck.kuma.decoding import (
    creation_time,
    kuma_meta,
    mesh_stages,
    placed,
    spec_of,
    status_of,
    violations_of,
    written_place,
)
from vocheck.kuma.hostnames import is_ip
from vocheck.kuma.meta import kubernetes_name, kubernetes_name_violations, meta_warning, validate_mesh, validate_meta
from vocheck.kuma.netaddr import split_host_port
from vocheck.kuma.quote import go_quote
from vocheck.kuma.specs import (
    KUMA_KINDS,
    Conf,
    DataplaneSpec,
    ExternalServiceSpec,
    MeshGatewaySpec,
    Parameter,
    VirtualOutboundSpec,
    Violation,
)

if TYPE_CHECKING:
    from vocheck.context import ResourceSet
    from vocheck.kuma.meshmodes import ExclusiveMesh, MeshMode
    from vocheck.kuma.service_specs import (
        MESH_SERVICE_WORLD_KINDS,
        SERVICE_KINDS,
        Address,
        Condition,
        DataplaneProxies,
        DataplaneRef,
        DataSource,
        Endpoint,
        Extension,
        HostnameGeneratorRef,
        HostnameGeneratorSelector,
        HostnameGeneratorSpec,
        HostnameGeneratorStatus,
        KumaMeta,
        LabelSelector,
        Match,
        MatchedMeshService,
        MeshExternalServiceSpec,
        MeshExternalServiceStatus,
        MeshMultiZoneServiceSpec,
        MeshMultiZoneServiceStatus,
        MeshServiceIdentity,
        MeshServicePort,
        MeshServiceSelector,
        MeshServiceSpec,
        MeshServiceStatus,
        MultiZonePort,
        SANMatch,
        ServiceStatus,
        Tls,
        TlsVersion,
        Verification,
    )

# The MeshService world's types are imported on first use: a run without those kinds never loads them.
_SERVICE_NAMES = frozenset(
    {
        "MESH_SERVICE_WORLD_KINDS",
        "SERVICE_KINDS",
        "Address",
        "Condition",
        "DataplaneProxies",
        "DataplaneRef",
        "DataSource",
        "Endpoint",
        "Extension",
        "HostnameGeneratorRef",
        "HostnameGeneratorSelector",
        "HostnameGeneratorSpec",
        "HostnameGeneratorStatus",
        "KumaMeta",
        "LabelSelector",
        "Match",
        "MatchedMeshService",
        "MeshExternalServiceSpec",
        "MeshExternalServiceStatus",
        "MeshMultiZoneServiceSpec",
        "MeshMultiZoneServiceStatus",
        "MeshServiceIdentity",
        "MeshServicePort",
        "MeshServiceSelector",
        "MeshServiceSpec",
        "MeshServiceStatus",
        "MultiZonePort",
        "SANMatch",
        "ServiceStatus",
        "Tls",
        "TlsVersion",
        "Verification",
    }
)


# What Mesh resources set: the module that reads it is loaded for a run that has a Mesh.
_MESH_MODE_NAMES = frozenset({"ExclusiveMesh", "MeshMode"})


def mesh_modes(resources: ResourceSet) -> dict[str, MeshMode]:
    """The mode each Mesh of the run sets, by mesh name; of two Mesh resources of one name, the last counts.

    A Mesh that sets no mode (Kuma reads it as Disabled) or one Kuma does
    not know is left out.
    """
    if not any(resource.kind == "Mesh" for resource in resources.resources):
        return {}
    from vocheck.kuma import meshmodes

    return meshmodes.mesh_modes(resources)


def exclusive_meshes(resources: ResourceSet) -> dict[str, ExclusiveMesh]:
    """Meshes of the run in Exclusive mode, by name; of two Mesh resources of one name, the last counts.

    In that mode Kuma 2.14 still builds and persists the mesh's VIP view but
    gives proxies none of it: no DNS record and no outbound for a default
    service name, an external service's host or a VirtualOutbound hostname.
    """
    if not any(resource.kind == "Mesh" for resource in resources.resources):
        return {}
    from vocheck.kuma import meshmodes

    return meshmodes.exclusive_meshes(resources)


def mode_name(value: Any) -> str | None:
    """The mode a written ``meshServices.mode`` value names (by name or by Kuma's enum number), else None."""
    from vocheck.kuma import meshmodes  # asked of a Mesh only

    return meshmodes.mode_name(value)


def __getattr__(name: str) -> Any:
    if name in _SERVICE_NAMES:
        from vocheck.kuma import service_specs

        return getattr(service_specs, name)
    if name in _MESH_MODE_NAMES:
        from vocheck.kuma import meshmodes

        return getattr(meshmodes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "KUMA_KINDS",
    "MESH_SERVICE_WORLD_KINDS",
    "SERVICE_KINDS",
    "Address",
    "Condition",
    "Conf",
    "DataSource",
    "DataplaneProxies",
    "DataplaneRef",
    "DataplaneSpec",
    "Endpoint",
    "ExclusiveMesh",
    "Extension",
    "ExternalServiceSpec",
    "HostnameGeneratorRef",
    "HostnameGeneratorSelector",
    "HostnameGeneratorSpec",
    "HostnameGeneratorStatus",
    "KumaMeta",
    "LabelSelector",
    "Match",
    "MatchedMeshService",
    "MeshExternalServiceSpec",
    "MeshExternalServiceStatus",
    "MeshGatewaySpec",
    "MeshMode",
    "MeshMultiZoneServiceSpec",
    "MeshMultiZoneServiceStatus",
    "MeshServiceIdentity",
    "MeshServicePort",
    "MeshServiceSelector",
    "MeshServiceSpec",
    "MeshServiceStatus",
    "MultiZonePort",
    "Parameter",
    "SANMatch",
    "ServiceStatus",
    "Tls",
    "TlsVersion",
    "Verification",
    "VirtualOutboundSpec",
    "Violation",
    "accepted",
    "creation_time",
    "exclusive_meshes",
    "go_quote",
    "is_ip",
    "kubernetes_name",
    "kubernetes_name_violations",
    "kuma_meta",
    "mesh_modes",
    "mesh_stages",
    "meta_warning",
    "mode_name",
    "placed",
    "spec_of",
    "split_host_port",
    "status_of",
    "validate_mesh",
    "validate_meta",
    "violations_of",
    "written_place",
]
