"""Kuma's validators of HostnameGenerator, MeshService, MeshExternalService and MeshMultiZoneService, per release.

``service_validator_cases.yaml`` restates Kuma's own tests (2.14 and master
for 3.0) and the cases where older releases differ; each spec is read the
way vocheck reads a file, decoded, and validated as Kuma would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from vocheck.kuma.api import KumaMeta
from vocheck.kuma.decoding import DECODERS
from vocheck.kuma.service_rules import validate_service_kind
from vocheck.load.documents import read_documents

_TABLE: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (Path(__file__).parent / "service_validator_cases.yaml").read_text(encoding="utf-8")
)
_CASES = [
    pytest.param(kind, case, version, id=f"{kind}: {case['name']} @{version}")
    for kind, cases in _TABLE.items()
    for case in cases
    for version in case["versions"]
]


def _version(text: str) -> tuple[int, int]:
    major, minor = text.split(".")
    return int(major), int(minor)


@pytest.mark.parametrize(("kind", "case", "version"), _CASES)
def test_kumas_case(kind: str, case: dict[str, Any], version: str) -> None:
    documents, problems = read_documents("spec.yaml", case["spec"])
    assert problems == []
    data = documents[0].data if documents else None
    decoded = DECODERS[kind](data)
    assert decoded.errors == ()
    meta_data = case.get("meta", {})
    name = meta_data.get("name", "name")
    meta = KumaMeta(kind, name, name, "", None if kind == "HostnameGenerator" else "default", meta_data.get("labels", {}))
    violations = validate_service_kind(meta, decoded.value, kuma_version=_version(version))
    expected = [(violation["field"], violation["message"]) for violation in case["violations"]]
    assert [(violation.field, violation.message) for violation in violations] == expected


def test_the_table_holds_every_kuma_case() -> None:
    # Kuma 2.14's tables (13 HostnameGenerator, 6 MeshService, 10 MeshExternalService, 4 MeshMultiZoneService
    # entries), master's added cases, and the cases where other releases differ.
    names = {kind: {case["name"] for case in cases} for kind, cases in _TABLE.items()}
    assert {kind: len(found) for kind, found in names.items()} == {
        "HostnameGenerator": 20,
        "MeshService": 18,
        "MeshExternalService": 15,
        "MeshMultiZoneService": 7,
    }


def test_a_kubernetes_generator_outside_the_system_namespace_is_denied_before_validation() -> None:
    meta = KumaMeta("HostnameGenerator", "all.default", "all", "default", None, {})
    violations = validate_service_kind(meta, DECODERS["HostnameGenerator"]({"template": ""}).value, kuma_version=(2, 14))
    assert [(violation.field, violation.message, violation.path) for violation in violations] == [
        ("", "resource type HostnameGenerator can be created only in the system namespace:kuma-system", ("metadata", "namespace"))
    ]
