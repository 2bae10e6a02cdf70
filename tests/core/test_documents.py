"""Every value keeps its position: multi-document files, Lists, flow style, stdin."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from vocheck.load.documents import read_documents
from vocheck.load.limits import Limits
from vocheck.load.recognition import resources_of

MULTI = """\
type: Mesh
name: default
---
# a comment
type: VirtualOutbound
mesh: default
name: first
selectors:
  - match:
      kuma.io/service: "*"
conf:
  host: "{{.service}}.mesh"
  port: "80"
  parameters:
    - name: service
      tagkey: kuma.io/service
---
type: VirtualOutbound
mesh: default
name: second
selector: []
"""


def _positions(result: Result) -> list[tuple[str, int, int, str | None]]:
    report = json.loads(result.out)
    return [(item["code"], item["line"], item["column"], item["path"]) for item in report["diagnostics"]]


def test_positions_in_a_multi_document_file(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "policies.yaml"
    path.write_text(MULTI)
    result = cli("check", "--format", "json", "--select", "VO101", str(path))
    assert _positions(result) == [
        ("VO101", 16, 7, "conf.parameters[0].tagkey"),
        ("VO101", 21, 1, "selector"),
    ]
    report = json.loads(result.out)
    assert [item["resource"]["document"] for item in report["diagnostics"]] == [1, 2]
    assert report["summary"]["documents"] == 3 and report["summary"]["resources"] == 3


LIST = """\
apiVersion: v1
kind: List
items:
  - apiVersion: kuma.io/v1alpha1
    kind: VirtualOutbound
    mesh: default
    metadata: {name: a}
    spec:
      selectors: [{match: {kuma.io/service: "*"}}]
      conf: {host: "{{.s}}.mesh", port: "80", parameters: [{name: s, tagKey: kuma.io/service}]}
  - apiVersion: kuma.io/v1alpha1
    kind: VirtualOutboundList
    items:
      - apiVersion: kuma.io/v1alpha1
        kind: VirtualOutbound
        mesh: default
        metadata: {name: b}
        spec:
          conf: {host: "x.mesh", port: 80, parmeters: []}
"""


def test_positions_of_list_items_and_flow_style(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "list.yaml"
    path.write_text(LIST)
    result = cli("check", "--format", "json", "--select", "VO101,VO002", str(path))
    assert _positions(result) == [
        ("VO002", 19, 40, "spec.conf.port"),
        ("VO101", 19, 44, "spec.conf.parmeters"),
    ]
    names = {item["resource"]["name"] for item in json.loads(result.out)["diagnostics"]}
    assert names == {"b"}


def test_stdin_gives_the_file_mode_diagnostics_under_its_name(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    path = tmp_path / "policies.yaml"
    path.write_text(MULTI)
    from_file = cli("check", "--format", "json", str(path))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MULTI.encode())))
    from_stdin = cli("check", "--format", "json", "-", "--stdin-filename", str(path))
    assert from_stdin.out == from_file.out
    assert from_stdin.code == from_file.code


def test_a_syntax_error_does_not_hide_the_other_documents(tmp_path: Path, cli: Callable[..., Result]) -> None:
    broken = MULTI.replace('  port: "80"\n', '  port: "80\n', 1)
    (tmp_path / "a.yaml").write_text(broken)
    (tmp_path / "b.yaml").write_text("type: Mesh\nname: m\nbogus: 1\n")
    result = cli("check", "--format", "json", "--select", "VO001,VO101", str(tmp_path))
    found = _positions(result)
    assert ("VO001", 17, 1) == found[0][:3]
    message = json.loads(result.out)["diagnostics"][0]["message"]
    assert message.endswith("(the quoted scalar starts at line 13, column 9)")
    assert ("VO101", 21, 1, "selector") in found
    assert ("VO101", 3, 1, "bogus") in found
    assert result.code == 1


def test_duplicate_keys_keep_the_last_value_and_are_reported(tmp_path: Path) -> None:
    documents, problems = read_documents("f.yaml", "a: 1\nb: {c: 2}\na: 3\n")
    assert problems == []
    assert documents[0].data == {"b": {"c": 2}, "a": 3}
    (duplicate,) = documents[0].duplicates
    assert (duplicate.first.line, duplicate.second.line) == (1, 3)
    assert documents[0].span(("a",)).line == 3


def test_tags_never_construct_python_objects() -> None:
    text = "a: !!python/object/apply:os.system [echo pwned]\nb: !!python/name:os.system ''\nc: !custom 5\n"
    documents, problems = read_documents("f.yaml", text)
    assert problems == []
    assert documents[0].data == {"a": ["echo pwned"], "b": "", "c": "5"}


def test_merge_keys_and_anchors() -> None:
    text = "base: &b {x: 1, z: 2}\nuse:\n  <<: *b\n  z: 3\n  y: 4\n"
    documents, _ = read_documents("f.yaml", text)
    # An unquoted y is a boolean key to go-yaml v2, so Kuma sees "true".
    assert documents[0].data["use"] == {"x": 1, "z": 3, "true": 4}


def test_alias_expansion_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 12):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 10)}]")
    documents, problems = read_documents("bomb.yaml", "\n".join(lines) + "\n", Limits(max_nodes=100_000))
    assert documents == []
    assert "expands to more than 100000 values" in problems[0].message


def test_too_many_documents_is_reported_once() -> None:
    text = "---\na: 1\n" * 5
    documents, problems = read_documents("f.yaml", text, Limits(max_documents=3))
    assert len(documents) == 3
    assert len(problems) == 1 and "more than 3 documents" in problems[0].message


def test_missing_field_points_at_the_key_that_should_hold_it() -> None:
    documents, _ = read_documents("f.yaml", "type: VirtualOutbound\nconf:\n  host: x\n")
    span = documents[0].span(("conf", "port"))
    assert (span.line, span.column) == (2, 1)


def test_kubernetes_namespaced_kinds_get_the_core_name() -> None:
    text = "apiVersion: kuma.io/v1alpha1\nkind: Dataplane\nmesh: default\nmetadata: {name: web-1, namespace: shop}\nspec: {}\n"
    documents, _ = read_documents("f.yaml", text)
    (resource,) = resources_of(documents[0])
    assert (resource.kind, resource.form, resource.name, resource.mesh) == ("Dataplane", "kubernetes", "web-1.shop", "default")


def test_a_forbidden_control_character_is_a_diagnostic() -> None:
    documents, problems = read_documents("f.yaml", "a: 1\nb: \"x\x7fy\"\n")
    assert documents == []
    (problem,) = problems
    assert (problem.span.line, problem.span.column) == (2, 6)
    assert "U+007F is not allowed" in problem.message


TAB_MESSAGE = "YAML syntax error: a tab indents this line, and YAML forbids tabs in indentation; indent with spaces"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("type: Mesh\nname: m\nmtls:\n\tenabledBackend: ca\n", 4, TAB_MESSAGE),
        ("type: Mesh\nname: m\n\tbogus: 1\n", 3, TAB_MESSAGE),
        ("type: Mesh\nname: m\nmtls:\n  \tenabledBackend: ca\n", 4, TAB_MESSAGE),
        # A tab inside a value is no indentation: libyaml's own words stay.
        ('type: Mesh\nname: "a\tb\n', 3, "YAML syntax error: found unexpected end of stream"),
    ],
)
def test_tab_indentation_says_that_yaml_forbids_tabs(text: str, line: int, message: str) -> None:
    _, (problem,) = read_documents("tab.yaml", text)
    assert problem.span.line == line and problem.message.startswith(message)
