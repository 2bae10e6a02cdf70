"""Hostile inputs, written on demand: each is a few lines of code, never a committed blob."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

POLICY = """type: VirtualOutbound
mesh: default
name: web
selectors:
  - match:
      kuma.io/service: "*"
conf:
  host: {host}
  port: "80"
  parameters:
    - name: service
      tagKey: kuma.io/service
"""


def billion_laughs(path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        previous, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def forty_megabytes(path: Path) -> None:
    document = POLICY.format(host='"{{.service}}.mesh"')
    block = (document + "---\n").encode("utf-8") * 1024
    with path.open("wb") as handle:
        while handle.tell() < 40 * 1024 * 1024:
            handle.write(block)


def nested_brackets(path: Path) -> None:
    path.write_text("[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(64 * 1024))


def latin_1(path: Path) -> None:
    path.write_bytes("type: VirtualOutbound\nmesh: default\nname: caf\u00e9\n".encode("latin-1"))


def python_object_apply(path: Path) -> None:
    marker = path.with_name("object-apply-ran")
    path.write_text(
        "type: VirtualOutbound\nmesh: default\n"
        f'name: !!python/object/apply:os.system ["touch {marker}"]\n',
        encoding="utf-8",
    )


def huge_printf_width(path: Path) -> None:
    path.write_text(POLICY.format(host="'{{printf \"%2000000000d\" 1}}.mesh'"), encoding="utf-8")


def template_calling_itself(path: Path) -> None:
    path.write_text(
        POLICY.format(host="'{{define \"loop\"}}{{template \"loop\" .}}{{end}}{{template \"loop\" .}}.mesh'"),
        encoding="utf-8",
    )


HOSTILE: dict[str, Callable[[Path], None]] = {
    "billion-laughs": billion_laughs,
    "forty-megabytes": forty_megabytes,
    "nested-brackets": nested_brackets,
    "random-bytes": random_bytes,
    "latin-1": latin_1,
    "python-object-apply": python_object_apply,
    "huge-printf-width": huge_printf_width,
    "template-calling-itself": template_calling_itself,
}
