"""Messages name things as Go quotes them, and a missing block points at the resource that lacks it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Result

ODD_NAMES = """\
type: VirtualOutbound
name: [x]
mesh: {"": }
conf:
  host: "{{.service}}.mesh"
  port: "80"
"""

NO_CONF = """\
type: VirtualOutbound
mesh: default
name: no-conf
selectors:
  - match: {kuma.io/service: "*"}
"""


def test_preview_names_a_rejected_resource_without_python_reprs(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "odd.yaml").write_text(ODD_NAMES, encoding="utf-8")
    result = cli("preview", str(tmp_path / "odd.yaml"))
    assert (
        f'vocheck: left out VirtualOutbound "[\\"x\\"]" in mesh "{{\\"\\":null}}" ({tmp_path / "odd.yaml"}): '
        "Kuma would reject it"
    ) in result.err.splitlines()
    assert "None" not in result.err and "'" not in result.err


def test_json_names_a_non_string_name_by_its_json_text(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "odd.yaml").write_text(ODD_NAMES, encoding="utf-8")
    result = cli("check", "--format", "json", str(tmp_path / "odd.yaml"))
    resources = {json.dumps(item["resource"]) for item in json.loads(result.out)["diagnostics"]}
    assert resources == {'{"kind": "VirtualOutbound", "name": "[\\"x\\"]", "mesh": "{\\"\\":null}", "document": 0}'}


def test_a_missing_conf_points_at_the_resource_name(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "vo.yaml").write_text(NO_CONF, encoding="utf-8")
    result = cli("check", "--format", "json", "--select", "VO201", str(tmp_path / "vo.yaml"))
    (diagnostic,) = json.loads(result.out)["diagnostics"]
    assert diagnostic["message"] == "Kuma rejects this: conf: has to be defined"
    assert (diagnostic["path"], diagnostic["line"], diagnostic["column"]) == ("name", 3, 7)
    assert (diagnostic["end_line"], diagnostic["end_column"]) == (3, 14)


def test_keys_in_messages_are_go_quoted(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "vo.yaml").write_text(
        'type: VirtualOutbound\nmesh: default\nname: web\n"se\\"lectors": []\n', encoding="utf-8"
    )
    result = cli("check", "--select", "VO101", str(tmp_path / "vo.yaml"))
    assert (
        f'{tmp_path / "vo.yaml"}:4:1: warning VO101 unknown field "se\\"lectors" in VirtualOutbound; '
        'Kuma ignores it silently. Did you mean "selectors"?'
    ) in (
        result.out.splitlines()
    )
