"""Kuma 2.14's hostname generation: its template evaluation table and its generator tests, restated."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from vocheck.resolve.services import (
    GeneratorInput,
    HostnameError,
    ServiceInput,
    ServiceSettings,
    evaluate,
    resolve_services,
)

_CASES = yaml.safe_load((Path(__file__).parent / "hostname_cases.yaml").read_text())
_SELECTOR_KEYS = {
    "meshService": "MeshService",
    "meshExternalService": "MeshExternalService",
    "meshMultiZoneService": "MeshMultiZoneService",
}


def _service(name: str, labels: dict[str, str] | None = None, k8s_name: str = "") -> ServiceInput:
    return ServiceInput("MeshService", name, "default", labels or {}, k8s_name=k8s_name)


# Kuma's EvaluateTemplate table: (local zone, template, name, K8s name, labels, hostname or error part).
_EVALUATIONS: list[tuple[str, str, str, str, dict[str, str], str, str]] = [
    ("", "{{ .Name }}.mesh", "backend", "", {}, "backend.mesh", ""),
    ("", "{{ .Name }}.{{ .Namespace }}.mesh", "backend", "", {"k8s.kuma.io/namespace": "my-ns"}, "backend.my-ns.mesh", ""),
    ("", "{{ .Name }}.mesh", "backend.my-ns", "backend", {}, "backend.mesh", ""),
    ("local", "{{ .Name }}.{{ .Zone }}.mesh", "backend", "", {"kuma.io/zone": "zone-1"}, "backend.zone-1.mesh", ""),
    ("local", "{{ .Name }}.{{ .Zone }}.mesh", "backend", "", {}, "backend.local.mesh", ""),
    ("", "{{ .DisplayName }}.mesh", "backend.my-ns", "", {"kuma.io/display-name": "backend"}, "backend.mesh", ""),
    ("", '{{ label "app" }}.mesh', "backend", "", {"app": "my-app"}, "my-app.mesh", ""),
    ("", '{{ label "missing" }}.mesh', "backend", "", {}, "", "pre evaluation of template with parameters failed"),
    ("", "{{ .Name[0 }}.mesh", "backend", "", {}, "", "failed compiling gotemplate error"),
    ("", ".{{ .Name }}.mesh", "backend", "", {}, "", "is not a valid DNS name"),
    ("", "{{ .Name }}.Mesh", "Backend", "", {}, "", "is not a valid DNS name"),
    ("", "{{ .Name }}..mesh", "backend", "", {}, "", "is not a valid DNS name"),
]


@pytest.mark.parametrize(("zone", "template", "name", "k8s_name", "labels", "expected", "error"), _EVALUATIONS)
def test_evaluate_template(
    zone: str, template: str, name: str, k8s_name: str, labels: dict[str, str], expected: str, error: str
) -> None:
    service = _service(name, labels, k8s_name)
    if error:
        with pytest.raises(HostnameError) as caught:
            evaluate(template, service, zone)
        assert error in str(caught.value)
    else:
        assert evaluate(template, service, zone) == expected


def test_exact_messages() -> None:
    with pytest.raises(HostnameError) as caught:
        evaluate("{{ .Name[0 }}.mesh", _service("backend"), "")
    assert str(caught.value) == "failed compiling gotemplate error=\"template: :1: bad character U+005B '['\""
    with pytest.raises(HostnameError) as caught:
        evaluate("{{ .Foo }}.mesh", _service("backend"), "")
    assert str(caught.value) == (
        'pre evaluation of template with parameters failed with error="template: :1:3: executing \\"\\" '
        'at <.Foo>: can\'t evaluate field Foo in type hostname.meshedName"'
    )


def _time(hour: Any) -> datetime | None:
    return None if hour is None else datetime(2024, 6, 1, int(hour), tzinfo=timezone.utc)


def _generator(item: dict[str, Any]) -> GeneratorInput:
    selectors = {kind: dict(item[key] or {}) for key, kind in _SELECTOR_KEYS.items() if key in item}
    return GeneratorInput(
        item["name"], item["template"], selectors, dict(item.get("labels", {})), _time(item.get("created"))
    )


def _service_of(item: dict[str, Any]) -> ServiceInput:
    return ServiceInput(
        item.get("kind", "MeshService"),
        item["name"],
        item.get("mesh", "default"),
        dict(item.get("labels", {})),
        creation_time=_time(item.get("created")),
    )


@pytest.mark.parametrize("name", list(_CASES))
def test_generation(name: str) -> None:
    case = _CASES[name]
    version = tuple(int(part) for part in case.get("kuma-version", "2.14").split("."))
    world = resolve_services(
        [_service_of(item) for item in case["services"]],
        [_generator(item) for item in case["generators"]],
        settings=ServiceSettings(kuma_version=(version[0], version[1]), default_generators=False),
    )
    for where, expected in case["expect"].items():
        mesh, _, what = where.rpartition(":")
        kind, _, service_name = what.partition("/")
        found = world.mesh(mesh or "default")
        assert found is not None
        status = found.service(kind, service_name)
        assert status is not None
        addresses = [f"{address.hostname} {address.generator}" for address in status.addresses]
        generators = [
            [generator.generator, condition.status, condition.reason, condition.message]
            for generator in status.generators
            for condition in generator.conditions
        ]
        assert {"addresses": addresses, "generators": generators} == expected


def test_collisions_say_who_won_and_why() -> None:
    case = _CASES["generator precedence dominates service age"]
    world = resolve_services(
        [_service_of(item) for item in case["services"]],
        [_generator(item) for item in case["generators"]],
        settings=ServiceSettings(default_generators=False),
    )
    mesh = world.mesh("default")
    assert mesh is not None
    [collision] = mesh.collisions
    assert (collision.hostname, collision.winner, collision.loser, collision.winner_generator, collision.generator) == (
        "shared.mesh", "b", "a", "old", "new"
    )
    assert collision.why == "generator precedence"
