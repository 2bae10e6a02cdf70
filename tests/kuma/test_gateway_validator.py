"""Kuma's own MeshGateway validator tests (gateway_validator_test.go), case by case.

Kuma compares the violations as a set (it walks Go maps for the listener
conflicts), so these do too; vocheck's own order is that of the listeners.
"""

from __future__ import annotations

from collections import Counter

import pytest

from vocheck.load.documents import read_documents
from vocheck.kuma.decode import decode_mesh_gateway
from vocheck.kuma.gateway import validate_mesh_gateway

HEAD = """\
type: MeshGateway
name: gateway
mesh: default
selectors:
  - match:
      kuma.io/service: gateway
"""
EDGE = HEAD + "tags:\n  product: edge\n"

VALID = [
    pytest.param(EDGE + "conf:\n  listeners:\n  - hostname: www-1.example.com\n    port: 443\n    protocol: HTTP\n    tags:\n      name: https\n", id="HTTPS listener"),
    pytest.param(EDGE + "conf:\n  listeners:\n  - hostname: www-1.example.com\n    port: 443\n    protocol: HTTP\n", id="HTTPS listener without tags"),
    pytest.param(HEAD + "conf:\n  listeners:\n  - hostname: www-1.example.com\n    port: 443\n    crossMesh: true\n    protocol: HTTP\n", id="crossMesh, HTTP, with hostname"),
    pytest.param(EDGE + "conf:\n  listeners:\n  - protocol: HTTP\n    port: 99\n    crossMesh: true\n    tags:\n      name: http\n", id="crossMesh with no hostname"),
    pytest.param(
        EDGE
        + "conf:\n  listeners:\n  - protocol: HTTP\n    hostname: one.com\n    port: 99\n    resources:\n      connectionLimit: 2\n"
        + "  - protocol: HTTP\n    hostname: two.com\n    port: 99\n    resources:\n      connectionLimit: 2\n",
        id="listeners with connectionLimits",
    ),
    pytest.param(
        EDGE + "conf:\n  listeners:\n  - port: 443\n    protocol: TLS\n    tls:\n      mode: TERMINATE\n      certificates:\n      - secret: example-kuma-io-certificate\n",
        id="TLS listener with TERMINATE",
    ),
]

