"""With --previous-vips, a mesh whose last entry is gone still shows what Kuma removes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Result

# The persisted view of mesh "payments" from a live control plane: one
# external service, httpbin, with its default service entry and host entry.
PERSISTED = """\
type: Config
name: kuma-payments-dns-vips
config: '{"0:httpbin":{"address":"240.0.0.0","outbounds":[{"Port":443,"TagSet":{"kuma.io/service":"httpbin"},"Origin":"service"}]},"1:httpbin.org":{"address":"240.0.0.1","outbounds":[{"Port":443,"TagSet":{"kuma.io/service":"httpbin"},"Origin":"external-service:httpbin"}]}}'
---
type: Config
name: kuma-default-dns-vips
config: '{"0:backend":{"address":"240.0.0.0","outbounds":[{"Port":0,"TagSet":{"kuma.io/service":"backend"},"Origin":"service"}]}}'
"""
# The repository after httpbin was deleted: only mesh "default" has resources left.
DATAPLANE = """\
type: Dataplane
mesh: default
name: backend-1
networking:
  address: 10.0.0.1
  inbound: [{port: 8080, tags: {kuma.io/service: backend}}]
"""


def _run(tmp_path: Path, cli: Callable[..., Result], *options: str) -> Result:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "backend.yaml").write_text(DATAPLANE)
    (tmp_path / "vips.yaml").write_text(PERSISTED)
    return cli("preview", "--isolated", "--previous-vips", str(tmp_path / "vips.yaml"), *options, str(tmp_path / "policies"))


def test_json_reports_every_removal_of_the_emptied_mesh(tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = _run(tmp_path, cli, "--format", "json")
    assert result.code == 0, result.err
    meshes = {mesh["mesh"]: mesh for mesh in json.loads(result.out)["meshes"]}
    assert list(meshes) == ["default", "payments"]
    assert meshes["payments"]["entries"] == [] and meshes["payments"]["dns"] == []
    assert meshes["payments"]["changes"] == ["Remove host:httpbin.org", "Remove service:httpbin"]
    assert meshes["default"]["changes"] == []


def test_the_table_lists_the_changes(tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = _run(tmp_path, cli, "--mesh", "payments")
    assert result.out.splitlines() == [
        "mesh payments",
        "  HOSTNAME  VIP  PORT  SERVICE  TAGS  ORIGIN  INBOUNDS",
        "  changed: Remove host:httpbin.org",
        "  changed: Remove service:httpbin",
    ]
