"""The MeshService world's kinds read as Kuma reads them: recognition, typed specs, status and metadata."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from vocheck.context import Context
from vocheck.kuma.api import (
    Address,
    Condition,
    DataplaneRef,
    HostnameGeneratorRef,
    HostnameGeneratorSpec,
    HostnameGeneratorStatus,
    LabelSelector,
    MeshExternalServiceSpec,
    MeshExternalServiceStatus,
    MeshMultiZoneServiceSpec,
    MeshMultiZoneServiceStatus,
    MeshServicePort,
    MeshServiceSpec,
    MeshServiceStatus,
    kuma_meta,
    spec_of,
    status_of,
)
from vocheck.load.documents import read_documents
from vocheck.load.recognition import resources_of
from vocheck.model import Resource

UNIVERSAL_MS = """\
type: MeshService
name: redis
mesh: default
creationTime: "2024-06-01T10:00:00Z"
labels:
  kuma.io/origin: zone
spec:
  selector:
    dataplaneTags:
      kuma.io/service: redis
  ports:
  - port: 6739
    targetPort: 6739
  - name: admin
    port: 16739
    targetPort: admin
    appProtocol: http
status:
  vips:
  - ip: 241.0.0.1
  addresses:
  - hostname: redis.svc.mesh.local
    origin: HostnameGenerator
    hostnameGeneratorRef:
      coreName: local-universal-mesh-service
  hostnameGenerators:
  - hostnameGeneratorRef:
      coreName: local-universal-mesh-service
    conditions:
    - type: Generated
      status: "True"
      reason: Generated
      message: ""
"""

KUBERNETES_MS = """\
apiVersion: kuma.io/v1alpha1
kind: MeshService
metadata:
  name: redis
  namespace: kuma-demo
  creationTimestamp: "2024-06-01T10:00:00Z"
  labels:
    app: redis
  annotations:
    kuma.io/display-name: redis-display
spec:
  selector:
    dataplaneRef:
      name: redis-0.kuma-demo
"""


def one(text: str) -> Resource:
    documents, problems = read_documents("resource.yaml", text)
    assert problems == []
    (resource,) = [found for document in documents for found in resources_of(document)]
    return resource


def test_a_universal_meshservice_is_recognised_with_its_spec_under_spec() -> None:
    resource = one(UNIVERSAL_MS)
    assert (resource.kind, resource.form, resource.name, resource.mesh) == ("MeshService", "universal", "redis", "default")
    assert resource.spec_path == ("spec",)
    assert resource.at("ports", 0) == ("spec", "ports", 0)


def test_a_universal_meshservice_decodes_with_the_schema_defaults() -> None:
    spec = spec_of(one(UNIVERSAL_MS), Context())
    assert isinstance(spec, MeshServiceSpec)
    assert spec.state == "Unavailable"
    assert spec.selector.dataplane_tags == {"kuma.io/service": "redis"}
    assert spec.selector.dataplane_ref is None and spec.selector.dataplane_labels is None
    assert spec.ports == (
        MeshServicePort(6739, None, 6739, "tcp"),
        MeshServicePort(16739, "admin", "admin", "http"),
    )


def test_the_status_kuma_wrote_is_read() -> None:
    status = status_of(one(UNIVERSAL_MS))
    reference = HostnameGeneratorRef("local-universal-mesh-service")
    assert status == MeshServiceStatus(
        addresses=(Address("redis.svc.mesh.local", "HostnameGenerator", reference),),
        vips=("241.0.0.1",),
        hostname_generators=(HostnameGeneratorStatus(reference, (Condition("Generated", "True", "Generated", ""),)),),
    )


def test_universal_metadata() -> None:
    meta = kuma_meta(one(UNIVERSAL_MS))
    assert (meta.name, meta.object_name, meta.namespace, meta.mesh) == ("redis", "redis", "", "default")
    assert meta.labels == {"kuma.io/origin": "zone", "kuma.io/mesh": "default"}
    assert meta.display_name == "redis"
    assert meta.creation_time == datetime(2024, 6, 1, 10, 0, tzinfo=timezone.utc)


def test_kubernetes_metadata_as_kumas_store_sees_it() -> None:
    resource = one(KUBERNETES_MS)
    assert (resource.name, resource.mesh, resource.spec_path) == ("redis.kuma-demo", "default", ("spec",))
    meta = kuma_meta(resource)
    assert (meta.name, meta.object_name, meta.namespace, meta.mesh) == ("redis.kuma-demo", "redis", "kuma-demo", "default")
    # The display name comes from the annotation; the namespace and mesh labels are added.
    assert meta.labels == {
        "app": "redis",
        "kuma.io/mesh": "default",
        "k8s.kuma.io/namespace": "kuma-demo",
        "kuma.io/display-name": "redis-display",
    }
    assert meta.display_name == "redis-display"
    spec = spec_of(resource, Context())
    assert spec.selector.dataplane_ref == DataplaneRef("redis-0.kuma-demo")
    assert status_of(resource) == MeshServiceStatus()


def test_kubernetes_mesh_comes_from_the_mesh_label() -> None:
    resource = one(KUBERNETES_MS.replace("    app: redis", "    app: redis\n    kuma.io/mesh: payments"))
    assert resource.mesh == "payments"
    assert kuma_meta(resource).mesh == "payments"


def test_without_the_annotation_the_object_name_is_the_display_name() -> None:
    text = KUBERNETES_MS.replace("  annotations:\n    kuma.io/display-name: redis-display\n", "")
    assert kuma_meta(one(text)).display_name == "redis"


def test_a_hostname_generator_is_global() -> None:
    resource = one(
        """\
