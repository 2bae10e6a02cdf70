"""Go's regexp syntax, request-URI and duration answers the Dataplane validator relies on.

``go_answers.yaml`` holds what Go 1.26 answers for each input; vocheck's
restatements must give the same answer, byte for byte for error texts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from vocheck.kuma.duration import duration_nanoseconds
from vocheck.kuma.goregexp import MAX_JUDGED, regexp_error
from vocheck.kuma.gourl import is_request_uri

_ANSWERS: dict[str, list[dict[str, Any]]] = yaml.safe_load((Path(__file__).parent / "go_answers.yaml").read_text())


@pytest.mark.parametrize("case", _ANSWERS["regexp"], ids=lambda case: repr(case["pattern"]))
def test_regexp_error(case: dict[str, Any]) -> None:
    assert regexp_error(case["pattern"]) == case["error"]


@pytest.mark.parametrize("case", _ANSWERS["request_uri"], ids=lambda case: repr(case["text"]))
def test_request_uri(case: dict[str, Any]) -> None:
    assert is_request_uri(case["text"]) is case["valid"]


@pytest.mark.parametrize("case", _ANSWERS["duration"], ids=lambda case: repr(case["text"]))
def test_duration(case: dict[str, Any]) -> None:
    assert duration_nanoseconds(case["text"]) == case["nanoseconds"]


def test_long_patterns_are_not_judged() -> None:
    # Go may stop a long pattern for nesting depth or size, which is not modelled.
    assert regexp_error("(" * (MAX_JUDGED + 1)) is None
    judged = "(" * MAX_JUDGED
    assert regexp_error(judged) == f"error parsing regexp: missing closing ): `{judged}`"
