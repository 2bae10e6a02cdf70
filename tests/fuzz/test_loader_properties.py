"""The loader on random input: it never raises, and every recorded span holds its value's text."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from strategies import fuzz, policies, same_value, yaml_texts
from vocheck.load.documents import read_documents
from vocheck.load.limits import Limits
from vocheck.model import Document, Span
from vocheck.load.sources import decode

import yaml


def _value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


# YAML's line breaks, which libyaml's lines count: NEL and the Unicode separators too.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _cut(text: str, span: Span) -> str:
    """The text a span covers, indented as in the file so that block YAML stays valid."""
    lines = _LINE_BREAK.split(text)
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    parts = [" " * (span.column - 1) + lines[span.line - 1][span.column - 1 :]]
    parts += lines[span.line : span.end_line - 1]
    parts.append(lines[span.end_line - 1][: span.end_column - 1])
    return "\n".join(parts)


def _assert_spans_hold_values(document: Document, text: str) -> None:
    for path, (key_span, value_span) in document.positions.items():
        value = _value_at(document.data, path)
        if isinstance(value, (dict, list)):
            continue  # a collection's span is checked through its scalars
        again, problems = read_documents("cut.yaml", _cut(text, value_span) or "''")
        assert not problems, (path, value_span, _cut(text, value_span))
        reread = again[0].data if again else None
        assert same_value(reread, value) or (value == "" and reread is None), (path, value, reread)
        if key_span is not None and key_span.line == key_span.end_line and path and isinstance(path[-1], str):
            keys, _ = read_documents("key.yaml", _cut(text, key_span) + ": x")
            assert keys and path[-1] in keys[0].data, (path, key_span)


@fuzz(300)
@given(yaml_texts())
def test_every_span_holds_the_text_of_its_value(text: str) -> None:
    documents, problems = read_documents("random.yaml", text)
    assert not problems
    for document in documents:
        _assert_spans_hold_values(document, text)


@fuzz(200)
@given(st.lists(policies(), min_size=1, max_size=3), st.booleans())
def test_random_policies_round_trip_through_the_positions(values: list[dict[str, Any]], flow: bool) -> None:
    text = yaml.safe_dump_all(values, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    documents, problems = read_documents("policies.yaml", text)
    assert not problems and len(documents) == len(values)
    for document in documents:
        _assert_spans_hold_values(document, text)


@fuzz(400)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda data: data.decode("latin-1"))))
def test_any_text_gives_documents_or_problems_never_an_exception(text: str) -> None:
    documents, problems = read_documents("noise.yaml", text, Limits(max_nodes=10_000, max_depth=50))
    for problem in problems:
        assert problem.message and problem.span.line >= 1 and problem.span.column >= 1


@fuzz(300)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_say_why_not(data: bytes) -> None:
    text = decode(data)
    if isinstance(text, str):
        read_documents("bytes.yaml", text)
    else:
        assert text.message
