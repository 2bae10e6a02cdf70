"""What a run does to its diagnostics once they are placed: inline suppressions, then the baseline."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from vocheck._perf.records import record
from vocheck.model import Diagnostic, Resource


@record
class RunData:
    """What post-run filters (suppressions, baselines) may consult about the inputs."""

    texts: Mapping[str, str]
    resources: Mapping[tuple[str, int], Sequence[Resource]]


DiagnosticFilter = Callable[[list[Diagnostic], RunData], list[Diagnostic]]
