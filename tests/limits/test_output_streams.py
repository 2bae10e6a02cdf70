"""Where the report goes can fail: a full disk, a reader that went away. Each ends clearly, never in an internal error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# 3,000 unknown fields: a report far larger than a pipe's buffer.
MESH = "type: Mesh\nname: m\n" + "".join(f"unknown{number}: 1\n" for number in range(3000))
COMMAND = [sys.executable, "-m", "vocheck", "check", "--isolated"]
ENVIRONMENT = {**os.environ, "NO_COLOR": "1"}


@pytest.fixture
def big(tmp_path: Path) -> Path:
    (tmp_path / "mesh.yaml").write_text(MESH, encoding="utf-8")
    return tmp_path / "mesh.yaml"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGPIPE is POSIX")
@pytest.mark.parametrize("arguments", [[], ["--format", "json"], ["--statistics"]])
def test_a_reader_that_goes_away_ends_the_run_quietly_as_sigpipe_would(big: Path, arguments: list[str]) -> None:
    # `vocheck check big/ | head -1`
    process = subprocess.Popen(
        [*COMMAND, *arguments, str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENVIRONMENT
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert stderr == ""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("stdout", "vocheck: error: cannot write to standard output: No space left on device"),
        ("--output", "vocheck: error: cannot write /dev/full: No space left on device"),
        ("--format", "vocheck: error: cannot write /dev/full: No space left on device"),
    ],
)
def test_a_full_disk_is_a_clear_error(big: Path, where: str, message: str) -> None:
    arguments = {"stdout": [], "--output": ["--output", "/dev/full"], "--format": ["--format", "json:/dev/full"]}[where]
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*COMMAND, *arguments, str(big)], stdout=full, stderr=subprocess.PIPE, env=ENVIRONMENT, timeout=60, check=False
        )
    assert result.returncode == 2
    assert result.stderr.decode().strip() == message


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names that are not UTF-8")
@pytest.mark.parametrize("name", ["text", "json", "sarif", "github", "gitlab", "junit", "rdjson"])
@pytest.mark.parametrize(
    "stdout", [{"LC_ALL": "C.UTF-8"}, {"PYTHONIOENCODING": "utf-8"}], ids=["lenient stdout", "strict UTF-8 stdout"]
)
def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(
    tmp_path: Path, name: str, stdout: dict[str, str]
) -> None:
    directory = os.fsencode(tmp_path)
    with open(os.path.join(directory, b"caf\xe9.yaml"), "w", encoding="utf-8") as handle:
        handle.write("type: Mesh\nname: m\nbogus: 1\n")
    for output in ([], ["--output", str(tmp_path / "report")]):
        result = subprocess.run(
            [*COMMAND, "--fail-on", "warning", "--format", name, *output, str(tmp_path)],
            capture_output=True,
            env={**ENVIRONMENT, **stdout},
            timeout=60,
            check=False,
        )
        assert result.returncode == 1, result.stderr.decode(errors="replace")
        assert b"caf" in (result.stdout or (tmp_path / "report").read_bytes())
