"""Go's net.ParseIP and govalidator's IsDNSName, checked against outputs of Go 1.26.5."""

from __future__ import annotations

import pytest

from vocheck.kuma.hostnames import is_dns_name, is_ip

IPS = [
    ("1.2.3.4", True), ("01.2.3.4", False), ("1.2.3.04", False), ("256.1.1.1", False), ("1.2.3", False),
    ("1.2.3.4.", False), ("::1", True), ("::", True), ("::ffff:1.2.3.4", True), ("::ffff:01.2.3.4", False),
    ("fe80::1%eth0", False), ("1:2:3:4:5:6:7:8", True), ("1:2:3:4:5:6:7:8:9", False), ("1::2::3", False),
    ("12345::", False), ("1:2:3:4:5:6:1.2.3.4", True), ("1:2:3:4:5:1.2.3.4", False), ("::1.2.3.4", True),
    ("1.2.3.4::", False), (":1", False), ("1:", False), ("0.0.0.0", True), ("a.b.c.d", False), ("", False),
    ("1..2.3", False), (".1.2.3", False), ("1:2:3:4:5:6:7::", True), ("::1:2:3:4:5:6:7", True),
    ("::1:2:3:4:5:6:7:8", False), ("[::1]", False), ("1.2.3.4%x", False), ("ffff:FFFF::", True), ("g::", False),
]

DNS_NAMES = [
    ("backend", True), ("1", True), ("123", True), ("Backend.MESH", True), ("my_service.mesh", True),
    ("_srv.mesh", True), ("backend_default_svc_80.mesh", True), ("a-.mesh", True), ("-a.mesh", False),
    ("backend.mesh.", True), ("a_", True), ("a._", True), ("a..b", False), (".a", False), ("a.._", False),
    ("a" * 63, True), ("a" * 64, False), ("a" * 63 + "_", True), ("1.2.3.4", False), ("1.2.3.4.", True),
    ("01.2.3.4", True), ("256.1.1.1", True), ("::1", False), ("*", False), ("a b", False), ("foo()bar", False),
    ("a/b", False), ("a:b", False), ("<no value>.mesh", False), ("ü", False), ("xn--bcher-kva.mesh", True),
    ("backend\n", False), ("a." * 128 + "a", True), ("a" * 256, False), ("a." * 127 + "a", True), ("", False),
    ("a.b_", True), ("a.b._", True), ("_", True), (".", False), ("a-", True), ("dummy.mesh", True),
    ("a..", False), ("a.-b", False),
]


@pytest.mark.parametrize(("text", "expected"), IPS)
def test_is_ip_matches_go_parse_ip(text: str, expected: bool) -> None:
    assert is_ip(text) is expected


@pytest.mark.parametrize(("text", "expected"), DNS_NAMES)
def test_is_dns_name_matches_govalidator(text: str, expected: bool) -> None:
    assert is_dns_name(text) is expected
