"""Kuma's Dataplane, ExternalService and ZoneIngress rules that guard resolution."""

from __future__ import annotations

import pytest

from vocheck.kuma.decode import decode_dataplane, decode_external_service, decode_zone_ingress
from vocheck.kuma.dataplane import validate_dataplane
from vocheck.kuma.external_service import validate_external_service
from vocheck.kuma.zone_ingress import validate_zone_ingress

PORT = "port must be in the range [1, 65535]"
TAG_VALUE = "tag value must consist of alphanumeric characters, dots, dashes and underscores"
TAG_NAME = "tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores"
PROTOCOLS = "Allowed values: grpc, http, http2, kafka, tcp"
SERVICE_MISSING = 'mandatory tag "kuma.io/service" is missing'


def _dataplane(*inbounds: dict[str, object], address: str = "10.0.0.1") -> dict[str, object]:
    return {"networking": {"address": address, "inbound": list(inbounds)}}


def _inbound(port: object = 8080, **tags: object) -> dict[str, object]:
    return {"port": port, "tags": tags}


Case = tuple[str, dict[str, object], tuple[int, int], list[tuple[str, str]]]
I0 = "networking.inbound[0]"

DATAPLANE_CASES: list[Case] = [
    ("valid", _dataplane(_inbound(**{"kuma.io/service": "backend", "version": "v1"})), (2, 14), []),
    ("no networking", {"inbound": [_inbound()]}, (2, 14), [("networking", "must be defined")]),
    ("no inbounds 2.14", _dataplane(), (2, 14), []),
    (
        "no inbounds 2.13",
        _dataplane(),
        (2, 13),
        [("networking", "has to contain at least one inbound interface or gateway")],
    ),
    ("inbound without tags 2.14", _dataplane(_inbound()), (2, 14), []),
    ("inbound without tags 2.13", _dataplane(_inbound()), (2, 13), [(f'{I0}.tags["kuma.io/service"]', "tag has to exist")]),
    (
        "tags without service",
        _dataplane(_inbound(version="v1")),
        (2, 14),
        [(f'{I0}.tags["kuma.io/service"]', "tag has to exist")],
    ),
    (
        "bad tags",
        _dataplane(_inbound(**{"kuma.io/service": "a/b", "bad key": "x", "empty": None})),
        (2, 14),
        [
            (f'{I0}.tags["bad key"]', TAG_NAME),
            (f'{I0}.tags["empty"]', "tag value must be non-empty"),
            (f'{I0}.tags["kuma.io/service"]', TAG_VALUE),
        ],
    ),
    (
        "bad protocol tag comes first",
        _dataplane(_inbound(**{"kuma.io/service": "a", "kuma.io/protocol": "https", "a": "*"})),
        (2, 14),
        [
            (f'{I0}.tags["kuma.io/protocol"]', f'tag "kuma.io/protocol" has an invalid value "https". {PROTOCOLS}'),
            (f'{I0}.tags["a"]', TAG_VALUE),
        ],
    ),
    ("protocol is case-insensitive", _dataplane(_inbound(**{"kuma.io/service": "a", "kuma.io/protocol": "HTTP"})), (2, 14), []),
    ("tls accepted since 2.8", _dataplane(_inbound(**{"kuma.io/service": "a", "kuma.io/protocol": "tls"})), (2, 8), []),
    (
        "tls refused before 2.8",
        _dataplane(_inbound(**{"kuma.io/service": "a", "kuma.io/protocol": "tls"})),
        (2, 7),
        [(f'{I0}.tags["kuma.io/protocol"]', f'tag "kuma.io/protocol" has an invalid value "tls". {PROTOCOLS}')],
    ),
    ("port 0", _dataplane(_inbound(0, **{"kuma.io/service": "a"})), (2, 14), [(f"{I0}.port", PORT)]),
    ("port 70000", _dataplane(_inbound(70000, **{"kuma.io/service": "a"})), (2, 14), [(f"{I0}.port", PORT)]),
    (
        "inbound protocol field 2.14",
        _dataplane({"port": 1, "protocol": "udp", "tags": {"kuma.io/service": "a"}}),
        (2, 14),
        [(f"{I0}.protocol", f'has an invalid value "udp". {PROTOCOLS}')],
    ),
    (
        "bad service address",
        _dataplane({"port": 1, "serviceAddress": "localhost", "tags": {"kuma.io/service": "a"}}),
        (2, 14),
        [(f"{I0}.serviceAddress", "serviceAddress has to be valid IP address")],
    ),
    (
        "service address equals dataplane address",
        _dataplane({"port": 1, "serviceAddress": "10.0.0.1", "tags": {"kuma.io/service": "a"}}),
        (2, 14),
        [(f"{I0}.serviceAddress", "serviceAddress and servicePort has to differ from address and port")],
    ),
    ("empty address", _dataplane(_inbound(**{"kuma.io/service": "a"}), address=""), (2, 14), [("networking.address", "address can't be empty")]),
    ("wildcard address", _dataplane(_inbound(**{"kuma.io/service": "a"}), address="0.0.0.0"), (2, 14), [("networking.address", "must not be 0.0.0.0 or ::")]),
    (
        "address not IP nor DNS name",
        _dataplane(_inbound(**{"kuma.io/service": "a"}), address="a b"),
        (2, 14),
        [("networking.address", "address has to be valid IP address or domain name")],
    ),
    (
        "delegated gateway with inbound and no service tag",
        {"networking": {"address": "1.1.1.1", "gateway": {"tags": {"a": "b", "kuma.io/protocol": "http"}}, "inbound": [_inbound(**{"kuma.io/service": "a"})]}},
        (2, 14),
        [
            ("networking.inbound", "inbound cannot be defined for delegated gateways"),
            ('networking.gateway.tags["kuma.io/protocol"]', 'other values than tcp are not allowed, provided value "http"'),
            ("networking.gateway.tags", SERVICE_MISSING),
        ],
    ),
    ("builtin gateway without tags 2.14", {"networking": {"address": "1.1.1.1", "gateway": {"type": "BUILTIN"}}}, (2, 14), []),
    (
        "builtin gateway without tags 2.13",
        {"networking": {"address": "1.1.1.1", "gateway": {"type": "BUILTIN"}}},
        (2, 13),
        [("networking.gateway.tags", SERVICE_MISSING)],
    ),
]


