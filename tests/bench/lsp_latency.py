"""The language server's latency, as an editor sees it, on the editor corpus (300 policy + 300 Dataplane files).

Usage: ``python tests/bench/lsp_latency.py [--work-dir DIR] [--edits N] [--toggles N] [--interval S]``
(``tests/bench/run.py --lsp-only`` runs it with the other benchmarks' set-up and targets).

It starts ``vocheck lsp`` on the workspace, opens a few policy and Dataplane
files, and then measures:

1. per-file: ``didChange`` of an open document to the ``publishDiagnostics``
   for that version of it, over many edits that add and remove an unknown
   field (VO101 must come and go), at the pace a person types: mostly
   0.08 to 0.2 s apart, with one pause in four of 0.3 to 1 s, long enough
   for the debounced whole-set checks to start, so that some edits arrive
   while they run (``--interval S`` sets one fixed pace instead);
2. whole-set: ``didChange`` of one document to the moment the diagnostics of
   *another* open document show the effect: renaming a policy to the name of
   another one (VO403 on the other), and moving a Dataplane's inbound to
   another service (VO505 on the policy that matched it), each made and undone.

Wrong diagnostics (a VO101 that does not come or go, a VO403 that never
shows) are failures, as much as slow ones.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from generate import EDITOR_APPLICATIONS, MESHES, MISTAKE_EVERY, WILDCARD_EVERY, editor_dataplane_path, editor_policy_path, write_corpus  # noqa: E402
from lsp_client import LanguageServerProcess, ProtocolError, Publication, client_capabilities, sync_kind  # noqa: E402

# How long one awaited update may take before it counts as missing.
TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class Latencies:
    """The samples of one kind of update, in seconds."""

    label: str
    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.inf

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)

    @property
    def worst(self) -> float:
        return max(self.samples, default=math.inf)


@dataclass(frozen=True, slots=True)
class LspRun:
    """What one benchmark run measured, and what went wrong in it."""

    startup: float  # from starting the process to the first diagnostics of every opened document
    per_file: Latencies
    whole_set: tuple[Latencies, ...]
    failures: tuple[str, ...] = field(default=())


def percentile(samples: Sequence[float], rank: float) -> float:
    """The nearest-rank percentile: the smallest sample that ``rank`` percent of the samples do not exceed."""
    if not samples:
        return math.inf
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(rank / 100 * len(ordered)) - 1)]


@dataclass
class OpenDocument:
    """A document the benchmark holds open, with the text and version the server has."""

    uri: str
    text: str
    version: int = 1


def plain_indices(count: int) -> list[int]:
    """Applications whose policy has no deliberate mistake and selects one service only."""
    return [
        index
        for index in range(1, EDITOR_APPLICATIONS)
        if index % MISTAKE_EVERY != MISTAKE_EVERY - 1 and index % WILDCARD_EVERY != 0
    ][:count]


class Session:
    """A server with open documents, edited as an editor edits them."""

    def __init__(self, server: LanguageServerProcess, root: Path, incremental: bool) -> None:
        self.server = server
        self.root = root
        self.incremental = incremental
        self.documents: dict[str, OpenDocument] = {}

    def open(self, relative: str) -> OpenDocument:
        path = self.root / relative
        document = OpenDocument(path.as_uri(), path.read_text(encoding="utf-8"))
        self.documents[relative] = document
        self.server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": document.uri, "languageId": "yaml", "version": 1, "text": document.text}},
        )
        return document

    def replace_line(self, document: OpenDocument, line: int, new: str) -> float:
        """Replace whole line ``line`` (0-based; ``new`` ends with a newline, or is empty to delete it)."""
        lines = document.text.splitlines(keepends=True)
        lines[line : line + 1] = [new] if new else []
        return self._change(document, "".join(lines), {"start": {"line": line, "character": 0}, "end": {"line": line + 1, "character": 0}}, new)

    def insert_line(self, document: OpenDocument, line: int, new: str) -> float:
        """Insert ``new`` (ending with a newline) before line ``line``."""
        lines = document.text.splitlines(keepends=True)
        lines.insert(line, new)
        at = {"line": line, "character": 0}
        return self._change(document, "".join(lines), {"start": at, "end": at}, new)

    def _change(self, document: OpenDocument, text: str, edited: Mapping[str, Any], new: str) -> float:
        document.text = text
        document.version += 1
        change: dict[str, Any] = {"range": edited, "text": new} if self.incremental else {"text": text}
        return self.server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": document.uri, "version": document.version}, "contentChanges": [change]},
        )

    def update_of(self, document: OpenDocument, start: int, timeout: float = TIMEOUT) -> Publication | None:
        """The first diagnostics for the document's current version (a server that sends no version: any later one)."""
        version = document.version
        return self.server.wait_for(
            lambda publication: publication.uri == document.uri
            and (publication.version is None or publication.version >= version),
            start,
            timeout,
        )


