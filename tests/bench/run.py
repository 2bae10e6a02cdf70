"""Benchmark vocheck against its peer and against the cost of parsing alone, side by side.

Usage: ``python tests/bench/run.py [--corpus S,M,L] [--repeat N] [--compare-jobs] [--markdown FILE] [--lsp-only | --no-lsp]``,
or ``python tests/bench/run.py --only one-file [--repeat N]`` for the start-up target alone (one file of S
against check-jsonschema on it: a few seconds, where the whole bench takes minutes).

Every measurement is a fresh process timed with ``os.wait4`` so that wall time, CPU time (user + system, including worker
processes) and peak RSS (of the largest process) belong to that run alone.
vocheck runs as users run it and as the peer runs: the ``vocheck`` console
script of a regular (non-editable) install of this checkout, with its runtime
dependencies only, in a virtualenv of its own under the work directory,
rebuilt whenever the checkout's files change. The peer, check-jsonschema, comes from vocheck's ``bench`` extra or is
installed into its own virtualenv under the work directory on first use; it
is never a dependency of vocheck. The language server's latency
(tests/bench/lsp_latency.py) is measured on the editor corpus when
``vocheck lsp`` can run here. The exit status is 1 when a target fails.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from generate import PAIRS_DATAPLANES, PAIRS_WILDCARDS, write_corpus  # noqa: E402
import lsp_latency  # noqa: E402

# The floor: what composing the same files with libyaml costs, and nothing else.
FLOOR_SCRIPT = """
import os, sys, yaml
def walk(root):
    found = []
    for directory, names, files in os.walk(root):
        names[:] = sorted(name for name in names if not name.startswith("."))
        found += [os.path.join(directory, name) for name in files if name.endswith((".yaml", ".yml", ".json"))]
    return sorted(found)
for path in walk(sys.argv[1]):
    with open(path, "rb") as handle:
        text = handle.read().decode("utf-8")
    for node in yaml.compose_all(text, Loader=yaml.CSafeLoader):
        pass
