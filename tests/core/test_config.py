"""Config files are found upward from the checked path; flags win; bad keys are named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from vocheck.config import Config, Configs, from_table, load_file
from vocheck.errors import ConfigError
from vocheck.model import Severity

TYPO = "type: Mesh\nname: m\nbogus: 1\n"


def test_defaults() -> None:
    config = Config()
    assert (config.fail_on, config.kuma.kuma_version, config.kuma.dns_domain, config.kuma.dns_cidr) == (
        Severity.ERROR, (2, 14), "mesh", "240.0.0.0/4",
    )
    assert (config.kuma.service_vips, config.kuma.service_vip_port, config.kuma.zone) == (True, 80, "")


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"fail-on": "sometimes"}, "fail-on"),
        ({"select": "VO1"}, "select"),
        ({"severity": {"VO101": "fatal"}}, "severity"),
        ({"kuma-version": "latest"}, "kuma-version"),
        ({"kuma-version": 2.10}, "kuma-version"),
        ({"kuma-version": "1.8"}, "kuma-version"),
        ({"kuma-version": "9.9"}, "kuma-version"),
        ({"kuma-version": "\u00b2.14"}, "kuma-version"),  # a superscript two: a digit to str.isdigit, not to int()
        ({"dns-cidr": "300.0.0.0/4"}, "dns-cidr"),
        ({"service-vip-port": 0}, "service-vip-port"),
        ({"service-vips": "yes"}, "service-vips"),
        ({"jobs": 0}, "jobs"),
        ({"fail_on": "error"}, "fail_on"),
    ],
)
def test_a_bad_key_is_named(table: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError, match=f'"{key}"'):
        from_table(table)


def test_vocheck_toml_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.vocheck]\nfail-on = "info"\n')
    (tmp_path / ".vocheck.toml").write_text('fail-on = "warning"\n')
    assert Configs(None, False, {}).for_path(tmp_path / "x.yaml").fail_on == Severity.WARNING


def test_pyproject_without_a_vocheck_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.vocheck]\ndns-domain = "outer"\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert Configs(None, False, {}).for_path(inner / "a.yaml").kuma.dns_domain == "outer"


@pytest.mark.parametrize(
    ("text", "dns_domain"),
    [
        ('[tool.ruff]\nline-length = "not TOML\n', "outer"),  # other tools' file: not vocheck's to parse
        ('[project]\nname = "x"\n', "outer"),
        ('[tool."voch\\u0065ck"]\ndns-domain = "escaped"\n', "escaped"),  # a key spelt with an escape
        ("[tool.'vocheck']\ndns-domain = \"literal\"\n", "literal"),
        ('tool.vocheck.dns-domain = "dotted"\n', "dotted"),
        ('tool = "vocheck"\n', "outer"),  # names vocheck, configures nothing
    ],
)
def test_a_pyproject_is_read_exactly_when_it_can_name_vocheck(tmp_path: Path, text: str, dns_domain: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.vocheck]\ndns-domain = "outer"\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text(text)
    assert Configs(None, False, {}).for_path(inner / "a.yaml").kuma.dns_domain == dns_domain


def test_a_broken_pyproject_that_names_vocheck_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.vocheck]\ndns-domain = "unclosed\n')
    with pytest.raises(ConfigError, match="cannot read config file .*pyproject.toml"):
        Configs(None, False, {}).for_path(tmp_path / "a.yaml")


def test_a_broken_pyproject_given_on_purpose_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.ruff]\nline-length = "unclosed\n')
    with pytest.raises(ConfigError, match="cannot read config file .*pyproject.toml"):
        load_file(tmp_path / "pyproject.toml")


def test_each_file_gets_its_nearest_config(tmp_path: Path, cli: Callable[..., Result]) -> None:
    quiet = tmp_path / "legacy"
    quiet.mkdir()
    (quiet / ".vocheck.toml").write_text('ignore = ["VO101"]\n')
    (quiet / "a.yaml").write_text(TYPO.replace("name: m", "name: a"))
    (tmp_path / "b.yaml").write_text(TYPO)
    result = cli("check", str(tmp_path))
    assert "b.yaml:3:1: warning VO101" in result.out
    assert "a.yaml" not in result.out


def test_command_line_wins_over_the_config(tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # run-wide keys come from the config of the current directory
    (tmp_path / ".vocheck.toml").write_text('fail-on = "never"\n')
    (tmp_path / "a.yaml").write_text(TYPO)
    assert cli("check", str(tmp_path)).code == 0
    assert cli("check", "--fail-on", "warning", str(tmp_path)).code == 1


def test_explicit_config_and_isolated(tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # run-wide keys come from the config of the current directory
    (tmp_path / ".vocheck.toml").write_text('fail-on = "warning"\n')
    other = tmp_path / "other.toml"
    other.write_text('fail-on = "never"\n')
    (tmp_path / "a.yaml").write_text(TYPO)
    assert cli("check", str(tmp_path)).code == 1
    assert cli("check", "--config", str(other), str(tmp_path)).code == 0
    assert cli("check", "--isolated", "--config", str(other), str(tmp_path)).code == 0
    assert cli("check", "--isolated", str(tmp_path)).code == 0


def test_a_bad_config_exits_2_and_names_the_key(tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # run-wide keys come from the config of the current directory
    (tmp_path / ".vocheck.toml").write_text('fail-on = "sometimes"\n')
    (tmp_path / "a.yaml").write_text(TYPO)
    result = cli("check", str(tmp_path))
    assert result.code == 2
    assert 'key "fail-on": "sometimes" is not one of "error", "warning", "info", "never"' in result.err
    assert ".vocheck.toml" in result.err


def test_an_unquoted_kuma_version_is_refused_not_read_as_another_release(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".vocheck.toml").write_text("kuma-version = 2.10\n")  # TOML: the float 2.1
    (tmp_path / "a.yaml").write_text(TYPO)
    result = cli("check", str(tmp_path))
    assert result.code == 2
    assert 'key "kuma-version": a number, not a release: quote it (TOML reads an unquoted 2.10 as the number 2.1)' in result.err


def test_severity_override_and_per_file_ignores(tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # run-wide keys come from the config of the current directory
    (tmp_path / ".vocheck.toml").write_text(
        '[severity]\nVO101 = "error"\n[per-file-ignores]\n"skip/*.yaml" = ["VO1"]\n'
    )
    (tmp_path / "skip").mkdir()
    (tmp_path / "skip" / "a.yaml").write_text(TYPO.replace("name: m", "name: a"))
    (tmp_path / "b.yaml").write_text(TYPO)
    result = cli("check", str(tmp_path))
    assert "b.yaml:3:1: error VO101" in result.out
    assert "skip/a.yaml" not in result.out
    assert result.code == 1


def test_load_file_reads_pyproject(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.vocheck]\nkuma-version = "2.9"\nselect = ["VO"]\n')
    config = load_file(path)
    assert config.kuma.kuma_version == (2, 9) and config.select == ("VO",)


def test_a_config_above_the_repository_never_applies(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A shared parent directory (a CI runner's workspace, /tmp) may hold anybody's config.
    (tmp_path / ".vocheck.toml").write_text('fail-on = "never"\nplugins = ["evil.py"]\n')
    (tmp_path / "evil.py").write_text("raise SystemExit('plugin code from outside the repository ran')\n")
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    (repository / "a.yaml").write_text(TYPO)
    monkeypatch.chdir(repository)
    result = cli("check", "--fail-on", "warning", "a.yaml")
    assert (result.code, result.err) == (1, "")
    assert Configs(None, False, {}).for_path(repository / "a.yaml").path is None


def test_outside_a_repository_the_search_stops_at_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".vocheck.toml").write_text('dns-domain = "above"\n')
    here = tmp_path / "work"
    (here / "policies").mkdir(parents=True)
    monkeypatch.chdir(here)
    assert Configs(None, False, {}).for_path(here / "policies" / "a.yaml").kuma.dns_domain == "mesh"
    (here / ".vocheck.toml").write_text('dns-domain = "here"\n')
    assert Configs(None, False, {}).for_path(here / "policies" / "a.yaml").kuma.dns_domain == "here"
    # A path outside the current directory is searched in its own directory only.
    elsewhere = tmp_path / "elsewhere" / "deep"
    elsewhere.mkdir(parents=True)
    assert Configs(None, False, {}).for_path(elsewhere / "a.yaml").kuma.dns_domain == "mesh"


def test_the_exit_code_does_not_depend_on_the_order_of_the_paths(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    strict, lax = tmp_path / "strict", tmp_path / "lax"
    for directory, fail_on in ((strict, "warning"), (lax, "never")):
        directory.mkdir()
        (directory / ".vocheck.toml").write_text(f'fail-on = "{fail_on}"\n')
        (directory / "a.yaml").write_text(TYPO.replace("name: m", f"name: {directory.name}"))
    monkeypatch.chdir(tmp_path)
    # Run-wide keys come from the current directory's config (none here: fail-on "error").
    assert cli("check", "strict", "lax").code == cli("check", "lax", "strict").code == 0
    (tmp_path / ".vocheck.toml").write_text('fail-on = "warning"\n')
    assert cli("check", "strict", "lax").code == cli("check", "lax", "strict").code == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--select", "vo101"], '--select: unknown code or prefix "vo101"; did you mean "VO101"?'),
        (["--select", "VO-101"], '--select: unknown code or prefix "VO-101"; did you mean "VO101"?'),
        (["--select", "VO101,XY9"], '--select: unknown code or prefix "XY9"; `vocheck rules` lists the codes'),
        (["--ignore", "nonsense!!"], '--ignore: unknown code or prefix "nonsense!!"; `vocheck rules` lists the codes'),
        (["--ignore", "VO2O1"], '--ignore: unknown code or prefix "VO2O1"; did you mean "VO201"?'),
    ],
)
def test_a_code_that_names_no_check_is_refused(
    tmp_path: Path, cli: Callable[..., Result], arguments: list[str], message: str
) -> None:
    (tmp_path / "a.yaml").write_text(TYPO)
    result = cli("check", "--isolated", *arguments, str(tmp_path))
    assert (result.code, result.out, result.err) == (2, "", f"vocheck: error: {message}\n")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('select = ["XX999"]', "key \"select\": unknown code or prefix \"XX999\""),
        ('ignore = ["vo1"]', "key \"ignore\": unknown code or prefix \"vo1\"; did you mean \"VO1\"?"),
        ('[severity]\nVO1 = "error"', "key \"severity\": unknown code \"VO1\""),
        ('[per-file-ignores]\n"*.yaml" = ["VO-3"]', "key \"per-file-ignores\": unknown code or prefix \"VO-3\"; did you mean \"VO3\"?"),
    ],
)
def test_a_config_code_that_names_no_check_is_refused(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, table: str, message: str
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".vocheck.toml").write_text(table + "\n")
    (tmp_path / "sub" / "a.yaml").write_text(TYPO)
    monkeypatch.chdir(tmp_path)
    result = cli("check", ".")
    assert result.code == 2 and result.out == ""
    assert f"sub/.vocheck.toml: {message}" in result.err


def test_prefixes_and_codes_of_every_check_are_accepted(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TYPO)
    assert cli("check", "--isolated", "--select", "VO,VO1,VO10,VO101", str(tmp_path)).code == 0
    assert cli("check", "--isolated", "--ignore", "VO0,VO5", str(tmp_path)).code == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[tool.vochek]\nfail-on = "never"\n', "has no [tool.vocheck] table; did you mean [tool.vocheck] instead of [tool.vochek]?"),
        ('[project]\nname = "x"\n', "has no [tool.vocheck] table"),
    ],
)
def test_a_config_given_on_purpose_must_configure_vocheck(
    tmp_path: Path, cli: Callable[..., Result], text: str, message: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(text)
    (tmp_path / "a.yaml").write_text(TYPO)
    result = cli("check", "--config", str(tmp_path / "pyproject.toml"), "--fail-on", "warning", str(tmp_path))
    assert result.code == 2 and result.err.endswith(f"pyproject.toml {message}\n")
