"""Reports and baselines never overwrite a file the run checks."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence

from vocheck.errors import UsageError
from vocheck.load.sources import Found, Source
from vocheck._perf.records import record

# What vocheck's own JSON files hold near their start: a baseline, or a json, rdjson, sarif or gitlab report.
_OWN_MARKERS = ('"vocheck-baseline"', '"name": "vocheck"', '"engine_name": "vocheck"', '{\n  "diagnostics": [')


@record
class Output:
    """A file the run will write, and the option that named it as the user wrote it (for the message)."""

    option: str  # "--output report.json", "--format json:report.json"
    path: str


def refuse_overwriting_inputs(outputs: Sequence[Output], found: Iterable[Found]) -> None:
    """Stop the run (UsageError) when an output is a file it checks, before anything is read.

    ``vocheck check policies/ --output policies/web.yaml`` would replace a
    policy with its own report. Files are compared as the system sees them,
    so another spelling of the path or a link to the file is caught too. A
    file vocheck wrote itself (a baseline or a JSON report found again by a
    walk of ``.``) or an empty one may be overwritten: nothing is lost.
    """
    targets: dict[tuple[int, int], Output] = {}
    for output in outputs:
        identity = _identity(output.path)
        if identity is not None:
            targets.setdefault(identity, output)
    if not targets:
        return
    for item in found:
        if not isinstance(item, Source):
            continue
        target = targets.get(_identity(item.path if item.path is not None else item.name) or (-1, -1))
        if target is not None and not _replaceable(target.path):
            raise UsageError(
                f"{target.option} would overwrite {item.name}, which this run checks; "
                "write it outside the checked files"
            )


def _identity(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return (status.st_dev, status.st_ino) if stat.S_ISREG(status.st_mode) else None


def _replaceable(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    return not head.strip() or (head.lstrip()[:1] in "{[" and any(marker in head for marker in _OWN_MARKERS))
