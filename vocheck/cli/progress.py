"""The progress line a long run draws on standard error, and erases."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from vocheck.engine.run import Progress, run


class ProgressLine:
    """How a long run is going, on one line of a terminal's standard error, erased at the end.

    Shown only once the run has taken half a second, and redrawn at most ten
    times a second: short runs, pre-commit and editors never see it.
    """

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream
        self._clock = clock
        self._start = clock()
        self._drawn = 0.0
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self._clock()
        if now - self._start < 0.5 or (stage == self._stage and now - self._drawn < 0.1):
            return
        self._drawn, self._stage = now, stage
        text = f"vocheck: {stage} {done:,}/{total:,}" if total else f"vocheck: {stage}"
        self._stream.write(f"\r\x1b[K{text}")
        self._stream.flush()

    def erase(self) -> None:
        if self._stage:
            self._stream.write("\r\x1b[K")
            self._stream.flush()


@contextmanager
def progress_line(quiet: bool = False) -> Iterator[Progress | None]:
    stream = sys.stderr
    if quiet or stream is None or not stream.isatty() or os.environ.get("TERM") == "dumb":
        yield None
        return
    line = ProgressLine(stream)
    try:
        yield line
    finally:
        line.erase()
