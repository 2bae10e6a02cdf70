"""Benchmark vocheck against its peer and against the cost of parsing alone, side by side.

Usage: ``python tests/bench/run.py [--corpus S,M,L] [--repeat N] [--compare-jobs] [--markdown FILE]``,
or ``python tests/bench/run.py --only one-file [--repeat N]`` for the start-up target alone (one file of S
against check-jsonschema on it: a few seconds, where the whole bench takes minutes).

Every measurement is a fresh process (the code of this checkout, via
``python -m vocheck`` with the checkout first on ``PYTHONPATH``), timed with
``os.wait4`` so that wall time, CPU time (user + system, including worker
processes) and peak RSS (of the largest process) belong to that run alone.
The peer, check-jsonschema, comes from vocheck's ``bench`` extra or is
installed into its own virtualenv under the work directory on first use; it
is never a dependency of vocheck. The exit status is 1 when a target fails.
"""

from __future__ import annotations

import argparse
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
    """The measured processes' environment: this checkout first, and bytecode cached as an install has it.

    ``PYTHONDONTWRITEBYTECODE`` would make every run compile every module
    again; the cache goes under the work directory, never into the checkout.
    """
    variables = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    variables.pop("GITHUB_ACTIONS", None)
    variables.pop("PYTHONDONTWRITEBYTECODE", None)
    variables["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return variables


ENVIRONMENT: dict[str, str] = {}


def measure(label: str, command: Sequence[str], repeat: int = 1, cwd: Path | None = None) -> Measurement:
    """Run ``command`` ``repeat`` times; keep the run with the median wall time."""
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
    return [sys.executable, "-m", "vocheck", *arguments]


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
    checks: list[Measurement] = []
    peers: list[Measurement] = []
    for _ in range(max(5, repeat)):
        checks.append(measure("vocheck check, one file", vocheck("check", "-q", one)))
        peers.append(measure("check-jsonschema, one file", peer))
    one_check = sorted(checks, key=lambda run: run.wall)[len(checks) // 2]
    one_peer = sorted(peers, key=lambda run: run.wall)[len(peers) // 2]
    detail = f"{one_check.wall * 1000:.0f} ms / {one_peer.wall * 1000:.0f} ms"
    return [one_check, one_peer], Target("one file <= 0.3 x check-jsonschema", one_check.wall / one_peer.wall, 0.3, detail)


def run_benchmarks(options: argparse.Namespace) -> tuple[list[tuple[str, list[Measurement]]], list[Target], list[str]]:
    work: Path = options.work_dir
    work.mkdir(parents=True, exist_ok=True)
    if options.only == "one-file":
        ENVIRONMENT.update(environment(work))
        warm_up(work, False, False)
        results, target = one_file(write_corpus("S", work / "corpora"), exported_schema(work), work, options.repeat)
        return [("S", results)], [target], []
    corpora = [name.strip() for name in options.corpus.split(",") if name.strip()]
    rows: list[tuple[str, list[Measurement]]] = []
    targets: list[Target] = []
    notes: list[str] = []
    ENVIRONMENT.update(environment(work))
    preview = has_preview()
    warm_up(work, preview, options.skip_peer)
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
    if options.pairs:
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
        "--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "vocheck-bench", help="corpora and the peer's venv"
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
    options = parser.parse_args(argv)
    rows, targets, notes = run_benchmarks(options)
    text = table(rows, targets, notes)
    print(text)
    if options.markdown:
        options.markdown.write_text(text + "\n", encoding="utf-8")
    return 0 if all(target.passed for target in targets) else 1


if __name__ == "__main__":
    raise SystemExit(main())

