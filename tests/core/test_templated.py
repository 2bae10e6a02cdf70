"""Templated files, as Kuma's docs and demos write them: checked with and without --var, in place."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

# The Dataplane a kuma-dp user keeps next to the binary: kuma-dp run --dataplane-file
# backend.yaml --dataplane-var name=backend-1 --dataplane-var address=10.0.0.7 --dataplane-var port=8080
KUMA_DP = """\
type: Dataplane
mesh: default
name: {{ name }}
networking:
  address: {{ address }}
  inbound:
    - port: {{ port }}
      servicePort: 8080
      tags:
        kuma.io/service: backend
        kuma.io/protocol: http
  outbound:
    - port: 33033
      tags:
        kuma.io/service: redis
"""

# Several Dataplanes applied at once: kumactl apply -f web.yaml -v address=10.0.0.9
KUMACTL = """\
type: Dataplane
mesh: default
name: web-1
networking:
  address: "{{ address }}"
  inbound:
    - port: 80
      tags:
        kuma.io/service: web
---
type: Dataplane
mesh: default
name: web-2
networking:
  address: "{{ address }}"
  inbound:
    - port: 81
      tags:
        kuma.io/service: web
"""


def _found(result: Result) -> list[tuple[str, int, int, int, int]]:
    report = json.loads(result.out)
    return [
        (item["code"], item["line"], item["column"], item["end_line"], item["end_column"]) for item in report["diagnostics"]
    ]


def _check(cli: Callable[..., Result], path: Path, *options: str) -> Result:
    return cli("check", "--format", "json", "--ignore", "VO402", *options, str(path))


def test_without_values_each_placeholder_is_one_note_and_nothing_else(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    path = tmp_path / "backend.yaml"
    path.write_text(KUMA_DP)
    result = _check(cli, path)
    assert _found(result) == [
        ("VO007", 3, 7, 3, 17),
        ("VO007", 5, 12, 5, 25),
        ("VO007", 7, 13, 7, 23),
    ]
    report = json.loads(result.out)
    first = report["diagnostics"][0]
    assert first["severity"] == "info" and first["name"] == "template-placeholder"
    assert first["message"] == (
        'placeholder "{{ name }}" has no value: Kuma fills it in when it renders the file '
        "(kumactl apply -v name=VALUE, kuma-dp run --dataplane-var name=VALUE); "
        "vocheck checks the rest, and --var name=VALUE checks this value too"
    )
    assert report["summary"]["resources"] == 1 and result.code == 0


def test_the_rest_of_a_templated_document_is_still_checked(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "backend.yaml"
    path.write_text(KUMA_DP.replace("      servicePort: 8080\n", "      servicePort: 8080\n      serviceport: 8080\n"))
    found = _found(_check(cli, path, "--select", "VO1"))
    assert found == [("VO101", 9, 7, 9, 18)]


def test_with_values_the_file_is_checked_as_kuma_reads_it(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "backend.yaml"
    path.write_text(KUMA_DP)
    good = _check(cli, path, "--var", "name=backend-1", "--var", "address=10.0.0.7", "--var", "port=8080")
    assert _found(good) == [] and good.code == 0
    bad = _check(cli, path, "--var", "name=Backend_1", "--var", "address=10.0.0.7", "--var", "port=8080")
    (diagnostic,) = json.loads(bad.out)["diagnostics"]
    # The finding is about the rendered value and points at the placeholder that produced it.
    assert (diagnostic["code"], diagnostic["line"], diagnostic["column"], diagnostic["end_column"]) == ("VO202", 3, 7, 17)
    assert bad.code == 1


def test_a_value_of_the_wrong_type_is_refused_at_the_placeholder(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "backend.yaml"
    path.write_text(KUMA_DP)
    result = _check(cli, path, "--var", "name=backend-1", "--var", "address=10.0.0.7", "--var", "port=http")
    assert _found(result) == [("VO002", 7, 13, 7, 23)]


def test_a_value_kuma_html_escapes_is_checked_escaped(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "web.yaml"
    path.write_text(KUMACTL)
    result = _check(cli, path, "--select", "VO203", "--var", "address=web&api.internal")
    messages = [item["message"] for item in json.loads(result.out)["diagnostics"]]
    assert len(messages) == 2 and all("address has to be valid IP address or domain name" in text for text in messages)
    assert [(line, column) for _, line, column, *_ in _found(result)] == [(5, 12), (15, 12)]


def test_every_document_of_a_file_gets_its_placeholders_rendered(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "web.yaml"
    path.write_text(KUMACTL)
    assert _found(_check(cli, path)) == [("VO007", 5, 13, 5, 26), ("VO007", 15, 13, 15, 26)]
    assert _found(_check(cli, path, "--var", "address=10.0.0.9")) == []


def test_columns_after_a_placeholder_on_the_same_line_stay_right(tmp_path: Path, cli: Callable[..., Result]) -> None:
    text = KUMA_DP.replace(
        "    - port: {{ port }}\n      servicePort: 8080\n      tags:\n        kuma.io/service: backend\n        kuma.io/protocol: http\n",
        "    - {port: {{ port }}, servicePort: eighty, tags: {kuma.io/service: backend}}\n",
    )
    path = tmp_path / "flow.yaml"
    path.write_text(text)
    column = text.split("\n")[6].index("eighty") + 1
    for options in ((), ("--var", "port=8080", "--var", "name=b", "--var", "address=10.0.0.7")):
        found = [item for item in _found(_check(cli, path, "--select", "VO002", *options)) if item[0] == "VO002"]
        assert found == [("VO002", 7, column, 7, column + 6)]


def test_a_whole_templated_resource_becomes_checkable_with_values(tmp_path: Path, cli: Callable[..., Result]) -> None:
    # The kind itself can be a placeholder: kumactl apply -f mesh.yaml -v name=meshinit -v type=Mesh
    path = tmp_path / "mesh.yaml"
    path.write_text("name: {{name}}\ntype: {{type}}\nmtls:\n  enabledBackend: ca-1\n  backends:\n    - name: ca-1\n      type: builtin\n")
    without = json.loads(_check(cli, path).out)
    assert without["diagnostics"] == [] and without["summary"]["skipped"] == 1
    rendered = json.loads(_check(cli, path, "--var", "name=meshinit", "--var", "type=Mesh").out)
    assert rendered["diagnostics"] == [] and rendered["summary"]["resources"] == 1


def test_go_templates_of_a_virtual_outbound_are_never_rendered(tmp_path: Path, cli: Callable[..., Result]) -> None:
    text = """\
