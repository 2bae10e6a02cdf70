"""The mustache renderer Kuma applies to templated files, as vocheck follows it."""

from __future__ import annotations

import pytest

from vocheck.model import Span
from vocheck.load.mustache import context_of, html_escape, lookup
from vocheck.load.placeholders import find, render


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("name: {{ name }}", ["name"]),
        ("name: {{name}}", ["name"]),
        ("name: {{   name   }}", ["name"]),
        ("address: {{{address}}}", ["address"]),
        ('address: "{{ var.with.dots.in.the.name }}"', ["var.with.dots.in.the.name"]),
        ("name: dp-{{ zone }}-{{ index }}", ["zone", "index"]),
        # A VirtualOutbound's Go template actions are never placeholders.
        ('host: "{{.service}}.mesh"', []),
        ('host: "{{ .service }}.{{ .version }}.mesh"', []),
        ('host: "{{if .v}}{{.v}}.{{end}}{{.service}}.mesh"', []),
        ('host: "{{- .service -}}.mesh"', []),
        ('host: "{{.}}"', []),
        ('host: "{{ printf "%s" .service }}"', []),
        ("if: ${{ github.event_name == 'push' }}", []),
        # A comment is not a placeholder; a section makes the renderer's output vocheck's guess: skipped.
        ("name: {{! the name }}web", []),
        ("name: {{ name }}\n{{#extra}}x: 1{{/extra}}", []),
        ("name: {{ name }}\nport: {{ port", []),  # the renderer gives up on an unmatched open tag
    ],
)
def test_what_is_a_placeholder(text: str, names: list[str]) -> None:
    assert [placeholder.name.strip() for placeholder in find(text)] == names


def test_each_document_of_a_file_is_rendered_on_its_own() -> None:
    text = "name: {{ name }}\nport: {{ port\n---\nname: {{ name }}\n"
    (placeholder,) = find(text)
    assert text[placeholder.start : placeholder.end] == "{{ name }}" and placeholder.start > text.index("---")


def test_values_are_html_escaped_unless_triple_braced() -> None:
    text = 'a: "{{ v }}"\nb: "{{{v}}}"\n'
    rendering = render(text, find(text), {"v": "x&y<'\">"})
    assert rendering.text == 'a: "x&amp;y&lt;&#39;&#34;&gt;"\nb: "x&y<\'">"\n'
    assert html_escape("\0") == "\ufffd"


def test_dotted_names_read_dotted_variables() -> None:
    context = context_of({"var.with.dots.in.the.name": "2.2.2.2", "name": "sample"})
    assert lookup(context, "var.with.dots.in.the.name") == "2.2.2.2"
    assert lookup(context, "name") == "sample"
    assert lookup(context, "var.with") == "map[dots:map[in:map[the:map[name:2.2.2.2]]]]"
    assert lookup(context, "name.first") is None and lookup(context, "missing") is None


@pytest.mark.parametrize("names", [("a.b", "a.c"), ("a", "a.b")])
def test_variables_kuma_would_merge_at_random_are_refused(names: tuple[str, str]) -> None:
    with pytest.raises(ValueError, match="Kuma keeps only one of them"):
        context_of(dict.fromkeys(names, "x"))


def test_a_placeholder_without_a_value_gets_a_neutral_one_that_every_field_type_takes() -> None:
    text = "name: {{ name }}\naddress: \"{{ address }}\"\nports: [{{ a }}, {{ b }}]\nhost: dp-{{ n }}.mesh\n"
    rendering = render(text, find(text), {})
    assert rendering.text == (
        'name: "40001"\naddress: "40002"\nports: ["40003", "40004"]\nhost: dp-40005.mesh\n'
    )
    assert [item.value for item in rendering.substitutions] == [None] * 5


def test_positions_go_back_to_the_original_text() -> None:
    text = "name: {{ name }}\nnetworking:\n  address: {{ address }} # the node\n"
    rendering = render(text, find(text), {"name": "a-much-longer-name", "address": "10.0.0.1"})
    assert rendering.text == "name: a-much-longer-name\nnetworking:\n  address: 10.0.0.1 # the node\n"
    # The rendered value as a whole is the placeholder.
    assert rendering.original_span(Span(3, 12, 3, 20)) == Span(3, 12, 3, 25)
    # Text after a substitution keeps its place: the comment.
    assert rendering.original_span(Span(3, 21, 3, 31)) == Span(3, 26, 3, 36)
    # A part of a value points at the whole placeholder.
    assert rendering.original_span(Span(1, 10, 1, 12)) == Span(1, 7, 1, 17)
    assert not rendering.touches_unvalued(Span(1, 7, 1, 25))


def test_a_span_over_a_neutral_value_is_caused_by_the_placeholder() -> None:
    text = 'name: web\naddress: "{{ address }}"\n'
    rendering = render(text, find(text), {})
    assert rendering.touches_unvalued(Span(2, 10, 2, 17))  # the quoted scalar
    assert not rendering.touches_unvalued(Span(2, 1, 2, 8))  # its key
    assert not rendering.touches_unvalued(Span(1, 7, 1, 10))
