"""The JSON text Kuma decodes: how sigs.k8s.io/yaml turns YAML values into encoding/json input."""

from __future__ import annotations

from vocheck.golang.jsonenc import UNEXPECTED_END, JsonSyntaxError, check_json, json_type
from vocheck.golang.jsonenc import format_float as go_float
from vocheck.golang.jsonenc import quote_string as go_json_string

__all__ = [
    "UNEXPECTED_END",
    "JsonSyntaxError",
    "check_json",
    "go_float",
    "go_json_number",
    "go_json_string",
    "json_type",
]


def go_json_number(value: int | float) -> str:
    """The JSON text sigs.k8s.io/yaml produces for a YAML number."""
    if isinstance(value, int) and -(1 << 63) <= value < (1 << 64):
        return str(value)
    return go_float(float(value))