"""
PEER_REQUIREMENT = "check-jsonschema"
MEBIBYTE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Measurement:
    """One process: what it cost and how it ended."""

    label: str
    wall: float
    cpu: float
    peak_rss: int  # bytes
    exit_code: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    """A ratio the issue sets, and whether this run meets it."""

    name: str
    ratio: float
    limit: float
    detail: str

    @property
    def passed(self) -> bool:
        return self.ratio <= self.limit


def environment(work: Path) -> dict[str, str]:
    """The measured processes' environment: nothing that points Python at the checkout.

    vocheck comes from its own install (see ``install_vocheck``), with the
    bytecode pip compiled at install time, so ``PYTHONPATH`` and
    ``PYTHONPYCACHEPREFIX`` are dropped; ``PYTHONDONTWRITEBYTECODE`` would make
    every run of the floor script compile again.
    """
    variables = dict(os.environ)
    for name in ("GITHUB_ACTIONS", "PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "PYTHONPYCACHEPREFIX", "PYTHONHOME"):
        variables.pop(name, None)
    return variables


def development_environment(work: Path) -> dict[str, str]:
    """For what the clean install cannot run (the language server needs the ``lsp`` extra): this checkout first."""
    variables = environment(work)
    variables["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    variables["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return variables


ENVIRONMENT: dict[str, str] = {}
RUNTIME_REQUIREMENTS = ("pluggy", "jsonschema", "PyYAML")
# How vocheck is started; ``install_vocheck`` points it at the clean install's console script.
VOCHECK: list[str] = [sys.executable, "-m", "vocheck"]
ENVIRONMENT_WORK: list[Path] = [Path(tempfile.gettempdir()) / "vocheck-bench"]


def checkout_digest() -> str:
    """A hash of the checkout's tracked (and modified) files: what the install must be rebuilt for."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    digest = hashlib.sha256()
    for name in sorted(filter(None, listed)):
        path = ROOT / name.decode()
        if path.is_file():
            digest.update(name + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def install_vocheck(work: Path) -> list[str]:
    """This checkout, installed regularly (``pip install --no-deps .``) into a virtualenv of its own.

    The developer's environment runs an editable install's finder and other
    ``.pth`` files at every start, which neither users nor the peer pay. The
    virtualenv is rebuilt when the checkout's files change.
    """
    environment = work / "vocheck-venv"
    executable = environment / "bin" / "vocheck"
    stamp = environment / "vocheck-checkout.sha256"
    digest = checkout_digest()
    if executable.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == digest:
        return [str(executable)]
    print(f"installing this checkout into {environment} ...", file=sys.stderr)
    python = str(environment / "bin" / "python")
    if not (environment / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", *RUNTIME_REQUIREMENTS], check=True)
    with tempfile.TemporaryDirectory() as build:
        # A copy, so that the build leaves nothing (build/, *.egg-info) in the checkout.
        source = Path(build) / "vocheck"
        shutil.copytree(
            ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__", ".mypy_cache")
        )
        subprocess.run(
            [python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(source)],
            check=True,
        )
    stamp.write_text(digest, encoding="utf-8")
    return [str(executable)]


def measure(label: str, command: Sequence[str], repeat: int = 1, cwd: Path | None = None) -> Measurement:
    """Run ``command`` ``repeat`` times; keep the run with the median wall time.

    Each run starts in ``cwd``, by default the work directory, which holds no config:
    started from a checkout, vocheck would read the checkout's pyproject.toml, a file
    about vocheck's development that the peer never reads (it was 5% of a one-file check).
    """
    cwd = cwd or ENVIRONMENT_WORK[0]
    runs: list[Measurement] = []
    for _ in range(repeat):
        with tempfile.TemporaryFile() as errors:
            started = time.perf_counter()
            process = subprocess.Popen(
                list(command), stdout=subprocess.DEVNULL, stderr=errors, cwd=cwd, env=ENVIRONMENT or None
            )
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            errors.seek(0)
            stderr = errors.read().decode("utf-8", "replace")
        note = "traceback!" if "Traceback" in stderr else ""
        runs.append(
            Measurement(
                label, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, process.returncode, note
            )
        )
    runs.sort(key=lambda run: run.wall)
    return runs[len(runs) // 2]


def vocheck(*arguments: str) -> list[str]:
    return [*VOCHECK, *arguments]


def has_preview() -> bool:
    result = subprocess.run(
        vocheck("preview", "--help"),
        capture_output=True,
        env=ENVIRONMENT,
        check=False,
    )
    return result.returncode == 0 and b"usage: vocheck preview" in result.stdout


def has_command(name: str) -> bool:
    result = subprocess.run(vocheck(name, "--help"), capture_output=True, env=ENVIRONMENT, check=False)
    return result.returncode == 0 and f"usage: vocheck {name}".encode() in result.stdout


def diff_repository(corpus: Path, repository: Path) -> Path:
    """A git repository whose HEAD~1 is ``corpus`` and whose HEAD renames the hosts of one file's policies.

    The change is what a pull request does: a handful of (hostname, port)s
    removed and added among thousands that stay.
    """
    marker = repository / ".git" / "vocheck-bench-complete"
    if marker.exists():
        return repository
    if repository.exists():
        shutil.rmtree(repository)
    shutil.copytree(corpus, repository, ignore=shutil.ignore_patterns(".complete"))
    identity = ["-c", "user.name=vocheck-bench", "-c", "user.email=bench@vocheck.invalid"]

    def git(*arguments: str) -> None:
        subprocess.run(["git", *identity, *arguments], cwd=repository, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    changed = sorted(repository.rglob("*.yaml"))[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace('.mesh"', '.internal"'), encoding="utf-8")
    git("commit", "-q", "-a", "-m", "head")
    marker.write_text("", encoding="utf-8")
    return repository


def peer_executable(work: Path) -> Path:
    """check-jsonschema in a virtualenv of its own, installed on first use."""
    beside = Path(sys.executable).parent / "check-jsonschema"
    if beside.exists():  # installed with vocheck's "bench" extra
        return beside
    environment = work / "peer-venv"
    executable = environment / "bin" / "check-jsonschema"
    if not executable.exists():
        print(f"installing {PEER_REQUIREMENT} into {environment} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True)
        subprocess.run([str(environment / "bin" / "python"), "-m", "pip", "install", "-q", PEER_REQUIREMENT], check=True)
    return executable


def exported_schema(work: Path) -> Path:
    """vocheck's own VirtualOutbound Universal schema, exported as an editor would get it."""
    directory = work / "schemas"
    subprocess.run(
        vocheck("schema", "export", str(directory)),
        check=True,
        stdout=subprocess.DEVNULL,
        env=ENVIRONMENT,
    )
    return directory / "virtualoutbound.universal.json"


def warm_up(work: Path, preview: bool, skip_peer: bool) -> None:
    """Run each program once on a few files, so that measured runs find their bytecode cached."""
    examples = str(ROOT / "examples")
    commands = [vocheck("check", examples), [sys.executable, "-c", FLOOR_SCRIPT, examples]]
    if preview:
        commands.append(vocheck("preview", examples))
    if not skip_peer:
        sample = yaml_files(write_corpus("S", work / "corpora"))[:3]
        commands.append([str(peer_executable(work)), "--schemafile", str(exported_schema(work)), *sample])
    for command in commands:
        subprocess.run(command, capture_output=True, env=ENVIRONMENT, check=False)


def yaml_files(root: Path) -> list[str]:
    found: list[str] = []
    for directory, names, files in os.walk(root):
        names[:] = sorted(name for name in names if not name.startswith("."))
        found += [os.path.join(directory, name) for name in files if name.endswith((".yaml", ".yml"))]
    return sorted(found)


def one_file(root: Path, schema: Path, work: Path, repeat: int) -> tuple[list[Measurement], Target]:
    """Start-up: ``vocheck check`` on the first file of ``root`` against check-jsonschema on the same file.

    The two commands alternate, so that load from elsewhere on the machine falls on both alike.
    """
    one = yaml_files(root)[0]
    peer = [str(peer_executable(work)), "--schemafile", str(schema), one]
    # For scale, in vocheck's virtualenv: the interpreter alone, and the interpreter importing what
    # any one-file check must (the runtime dependencies it parses and registers checks with, and the
    # standard library modules they and the command line bring).
    python = str(Path(VOCHECK[0]).parent / "python") if VOCHECK[0].endswith("vocheck") else sys.executable
    floors = {
        "python -c pass": [python, "-c", "pass"],
        "python: import yaml, pluggy, argparse, pathlib": [python, "-c", "import yaml, pluggy, argparse, pathlib"],
    }
    labels = ("vocheck check, one file", "check-jsonschema, one file", *floors)
    runs: dict[str, list[Measurement]] = {label: [] for label in labels}
    for _ in range(max(5, repeat)):
        runs["vocheck check, one file"].append(measure("vocheck check, one file", vocheck("check", "-q", one)))
        runs["check-jsonschema, one file"].append(measure("check-jsonschema, one file", peer))
        for label, command in floors.items():
            runs[label].append(measure(label, command))
    medians = [sorted(measured, key=lambda run: run.wall)[len(measured) // 2] for measured in runs.values()]
    one_check, one_peer = medians[0], medians[1]
    detail = (
        f"{one_check.wall * 1000:.0f} ms / {one_peer.wall * 1000:.0f} ms (the interpreter alone {medians[2].wall * 1000:.0f} ms,"
        f" importing the dependencies {medians[3].wall * 1000:.0f} ms)"
    )
    return medians, Target("one file <= 0.3 x check-jsonschema", one_check.wall / one_peer.wall, 0.3, detail)


def can_serve_lsp() -> str:
    """Why ``vocheck lsp`` cannot run in this checkout and environment, or "" when it can."""
    result = subprocess.run(
        [sys.executable, "-m", "vocheck", "lsp", "--help"],
        capture_output=True,
        env=development_environment(ENVIRONMENT_WORK[0]),
        check=False,
    )
    if result.returncode != 0 or b"usage: vocheck lsp" not in result.stdout:
        return "`vocheck lsp` does not exist in this checkout yet: the language-server targets are skipped."
    probe = subprocess.run([sys.executable, "-c", "import pygls, lsprotocol"], capture_output=True, check=False)
    if probe.returncode != 0:
        return "pygls is not installed (`pip install -e '.[lsp]'`): the language-server targets are skipped."
    return ""


def lsp_benchmark(options: argparse.Namespace, targets: list[Target], notes: list[str]) -> None:
    """The language server on the editor corpus: its table goes to the notes, its limits to the targets."""
    missing = can_serve_lsp()
    if missing:
        notes.append(missing)
        return
    root = write_corpus("E", options.work_dir / "corpora")
    # The clean install has no pygls (the ``lsp`` extra): the server runs from the checkout.
    result = lsp_latency.run(
        root,
        [sys.executable, "-m", "vocheck", "lsp"],
        development_environment(options.work_dir),
        edits=options.lsp_edits,
        toggles=options.lsp_toggles,
        log=options.work_dir / "lsp-server.log",
    )
    notes.append("Language server, editor corpus E (300 policy files, 300 Dataplane files):\n\n" + lsp_latency.table(result))
    per_file = result.per_file
    targets.append(
        Target(
            "LSP per-file p95 <= 50 ms",
            per_file.p95 / 0.050,
            1.0,
            f"p95 {per_file.p95 * 1000:.1f} ms, median {per_file.median * 1000:.1f} ms over {len(per_file.samples)} edits",
        )
    )
    whole = [sample for latencies in result.whole_set for sample in latencies.samples]
    worst = max(whole, default=float("inf"))
    targets.append(
        Target("LSP whole-set update <= 2 s", worst / 2.0, 1.0, f"slowest {worst * 1000:.0f} ms of {len(whole)} updates")
    )
    targets.append(
        Target("LSP diagnostics as expected", float(len(result.failures)), 0.0, f"{len(result.failures)} wrong or missing updates")
    )


def run_benchmarks(options: argparse.Namespace) -> tuple[list[tuple[str, list[Measurement]]], list[Target], list[str]]:
    work: Path = options.work_dir
    work.mkdir(parents=True, exist_ok=True)
    ENVIRONMENT_WORK[:] = [work]
    if options.only == "one-file":
        ENVIRONMENT.update(environment(work))
        VOCHECK[:] = install_vocheck(work)
        warm_up(work, False, False)
        measured, target = one_file(write_corpus("S", work / "corpora"), exported_schema(work), work, options.repeat)
        return [("S", measured)], [target], []
    corpora = [] if options.lsp_only else [name.strip() for name in options.corpus.split(",") if name.strip()]
    rows: list[tuple[str, list[Measurement]]] = []
    targets: list[Target] = []
    notes: list[str] = []
    ENVIRONMENT.update(environment(work))
    VOCHECK[:] = install_vocheck(work)
    preview = has_preview()
    warm_up(work, preview, options.skip_peer or options.lsp_only)
    if not preview:
        notes.append("`vocheck preview` does not exist in this checkout yet: its rows are skipped.")
    jobs = ["--jobs", options.jobs] if options.jobs else []
    for name in corpora:
        root = write_corpus(name, work / "corpora")
        results: list[Measurement] = []
        floor = measure("compose floor", [sys.executable, "-c", FLOOR_SCRIPT, str(root)], options.repeat)
        results.append(floor)
        check = measure("vocheck check", vocheck("check", "-q", *jobs, str(root)), options.repeat)
        results.append(check)
        if options.compare_jobs:
            serial = vocheck("check", "-q", "--jobs", "1", str(root))
            results.append(measure("vocheck check --jobs 1", serial, options.repeat))
        if name == "S" and not options.skip_peer:
            schema = exported_schema(work)
            peer = measure(
                "check-jsonschema",
                [str(peer_executable(work)), "--schemafile", str(schema), *yaml_files(root)],
                options.repeat,
            )
            results.append(peer)
            targets.append(
                Target("check S <= 0.2 x check-jsonschema", check.wall / peer.wall, 0.2, f"{check.wall:.2f} s / {peer.wall:.2f} s")
            )
            one_results, one_target = one_file(root, schema, work, options.repeat)
            results += one_results
            targets.append(one_target)
        if name == "M":
            targets.append(
                Target("check M <= 4 x compose floor", check.wall / floor.wall, 4.0, f"{check.wall:.2f} s / {floor.wall:.2f} s")
            )
        if name in ("M", "L") and preview:
            shown = measure("vocheck preview", vocheck("preview", str(root)), options.repeat)
            results.append(shown)
            if name == "M" and has_command("diff"):
                repository = diff_repository(root, work / "diff-M")
                diffed = measure("vocheck diff HEAD~1 HEAD", vocheck("diff", "HEAD~1", "HEAD"), options.repeat, repository)
                results.append(diffed)
                targets.append(
                    Target("diff M <= 2.5 x preview M", diffed.wall / shown.wall, 2.5, f"{diffed.wall:.2f} s / {shown.wall:.2f} s")
                )
            if name == "L":
                targets.append(
                    Target("preview L <= 3 x compose floor", shown.wall / floor.wall, 3.0, f"{shown.wall:.2f} s / {floor.wall:.2f} s")
                )
                targets.append(
                    Target("preview L peak RSS <= 400 MB", shown.peak_rss / MEBIBYTE / 400, 1.0, f"{shown.peak_rss / MEBIBYTE:.0f} MB")
                )
        rows.append((name, results))
    if options.pairs and not options.lsp_only:
        # Cost grows with the (policy, matching inbound) pairs: the same files, 0 to 200,000 pairs.
        by_pairs: list[tuple[int, Measurement]] = []
        for scale in (0, 1, 2, 4):
            root = write_corpus("P", work / "corpora", scale)
            label = f"vocheck check, {scale * PAIRS_WILDCARDS * PAIRS_DATAPLANES:,} pairs"
            by_pairs.append((scale, measure(label, vocheck("check", "-q", *jobs, str(root)), options.repeat)))
        rows.append(("P x0/x1/x2/x4", [measurement for _, measurement in by_pairs]))
        documents_only = by_pairs[0][1].cpu
        unit = by_pairs[1][1].cpu - documents_only
        worst = max((measurement.cpu - documents_only) / (scale * unit) for scale, measurement in by_pairs[1:])
        per_pair = ", ".join(
            f"x{scale}: {(m.cpu - documents_only) / (scale * PAIRS_WILDCARDS * PAIRS_DATAPLANES) * 1e6:.1f} us"
            for scale, m in by_pairs[1:]
        )
        targets.append(
            Target("pairs linear: CPU beyond 0 pairs / (scale x that at x1) <= 1.15", worst, 1.15, f"CPU per pair {per_pair}")
        )
    if "S" in corpora and options.linearity:
        timings: list[tuple[int, Measurement]] = []
        for scale in (1, 2, 4):
            root = write_corpus("S", work / "corpora", scale)
            timings.append((scale, measure(f"vocheck check, S x{scale}", vocheck("check", "-q", *jobs, str(root)), options.repeat)))
        rows.append(("S x1/x2/x4", [measurement for _, measurement in timings]))
        # CPU time, not wall time: it is what grows with the input, and other load on the machine
        # moves it far less.
        base = timings[0][1].cpu
        worst = max(measurement.cpu / (scale * base) for scale, measurement in timings)
        per_thousand = ", ".join(f"x{scale}: {m.cpu / (5 * scale):.3f} s" for scale, m in timings)
        targets.append(
            Target("linear: CPU / (scale x CPU at x1) <= 1.15", worst, 1.15, f"CPU per 1,000 documents {per_thousand}")
        )
    if options.lsp or options.lsp_only:
        lsp_benchmark(options, targets, notes)
    return rows, targets, notes


def table(rows: list[tuple[str, list[Measurement]]], targets: list[Target], notes: list[str]) -> str:
    lines = [
        "| corpus | command | wall (s) | CPU (s) | peak RSS (MB) | exit |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, results in rows:
        for result in results:
            note = f" {result.note}" if result.note else ""
            lines.append(
                f"| {name} | {result.label} | {result.wall:.2f} | {result.cpu:.2f} | "
                f"{result.peak_rss / MEBIBYTE:.0f} | {result.exit_code}{note} |"
            )
    lines += ["", "| target | ratio | limit | figures | result |", "|---|---:|---:|---|---|"]
    for target in targets:
        verdict = "PASS" if target.passed else "FAIL"
        lines.append(f"| {target.name} | {target.ratio:.2f} | {target.limit:.2f} | {target.detail} | {verdict} |")
    lines += [f"\n{note}" for note in notes]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="S,M,L", help="comma-separated corpora: S, M, L (default all)")
    parser.add_argument(
        "--work-dir",
        type=lambda given: Path(given).resolve(),  # measured commands start in it: paths into it must not be relative
        default=Path(tempfile.gettempdir()) / "vocheck-bench",
        help="corpora and the peer's venv",
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the median is kept")
    parser.add_argument("--jobs", default="", help="pass --jobs to vocheck check")
    parser.add_argument("--skip-peer", action="store_true", help="do not run check-jsonschema")
    parser.add_argument("--compare-jobs", action="store_true", help="also run vocheck check --jobs 1")
    parser.add_argument("--no-linearity", dest="linearity", action="store_false", help="skip S at x2 and x4")
    parser.add_argument(
        "--no-pairs", dest="pairs", action="store_false", help="skip the pairs corpus (0 to 200,000 policy-inbound pairs)"
    )
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    parser.add_argument("--only", choices=["one-file"], help="measure one target alone: one-file, the start-up target")
    parser.add_argument("--no-lsp", dest="lsp", action="store_false", help="skip the language server's latency")
    parser.add_argument("--lsp-only", action="store_true", help="measure only the language server's latency")
    parser.add_argument("--lsp-edits", type=int, default=200, help="per-file edits the LSP benchmark times")
    parser.add_argument("--lsp-toggles", type=int, default=10, help="times each cross-file change is made and undone")
    options = parser.parse_args(argv)
    rows, targets, notes = run_benchmarks(options)
    text = table(rows, targets, notes)
    print(text)
    if options.markdown:
        options.markdown.write_text(text + "\n", encoding="utf-8")
    return 0 if all(target.passed for target in targets) else 1


if __name__ == "__main__":
    raise SystemExit(main())