def line_of(text: str, prefix: str) -> int:
    """The 0-based number of the first line that starts with ``prefix``."""
    for number, line in enumerate(text.splitlines()):
        if line.startswith(prefix):
            return number
    raise ValueError(f"no line starts with {prefix!r}")


def typing_pauses(count: int, seed: int = 15) -> list[float]:
    """Seconds between edits as a person types: bursts of keys, and pauses to think."""
    source = random.Random(seed)
    return [source.uniform(0.3, 1.0) if source.random() < 0.25 else source.uniform(0.08, 0.2) for _ in range(count)]


def measure_per_file(
    session: Session, edited: Sequence[OpenDocument], edits: int, interval: float | None, failures: list[str]
) -> Latencies:
    """Add an unknown field to a document, then take it out, document after document."""
    samples: list[float] = []
    pauses = typing_pauses(edits) if interval is None else [interval] * edits
    for number in range(edits):
        document = edited[(number // 2) % len(edited)]
        adding = number % 2 == 0
        # An unknown field in the first block of the document, right below its opening key.
        anchor = line_of(document.text, "conf:" if "VirtualOutbound" in document.text else "networking:") + 1
        start = len(session.server.publications)
        if adding:
            sent = session.insert_line(document, anchor, "  benchmarkField: 1\n")
        else:
            sent = session.replace_line(document, anchor, "")
        publication = session.update_of(document, start)
        if publication is None:
            failures.append(f"no diagnostics for version {document.version} of {document.uri} within {TIMEOUT:.0f} s")
            continue
        samples.append(publication.received - sent)
        if ("VO101" in publication.codes) != adding:
            failures.append(
                f"version {document.version} of {document.uri}: VO101 should be {'shown' if adding else 'gone'}, "
                f"got {sorted(publication.codes)}"
            )
        time.sleep(pauses[number])
    return Latencies("per-file: didChange -> publishDiagnostics of the edited document", tuple(samples))


def measure_cross_file(
    session: Session,
    edited: OpenDocument,
    line_prefix: str,
    replacement: str,
    affected: OpenDocument,
    code: str,
    toggles: int,
    label: str,
    failures: list[str],
) -> Latencies:
    """Make and undo a change in ``edited``; time until ``affected`` shows ``code``, then no longer shows it."""
    samples: list[float] = []
    line = line_of(edited.text, line_prefix)
    original = edited.text.splitlines(keepends=True)[line]
    for number in range(toggles * 2):
        making = number % 2 == 0
        start = len(session.server.publications)
        sent = session.replace_line(edited, line, replacement if making else original)
        publication = session.server.wait_for(
            lambda publication: publication.uri == affected.uri and (code in publication.codes) == making, start, TIMEOUT
        )
        if publication is None:
            state = "show" if making else "drop"
            failures.append(f"{affected.uri} did not {state} {code} within {TIMEOUT:.0f} s of a change to {edited.uri}")
            continue
        samples.append(publication.received - sent)
        session.server.quiet(0.3, TIMEOUT)
    return Latencies(label, tuple(samples))


def run(
    root: Path,
    command: Sequence[str],
    env: Mapping[str, str] | None = None,
    edits: int = 200,
    toggles: int = 10,
    interval: float | None = None,
    log: Path | None = None,
) -> LspRun:
    """Start the server on the workspace ``root`` and measure it."""
    failures: list[str] = []
    indices = plain_indices(14)
    renamed = indices[0]
    # The duplicate pair must share a mesh: the next application of the same mesh.
    duplicate = next(index for index in indices[1:] if index % len(MESHES) == renamed % len(MESHES))
    moved = next(index for index in indices[1:] if index != duplicate)
    others = [index for index in indices if index not in (renamed, duplicate, moved)][:10]
    with open(log or Path(tempfile.gettempdir()) / "vocheck-lsp-bench.log", "wb") as stderr:
        started = time.perf_counter()
        server = LanguageServerProcess(command, root, env, stderr)
        try:
            result = server.request(
                "initialize",
                {
                    "processId": None,
                    "clientInfo": {"name": "vocheck-bench"},
                    "rootUri": root.as_uri(),
                    "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                    "capabilities": client_capabilities(),
                },
                timeout=120,
            )
            server.notify("initialized", {})
            session = Session(server, root, sync_kind(result.get("capabilities", {})) == 2)
            opened = [session.open(editor_policy_path(index)) for index in (renamed, duplicate, moved, *others)]
            opened += [session.open(editor_dataplane_path(index)) for index in (moved, *others)]
            for document in opened:
                if session.update_of(document, 0, timeout=120) is None:
                    raise ProtocolError(f"no diagnostics for {document.uri} after opening it")
            startup = time.perf_counter() - started
            server.quiet(1.0, 120)
            edited = [session.documents[editor_policy_path(index)] for index in others[:5]]
            edited += [session.documents[editor_dataplane_path(index)] for index in others[5:]]
            per_file = measure_per_file(session, edited, edits, interval, failures)
            server.quiet(1.0, 60)
            first = session.documents[editor_policy_path(renamed)]
            second = session.documents[editor_policy_path(duplicate)]
            second_name = second.text.splitlines()[line_of(second.text, "name:")]
            rename = measure_cross_file(
                session, first, "name:", second_name + "\n", second, "VO403", toggles,
                "whole-set: rename a policy -> VO403 on the other open policy", failures,
            )
            dataplane = session.documents[editor_dataplane_path(moved)]
            policy = session.documents[editor_policy_path(moved)]
            service_line = dataplane.text.splitlines()[line_of(dataplane.text, "        kuma.io/service:")]
            unused = measure_cross_file(
                session, dataplane, "        kuma.io/service:", service_line + "-moved\n", policy, "VO505", toggles,
                "whole-set: move a Dataplane's inbound -> VO505 on its open policy", failures,
            )
        except ProtocolError as error:
            failures.append(str(error))
            empty = Latencies("per-file: didChange -> publishDiagnostics of the edited document", ())
            return LspRun(math.inf, empty, (), tuple(failures))
        finally:
            server.close()
    return LspRun(startup, per_file, (rename, unused), tuple(failures))


def table(result: LspRun) -> str:
    """The measurements as a markdown table, in milliseconds."""
    lines = [
        "| update | samples | median (ms) | p95 (ms) | max (ms) |",
        "|---|---:|---:|---:|---:|",
        f"| start-up: launch -> diagnostics of every opened document | 1 | {result.startup * 1000:.0f} | | |",
    ]
    for latencies in (result.per_file, *result.whole_set):
        lines.append(
            f"| {latencies.label} | {len(latencies.samples)} | {latencies.median * 1000:.1f} | "
            f"{latencies.p95 * 1000:.1f} | {latencies.worst * 1000:.1f} |"
        )
    lines += [f"\nfailure: {failure}" for failure in result.failures]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "vocheck-bench")
    parser.add_argument("--edits", type=int, default=200, help="per-file edits to time")
    parser.add_argument("--toggles", type=int, default=10, help="times each cross-file change is made and undone")
    parser.add_argument("--interval", type=float, help="seconds between edits (default: a person's typing pace)")
    options = parser.parse_args(argv)
    root = write_corpus("E", options.work_dir / "corpora")
    result = run(
        root,
        [sys.executable, "-m", "vocheck", "lsp"],
        edits=options.edits,
        toggles=options.toggles,
        interval=options.interval,
        log=options.work_dir / "lsp-server.log",
    )
    print(table(result))
    return 1 if result.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
