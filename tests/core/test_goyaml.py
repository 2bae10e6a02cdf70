"""Plain scalars resolve as go-yaml v2 resolves them, which is what Kuma sees."""

from __future__ import annotations

import math

import pytest

from vocheck.load.goyaml import key_string, resolve_plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("y", True), ("Y", True), ("yes", True), ("on", True), ("ON", True), ("True", True),
        ("n", False), ("N", False), ("no", False), ("off", False), ("FALSE", False),
        ("", None), ("~", None), ("null", None), ("NULL", None),
        ("0o17", 15), ("017", 15), ("0x1F", 31), ("0b101", 5), ("1_000", 1000), ("+1", 1), ("-0x10", -16),
        ("80", 80), ("1800", 1800), ("18446744073709551615", 18446744073709551615),
        ("08", 8.0), ("1.5", 1.5), (".5", 0.5), ("1e3", 1000.0), ("-.inf", -math.inf),
        ("2024-01-01", "2024-01-01"), ("1:30", "1:30"), ("yes!", "yes!"), ("Yes please", "Yes please"),
        ("o", "o"), ("t", "t"), ("1.2.3", "1.2.3"), ("0x", "0x"), ("--", "--"), ("v1", "v1"),
        ("kuma.io/service", "kuma.io/service"), ("*", "*"), ("+18446744073709551615", 1.8446744073709552e19),
        # Go's ParseFloat refuses what overflows float64: go-yaml keeps the text as a string.
        ("1e400", "1e400"), ("-1e400", "-1e400"), (".5e400", ".5e400"), ("1e-400", 0.0),
        # A scalar starting with "." goes to ParseFloat as written, underscores and all.
        (".5_0", 0.5), ("._5", "._5"), (".5_", ".5_"),
    ],
)
def test_plain_scalars_resolve_like_go_yaml_v2(text: str, expected: object) -> None:
    resolved = resolve_plain(text)
    assert resolved == expected
    assert type(resolved) is type(expected)


def test_nan_is_a_float() -> None:
    value = resolve_plain(".nan")
    assert isinstance(value, float) and math.isnan(value)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (1800, "1800"), (True, "true"), (False, "false"), (None, "null"), (1.5, "1.5"),
        # strconv.FormatFloat(v, 'g', -1, 64): exponent form from 1e21 up and below 1e-4, and for 1e6.
        (1e6, "1e+06"), (123456.0, "123456"), (1e21, "1e+21"), (1e-7, "1e-07"), (0.0001, "0.0001"),
        (-0.0, "-0"), (math.inf, "+Inf"), (-math.inf, "-Inf"), (math.nan, "NaN"),
    ],
)
def test_non_string_keys_become_strings(key: object, expected: str) -> None:
    assert key_string(key) == expected  # type: ignore[arg-type]
