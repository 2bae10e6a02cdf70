"""Functions added with Go's ``Funcs`` and struct data: what HostnameGenerator templates run on."""

from __future__ import annotations

import pytest

from vocheck.gotemplate import CallError, Struct, TemplateError, parse, parse_with

_DATA = Struct(
    "hostname.meshedName",
    (("Name", "backend"), ("DisplayName", "backend"), ("Namespace", ""), ("Mesh", "default"), ("Zone", "zone")),
)
_LABELS = {"app": "my-app"}


def _label(key: str) -> str:
    if key not in _LABELS:
        raise CallError(f"label {key} not found")
    return _LABELS[key]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ .Name }}.mesh", "backend.mesh"),
        ('{{ label "app" }}.mesh', "my-app.mesh"),
        ("{{ if .Namespace }}a{{ else }}b{{ end }}", "b"),
        ("{{ . }}", "{backend backend  default zone}"),
        (
            '{{ printf "%+v" . }}',
            "{Name:backend DisplayName:backend Namespace: Mesh:default Zone:zone}",
        ),
        (
            '{{ printf "%#v" . }}',
            'hostname.meshedName{Name:"backend", DisplayName:"backend", Namespace:"", Mesh:"default", Zone:"zone"}',
        ),
    ],
)
def test_renders(text: str, expected: str) -> None:
    assert parse_with(text, ["label"]).execute_with(_DATA, {"label": _label}) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{{ label "missing" }}.mesh',
            'template: :1:3: executing "" at <label "missing">: error calling label: label missing not found',
        ),
        ("{{ .Foo }}", 'template: :1:3: executing "" at <.Foo>: can\'t evaluate field Foo in type hostname.meshedName'),
        ("{{ .name }}", 'template: :1:3: executing "" at <.name>: can\'t evaluate field name in type hostname.meshedName'),
        ("{{ .Name 1 }}", 'template: :1:3: executing "" at <.Name>: Name has arguments but cannot be invoked as function'),
        ("{{ label }}", 'template: :1:3: executing "" at <label>: wrong number of args for label: want 1 got 0'),
        ("{{ label 1 }}", 'template: :1:9: executing "" at <1>: expected string; found 1'),
    ],
)
def test_exec_errors(text: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse_with(text, ["label"]).execute_with(_DATA, {"label": _label})
    assert (str(caught.value), caught.value.phase) == (message, "exec")


def test_functions_exist_only_where_added() -> None:
    with pytest.raises(TemplateError) as caught:
        parse('{{ label "app" }}')
    assert str(caught.value) == 'template: :1: function "label" not defined'
    with pytest.raises(TemplateError) as caught:
        parse_with("{{ .Name[0 }}.mesh", ["label"])
    assert str(caught.value) == "template: :1: bad character U+005B '['"


def test_anonymous_struct_type_name() -> None:
    stub = Struct.anonymous({"Name": "name", "Zone": "zone"})
    with pytest.raises(TemplateError) as caught:
        parse_with("{{ .Foo }}", ()).execute_with(stub, {})
    assert "in type struct { Name string; Zone string }" in str(caught.value)
