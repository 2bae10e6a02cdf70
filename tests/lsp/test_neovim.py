"""A real editor shows vocheck's diagnostics: headless Neovim's built-in LSP client against ``vocheck lsp``.

Neovim opens two policies of a workspace that also holds a Dataplane it never
opens; the test reads back what Neovim displays (``vim.diagnostic.get``) after
each step: line and code of every diagnostic. Edits are made in Neovim's
buffer, unsaved, so what changes reaches the server only as ``didChange``.
Skipped when ``nvim`` is not installed (.ci/run installs it from the
distribution's packages where it can).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls", reason="the language server needs vocheck[lsp]")
NVIM = shutil.which("nvim")
pytestmark = pytest.mark.skipif(NVIM is None, reason="Neovim is not installed")

SESSION = Path(__file__).with_name("neovim_session.lua")


def _policy(name: str, host: str) -> str:
    return (
        f"type: VirtualOutbound\nmesh: default\nname: {name}\nselectors:\n  - match:\n      kuma.io/service: web\n"
        f'conf:\n  host: "{host}"\n  port: "80"\n  parameters:\n    - name: service\n      tagKey: kuma.io/service\n'
    )


# Two policies with one name (VO403 on the second) and the Dataplane they select, which is never
# opened: without it each policy would match nothing (VO505), so its absence shows that the server
# read the workspace from disk.
WORKSPACE = {
    "a.yaml": _policy("web", "{{.service}}.a.mesh"),
    "b.yaml": _policy("web", "{{.service}}.b.mesh"),
    "dataplane.yaml": (
        "type: Dataplane\nmesh: default\nname: web-1\nnetworking:\n  address: 10.0.0.1\n  inbound:\n"
        "    - port: 8080\n      tags:\n        kuma.io/service: web\n"
    ),
}
OPENED = ["a.yaml", "b.yaml"]
AS_OPENED = {"a.yaml": ["1:VO402"], "b.yaml": ["3:VO403"]}
# (what the user types in Neovim: file, 0-based first line, line after the last replaced, new lines;
#  what Neovim must then show: file -> "line:code" of each diagnostic)
STEPS: list[tuple[list[tuple[str, int, int, list[str]]], dict[str, list[str]]]] = [
    ([], AS_OPENED),
    # Rename a.yaml's policy and give its conf an unknown field: a.yaml gets VO101 on the new line,
    # and b.yaml, which the user did not touch, loses VO403.
    (
        [("a.yaml", 2, 3, ["name: web-a"]), ("a.yaml", 7, 7, ["  extra: 1"])],
        {"a.yaml": ["1:VO402", "8:VO101"], "b.yaml": []},
    ),
    # Undo both: b.yaml's VO403 comes back.
    ([("a.yaml", 7, 8, []), ("a.yaml", 2, 3, ["name: web"])], AS_OPENED),
]


def _run_neovim(tmp_path: Path, root: Path) -> dict[str, Any]:
    spec = {
        "cmd": [sys.executable, "-m", "vocheck", "lsp"],
        "root": str(root),
        "open": OPENED,
        "output": str(tmp_path / "result.json"),
        "steps": [
            {
                "edits": [{"file": file, "start": start, "end": end, "lines": lines} for file, start, end, lines in edits],
                "expect": expect,
                # The first step waits for the server to start and read the workspace.
                "timeout_ms": 60_000 if number == 0 else 20_000,
            }
            for number, (edits, expect) in enumerate(STEPS)
        ],
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    home = tmp_path / "home"
    # A Neovim of its own: no user configuration, plugins, shada or logs of whoever runs the tests.
    environment = dict(
        os.environ,
        VOCHECK_NVIM_SPEC=str(tmp_path / "spec.json"),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        NVIM_LOG_FILE=str(tmp_path / "nvim.log"),
    )
    assert NVIM is not None
    completed = subprocess.run(
        [NVIM, "--headless", "-u", "NONE", "-i", "NONE", "-n", "--noplugin", "-c", f"luafile {SESSION}"],
        cwd=root,
        env=environment,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )
    output = tmp_path / "result.json"
    assert output.exists(), f"Neovim wrote no result (exit {completed.returncode}): {completed.stderr.decode(errors='replace')}"
    result: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return result


def test_neovim_shows_the_codes_and_lines_of_vocheck_diagnostics_as_the_user_edits(tmp_path: Path) -> None:
    root = tmp_path / "workspace"
    root.mkdir()
    for name, text in WORKSPACE.items():
        (root / name).write_text(text, encoding="utf-8")
    result = _run_neovim(tmp_path, root)
    where = f"Neovim {result['version']} with {result['client']}"
    assert result["errors"] == [], where
    shown = [step["shown"] for step in result["steps"]]
    assert shown == [expect for _, expect in STEPS], where
    # The cross-file finding carries the other file as related information, which Neovim keeps with it.
    assert [step["related"]["b.yaml"] for step in result["steps"]] == [["3:VO403 -> a.yaml:3"], [], ["3:VO403 -> a.yaml:3"]], where
    # Edits stay in the buffers: the server never writes the workspace.
    assert {name: (root / name).read_text(encoding="utf-8") for name in WORKSPACE} == WORKSPACE
