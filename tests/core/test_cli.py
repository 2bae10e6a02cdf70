"""The command line: exit codes, commands, formats."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, Result

TYPO = "type: Mesh\nname: m\nbogus: 1\n"
BROKEN = "type: VirtualOutbound\nname: x\nmesh: default\nconf:\n  port: 80\n"


@pytest.mark.parametrize("output_format", ["text", "json"])
@pytest.mark.parametrize(
    ("content", "fail_on", "code"),
    [
        (TYPO, None, 0),
        (TYPO, "warning", 1),
        (TYPO, "info", 1),
        (BROKEN, None, 1),
        (BROKEN, "never", 0),
        ("type: Mesh\nname: m\n", "info", 0),
    ],
)
def test_exit_codes_follow_fail_on_in_every_format(
    tmp_path: Path, cli: Callable[..., Result], output_format: str, content: str, fail_on: str | None, code: int
) -> None:
    (tmp_path / "a.yaml").write_text(content)
    extra = ["--fail-on", fail_on] if fail_on else []
    assert cli("check", "--format", output_format, *extra, str(tmp_path)).code == code


@pytest.mark.parametrize(
    "arguments",
    [
        ["check", "--format", "nope", "."],
        ["check", "--fail-on", "sometimes", "."],
        ["check", "--kuma-version", "two", "."],
        ["explain", "VO999"],
        ["check", "--no-such-flag"],
    ],
)
def test_usage_errors_exit_2(cli: Callable[..., Result], arguments: list[str]) -> None:
    result = cli(*arguments)
    assert result.code == 2
    assert result.err


@pytest.mark.parametrize(
    ("config", "arguments", "said"),
    [
        pytest.param(None, ["check", "--dns-cidr", "10.0.0.0/8", "."], "vocheck check: error: unrecognized arguments:"
                     " --dns-cidr", id="an-option-of-another-command-said-with-the-commands-usage"),
        pytest.param(None, ["schema", "export", "out", "--bogus"], "vocheck schema export: error: unrecognized"
                     " arguments: --bogus", id="a-subcommands-usage"),
        pytest.param(None, ["diff"], "vocheck diff: error: the following arguments are required: BASE\n",
                     id="head-is-optional"),
        pytest.param(None, ["check", "--format", "json:o.json", "--format", "sarif:o.json", "."],
                     "vocheck: error: two formats write to o.json; give each its own file", id="one-file-for-two-reports"),
        pytest.param('format = "xml"\n', ["check", "."], 'vocheck: error: config file {config}: key "format": unknown'
                     ' format "xml"; choose from', id="a-configs-format-names-the-file-and-key"),
        pytest.param("max-file-size = 1e3\n", ["check", "."], 'vocheck: error: config file {config}: key'
                     ' "max-file-size": 1000.0 is not a whole number of bytes', id="a-size-written-as-a-float"),
    ],
)
def test_a_usage_error_says_what_is_wrong_where(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, config: str | None,
    arguments: list[str], said: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # the config search stops here
    if config is not None:
        (tmp_path / ".vocheck.toml").write_text(config)
    result = cli(*arguments)
    assert result.code == 2
    lines = result.err.splitlines(keepends=True)
    assert said.format(config=tmp_path / ".vocheck.toml") in lines[-1], result.err
    if "unrecognized" in said:
        assert lines[0].startswith(f"usage: {said.split(':')[0]} ")


def test_check_is_the_default_command_and_no_path_means_the_current_directory(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.yaml").write_text(TYPO)
    assert "a.yaml:3:1: warning VO101" in cli(str(tmp_path)).out
    monkeypatch.chdir(tmp_path)
    assert "a.yaml:3:1: warning VO101" in cli().out


def test_text_output_lines_and_summary(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(TYPO + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")
    lines = cli("check", str(path)).out.splitlines()
    assert lines[0] == f'{path}:3:1: warning VO101 unknown field "bogus" in Mesh; Kuma ignores it silently'
    assert lines[-1] == "0 errors, 1 warning, 0 infos in 1 resource (1 file, 2 documents, 1 skipped)"
    assert cli("check", "-q", str(path)).out.splitlines() == lines[:-1]


def test_json_output_has_the_documented_shape(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "a.yaml").write_text(BROKEN)
    report = json.loads(cli("check", "--format", "json", str(tmp_path)).out)
    assert set(report) >= {"diagnostics", "summary"}
    assert set(report["summary"]) >= {"files", "documents", "resources", "skipped", "errors", "warnings", "infos"}
    item = report["diagnostics"][0]
    assert set(item) >= {
        "code", "severity", "message", "file", "line", "column", "end_line", "end_column", "path", "resource", "kuma",
    }
    assert set(item["resource"]) >= {"kind", "name", "mesh", "document"}


def test_rules_lists_every_check_and_explain_prints_its_documentation(cli: Callable[..., Result]) -> None:
    listing = cli("rules", "--isolated").out.splitlines()
    codes = [line.split()[0] for line in listing[1:]]
    assert {"VO001", "VO002", "VO003", "VO004", "VO101", "VO102"} <= set(codes)
    for code in codes:
        text = cli("explain", code, "--isolated").out
        assert text.startswith(code)
        assert ("## Why is this bad?" in text or "## Why it is retired" in text) and "## Example" in text


def test_schema_export_writes_every_schema(tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = cli("schema", "export", str(tmp_path / "out"))
    assert result.code == 0
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert "virtualoutbound.universal.json" in written and "virtualoutbound.kubernetes.json" in written
    assert json.loads((tmp_path / "out" / "mesh.universal.json").read_text())["$schema"].endswith("2020-12/schema")


def test_input_files_are_never_written(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(BROKEN)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    cli("check", "--format", "json", str(tmp_path))
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_the_pre_commit_hook_manifest() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"vocheck", "vocheck-repo", "vocheck-fix"}
    for hook in hooks.values():
        assert hook["entry"] == ("vocheck check --fix" if hook["id"] == "vocheck-fix" else "vocheck check")
        assert hook["language"] == "python"
        assert hook["types_or"] == ["yaml", "json"]
        assert hook["require_serial"] is True
    assert "pass_filenames" not in hooks["vocheck"] and hooks["vocheck-repo"]["pass_filenames"] is False


@pytest.mark.parametrize(
    ("arguments", "expected_code", "message"),
    [
        (["check", "examples"], 2, "standard output is closed; name a file with --output"),
        (["check", "--output", "{out}", "examples"], 1, ""),
        (["preview", "--output", "{out}", "examples"], 1, "left out"),
    ],
)
def test_a_closed_standard_output_gives_an_exit_code_not_a_traceback(
    tmp_path: Path, arguments: list[str], expected_code: int, message: str
) -> None:
    out = tmp_path / "report.txt"
    command = [sys.executable, "-m", "vocheck", *(part.format(out=out) for part in arguments)]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=False, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), timeout=60, check=False
    )
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert result.returncode == expected_code, stderr
    assert message in stderr
    if "--output" in arguments:
        assert out.read_text(encoding="utf-8").strip()  # the report still went to the file


def test_the_progress_line_waits_half_a_second_then_redraws_and_is_erased() -> None:
    from vocheck.cli import progress as cli

    clock = iter([100.0, 100.2, 100.6, 100.65, 100.8, 100.82])
    stream = io.StringIO()
    line = cli.ProgressLine(stream, lambda: next(clock))  # started at 100.0
    line("files", 10, 500)  # 0.2 s: too early to say anything
    line("files", 20, 500)  # 0.6 s: shown
    line("files", 25, 500)  # 50 ms later: not redrawn yet
    line("files", 40, 500)  # shown
    line("whole-set checks", 0, 0)  # a new stage is shown at once
    line.erase()
    assert stream.getvalue() == (
        "\r\x1b[Kvocheck: files 20/500" "\r\x1b[Kvocheck: files 40/500" "\r\x1b[Kvocheck: whole-set checks" "\r\x1b[K"
    )


def test_no_progress_line_where_standard_error_is_not_a_terminal(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vocheck", "check", "--jobs", "2", "examples"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert b"\x1b[K" not in result.stderr and b"vocheck: files" not in result.stderr


def test_check_help_lists_the_formats_the_exit_codes_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    from vocheck.cli import main
    from vocheck.host import collect_formatters, plugin_manager

    assert main(["check", "--help"]) == 0
    text = capsys.readouterr().out
    formats = text.split("formats:\n", 1)[1].split("\n", 1)[0]
    assert set(formats.split(";")[0].replace(" (default)", "").replace(",", " ").split()) == set(
        collect_formatters(plugin_manager(local=(), local_base=None, blocked=()))
    )
    assert all(f"\n  {code}  " in text for code in (0, 1, 2))
    assert text.count("\n  vocheck check ") == 2


def test_a_directory_without_yaml_or_json_is_a_warning_not_an_error(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty" / "deeper").mkdir(parents=True)
    (tmp_path / "empty" / "notes.txt").write_text("type: Mesh\n")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "mesh.yaml").write_text("type: Mesh\nname: m\n")
    monkeypatch.chdir(tmp_path)
    result = cli("check", "empty", "full")
    assert result.code == 0
    assert result.err == "vocheck: warning: no YAML or JSON files found in empty\n"
    assert cli("check", "full").err == ""
    assert cli("check", "-q", "empty").err == ""


def test_the_console_script_never_imports_from_the_checked_directory(tmp_path: Path) -> None:
    # A pull request can add a module named like one of vocheck's dependencies.
    (tmp_path / "pluggy.py").write_text("raise SystemExit('pluggy.py from the checkout was imported')\n")
    (tmp_path / "mesh.yaml").write_text("type: Mesh\nname: m\n")
    script = Path(sys.executable).parent / "vocheck"
    if not script.exists():
        pytest.skip("the vocheck console script is not installed beside this Python")
    safe = subprocess.run([str(script), "check", "mesh.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert safe.returncode == 0, safe.stderr
    isolated = subprocess.run([sys.executable, "-P", "-m", "vocheck", "check", "mesh.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert isolated.returncode == 0, isolated.stderr
    # What the README warns about: python -m puts the current directory first on the import path.
    unsafe = subprocess.run([sys.executable, "-m", "vocheck", "check", "mesh.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert "pluggy.py from the checkout was imported" in unsafe.stderr


def test_rules_summaries_show_code_as_the_messages_do(cli: Callable[..., Result]) -> None:
    listing = cli("rules", "--isolated").out
    line = next(line for line in listing.splitlines() if line.startswith("VO401"))
    assert line.endswith("Every selector should name `kuma.io/service`, as Kuma's docs ask.")
    assert "``" not in listing
