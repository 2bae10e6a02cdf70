"""Kuma's jsonpb decoding of specs: the refusals with jsonpb's words, and how null is treated."""

from __future__ import annotations

import pytest

from vocheck.kuma.decode import (
    decode_dataplane,
    decode_external_service,
    decode_virtual_outbound,
    decode_zone_ingress,
)
from vocheck.kuma.specs import Conf, DecodeError, Parameter, VirtualOutboundSpec

STRING_FROM = "json: cannot unmarshal {} into Go value of type string"
LIST_FROM = "json: cannot unmarshal {} into Go value of type []json.RawMessage"
OBJECT_FROM = "json: cannot unmarshal {} into Go value of type map[string]json.RawMessage"

# (case, data, every error as (path, message))
VIRTUAL_OUTBOUND_ERRORS: list[tuple[str, object, list[tuple[tuple[str | int, ...], str]]]] = [
    ("unquoted port", {"conf": {"port": 80}}, [(("conf", "port"), STRING_FROM.format("number"))]),
    ("float port", {"conf": {"port": 80.5}}, [(("conf", "port"), STRING_FROM.format("number"))]),
    ("bool host", {"conf": {"host": True}}, [(("conf", "host"), STRING_FROM.format("bool"))]),
    ("list host", {"conf": {"host": ["a"]}}, [(("conf", "host"), STRING_FROM.format("array"))]),
    ("map host", {"conf": {"host": {"a": "b"}}}, [(("conf", "host"), STRING_FROM.format("object"))]),
    (
        "number as selector value",
        {"selectors": [{"match": {"port": 1800}}]},
        [(("selectors", 0, "match", "port"), STRING_FROM.format("number"))],
    ),
    (
        "yes as selector value",
        {"selectors": [{"match": {"enabled": True}}]},
        [(("selectors", 0, "match", "enabled"), STRING_FROM.format("bool"))],
    ),
    ("map where selectors list", {"selectors": {"match": {}}}, [(("selectors",), LIST_FROM.format("object"))]),
    ("string where selectors list", {"selectors": "x"}, [(("selectors",), LIST_FROM.format("string"))]),
    ("map where parameters list", {"conf": {"parameters": {"name": "x"}}}, [(("conf", "parameters"), LIST_FROM.format("object"))]),
    ("list where match map", {"selectors": [{"match": ["a"]}]}, [(("selectors", 0, "match"), OBJECT_FROM.format("array"))]),
    ("string where conf message", {"conf": "x"}, [(("conf",), OBJECT_FROM.format("string"))]),
    ("number as selector", {"selectors": [5]}, [(("selectors", 0), OBJECT_FROM.format("number"))]),
    ("whole document a list", ["a"], [((), OBJECT_FROM.format("array"))]),
    (
        "number parameter name",
        {"conf": {"parameters": [{"name": 1}, {"name": "ok", "tagKey": False}]}},
        [
            (("conf", "parameters", 0, "name"), STRING_FROM.format("number")),
            (("conf", "parameters", 1, "tagKey"), STRING_FROM.format("bool")),
        ],
    ),
    (
        "errors in proto field order, not document order",
        {"conf": {"port": 1, "host": 2}, "selectors": [{"match": {"a": 3}}]},
        [
            (("selectors", 0, "match", "a"), STRING_FROM.format("number")),
            (("conf", "host"), STRING_FROM.format("number")),
            (("conf", "port"), STRING_FROM.format("number")),
        ],
    ),
    (
        "NaN anywhere fails the YAML to JSON step",
        {"foo": {"b": float("nan")}, "conf": {"port": 80}},
        [(("foo", "b"), "json: unsupported value: NaN")],
    ),
    ("infinity", {"x": float("-inf")}, [(("x",), "json: unsupported value: -Inf")]),
]


@pytest.mark.parametrize(
    ("case", "data", "expected"), VIRTUAL_OUTBOUND_ERRORS, ids=[case[0] for case in VIRTUAL_OUTBOUND_ERRORS]
)
def test_virtual_outbound_refusals(case: str, data: object, expected: list[tuple[tuple[str | int, ...], str]]) -> None:
    decoded = decode_virtual_outbound(data)
    assert decoded.value is None
    assert decoded.errors == tuple(DecodeError(path, message) for path, message in expected)


