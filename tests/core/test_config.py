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
    assert (config.fail_on, config.kuma_version, config.dns_domain, config.dns_cidr) == (
        Severity.ERROR, (2, 14), "mesh", "240.0.0.0/4",
    )
    assert (config.service_vips, config.service_vip_port, config.zone) == (True, 80, "")


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"fail-on": "sometimes"}, "fail-on"),
        ({"select": "VO1"}, "select"),
        ({"severity": {"VO101": "fatal"}}, "severity"),
        ({"kuma-version": "latest"}, "kuma-version"),
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
    (tmp_path / "pyproject.toml").write_text('[tool.vocheck]\ndns-domain = "outer"\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert Configs(None, False, {}).for_path(inner / "a.yaml").dns_domain == "outer"


def test_each_file_gets_its_nearest_config(tmp_path: Path, cli: Callable[..., Result]) -> None:
    quiet = tmp_path / "legacy"
    quiet.mkdir()
    (quiet / ".vocheck.toml").write_text('ignore = ["VO101"]\n')
    (quiet / "a.yaml").write_text(TYPO.replace("name: m", "name: a"))
    (tmp_path / "b.yaml").write_text(TYPO)
    result = cli("check", str(tmp_path))
    assert "b.yaml:3:1: warning VO101" in result.out
    assert "a.yaml" not in result.out


def test_command_line_wins_over_the_config(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / ".vocheck.toml").write_text('fail-on = "never"\n')
    (tmp_path / "a.yaml").write_text(TYPO)
    assert cli("check", str(tmp_path)).code == 0
    assert cli("check", "--fail-on", "warning", str(tmp_path)).code == 1


def test_explicit_config_and_isolated(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / ".vocheck.toml").write_text('fail-on = "warning"\n')
    other = tmp_path / "other.toml"
    other.write_text('fail-on = "never"\n')
    (tmp_path / "a.yaml").write_text(TYPO)
    assert cli("check", str(tmp_path)).code == 1
    assert cli("check", "--config", str(other), str(tmp_path)).code == 0
    assert cli("check", "--isolated", "--config", str(other), str(tmp_path)).code == 0
    assert cli("check", "--isolated", str(tmp_path)).code == 0


def test_a_bad_config_exits_2_and_names_the_key(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / ".vocheck.toml").write_text('fail-on = "sometimes"\n')
    (tmp_path / "a.yaml").write_text(TYPO)
    result = cli("check", str(tmp_path))
    assert result.code == 2
    assert 'key "fail-on": "sometimes" is not one of "error", "warning", "info", "never"' in result.err
    assert ".vocheck.toml" in result.err


def test_severity_override_and_per_file_ignores(tmp_path: Path, cli: Callable[..., Result]) -> None:
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
    assert config.kuma_version == (2, 9) and config.select == ("VO",)
