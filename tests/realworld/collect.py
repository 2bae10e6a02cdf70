"""Materialise the real-world corpus, run vocheck over it, and draft its expectation file.

The corpus is public Kuma YAML (Kuma's testdata and goldens, docs pages, demo
repositories). None of it is kept in this repository: ``provenance.tsv`` names
every file by repository, commit and path, and this script copies each one out
of a local git mirror into ``tests/realworld/corpus/`` (git-ignored). A docs
page contributes its fenced code blocks and a Go test file its raw string
literals, each as a file of its own, so findings point at lines a reader can
open.

    python tests/realworld/collect.py              # write the corpus
    python tests/realworld/collect.py --expect     # draft expected.candidate.json
    python tests/realworld/collect.py --diff       # what the draft changes in expected.json

``--expect`` runs vocheck exactly as the test does and writes every finding,
keeping the reviewed verdict of each finding that expected.json already has
and marking new ones ``"verdict": "UNREVIEWED"``. A person reviews the draft
against Kuma's source and then copies it over expected.json.

Mirrors are found at ``<mirrors>/<owner>+<name>/repo`` (the layout the
workplace's fetch tool leaves) or ``<mirrors>/<owner>/<name>.git``; ``--mirrors``
or ``VOCHECK_MIRRORS`` says where ``<mirrors>`` is.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import itertools
import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PROVENANCE = HERE / "provenance.tsv"
EXPECTED = HERE / "expected.json"
CANDIDATE = HERE / "expected.candidate.json"
LOCAL_CORPUS = HERE / "corpus"
# Where the project lead may place a materialised copy, beside the repository.
SHARED_CORPUS = ROOT.parent / "shared" / "realworld"
DEFAULT_MIRRORS = Path("/work/.mirror")
UNREVIEWED = "UNREVIEWED"


@dataclass(frozen=True)
class Source:
    """One corpus file: where it comes from and which run it belongs to."""

    file: str  # path inside the corpus
    unit: str  # files of one unit are checked together, in one vocheck run
    repository: str  # owner/name on GitHub
    commit: str
    path: str  # path inside the repository
    block: str  # "", "md:N", "md:N:sh" or "go:N": see extract()
    note: str


def read_provenance(path: Path = PROVENANCE) -> list[Source]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [Source(**{key: row[key] or "" for key in Source.__dataclass_fields__}) for row in rows]


def find_corpus() -> Path | None:
    """The materialised corpus: the local copy first, then the lead's shared one."""
    override = os.environ.get("VOCHECK_REALWORLD")
    candidates = [Path(override)] if override else [LOCAL_CORPUS, SHARED_CORPUS]
    for candidate in candidates:
        if candidate.is_dir() and any(candidate.iterdir()):
            return candidate
    return None


# --- extraction -------------------------------------------------------------

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def markdown_blocks(text: str) -> list[str]:
    """Every fenced code block of a markdown page, in order, without its fences.

    Lines lose as much leading indentation as the opening fence had, as
    CommonMark does, so blocks nested in lists or tabs come out as YAML again.
    """
    blocks: list[str] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None or (opening["fence"][0] == "`" and "`" in opening["info"]):
            index += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        body: list[str] = []
        index += 1
        while index < len(lines):
            line = lines[index]
            stripped = line.lstrip(" ")
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]).strip():
                break
            lead = len(line) - len(stripped)
            body.append(line[min(lead, indent) :])
            index += 1
        blocks.append("".join(f"{line}\n" for line in body))
        index += 1
    return blocks


def go_raw_strings(text: str) -> list[str]:
    """Every raw string literal (`...`) of a Go source file, in order.

    Comments, interpreted strings and runes are skipped so that a backquote
    inside them does not start a literal. Go drops carriage returns from raw
    strings, and so does this.
    """
    found: list[str] = []
    position, size = 0, len(text)
    while position < size:
        character = text[position]
        if text.startswith("//", position):
            end = text.find("\n", position)
            position = size if end < 0 else end
        elif text.startswith("/*", position):
            end = text.find("*/", position + 2)
            position = size if end < 0 else end + 2
        elif character in "\"'":
            position += 1
            while position < size and text[position] not in (character, "\n"):
                position += 2 if text[position] == "\\" else 1
            position += 1
        elif character == "`":
            end = text.find("`", position + 1)
            if end < 0:
                break
            found.append(text[position + 1 : end].replace("\r", ""))
            position = end + 1
        else:
            position += 1
    return found


