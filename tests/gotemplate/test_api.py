"""The public API: parse/execute/TemplateError, caching, bytes, and the inspection helpers."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

import pytest

from vocheck.gotemplate import TemplateError, field_accesses, line_column, parse
from vocheck.gotemplate.nodes import ActionNode, FieldNode, IfNode, TextNode


@pytest.mark.parametrize(
    ("text", "data", "message", "phase"),
    [
        ("foo.{{mesh", {}, 'template: :1: function "mesh" not defined', "parse"),
        ("{{port", {}, 'template: :1: function "port" not defined', "parse"),
        (
            "{{.service.x}}",
            {"service": "x"},
            'template: :1:10: executing "" at <.service.x>: can\'t evaluate field x in type string',
            "exec",
        ),
        ("{{.service", {}, "template: :1: unclosed action", "parse"),
        ("{{if .x}}a", {}, "template: :1: unexpected EOF", "parse"),
        ("{{.}}.", {}, "", ""),
    ],
)
def test_kuma_messages(text: str, data: dict[str, str], message: str, phase: str) -> None:
    if not message:
        assert parse(text).execute(data) == "map[]."
        return
    with pytest.raises(TemplateError) as caught:
        parse(text).execute(data)
    assert (str(caught.value), caught.value.phase) == (message, phase)


@pytest.mark.parametrize(
    ("text", "data", "expected"),
    [
        ("{{.service}}.{{.version}}.mesh", {"service": "backend", "version": "v1"}, "backend.v1.mesh"),
        ("{{.version}}.mesh", {}, "<no value>.mesh"),
        ("{{.Service}}", {"service": "x"}, "<no value>"),
        ("{{if .port}}{{.port}}{{else}}8080{{end}}", {}, "8080"),
        ("{{ .service | printf \"%s-x\" }}", {"service": "a"}, "a-x"),
        ("", {}, ""),
    ],
)
def test_renders_like_kuma(text: str, data: dict[str, str], expected: str) -> None:
    assert parse(text).execute(data) == expected


def test_parse_is_cached_and_immutable() -> None:
    template = parse("{{.a}}-{{.b}}")
    assert parse("{{.a}}-{{.b}}") is template
    with pytest.raises(dataclasses.FrozenInstanceError):
        template.text = "other"  # type: ignore[misc]


def test_parse_failures_are_cached_but_raised_afresh() -> None:
    errors = []
    for _ in range(2):
        with pytest.raises(TemplateError) as caught:
            parse("{{lower .service}}")
        errors.append(caught.value)
    assert errors[0] is not errors[1]
    assert str(errors[0]) == str(errors[1]) == 'template: :1: function "lower" not defined'


def test_templates_are_reentrant() -> None:
    template = parse("{{range $k, $v := .}}{{$k}}={{$v}};{{end}}")
    data = [{"k": str(number)} for number in range(50)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        outputs = list(pool.map(template.execute, data))
    assert outputs == [f"k={number};" for number in range(50)]


def test_invalid_utf8_output_round_trips_to_go_bytes() -> None:
    template = parse('{{slice "é" 0 1}}|{{.a}}')
    assert template.execute_bytes({"a": "ü"}) == b"\xc3|\xc3\xbc"
    assert template.execute({"a": "ü"}).encode("utf-8", "surrogateescape") == b"\xc3|\xc3\xbc"


def test_error_is_a_plain_exception_with_phase() -> None:
    error = TemplateError("template: :1: x", "parse")
    assert isinstance(error, Exception)
    assert (str(error), error.phase, error.limit) == ("template: :1: x", "parse", None)


def test_tree_exposes_nodes_with_go_positions() -> None:
    template = parse("a{{if .port}}{{.port}}{{end}}")
    text, branch = template.root.nodes
    assert isinstance(text, TextNode) and text.pos == 0
    assert isinstance(branch, IfNode) and branch.pos == 6
    action = branch.list.nodes[0]
    assert isinstance(action, ActionNode)
    field = action.pipe.cmds[0].args[0]
    assert isinstance(field, FieldNode) and (field.ident, field.pos, str(field)) == (("port",), 15, ".port")


def test_field_accesses_tell_printed_from_conditions() -> None:
    text = 'é{{if .port}}{{.port}}{{else}}8080{{end}}{{with $.zone}}{{.}}{{end}}{{$v := .keep}}{{.a.b}}'
    found = [(access.key, access.context, access.printed) for access in field_accesses(parse(text))]
    assert found == [
        ("port", "if", False),
        ("port", "action", True),
        ("zone", "with", False),
        ("keep", "action", False),
        ("a", "action", True),
    ]


def test_field_access_spans_are_byte_offsets() -> None:
    text = "é{{$.a.b}} {{.x.y}} {{.z}}"
    source = text.encode()
    spans = [source[access.start : access.end] for access in field_accesses(parse(text))]
    assert spans == [b"$.a.b", b".x.y", b".z"]


def test_field_accesses_cover_definitions() -> None:
    accesses = field_accesses(parse('{{define "t"}}{{.inner}}{{end}}{{template "t" .outer}}'))
    assert [(access.key, access.definition, access.context) for access in accesses] == [
        ("inner", "t", "action"),
        ("outer", "", "template"),
    ]


@pytest.mark.parametrize(("pos", "expected"), [(0, (1, 0)), (3, (1, 3)), (5, (2, 0)), (8, (2, 3))])
def test_line_column_matches_go(pos: int, expected: tuple[int, int]) -> None:
    assert line_column("éab\nxyz", pos) == expected


@pytest.mark.parametrize(
    "text",
    ["{{.service}}.{{.version}}.mesh", "plain", "", "{{.missing}}-{{.empty}}", "{{- .service -}} x {{.uni}}"],
)
def test_fast_path_agrees_with_the_executor(text: str) -> None:
    template = parse(text)
    assert template.flat is not None
    general = dataclasses.replace(template, flat=None)
    data = {"service": "backend", "version": "v1", "empty": "", "uni": "é😀"}
    assert template.execute(data) == general.execute(data)


def test_the_submodules_stay_attributes_of_the_package() -> None:
    """The executor and parser load on first use; ``vocheck.gotemplate.exec`` and the rest still answer."""
    import vocheck.gotemplate as package

    assert package.exec.MAX_STEPS == package.MAX_STEPS
    assert package.parser.parse_definitions("{{if .a}}x{{end}}")[""] is not None
    assert package.values.GoStruct is package.GoStruct