NULL_CASES: list[tuple[str, object, VirtualOutboundSpec]] = [
    ("null document", None, VirtualOutboundSpec()),
    ("empty document", {}, VirtualOutboundSpec()),
    ("null conf", {"conf": None}, VirtualOutboundSpec()),
    ("null selectors", {"selectors": None}, VirtualOutboundSpec()),
    ("null selector element", {"selectors": [None]}, VirtualOutboundSpec(({},))),
    ("null match value", {"selectors": [{"match": {"a": None}}]}, VirtualOutboundSpec(({"a": ""},))),
    ("null strings", {"conf": {"host": None, "port": None}}, VirtualOutboundSpec((), Conf())),
    ("null parameter", {"conf": {"parameters": [None]}}, VirtualOutboundSpec((), Conf(parameters=(Parameter(""),)))),
    ("unknown keys everywhere", {"type": "VirtualOutbound", "spec": {"conf": 1}, "conf": {"bar": 1}}, VirtualOutboundSpec((), Conf())),
    (
        "tag_key accepted",
        {"conf": {"parameters": [{"name": "s", "tag_key": "kuma.io/service"}]}},
        VirtualOutboundSpec((), Conf(parameters=(Parameter("s", "kuma.io/service", "tag_key"),))),
    ),
    (
        "tagKey wins over tag_key",
        {"conf": {"parameters": [{"name": "s", "tag_key": "a", "tagKey": "b"}]}},
        VirtualOutboundSpec((), Conf(parameters=(Parameter("s", "b", "tagKey"),))),
    ),
    (
        "a null tagKey still wins over tag_key",
        {"conf": {"parameters": [{"name": "s", "tag_key": "a", "tagKey": None}]}},
        VirtualOutboundSpec((), Conf(parameters=(Parameter("s", "", "tagKey"),))),
    ),
    ("typo tagkey ignored", {"conf": {"parameters": [{"name": "s", "tagkey": "a"}]}}, VirtualOutboundSpec((), Conf(parameters=(Parameter("s"),)))),
]


@pytest.mark.parametrize(("case", "data", "expected"), NULL_CASES, ids=[case[0] for case in NULL_CASES])
def test_virtual_outbound_values(case: str, data: object, expected: VirtualOutboundSpec) -> None:
    decoded = decode_virtual_outbound(data)
    assert decoded.errors == ()
    assert decoded.value == expected


UINT32_FROM = "json: cannot unmarshal {} into Go value of type uint32"

# A Dataplane inbound port: jsonpb strips the quotes of a string and parses the rest as JSON.
PORT_VALUES: list[tuple[object, int | str]] = [
    (80, 80),
    ("80", 80),
    (" 80 ", 80),
    (80.0, 80),
    ("null", 0),
    (80.5, "json: cannot unmarshal number 80.5 into Go value of type uint32"),
    (-1, "json: cannot unmarshal number -1 into Go value of type uint32"),
    ("-1", "json: cannot unmarshal number -1 into Go value of type uint32"),
    (4294967296, "json: cannot unmarshal number 4294967296 into Go value of type uint32"),
    (1e21, "json: cannot unmarshal number 1e+21 into Go value of type uint32"),
    (True, UINT32_FROM.format("bool")),
    ("true", UINT32_FROM.format("bool")),
    ({"a": 1}, UINT32_FROM.format("object")),
    ([80], UINT32_FROM.format("array")),
    ("[80]", UINT32_FROM.format("array")),
    ("http", "invalid character 'h' looking for beginning of value"),
    ("80a", "invalid character 'a' after top-level value"),
    ("0x50", "invalid character 'x' after top-level value"),
    ("080", "invalid character '8' after top-level value"),
    ("", "unexpected end of JSON input"),
    ("-", "invalid character ' ' in numeric literal"),
    ("1.", "invalid character ' ' after decimal point in numeric literal"),
    ("nope", "invalid character 'o' in literal null (expecting 'u')"),
    ("<80>", "invalid character '\\\\' looking for beginning of value"),
    ("é", "invalid character 'Ã' looking for beginning of value"),
]


@pytest.mark.parametrize(("value", "expected"), PORT_VALUES)
def test_dataplane_inbound_port(value: object, expected: int | str) -> None:
    data = {"networking": {"address": "1.1.1.1", "inbound": [{"port": value, "tags": {"kuma.io/service": "a"}}]}}
    decoded = decode_dataplane(data)
    if isinstance(expected, int):
        assert decoded.errors == ()
        assert decoded.value is not None
        assert decoded.value.inbounds[0].port == expected
    else:
        assert decoded.errors == (DecodeError(("networking", "inbound", 0, "port"), expected),)


STATE = "kuma.mesh.v1alpha1.Dataplane.Networking.Inbound.State"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Ignored", "Ignored"),
        ("NotReady", "NotReady"),
        (2, "Ignored"),
        (0, "Ready"),
        ("ignored", f'unknown value "\\"ignored\\"" for enum {STATE}'),
        ("a<b", f'unknown value "\\"a\\\\u003cb\\"" for enum {STATE}'),
        (True, "json: cannot unmarshal bool into Go value of type protoreflect.EnumNumber"),
        (1.5, "json: cannot unmarshal number 1.5 into Go value of type protoreflect.EnumNumber"),
    ],
)
def test_dataplane_inbound_state(value: object, expected: str) -> None:
    data = {"networking": {"inbound": [{"port": 1, "state": value}]}}
    decoded = decode_dataplane(data)
    if decoded.value is not None:
        assert decoded.value.inbounds[0].state == expected
    else:
        assert decoded.errors == (DecodeError(("networking", "inbound", 0, "state"), expected),)


