"""Start-up: a one-file `vocheck check` imports only what checking that file needs.

Its time is dominated by imports (it is benchmarked against check-jsonschema on the same
file), so the modules of other commands and of other kinds of run stay out of it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

POLICY = """\
type: VirtualOutbound
mesh: default
name: backend
selectors:
  - match:
      kuma.io/service: backend
conf:
  host: "{{.service}}.mesh"
  port: "80"
  parameters:
    - name: service
      tagKey: kuma.io/service
"""

# What only another command or another kind of run needs: fixing, resolving, the preview,
# diffs, worker processes, did-you-mean hints, the full JSON Schema validator, config files.
NOT_IMPORTED = (
    "vocheck.engine.fixing",
    "vocheck.resolve",
    "vocheck.preview",
    "vocheck.diff",
    "vocheck._perf.sharing",
    "jsonschema",
    "pickle",
    "hashlib",
    "difflib",
    "csv",
    "tomllib",
)

PROBE = """
import json, sys
from vocheck.cli import main
code = main(["check", "-q", sys.argv[1]])
sys.stdout.flush()
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _modules_of_a_one_file_check(tmp_path: Path) -> tuple[int, set[str]]:
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(policy)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return report["code"], set(report["modules"])


@pytest.fixture(scope="module")
def one_file_check(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, set[str]]:
    return _modules_of_a_one_file_check(tmp_path_factory.mktemp("startup"))


def test_the_probe_checks_the_file(one_file_check: tuple[int, set[str]]) -> None:
    code, modules = one_file_check
    assert code == 0
    assert {"vocheck.engine.run", "vocheck_builtin"} <= modules


@pytest.mark.parametrize("module", NOT_IMPORTED)
def test_a_one_file_check_does_not_import(module: str, one_file_check: tuple[int, set[str]]) -> None:
    _, modules = one_file_check
    assert module not in modules
