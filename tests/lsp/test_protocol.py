"""Positions between vocheck (1-based lines, code-point columns) and LSP (0-based, negotiated units)."""

from __future__ import annotations

from lsprotocol import types

from vocheck.lsp.protocol import Lines, path_of, uri_of
from vocheck.model import Diagnostic


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_columns_after_characters_outside_the_basic_plane_count_two_utf16_units() -> None:
    lines = Lines("name: web\nhost: \"\U0001f600{{.service}}\"\n", utf16)
    # The template starts at column 9 of line 2 (1-based code points), after the emoji:
    # UTF-16 counts 9 units before it, UTF-32 (a client that chose it) 8.
    assert lines.position(2, 9) == types.Position(1, 9)
    assert lines.code_points(types.Position(1, 9)) == (2, 9)
    assert Lines(lines.text, len).position(2, 9) == types.Position(1, 8)


def test_offsets_of_edits_become_positions_and_crlf_stays_out_of_the_line() -> None:
    text = "a: 1\r\nb: 2\r\n"
    lines = Lines(text, utf16)
    assert lines.at_offset(text.index("b")) == types.Position(1, 0)
    assert lines.line_text(0) == "a: 1"
    assert lines.at_offset(len(text)) == types.Position(2, 0)


def test_a_diagnostic_without_an_end_runs_to_the_end_of_its_line_and_positions_clamp() -> None:
    lines = Lines("type: VirtualOutbound\n", utf16)
    item = Diagnostic("f.yaml", 1, 7, "VO402", "deprecated")
    assert lines.range_of(item) == types.Range(types.Position(0, 6), types.Position(0, 21))
    assert lines.position(99, 99) == types.Position(1, 0)


def test_file_uris_and_paths() -> None:
    assert path_of("file:///tmp/a%20b.yaml") == "/tmp/a b.yaml"
    assert path_of("untitled:Untitled-1") == "untitled:Untitled-1"
    assert path_of(uri_of("/tmp/a b.yaml")) == "/tmp/a b.yaml"
