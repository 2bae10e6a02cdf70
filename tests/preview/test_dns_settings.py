"""The DNS settings are refused where Kuma's control plane refuses them at start-up (exit 2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

POLICY = """\
type: VirtualOutbound
mesh: default
name: web
selectors: [{match: {kuma.io/service: "*"}}]
conf: {host: "{{.s}}.mesh", port: "80", parameters: [{name: s, tagKey: kuma.io/service}]}
---
type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound: [{port: 8080, tags: {kuma.io/service: web}}]
"""

# Kuma's own table for dnsServer: domain ".mesh", CIDR "not-a-cidr" and port 0 are refused.
REFUSED = [
    pytest.param(
        ("--dns-domain", ".mesh"),
        '--dns-domain: ".mesh" is a domain Kuma\'s control plane refuses at start-up '
        '("DNSServer validation failed: domain must not start with a dot"); write "mesh"',
        id="domain starts with dot",
    ),
    pytest.param(("--dns-cidr", "not-a-cidr"), '--dns-cidr: "not-a-cidr" is not a CIDR', id="invalid CIDR"),
    pytest.param(("--service-vip-port", "0"), "--service-vip-port: 0 is not a port number", id="port is zero"),
]


@pytest.mark.parametrize(("options", "message"), REFUSED)
def test_preview_refuses_what_kuma_refuses(
    options: tuple[str, str], message: str, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    (tmp_path / "web.yaml").write_text(POLICY)
    result = cli("preview", "--isolated", *options, str(tmp_path))
    assert result.code == 2 and result.out == ""
    assert message in result.err
    assert "web..mesh" not in result.out + result.err


def test_the_config_key_is_refused_too(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "web.yaml").write_text(POLICY)
    (tmp_path / ".vocheck.toml").write_text('dns-domain = ".mesh"\n')
    for command in ("check", "preview"):
        result = cli(command, str(tmp_path))
        assert result.code == 2
        assert 'key "dns-domain": ".mesh" is a domain Kuma\'s control plane refuses at start-up' in result.err


@pytest.mark.parametrize("domain", ["mesh", "corp.internal", "mesh."])
def test_domains_kuma_accepts_name_the_service_entries(domain: str, tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "web.yaml").write_text(POLICY)
    result = cli("preview", "--isolated", "--dns-domain", domain, "--format", "json", str(tmp_path))
    assert result.code == 0
    assert f'"domain": "web.{domain}"' in result.out
