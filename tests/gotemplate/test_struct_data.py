"""Templates over a struct of strings and with a function the program adds, as Go's text/template runs them.

A HostnameGenerator's template reads a struct (``.Name`` ... ``.Zone``) and
may call ``label``: a field the struct lacks is an error, not ``<no value>``,
and ``label`` is a parse error unless the program defines it.
"""

from __future__ import annotations

import pytest

from vocheck.gotemplate import FunctionError, GoStruct, TemplateError, anonymous_struct_type, parse

FIELDS = ("Name", "DisplayName", "Namespace", "Mesh", "Zone")
STUB = GoStruct(anonymous_struct_type(FIELDS), tuple(zip(FIELDS, ("name", "displayname", "namespace", "mesh", "zone"))))
STRUCT = "struct { Name string; DisplayName string; Namespace string; Mesh string; Zone string }"


def _label(key: str) -> str:
    if key == "app":
        return "web"
    raise FunctionError(f"label {key} not found")


def run(text: str) -> str:
    return parse(text, ("label",)).execute(STUB, {"label": _label})


@pytest.mark.parametrize(
    ("text", "output"),
    [
        ("{{ .Name }}.{{ .DisplayName }}.{{ .Namespace }}.{{ .Mesh }}.{{ .Zone }}.mesh", "name.displayname.namespace.mesh.zone.mesh"),
        ('{{ label "app" }}.mesh', "web.mesh"),
        ('{{ "app" | label }}', "web"),
        ("{{ $.Zone }}", "zone"),
        ("{{ with .Namespace }}{{ . }}{{ end }}", "namespace"),
        ("{{ if . }}yes{{ end }}", "yes"),
        ("{{ . }}", "{name displayname namespace mesh zone}"),
        ('{{ printf "%+v" . }}', "{Name:name DisplayName:displayname Namespace:namespace Mesh:mesh Zone:zone}"),
        ('{{ printf "%q" . }}', '{"name" "displayname" "namespace" "mesh" "zone"}'),
        ('{{ printf "%#v" . }}', STRUCT + '{Name:"name", DisplayName:"displayname", Namespace:"namespace", Mesh:"mesh", Zone:"zone"}'),
        ('{{ printf "%T" . }}', STRUCT),
        ("{{ eq . . }}", "true"),
    ],
)
def test_struct_output(text: str, output: str) -> None:
    assert run(text) == output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ .Service }}", f'template: :1:3: executing "" at <.Service>: can\'t evaluate field Service in type {STRUCT}'),
        ("{{ .name }}", f'template: :1:3: executing "" at <.name>: can\'t evaluate field name in type {STRUCT}'),
        ("{{ .Name 1 }}", 'template: :1:3: executing "" at <.Name>: Name has arguments but cannot be invoked as function'),
        ('{{ label "team" }}', 'template: :1:3: executing "" at <label "team">: error calling label: label team not found'),
        ("{{ label }}", 'template: :1:3: executing "" at <label>: wrong number of args for label: want 1 got 0'),
        ("{{ label 1 }}", 'template: :1:9: executing "" at <1>: expected string; found 1'),
        ("{{ len . }}", f'template: :1:3: executing "" at <len .>: error calling len: len of type {STRUCT}'),
        ('{{ index . "Name" }}', f'template: :1:3: executing "" at <index . "Name">: error calling index: can\'t index item of type {STRUCT}'),
        ("{{ range . }}{{ end }}", 'template: :1:9: executing "" at <.>: range can\'t iterate over {name displayname namespace mesh zone}'),
    ],
)
def test_struct_errors(text: str, message: str) -> None:
    with pytest.raises(TemplateError) as raised:
        run(text)
    assert raised.value.phase == "exec"
    assert str(raised.value) == message


def test_an_added_function_is_a_parse_error_where_the_program_does_not_add_it() -> None:
    with pytest.raises(TemplateError) as raised:
        parse('{{ label "app" }}.mesh')
    assert str(raised.value) == 'template: :1: function "label" not defined'
    assert parse('{{ label "app" }}.mesh', ("label",)).execute(STUB, {"label": _label}) == "web.mesh"


def test_a_map_still_prints_no_value_for_a_missing_key() -> None:
    assert parse("{{ .Service }}.mesh").execute({"service": "web"}) == "<no value>.mesh"


def test_a_named_struct_type_is_named_in_errors() -> None:
    data = GoStruct("hostname.meshedName", STUB.fields)
    with pytest.raises(TemplateError) as raised:
        parse("{{ .Foo }}").execute(data)
    assert str(raised.value).endswith("can't evaluate field Foo in type hostname.meshedName")
