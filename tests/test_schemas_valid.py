"""The shipped JSON Schemas are well formed and accept what Kuma accepts, no more and no less."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
KINDS = (
    "virtualoutbound",
    "dataplane",
    "externalservice",
    "zoneingress",
    "mesh",
    "meshgateway",
    "hostnamegenerator",
    "meshservice",
    "meshexternalservice",
    "meshmultizoneservice",
)
RESOURCE_FILES = tuple(f"{kind}.{form}.json" for kind in KINDS for form in ("universal", "kubernetes"))
ALL_FILES = (*RESOURCE_FILES, "config.json")
NAMESPACED = {
    "Dataplane": True,
    "ZoneIngress": True,
    "VirtualOutbound": False,
    "ExternalService": False,
    "Mesh": False,
    "MeshGateway": False,
    "HostnameGenerator": True,
    "MeshService": True,
    "MeshExternalService": True,
    "MeshMultiZoneService": True,
}


def load(file_name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / file_name).read_text(encoding="utf-8"))
    return schema


def subschemas(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object inside ``node``, with a JSON-pointer-like location."""
    if isinstance(node, dict):
        yield where, node
        for key in ("properties", "$defs"):
            for name, child in node.get(key, {}).items():
                yield from subschemas(child, f"{where}/{key}/{name}")
        for key in ("items", "additionalProperties", "if", "then", "else", "propertyNames"):
            if isinstance(node.get(key), dict):
                yield from subschemas(node[key], f"{where}/{key}")
        for key in ("anyOf", "oneOf", "allOf"):
            for index, child in enumerate(node.get(key, [])):
                yield from subschemas(child, f"{where}/{key}/{index}")


def is_object_schema(schema: dict[str, Any]) -> bool:
    declared = schema.get("type")
    return declared == "object" or (isinstance(declared, list) and "object" in declared)


def test_the_schema_directory_holds_exactly_the_expected_files() -> None:
    assert sorted(path.name for path in SCHEMA_DIR.glob("*.json")) == sorted(ALL_FILES)


