"""The migration report: the verdict table, each policy's before and after side by side, the switch order."""

from __future__ import annotations

from typing import Any

from vocheck.formats.contract import json_dumps
from vocheck.migrate.model import AfterRow, BeforeRow, Migration, PolicyMigration
from vocheck.migrate.writing import file_name


NOT_WRITTEN_ADVICE = (
    "These files were in the output directory before this run (an earlier run's, for a policy since renamed "
    "or deleted?) and applying the directory would apply them too: delete or move the ones that are not yours."
)

def render_report(migration: Migration, output_format: str) -> str:
    if output_format == "json":
        return json_dumps(to_json(migration)) + "\n"
    if output_format == "markdown":
        return to_markdown(migration)
    return to_text(migration)


def _counts(migration: Migration) -> dict[str, int]:
    counts = {"exact": 0, "approximate": 0, "impossible": 0}
    for item in migration.policies:
        counts[item.verdict] += 1
    return counts


def _policies(count: int) -> str:
    return f"{count} {'policy' if count == 1 else 'policies'}"


def _before(row: BeforeRow) -> str:
    return f"{row.hostname}:{row.port} -> {', '.join(map(str, row.endpoints)) or 'no endpoint'}"


def _after(row: AfterRow) -> str:
    ports = ",".join(map(str, row.ports))
    vip = row.vip or ("(Kubernetes assigns it)" if row.vip_pending else "(none left)")
    return f"{row.hostname} -> {row.kind} {row.service} ports {ports} VIP {vip}"


def _side_by_side(item: PolicyMigration) -> list[tuple[str, str]]:
    before = [_before(row) for row in item.before]
    after = [_after(row) for row in item.after]
    size = max(len(before), len(after))
    return [(before[index] if index < len(before) else "", after[index] if index < len(after) else "") for index in range(size)]


def to_text(migration: Migration) -> str:
    lines = [f"vocheck migrate: to Kuma {migration.target}"]
    if not migration.policies:
        lines.append("No VirtualOutbound to migrate.")
    width = max((len(item.policy) for item in migration.policies), default=6)
    for item in migration.policies:
        codes = ", ".join(f"{reason.code} {reason.slug}" for reason in item.reasons)
        lines.append(f"  {item.policy.ljust(width)}  {item.mesh}  {item.verdict.ljust(11)}  {codes}  ({item.file}:{item.line})")
    for item in migration.policies:
        lines.append("")
        lines.append(f"VirtualOutbound {item.policy} (mesh {item.mesh}, {item.file}:{item.line}): {item.verdict}")
        for reason in item.reasons:
            where = f"{item.file}:{reason.line}:{reason.column}: " if reason.line else ""
            lines.append(f"  {where}{reason.code} {reason.slug}: {reason.message}")
        pairs = _side_by_side(item)
        if pairs:
            left = max(len("BEFORE (VirtualOutbound)"), *(len(before) for before, _ in pairs))
            lines.append(f"  {'BEFORE (VirtualOutbound)'.ljust(left)}  AFTER (HostnameGenerator)")
            lines.extend(f"  {before.ljust(left)}  {after}".rstrip() for before, after in pairs)
        proof = {
            None: "not previewed",
            True: "the preview of the migrated tree shows exactly the before side, and the differences the reasons name",
            False: "the preview of the migrated tree differs (A9)",
        }
        if item.resources:
            lines.append(f"  proof: {proof[item.proven]}")
        lines.extend(f"  difference: {difference.message}" for difference in item.differences)
        lines.extend(f"  note: {note}" for note in item.notes)
        if item.resources:
            lines.append(f"  writes {file_name(item)}: {', '.join(f'{resource.kind} {resource.name}' for resource in item.resources)}")
    if migration.check_errors:
        lines.append("")
        lines.append("vocheck check on the migrated resources:")
        lines.extend(f"  {error}" for error in migration.check_errors)
    if migration.left_out:
        lines.append("")
        lines.extend(f"left out {entry}" for entry in migration.left_out)
    if migration.not_written:
        lines.append("")
        lines.extend(f"not written by this run: {entry}" for entry in migration.not_written)
        lines.append(f"  {NOT_WRITTEN_ADVICE}")
    if migration.steps:
        lines.append("")
        lines.append("The switch, in order:")
        for number, step in enumerate(migration.steps, 1):
            lines.append(f"  {number}. {step.title}")
            lines.append(f"     {step.detail}")
            lines.append(f"     {step.diff}")
    counts = _counts(migration)
    lines.append("")
    lines.append(f"{_policies(len(migration.policies))}: {counts['exact']} exact, {counts['approximate']} approximate, {counts['impossible']} impossible")
    return "\n".join(lines) + "\n"


