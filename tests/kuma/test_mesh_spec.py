"""Kuma's Mesh rules beyond its own test tables: typed confs, Go's regexp and URL parsing, defaulting, create checks."""

from __future__ import annotations

from typing import Any

import pytest

from vocheck.kuma.decode import decode_mesh, decode_struct_as
from vocheck.kuma.goregexp import regexp_error
from vocheck.kuma.mesh_spec import create_violations, mesh_rejections, validate_mesh_spec
from vocheck.kuma.meshschema import DATADOG_TRACING, PROMETHEUS_METRICS
from vocheck.kuma.model import MeshSpec
from vocheck.kuma.requesturi import request_uri_port

REGEXPS = [
    ("^server[0-9]+", None),
    ("cluster\\.(outbound|inbound)\\..*", None),
    ("(?P<name>a)(?<other>b)(?i:c)(?s)x*?", None),
    ("\\pL\\p{Greek}\\P{^Lu}\\p{Letter}[[:alpha:]\\d-]", None),
    ("\\Q*+?\\E*", None),
    ("a{2,5}b{3,}c{,3}x{", None),
    ("(", "missing closing ): `(`"),
    ("a)", "unexpected ): `a)`"),
    ("[abc", "missing closing ]: `[abc`"),
    ("x[a-", "missing closing ]: `[a-`"),
    ("a**", "invalid nested repetition operator: `**`"),
    ("a{2}{3}", "invalid nested repetition operator: `{2}{3}`"),
    ("*a", "missing argument to repetition operator: `*`"),
    ("(?i)+", "missing argument to repetition operator: `+`"),
    ("a|?", "missing argument to repetition operator: `?`"),
    ("a{1001}", "invalid repeat count: `{1001}`"),
    ("a{3,2}", "invalid repeat count: `{3,2}`"),
    ("\\8", "invalid escape sequence: `\\8`"),
    ("\\C", "invalid escape sequence: `\\C`"),
    ("\\x{110000}", "invalid escape sequence: `\\x{110000`"),
    ("[\\b]", "invalid escape sequence: `\\b`"),
    ("\\", "trailing backslash at end of expression: ``"),
    ("[z-a]", "invalid character class range: `z-a`"),
    ("[[:word2:]]", "invalid character class range: `[:word2:]`"),
    ("\\p{Klingon}", "invalid character class range: `\\p{Klingon}`"),
    ("(?P<1-2>x)", "invalid named capture: `(?P<1-2>`"),
    ("(?<=a)b", "invalid named capture: `(?<=a)b`"),
    ("(?!a)", "invalid or unsupported Perl syntax: `(?!`"),
    ("(?i-)", "invalid or unsupported Perl syntax: `(?i-)`"),
]


@pytest.mark.parametrize(("pattern", "error"), REGEXPS)
def test_go_regexp(pattern: str, error: str | None) -> None:
    expected = f"error parsing regexp: {error}" if error else None
    assert regexp_error(pattern) == expected


URLS = [
    ("http://zipkin.local:9411/api/v2/spans", "9411"),
    ("https://[fd00::1]:9411/", "9411"),
    ("http://user:secret@zipkin:9411", "9411"),
    ("http://zipkin.local/api/v2/spans", ""),
    ("http://zipkin.local:/api", ""),
    ("zipkin:9411/api/v2/spans", ""),  # a scheme and an opaque part: no host at all
    ("/api/v2/spans", ""),
    ("zipkin.local:9411", ""),  # "zipkin.local" reads as the scheme
    ("invalid-url", None),
    ("http://zipkin local:9411/", None),
    ("http://zipkin:94x1/", None),
    ("http://[fd00::1/", None),
    ("http://[zipkin]:9411/", None),
    ("http://[10.0.0.1]:9411/", None),  # brackets hold IPv6 only
    ("http://[fe80::1%25en0]:9411/", "9411"),
    ("http://[fe80::1%25]:9411/", None),
    ("http://zip[kin:9411/", None),
    ("http://zipkin]:9411/", "9411"),
    ("http://zipkin:9411/%zz", None),
    (":9411", None),
    ("http://zipkin:9411/\x7f", None),
]


@pytest.mark.parametrize(("url", "port"), URLS)
def test_request_uri_port(url: str, port: str | None) -> None:
    assert request_uri_port(url) == port


TYPED_CONFS = [
    (PROMETHEUS_METRICS, {"port": 5670, "skipMTLS": True}, {"port": 5670, "skipMTLS": True}, None),
    (PROMETHEUS_METRICS, {"port": "5670", "tls": {"mode": 1}}, {"port": 5670, "tls": {"mode": "providedTLS"}}, None),
    (PROMETHEUS_METRICS, {"port": 5670.5}, None, (("port",), "json: cannot unmarshal number 5670.5 into Go value of type uint32")),
    (PROMETHEUS_METRICS, {"port": 10**22}, None, (("port",), "json: cannot unmarshal number 1e+22 into Go value of type uint32")),
    (PROMETHEUS_METRICS, {"path": 1, "port": "x"}, None, (("port",), "invalid character 'x' looking for beginning of value")),
    (PROMETHEUS_METRICS, {"skipMTLS": "true"}, None, (("skipMTLS",), "json: cannot unmarshal string into Go value of type bool")),
    (
        PROMETHEUS_METRICS,
        {"aggregate": [{"name": "a"}, {"name": 2}]},
        None,
        (("aggregate", 1, "name"), "json: cannot unmarshal number into Go value of type string"),
    ),
    (
        PROMETHEUS_METRICS,
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
    ("empty mtls, routing and constraints", {"mtls": {}, "routing": {}, "constraints": {"dataplaneProxy": {}}}, []),
    ("zone egress with mTLS", _backend("builtin") | {"routing": {"zoneEgress": True}}, []),
]


@pytest.mark.parametrize(("name", "spec", "expected"), VALIDATOR_CASES, ids=[case[0] for case in VALIDATOR_CASES])
def test_validator(name: str, spec: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert _pairs(validate_mesh_spec(_mesh(spec))) == expected