LONG_HOST = "f" * 250 + ".com"
INVALID = [
    pytest.param(
        "type: MeshGateway\nname: gateway\nmesh: default\nselectors:\ntags:\n  product: edge\n"
        "conf:\n  listeners:\n  - port: 443\n    protocol: HTTPS\n    tls:\n      mode: TERMINATE\n    tags:\n      name: https\n",
        [("selectors", "must have at least one element"), ("conf.listeners[0].tls.certificates", "cannot be empty in TLS termination mode")],
        id="doesn't have any selectors",
    ),
    pytest.param(
        EDGE + "  kuma.io/service: gateway\nconf:\n  listeners:\n  - port: 443\n    protocol: HTTP\n    tags:\n      name: https\n",
        [('tags["kuma.io/service"]', 'tag name must not be "kuma.io/service"')],
        id="has a service tag",
    ),
    pytest.param(EDGE + "conf:\n", [("conf", "cannot be empty")], id="doesn't have a configuration spec"),
    pytest.param(
        EDGE + "conf:\n  listeners:\n  - protocol: HTTP\n    tags:\n      name: https\n",
        [("conf.listeners[0].port", "port must be in the range [1, 65535]")],
        id="has an invalid port",
    ),
    pytest.param(
        EDGE + "conf:\n  listeners:\n  - port: 99\n    tags:\n      name: https\n",
        [("conf.listeners[0].protocol", "cannot be empty")],
        id="has an empty protocol",
    ),
    pytest.param(
        EDGE + "conf:\n  listeners:\n  - protocol: HTTPS\n    port: 99\n    tags:\n      name: https\n    tls:\n      options:\n",
        [("conf.listeners[0].tls.mode", "cannot be empty")],
        id="has an empty TLS mode",
    ),
    pytest.param(
        EDGE + "conf:\n  listeners:\n  - protocol: HTTPS\n    port: 99\n    tags:\n      name: https\n    tls:\n      mode: TERMINATE\n",
        [("conf.listeners[0].tls.certificates", "cannot be empty in TLS termination mode")],
        id="is missing a TLS termination secret",
    ),
    pytest.param(
        EDGE + 'conf:\n  listeners:\n  - hostname: "*.foo.*.example.com"\n    protocol: HTTP\n    port: 99\n    tags:\n      name: https\n',
        [("conf.listeners[0].hostname", "invalid wildcard domain")],
        id="has an invalid wildcard",
    ),
    pytest.param(
        EDGE
        + 'conf:\n  listeners:\n  - hostname: "foo.example$.com"\n    protocol: HTTP\n    port: 99\n    tags:\n      name: https\n'
        + f'  - hostname: "{LONG_HOST}"\n    protocol: HTTP\n    port: 100\n    tags:\n      name: https\n',
        [("conf.listeners[0].hostname", "invalid hostname"), ("conf.listeners[1].hostname", "must be at most 253 characters")],
        id="has an invalid hostname",
    ),
    pytest.param(
        EDGE + 'conf:\n  listeners:\n  - hostname: "foo.example.com"\n    protocol: HTTPS\n    port: 99\n    crossMesh: true\n    tags:\n      name: https\n',
        [("conf.listeners[0].protocol", "protocol is not supported with crossMesh")],
        id="crossMesh and HTTPS",
    ),
    pytest.param(
        EDGE + 'conf:\n  listeners:\n  - hostname: "foo.example.com"\n    protocol: HTTPS\n    port: 99\n    tags:\n      name: https\n    tls:\n      mode: PASSTHROUGH\n',
        [("conf.listeners[0].tls.mode", "mode is not supported on HTTPS listeners")],
        id="HTTPS and PASSTHROUGH",
    ),
    pytest.param(
        HEAD + "  - match:\n      kuma.io/service: other-gateway\n"
        "conf:\n  listeners:\n  - hostname: www-1.example.com\n    port: 443\n    crossMesh: true\n    protocol: HTTP\n",
        [("selectors[1]", "there can be at most one selector")],
        id="crossMesh and multiple services",
    ),
    pytest.param(
        HEAD + "conf:\n  listeners:\n  - hostname: www-1.example.com\n    port: 443\n    protocol: TCP\n"
        "  - hostname: www-2.example.com\n    port: 443\n    protocol: HTTPS\n    tls:\n      mode: TERMINATE\n",
        [
            ("conf.listeners[0]", "protocol conflicts with other listeners on this port"),
            ("conf.listeners[1]", "protocol conflicts with other listeners on this port"),
            ("conf.listeners[1].tls.certificates", "cannot be empty in TLS termination mode"),
        ],
        id="protocol conflict",
    ),
    pytest.param(
        HEAD + "conf:\n  listeners:\n  - hostname: www-1.example.com\n    port: 443\n    protocol: TCP\n"
        "  - hostname: www-1.example.com\n    port: 443\n    protocol: TCP\n",
        [
            ("conf.listeners[0]", "multiple listeners for hostname on this port"),
            ("conf.listeners[1]", "multiple listeners for hostname on this port"),
        ],
        id="hostname conflict",
    ),
    pytest.param(
        HEAD + "conf:\n  listeners:\n  - hostname: www-1.example.com\n    port: 443\n    protocol: TCP\n    resources:\n      connectionLimit: 2\n"
        "  - hostname: www-1.example.com\n    port: 443\n    protocol: HTTPS\n    tls:\n      mode: TERMINATE\n    resources:\n      connectionLimit: 1\n",
        [
            ("conf.listeners[0]", "protocol conflicts with other listeners on this port"),
            ("conf.listeners[1]", "protocol conflicts with other listeners on this port"),
            ("conf.listeners[0]", "multiple listeners for hostname on this port"),
            ("conf.listeners[1]", "multiple listeners for hostname on this port"),
            ("conf.listeners[1].tls.certificates", "cannot be empty in TLS termination mode"),
            ("conf.listeners[0].resources.connectionLimit", "conflicting values for this port"),
            ("conf.listeners[1].resources.connectionLimit", "conflicting values for this port"),
        ],
        id="hostname, protocol and resource conflict",
    ),
]


def _violations(text: str) -> list[tuple[str, str]]:
    documents, problems = read_documents("gateway.yaml", text)
    assert not problems
    decoded = decode_mesh_gateway(documents[0].data)
    assert decoded.value is not None, decoded.errors
    return [(violation.field, violation.message) for violation in validate_mesh_gateway(decoded.value)]


@pytest.mark.parametrize("text", VALID)
def test_valid(text: str) -> None:
    assert _violations(text) == []


@pytest.mark.parametrize(("text", "expected"), INVALID)
def test_invalid(text: str, expected: list[tuple[str, str]]) -> None:
    assert Counter(_violations(text)) == Counter(expected)


def test_order_follows_the_validator_then_the_listeners() -> None:
    text = INVALID[-1].values[0]
    assert isinstance(text, str)
    assert [field for field, _ in _violations(text)] == [
        "conf.listeners[1].tls.certificates",
        "conf.listeners[0]",
        "conf.listeners[1]",
        "conf.listeners[0]",
        "conf.listeners[1]",
        "conf.listeners[0].resources.connectionLimit",
        "conf.listeners[1].resources.connectionLimit",
    ]