def to_json(migration: Migration) -> dict[str, Any]:
    return {
        "target": migration.target,
        "policies": [_policy_json(item) for item in migration.policies],
        "check_errors": list(migration.check_errors),
        "left_out": list(migration.left_out),
        **({} if migration.not_written is None else {"not_written": list(migration.not_written)}),
        "steps": [{"title": step.title, "detail": step.detail, "diff": step.diff} for step in migration.steps],
        "summary": {"policies": len(migration.policies), **_counts(migration)},
    }


def _policy_json(item: PolicyMigration) -> dict[str, Any]:
    return {
        "policy": item.policy,
        "mesh": item.mesh,
        "file": item.file,
        "line": item.line,
        "form": item.form,
        "verdict": item.verdict,
        "reasons": [
            {"code": reason.code, "slug": reason.slug, "kind": reason.kind, "message": reason.message,
             "line": reason.line, "column": reason.column}
            for reason in item.reasons
        ],
        "before": [
            {"hostname": row.hostname, "port": row.port, "tags": dict(row.tags), "endpoints": [str(entry) for entry in row.endpoints]}
            for row in item.before
        ],
        "after": [
            {"hostname": row.hostname, "kind": row.kind, "service": row.service, "ports": list(row.ports), "vip": row.vip, "vip_pending": row.vip_pending,
             "generator": row.generator,
             "endpoints": {str(port): [str(entry) for entry in entries] for port, entries in sorted(row.endpoints.items())}}
            for row in item.after
        ],
        "differences": [
            {"hostname": difference.hostname, "port": difference.port, "what": difference.what, "message": difference.message}
            for difference in item.differences
        ],
        "proven": item.proven,
        "notes": list(item.notes),
        "file_written": file_name(item),
        "resources": [{"kind": resource.kind, "name": resource.name} for resource in item.resources],
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(migration: Migration) -> str:
    counts = _counts(migration)
    lines = [
        f"## vocheck migrate: to Kuma {migration.target}",
        "",
        f"{len(migration.policies)} VirtualOutbound {'policy' if len(migration.policies) == 1 else 'policies'}: **{counts['exact']} exact**, "
        f"**{counts['approximate']} approximate**, **{counts['impossible']} impossible**.",
        "",
        "| policy | mesh | verdict | reasons | source |",
        "| --- | --- | --- | --- | --- |",
    ]
    for item in migration.policies:
        codes = ", ".join(f"{reason.code} {reason.slug}" for reason in item.reasons)
        lines.append(f"| `{_cell(item.policy)}` | {_cell(item.mesh)} | {item.verdict} | {_cell(codes)} | `{_cell(item.file)}:{item.line}` |")
    for item in migration.policies:
        lines += ["", f"### `{_cell(item.policy)}` ({item.mesh}): {item.verdict}", ""]
        lines.extend(f"- **{reason.code} {reason.slug}** (line {reason.line}): {_cell(reason.message)}" for reason in item.reasons)
        pairs = _side_by_side(item)
        if pairs:
            lines += ["", "| before (VirtualOutbound) | after (HostnameGenerator) |", "| --- | --- |"]
            lines.extend(f"| {_cell(before)} | {_cell(after)} |" for before, after in pairs)
        extra = [f"difference: {difference.message}" for difference in item.differences] + [f"note: {note}" for note in item.notes]
        if extra:
            lines.append("")
            lines.extend(f"- {_cell(text)}" for text in extra)
    if migration.check_errors:
        lines += ["", "### vocheck check on the migrated resources", ""]
        lines.extend(f"- `{_cell(error)}`" for error in migration.check_errors)
    if migration.left_out:
        lines += ["", "### Left out", ""]
        lines.extend(f"- `{_cell(entry)}`" for entry in migration.left_out)
    if migration.not_written:
        lines += ["", "### Not written by this run", "", NOT_WRITTEN_ADVICE, ""]
        lines.extend(f"- `{_cell(entry)}`" for entry in migration.not_written)
    if migration.steps:
        lines += ["", "### The switch, in order", ""]
        for number, step in enumerate(migration.steps, 1):
            lines.append(f"{number}. **{_cell(step.title)}**. {_cell(step.detail)} *{_cell(step.diff)}*")
    return "\n".join(lines) + "\n"
