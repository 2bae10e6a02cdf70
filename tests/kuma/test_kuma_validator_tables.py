"""Kuma's own Mesh, ExternalService and ZoneIngress validator test tables give Kuma's answers here too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from vocheck.load.documents import read_documents
from vocheck.load.limits import Limits
from vocheck.kuma.decode import decode_external_service, decode_mesh, decode_zone_ingress
from vocheck.kuma.external_service import validate_external_service
from vocheck.kuma.mesh_spec import validate_mesh_spec
from vocheck.kuma.zone_ingress import validate_zone_ingress

TABLES = yaml.safe_load((Path(__file__).parent / "kuma_validator_tables.yaml").read_text(encoding="utf-8"))


def _spec(text: str) -> object:
    documents, problems = read_documents("spec.yaml", text, Limits())
    assert not problems
    return documents[0].data if documents else None


def _violations(kind: str, spec: object) -> list[tuple[str, str]]:
    if kind == "mesh":
        mesh = decode_mesh(spec)
        assert mesh.value is not None, mesh.errors
        found = validate_mesh_spec(mesh.value)
    elif kind == "external_service":
        service = decode_external_service(spec)
        assert service.value is not None, service.errors
        found = validate_external_service(service.value)
    else:
        ingress = decode_zone_ingress(spec)
        assert ingress.value is not None, ingress.errors
        found = validate_zone_ingress(ingress.value)
    return [(violation.field, violation.message) for violation in found]


def _cases() -> list[Any]:
    return [
        pytest.param(kind, case, id=f"{kind}[{index}] {case['name']}")
        for kind, cases in TABLES.items()
        for index, case in enumerate(cases)
    ]


@pytest.mark.parametrize(("kind", "case"), _cases())
def test_kuma_table(kind: str, case: dict[str, Any]) -> None:
    expected = [(violation["field"], violation["message"]) for violation in case["violations"]]
    assert _violations(kind, _spec(case["spec"])) == expected


def test_tables_hold_every_kind() -> None:
    assert {kind: len(cases) for kind, cases in TABLES.items()} == {"mesh": 32, "external_service": 19, "zone_ingress": 7}
