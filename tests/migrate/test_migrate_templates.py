"""A VirtualOutbound host template rewritten for a HostnameGenerator renders what the policy rendered, normalised."""

from __future__ import annotations

import pytest

from vocheck.gotemplate import parse
from vocheck.migrate.plans import resource_name
from vocheck.migrate.templates import is_rfc1123_subdomain, normalised_host, rewrite
from vocheck.resolve.services import MESH_SERVICE, ServiceInput, evaluate

EXPRESSIONS = {"service": ".DisplayName", "v": 'label "version"', "ns": ".Namespace", "zone": ".Zone"}
VALUES = {"service": "backend", "v": "v1", "ns": "", "zone": "zone-1"}
SERVICE = ServiceInput(MESH_SERVICE, "backend", "default", {"kuma.io/display-name": "backend", "version": "v1", "kuma.io/zone": "zone-1"})

CASES = [
    # (VirtualOutbound host, generator template)
    ("{{.service}}.mesh", "{{ .DisplayName }}.mesh"),
    ("{{ .v }}.{{.service}}.mesh", '{{ label "version" }}.{{ .DisplayName }}.mesh'),
    ("{{.service}}.{{.zone}}.mesh", "{{ .DisplayName }}.{{ .Zone }}.mesh"),
    ('{{printf "%s-x" .service}}.mesh', '{{ printf "%s-x" .DisplayName }}.mesh'),
    ('{{printf "%s" .v}}.{{.service}}.mesh', '{{ printf "%s" (label "version") }}.{{ .DisplayName }}.mesh'),
    ("{{.v | printf \"%s\"}}.mesh", '{{ (label "version") | printf "%s" }}.mesh'),
    ("{{- .service -}}.Mesh.", "{{- .DisplayName -}}.mesh"),
    ("{{.service}}_API.internal", "{{ .DisplayName }}-api.internal"),
    ("api.{{.service}}", "api.{{ .DisplayName }}"),
]


@pytest.mark.parametrize(("host", "template"), CASES)
def test_rewritten_template(host: str, template: str) -> None:
    assert rewrite(host, EXPRESSIONS.__getitem__).template == template


@pytest.mark.parametrize(("host", "template"), CASES)
def test_the_generator_renders_the_policys_hostname_normalised(host: str, template: str) -> None:
    before = parse(host).execute(VALUES)
    after = evaluate(template, SERVICE, "zone-1")
    assert after == normalised_host(before)
    assert is_rfc1123_subdomain(after)


def test_literal_changes_are_named() -> None:
    assert rewrite("{{.service}}.Payments_API.mesh.", EXPRESSIONS.__getitem__).literal_changes == (
        "'.Payments_API.mesh.' becomes '.payments-api.mesh'",
    )


@pytest.mark.parametrize(
    ("host", "valid"),
    [("backend.mesh", True), ("Backend.mesh", False), ("backend_v1.mesh", False), ("backend.mesh.", False),
     ("a" * 64 + ".mesh", True), ("a" * 254, False), ("-a.mesh", False), ("a..mesh", False)],
)
def test_rfc1123_subdomain(host: str, valid: bool) -> None:
    # Kuma 2.14's IsDNS1123Subdomain: no 63-character limit per label, 253 in all.
    assert is_rfc1123_subdomain(host) is valid


@pytest.mark.parametrize(
    ("parts", "name"),
    [(("backend", "v1"), "backend-v1"), (("backend_kuma-demo_svc_80", "8000"), "backend-kuma-demo-svc-80-8000"),
     (("9lives",), "s-9lives"), (("Web", "V2"), "web-v2"), (("a" * 70,), "a" * 63)],
)
def test_resource_names(parts: tuple[str, ...], name: str) -> None:
    assert resource_name(*parts) == name
