"""A mesh with meshServices.mode: Exclusive: the preview marks it, and Kuma serves none of its view."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import Result

MESHES = """\
type: Mesh
name: payments
meshServices:
  mode: Exclusive
---
type: Mesh
name: default
"""
RESOURCES = """\
type: Dataplane
mesh: {mesh}
name: backend-1
networking:
  address: 192.168.0.2
  inbound:
    - port: 9000
      tags: {{kuma.io/service: backend, version: v1}}
---
type: VirtualOutbound
mesh: {mesh}
name: versioned
selectors: [{{match: {{kuma.io/service: "*", version: "*"}}}}]
conf:
  host: "{{{{.service}}}}.{{{{.version}}}}.mesh"
  port: "80"
  parameters: [{{name: service, tagKey: kuma.io/service}}, {{name: version}}]
"""
MARK = (
    "meshServices.mode: Exclusive (meshes.yaml:4): Kuma builds this view but serves none of it, so its "
    "VirtualOutbound entries (and default service names) give proxies no DNS record and no outbound"
)


def _preview(tmp_path: Path, cli: Callable[..., Result], output_format: str) -> Result:
    (tmp_path / "meshes.yaml").write_text(MESHES)
    (tmp_path / "payments.yaml").write_text(RESOURCES.format(mesh="payments"))
    (tmp_path / "default.yaml").write_text(RESOURCES.format(mesh="default"))
    result = cli("preview", "--isolated", "--format", output_format, ".")
    assert result.code == 0, result.err
    return result


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("output_format", ["json", "yaml"])
def test_data_formats_add_the_mode_and_keep_every_key(
    output_format: str, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    out = _preview(tmp_path, cli, output_format).out
    data = json.loads(out) if output_format == "json" else yaml.safe_load(out)
    meshes = {mesh["mesh"]: mesh for mesh in data["meshes"]}
    payments, default = meshes["payments"], meshes["default"]
    assert (payments["mesh_services_mode"], payments["served"]) == ("Exclusive", False)
    assert "mesh_services_mode" not in default and "served" not in default
    assert set(default) < set(payments)
    # The view is still built and persisted, with its VIPs; proxies get none of it.
    assert [entry["name"] for entry in payments["entries"]] == ["backend", "backend.v1.mesh"]
    assert payments["dns"] == [] and payments["shadowed"] == []
    assert [record["domain"] for record in default["dns"]] == ["backend.mesh", "backend.v1.mesh"]


def test_the_table_marks_the_mesh_under_its_name(tmp_path: Path, cli: Callable[..., Result]) -> None:
    lines = _preview(tmp_path, cli, "table").out.splitlines()
    start = lines.index("mesh payments")
    assert lines[start + 1] == f"  {MARK}"
    assert lines[start + 2].split() == ["HOSTNAME", "VIP", "PORT", "SERVICE", "TAGS", "ORIGIN", "INBOUNDS"]
    assert MARK not in "\n".join(lines[: start])


def test_markdown_marks_the_mesh(tmp_path: Path, cli: Callable[..., Result]) -> None:
    out = _preview(tmp_path, cli, "markdown").out
    assert f"### mesh `payments`\n\n**{MARK}**\n\n| HOSTNAME |" in out
    assert out.count(MARK) == 1
