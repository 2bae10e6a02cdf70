"""The examples of Kuma's VirtualOutbound docs page, each checked on its own.

Each gets exactly Kuma's verdict (the ``kuma`` objects equal what Kuma's
control plane reports) plus vocheck's own findings on what Kuma lets
through.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

HERE = Path(__file__).parent
SERVICE_PARAMETER = "must contain a parameter with kuma.io/service as a tagKey"

CASES = [
    # (file, Kuma's violations as (field, message), codes vocheck must also report)
    ("dataplane-backend-1.yaml", set(), {"VO101"}),
    ("test-universal.yaml", set(), set()),
    ("default-dns-kubernetes.yaml", set(), set()),
    ("default-dns-universal.yaml", set(), set()),
    ("versioned-kubernetes.yaml", set(), {"VO306"}),
    (
        "versioned-universal.yaml",
        {("selectors", "must have at least one element"), ("conf", "has to be defined")},
        {"VO101"},
    ),
    ("host-port-kubernetes.yaml", {("spec.conf.parameters", SERVICE_PARAMETER)}, set()),
    ("host-port-universal.yaml", {("conf.parameters", SERVICE_PARAMETER)}, {"VO303"}),
    ("instance-kubernetes.yaml", set(), set()),
    ("instance-universal.yaml", set(), set()),
]


def _report(cli: Callable[..., Result], *paths: Path) -> dict[str, list[dict[str, object]]]:
    result = cli("check", "--isolated", "--format", "json", *map(str, paths))
    assert result.code in (0, 1), result.err
    report: dict[str, list[dict[str, object]]] = json.loads(result.out)
    return report


@pytest.mark.parametrize(("name", "kuma", "codes"), CASES)
def test_seed_example(name: str, kuma: set[tuple[str, str]], codes: set[str], cli: Callable[..., Result]) -> None:
    diagnostics = _report(cli, HERE / name)["diagnostics"]
    got_kuma = {(item["kuma"]["field"], item["kuma"]["message"]) for item in diagnostics if item["kuma"]}  # type: ignore[index]
    assert got_kuma == kuma
    assert codes <= {item["code"] for item in diagnostics}


def test_the_seed_dataplane_is_broken_twice(cli: Callable[..., Result]) -> None:
    messages = [item["message"] for item in _report(cli, HERE / "dataplane-backend-1.yaml")["diagnostics"]]
    assert any('did you mean "networking.inbound"?' in str(message) for message in messages)
    assert any('"networking.inbound[0].tags[\"port\"]" must be a string' in str(message) for message in messages)


def test_the_two_policies_named_default_collide(cli: Callable[..., Result]) -> None:
    diagnostics = _report(cli, HERE / "default-dns-universal.yaml", HERE / "instance-universal.yaml")["diagnostics"]
    (duplicate,) = [item for item in diagnostics if item["code"] == "VO403"]
    assert 'VirtualOutbound "default" in mesh "default" is defined twice' in str(duplicate["message"])
