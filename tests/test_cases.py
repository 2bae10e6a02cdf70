"""Every check's case file: each case is a document and the exact diagnostics it gets.

A case file ``tests/cases/<CODE>.yaml`` holds ``check: CODE`` and a list of
``cases``, each with a ``name``, the ``file`` text (or ``files``, a mapping
of names to texts, for whole-set checks), optional ``settings`` and the
expected ``"LINE:COL CODE message"`` lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from vocheck import Settings
from vocheck.testing import run_files

CASES = Path(__file__).parent / "cases"


def _cases() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in content["cases"]:
            found.append(pytest.param(content["check"], case, id=f"{path.stem}: {case['name']}"))
    return found


def _settings(values: dict[str, Any]) -> Settings:
    if "kuma_version" in values:
        major, minor = str(values["kuma_version"]).split(".")[:2]
        values = {**values, "kuma_version": (int(major), int(minor))}
    return Settings(**values)


@pytest.mark.parametrize(("code", "case"), _cases())
def test_case(code: str, case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    files: dict[str, str] = case.get("files") or {"resource.yaml": case["file"]}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = run_files(["."], select=[code], settings=_settings(case.get("settings", {})))
    prefix = "" if len(files) == 1 else None
    got = []
    for item in report.diagnostics:
        where = f"{item.line}:{item.column}" if prefix is not None else f"{item.file}:{item.line}:{item.column}"
        got.append(f"{where} {item.code} {item.message}")
    assert got == case.get("expect", [])


def test_every_check_has_a_case_file() -> None:
    from vocheck.host import collect_checks, plugin_manager

    codes = {check.code for check in collect_checks(plugin_manager(load_installed=False)) if check.scope != "core"}
    have = {path.stem for path in CASES.glob("*.yaml")}
    assert codes <= have, f"checks without a case file: {sorted(codes - have)}"
