"""Kuma's Mesh rules beyond its own test tables: typed confs, defaulting, create checks."""

from __future__ import annotations

from typing import Any

import pytest

from vocheck.kuma.decode import decode_mesh, decode_struct_as
from vocheck.kuma.mesh_spec import mesh_rejections, validate_mesh_spec
from vocheck.kuma.mesh_ca import create_violations
from vocheck.kuma.meshschema import DATADOG_TRACING
from vocheck.kuma.specs import MeshSpec
from vocheck.kuma.protomessages import PROMETHEUS_CONFIG

TYPED_CONFS = [
    (PROMETHEUS_CONFIG, {"port": 5670, "skipMTLS": True}, {"port": 5670, "skipMTLS": True}, None),
    (PROMETHEUS_CONFIG, {"port": "5670", "tls": {"mode": 1}}, {"port": 5670, "tls": {"mode": "providedTLS"}}, None),
    (PROMETHEUS_CONFIG, {"port": 5670.5}, None, (("port",), "json: cannot unmarshal number 5670.5 into Go value of type uint32")),
    (PROMETHEUS_CONFIG, {"port": 10**22}, None, (("port",), "json: cannot unmarshal number 1e+22 into Go value of type uint32")),
    (PROMETHEUS_CONFIG, {"path": 1, "port": "x"}, None, (("port",), "invalid character 'x' looking for beginning of value")),
    (PROMETHEUS_CONFIG, {"skipMTLS": "true"}, None, (("skipMTLS",), "json: cannot unmarshal string into Go value of type bool")),
    (
        PROMETHEUS_CONFIG,
        {"aggregate": [{"name": "a"}, {"name": 2}]},
        None,
        (("aggregate", 1, "name"), "json: cannot unmarshal number into Go value of type string"),
    ),
    (
        PROMETHEUS_CONFIG,
        {"tls": {"mode": "strict"}},
        None,
        (("tls", "mode"), 'unknown value "\\"strict\\"" for enum kuma.mesh.v1alpha1.PrometheusTlsConfig.Mode'),
    ),
    (DATADOG_TRACING, {"address": "dd", "port": 8126, "unknown": [1]}, {"address": "dd", "port": 8126}, None),
]


@pytest.mark.parametrize(("schema", "conf", "value", "error"), TYPED_CONFS)
def test_typed_conf(schema: Any, conf: object, value: object, error: tuple[Any, str] | None) -> None:
    decoded = decode_struct_as(schema, conf)
    assert decoded.value == value
    assert (decoded.errors[0].path, decoded.errors[0].message) == error if error else not decoded.errors


SAMPLINGS = [
    (80, 80.0, None),
    ("80.5", 80.5, None),
    ("NaN", "nan", None),
    ("Infinity", float("inf"), None),
    (True, None, "json: cannot unmarshal bool into Go value of type float64"),
    ("high", None, "invalid character 'h' looking for beginning of value"),
    ("1e400", None, "json: cannot unmarshal number 1e400 into Go value of type float64"),
]


@pytest.mark.parametrize(("sampling", "value", "error"), SAMPLINGS)
def test_sampling_decodes_as_jsonpb_double(sampling: object, value: object, error: str | None) -> None:
    decoded = decode_mesh({"tracing": {"backends": [{"name": "t", "sampling": sampling}]}})
    if error:
        assert [item.message for item in decoded.errors] == [error]
        return
    assert decoded.value is not None
    got = decoded.value.fields["tracing"]["backends"][0]["sampling"]  # type: ignore[index]
    assert str(got) == value if isinstance(value, str) else got == value


def _mesh(spec: dict[str, Any]) -> MeshSpec:
    decoded = decode_mesh(spec)
    assert decoded.value is not None
    return decoded.value


def _pairs(violations: Any) -> list[tuple[str, str]]:
    return [(violation.field, violation.message) for violation in violations]


def _backend(kind: str, **rest: object) -> dict[str, Any]:
    return {"mtls": {"enabledBackend": "ca-1", "backends": [{"name": "ca-1", "type": kind, **rest}]}}


