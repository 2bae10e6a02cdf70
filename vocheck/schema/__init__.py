"""The schema stage: each resource against the JSON Schema of its kind and form, as findings."""

from __future__ import annotations

from vocheck.schema.schemas import (
    FORMS,
    SchemaSet,
    builtin_schema,
    builtin_schema_names,
    describe,
    schema_file_name,
    vocheck_schemas,
)

__all__ = [
    "FORMS",
    "SchemaSet",
    "builtin_schema",
    "builtin_schema_names",
    "describe",
    "schema_file_name",
    "vocheck_schemas",
]
