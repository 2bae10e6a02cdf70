"""Each limit and each encoding problem is one clear diagnostic, and the other files are still checked."""

from __future__ import annotations

import codecs
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from vocheck.cli import main
from vocheck.load.documents import read_documents
from vocheck.load.limits import Limits

POLICY = 'type: VirtualOutbound\nmesh: default\nname: web\nconf: {host: "{{.service}}.mesh", port: 80}\n'
# A file next to every case: its schema violation must always be reported.
WITNESS = ("witness.yaml", POLICY.encode("utf-8"))


def _check(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, list[dict[str, Any]]]:
    code = main(["check", "--format", "json", *arguments])
    diagnostics: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["diagnostics"]
    return code, diagnostics


def _laughs(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]" for level in range(1, levels)]
    return "\n".join(lines) + "\n"


# (file content, expected code, words of the message); None: the file is read and checked.
ENCODINGS: list[tuple[str, bytes, str | None, str]] = [
    ("utf-8", POLICY.encode("utf-8"), None, ""),
    ("utf-8 with a byte-order mark", codecs.BOM_UTF8 + POLICY.encode("utf-8"), None, ""),
    ("utf-16 little-endian with a byte-order mark", POLICY.encode("utf-16-le").join([codecs.BOM_UTF16_LE, b""]), None, ""),
    ("utf-16 big-endian with a byte-order mark", codecs.BOM_UTF16_BE + POLICY.encode("utf-16-be"), None, ""),
    ("latin-1", POLICY.replace("web", "caf\u00e9").encode("latin-1"), "VO004", "not valid UTF-8 (byte 0xe9 on line 3)"),
    ("invalid utf-8", b"type: VirtualOutbound\nname: \xff\xfe\xfd\n", "VO004", "not valid UTF-8"),
    ("binary", bytes(range(256)) * 4, "VO004", "binary file"),
    ("utf-16 without a byte-order mark", POLICY.encode("utf-16-le"), "VO004", "binary file"),
    ("broken utf-16", codecs.BOM_UTF16_LE + b"\x00\xd8\x00", "VO004", "not valid UTF-16"),
]


@pytest.mark.parametrize(("name", "data", "code", "words"), ENCODINGS, ids=[case[0] for case in ENCODINGS])
def test_encodings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, data: bytes, code: str | None, words: str
) -> None:
    (tmp_path / "case.yaml").write_bytes(data)
    (tmp_path / WITNESS[0]).write_bytes(WITNESS[1])
    _, diagnostics = _check(capsys, "--isolated", str(tmp_path))
    on_case = [item for item in diagnostics if item["file"].endswith("case.yaml")]
    if code is None:
        # Read as text: the unquoted port is found at its own line and column.
        assert [(item["code"], item["line"], item["column"]) for item in on_case] == [("VO002", 4, 41)]
    else:
        assert [(item["code"], item["line"]) for item in on_case] == [(code, 1)]
        assert words in on_case[0]["message"]
    assert any(item["file"].endswith(WITNESS[0]) and item["code"] == "VO002" for item in diagnostics)


LIMITS: list[tuple[str, str, str, str]] = [
    ("file size", "max-file-size = 100\n", POLICY * 2, "larger than the limit of 100 bytes"),
    ("alias expansion", "", _laughs(9), "file expands to more than 200000 values in all"),
    ("nesting depth", "", "[" * 500 + "]" * 500 + "\n", "nests deeper than 200 levels"),
    ("nesting beyond the parser", "", "[" * 50_000 + "\n", "exceeded maximum nesting depth"),
    ("documents per file", "", "---\na: 1\n" * 10_001, "more than 10000 documents in one file"),
]


@pytest.mark.parametrize(("name", "config", "content", "words"), LIMITS, ids=[case[0] for case in LIMITS])
def test_limits(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, config: str, content: str, words: str
) -> None:
    (tmp_path / ".vocheck.toml").write_text(config, encoding="utf-8")
    (tmp_path / "case.yaml").write_text(content, encoding="utf-8")
    (tmp_path / WITNESS[0]).write_bytes(WITNESS[1])
    _, diagnostics = _check(capsys, str(tmp_path))
    on_case = [item for item in diagnostics if item["file"].endswith("case.yaml")]
    assert len(on_case) == 1 and words in on_case[0]["message"], on_case
    assert any(item["file"].endswith(WITNESS[0]) and item["code"] == "VO002" for item in diagnostics)


def test_billion_laughs_stops_before_expanding() -> None:
    text = _laughs(12)  # 10^12 values once expanded
    tracemalloc.start()
    documents, problems = read_documents("bomb.yaml", text, Limits(max_nodes=1_000_000))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert documents == [] and "expands to more than" in problems[0].message
    # Stopping before the expansion shows in memory (10^12 values would never fit); time is the benchmarks' business.
    assert peak < 5 * 1024 * 1024


@pytest.mark.parametrize(
    "text",
    [
        "type: VirtualOutbound\nname: .nan\nmesh: .inf\n.nan: -.inf\nconf: {host: .nan, port: .inf, parameters: [{name: .NaN, tagKey: -.Inf}]}\nselectors: [{match: {.nan: .inf}}]\n",
        "type: Dataplane\nname: d\nmesh: default\nnetworking: {address: .nan, inbound: [{port: .nan, servicePort: -.inf, tags: {.inf: .nan}}]}\n",
        "type: ExternalService\nname: e\nmesh: default\nnetworking: {address: .inf, tls: {enabled: .nan}}\ntags: {kuma.io/service: .nan}\n",
        "apiVersion: kuma.io/v1alpha1\nkind: VirtualOutbound\nmesh: .nan\nmetadata: {name: .inf, namespace: .nan}\nspec: .nan\n",
        "type: Mesh\nname: .nan\nmtls: .inf\n",
        "!!map {? !!seq [a]: b, c: !!binary aGVsbG8=, d: !!timestamp 2001-12-14, e: !!set {a}, g: !foo bar, h: !!float 1e400}\n",
        "base: &b {type: VirtualOutbound, name: x, mesh: m}\n<<: [*b, *b]\n<<: *b\n",
    ],
)
def test_surprising_scalars_never_crash(capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str) -> None:
    (tmp_path / "case.yaml").write_text(text, encoding="utf-8")
    code, diagnostics = _check(capsys, "--isolated", str(tmp_path))
    assert code in (0, 1)
    assert not [item for item in diagnostics if item["code"] in ("VO003", "VO004")], diagnostics
