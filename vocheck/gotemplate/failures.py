"""The one exception the template engine raises, in parse and exec flavours."""

from __future__ import annotations

from typing import Literal

Phase = Literal["parse", "exec"]


class TemplateError(Exception):
    """A template failed to parse or to execute; ``str(error)`` is Go's ``err.Error()``.

    ``phase`` says which step failed. ``limit`` names the resource bound that
    stopped execution (``"output"``, ``"steps"``, ``"depth"``) when the failure
    comes from vocheck's own limits rather than from Go's semantics, else None.
    """

    def __init__(self, message: str, phase: Phase, limit: str | None = None, steps: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.phase: Phase = phase
        self.limit = limit
        self.steps = steps  # what execution cost until it failed, in steps (see Template.execute_counted)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[type[TemplateError], tuple[str, Phase, str | None]]:
        return (TemplateError, (self.message, self.phase, self.limit))
