"""``vocheck preview``: the view Kuma would build, from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, Result

SEED = ROOT / "tests" / "seed"
FIXED_DATAPLANE = """\
type: Dataplane
mesh: default
name: backend-1
networking:
  address: 192.168.0.2
  inbound:
    - port: 9000
      servicePort: 6379
      tags:
        kuma.io/service: backend
        version: v1
        port: "1800"
"""
KAFKA = """\
apiVersion: v1
kind: Namespace
metadata:
  name: streaming
  labels: {kuma.io/sidecar-injection: enabled}
---
apiVersion: v1
kind: Service
metadata: {name: kafka, namespace: streaming}
spec:
  clusterIP: None
  selector: {app: kafka}
  ports: [{name: broker, port: 9092}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: kafka, namespace: streaming}
spec:
  serviceName: kafka
  replicas: 3
  selector: {matchLabels: {app: kafka}}
  template:
    metadata: {labels: {app: kafka}}
    spec:
      containers: [{name: kafka, image: kafka, ports: [{containerPort: 9092}]}]
"""


def _meshes(result: Result) -> dict[str, dict[str, object]]:
    return {mesh["mesh"]: mesh for mesh in json.loads(result.out)["meshes"]}


def test_the_seed_example_with_its_dataplane_fixed(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "dataplane.yaml").write_text(FIXED_DATAPLANE)
    policy = (SEED / "test-universal.yaml").read_text()
    (tmp_path / "policy.yaml").write_text(policy)
    result = cli("preview", "--format", "json", str(tmp_path))
    assert result.code == 0, result.err
    entries = _meshes(result)["default"]["entries"]
    assert entries == [
        {
            "type": "service",
            "name": "backend",
            "address": "240.0.0.0",
            "outbounds": [
                {
                    "port": 0,
                    "tags": {"kuma.io/service": "backend"},
                    "origin": "service",
                    "contributions": 1,
                    "source": {"kind": "Dataplane", "name": "backend-1", "index": 0},
                }
            ],
            "ports": [80],  # port 0 above is Kuma's stand-in for the service VIP port
        },
        {
            "type": "fqdn",
            "name": "v1.backend.mesh",
            "address": "240.0.0.1",
            "outbounds": [
                {
                    "port": 1800,
                    "tags": {"kuma.io/service": "backend", "port": "1800", "version": "v1"},
                    "origin": "virtual-outbound:test",
                    "contributions": 1,
                    "source": {"kind": "Dataplane", "name": "backend-1", "index": 0},
                }
            ],
            "ports": [1800],
        },
    ]
    dns = {record["domain"]: (record["address"], record["ports"]) for record in _meshes(result)["default"]["dns"]}  # type: ignore[union-attr]
    assert dns == {"backend.mesh": ("240.0.0.0", [80]), "v1.backend.mesh": ("240.0.0.1", [1800])}


def test_the_unfixed_seed_example_explains_why_it_produces_nothing(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    (tmp_path / "dataplane.yaml").write_text((SEED / "dataplane-backend-1.yaml").read_text())
    (tmp_path / "policy.yaml").write_text((SEED / "test-universal.yaml").read_text())
    preview = cli("preview", "--format", "json", str(tmp_path))
    assert _meshes(preview)["default"]["entries"] == []
    lines = cli("check", str(tmp_path)).out
    assert 'unknown field "inbound" in Dataplane' in lines
    assert '"networking.inbound[0].tags[\"port\"]" must be a string' in lines
    assert 'VO505 VirtualOutbound "test" in mesh "default" matches no inbound' in lines


def test_one_hostname_per_kafka_pod(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "kafka.yaml").write_text(KAFKA)
    (tmp_path / "policy.yaml").write_text((SEED / "instance-kubernetes.yaml").read_text())
    result = cli("preview", "--format", "json", str(tmp_path))
    assert result.code == 0, result.err
    fqdns = [entry for entry in _meshes(result)["default"]["entries"] if entry["type"] == "fqdn"]  # type: ignore[union-attr,index]
    assert [entry["name"] for entry in fqdns] == [
        f"kafka_streaming_svc_9092.kafka-{index}.mesh" for index in range(3)
    ]
    assert {entry["outbounds"][0]["port"] for entry in fqdns} == {8080}


@pytest.mark.parametrize("output_format", ["table", "json", "yaml", "markdown"])
def test_every_format_and_the_same_exit_code(
    tmp_path: Path, cli: Callable[..., Result], output_format: str
) -> None:
    (tmp_path / "dataplane.yaml").write_text(FIXED_DATAPLANE)
    (tmp_path / "policy.yaml").write_text((SEED / "test-universal.yaml").read_text())
    (tmp_path / "broken.yaml").write_text((SEED / "host-port-universal.yaml").read_text())
    result = cli("preview", "--format", output_format, str(tmp_path))
    assert result.code == 1
    assert "v1.backend.mesh" in result.out
    assert 'left out VirtualOutbound "host-port"' in result.err


def test_settings_flags_and_mesh_filter(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "dataplane.yaml").write_text(FIXED_DATAPLANE + "---\n" + FIXED_DATAPLANE.replace("default", "other"))
    result = cli(
        "preview", "--format", "json", "--dns-cidr", "10.0.0.5/24", "--dns-domain", "corp",
        "--service-vip-port", "8080", "--mesh", "other", str(tmp_path),
    )
    meshes = _meshes(result)
    assert list(meshes) == ["other"]
    assert meshes["other"]["dns"] == [{"domain": "backend.corp", "address": "10.0.0.0", "ports": [8080]}]
    off = _meshes(cli("preview", "--format", "json", "--no-service-vips", str(tmp_path)))
    assert off["default"]["entries"] == []


def test_previous_vips_keep_addresses_stable(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "dataplane.yaml").write_text(FIXED_DATAPLANE)
    previous = tmp_path.parent / f"{tmp_path.name}-vips.yaml"
    previous.write_text(
        "type: Config\nname: kuma-default-dns-vips\nconfig: '"
        + json.dumps(
            {
                "0:backend": {
                    "address": "240.0.0.7",
                    "outbounds": [{"Port": 0, "TagSet": {"kuma.io/service": "backend"}, "Origin": "service"}],
                }
            }
        )
        + "'\n"
    )
    result = cli("preview", "--format", "json", "--previous-vips", str(previous), str(tmp_path))
    assert result.code == 0, result.err
    assert _meshes(result)["default"]["entries"][0]["address"] == "240.0.0.7"  # type: ignore[index]
    bad = tmp_path.parent / f"{tmp_path.name}-bad.yaml"
    bad.write_text("just text\n")
    failed = cli("preview", "--previous-vips", str(bad), str(tmp_path))
    assert failed.code == 2 and "--previous-vips" in failed.err


BARE_VIEW = json.dumps(
    {"0:backend": {"address": "240.0.0.7", "outbounds": [{"Port": 0, "TagSet": {"kuma.io/service": "backend"}, "Origin": "service"}]}}
)


@pytest.mark.parametrize(
    ("file_name", "options", "code", "said"),
    [
        pytest.param("kuma-default-dns-vips.json", [], 0, "", id="named-after-its-config"),
        pytest.param("view.json", ["--mesh", "default"], 0, "", id="one-mesh-given"),
        pytest.param("view.json", [], 2, "name the file after its Config (kuma-<mesh>-dns-vips.json)", id="neither"),
        pytest.param("view.json", ["--mesh", "default", "--mesh", "other"], 2, "or give one --mesh (this run gives 2)",
                     id="two-meshes-given"),
        pytest.param("kuma-other-dns-vips.json", [], 0, "", id="named-after-another-mesh"),
        pytest.param("kuma-other-dns-vips.yaml", ["--mesh", "default", "--mesh", "other"], 0, "",
                     id="the-name-wins-over-the-meshes-shown"),
    ],
)
def test_the_bare_json_of_a_config_field_belongs_to_the_mesh_its_name_or_mesh_gives(
    tmp_path: Path, cli: Callable[..., Result], file_name: str, options: list[str], code: int, said: str
) -> None:
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "dataplane.yaml").write_text(FIXED_DATAPLANE)
    (tmp_path / file_name).write_text(BARE_VIEW)
    result = cli("preview", "--format", "json", "--previous-vips", str(tmp_path / file_name), *options, str(tmp_path / "run"))
    assert result.code == code and said in result.err, result.err
    if code == 0:
        meshes = _meshes(result)
        kept = not file_name.startswith("kuma-other-")
        assert (meshes["default"]["entries"][0]["address"] == "240.0.0.7") == kept  # type: ignore[index]
        assert ("other" in meshes) == (not kept)


def test_a_bad_cidr_is_a_usage_error(tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = cli("preview", "--dns-cidr", "nope", str(tmp_path))
    assert result.code == 2 and "--dns-cidr" in result.err


def test_a_mesh_filter_that_matches_nothing_names_the_mesh(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "dataplane.yaml").write_text(FIXED_DATAPLANE)
    result = cli("preview", "--mesh", "nosuch", "--mesh", "default", str(tmp_path))
    assert result.code == 0 and "backend.mesh" in result.out
    assert result.err == 'vocheck: warning: --mesh: no mesh "nosuch" among the inputs (meshes found: "default")\n'


def test_the_json_and_the_table_show_the_same_vip_ports(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "dataplane.yaml").write_text(FIXED_DATAPLANE)
    (tmp_path / "policy.yaml").write_text((SEED / "test-universal.yaml").read_text())
    for port in ("80", "8080"):
        entries = _meshes(cli("preview", "--format", "json", "--service-vip-port", port, str(tmp_path)))["default"]["entries"]
        table = cli("preview", "--service-vip-port", port, str(tmp_path)).out.splitlines()
        rows = {line.split()[0]: line.split()[2] for line in table[2:] if line.startswith("  ") and "." in line.split()[0]}
        assert {entry["name"]: entry["ports"] for entry in entries} == {"backend": [int(port)], "v1.backend.mesh": [1800]}
        assert rows == {"backend.mesh": port, "v1.backend.mesh": "1800"}
