"""What Kuma and Kubernetes write out can be checked again: single exports and lists, YAML and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

# What `kumactl get virtual-outbound web -o yaml` writes (Kuma 2.13+): meta first, then the spec.
UNIVERSAL_EXPORT = """\
creationTime: "2026-03-02T10:15:00Z"
kri: kri_vo_default___web_
labels:
  kuma.io/mesh: default
  kuma.io/origin: zone
mesh: default
modificationTime: "2026-03-04T08:00:00Z"
name: web
type: VirtualOutbound
conf:
  host: '{{.service}}.mesh'
  parameters:
  - name: service
    tagKey: kuma.io/service
  port: "80"
selectors:
- match:
    kuma.io/service: '*'
"""

# `kubectl get virtualoutbound web -o yaml`: the API server's metadata comes along.
KUBERNETES_EXPORT = """\
apiVersion: kuma.io/v1alpha1
kind: VirtualOutbound
mesh: default
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"kuma.io/v1alpha1","kind":"VirtualOutbound","mesh":"default","metadata":{"annotations":{},"name":"web"}}
  creationTimestamp: "2026-03-02T10:15:00Z"
  generation: 1
  labels:
    kuma.io/mesh: default
  managedFields:
  - apiVersion: kuma.io/v1alpha1
    fieldsType: FieldsV1
    fieldsV1:
      f:mesh: {}
      f:spec: {}
    manager: kubectl-client-side-apply
    operation: Update
    time: "2026-03-02T10:15:00Z"
  name: web
  resourceVersion: "48213"
  uid: 0b6f8f6e-6f1d-4c43-9d55-2f6f1f0f3c1a
spec:
  conf:
    host: '{{.service}}.mesh'
    parameters:
    - name: service
      tagKey: kuma.io/service
    port: "80"
  selectors:
  - match:
      kuma.io/service: '*'
"""

# `kumactl get dataplanes -o yaml` and the REST API: total, items and next, no kind.
KUMA_LIST_YAML = """\
items:
- creationTime: "0001-01-01T00:00:00Z"
  kri: kri_dp_default___web-1_
  mesh: default
  modificationTime: "0001-01-01T00:00:00Z"
  name: web-1
  networking:
    address: 10.0.0.1
    inbound:
    - port: 8080
      servicePort: 80
      tags:
        kuma.io/service: web
  type: Dataplane
- creationTime: "0001-01-01T00:00:00Z"
  kri: kri_dp_default___web-2_
  mesh: default
  modificationTime: "0001-01-01T00:00:00Z"
  name: web-2
  networking:
    address: 10.0.0.2
    inbound:
    - port: http
      servicePort: 80
      tag:
        kuma.io/service: web
  type: Dataplane
next: null
total: 2
"""


def _found(result: Result) -> list[tuple[str, int, int, str | None, str | None]]:
    report = json.loads(result.out)
    return [
        (item["code"], item["line"], item["column"], item["path"], (item["resource"] or {}).get("name"))
        for item in report["diagnostics"]
    ]


@pytest.mark.parametrize("text", [UNIVERSAL_EXPORT, KUBERNETES_EXPORT], ids=["kumactl get", "kubectl get"])
def test_an_export_gets_no_unknown_field_for_what_kuma_wrote(
    text: str, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    path = tmp_path / "export.yaml"
    path.write_text(text)
    result = cli("check", "--format", "json", "--select", "VO0,VO1", str(path))
    assert _found(result) == []
    assert json.loads(result.out)["summary"]["resources"] == 1


def test_the_items_of_a_kuma_list_are_checked_where_they_stand(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "dataplanes.yaml"
    path.write_text(KUMA_LIST_YAML)
    result = cli("check", "--format", "json", "--select", "VO0,VO1", str(path))
    assert _found(result) == [
        ("VO002", 23, 13, "networking.inbound[0].port", "web-2"),
        ("VO101", 25, 7, "networking.inbound[0].tag", "web-2"),
    ]
    summary = json.loads(result.out)["summary"]
    assert (summary["documents"], summary["resources"], summary["skipped"]) == (1, 2, 0)


def test_a_kuma_list_in_json_is_checked_like_the_yaml_one(tmp_path: Path, cli: Callable[..., Result]) -> None:
    import yaml

    # `kumactl get dataplanes -o json` writes the same list, indented by two.
    data = yaml.safe_load(KUMA_LIST_YAML)
    text = json.dumps({"total": data["total"], "items": data["items"], "next": None}, indent=2)
    path = tmp_path / "dataplanes.json"
    path.write_text(text)
    result = cli("check", "--format", "json", "--select", "VO0,VO1", str(path))
    lines = text.split("\n")
    port = next(number for number, line in enumerate(lines, 1) if '"port": "http"' in line)
    tag = next(number for number, line in enumerate(lines, 1) if '"tag": {' in line)
    assert [(code, line, path_, name) for code, line, _, path_, name in _found(result)] == [
        ("VO002", port, "networking.inbound[0].port", "web-2"),
        ("VO101", tag, "networking.inbound[0].tag", "web-2"),
    ]


def test_a_page_with_a_next_link_is_a_list_too(tmp_path: Path, cli: Callable[..., Result]) -> None:
    text = KUMA_LIST_YAML.replace("next: null", "next: http://cp:5681/meshes/default/dataplanes?offset=2&size=2")
    path = tmp_path / "page.yaml"
    path.write_text(text)
    result = cli("check", "--format", "json", "--select", "VO101", str(path))
    assert [(code, line) for code, line, *_ in _found(result)] == [("VO002", 23), ("VO101", 25)]


@pytest.mark.parametrize(
    "text",
    [
        "items: [1, 2]\n",  # no total, no next: not Kuma's list
        "items:\n- type: Mesh\n  name: m\n  bogus: 1\ntotal: 1\nnext: null\nowner: team-a\n",  # a key Kuma never writes
    ],
    ids=["bare items", "foreign key"],
)
def test_other_documents_with_items_are_not_lists(text: str, tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(text)
    result = cli("check", "--format", "json", str(path))
    report = json.loads(result.out)
    assert report["diagnostics"] == [] and report["summary"]["skipped"] == 1


def test_an_unknown_type_carries_kumactls_own_words(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "policies.yaml"
    path.write_text("type: Mesh\nname: default\n---\ntype: VirtualOutbund\nmesh: default\nname: web\n")
    result = cli("check", "--format", "json", str(path))
    (diagnostic,) = json.loads(result.out)["diagnostics"]
    assert (diagnostic["code"], diagnostic["line"], diagnostic["severity"]) == ("VO006", 4, "warning")
    assert diagnostic["kuma"] == {"field": "", "message": 'invalid resource type "VirtualOutbund"'}


def test_a_kubectl_list_export_is_checked_item_by_item(tmp_path: Path, cli: Callable[..., Result]) -> None:
    # `kubectl get virtualoutbounds -o yaml`: a List whose items carry the API server's metadata.
    item = "\n".join(("  " if number else "- ") + line for number, line in enumerate(KUBERNETES_EXPORT.splitlines()))
    broken = item.replace("    port: \"80\"", "    port: 80").replace("  name: web", "  name: web-2")
    text = f"apiVersion: v1\nitems:\n{item}\n{broken}\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
    path = tmp_path / "list.yaml"
    path.write_text(text)
    result = cli("check", "--format", "json", "--select", "VO0,VO1", str(path))
    line = text.split("\n").index("      port: 80") + 1
    assert _found(result) == [("VO002", line, 13, "spec.conf.port", "web-2")]
    assert json.loads(result.out)["summary"]["resources"] == 2
