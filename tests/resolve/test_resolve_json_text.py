"""The preview's JSON text is exactly what the standard encoder writes for ``to_json``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from resolve_helpers import SVC, dataplane, external_service, policy, zone_ingress

from vocheck.kuma.specs import Inbound
from vocheck.resolve import Resolution, resolve
from vocheck.preview.json_view import to_json, to_json_text
from vocheck.settings import KumaSettings
from vocheck._perf.jsontext import dumps

RESOLUTIONS: dict[str, Resolution] = {
    "nothing": resolve([], [], [], []),
    "services, fqdns, a merge and a conflict": resolve(
        [policy("by-service", {SVC: "*"}), policy("fixed", {SVC: "*"}, host="one.mesh")],
        [
            dataplane("a", {SVC: "web", "version": "v1"}, {SVC: "web", "version": "v1"}),
            dataplane("b", {SVC: "api"}),
        ],
        [],
        [],
    ),
    "a failing template, unicode tags, an unused policy": resolve(
        [
            policy("broken", {SVC: "web"}, host="{{.missing}}.mesh"),
            policy("unused", {SVC: "nothing"}),
            policy("unicode", {SVC: "web"}, host="{{.service}}.mesh", port="81"),
        ],
        [dataplane("a", {SVC: "web", "région": "é\u2028\"quoted\"\\"})],
        [],
        [],
    ),
    "ingresses, external services by name and by IP, IPv6 VIPs": resolve(
        [policy("all", {SVC: "*"})],
        [dataplane("a", Inbound(port=9090, tags={SVC: "web"}, state="Ignored"), {SVC: "db"})],
        [zone_ingress("remote", "east", ("default", {SVC: "far", "zone": "east"}))],
        [
            external_service("es", "httpbin.org:443", "httpbin"),
            external_service("ip", "10.0.0.1:8080", "by-ip"),
        ],
        KumaSettings(dns_cidr="fd00::/120"),
    ),
    "the CIDR runs out": resolve(
        [],
        [dataplane("a", {SVC: "one"}, {SVC: "two"}, {SVC: "three"})],
        [],
        [],
        KumaSettings(dns_cidr="240.0.0.0/31"),
    ),
}


@pytest.mark.parametrize("resolution", RESOLUTIONS.values(), ids=RESOLUTIONS.keys())
def test_resolution_text_matches_the_standard_encoder(resolution: Resolution) -> None:
    assert to_json_text(resolution) == json.dumps(to_json(resolution), indent=2, ensure_ascii=False)


PLAIN_VALUES: list[Any] = [
    {},
    [],
    (),
    "",
    0,
    -7,
    10**30,
    True,
    False,
    None,
    {"a": [], "b": {}, "c": [1, [2, {"d": None}]], "e": (True, "x")},
    ["tab\t", "nul\x00", "é", "\U0001f600", "\u2028"],
    # Kinds the writer leaves to the standard encoder:
    {"float": 1.5},
    {1: "integer key"},
    [float("nan")],
]


@pytest.mark.parametrize("value", PLAIN_VALUES, ids=[repr(value) for value in PLAIN_VALUES])
def test_plain_data_text_matches_the_standard_encoder(value: Any) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)