_HEREDOC = re.compile(r"<<-?[ \t]*(['\"]?)(?P<tag>\w+)\1[^\n]*\n")
_QUOTED = re.compile(r"(?:\becho|--dataplane=)[ \t]*(?P<quote>['\"])")
_DOUBLE_QUOTE_ESCAPE = re.compile(r"\\([\\\"$`])")
_CAT = re.compile(r"(?:\$\s*)?cat\s+[\w./-]+")
_COMMAND = re.compile(r"(?:\$\s*)?(?:kuma-dp|kumactl|kubectl|\./)")
_LIQUID_RAW = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")


def shell_payload(text: str) -> str:
    """The YAML a docs shell command feeds to kubectl, kumactl or kuma-dp.

    Docs pages often wrap a resource in ``cat <<EOF | kubectl apply -f -``,
    ``echo '...' | kubectl apply -f -`` or ``kuma-dp run --dataplane="..."``;
    the resource is what a reader copies, so that is what is checked. Text with
    none of these shapes is returned unchanged.
    """
    heredoc = _HEREDOC.search(text)
    if heredoc is not None:
        body: list[str] = []
        for line in text[heredoc.end() :].splitlines():
            if line.strip() == heredoc["tag"]:
                break
            body.append(line)
        return "".join(f"{line}\n" for line in body)
    quoted = _QUOTED.search(text)
    if quoted is not None:
        quote, start = quoted["quote"], quoted.end()
        end = start
        while end < len(text) and text[end] != quote:
            end += 2 if quote == '"' and text[end] == "\\" else 1
        payload = text[start:end]
        if quote == '"':
            payload = _DOUBLE_QUOTE_ESCAPE.sub(r"\1", payload)
        return payload.rstrip(" ") + ("" if payload.endswith("\n") else "\n")
    command, _, output = text.partition("\n")
    if not _CAT.fullmatch(command.strip()):
        return text
    # "cat dp.yaml" and the file it prints, up to the next command.
    printed = itertools.takewhile(lambda line: _COMMAND.match(line) is None, output.splitlines())
    return "".join(f"{line}\n" for line in printed)


def extract(content: str, block: str) -> str:
    """The corpus file for one provenance row.

    ``block`` is empty (the whole file), ``go:N`` (a Go file's Nth raw
    string), ``md:N`` (a page's Nth fenced block, without the docs site's
    ``{% raw %}`` markers, which a reader never sees) or ``md:N:sh`` (the
    resource inside that block's shell command).
    """
    if not block:
        return content
    kind, number, *shell = block.split(":")
    if kind == "go":
        return go_raw_strings(content)[int(number)]
    text = _LIQUID_RAW.sub("", markdown_blocks(content)[int(number)])
    return shell_payload(text) if shell == ["sh"] else text


# --- materialising ------------------------------------------------------------


def mirror_of(repository: str, mirrors: Path) -> Path:
    owner, name = repository.split("/", 1)
    for candidate in (mirrors / f"{owner}+{name}" / "repo", mirrors / owner / f"{name}.git"):
        if candidate.is_dir():
            return candidate
    raise SystemExit(f"collect.py: no git mirror of {repository} under {mirrors}")


def git_show(mirror: Path, commit: str, path: str) -> str:
    completed = subprocess.run(
        ["git", "--git-dir", str(mirror), "show", f"{commit}:{path}"],
        check=True,
        capture_output=True,
    )
    return completed.stdout.decode("utf-8")


def materialise(sources: Sequence[Source], mirrors: Path, out: Path) -> int:
    pages: dict[tuple[str, str, str], str] = {}
    for source in sources:
        key = (source.repository, source.commit, source.path)
        if key not in pages:
            pages[key] = git_show(mirror_of(source.repository, mirrors), source.commit, source.path)
        target = out / source.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(extract(pages[key], source.block), encoding="utf-8")
    return len(sources)


# --- running vocheck ------------------------------------------------------------


