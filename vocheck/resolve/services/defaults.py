"""The HostnameGenerators Kuma's control planes create at start-up, as a zone control plane sees them.

A zone control plane creates ``local-mesh-external-service`` and, on
Universal, ``local-universal-mesh-service`` (both labelled ``kuma.io/origin:
zone``). The global control plane creates the five ``synced-*`` ones, which
reach a federated zone (``zone`` set) through KDS under a hashed name and
labelled ``kuma.io/origin: global``. They only select services synced from
other zones. On Kubernetes a generator's core name ends in the system
namespace. Kuma does not create them when ``defaults.skipHostnameGenerators``
is set, and never changes one that exists: a generator of the run with a
default's name replaces it.
"""

from __future__ import annotations

from vocheck.resolve.services.model import (
    MESH_EXTERNAL_SERVICE,
    MESH_MULTI_ZONE_SERVICE,
    MESH_SERVICE,
    GeneratorInput,
)
from vocheck.resolve.services.names import kds_hashed_name

ORIGIN = "kuma.io/origin"
HEADLESS = "k8s.kuma.io/is-headless-service"
ENV = "kuma.io/env"
SYSTEM_NAMESPACE = "kuma-system"

_ZONE_DEFAULTS = (
    ("local-mesh-external-service", MESH_EXTERNAL_SERVICE, {ORIGIN: "zone"}, "{{ .DisplayName }}.extsvc.mesh.local", False),
    ("local-universal-mesh-service", MESH_SERVICE, {ORIGIN: "zone"}, "{{ .DisplayName }}.svc.mesh.local", True),
)
_GLOBAL_DEFAULTS = (
    ("synced-mesh-multi-zone-service", MESH_MULTI_ZONE_SERVICE, {ORIGIN: "global"}, "{{ .DisplayName }}.mzsvc.mesh.local"),
    (
        "synced-kube-mesh-service",
        MESH_SERVICE,
        {ORIGIN: "global", HEADLESS: "false", ENV: "kubernetes"},
        "{{ .DisplayName }}.{{ .Namespace }}.svc.{{ .Zone }}.mesh.local",
    ),
    (
        "synced-headless-kube-mesh-service",
        MESH_SERVICE,
        {ORIGIN: "global", HEADLESS: "true", ENV: "kubernetes"},
        '{{ label "statefulset.kubernetes.io/pod-name" }}.{{ label "k8s.kuma.io/service-name" }}'
        ".{{ .Namespace }}.svc.{{ .Zone }}.mesh.local",
    ),
    (
        "synced-universal-mesh-service",
        MESH_SERVICE,
        {ORIGIN: "global", ENV: "universal"},
        "{{ .DisplayName }}.svc.{{ .Zone }}.mesh.local",
    ),
    ("synced-mesh-external-service", MESH_EXTERNAL_SERVICE, {ORIGIN: "global"}, "{{ .DisplayName }}.extsvc.mesh.local"),
)


def zone_defaults(kubernetes: bool) -> tuple[GeneratorInput, ...]:
    """The generators a zone control plane creates; ``kubernetes``: it runs on Kubernetes.

    A Kubernetes zone has none for its own MeshServices: clients reach them
    through Kubernetes DNS and their ClusterIP.
    """
    suffix = f".{SYSTEM_NAMESPACE}" if kubernetes else ""
    return tuple(
        GeneratorInput(name + suffix, template, {kind: match}, {ORIGIN: "zone"}, default=True)
        for name, kind, match, template, universal_only in _ZONE_DEFAULTS
        if not (universal_only and kubernetes)
    )


def global_defaults(kubernetes: bool) -> tuple[GeneratorInput, ...]:
    """The generators a global control plane creates (``kubernetes``: it runs on Kubernetes), unlabelled."""
    suffix = f".{SYSTEM_NAMESPACE}" if kubernetes else ""
    return tuple(
        GeneratorInput(name + suffix, template, {kind: match}, default=True)
        for name, kind, match, template in _GLOBAL_DEFAULTS
    )


def default_generators(zone: str, kubernetes: bool) -> tuple[GeneratorInput, ...]:
    """The default generators a zone control plane of ``zone`` ("" = not federated) holds.

    The global ones arrive through KDS, renamed with a hash of their name (as
    a Universal global control plane names them) and labelled
    ``kuma.io/origin: global``.
    """
    found = list(zone_defaults(kubernetes))
    if zone:
        suffix = f".{SYSTEM_NAMESPACE}" if kubernetes else ""
        for generator in global_defaults(False):
            synced = kds_hashed_name("", generator.name) + suffix
            found.append(GeneratorInput(synced, generator.template, generator.selectors, {ORIGIN: "global"}, default=True))
    return tuple(found)
