"""Kuma's own VirtualOutbound validator tests (virtual_outbound_validator_test.go), case by case."""

from __future__ import annotations

import pytest

from vocheck.kuma.decode import decode_virtual_outbound
from vocheck.kuma.specs import Conf, Parameter, VirtualOutboundSpec
from vocheck.kuma.validate import validate_virtual_outbound

SERVICE = {"name": "service", "tagKey": "kuma.io/service"}
EU_ANY = {"match": {"region": "eu", "kuma.io/service": "*"}}


def _spec(host: str = "foo.mesh", port: str = "80", parameters: list[dict[str, str]] | None = None) -> dict[str, object]:
    return {"selectors": [EU_ANY], "conf": {"host": host, "port": port, "parameters": parameters or [SERVICE]}}


HOST_MESH = (
    'template pre evaluation failed with error="failed compiling gotemplate error='
    '\\"template: :1: function \\\\\\"mesh\\\\\\" not defined\\""'
)
PORT_PORT = (
    'template pre evaluation failed with error="failed compiling gotemplate error='
    '\\"template: :1: function \\\\\\"port\\\\\\" not defined\\""'
)
NOT_A_NUMBER = (
    'template pre evaluation failed with error="evaluation of template with parameters '
    "didn't evaluate to a parsable number result=\\\"1a\\\"\""
)
NOT_ALNUM = "must consist of alphanumeric characters to be used as a gotemplate key"

# (case, spec as Kuma's test writes it, expected (field, message) list)
KUMA_CASES: list[tuple[str, object, list[tuple[str, str]]]] = [
    ("full example", _spec("foo.bar", "80"), []),
    (
        "empty host (misnamed: templated host)",
        _spec("{{.service}}.mesh", "{{.port}}", [SERVICE, {"name": "port", "tagKey": "kuma.io/port"}]),
        [],
    ),
    ("empty spec", None, [("selectors", "must have at least one element"), ("conf", "has to be defined")]),
    (
        "selectors without tags",
        {"selectors": [{"match": {}}], "conf": _spec()["conf"]},
        [("selectors[0].match", "must have at least one tag")],
    ),
    (
        "empty tag values",
        {"selectors": [{"match": {"kuma.io/service": None, "region": None}}], "conf": _spec()["conf"]},
        [
            ('selectors[0].match["kuma.io/service"]', "tag value must be non-empty"),
            ('selectors[0].match["region"]', "tag value must be non-empty"),
        ],
    ),
    (
        "multiple selectors",
        {
            "selectors": [{"match": {"kuma.io/service": None, "region": None}}, {"match": {}}],
            "conf": _spec()["conf"],
        },
        [
            ('selectors[0].match["kuma.io/service"]', "tag value must be non-empty"),
            ('selectors[0].match["region"]', "tag value must be non-empty"),
            ("selectors[1].match", "must have at least one tag"),
        ],
    ),
    ("bad host template", _spec(host="foo.{{mesh"), [("conf.host", HOST_MESH)]),
    ("bad port template", _spec(port="{{port"), [("conf.port", PORT_PORT)]),
    (
        "port not a number",
        _spec(port="{{.port}}a", parameters=[{"name": "port", "tagKey": "service"}, SERVICE]),
        [("conf.port", NOT_A_NUMBER)],
    ),
    (
        "bad tagKey",
        _spec(parameters=[{"name": "port", "tagKey": "***"}, SERVICE]),
        [("conf.parameters[0].tagKey", "must be a valid tag name")],
    ),
    (
        "bad name _",
        _spec(parameters=[{"name": "_", "tagKey": "kuma.io/service"}]),
        [("conf.parameters[0].name", NOT_ALNUM)],
    ),
    (
        "bad name kuma.io/port without tagKey",
        _spec(parameters=[{"name": "srv", "tagKey": "kuma.io/service"}, {"name": "kuma.io/port"}]),
        [("conf.parameters[1].name", NOT_ALNUM)],
    ),
    (
        "duplicate name",
        _spec(parameters=[{"name": "srv", "tagKey": "kuma.io/service"}, {"name": "srv"}]),
        [("conf.parameters[1].name", "name is already used")],
    ),
    (
        "empty name",
        _spec(parameters=[{"name": "", "tagKey": "kuma.io/service"}]),
        [("conf.parameters[0].name", NOT_ALNUM)],
    ),
    (
        "missing service param",
        _spec(parameters=[{"name": "foo", "tagKey": "kuma.io/port"}]),
        [("conf.parameters", "must contain a parameter with kuma.io/service as a tagKey")],
    ),
]


