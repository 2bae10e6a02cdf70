"""Kuma's Dataplane validator cases end to end, in both forms: the ``kuma`` objects equal Kuma's violations.

Every entry of Kuma's own Dataplane validator tables is written as a
Universal document and as a Kubernetes object and checked through the real
pipeline; on Kubernetes the admission webhook roots each field at ``spec.``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, Result
from vocheck.load.documents import read_documents

CASES: list[dict[str, Any]] = yaml.safe_load((ROOT / "tests" / "kuma" / "dataplane_validator_cases.yaml").read_text())[
    "cases"
]


def _document(index: int, case: dict[str, Any], form: str) -> dict[str, Any]:
    documents, _ = read_documents("case.yaml", case["dataplane"])
    spec = {key: value for key, value in documents[0].data.items() if key not in ("type", "name", "mesh")}
    if form == "universal":
        return {"type": "Dataplane", "mesh": "default", "name": f"dp-{index}", **spec}
    return {
        "apiVersion": "kuma.io/v1alpha1",
        "kind": "Dataplane",
        "mesh": "default",
        "metadata": {"name": f"dp-{index}", "namespace": "kuma-demo"},
        "spec": spec,
    }


@pytest.mark.parametrize("form", ["universal", "kubernetes"])
def test_kumas_own_dataplane_cases(form: str, tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "dataplanes.yaml"
    # JSON documents: every string stays quoted, so no YAML scalar rule changes a value.
    path.write_text("\n---\n".join(json.dumps(_document(index, case, form)) for index, case in enumerate(CASES)))
    result = cli("check", "--isolated", "--format", "json", "--select", "VO2,VO002", str(path))
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for item in json.loads(result.out)["diagnostics"]:
        if item["kuma"] is not None:
            found[item["resource"]["document"]].append((item["kuma"]["field"], item["kuma"]["message"]))
    prefix = "spec." if form == "kubernetes" else ""
    for index, case in enumerate(CASES):
        expected = sorted((prefix + violation["field"], violation["message"]) for violation in case["violations"])
        assert sorted(found.get(index, [])) == expected, case["name"]
