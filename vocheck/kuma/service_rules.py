"""Kuma's validators of the MeshService world: HostnameGenerator, MeshService, MeshExternalService, MeshMultiZoneService."""

from __future__ import annotations

from vocheck.kuma.service_specs import KumaMeta
from vocheck.kuma.specs import Violation


def validate_service_kind(meta: KumaMeta, spec: object, *, kuma_version: tuple[int, int]) -> list[Violation]:
    """Every violation Kuma's validator of the resource's kind reports, in Kuma's order."""
    return []