@pytest.mark.parametrize(("case", "data", "expected"), KUMA_CASES, ids=[case[0] for case in KUMA_CASES])
def test_kuma_validator_cases(case: str, data: object, expected: list[tuple[str, str]]) -> None:
    decoded = decode_virtual_outbound(data)
    assert decoded.errors == ()
    assert decoded.value is not None
    violations = validate_virtual_outbound(decoded.value)
    assert [(violation.field, violation.message) for violation in violations] == expected


def test_spec_wrapper_in_universal_form_is_empty() -> None:
    decoded = decode_virtual_outbound({"type": "VirtualOutbound", "name": "x", "spec": _spec()})
    assert decoded.value is not None
    assert [(v.field, v.message) for v in validate_virtual_outbound(decoded.value)] == [
        ("selectors", "must have at least one element"),
        ("conf", "has to be defined"),
    ]


PATH_CASES = [
    (
        VirtualOutboundSpec(({"kuma.io/service": "a*"},), Conf("x.mesh", "80", (Parameter("s", "kuma.io/service"),))),
        [("selectors", 0, "match", "kuma.io/service")],
    ),
    (VirtualOutboundSpec(({"a": "b"},), None), [()]),
    (
        VirtualOutboundSpec(({"a": "b"},), Conf("", "", (Parameter("s", "kuma.io/service"),))),
        [("conf",), ("conf",)],
    ),
    (
        VirtualOutboundSpec(({"a": "b"},), Conf("x", "80", (Parameter("s", "bad key", "tag_key"),))),
        [("conf", "parameters", 0, "tag_key"), ("conf", "parameters")],
    ),
    (
        VirtualOutboundSpec(({"": "b"},), Conf("{{.a.b.c", "0", (Parameter("s", "kuma.io/service"),))),
        [("selectors", 0, "match", ""), ("conf", "host"), ("conf", "port")],
    ),
]


@pytest.mark.parametrize(("spec", "paths"), PATH_CASES)
def test_violation_paths_point_at_the_value(spec: VirtualOutboundSpec, paths: list[tuple[object, ...]]) -> None:
    assert [violation.path for violation in validate_virtual_outbound(spec)] == paths


def test_keys_are_visited_in_byte_order_and_quoted_with_go_q() -> None:
    spec = VirtualOutboundSpec(
        ({"z": "*", "a b": "x", 'q"': "y", "B": "back*", "é": "1"},),
        Conf("x.mesh", "80", (Parameter("s", "kuma.io/service"),)),
    )
    fields = [violation.field for violation in validate_virtual_outbound(spec)]
    assert fields == [
        'selectors[0].match["B"]',
        'selectors[0].match["a b"]',
        'selectors[0].match["q\\""]',
        'selectors[0].match["é"]',
    ]


def test_legacy_quoting_before_2_6() -> None:
    spec = VirtualOutboundSpec(({"a": "b"},), Conf("{{.v}}.mesh", "70000", (Parameter("s", "kuma.io/service"),)))
    messages = [violation.message for violation in validate_virtual_outbound(spec, kuma_version=(2, 5))]
    assert messages == [
        "template pre evaluation failed with error='evaluation of template with parameters didn't return a valid "
        "dns name result='<no value>.mesh''",
        "template pre evaluation failed with error='evaluation of template returned a port outside of the range "
        "[1..65535] result='70000''",
    ]