@pytest.mark.parametrize("file_name", ALL_FILES)
def test_schema_is_valid_draft_2020_12_with_id_title_and_description(file_name: str) -> None:
    schema = load(file_name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://vocheck.dev/schemas/{file_name}"
    assert schema["title"] and schema["description"]


@pytest.mark.parametrize("file_name", ALL_FILES)
def test_every_object_schema_is_a_record_a_map_or_free_form(file_name: str) -> None:
    # The unknown-field check reads `properties`; an object schema without them must say
    # why its keys are data (a map) or unchecked (free-form), or every key would be "unknown".
    for where, schema in subschemas(load(file_name)):
        if is_object_schema(schema):
            kinds = [
                "properties" in schema,
                isinstance(schema.get("additionalProperties"), dict) and "properties" not in schema,
                schema.get("x-vocheck-free-form") is True and "properties" not in schema,
            ]
            assert kinds.count(True) == 1, where


@pytest.mark.parametrize("file_name", ALL_FILES)
def test_every_property_and_definition_is_described(file_name: str) -> None:
    for where, schema in subschemas(load(file_name)):
        for name, child in schema.get("properties", {}).items():
            assert child.get("description"), f"{where}/properties/{name}"
        for name, child in schema.get("$defs", {}).items():
            assert child.get("description"), f"{where}/$defs/{name}"


@pytest.mark.parametrize("file_name", ALL_FILES)
def test_every_reference_points_at_a_definition_of_the_same_file(file_name: str) -> None:
    schema = load(file_name)
    for where, node in subschemas(schema):
        if "$ref" in node:
            prefix, _, name = node["$ref"].partition("#/$defs/")
            assert prefix == "" and name in schema["$defs"], where


@pytest.mark.parametrize("file_name", RESOURCE_FILES)
def test_resource_schemas_never_forbid_unknown_fields(file_name: str) -> None:
    for where, schema in subschemas(load(file_name)):
        assert schema.get("additionalProperties") is not False, where


@pytest.mark.parametrize("file_name", RESOURCE_FILES)
def test_proto_field_names_point_at_a_sibling_json_name(file_name: str) -> None:
    for where, schema in subschemas(load(file_name)):
        for name, child in schema.get("properties", {}).items():
            alias_of = child.get("x-vocheck-alias-of")
            if alias_of is not None:
                assert alias_of in schema["properties"] and alias_of != name, f"{where}/properties/{name}"


@pytest.mark.parametrize("kind", list(NAMESPACED))
def test_schemas_name_their_kind_form_and_scope(kind: str) -> None:
    universal = load(f"{kind.lower()}.universal.json")
    kubernetes = load(f"{kind.lower()}.kubernetes.json")
    assert (universal["x-vocheck-kind"], universal["x-vocheck-form"]) == (kind, "universal")
    assert (kubernetes["x-vocheck-kind"], kubernetes["x-vocheck-form"]) == (kind, "kubernetes")
    assert kubernetes["x-vocheck-namespaced"] is NAMESPACED[kind]


def test_config_schema_rejects_unknown_keys() -> None:
    assert load("config.json")["additionalProperties"] is False


# --------------------------------------------------------------------------- instances

VO_U: dict[str, Any] = {"type": "VirtualOutbound", "mesh": "default", "name": "vo-1"}
DP_U: dict[str, Any] = {"type": "Dataplane", "mesh": "default", "name": "dp-1"}
ES_U: dict[str, Any] = {"type": "ExternalService", "mesh": "default", "name": "httpbin"}
ZI_U: dict[str, Any] = {"type": "ZoneIngress", "name": "zi-1"}
MESH_U: dict[str, Any] = {"type": "Mesh", "name": "default"}
MGW_U: dict[str, Any] = {"type": "MeshGateway", "mesh": "mesh2", "name": "gateway"}
MGW_SPEC: dict[str, Any] = {
    "selectors": [{"match": {"kuma.io/service": "gateway"}}],
    "tags": {"gateway": "prod"},
    "conf": {
        "listeners": [
            {"hostname": "gateway2.mesh", "port": 80, "protocol": "HTTP", "crossMesh": True, "tags": {"listener": "internal"}},
            {"port": 81, "protocol": "HTTP", "crossMesh": True, "tags": {"listener": "internal2"}},
            {"hostname": "*", "port": 80, "protocol": "HTTP", "tags": {"listener": "wildcard"}},
            {
                "hostname": "secure.example.com",
                "port": 443,
                "protocol": "HTTPS",
                "tls": {"mode": "TERMINATE", "certificates": [{"secret": "cert"}], "options": {}},
                "resources": {"connection_limit": 100},
            },
        ]
    },
}

VO_CONF: dict[str, Any] = {
    "host": "{{.service}}.{{.port}}.mesh",
    "port": "{{.port}}",
    "parameters": [{"name": "service", "tagKey": "kuma.io/service"}, {"name": "port", "tag_key": "port"}],
}
VO_SPEC: dict[str, Any] = {"selectors": [{"match": {"kuma.io/service": "*"}}], "conf": VO_CONF}
INBOUND: dict[str, Any] = {"port": 8080, "tags": {"kuma.io/service": "web", "version": "1"}}
FIRST_INBOUND = ("networking", "inbound", 0)
FIRST_CA = ("mtls", "backends", 0)


def k8s(kind: str, spec: Any, **top: Any) -> dict[str, Any]:
    """A Kubernetes-form document of ``kind`` named res-1."""
    document: dict[str, Any] = {"apiVersion": "kuma.io/v1alpha1", "kind": kind, "metadata": {"name": "res-1"}}
    document.update(top)
    document["spec"] = spec
    return document


def dp_inbound(**fields: Any) -> dict[str, Any]:
    """A Universal Dataplane with one inbound made of ``fields``."""
    return {**DP_U, "networking": {"inbound": [fields]}}


def dp_networking(**fields: Any) -> dict[str, Any]:
    return {**DP_U, "networking": fields}


def es_networking(**fields: Any) -> dict[str, Any]:
    return {**ES_U, "networking": fields}


def mesh_ca(**fields: Any) -> dict[str, Any]:
    """A Universal Mesh with one CA backend made of ``fields``."""
    return {**MESH_U, "mtls": {"backends": [fields]}}


FULL_MESH: dict[str, Any] = {
    **MESH_U,
    "mtls": {
        "enabledBackend": "ca-1",
        "backends": [
            {
                "name": "ca-1",
                "type": "builtin",
                "mode": "PERMISSIVE",
                "dpCert": {"rotation": {"expiration": "1d"}, "requestTimeout": "5s"},
                "rootChain": {"requestTimeout": "10s"},
                "conf": {"caCert": {"RSAbits": 2048, "expiration": "10y"}},
            }
        ],
    },
    "tracing": {
        "defaultBackend": "z",
        "backends": [{"name": "z", "type": "zipkin", "sampling": 50.5, "conf": {"url": "http://z:9411"}}],
    },
    "logging": {"backends": [{"name": "f", "type": "file", "format": "%START_TIME%", "conf": {"path": "/tmp/l"}}]},
    "metrics": {"enabledBackend": "p", "backends": [{"name": "p", "type": "prometheus"}]},
    "networking": {"outbound": {"passthrough": False}},
    "routing": {"zoneEgress": True, "localityAwareLoadBalancing": None},
    "constraints": {"dataplaneProxy": {"requirements": [{"tags": {"kuma.io/zone": "*"}}], "restrictions": []}},
    "skipCreatingInitialPolicies": ["*"],
    "meshServices": {"mode": "Exclusive"},
}
FULL_CONFIG: dict[str, Any] = {
    "select": ["VO"],
    "ignore": ["VO203"],
    "severity": {"EX101": "error"},
    "fail-on": "warning",
    "format": "json",
    "plugins": ["local_rules"],
    "blocked-plugins": ["example"],
    "kuma-version": "2.14",
    "dns-domain": "mesh",
    "dns-cidr": "240.0.0.0/4",
    "service-vips": True,
    "service-vip-port": 80,
    "zone": "east",
    "per-file-ignores": {"legacy/*.yaml": ["VO2"]},
    "max-file-size": 1048576,
    "jobs": "auto",
    "baseline": "vocheck-baseline.json",
}

VO_UNI = "virtualoutbound.universal.json"
VO_K8S = "virtualoutbound.kubernetes.json"
DP_UNI = "dataplane.universal.json"
DP_K8S = "dataplane.kubernetes.json"
ES_UNI = "externalservice.universal.json"
ES_K8S = "externalservice.kubernetes.json"
ZI_UNI = "zoneingress.universal.json"
ZI_K8S = "zoneingress.kubernetes.json"
MESH_UNI = "mesh.universal.json"
MESH_K8S = "mesh.kubernetes.json"
MGW_UNI = "meshgateway.universal.json"
MGW_K8S = "meshgateway.kubernetes.json"
CONFIG = "config.json"
HG_UNI = "hostnamegenerator.universal.json"
HG_K8S = "hostnamegenerator.kubernetes.json"
MS_UNI = "meshservice.universal.json"
MS_K8S = "meshservice.kubernetes.json"
MES_UNI = "meshexternalservice.universal.json"
MES_K8S = "meshexternalservice.kubernetes.json"
MZS_UNI = "meshmultizoneservice.universal.json"
MZS_K8S = "meshmultizoneservice.kubernetes.json"
HG_U: dict[str, Any] = {"type": "HostnameGenerator", "name": "hg-1"}
MS_U: dict[str, Any] = {"type": "MeshService", "mesh": "default", "name": "redis"}
MES_U: dict[str, Any] = {"type": "MeshExternalService", "mesh": "default", "name": "httpbin"}
MZS_U: dict[str, Any] = {"type": "MeshMultiZoneService", "mesh": "default", "name": "backend"}
MS_SPEC: dict[str, Any] = {
    "selector": {"dataplaneTags": {"kuma.io/service": "redis"}},
    "ports": [{"port": 6739, "targetPort": 6739, "appProtocol": "tcp"}, {"name": "admin", "port": 16739, "targetPort": "admin"}],
    "identities": [{"type": "ServiceTag", "value": "redis"}],
}
MS_STATUS: dict[str, Any] = {
    "vips": [{"ip": "241.0.0.1"}],
    "addresses": [
        {"hostname": "redis.svc.mesh.local", "origin": "HostnameGenerator", "hostnameGeneratorRef": {"coreName": "local"}}
    ],
    "hostnameGenerators": [
        {"hostnameGeneratorRef": {"coreName": "local"}, "conditions": [{"type": "Generated", "status": "True", "reason": "Generated", "message": ""}]}
    ],
}
MES_SPEC: dict[str, Any] = {
    "match": {"type": "HostnameGenerator", "port": 443, "protocol": "http"},
    "endpoints": [{"address": "1.1.1.1", "port": 12345, "priority": 0}, {"address": "example.com", "port": 80}],
    "tls": {
        "enabled": True,
        "version": {"min": "TLS12", "max": "TLS13"},
        "verification": {"mode": "SkipCA", "serverName": "example.com", "subjectAltNames": [{"type": "Exact", "value": "example.com"}], "caCert": {"inline": "MTIz"}},
    },
}
MZS_SPEC: dict[str, Any] = {"selector": {"meshService": {"matchLabels": {"kuma.io/display-name": "backend"}}}, "ports": [{"port": 80, "appProtocol": "http"}]}

ErrorPath = tuple[str | int, ...] | None
# (schema file, instance, path of the offending value or None when the instance is valid, case id)
Case = tuple[str, Any, ErrorPath, str]
CASES: list[Case] = [
    # VirtualOutbound, Universal
    (VO_UNI, VO_U, None, "vo-u-minimal"),
    (VO_UNI, {**VO_U, **VO_SPEC}, None, "vo-u-full"),
    (VO_UNI, {**VO_U, "spec": VO_SPEC, "conf": {"tagkey": "x"}}, None, "vo-u-unknown-fields-allowed"),
    (VO_UNI, {**VO_U, "selectors": [None, {"match": {"a": None}}], "conf": None}, None, "vo-u-nulls"),
    (VO_UNI, {**VO_U, "creationTime": "2021-12-12T10:00:00Z", "labels": {"team": "a"}}, None, "vo-u-meta"),
    (VO_UNI, {**VO_U, "conf": {**VO_CONF, "port": 80}}, ("conf", "port"), "vo-u-numeric-port"),
    (VO_UNI, {**VO_U, "selectors": {"match": {}}}, ("selectors",), "vo-u-selectors-object"),
    (VO_UNI, {**VO_U, "selectors": [{"match": {"port": 1800}}]}, ("selectors", 0, "match", "port"), "vo-u-numeric-tag"),
    (VO_UNI, {**VO_U, "conf": {"parameters": [{"name": True}]}}, ("conf", "parameters", 0, "name"), "vo-u-bool-name"),
    # Kuma reads a missing name or mesh as "" and reports it with its own words (VO202).
    (VO_UNI, {"type": "VirtualOutbound", "name": "vo-1"}, None, "vo-u-missing-mesh"),
    (VO_UNI, {**VO_U, "type": "virtualoutbound"}, ("type",), "vo-u-wrong-type"),
    (VO_UNI, {**VO_U, "name": 1}, ("name",), "vo-u-numeric-name"),
    (VO_UNI, {**VO_U, "creationTime": "2024-01-01"}, ("creationTime",), "vo-u-date-only"),
    # VirtualOutbound, Kubernetes
    (VO_K8S, k8s("VirtualOutbound", VO_SPEC, mesh="default"), None, "vo-k-full"),
    (VO_K8S, k8s("VirtualOutbound", {"conf": {"port": 80}}), ("spec", "conf", "port"), "vo-k-numeric-port"),
    (VO_K8S, {**k8s("VirtualOutbound", {}), "metadata": {"namespace": "x"}}, ("metadata",), "vo-k-no-name"),
    (VO_K8S, {**k8s("VirtualOutbound", {}), "apiVersion": "kuma.io/v1"}, ("apiVersion",), "vo-k-api-version"),
    (VO_K8S, k8s("VirtualOutbound", {}, mesh=1), ("mesh",), "vo-k-numeric-mesh"),
    (VO_K8S, {**k8s("VirtualOutbound", {}), "metadata": {"name": "a", "labels": {"x": 1}}}, ("metadata", "labels", "x"), "vo-k-label"),
    # Dataplane, Universal
    (DP_UNI, dp_networking(address="10.0.0.1", inbound=[INBOUND]), None, "dp-u-inbound"),
    (DP_UNI, dp_inbound(port="8080", state="NotReady"), None, "dp-u-port-string"),
    (DP_UNI, dp_inbound(port=8080.0, state=2), None, "dp-u-state-number"),
    (DP_UNI, dp_inbound(state=7), None, "dp-u-state-any-int32"),
    # jsonpb strips the quotes and hands the rest to encoding/json, so padding and "null" pass.
    (DP_UNI, dp_inbound(port=" 8080 ", servicePort="null"), None, "dp-u-port-quirks"),
    (DP_UNI, dp_inbound(state=2147483648), (*FIRST_INBOUND, "state"), "dp-u-state-overflow"),
    (DP_UNI, dp_inbound(port="080"), (*FIRST_INBOUND, "port"), "dp-u-port-leading-zero"),
    (DP_UNI, dp_inbound(port="+80"), (*FIRST_INBOUND, "port"), "dp-u-port-sign"),
    (DP_UNI, dp_networking(gateway={"type": "BUILTIN", "tags": {"kuma.io/service": "gw"}}), None, "dp-u-gateway"),
    (DP_UNI, dp_networking(transparent_proxying={"redirectPortInbound": 15006, "ip_family_mode": "IPv4"}), None, "dp-u-tproxy"),
    (DP_UNI, dp_inbound(serviceProbe={"interval": "10s", "healthy_threshold": "2", "tcp": {}}), None, "dp-u-probe"),
    (DP_UNI, {**DP_U, "metrics": {"type": "prometheus", "conf": {"port": 5670, "x": [1]}}}, None, "dp-u-metrics"),
    (DP_UNI, dp_inbound(state="notready"), (*FIRST_INBOUND, "state"), "dp-u-state-case"),
    (DP_UNI, dp_inbound(state="2"), (*FIRST_INBOUND, "state"), "dp-u-state-quoted-number"),
    (DP_UNI, dp_inbound(port=-1), (*FIRST_INBOUND, "port"), "dp-u-negative-port"),
    (DP_UNI, dp_inbound(port=4294967296), (*FIRST_INBOUND, "port"), "dp-u-port-overflow"),
    (DP_UNI, dp_inbound(port="80a"), (*FIRST_INBOUND, "port"), "dp-u-port-text"),
    (DP_UNI, dp_inbound(port=80.5), (*FIRST_INBOUND, "port"), "dp-u-port-fraction"),
    (DP_UNI, dp_inbound(health={"ready": "true"}), (*FIRST_INBOUND, "health", "ready"), "dp-u-bool-string"),
    (DP_UNI, dp_inbound(serviceProbe={"interval": 10}), (*FIRST_INBOUND, "serviceProbe", "interval"), "dp-u-duration-number"),
    (DP_UNI, dp_inbound(serviceProbe={"timeout": "10 s"}), (*FIRST_INBOUND, "serviceProbe", "timeout"), "dp-u-duration-text"),
    (DP_UNI, dp_networking(gateway={"type": "builtin"}), ("networking", "gateway", "type"), "dp-u-gateway-case"),
    (DP_UNI, dp_networking(inbound=INBOUND), ("networking", "inbound"), "dp-u-inbound-object"),
    (DP_UNI, dp_inbound(tags={"version": 1}), (*FIRST_INBOUND, "tags", "version"), "dp-u-tag-number"),
    # Dataplane, Kubernetes
    (DP_K8S, k8s("Dataplane", {"networking": {"inbound": [INBOUND]}}, mesh="default"), None, "dp-k-full"),
    (DP_K8S, {**k8s("Dataplane", None), "metadata": {"name": "dp", "namespace": "kuma-demo"}}, None, "dp-k-namespaced"),
    (DP_K8S, k8s("Dataplane", {"networking": {"inbound": [{"port": True}]}}), ("spec", *FIRST_INBOUND, "port"), "dp-k-bool-port"),
    (DP_K8S, {"kind": "Dataplane", "metadata": {"name": "dp"}}, (), "dp-k-no-api-version"),
    # ExternalService, Universal and Kubernetes
    (ES_UNI, {**es_networking(address="httpbin.org:443"), "tags": {"kuma.io/service": "httpbin"}}, None, "es-u-full"),
    (ES_UNI, es_networking(tls={"enabled": True, "caCert": {"inline": "YWJj"}, "server_name": "a.b"}), None, "es-u-tls"),
    (ES_UNI, es_networking(tls={"clientKey": {"inline": [97, 98]}, "clientCert": {"inline": "YQ=="}}), None, "es-u-bytes"),
    (ES_UNI, es_networking(disableHostDNSEntry="true"), ("networking", "disableHostDNSEntry"), "es-u-bool-string"),
    (ES_UNI, es_networking(tls={"ca_cert": {"inline": "no!"}}), ("networking", "tls", "ca_cert", "inline"), "es-u-base64"),
    (ES_UNI, es_networking(address=["a"]), ("networking", "address"), "es-u-address-list"),
    (ES_K8S, k8s("ExternalService", {"networking": {"address": "a:80"}}, mesh="default"), None, "es-k-full"),
    (ES_K8S, k8s("ExternalService", {"tags": {"port": 80}}), ("spec", "tags", "port"), "es-k-numeric-tag"),
    # ZoneIngress, Universal and Kubernetes (no mesh: the kind is global)
    (ZI_UNI, {**ZI_U, "zone": "east", "networking": {"port": 10001, "advertisedPort": "10001"}}, None, "zi-u-full"),
    (ZI_UNI, {**ZI_U, "availableServices": [{"tags": {"a": "b"}, "instances": 2, "mesh": "m"}]}, None, "zi-u-services"),
    (ZI_UNI, {**ZI_U, "availableServices": [{"instances": -1}]}, ("availableServices", 0, "instances"), "zi-u-negative"),
    (ZI_UNI, {**ZI_U, "availableServices": [{"externalService": "yes"}]}, ("availableServices", 0, "externalService"), "zi-u-yes"),
    (ZI_UNI, {"type": "ZoneIngress"}, None, "zi-u-no-name"),
    (ZI_K8S, {**k8s("ZoneIngress", {"zone": "east"}), "metadata": {"name": "zi", "namespace": "kuma-system"}}, None, "zi-k-full"),
    (ZI_K8S, k8s("ZoneIngress", {"zone": 1}), ("spec", "zone"), "zi-k-numeric-zone"),
    # Mesh, Universal and Kubernetes
    (MESH_UNI, FULL_MESH, None, "mesh-u-full"),
    (MESH_UNI, {**MESH_U, "tracing": {"backends": [{"sampling": "NaN"}, {"sampling": "-Infinity"}, {"sampling": "1e1"}]}}, None, "mesh-u-sampling-strings"),
    (MESH_UNI, {**MESH_U, "tracing": {"backends": [{"sampling": "fifty"}]}}, ("tracing", "backends", 0, "sampling"), "mesh-u-fifty"),
    (MESH_UNI, mesh_ca(mode="strict"), (*FIRST_CA, "mode"), "mesh-u-mode-case"),
    (MESH_UNI, mesh_ca(conf="builtin"), (*FIRST_CA, "conf"), "mesh-u-conf-string"),
    (MESH_UNI, mesh_ca(dpCert={"requestTimeout": 5}), (*FIRST_CA, "dpCert", "requestTimeout"), "mesh-u-timeout-number"),
    (MESH_UNI, {**MESH_U, "routing": {"zoneEgress": "true"}}, ("routing", "zoneEgress"), "mesh-u-bool-string"),
    (MESH_UNI, {**MESH_U, "skipCreatingInitialPolicies": "*"}, ("skipCreatingInitialPolicies",), "mesh-u-list-string"),
    (MESH_K8S, k8s("Mesh", {"mtls": {"enabledBackend": "ca-1"}}), None, "mesh-k-full"),
    (MESH_K8S, k8s("Mesh", {"meshServices": {"mode": "everywhere"}}), ("spec", "meshServices", "mode"), "mesh-k-mode-case"),
    # MeshGateway, Universal and Kubernetes (cluster-scoped, mesh at the top level)
    (MGW_UNI, {**MGW_U, **MGW_SPEC}, None, "mgw-u-full"),
    (MGW_UNI, {**MGW_U, "conf": {"listeners": [{"port": "81", "protocol": 4, "crossMesh": None}]}}, None, "mgw-u-numbers"),
    (MGW_UNI, {**MGW_U, "conf": {"listeners": [{"port": 80, "protocol": "http"}]}}, ("conf", "listeners", 0, "protocol"), "mgw-u-protocol-case"),
    (MGW_UNI, {**MGW_U, "conf": {"listeners": [{"crossMesh": "true"}]}}, ("conf", "listeners", 0, "crossMesh"), "mgw-u-bool-string"),
    (MGW_UNI, {**MGW_U, "conf": {"listeners": [{"tags": {"port": 80}}]}}, ("conf", "listeners", 0, "tags", "port"), "mgw-u-numeric-tag"),
    (MGW_K8S, k8s("MeshGateway", MGW_SPEC, mesh="mesh2"), None, "mgw-k-full"),
    (MGW_K8S, k8s("MeshGateway", {"conf": {"listeners": {"port": 80}}}), ("spec", "conf", "listeners"), "mgw-k-listeners-object"),
    # the MeshService world: spec under `spec` in both forms, status as Kuma writes it
    (HG_UNI, {**HG_U, "spec": {"selector": {"meshService": {"matchLabels": {"kuma.io/origin": "zone"}}}, "template": "{{ .DisplayName }}.svc.mesh.local"}}, None, "hg-u-default"),
    (HG_UNI, {**HG_U, "spec": {"selector": {"meshService": {}}}}, ("spec",), "hg-u-no-template"),
    (HG_UNI, {**HG_U, "mesh": "default", "spec": {"template": "x", "extension": {"config": {"a": [1]}}}}, ("spec", "extension"), "hg-u-extension-no-type"),
    (HG_K8S, k8s("HostnameGenerator", {"template": "{{ .Name }}.mesh"}), None, "hg-k-minimal"),
    (HG_K8S, k8s("HostnameGenerator", {"template": 5}), ("spec", "template"), "hg-k-template-number"),
    (MS_UNI, {**MS_U, "spec": MS_SPEC, "status": MS_STATUS}, None, "ms-u-full"),
    (MS_UNI, {**MS_U, "spec": {"ports": [{"port": "80"}]}}, ("spec", "ports", 0, "port"), "ms-u-port-string"),
    (MS_UNI, {**MS_U, "spec": {"state": "Ready"}}, ("spec", "state"), "ms-u-state"),
    (MS_K8S, k8s("MeshService", MS_SPEC, status=MS_STATUS), None, "ms-k-full"),
    (MS_K8S, k8s("MeshService", {"selector": {"dataplaneTags": {"app": 1}}}), ("spec", "selector", "dataplaneTags", "app"), "ms-k-tag-number"),
    (MES_UNI, {**MES_U, "spec": MES_SPEC}, None, "mes-u-full"),
    (MES_UNI, {**MES_U, "spec": {"match": {"port": 0}}}, ("spec", "match", "port"), "mes-u-port-zero"),
    (MES_UNI, {**MES_U, "spec": {"match": {"port": 80, "protocol": "udp"}}}, ("spec", "match", "protocol"), "mes-u-protocol"),
    (MES_K8S, k8s("MeshExternalService", MES_SPEC), None, "mes-k-full"),
    (MES_K8S, k8s("MeshExternalService", {**MES_SPEC, "endpoints": [{"address": "a.b"}]}), ("spec", "endpoints", 0), "mes-k-endpoint-port"),
    (MZS_UNI, {**MZS_U, "spec": MZS_SPEC}, None, "mzs-u-full"),
    (MZS_UNI, {**MZS_U, "spec": {"selector": {"meshService": {}}}}, ("spec",), "mzs-u-no-ports"),
    (MZS_K8S, k8s("MeshMultiZoneService", MZS_SPEC), None, "mzs-k-full"),
    (MZS_K8S, k8s("MeshMultiZoneService", {**MZS_SPEC, "ports": [{"port": 80, "appProtocol": True}]}), ("spec", "ports", 0, "appProtocol"), "mzs-k-protocol-bool"),
    # vocheck's own configuration
    (CONFIG, {}, None, "config-empty"),
    (CONFIG, FULL_CONFIG, None, "config-full"),
    (CONFIG, {"jobs": 4}, None, "config-jobs-number"),
    (CONFIG, {"fail_on": "error"}, (), "config-typo"),
    (CONFIG, {"fail-on": "fatal"}, ("fail-on",), "config-fail-on"),
    (CONFIG, {"jobs": 0}, ("jobs",), "config-jobs-zero"),
    (CONFIG, {"kuma-version": 2.14}, ("kuma-version",), "config-version-float"),
    (CONFIG, {"service-vip-port": 70000}, ("service-vip-port",), "config-port"),
    (CONFIG, {"severity": {"VO101": "critical"}}, ("severity", "VO101"), "config-severity"),
    (CONFIG, {"per-file-ignores": {"*.yaml": "VO1"}}, ("per-file-ignores", "*.yaml"), "config-per-file"),
]


@pytest.mark.parametrize(
    ("file_name", "instance", "error_path"), [case[:3] for case in CASES], ids=[case[3] for case in CASES]
)
def test_instance_is_accepted_or_rejected_at_the_offending_value(
    file_name: str, instance: Any, error_path: ErrorPath
) -> None:
    validator = Draft202012Validator(load(file_name))
    error = best_match(validator.iter_errors(instance))
    if error_path is None:
        assert error is None, error.message if error else ""
    else:
        assert error is not None
        assert tuple(error.absolute_path) == error_path, error.message


def test_every_kind_and_form_has_valid_and_invalid_cases() -> None:
    outcomes = {(case[0], case[2] is None) for case in CASES}
    assert outcomes == {(file_name, valid) for file_name in ALL_FILES for valid in (True, False)}