CREATE_CASES = [
    ("builtin", "default", _backend("builtin"), []),
    ("provided", "default", _backend("provided", conf={"cert": {"secret": "c"}, "key": {"file": "/k"}}), []),
    ("skipValidation", "default", {"mtls": {"skipValidation": True, "backends": [{"name": "x", "type": "provided"}]}}, []),
    (
        "name too long",
        "m" * 64,
        {},
        [("name", "cannot be longer than 63 characters")],
    ),
    (
        "unknown plugin stops the walk",
        "default",
        {"mtls": {"backends": [{"name": "a", "type": "acmpca"}, {"name": "b", "type": "certmanager"}]}},
        [("mtls.backends[0].type", "could not find installed plugin for this type")],
    ),
    (
        "builtin name that makes no DNS name",
        "default",
        _backend("builtin") | {"mtls": {"backends": [{"name": "CA_1", "type": "builtin"}]}},
        [("mtls.backends[0].conf.mtls.backends.name", '"CA_1" name must be valid dns name')],
    ),
    (
        "builtin secret name over 255 bytes",
        "default",
        {"mtls": {"backends": [{"name": "abcdefghij." * 22, "type": "builtin"}]}},
        [("mtls.backends[0].conf.mtls.backends.name", "Backend name is too long. Max length: 255")],
    ),
    (
        "Kuma's builtin test: a name too long",
        "default",
        {"mtls": {"backends": [{"name": ".".join(["backend-long"] * 19), "type": "builtin"}]}},
        [("mtls.backends[0].conf.mtls.backends.name", "Backend name is too long. Max length: 255")],
    ),
    (
        "Kuma's builtin test: uppercase letters",
        "default",
        {"mtls": {"backends": [{"name": "builtinCA", "type": "builtin"}]}},
        [("mtls.backends[0].conf.mtls.backends.name", '"builtinCA" name must be valid dns name')],
    ),
    (
        "Kuma's provided test: empty config",
        "default",
        {"mtls": {"backends": [{"name": "provided-1", "type": "provided"}]}},
        [("mtls.backends[0].conf.cert", "has to be defined"), ("mtls.backends[0].conf.key", "has to be defined")],
    ),
    (
        "builtin name of one long label",
        "default",
        {"mtls": {"backends": [{"name": "a" * 240, "type": "builtin"}]}},
        [
            ("mtls.backends[0].conf.mtls.backends.name", "Backend name is too long. Max length: 255"),
            ("mtls.backends[0].conf.mtls.backends.name", '"' + "a" * 240 + '" name must be valid dns name'),
        ],
    ),
    (
        "builtin conf of the wrong type",
        "default",
        _backend("builtin", conf={"caCert": {"RSAbits": "many"}}),
        [("mtls.backends[0].conf", "could not convert backend config: invalid character 'm' looking for beginning of value")],
    ),
    (
        "provided without sources",
        "default",
        _backend("provided", conf={"cert": {}}),
        [
            ("mtls.backends[0].conf.cert", "data source has to be chosen. Available sources: secret, file, inline"),
            ("mtls.backends[0].conf.key", "has to be defined"),
        ],
    ),
    (
        "provided: of several sources the last declared counts",
        "default",
        _backend("provided", conf={"cert": {"inline": "", "secret": "c"}, "key": {"file": "", "inlineString": ""}}),
        [("mtls.backends[0].conf.cert.inline", "cannot be empty")],
    ),
    (
        "provided: Kuma's test of an inline certificate that holds no PEM data",
        "default",
        _backend("provided", conf={"cert": {"inline": "dGVzdA=="}, "key": {"inline": "dGVzdA=="}}),
        [("mtls.backends[0].conf.cert", "not a valid TLS key pair: tls: failed to find any PEM data in certificate input")],
    ),
    (
        "provided: a PEM certificate is left to Kuma",
        "default",
        _backend("provided", conf={"cert": {"inlineString": "-----BEGIN CERTIFICATE-----"}, "key": {"inlineString": "k"}}),
        [],
    ),
    (
        "provided: Kuma's test of empty secrets, which jsonpb reads as no source",
        "default",
        _backend("provided", conf={"cert": {"secret": None}, "key": {"secret": None}}),
        [
            ("mtls.backends[0].conf.cert", "data source has to be chosen. Available sources: secret, file, inline"),
            ("mtls.backends[0].conf.key", "data source has to be chosen. Available sources: secret, file, inline"),
        ],
    ),
    (
        "provided: inline data that is not base64",
        "default",
        _backend("provided", conf={"cert": {"inline": "not base64"}}),
        [("mtls.backends[0].conf", "could not convert backend config: illegal base64 data at input byte 3")],
    ),
]


