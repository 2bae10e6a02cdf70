"""Files vocheck reads besides its inputs: only regular files, under a size limit, with a clear error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bounded import run_bounded

# The documented limit for configs, baselines and persisted VIP views.
MAX_SETTINGS_FILE_SIZE = 64 * 1024 * 1024
# Its unquoted port is a VO002: a run that reads it says so.
POLICY = 'type: VirtualOutbound\nmesh: default\nname: web\nconf: {host: "{{.service}}.mesh", port: 80}\n'


def _oversized(path: Path) -> None:
    # Sparse: no disk is used, yet reading it yields more than the limit.
    with path.open("wb") as handle:
        handle.truncate(MAX_SETTINGS_FILE_SIZE + 1)


def _device(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


SHAPES = {"link to /dev/zero": _device, "FIFO": _fifo, "larger than the limit": _oversized}
# (command-line arguments naming the file, how the error starts)
USES = {
    "--config": (["check", "--config", "settings"], "cannot read config file"),
    "--baseline": (["check", "--isolated", "--baseline", "settings"], "cannot read baseline"),
    "--previous-vips": (["preview", "--isolated", "--previous-vips", "settings"], "--previous-vips settings"),
}
WHY = {
    "link to /dev/zero": "not a regular file",
    "FIFO": "not a regular file",
    "larger than the limit": f"larger than the limit of {MAX_SETTINGS_FILE_SIZE} bytes",
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("use", sorted(USES))
def test_a_settings_file_that_is_no_regular_file_or_too_large_is_refused(tmp_path: Path, use: str, shape: str) -> None:
    if shape == "FIFO" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    SHAPES[shape](tmp_path / "settings")
    (tmp_path / "policy.yaml").write_text(POLICY, encoding="utf-8")
    arguments, words = USES[use]
    outcome = run_bounded([*arguments, "policy.yaml"], tmp_path)
    assert outcome.returncode == 2, outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert words in outcome.stderr and WHY[shape] in outcome.stderr, outcome.stderr


@pytest.mark.parametrize("name", [".vocheck.toml", "pyproject.toml"])
def test_a_discovered_config_larger_than_the_limit_is_refused(tmp_path: Path, name: str) -> None:
    _oversized(tmp_path / name)
    (tmp_path / "policy.yaml").write_text(POLICY, encoding="utf-8")
    outcome = run_bounded(["check", "policy.yaml"], tmp_path)
    assert outcome.returncode == 2, outcome.stderr
    assert f"cannot read config file {tmp_path / name}: larger than the limit" in outcome.stderr


@pytest.mark.parametrize("name", [".vocheck.toml", "pyproject.toml"])
def test_a_discovered_config_that_is_a_device_is_not_read(tmp_path: Path, name: str) -> None:
    _device(tmp_path / name)
    (tmp_path / "policy.yaml").write_text(POLICY, encoding="utf-8")
    outcome = run_bounded(["check", "policy.yaml"], tmp_path)
    assert outcome.returncode == 1 and "VO002" in outcome.stdout, outcome.stderr


def test_the_reader_takes_a_regular_file_up_to_its_limit(tmp_path: Path) -> None:
    from vocheck.load.sources import MAX_SETTINGS_FILE_SIZE as documented, read_settings_file

    assert documented == MAX_SETTINGS_FILE_SIZE
    path = tmp_path / "file.toml"
    path.write_text("x = 1\n", encoding="utf-8")
    assert read_settings_file(path, limit=6) == "x = 1\n"
    with pytest.raises(OSError, match="larger than the limit of 5 bytes"):
        read_settings_file(path, limit=5)


# Sizes that once crashed the reader (MemoryError, OverflowError): refused with a clear message.
@pytest.mark.parametrize("value", ["34359738368", "99999999999999999999", "1073741825"])
def test_a_max_file_size_beyond_what_vocheck_reads_is_refused(tmp_path: Path, value: str) -> None:
    (tmp_path / ".vocheck.toml").write_text(f"max-file-size = {value}\n", encoding="utf-8")
    (tmp_path / "policy.yaml").write_text(POLICY, encoding="utf-8")
    outcome = run_bounded(["check", "policy.yaml"], tmp_path)
    assert outcome.returncode == 2, outcome.stderr
    assert "Traceback" not in outcome.stderr and "internal error" not in outcome.stderr
    assert f'key "max-file-size": {value} is more than vocheck reads of one file, 1073741824 bytes' in outcome.stderr


def test_the_largest_max_file_size_still_reads_files(tmp_path: Path) -> None:
    (tmp_path / ".vocheck.toml").write_text("max-file-size = 1073741824\n", encoding="utf-8")
    (tmp_path / "policy.yaml").write_text(POLICY, encoding="utf-8")
    outcome = run_bounded(["check", "policy.yaml"], tmp_path)
    assert outcome.returncode == 1 and "VO002" in outcome.stdout, outcome.stderr
