"""The wheel ships the package, the schemas and the built-in plugins, and runs on its own."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_installs_into_a_fresh_virtualenv_and_checks_the_examples(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
    )
    (wheel,) = dist.glob("vocheck-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "vocheck/schemas/virtualoutbound.universal.json" in names
    assert "vocheck/schemas/config.json" in names
    assert "vocheck_builtin/structure.py" in names
    assert "vocheck/py.typed" in names
    assert not any(name.startswith(("tests/", "examples/", "vocheck_example")) for name in names)
    for package in sorted((ROOT / "vocheck").glob("*/__init__.py")):
        assert f"vocheck/{package.parent.name}/__init__.py" in names, f"{package.parent.name} is not packaged"

    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(ROOT / "plugins" / "example")], check=True
    )
    vocheck = environment / "bin" / "vocheck"
    result = subprocess.run(
        [str(vocheck), "examples/"], cwd=ROOT, capture_output=True, text=True, env={"NO_COLOR": "1", "PATH": ""}
    )
    assert result.returncode == 1, result.stderr
    assert "examples/universal/broken/policies.yaml:" in result.stdout
    assert result.stdout.splitlines()[-1].endswith("skipped)")
    assert "Traceback" not in result.stderr

    rules = subprocess.run([str(vocheck), "rules"], capture_output=True, text=True, check=True).stdout
    assert "EX101" in rules and "example" in rules
    module = subprocess.run(
        [str(python), "-m", "vocheck", "explain", "EX101"], capture_output=True, text=True, check=True
    ).stdout
    assert module.startswith("EX101 host-has-scheme")
