"""`vocheck migrate` on inputs a new user gets wrong: a mistyped path, a file that does not parse,
an output directory that holds the inputs. Each says so; none passes as "nothing to migrate"."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

CASES = Path(__file__).parent / "cases"

POLICY = """\
type: VirtualOutbound
mesh: default
name: by-service
selectors:
  - match:
      kuma.io/service: "*"
conf:
  host: "{{.service}}.mesh"
  port: "80"
  parameters:
    - name: service
      tagKey: kuma.io/service
"""
BROKEN = "type: VirtualOutbound\nmesh: default\nname: broken\nconf: [\n"

# (what the user ran, files in the tree, the arguments, the exit code, what the report or stderr says)
UNREAD = [
    pytest.param(
        {"policies.yaml": POLICY}, ["missing"], 1,
        "left out missing:1:1: no such file or directory (not read, so nothing there is migrated)",
        id="mistyped-path",
    ),
    pytest.param(
        {"policies.yaml": POLICY, "broken.yaml": BROKEN}, ["."], 1,
        "left out broken.yaml:5:1: YAML syntax error: did not find expected node content while parsing a flow node"
        " (not read, so nothing there is migrated)",
        id="yaml-syntax-error",
    ),
    pytest.param(
        {"policies.yaml": POLICY, "bin.yaml": "type: VirtualOutbound\x00"}, ["."], 1,
        "left out bin.yaml:1:1: binary file (it contains NUL bytes); not checked (not read, so nothing there is migrated)",
        id="binary-file",
    ),
]


@pytest.mark.parametrize(("files", "arguments", "code", "said"), UNREAD)
def test_an_input_it_cannot_read_is_named_and_fails_the_run(
    files: dict[str, str], arguments: list[str], code: int, said: str,
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    result = cli("migrate", "--isolated", *arguments)
    assert result.code == code, result.out + result.err
    assert said in result.out.splitlines()
    assert "Traceback" not in result.err


def test_an_unread_input_is_in_the_json_left_out(cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "broken.yaml").write_text(BROKEN)
    monkeypatch.chdir(tmp_path)
    result = cli("migrate", "--isolated", "--format", "json", "--fail-on", "never", ".")
    assert result.code == 1
    assert json.loads(result.out)["left_out"] == [
        "broken.yaml:5:1: YAML syntax error: did not find expected node content while parsing a flow node"
        " (not read, so nothing there is migrated)"
    ]


@pytest.mark.parametrize(
    ("output_dir", "paths", "named"),
    [
        pytest.param(".", ["."], ".", id="the-input-directory"),
        pytest.param(".", ["tree"], "tree", id="a-directory-above-the-input"),
        pytest.param("tree", ["tree/policies.yaml"], "tree/policies.yaml", id="an-input-file-inside"),
    ],
)
def test_an_output_dir_that_holds_an_input_is_a_usage_error(
    output_dir: str, paths: list[str], named: str,
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Migrate never reads its output directory: one that holds the inputs would migrate nothing."""
    (tmp_path / "tree").mkdir()
    for source in (CASES / "exact-universal-service" / "input").iterdir():
        (tmp_path / "tree" / source.name).write_text(source.read_text())
    monkeypatch.chdir(tmp_path)
    before = sorted(str(path) for path in tmp_path.rglob("*"))
    result = cli("migrate", "--isolated", "--output-dir", output_dir, *paths)
    assert result.code == 2
    assert result.err == (
        f"vocheck: error: --output-dir {output_dir} holds the input {named}, and migrate never reads its output"
        " directory; write the resources outside the inputs\n"
    )
    assert sorted(str(path) for path in tmp_path.rglob("*")) == before


def test_one_file_and_one_policy_are_counted_in_the_singular(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(CASES / "approximate-subset-universal")
    result = cli("migrate", "--isolated", "--output-dir", str(tmp_path), "input")
    assert "2. Apply the generated resources (1 file: HostnameGenerators and the services they name)" in result.out
    assert "\n1 policy: 0 exact, 1 approximate, 0 impossible\n" in result.out


def test_the_markdown_report_lists_what_it_left_out(cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pull-request comment must not hide a policy Kuma rejects or a file that does not parse."""
    (tmp_path / "policies.yaml").write_text(POLICY.replace('name: by-service', 'name: no-selector').split("selectors:")[0] + "selectors: []\nconf:" + POLICY.split("conf:")[1])
    (tmp_path / "broken.yaml").write_text(BROKEN)
    monkeypatch.chdir(tmp_path)
    result = cli("migrate", "--isolated", "--format", "markdown", ".")
    assert result.code == 1
    assert "\n### Left out\n\n- `broken.yaml:5:1: YAML syntax error: did not find expected node content" in result.out
    assert '- `VirtualOutbound "no-selector" in mesh "default" (policies.yaml): Kuma would reject it`' in result.out


@pytest.mark.parametrize(
    ("form", "text"),
    [
        pytest.param("universal", POLICY.replace('port: "80"', "port: 80"), id="universal-port-not-a-string"),
        pytest.param(
            "kubernetes",
            "apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmesh: default\nmetadata:\n  name: by-service\n"
            "spec:\n  selectors:\n    - match:\n        kuma.io/service: \"*\"\n  conf:\n    host: \"{{.service}}.mesh\"\n"
            "    port: 80\n    parameters:\n      - name: service\n        tagKey: kuma.io/service\n",
            id="kubernetes-port-not-a-string",
        ),
    ],
)
def test_a_policy_the_schema_refuses_is_left_out_by_name(
    form: str, text: str, cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """It never reaches the migration's resources; the report must still name it, in every format."""
    (tmp_path / "policies.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    checked = cli("check", "--isolated", "--select", "VO002", "policies.yaml")
    assert checked.code == 1 and "VO002" in checked.out, checked.out
    said = 'VirtualOutbound "by-service" in mesh "default" (policies.yaml): Kuma would reject it'
    text_report = cli("migrate", "--isolated", ".")
    assert f"left out {said}" in text_report.out.splitlines()
    assert json.loads(cli("migrate", "--isolated", "--format", "json", ".").out)["left_out"] == [said]
    assert f"- `{said}`" in cli("migrate", "--isolated", "--format", "markdown", ".").out
    assert text_report.code == 0  # as for a policy Kuma rejects for another reason: nothing of it to migrate
