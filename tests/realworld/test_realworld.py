"""Real-world corpus: every finding on public Kuma YAML is one a person reviewed.

The corpus (Kuma's testdata and goldens, docs pages, demo repositories) is
named in provenance.tsv and materialised by collect.py; it is not in this
repository. expected.json holds the reviewed verdict of every finding:
``expected: true`` findings vocheck must report, ``expected: false`` false
positives it reports today, each with ``pending`` naming the fix it waits for.

A finding nobody reviewed, or a reviewed correct finding that disappears,
fails the test: that is the next false positive, or a lost catch. Known false
positives still reported make the second test an expected failure that lists
them, so the suite stays green while their fixes are under way and says when
they have all landed.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("realworld_collect", HERE / "collect.py")
assert _spec is not None and _spec.loader is not None
collect = importlib.util.module_from_spec(_spec)
# dataclasses look their module up in sys.modules while the module runs.
sys.modules[_spec.name] = collect
_spec.loader.exec_module(collect)

Key = tuple[str, str, int, int]

SOURCES = collect.read_provenance()
EXPECTED: list[dict[str, Any]] = collect.load_expected()["findings"]
CORPUS = collect.find_corpus()
needs_corpus = pytest.mark.skipif(
    CORPUS is None,
    reason=(
        f"no real-world corpus in {collect.LOCAL_CORPUS} or {collect.SHARED_CORPUS}; "
        "materialise it with `python tests/realworld/collect.py` "
        "(it needs git mirrors of the repositories in provenance.tsv)"
    ),
)


def _count(entries: Iterable[dict[str, Any]]) -> Counter[Key]:
    return Counter(collect.finding_key(entry) for entry in entries)


def _describe(keys: Counter[Key], entries: Iterable[dict[str, Any]], note: str = "") -> list[str]:
    lines = []
    for entry in entries:
        key = collect.finding_key(entry)
        if keys[key] > 0:
            keys[key] -= 1
            file, code, line, column = key
            lines.append(f"  {file}:{line}:{column} {code} {entry.get('message', '')}")
            if note:
                lines.append(f"      {note}: {entry.get(note)}")
    return lines


@pytest.fixture(scope="module")
def reported() -> list[dict[str, Any]]:
    assert CORPUS is not None
    found: list[dict[str, Any]] = collect.run_vocheck(CORPUS, SOURCES)
    return found


@pytest.mark.parametrize(
    ("shell", "payload"),
    [
        ("cat <<EOF | kubectl apply -f -\ntype: Mesh\nname: m\nEOF\n", "type: Mesh\nname: m\n"),
        ("$ cat <<'EOF' | kumactl apply -f -\n  a: 1\n  EOF\necho done\n", "  a: 1\n"),
        ("echo 'kind: Mesh\nmetadata: {name: m}' | kubectl apply -f -\n", "kind: Mesh\nmetadata: {name: m}\n"),
        ('echo "\nhost: \\"{{.svc}}\\"\ncost: \\$5" | kubectl apply -f-\n', '\nhost: "{{.svc}}"\ncost: $5\n'),
        ('kuma-dp run \\\n  --dataplane="\n  type: Dataplane\n  name: dp"\n', "\n  type: Dataplane\n  name: dp\n"),
        ("cat dp.yaml\ntype: Dataplane\n\nkuma-dp run \\\n  --dataplane-file=dp.yaml\n", "type: Dataplane\n\n"),
        ("type: Mesh\nname: plain\n", "type: Mesh\nname: plain\n"),
    ],
    ids=["heredoc", "quoted heredoc tag", "echo '...'", 'echo "..."', "kuma-dp --dataplane", "cat", "plain"],
)
def test_shell_payload_is_the_resource_a_reader_copies(shell: str, payload: str) -> None:
    assert collect.shell_payload(shell) == payload


def test_blocks_and_raw_strings_are_numbered_in_order() -> None:
    page = (
        "text\n```yaml\na: 1\n```\n"
        "- item\n  ~~~\n  b: 2\n    c: 3\n  ~~~\n"
        "```sh\n{% raw %}x{% endraw %}\n```\n"
    )
    assert collect.markdown_blocks(page) == ["a: 1\n", "b: 2\n  c: 3\n", "{% raw %}x{% endraw %}\n"]
    assert collect.extract(page, "md:2") == "x\n"
    go = 'a := "`no`" // `no`\n/* `no` */ b := `one`\nc := \'`\'\nd := `two\r\n`\n'
    assert collect.go_raw_strings(go) == ["one", "two\n"]
    assert collect.extract(go, "go:1") == "two\n"


def test_every_expectation_is_reviewed_and_traceable() -> None:
    files = {source.file for source in SOURCES}
    problems = []
    for entry in EXPECTED:
        where = f"{entry['file']}:{entry['line']}:{entry['column']} {entry['code']}"
        if entry["file"] not in files:
            problems.append(f"{where}: file is not in provenance.tsv")
        if entry.get("verdict", collect.UNREVIEWED) == collect.UNREVIEWED:
            problems.append(f"{where}: no reviewed verdict")
        if not entry["expected"] and not entry.get("pending"):
            problems.append(f"{where}: a false positive must say which fix it waits for (pending)")
    assert not problems, "expected.json:\n" + "\n".join(problems)


@needs_corpus
def test_corpus_is_complete() -> None:
    assert CORPUS is not None
    missing = [source.file for source in SOURCES if not (CORPUS / source.file).is_file()]
    assert not missing, f"{CORPUS} lacks {len(missing)} files of provenance.tsv, e.g. {missing[:3]}; rerun collect.py"


@needs_corpus
def test_findings_match_the_review(reported: list[dict[str, Any]]) -> None:
    found = _count(reported)
    reviewed = _count(EXPECTED)
    settled = _count(entry for entry in EXPECTED if entry["expected"] and not entry.get("pending"))
    unreviewed, lost = found - reviewed, settled - found
    severities = {(collect.finding_key(entry), entry["severity"]) for entry in EXPECTED}
    changed = [
        f"  {entry['file']}:{entry['line']}:{entry['column']} {entry['code']} is now {entry['severity']}"
        for entry in reported
        if collect.finding_key(entry) in reviewed and (collect.finding_key(entry), entry["severity"]) not in severities
    ]
    message = []
    if unreviewed:
        message += ["vocheck reports findings nobody reviewed (a new false positive, or a new catch to confirm):"]
        message += _describe(unreviewed, reported)
    if lost:
        message += ["vocheck no longer reports findings reviewed as correct:"]
        message += _describe(lost, EXPECTED, "verdict")
    if changed:
        message += ["severity changed:", *changed]
    if message:
        message.append(
            "Review them against Kuma's source; `python tests/realworld/collect.py --expect` drafts the new "
            "expected.json (as expected.candidate.json), keeping every reviewed verdict."
        )
    assert not message, "\n".join(message)


@needs_corpus
def test_known_false_positives_are_fixed(reported: list[dict[str, Any]]) -> None:
    found = _count(reported)
    false_positives = [entry for entry in EXPECTED if not entry["expected"]]
    misses = [entry for entry in EXPECTED if entry["expected"] and entry.get("pending")]
    waiting = _describe(_count(false_positives) & found, false_positives, "pending")
    waiting += _describe(_count(misses) - found, misses, "pending")
    by_fix = Counter(line.split("pending: ", 1)[1] for line in waiting if "pending: " in line)
    if by_fix:
        pytest.xfail(
            "known false positives and misses waiting for their fixes: "
            + "; ".join(f"{count} x {fix}" for fix, count in sorted(by_fix.items()))
        )
