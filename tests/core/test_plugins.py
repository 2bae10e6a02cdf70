"""Plugins: entry points, local plugins, blocking, and failures that name the plugin."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

POLICY = "type: Mesh\nname: m\n"

GOOD_PLUGIN = '''
"""A house rule used by the tests."""
from vocheck import Finding, Severity, check, hookimpl


@check("HR101", "mesh-name-prefix", Severity.WARNING, kinds=("Mesh",))
def mesh_name_prefix(resource, context):
    """Mesh names start with "corp-".

    ## Why is this bad?
    Our dashboards group meshes by that prefix.

    ## Example
    ```yaml
    name: m
    ```
    Use instead:
    ```yaml
    name: corp-m
    ```
    """
    if not resource.name.startswith("corp-"):
        yield Finding(f"mesh {resource.name!r} does not start with corp-", resource.field("name"))


@hookimpl
def vocheck_checks():
    return [mesh_name_prefix]
'''

CRASHING_PLUGIN = '''
from vocheck import check, hookimpl


@check("HR201", "always-crashes", kinds=("Mesh",))
def always_crashes(resource, context):
    """Crashes.

    ## Why is this bad?
    It is a test.

    ## Example
    Use instead: nothing.
    """
    raise KeyError("conf")
    yield


@hookimpl
def vocheck_checks():
    return [always_crashes]
'''


def _install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, source: str, name: str) -> None:
    """Make an installed distribution with a ``vocheck`` entry point, as pip would."""
    site = tmp_path / "site"
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[vocheck]\n{name} = {module}\n")
    (site / f"{module}.py").write_text(textwrap.dedent(source))
    monkeypatch.syspath_prepend(str(site))


def test_an_installed_plugin_is_loaded_listed_and_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    _install(tmp_path, monkeypatch, "house_rules", GOOD_PLUGIN, "house-rules")
    (tmp_path / "m.yaml").write_text(POLICY)
    rules = cli("rules").out
    assert "HR101  mesh-name-prefix" in rules and "house-rules" in rules
    assert cli("explain", "HR101").out.startswith("HR101 mesh-name-prefix")
    result = cli("check", str(tmp_path / "m.yaml"))
    assert "m.yaml:2:7: warning HR101 mesh 'm' does not start with corp-" in result.out


def test_a_plugin_that_fails_to_import_stops_the_run_unless_blocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    _install(tmp_path, monkeypatch, "broken_rules", "import does_not_exist\n", "broken")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.yaml").write_text(POLICY)
    result = cli("check", str(tmp_path / "m.yaml"))
    assert result.code == 2
    assert 'cannot load plugin "broken" (broken_rules)' in result.err
    assert "does_not_exist" in result.err
    (tmp_path / ".vocheck.toml").write_text('blocked-plugins = ["broken"]\n')
    assert cli("check", str(tmp_path / "m.yaml")).code == 0


def test_a_crashing_check_becomes_one_diagnostic_and_the_others_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    _install(tmp_path, monkeypatch, "crashing_rules", CRASHING_PLUGIN, "crashing")
    (tmp_path / "m.yaml").write_text(POLICY + "bogus: 1\n")
    result = cli("check", str(tmp_path / "m.yaml"))
    lines = result.out.splitlines()
    assert any("VO003 check HR201 (always-crashes, plugin crashing) crashed: KeyError: 'conf'" in line for line in lines)
    assert any("VO101" in line for line in lines)
    assert result.code == 1


@pytest.mark.parametrize(
    ("yielded", "said"),
    [
        pytest.param('"just a string"', "(str 'just a string', not a vocheck.Finding)", id="a-string"),
        pytest.param('Finding("x", None)', "(its path is None, not a tuple of keys and indexes)", id="no-path"),
        pytest.param('Finding(3)', "(its message is int, not str)", id="a-number-as-message"),
    ],
)
def test_a_finding_vocheck_cannot_place_is_the_checks_vo003_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result], yielded: str, said: str
) -> None:
    plugin = CRASHING_PLUGIN.replace("from vocheck import check, hookimpl", "from vocheck import Finding, check, hookimpl")
    plugin = plugin.replace('    raise KeyError("conf")\n    yield\n', f"    yield {yielded}\n")
    module = f"malformed_rules_{abs(hash(yielded))}"  # one module per case: an imported one is cached
    _install(tmp_path, monkeypatch, module, plugin, "malformed")
    (tmp_path / "m.yaml").write_text(POLICY + "bogus: 1\n")
    result = cli("check", str(tmp_path / "m.yaml"))
    lines = result.out.splitlines()
    assert "internal error" not in result.err, result.err
    assert any(f"VO003 check HR201 (always-crashes, plugin malformed) yielded a finding vocheck cannot place {said}"
               in line for line in lines), result.out
    assert any("VO101" in line for line in lines)
    assert result.code == 1


def test_local_plugins_from_the_config_and_never_under_isolated(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # local plugins come from the run's config: the current directory's
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "house.py").write_text(textwrap.dedent(GOOD_PLUGIN))
    (tmp_path / ".vocheck.toml").write_text('plugins = ["rules/house.py"]\n')
    (tmp_path / "m.yaml").write_text(POLICY)
    assert "HR101" in cli("check", str(tmp_path / "m.yaml")).out
    assert "HR101" not in cli("check", "--isolated", str(tmp_path / "m.yaml")).out


def test_a_missing_local_plugin_names_itself(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # local plugins come from the run's config: the current directory's
    (tmp_path / ".vocheck.toml").write_text('plugins = ["rules/missing.py"]\n')
    (tmp_path / "m.yaml").write_text(POLICY)
    result = cli("check", str(tmp_path / "m.yaml"))
    assert result.code == 2 and "\"rules/missing.py\"" in result.err


def test_two_checks_with_one_code_are_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    clash = GOOD_PLUGIN.replace("HR101", "VO101")
    _install(tmp_path, monkeypatch, "clash_rules", clash, "clash")
    result = cli("check", str(tmp_path))
    assert result.code == 2
    assert 'VO101 is defined by both "vocheck_builtin.structure" and "clash"' in result.err


def test_a_misspelt_hook_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]) -> None:
    misspelt = "from vocheck import hookimpl\n\n@hookimpl\ndef vocheck_check():\n    return []\n"
    _install(tmp_path, monkeypatch, "misspelt_rules", misspelt, "misspelt")
    result = cli("check", str(tmp_path))
    assert result.code == 2 and "misspelt" in result.err
