"""Kuma's own Dataplane validator tests (dataplane_validator_test.go), case by case.

``dataplane_validator_cases.yaml`` holds every entry of Kuma 2.14's valid and
invalid tables: the Dataplane as Kuma's test writes it and the violations
Kuma expects, in order. Each document is read the way vocheck reads files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from vocheck.load.documents import read_documents
from vocheck.kuma.dataplane import validate_dataplane
from vocheck.kuma.decode import decode_dataplane
from vocheck.kuma.specs import DataplaneSpec, Inbound

_CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "dataplane_validator_cases.yaml").read_text())[
    "cases"
]


@pytest.mark.parametrize("case", _CASES, ids=[case["name"] for case in _CASES])
def test_kumas_dataplane_case(case: dict[str, Any]) -> None:
    documents, problems = read_documents("dataplane.yaml", case["dataplane"])
    assert problems == []
    decoded = decode_dataplane(documents[0].data)
    assert decoded.errors == ()
    assert decoded.value is not None
    violations = validate_dataplane(decoded.value)
    expected = [(violation["field"], violation["message"]) for violation in case["violations"]]
    assert [(violation.field, violation.message) for violation in violations] == expected


def test_the_table_holds_every_kuma_case() -> None:
    # 23 valid entries, 54 invalid ones and the 3 InboundTagsDisabled cases.
    assert len(_CASES) == 80
    assert len({case["name"] for case in _CASES}) == 80


def test_a_spec_built_from_its_fields_is_validated_from_them() -> None:
    spec = DataplaneSpec(address="10.0.0.1", inbounds=(Inbound(port=0, tags={"version": "v1"}),))
    assert [(violation.field, violation.message) for violation in validate_dataplane(spec)] == [
        ("networking.inbound[0].port", "port must be in the range [1, 65535]"),
        ('networking.inbound[0].tags["kuma.io/service"]', "tag has to exist"),
    ]


MISSING_SERVICE = [("networking.outbound[0].tags", 'mandatory tag "kuma.io/service" is missing')]


@pytest.mark.parametrize(("version", "expected"), [((2, 3), []), ((2, 4), MISSING_SERVICE)])
def test_outbound_service_field_counts_up_to_2_3(version: tuple[int, int], expected: list[tuple[str, str]]) -> None:
    outbound = {"port": 2, "service": "redis"}
    inbound = {"port": 1, "tags": {"kuma.io/service": "a"}}
    data = {"networking": {"address": "10.0.0.1", "inbound": [inbound], "outbound": [outbound]}}
    decoded = decode_dataplane(data)
    assert decoded.value is not None
    violations = validate_dataplane(decoded.value, kuma_version=version)
    assert [(violation.field, violation.message) for violation in violations] == expected