type: VirtualOutbound
mesh: default
name: {{ name }}
selectors:
  - match:
      kuma.io/service: "*"
conf:
  host: "{{ service }}.{{.version}}.mesh"
  port: "80"
  parameters:
    - name: service
      tagKey: kuma.io/service
    - name: version
"""
    path = tmp_path / "vo.yaml"
    path.write_text(text)
    for options in ((), ("--var", "name=versioned", "--var", "service=web")):
        found = _found(_check(cli, path, *options))
        # "{{ service }}" inside conf.host is a Go template action Kuma's validator refuses, not a placeholder.
        assert ("VO201", 8, 9, 8, 42) in found
        assert [item for item in found if item[0] == "VO007"] == ([("VO007", 3, 7, 3, 17)] if not options else [])


def test_other_files_with_braces_are_left_alone(tmp_path: Path, cli: Callable[..., Result]) -> None:
    workflow = tmp_path / ".github" / "workflows"
    workflow.mkdir(parents=True)
    (tmp_path / "ci.yaml").write_text("name: CI\non: push\nenv:\n  token: ${{ github.token }}\n  sha: ${{ github.sha }}\n")
    (tmp_path / "values.yaml").write_text("image: {{ .Values.image }}\nname: {{ name }}\n")
    result = cli("check", "--format", "json", str(tmp_path))
    report = json.loads(result.out)
    assert report["diagnostics"] == [] and report["summary"]["skipped"] == 2


def test_text_output_names_the_placeholder(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "backend.yaml"
    path.write_text(KUMA_DP)
    result = cli("check", "--var", "name=backend-1", "--var", "port=8080", str(path))
    assert result.out.split("\n")[0].startswith(f'{path}:5:12: info VO007 placeholder "{{{{ address }}}}" has no value')
    assert "with other variables set but not this one, Kuma renders it as an empty string" in result.out


def test_values_come_from_the_config_and_the_command_line_wins(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # vars are run-wide: they come from the current directory's config
    (tmp_path / ".vocheck.toml").write_text('[vars]\nname = "Backend_1"\naddress = "10.0.0.7"\nport = "8080"\n')
    path = tmp_path / "backend.yaml"
    path.write_text(KUMA_DP)
    assert [item[0] for item in _found(_check(cli, path))] == ["VO202"]
    assert _found(_check(cli, path, "--var", "name=backend-1")) == []


@pytest.mark.parametrize(
    ("config", "options", "message"),
    [
        ('vars = {port = 8080}\n', (), 'key "vars": expected a table of names and strings'),
        ('[vars]\n"a.b" = "x"\n"a.c" = "y"\n', (), 'both start with "a": Kuma keeps only one of them'),
        ("", ("--var", "port"), '--var: "port" is not NAME=VALUE'),
        ("", ("--var", "a=1,b=2,port"), '--var: "port" is not NAME=VALUE'),
        ("", ("--var", "a=1", "--var", "a.b=2"), '--var: variables "a" and "a.b" both start with "a"'),
    ],
)
def test_bad_values_stop_the_run(
    config: str, options: tuple[str, ...], message: str, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    (tmp_path / ".vocheck.toml").write_text(config)
    path = tmp_path / "backend.yaml"
    path.write_text(KUMA_DP)
    result = cli("check", *options, str(path))
    assert result.code == 2 and message in result.err


@pytest.mark.parametrize(
    "options",
    [
        ("--var", "name=backend-1,address=10.0.0.7,port=8080"),
        ("--var", '"name=backend-1"', "--var", "address=10.0.0.7,port=8080"),
        ("--var", 'name=backend-1,address=10.0.0.7,"port=8080"'),
    ],
)
def test_values_are_read_as_kumactl_reads_them(options: tuple[str, ...], tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "backend.yaml"
    path.write_text(KUMA_DP)
    result = _check(cli, path, *options)
    assert _found(result) == [] and result.code == 0


def test_a_value_with_a_comma_is_one_value(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "web.yaml"
    path.write_text(KUMACTL)
    result = _check(cli, path, "--select", "VO203", "--var", "address=10.0.0.9,10.0.0.10")
    assert [item[1] for item in _found(result)] == [5, 15]  # one address "10.0.0.9,10.0.0.10", which Kuma refuses


def test_preview_names_placeholders_without_failing(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "backend.yaml"
    path.write_text(KUMA_DP)
    result = cli("preview", str(path))
    assert result.code == 0 and "backend" in result.out
    assert result.err.count("has no value") == 3
    rendered = cli("preview", "--var", "name=backend-1", "--var", "address=10.0.0.7", "--var", "port=8080", str(path))
    assert rendered.code == 0 and rendered.err == "" and rendered.out == result.out


def test_shared_among_processes_the_result_is_the_same(tmp_path: Path, cli: Callable[..., Result]) -> None:
    for index in range(4):
        (tmp_path / f"backend-{index}.yaml").write_text(KUMA_DP)
        (tmp_path / f"web-{index}.yaml").write_text(KUMACTL)
    for options in ((), ("--var", "name=Backend_1,address=10.0.0.7,port=8080")):
        alone = cli("check", "--format", "json", "--jobs", "1", *options, str(tmp_path))
        shared = cli("check", "--format", "json", "--jobs", "2", *options, str(tmp_path))
        assert alone.out == shared.out and json.loads(alone.out)["diagnostics"]


def test_a_templated_type_is_not_an_unknown_type(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "typed.yaml"
    path.write_text("type: {{ type }}\nname: web\nmesh: default\n")
    assert _found(_check(cli, path)) == [("VO007", 1, 7, 1, 17)]
    rendered = _check(cli, path, "--var", "type=Dataplan")
    assert [(item["code"], item["kuma"]) for item in json.loads(rendered.out)["diagnostics"]] == [
        ("VO006", {"field": "", "message": 'invalid resource type "Dataplan"'})
    ]
