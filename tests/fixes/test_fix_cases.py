"""Every fix's case file: the file before, the diff ``--diff`` prints, and the file after ``--fix``.

A case file ``tests/fixes/cases/<CODE>.yaml`` holds ``check: CODE`` and a
list of ``cases``, each with a ``name``, the ``before`` text, the ``diff``
and the ``after`` text of ``vocheck check --fix --unsafe-fixes``. Each case
also runs with CRLF line endings and with a UTF-8 byte-order mark: the fix
must change the same characters and keep both.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Result

CASES = Path(__file__).parent / "cases"
NAME = "resource.yaml"


def _cases() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in content["cases"]:
            found.append(pytest.param(content["check"], case, id=f"{path.stem}: {case['name']}"))
    return found


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _diff_crlf(diff: str) -> str:
    # Diff lines themselves end in "\n"; the file's lines inside them keep their "\r".
    lines = diff.split("\n")
    return "\n".join(line if line.startswith(("---", "+++", "@@")) or not line else line + "\r" for line in lines)


@pytest.mark.parametrize(("code", "case"), _cases())
@pytest.mark.parametrize("variant", ["as written", "CRLF", "BOM"])
def test_fix_case(
    code: str,
    case: dict[str, Any],
    variant: str,
    cli: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    before, after, diff = case["before"], case["after"], case["diff"]
    prefix = b""
    if variant == "CRLF":
        before, after, diff = _crlf(before), _crlf(after), _diff_crlf(diff)
    elif variant == "BOM":
        prefix = codecs.BOM_UTF8
    path = tmp_path / NAME
    path.write_bytes(prefix + before.encode("utf-8"))

    shown = cli("check", "--isolated", "--diff", "--unsafe-fixes", NAME)
    assert (shown.code, shown.out) == (1, diff)
    assert path.read_bytes() == prefix + before.encode("utf-8"), "--diff wrote the file"

    fixed = cli("check", "--isolated", "--fix", "--unsafe-fixes", "--format", "json", NAME)
    assert path.read_bytes() == prefix + after.encode("utf-8")
    remaining = {item["code"] for item in _json(fixed.out)}
    assert code not in remaining, f"{code} is still reported after the fix"

    again = cli("check", "--isolated", "--diff", "--unsafe-fixes", NAME)
    assert (again.code, again.out) == (0, ""), "a second run still finds something to fix"


def _json(text: str) -> list[dict[str, Any]]:
    import json

    return list(json.loads(text)["diagnostics"])


def test_every_fixable_check_has_a_fix_case_file() -> None:
    from vocheck.host import collect_checks, plugin_manager

    fixable = {check.code for check in collect_checks(plugin_manager(load_installed=False)) if check.fixable}
    have = {path.stem for path in CASES.glob("*.yaml")}
    assert fixable <= have, f"fixable checks without a fix case file: {sorted(fixable - have)}"
