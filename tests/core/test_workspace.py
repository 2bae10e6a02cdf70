"""The language server's model of a workspace: files checked one by one, as `vocheck check` checks them all."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from vocheck.engine.workspace import Workspace
from vocheck.lsp.session import Session
from vocheck.lsp.settings import ServerSettings, parse_settings
from vocheck.errors import ConfigError

POLICY = """\
type: VirtualOutbound
mesh: default
name: {name}
selectors:
  - match:
      kuma.io/service: web
conf:
  host: "{{{{.service}}}}.mesh"
  port: "80"
  parameters:
    - name: service
      tagKey: kuma.io/service
"""

DATAPLANE = """\
type: Dataplane
mesh: default
name: web-1
networking:
  address: 10.0.0.1
  inbound:
    - port: 8080
      tags:
        kuma.io/service: web
"""


def _session(root: Path, monkeypatch: pytest.MonkeyPatch) -> Session:
    monkeypatch.chdir(root)
    session = Session(ServerSettings(isolated=True), [str(root)])
    session.load()
    session.recheck_set()
    return session


def _found(session: Session) -> list[tuple[str, int, int, str]]:
    return sorted(
        (Path(name).name, item.line, item.column, item.code) for name in session.workspace.names for item in session.diagnostics(name)
    )


def test_the_workspace_reports_what_vocheck_check_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]) -> None:
    (tmp_path / "a.yaml").write_text(POLICY.format(name="web"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(POLICY.format(name="web").replace("port: \"80\"", "port: 80"), encoding="utf-8")
    (tmp_path / "dp.yaml").write_text(DATAPLANE, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("type: VirtualOutbound\nmesh: [\n", encoding="utf-8")
    session = _session(tmp_path, monkeypatch)
    result = cli("check", "--isolated", "--format", "json", ".")
    expected = sorted(
        (Path(item["file"]).name, item["line"], item["column"], item["code"]) for item in json.loads(result.out)["diagnostics"]
    )
    assert _found(session) == expected
    assert {code for *_, code in expected} >= {"VO001", "VO002", "VO402"}


def test_an_edit_is_checked_as_the_buffer_holds_it_and_closing_goes_back_to_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.yaml").write_text(POLICY.format(name="web"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(POLICY.format(name="other"), encoding="utf-8")
    session = _session(tmp_path, monkeypatch)
    b = str(tmp_path / "b.yaml")
    assert "VO403" not in {item.code for item in session.diagnostics(b)}
    session.opened(b, POLICY.format(name="other"))
    session.changed(b, POLICY.format(name="web"))
    assert b in session.recheck_set()
    assert "VO403" in {item.code for item in session.diagnostics(b)}
    session.closed(b)
    session.recheck_set()
    assert "VO403" not in {item.code for item in session.diagnostics(b)}


def test_a_change_whole_set_checks_do_not_read_does_not_run_them_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.yaml").write_text(POLICY.format(name="web"), encoding="utf-8")
    session = _session(tmp_path, monkeypatch)
    a = str(tmp_path / "a.yaml")
    session.opened(a, POLICY.format(name="web") + "# a comment\n")
    session.recheck_set()
    # Typing in a comment moves no value: whole-set findings stand as they are.
    session.changed(a, POLICY.format(name="web") + "# a comment, edited\n")
    assert not session.set_dirty
    session.changed(a, POLICY.format(name="web").replace("80", "81"))
    assert session.set_dirty


def test_the_shared_memo_does_not_grow_with_edits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.yaml").write_text(POLICY.format(name="web"), encoding="utf-8")
    (tmp_path / "dp.yaml").write_text(DATAPLANE, encoding="utf-8")
    session = _session(tmp_path, monkeypatch)
    a = str(tmp_path / "a.yaml")
    session.opened(a, POLICY.format(name="web"))
    sizes = []
    for number in range(30):
        session.changed(a, POLICY.format(name=f"web-{number}"))
        session.recheck_set()
        sizes.append(len(session.plan.context._memo))
    assert sizes[-1] == sizes[5]


def test_a_workspace_reads_nothing_it_is_not_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    session = Session(ServerSettings(isolated=True), [])
    session.load()
    assert isinstance(session.workspace, Workspace) and session.workspace.names == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "must be an object"),
        ({"runs": "onSave"}, "unknown key 'runs'"),
        ({"run": "sometimes"}, 'run must be "onType" or "onSave"'),
        ({"debounceMs": True}, "debounceMs must be a int"),
        ({"vars": {"a": 1}}, "vars must map names to strings"),
    ],
)
def test_bad_initialization_options_say_what_is_wrong(options: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_settings(options)


def test_initialization_options_may_sit_under_the_servers_name() -> None:
    settings = parse_settings({"vocheck": {"run": "onSave", "docsUrl": "https://example.com/{code}"}})
    assert settings.on_save and settings.docs_link("VO101") == "https://example.com/VO101"


def test_a_broken_config_is_said_and_the_defaults_apply(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".vocheck.toml").write_text('select = ["VO9999"]\n', encoding="utf-8")
    (tmp_path / "a.yaml").write_text(POLICY.format(name="web"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    session = Session(ServerSettings(), [str(tmp_path)])
    session.load()
    session.recheck_set()
    assert session.problem is not None and "VO9999" in session.problem
    assert session.diagnostics(str(tmp_path / "a.yaml"))


def test_folders_added_and_removed_join_and_leave_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "a.yaml").write_text(POLICY.format(name="web"), encoding="utf-8")
    (tmp_path / "two" / "b.yaml").write_text(POLICY.format(name="web"), encoding="utf-8")
    session = _session(tmp_path / "one", monkeypatch)
    b = str(tmp_path / "two" / "b.yaml")
    session.add_root(str(tmp_path / "two"))
    session.recheck_set()
    assert "VO403" in {item.code for item in session.diagnostics(b)}
    session.remove_root(str(tmp_path / "two"))
    session.recheck_set()
    assert b not in session.workspace and session.workspace.names == [str(tmp_path / "one" / "a.yaml")]


@pytest.mark.parametrize(
    ("files", "settings", "said"),
    [
        ({"crash.py": "raise RuntimeError('broken at import')\n", ".vocheck.toml": 'plugins = ["crash.py"]\n'}, {}, "broken at import"),
        ({}, {"baseline": "missing.json"}, "missing.json"),
    ],
)
def test_a_plugin_or_baseline_that_cannot_be_loaded_is_said_and_the_defaults_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], settings: dict[str, str], said: str
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(POLICY.format(name="web").replace("selectors:", "selectorz:"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    session = Session(parse_settings(settings), [str(tmp_path)])
    session.load()
    assert session.problem is not None and said in session.problem
    assert "VO101" in {item.code for item in session.diagnostics(str(tmp_path / "a.yaml"))}
