"""vocheck's VirtualOutbound validator against Go's answers for every case of corpus.jsonl."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vocheck.kuma.specs import Conf, Parameter, VirtualOutboundSpec
from vocheck.kuma.validate import validate_virtual_outbound

CORPUS = Path(__file__).with_name("corpus.jsonl")


def _load() -> list[dict[str, Any]]:
    with CORPUS.open(encoding="utf-8") as corpus:
        return [json.loads(line) for line in corpus]


CASES = _load()


def _spec(data: dict[str, Any]) -> VirtualOutboundSpec:
    selectors = tuple(dict(selector.get("match") or {}) for selector in data.get("selectors") or [])
    conf_data = data.get("conf")
    if conf_data is None:
        return VirtualOutboundSpec(selectors, None)
    parameters = tuple(
        Parameter(parameter.get("name", ""), parameter.get("tagKey", "")) for parameter in conf_data.get("parameters") or []
    )
    return VirtualOutboundSpec(selectors, Conf(conf_data.get("host", ""), conf_data.get("port", ""), parameters))


def test_corpus_is_large_and_mixed() -> None:
    valid = sum(1 for case in CASES if not case["violations"])
    assert len(CASES) >= 1000
    assert 100 <= valid <= len(CASES) - 500


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_matches_go(case: dict[str, Any]) -> None:
    violations = validate_virtual_outbound(_spec(case["spec"]))
    assert [{"field": v.field, "message": v.message} for v in violations] == case["violations"]
