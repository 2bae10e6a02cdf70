"""The same inputs give the same bytes: across runs, hash seeds, input orders and worker counts."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from generate import dataplane, policy  # noqa: E402

MESHES = ("default", "payments")


def _write_tree(directory: Path, order_seed: int) -> list[Path]:
    """A small multi-mesh tree (examples plus generated files), created in a shuffled order."""
    source = random.Random(11)
    files: dict[str, str] = {}
    for index in range(24):
        mesh = MESHES[index % 2]
        services = (f"app{index % 6}-api", f"app{index % 6}-db")
        documents = [policy(source, index * 2 + number, mesh, services) for number in range(2)]
        documents += [dataplane(source, index * 3 + number, mesh, services) for number in range(3)]
        files[f"{mesh}/team-{index % 5}/resources-{index:03d}.yaml"] = "---\n".join(documents)
    for path in sorted((ROOT / "examples").rglob("*.y*ml")):
        files[f"examples/{path.relative_to(ROOT / 'examples')}"] = path.read_text(encoding="utf-8")
    names = sorted(files)
    random.Random(order_seed).shuffle(names)
    for name in names:
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(files[name], encoding="utf-8")
    return [directory / name for name in names]


def _run(arguments: list[str], cwd: Path, seed: str) -> tuple[int, bytes]:
    environment = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    result = subprocess.run(
        [sys.executable, "-m", "vocheck", *arguments], capture_output=True, cwd=cwd, env=environment, timeout=60, check=False
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    return result.returncode, result.stdout


@pytest.mark.parametrize("output", ["text", "json"])
def test_output_is_byte_identical(tmp_path: Path, output: str) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _write_tree(first, order_seed=1)
    _write_tree(second, order_seed=2)
    base = ["check", "--isolated", "--format", output]
    reference = _run([*base, "--jobs", "1", "."], first, "0")
    assert reference[0] == 1 and reference[1].count(b"VO") > 10  # the tree has findings to order
    runs = {
        "hash seed 1": _run([*base, "--jobs", "1", "."], first, "1"),
        "hash seed random": _run([*base, "--jobs", "1", "."], first, "random"),
        "files created in another order": _run([*base, "--jobs", "1", "."], second, "2"),
        "two processes": _run([*base, "--jobs", "2", "."], first, "3"),
        "--jobs 3 (as many as there are processors, up to 3)": _run([*base, "--jobs", "3", "."], second, "4"),
    }
    for name, result in runs.items():
        assert result == reference, name


def test_the_order_of_paths_on_the_command_line_does_not_matter(tmp_path: Path) -> None:
    files = _write_tree(tmp_path, order_seed=3)
    names = [str(path.relative_to(tmp_path)) for path in files]
    base = ["check", "--isolated", "--format", "json", "--jobs", "1"]
    assert _run([*base, *sorted(names)], tmp_path, "0") == _run([*base, *reversed(sorted(names))], tmp_path, "5")


def test_preview_is_the_same_when_workers_read_the_files(tmp_path: Path) -> None:
    _write_tree(tmp_path, order_seed=4)
    base = ["preview", "--isolated", "--format", "json"]
    reference = _run([*base, "--jobs", "1", "."], tmp_path, "0")
    assert reference[1].count(b'"name"') > 20  # entries to order
    assert _run([*base, "--jobs", "2", "."], tmp_path, "6") == reference


BUGGY_DECODER = '''
import vocheck.kuma.decoding
from vocheck import hookimpl

_real = vocheck.kuma.decoding.DECODERS["VirtualOutbound"]


def _buggy(spec):
    if "g00003" in str(spec.get("conf", {}).get("host", "")):
        raise IndexError("a decoder bug")
    return _real(spec)


vocheck.kuma.decoding.DECODERS["VirtualOutbound"] = _buggy


@hookimpl
def vocheck_checks():
    return []
'''


def test_a_resource_that_breaks_decoding_is_reported_alike_by_one_process_or_two(tmp_path: Path) -> None:
    _write_tree(tmp_path, order_seed=5)
    (tmp_path / "buggy.py").write_text(BUGGY_DECODER, encoding="utf-8")
    (tmp_path / ".vocheck.toml").write_text('plugins = ["buggy.py"]\n', encoding="utf-8")
    base = ["check", "--format", "json"]
    serial = _run([*base, "--jobs", "1", "."], tmp_path, "0")
    assert serial[0] == 1 and b"VO003" in serial[1] and b"a decoder bug" in serial[1]
    assert _run([*base, "--jobs", "2", "."], tmp_path, "7") == serial
