"""Kuma parity end to end: the JSON output's ``kuma`` objects equal Kuma's violations, in both forms.

Kuma's own validator cases and the generated corpus (whose answers come from
Go) are written as YAML files in the Universal and the Kubernetes form and
checked through the real pipeline: loader, schemas, decoding and checks.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Result

CORPUS = ROOT / "tests" / "conformance" / "validator" / "corpus.jsonl"


def _kuma_cases() -> list[tuple[str, Any, list[tuple[str, str]]]]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("kuma_cases", ROOT / "tests" / "kuma" / "test_validate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cases: list[tuple[str, Any, list[tuple[str, str]]]] = module.KUMA_CASES
    return cases


def _universal(index: int, spec: Any) -> dict[str, Any]:
    return {"type": "VirtualOutbound", "mesh": "default", "name": f"case-{index}", **(spec or {})}


def _kubernetes(index: int, spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "kuma.io/v1alpha1",
        "kind": "VirtualOutbound",
        "mesh": "default",
        "metadata": {"name": f"case-{index}"},
        "spec": spec or {},
    }


def _kuma_objects(
    cli: Callable[..., Result], path: Path, documents: Sequence[dict[str, Any]]
) -> dict[int, list[tuple[str, str]]]:
    # JSON documents: every string stays quoted, so no YAML scalar rule changes a value.
    text = "\n---\n".join(json.dumps(document, ensure_ascii=False) for document in documents)
    path.write_text("".join(_yaml_safe(character) for character in text), encoding="utf-8")
    result = cli("check", "--isolated", "--format", "json", "--select", "VO2,VO002", str(path))
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for item in json.loads(result.out)["diagnostics"]:
        if item["kuma"] is not None:
            found[item["resource"]["document"]].append((item["kuma"]["field"], item["kuma"]["message"]))
    return found


def _yaml_safe(character: str) -> str:
    """Escape what YAML forbids raw (controls, surrogates); JSON puts such characters only in strings."""
    code = ord(character)
    allowed = character in "\t\n" or 0x20 <= code <= 0x7E or code == 0x85 or 0xA0 <= code <= 0xD7FF
    allowed = allowed or 0xE000 <= code <= 0xFFFD or code >= 0x10000
    return character if allowed else f"\\u{code:04x}"


def _expected(violations: Sequence[Sequence[str]], form: str) -> list[tuple[str, str]]:
    prefix = "spec." if form == "kubernetes" else ""
    return sorted((prefix + field, message) for field, message in violations)


@pytest.mark.parametrize("form", ["universal", "kubernetes"])
def test_kumas_own_validator_cases(form: str, tmp_path: Path, cli: Callable[..., Result]) -> None:
    cases = _kuma_cases()
    build = _universal if form == "universal" else _kubernetes
    found = _kuma_objects(cli, tmp_path / "cases.yaml", [build(index, spec) for index, (_, spec, _) in enumerate(cases)])
    for index, (name, _, violations) in enumerate(cases):
        assert sorted(found.get(index, [])) == _expected(violations, form), name


@pytest.mark.parametrize("form", ["universal", "kubernetes"])
def test_the_generated_corpus(form: str, tmp_path: Path, cli: Callable[..., Result]) -> None:
    cases = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    build = _universal if form == "universal" else _kubernetes
    found = _kuma_objects(cli, tmp_path / "corpus.yaml", [build(index, case["spec"]) for index, case in enumerate(cases)])
    mismatches = [
        case["id"]
        for index, case in enumerate(cases)
        if sorted(found.get(index, [])) != _expected([(v["field"], v["message"]) for v in case["violations"]], form)
    ]
    assert mismatches == []