def test_dataplane_values_and_unknown_top_level_inbound() -> None:
    data = {
        "type": "Dataplane",
        "inbound": [{"port": 1800}],
        "networking": {
            "address": "10.0.0.1",
            "inbound": [{"port": "1800", "servicePort": 80, "tags": {"kuma.io/service": "backend", "v": None}}],
            "gateway": None,
        },
    }
    decoded = decode_dataplane(data)
    assert decoded.errors == ()
    assert decoded.value is not None
    inbound = decoded.value.inbounds[0]
    assert (decoded.value.address, inbound.port, inbound.service_port, dict(inbound.tags)) == (
        "10.0.0.1",
        1800,
        80,
        {"kuma.io/service": "backend", "v": ""},
    )
    assert decoded.value.gateway is None


def test_dataplane_without_networking_is_marked() -> None:
    decoded = decode_dataplane({"inbound": []})
    assert decoded.value is not None
    assert decoded.value.networking_defined is False


def test_dataplane_collects_errors_depth_first() -> None:
    data = {
        "networking": {
            "inbound": [{"port": "http", "tags": {"port": 1800}}, {"servicePort": True}],
            "address": 5,
        },
        "probes": {"port": "x"},
    }
    decoded = decode_dataplane(data)
    assert decoded.errors == (
        DecodeError(("networking", "address"), STRING_FROM.format("number")),
        DecodeError(("networking", "inbound", 0, "port"), "invalid character 'h' looking for beginning of value"),
        DecodeError(("networking", "inbound", 0, "tags", "port"), STRING_FROM.format("number")),
        DecodeError(("networking", "inbound", 1, "servicePort"), UINT32_FROM.format("bool")),
        DecodeError(("probes", "port"), "invalid character 'x' looking for beginning of value"),
    )


@pytest.mark.parametrize(
    ("probe", "expected"),
    [
        ({"interval": "1x"}, 'bad Duration: time: unknown unit "x" in duration "1x"'),
        ({"interval": "1"}, 'bad Duration: time: missing unit in duration "1"'),
        ({"interval": ".s"}, 'bad Duration: time: invalid duration ".s"'),
        ({"interval": "1é"}, 'bad Duration: time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'),
        ({"interval": 5}, STRING_FROM.format("number")),
        # A value past an int64 of nanoseconds is refused where Go meets it, before later parts.
        ({"interval": "9223372036854775808ns"}, 'bad Duration: time: invalid duration "9223372036854775808ns"'),
        ({"interval": "2562048h1x"}, 'bad Duration: time: invalid duration "2562048h1x"'),
        ({"interval": "1s99999999999999999999"}, 'bad Duration: time: invalid duration "1s99999999999999999999"'),
    ],
)
def test_service_probe_durations(probe: dict[str, object], expected: str) -> None:
    data = {"networking": {"inbound": [{"port": 1, "serviceProbe": probe}]}}
    path = ("networking", "inbound", 0, "serviceProbe", "interval")
    assert decode_dataplane(data).errors == (DecodeError(path, expected),)


def test_external_service_values_and_refusals() -> None:
    good = decode_external_service(
        {"networking": {"address": "api.example.com:443", "disableHostDNSEntry": True}, "tags": {"kuma.io/service": "api"}}
    )
    assert good.value is not None
    assert (good.value.address, good.value.disable_host_dns_entry, dict(good.value.tags)) == (
        "api.example.com:443",
        True,
        {"kuma.io/service": "api"},
    )
    bad = decode_external_service({"networking": {"disableHostDNSEntry": "yes"}, "tags": {"port": 443}})
    assert bad.errors == (
        DecodeError(("networking", "disableHostDNSEntry"), "json: cannot unmarshal string into Go value of type bool"),
        DecodeError(("tags", "port"), STRING_FROM.format("number")),
    )


def test_zone_ingress_values_and_refusals() -> None:
    good = decode_zone_ingress(
        {
            "zone": "zone-2",
            "networking": {"port": 10001},
            "availableServices": [{"tags": {"kuma.io/service": "a"}, "mesh": "default", "instances": 2}],
        }
    )
    assert good.value is not None
    assert (good.value.zone, good.value.port, good.value.available_services[0].instances) == ("zone-2", 10001, 2)
    bad = decode_zone_ingress({"availableServices": {"tags": {}}})
    assert bad.errors == (DecodeError(("availableServices",), LIST_FROM.format("object")),)