@pytest.mark.parametrize(("name", "mesh", "spec", "expected"), CREATE_CASES, ids=[case[0] for case in CREATE_CASES])
def test_create_checks(name: str, mesh: str, spec: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert _pairs(create_violations(mesh, _mesh(spec))) == expected


def _prometheus(conf: dict[str, Any]) -> dict[str, Any]:
    return {"metrics": {"backends": [{"name": "p", "type": "prometheus", "conf": conf}]}}


CONFLICT = ("metrics.backends[0].conf", "skipMTLS and tls configuration cannot be defined together")
STAGES = [
    ("universal", _prometheus({"skipMTLS": True, "tls": {"mode": "providedTLS"}}), [[CONFLICT], []]),
    ("kubernetes", _prometheus({"skipMTLS": True, "tls": {"mode": "providedTLS"}}), [[], [], []]),
    ("kubernetes", _prometheus({"skipMTLS": False, "tls": {"mode": "disabled"}}), [[], [CONFLICT], []]),
    ("kubernetes", _prometheus({"skipMTLS": True}), [[], [], []]),
    (
        "kubernetes",
        _prometheus({"port": True}),
        [[("", "could not convert the backend: json: cannot unmarshal bool into Go value of type uint32")], [], []],
    ),
    (
        "universal",
        _prometheus({"port": True}),
        [[("metrics.backends[0].conf", "could not parse config: json: cannot unmarshal bool into Go value of type uint32")], []],
    ),
]


@pytest.mark.parametrize(("form", "spec", "stages"), STAGES)
def test_stages_per_form(form: str, spec: dict[str, Any], stages: list[list[tuple[str, str]]]) -> None:
    assert [_pairs(stage) for stage in mesh_rejections("default", _mesh(spec), form)] == stages


VALIDATOR_CASES = [
    ("dpCert without rotation", _backend("builtin", dpCert={}), [("mtls.dpcert.rotation.expiration", "has to be a valid format")]),
    ("dpCert of zero", _backend("builtin", dpCert={"rotation": {"expiration": "0"}}), []),
    ("dpCert in Go's format", _backend("builtin", dpCert={"rotation": {"expiration": "1h30m"}}), [("mtls.dpcert.rotation.expiration", "has to be a valid format")]),
    (
        "datadog without address and port",
        {"tracing": {"backends": [{"name": "d", "type": "datadog"}]}},
        [
            ("tracing.backends[0].config.address", "cannot be empty"),
            ("tracing.backends[0].config.port", "port must be in the range [1, 65535]"),
        ],
    ),
    (
        "datadog port out of range",
        {"tracing": {"backends": [{"name": "d", "type": "datadog", "conf": {"address": "dd", "port": 70000}}]}},
        [("tracing.backends[0].config.port", "port must be in the range [1, 65535]")],
    ),
    ("sampling NaN passes", {"tracing": {"backends": [{"name": "z", "type": "zipkin", "sampling": "NaN", "conf": {"url": "http://z:1/"}}]}}, []),
    (
        "negative sampling",
        {"tracing": {"backends": [{"name": "z", "type": "zipkin", "sampling": -1, "conf": {"url": "http://z:1/"}}]}},
        [("tracing.backends[0].sampling", "has to be in [0.0 - 100.0] range")],
    ),
    (
        "tcp logging without a port",
        {"logging": {"backends": [{"name": "t", "type": "tcp", "conf": {"address": "logstash:"}}]}},
        [("logging.backends[0].config.address", "has to be in format of HOST:PORT")],
    ),
    (
        "two backends without names",
        {"logging": {"backends": [{"type": "file", "conf": {"path": "/a"}}, {"type": "file", "conf": {"path": "/b"}}]}},
        [
            ("logging.backends[0].name", "cannot be empty"),
            ("logging.backends[1].name", "cannot be empty"),
            ("logging.backends[1].name", '"" name is already used for another backend'),
        ],
    ),
    (
        "a bad filter regex stops before the aggregates",
        _prometheus({"envoy": {"filterRegex": "a**"}, "aggregate": [{"name": "x"}, {"name": "x"}]}),
        [
            (
                "metrics.backends[0].conf.envoy.filterRegex",
                "provided regexp isn't correct: error parsing regexp: invalid nested repetition operator: `**`",
            )
        ],
    ),
    (
        "a tls mode number no name stands for agrees with no skipMTLS",
        _prometheus({"skipMTLS": False, "tls": {"mode": 7}}),
        [CONFLICT],
    ),
    (
        "a good filter regex, then duplicate aggregate names",
        _prometheus({"envoy": {"filterRegex": "x{2}"}, "aggregate": [{"name": "x"}, {"name": "x"}]}),
        [("metrics.backends[0].conf.aggregate[1].name", "duplicate entry: x, values have to be unique")],
    ),
    ("a filter regex over 400 bytes is not judged", _prometheus({"envoy": {"filterRegex": "(" * 401}}), []),
    ("empty mtls, routing and constraints", {"mtls": {}, "routing": {}, "constraints": {"dataplaneProxy": {}}}, []),
    ("zone egress with mTLS", _backend("builtin") | {"routing": {"zoneEgress": True}}, []),
]


@pytest.mark.parametrize(("name", "spec", "expected"), VALIDATOR_CASES, ids=[case[0] for case in VALIDATOR_CASES])
def test_validator(name: str, spec: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert _pairs(validate_mesh_spec(_mesh(spec))) == expected