@pytest.mark.parametrize(("case", "data", "version", "expected"), DATAPLANE_CASES, ids=[c[0] for c in DATAPLANE_CASES])
def test_dataplane(case: str, data: dict[str, object], version: tuple[int, int], expected: list[tuple[str, str]]) -> None:
    decoded = decode_dataplane(data)
    assert decoded.value is not None, decoded.errors
    violations = validate_dataplane(decoded.value, kuma_version=version)
    assert [(violation.field, violation.message) for violation in violations] == expected


def _external(address: str | None, **tags: object) -> dict[str, object]:
    data: dict[str, object] = {"tags": tags}
    if address is not None:
        data["networking"] = {"address": address}
    return data


ADDRESS = "networking.address"
EXTERNAL_CASES: list[Case] = [
    ("valid", _external("api.example.com:443", **{"kuma.io/service": "api"}), (2, 14), []),
    ("valid ipv6", _external("[::1]:443", **{"kuma.io/service": "api"}), (2, 14), []),
    ("no networking", _external(None, **{"kuma.io/service": "api"}), (2, 14), [("networking", "should have networking")]),
    ("empty address", _external("", **{"kuma.io/service": "api"}), (2, 14), [(ADDRESS, "address can't be empty")]),
    (
        "no port",
        _external("api.example.com", **{"kuma.io/service": "api"}),
        (2, 14),
        [
            (ADDRESS, "unable to parse address"),
            (ADDRESS, "address has to be a valid IP address or a domain name"),
            (ADDRESS, "unable to parse port in address"),
            (ADDRESS, PORT),
        ],
    ),
    ("port 0", _external("a.com:0", **{"kuma.io/service": "api"}), (2, 14), [(ADDRESS, PORT)]),
    ("port too big for uint32", _external("a.com:99999999999", **{"kuma.io/service": "api"}), (2, 14), [(ADDRESS, "unable to parse port in address"), (ADDRESS, PORT)]),
    ("signed port", _external("a.com:+80", **{"kuma.io/service": "api"}), (2, 14), [(ADDRESS, "unable to parse port in address"), (ADDRESS, PORT)]),
    ("bad host", _external("a b:80", **{"kuma.io/service": "api"}), (2, 14), [(ADDRESS, "address has to be a valid IP address or a domain name")]),
    ("missing service", _external("a.com:80", version="v1"), (2, 14), [("tags", SERVICE_MISSING)]),
    (
        "bad protocol first",
        _external("a.com:80", **{"kuma.io/service": "api", "kuma.io/protocol": "udp", "x": "a/b"}),
        (2, 14),
        [
            ('tags["kuma.io/protocol"]', f'tag "kuma.io/protocol" has an invalid value "udp". {PROTOCOLS}'),
            ('tags["x"]', TAG_VALUE),
        ],
    ),
    (
        "service equals host",
        _external("api:80", **{"kuma.io/service": "api"}),
        (2, 14),
        [('tags["kuma.io/service"]', "cannot be the same as networking.address")],
    ),
    ("service equals host before 2.6", _external("api:80", **{"kuma.io/service": "api"}), (2, 5), []),
]


@pytest.mark.parametrize(("case", "data", "version", "expected"), EXTERNAL_CASES, ids=[c[0] for c in EXTERNAL_CASES])
def test_external_service(case: str, data: dict[str, object], version: tuple[int, int], expected: list[tuple[str, str]]) -> None:
    decoded = decode_external_service(data)
    assert decoded.value is not None, decoded.errors
    violations = validate_external_service(decoded.value, kuma_version=version)
    assert [(violation.field, violation.message) for violation in violations] == expected


ZONE_INGRESS_CASES: list[tuple[str, dict[str, object], list[tuple[str, str]]]] = [
    (
        "valid",
        {"zone": "z2", "networking": {"address": "10.0.0.1", "port": 10001}, "availableServices": [{"tags": {"kuma.io/service": "a"}}]},
        [],
    ),
    ("no networking", {"zone": "z2"}, [("networking.port", PORT)]),
    (
        "advertised pair and doubled address segment",
        {"networking": {"address": "a b", "port": 1, "advertisedPort": 5}},
        [
            ("networking.advertisedAddress", "has to be defined with advertisedPort"),
            ("networking.address.address", "address has to be valid IP address or domain name"),
        ],
    ),
    (
        "service tag required",
        {"networking": {"port": 1}, "availableServices": [{"tags": {"version": "v 1"}}]},
        [('availableService[0].tags["version"]', TAG_VALUE), ("availableService[0].tags", SERVICE_MISSING)],
    ),
]


@pytest.mark.parametrize(("case", "data", "expected"), ZONE_INGRESS_CASES, ids=[c[0] for c in ZONE_INGRESS_CASES])
def test_zone_ingress(case: str, data: dict[str, object], expected: list[tuple[str, str]]) -> None:
    decoded = decode_zone_ingress(data)
    assert decoded.value is not None, decoded.errors
    violations = validate_zone_ingress(decoded.value)
    assert [(violation.field, violation.message) for violation in violations] == expected
