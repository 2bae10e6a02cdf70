"""The files a migration writes: one per source policy, its header naming the source and the verdict."""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from vocheck.golang.quote import quote

from vocheck.migrate.model import IMPOSSIBLE, Migration, PolicyMigration
from vocheck.migrate.plans import resource_name


def file_name(item: PolicyMigration) -> str:
    """``<mesh>/<policy>.yaml``: policy names are unique within a mesh only."""
    return f"{resource_name(item.mesh) or 'default'}/{resource_name(item.policy)}.yaml"


def policy_file(item: PolicyMigration, created: str | None = None) -> str:
    """The YAML text for one policy: a header comment, then its resources as documents.

    ``created`` stamps every resource with that creation time, as Kuma's store
    would on applying them (for the proof: the new generators are the youngest).
    """
    lines = [
        f"# Migrated by vocheck from VirtualOutbound {quote(item.policy)} (mesh {quote(item.mesh)}), {item.file}:{item.line}",
        f"# Verdict: {item.verdict}",
    ]
    for reason in item.reasons:
        where = f" (line {reason.line})" if reason.line else ""
        lines.append(f"#   {reason.code} {reason.slug}{where}: {reason.message}")
    for difference in item.differences:
        lines.append(f"#   difference: {difference.message}")
    for note in item.notes:
        lines.append(f"#   note: {note}")
    if item.verdict == IMPOSSIBLE or not item.resources:
        lines.append("# Nothing to apply: no HostnameGenerator or MeshService reproduces this policy.")
        return "\n".join(lines) + "\n"
    lines.append("# Apply while the mesh's meshServices.mode is Everywhere or ReachableBackends (see the switch order in the report).")
    documents = [_dump(_stamped(resource.data, created) if created else resource.data) for resource in item.resources]
    return "\n".join(lines) + "\n" + "---\n".join(documents)


def files(migration: Migration, created: str | None = None) -> dict[str, str]:
    """Every file of the migration by its path relative to the output directory."""
    return {file_name(item): policy_file(item, created) for item in migration.policies}


def _stamped(data: Mapping[str, object], created: str) -> dict[str, object]:
    metadata = data.get("metadata")
    if isinstance(metadata, Mapping):
        return {**data, "metadata": {**metadata, "creationTimestamp": created}}
    return {**data, "creationTime": created}


def _dump(data: Mapping[str, object]) -> str:
    return yaml.safe_dump(dict(data), sort_keys=False, default_flow_style=False, allow_unicode=True, width=1000)