def units(sources: Sequence[Source]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for source in sources:
        grouped.setdefault(source.unit, []).append(source.file)
    return grouped


def run_vocheck(corpus: Path, sources: Sequence[Source]) -> list[dict[str, Any]]:
    """Every finding of vocheck over the corpus, one ``vocheck check`` per unit.

    Units are checked apart because vocheck's whole-set checks (duplicate
    names, hostname clashes, unused policies) compare every resource of a run:
    two docs examples that both name their mesh ``default`` are not one mesh,
    and checking them together would report clashes no user ever has. The
    units run in this process through the CLI's own entry point, which keeps
    the whole corpus to one interpreter start.
    """
    from vocheck.cli import main

    findings: list[dict[str, Any]] = []
    cwd = Path.cwd()
    os.chdir(corpus)
    try:
        for files in units(sources).values():
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                code = main(["check", "--isolated", "--no-suppress", "--format", "json", "--jobs", "1", *files])
            if code == 2:
                raise RuntimeError(f"vocheck could not run on {files}")
            for diagnostic in json.loads(buffer.getvalue())["diagnostics"]:
                findings.append(
                    {
                        "file": Path(diagnostic["file"]).as_posix(),
                        "code": diagnostic["code"],
                        "line": diagnostic["line"],
                        "column": diagnostic["column"],
                        "severity": diagnostic["severity"],
                        "message": diagnostic["message"],
                    }
                )
    finally:
        os.chdir(cwd)
    return sorted(findings, key=finding_key)


def finding_key(finding: dict[str, Any]) -> tuple[str, str, int, int]:
    return (finding["file"], finding["code"], finding["line"], finding["column"])


# --- expectations ------------------------------------------------------------


def load_expected(path: Path = EXPECTED) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def draft(found: Sequence[dict[str, Any]], reviewed: dict[str, Any]) -> dict[str, Any]:
    """expected.json's shape for this run's findings, keeping every reviewed verdict.

    A finding reviewed as a false positive (``"expected": false``) that is
    still reported keeps that verdict; one that is gone is dropped, because
    the fix it waited for has landed. Findings vocheck should report but does
    not yet (``"expected": true`` with ``pending``) are kept while missing.
    Two findings can share a position (say two violations of one resource),
    so a reviewed entry is matched by its message first.
    """
    known: dict[tuple[str, str, int, int], list[dict[str, Any]]] = {}
    for entry in reviewed.get("findings", []):
        known.setdefault(finding_key(entry), []).append(entry)
    entries: list[dict[str, Any]] = []
    for finding in found:
        candidates = known.get(finding_key(finding), [])
        same = [entry for entry in candidates if entry.get("message") == finding["message"]]
        entry = dict(candidates.pop(candidates.index((same or candidates)[0])) if candidates else {})
        entry.update({key: finding[key] for key in ("file", "code", "line", "column", "severity")})
        entry.setdefault("expected", True)
        entry.setdefault("verdict", UNREVIEWED)
        entry["message"] = finding["message"]
        entries.append(entry)
    entries.extend(
        entry
        for leftover in known.values()
        for entry in leftover
        if entry.get("expected", True) and entry.get("pending")
    )
    return {key: value for key, value in reviewed.items() if key != "findings"} | {
        "findings": sorted(entries, key=finding_key)
    }


def expectation_diff(current: dict[str, Any], candidate: dict[str, Any]) -> Iterator[str]:
    old = Counter(finding_key(entry) for entry in current.get("findings", []))
    new = Counter(finding_key(entry) for entry in candidate.get("findings", []))
    for sign, keys in (("-", old - new), ("+", new - old)):
        for file, code, line, column in sorted(keys.elements()):
            yield f"{sign} {file}:{line}:{column} {code}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, default=Path(os.environ.get("VOCHECK_MIRRORS", DEFAULT_MIRRORS)))
    parser.add_argument("--out", type=Path, default=LOCAL_CORPUS, help="where to write the corpus")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--expect", action="store_true", help=f"write {CANDIDATE.name} from a vocheck run")
    action.add_argument("--diff", action="store_true", help="list what a vocheck run changes in expected.json")
    options = parser.parse_args(argv)
    sources = read_provenance()
    if not (options.expect or options.diff):
        count = materialise(sources, options.mirrors, options.out)
        print(f"collect.py: wrote {count} files to {options.out}")
        return 0
    corpus = options.out if options.out != LOCAL_CORPUS else find_corpus()
    if corpus is None:
        print("collect.py: no corpus; run collect.py first", file=sys.stderr)
        return 2
    reviewed = load_expected() if EXPECTED.exists() else {}
    candidate = draft(run_vocheck(corpus, sources), reviewed)
    if options.diff:
        changes = list(expectation_diff(reviewed, candidate))
        print("\n".join(changes) if changes else "collect.py: expected.json matches this run")
        return 1 if changes else 0
    CANDIDATE.write_text(json.dumps(candidate, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    unreviewed = sum(entry["verdict"] == UNREVIEWED for entry in candidate["findings"])
    print(f"collect.py: wrote {CANDIDATE.name}: {len(candidate['findings'])} findings, {unreviewed} unreviewed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