apiVersion: kuma.io/v1alpha1
kind: HostnameGenerator
metadata:
  name: local-mesh-external-service
  namespace: kuma-system
spec:
  selector:
    meshExternalService:
      matchLabels:
        kuma.io/origin: zone
  template: "{{ .DisplayName }}.extsvc.mesh.local"
"""
    )
    assert (resource.name, resource.mesh) == ("local-mesh-external-service.kuma-system", None)
    spec = spec_of(resource, Context())
    assert isinstance(spec, HostnameGeneratorSpec)
    assert spec.selector.mesh_external_service == LabelSelector({"kuma.io/origin": "zone"})
    assert spec.selector.for_kind("MeshExternalService") == spec.selector.mesh_external_service
    assert spec.selector.for_kind("MeshService") is None
    assert spec.template == "{{ .DisplayName }}.extsvc.mesh.local"
    assert kuma_meta(resource).mesh is None
    assert status_of(resource) is None


@pytest.mark.parametrize(
    ("selector", "labels", "matches"),
    [
        (LabelSelector(None), {}, True),
        (LabelSelector({}), {"a": "b"}, True),
        (LabelSelector({"a": "b"}), {"a": "b", "c": "d"}, True),
        (LabelSelector({"a": "b"}), {"a": "c"}, False),
        (LabelSelector({"a": ""}), {}, False),
    ],
)
def test_label_selectors_match_as_kumas_do(selector: LabelSelector, labels: dict[str, str], matches: bool) -> None:
    assert selector.matches(labels) is matches


def test_a_mesh_external_service_and_its_status() -> None:
    resource = one(
        """\
type: MeshExternalService
name: httpbin
mesh: default
spec:
  match:
    port: 443
  endpoints:
  - address: httpbin.org
    port: 443
    priority: 1
  tls:
    enabled: true
    verification:
      subjectAltNames:
      - value: httpbin.org
status:
  vip:
    ip: 242.0.0.1
"""
    )
    spec = spec_of(resource, Context())
    assert isinstance(spec, MeshExternalServiceSpec)
    assert (spec.match.type, spec.match.port, spec.match.protocol) == ("HostnameGenerator", 443, "tcp")
    assert spec.endpoints is not None and spec.endpoints[0].priority == 1
    assert spec.tls is not None and spec.tls.verification is not None
    assert spec.tls.verification.mode == "Secured"
    assert spec.tls.verification.subject_alt_names is not None
    assert spec.tls.verification.subject_alt_names[0].type == "Exact"
    assert status_of(resource) == MeshExternalServiceStatus(vip="242.0.0.1")


def test_a_mesh_multi_zone_service() -> None:
    resource = one(
        """\
type: MeshMultiZoneService
name: backend
mesh: default
spec:
  selector:
    meshService:
      matchLabels:
        kuma.io/display-name: backend
  ports:
  - port: 80
status:
  vips:
  - ip: 243.0.0.1
  meshServices:
  - name: backend
    namespace: kuma-demo
    zone: east
    mesh: default
"""
    )
    spec = spec_of(resource, Context())
    assert isinstance(spec, MeshMultiZoneServiceSpec)
    assert spec.mesh_service.match_labels == {"kuma.io/display-name": "backend"}
    assert spec.ports[0].app_protocol == "tcp"
    status = status_of(resource)
    assert isinstance(status, MeshMultiZoneServiceStatus)
    assert status.vips == ("243.0.0.1",)
    assert status.mesh_services[0].zone == "east"
