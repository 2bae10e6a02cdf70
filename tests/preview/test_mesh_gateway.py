"""MeshGateway files, in both forms: no false findings, and cross-mesh listeners in every mesh's preview."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

# Kuma's docs' built-in gateway, Universal, with a cross-mesh listener added.
UNIVERSAL = """\
type: MeshGateway
mesh: payments
name: edge-gateway
selectors:
  - match:
      kuma.io/service: edge-gateway
tags:
  team: edge
conf:
  listeners:
    - port: 8080
      protocol: HTTP
      hostname: foo.example.com
      crossMesh: true
      tags:
        port: http-8080
    - port: 8443
      protocol: HTTPS
      hostname: secure.example.com
      tls:
        mode: TERMINATE
        certificates:
          - secret: example-com-cert
      resources:
        connectionLimit: 1000
"""
# The same on Kubernetes: cluster-scoped, ``mesh`` at the top level.
KUBERNETES = """\
apiVersion: kuma.io/v1alpha1
kind: MeshGateway
mesh: payments
metadata:
  name: edge-gateway
  creationTimestamp: "2026-01-05T10:00:00Z"
spec:
  selectors:
    - match:
        kuma.io/service: edge-gateway_payments_svc
  conf:
    listeners:
      - port: 80
        protocol: HTTP
        crossMesh: true
"""
DATAPLANE = """\
type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound: [{port: 8080, tags: {kuma.io/service: web}}]
"""


@pytest.mark.parametrize("text", [UNIVERSAL, KUBERNETES], ids=["universal", "kubernetes"])
def test_real_mesh_gateway_files_check_clean(text: str, tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "gateway.yaml").write_text(text)
    result = cli("check", "--isolated", str(tmp_path))
    assert result.code == 0
    assert result.out.endswith("0 errors, 0 warnings, 0 infos in 1 resource (1 file, 1 document, 0 skipped)\n")


def test_a_misspelt_listener_field_is_reported(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "gateway.yaml").write_text(UNIVERSAL.replace("crossMesh: true", "crossmesh: true"))
    result = cli("check", "--isolated", "-q", str(tmp_path))
    assert "VO101 unknown field \"crossmesh\"" in result.out and "Did you mean \"crossMesh\"?" in result.out


@pytest.mark.parametrize(
    ("text", "hostname", "port", "origin"),
    [
        (UNIVERSAL, "foo.example.com", 8080, "mesh-gateway:payments:edge-gateway:foo.example.com"),
        (KUBERNETES, "internal.edge-gateway.payments.mesh", 80, "mesh-gateway:payments:edge-gateway:internal.edge-gateway.payments.mesh"),
    ],
    ids=["universal", "kubernetes"],
)
def test_a_cross_mesh_listener_reaches_every_mesh(
    text: str, hostname: str, port: int, origin: str, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    (tmp_path / "gateway.yaml").write_text(text)
    (tmp_path / "web.yaml").write_text(DATAPLANE)
    result = cli("preview", "--isolated", "--format", "json", str(tmp_path))
    assert result.code == 0, result.err
    meshes = {mesh["mesh"]: mesh for mesh in json.loads(result.out)["meshes"]}
    assert list(meshes) == ["default", "payments"]
    for mesh in meshes.values():
        fqdn = [entry for entry in mesh["entries"] if entry["type"] == "fqdn"]
        assert [(entry["name"], entry["outbounds"][0]["port"], entry["outbounds"][0]["origin"]) for entry in fqdn] == [
            (hostname, port, origin)
        ]
        assert fqdn[0]["outbounds"][0]["tags"]["kuma.io/mesh"] == "payments"
    # In mesh default the gateway's entry takes the VIP after the service's.
    assert [(entry["name"], entry["address"]) for entry in meshes["default"]["entries"]] == [
        ("web", "240.0.0.0"),
        (hostname, "240.0.0.1"),
    ]


def test_a_gateway_kuma_rejects_takes_no_part(tmp_path: Path, cli: Callable[..., Result]) -> None:
    # Kuma refuses HTTPS on a cross-mesh listener: the gateway never reaches the store.
    (tmp_path / "gateway.yaml").write_text(UNIVERSAL.replace("protocol: HTTP\n", "protocol: HTTPS\n", 1))
    (tmp_path / "web.yaml").write_text(DATAPLANE)
    result = cli("preview", "--isolated", "--format", "json", str(tmp_path))
    assert result.code == 1
    assert 'left out MeshGateway "edge-gateway" in mesh "payments"' in result.err
    meshes = json.loads(result.out)["meshes"]
    assert [mesh["mesh"] for mesh in meshes] == ["default"]
    assert [entry["type"] for entry in meshes[0]["entries"]] == ["service"]
