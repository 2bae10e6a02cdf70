"""Kuma's name and mesh rules across versions (meta_validator.go, kumactl apply)."""

from __future__ import annotations

import pytest

from vocheck.kuma.meta import NAME_WARNING, meta_warning, validate_mesh, validate_meta

SUBDOMAIN = (
    "invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
    "'-' or '.', and must start and end with an alphanumeric character"
)
WITH_DOT = "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_', '.' symbols."
LEGACY = "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_' symbols."
EMPTY = "cannot be empty"
TOO_LONG = "value length must less or equal 253"

# (kind, name, mesh, version, expected (field, message) list, warning printed?)
META_CASES: list[tuple[str, str, str | None, tuple[int, int], list[tuple[str, str]], bool]] = [
    ("VirtualOutbound", "default", "default", (2, 14), [], False),
    ("VirtualOutbound", "web.v1", "my.mesh", (2, 14), [], False),
    ("VirtualOutbound", "my_vo", "default", (2, 14), [("name", SUBDOMAIN)], False),
    ("VirtualOutbound", "My-VO", "default", (2, 14), [("name", SUBDOMAIN)], False),
    ("VirtualOutbound", "-a", "default", (2, 14), [("name", SUBDOMAIN)], False),
    ("VirtualOutbound", "", "", (2, 14), [("name", EMPTY), ("mesh", EMPTY)], False),
    ("VirtualOutbound", "a", None, (2, 14), [("mesh", EMPTY)], False),
    ("VirtualOutbound", "a" * 254, "default", (2, 14), [("name", TOO_LONG)], False),
    ("VirtualOutbound", "a" * 253, "m" * 254, (2, 14), [("mesh", TOO_LONG)], False),
    ("VirtualOutbound", "a", "My_Mesh", (2, 14), [("mesh", WITH_DOT)], False),
    ("VirtualOutbound", "a", "my_mesh", (2, 14), [], False),
    ("ZoneIngress", "zi-1", None, (2, 14), [], False),
    ("ZoneIngress", "zi_1", "", (2, 14), [("name", SUBDOMAIN)], False),
    # 2.5-2.9: kumactl accepts old-style names with a warning, and words refusals the old way.
    ("VirtualOutbound", "my_vo", "default", (2, 9), [], True),
    ("VirtualOutbound", "my_vo.", "default", (2, 5), [], True),
    ("VirtualOutbound", "My_VO", "default", (2, 9), [("name", WITH_DOT)], False),
    ("VirtualOutbound", "default", "default", (2, 9), [], False),
    ("VirtualOutbound", "", "default", (2, 9), [("name", EMPTY)], False),
    ("VirtualOutbound", "my_vo", "default", (2, 10), [("name", SUBDOMAIN)], False),
    # Up to 2.4: one character set for both, no dots, no length limit.
    ("VirtualOutbound", "my_vo", "my_mesh", (2, 4), [], False),
    ("VirtualOutbound", "a.b", "default", (2, 4), [("name", LEGACY)], False),
    ("VirtualOutbound", "a", "my.mesh", (2, 4), [("mesh", LEGACY)], False),
    ("VirtualOutbound", "", "", (2, 4), [("name", EMPTY), ("mesh", EMPTY)], False),
    ("VirtualOutbound", "a" * 300, "default", (2, 4), [], False),
]


@pytest.mark.parametrize(("kind", "name", "mesh", "version", "expected", "warned"), META_CASES)
def test_validate_meta(
    kind: str,
    name: str,
    mesh: str | None,
    version: tuple[int, int],
    expected: list[tuple[str, str]],
    warned: bool,
) -> None:
    violations = validate_meta(kind, name, mesh, version)
    assert [(violation.field, violation.message) for violation in violations] == expected
    assert meta_warning(kind, name, mesh, version) == (NAME_WARNING if warned else None)


@pytest.mark.parametrize(
    ("mesh", "version", "expected"),
    [
        ("default", (2, 14), []),
        ("", (2, 14), [("mesh", EMPTY)]),
        (None, (2, 14), [("mesh", EMPTY)]),
        ("a.b_c", (2, 14), []),
        ("a.b", (2, 4), [("mesh", LEGACY)]),
    ],
)
def test_validate_mesh_for_kubernetes(mesh: str | None, version: tuple[int, int], expected: list[tuple[str, str]]) -> None:
    assert [(violation.field, violation.message) for violation in validate_mesh(mesh, version)] == expected
