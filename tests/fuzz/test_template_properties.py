"""The template engine on random templates: TemplateError or a result, never anything else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import fuzz

gotemplate = pytest.importorskip("vocheck.gotemplate")

# Pieces of Go template syntax, so that random texts reach deep into the parser and executor.
PIECES = st.sampled_from(
    [
        "{{", "}}", "{{-", "-}}", " ", ".", ".service", ".port", ".missing", "$", "$x", ":=", "=", "|", "(", ")",
        "if", "else", "end", "range", "with", "define", '"t"', "template", "block", "break", "continue",
        "printf", "print", "println", "len", "index", "slice", "and", "or", "not", "eq", "ne", "lt", "le", "gt",
        "ge", "html", "js", "urlquery", "call", "nil", "true", "false", "0", "1", "-1", "1e9", "0x10", "'a'",
        '"%d"', '"%2000000000d"', '"%*d"', '"%v"', '"%.3s"', '"%x"', '"é"', "`raw`", "/*", "*/", ",", "\n", "x",
    ]
)
TEMPLATES = st.one_of(st.lists(PIECES, max_size=24).map("".join), st.text(max_size=40))
DATA = st.dictionaries(st.sampled_from(["service", "port", "v", "x"]), st.text(max_size=8), max_size=4)


@fuzz(600)
@given(TEMPLATES, DATA)
def test_random_templates_parse_and_run_or_raise_template_error(text: str, data: dict[str, str]) -> None:
    try:
        template = gotemplate.parse(text)
        output = template.execute(data)
    except gotemplate.TemplateError as error:
        assert str(error)
        return
    assert isinstance(output, str)
