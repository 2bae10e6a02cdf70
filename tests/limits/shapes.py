"""Hostile shapes of input, each a few lines of code that write a directory of files.

Alias bombs in every arrangement, 9.9 MB files of every shape, and runs of
many files: each must be refused or checked within bounded time and memory.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

NEAR_LIMIT = int(9.9 * 1024 * 1024)  # just under the default max-file-size of 10 MiB


def _laughs(width: int, levels: int, prefix: str = "a") -> list[str]:
    """A sequence bomb: ``width ** levels`` values from ``levels`` lines."""
    lines = [f"{prefix}0: &{prefix}0 [{', '.join(['x'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"{prefix}{level}: &{prefix}{level} [{', '.join([f'*{prefix}{level - 1}'] * width)}]")
    return lines


def bomb_one_document(directory: Path) -> None:
    (directory / "bomb.yaml").write_text("\n".join(_laughs(10, 12)) + "\n", encoding="utf-8")


def bomb_many_documents(directory: Path) -> None:
    # Each document alone stays under the per-document limit (10^5 values); fifty of them did not.
    document = "\n".join(_laughs(10, 5)) + "\n"
    (directory / "bomb.yaml").write_text(("---\n" + document) * 50, encoding="utf-8")


def bomb_many_small_documents(directory: Path) -> None:
    document = "\n".join(_laughs(9, 4)) + "\n"  # 6,561 values each, 10,000 documents
    (directory / "bomb.yaml").write_text(("---\n" + document) * 10_000, encoding="utf-8")


def bomb_merge_keys(directory: Path) -> None:
    lines = ["m0: &m0 {" + ", ".join(f"k{index}: x" for index in range(10)) + "}"]
    for level in range(1, 12):
        fields = ", ".join(f"k{level}_{index}: *m{level - 1}" for index in range(10))
        lines.append(f"m{level}: &m{level} {{<<: [*m{level - 1}, *m{level - 1}], {fields}}}")
    (directory / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def bomb_nested_mappings(directory: Path) -> None:
    lines = ["n0: &n0 {" + ", ".join(f"k{index}: x" for index in range(10)) + "}"]
    for level in range(1, 12):
        fields = ", ".join(f"k{index}: *n{level - 1}" for index in range(10))
        lines.append(f"n{level}: &n{level} {{{fields}}}")
    (directory / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def bomb_inside_a_policy(directory: Path) -> None:
    laughs = _laughs(10, 7)
    text = "type: VirtualOutbound\nmesh: default\nname: web\n" + "\n".join(laughs) + "\n"
    text += "conf:\n  host: '{{.service}}.mesh'\n  port: '80'\n  parameters: [*a6, *a6]\n"
    (directory / "bomb.yaml").write_text(text, encoding="utf-8")


def bomb_json(directory: Path) -> None:
    # A .json file is read as YAML too, anchors and all.
    text = '{"a": &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'
    for level in range(1, 12):
        text += f', "l{level}": &l{level} [' + ", ".join(["*" + ("a" if level == 1 else f"l{level - 1}")] * 10) + "]"
    (directory / "bomb.json").write_text(text + "}\n", encoding="utf-8")


def bomb_many_files(directory: Path) -> None:
    # Each file stays under every per-file limit (10^5 values); three hundred of them did not.
    document = "\n".join(_laughs(10, 5)) + "\n"
    for index in range(300):
        (directory / f"bomb-{index:03d}.yaml").write_text(document, encoding="utf-8")


ALIAS_BOMBS: dict[str, Callable[[Path], None]] = {
    "one document": bomb_one_document,
    "many documents": bomb_many_documents,
    "many small documents": bomb_many_small_documents,
    "merge keys": bomb_merge_keys,
    "nested mappings": bomb_nested_mappings,
    "inside a policy": bomb_inside_a_policy,
    "json": bomb_json,
    "many files": bomb_many_files,
}


def _fill(path: Path, unit: Callable[[int], str], head: str = "", tail: str = "") -> None:
    """``head``, then ``unit(0)``, ``unit(1)`` ... while the file stays under NEAR_LIMIT, then ``tail``."""
    parts, size, index = [head], len(head) + len(tail), 0
    while True:
        text = unit(index)
        if size + len(text) > NEAR_LIMIT:
            break
        parts.append(text)
        size += len(text)
        index += 1
    parts.append(tail)
    path.write_text("".join(parts), encoding="utf-8")


_INBOUND = "  - port: {port}\n    servicePort: 8080\n    tags:\n      kuma.io/service: svc-{index}\n      version: v{version}\n"
_POLICY = """---
type: VirtualOutbound
mesh: default
name: vo-{index}
selectors:
  - match:
      kuma.io/service: "*"
      team: "{index}"
conf:
  host: "{{{{.service}}}}.mesh"
  port: "80"
  parameters:
    - name: service
      tagKey: kuma.io/service
"""

LARGE_FILES: dict[str, Callable[[Path], None]] = {
    "flat block sequence": lambda path: _fill(path, lambda index: "- 12345678\n"),
    "flat flow sequence": lambda path: _fill(path, lambda index: "1,", "[", "1]\n"),
    "short values": lambda path: _fill(path, lambda index: "- 1\n"),
    "deep mappings": lambda path: _fill(
        path, lambda index: "---\n" + "".join("  " * level + f"k{level}:\n" for level in range(190)) + "  " * 190 + "v: 1\n"
    ),
    "long string": lambda path: path.write_text("a: " + "x" * (NEAR_LIMIT - 10) + "\n", encoding="utf-8"),
    "many small documents": lambda path: _fill(path, lambda index: "---\n" + "".join(f"k{key}: {key}\n" for key in range(100))),
    "many inbounds": lambda path: _fill(
        path,
        lambda index: _INBOUND.format(port=1000 + index % 60000, index=index, version=index % 7),
        "type: Dataplane\nmesh: default\nname: dp-1\nnetworking:\n  address: 10.0.0.1\n  inbound:\n",
    ),
    "many policies": lambda path: _fill(path, lambda index: _POLICY.format(index=index) if index < 10_000 else "#" * 100 + "\n"),
    "json array": lambda path: _fill(path, lambda index: '{"k": 1},', "[", '{"k": 1}]\n'),
}
