"""The Kuma deployment a run checks against: one set of settings for config, checks and resolution.

This is the one declaration of the Kuma config keys (``kuma-version``,
``dns-domain``, ``dns-cidr``, ``service-vips``, ``service-vip-port``,
``zone``, ``mesh-service-cidr``, ``mesh-external-service-cidr``,
``mesh-multizone-service-cidr``) and their defaults: a Config holds one, resolution reads it.
It imports only vocheck's speed stand-ins, so every layer may use it.
"""

from __future__ import annotations

from vocheck._perf.records import record


@record
class KumaSettings:
    """Kuma's release, its ``dnsServer`` settings and the control plane's zone (config keys of the same names)."""

    kuma_version: tuple[int, int] = (2, 14)
    dns_domain: str = "mesh"
    dns_cidr: str = "240.0.0.0/4"
    service_vips: bool = True
    service_vip_port: int = 80
    zone: str = ""  # "" for a standalone control plane
    previous_vips: str | None = None
    # The zone-wide VIP pools of the MeshService world (Kuma's ipam.*.cidr).
    mesh_service_cidr: str = "241.0.0.0/8"
    mesh_external_service_cidr: str = "242.0.0.0/8"
    mesh_multizone_service_cidr: str = "243.0.0.0/8"


Settings = KumaSettings
"""The name plugins know it by: ``from vocheck import Settings``."""
