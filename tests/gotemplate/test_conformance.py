"""The engine answers every committed corpus case exactly as Go 1.26 does."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from vocheck.gotemplate import TemplateError, parse

CORPUS = Path(__file__).resolve().parents[1] / "conformance" / "gotemplate" / "corpus.jsonl"


def _load() -> list[dict[str, Any]]:
    with CORPUS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


CASES = _load()


def _expected(case: dict[str, Any], name: str) -> bytes | None:
    if name in case:
        return str(case[name]).encode("utf-8")
    if name + "_base64" in case:
        return base64.b64decode(case[name + "_base64"])
    return None


def _actual(case: dict[str, Any]) -> tuple[bytes | None, bytes | None, str | None]:
    try:
        output = parse(case["template"]).execute(case["data"])
    except TemplateError as error:
        return None, str(error).encode("utf-8", "surrogateescape"), error.phase
    return output.encode("utf-8", "surrogateescape"), None, None


def test_corpus_is_large_and_mixed() -> None:
    phases = {case.get("phase", "output") for case in CASES}
    assert len(CASES) >= 3000
    assert phases == {"output", "parse", "exec"}


@pytest.mark.parametrize("case", CASES, ids=[f"line{number}" for number in range(1, len(CASES) + 1)])
def test_matches_go(case: dict[str, Any]) -> None:
    expected = (_expected(case, "output"), _expected(case, "error"), case.get("phase"))
    assert _actual(case) == expected
