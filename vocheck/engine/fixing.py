"""``--fix``: apply the fixes findings carry to the files' text, re-check, repeat; never re-serialise YAML.

Each round applies, per file, every fix that overlaps no other chosen one,
then checks the whole run again on the edited texts (whole-set checks see
every file as it would be). A file whose edits break its YAML or add an
error goes back to its text before that round and takes its fixes one at
a time from then on, so that only the fix to blame is left out.
Nothing is written here: the caller writes ``FixedFile.data`` or shows a diff.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import field
from pathlib import Path

from vocheck._perf.records import record
from vocheck.engine.plan import Plan
from vocheck.engine.run import Progress, collect
from vocheck.load.sources import Found, Source, decode, discover, read_bytes
from vocheck.model import Diagnostic, Edit, Fix, Report, Severity

# Rounds of fix-and-recheck; a fix that keeps producing new fixable findings stops here.
MAX_ROUNDS = 10
# Rounds a file that went back may take on top, one fix at a time, to find the fix to blame.
CAREFUL_ROUNDS = 20
# What makes a file unreadable after an edit: broken YAML, or a value Kuma cannot take at all.
_BROKEN = ("VO001", "VO004")


@record
class FixedFile:
    """One input whose text the fixes changed."""

    name: str
    path: str | None  # None for standard input
    before: str
    after: str
    data: bytes  # ``after`` encoded as the file was: the same byte-order mark and encoding
    digest: str  # of the bytes read, to refuse writing over a file changed since
    fixes: int


@record
class FixOutcome:
    """What ``--fix`` did: the report of what remains, the changed files, what it would not do."""

    report: Report
    files: tuple[FixedFile, ...]
    applied: int
    # Fixes left in the remaining findings because they are unsafe and --unsafe-fixes was not given.
    unsafe_left: int
    reverted: tuple[tuple[str, str], ...] = ()
    # Inputs as they were read: standard input's text, for writing it back unchanged.
    originals: dict[str, str] = field(default_factory=dict)


@record(frozen=False)
class _Input:
    source: Source
    raw: bytes
    bom: bytes
    codec: str
    text: str
    fixes: int = 0
    # After a round made it worse: one fix per round, so the fix to blame is known.
    careful: bool = False
    # Fixes found to make the file worse: (code, message, fix message) of their findings.
    refused: set[tuple[str, str, str]] = field(default_factory=set)

    def encoded(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec)


def fix_run(
    paths: Sequence[str],
    fresh_plan: Callable[[], Plan],
    stdin_name: str | None,
    *,
    unsafe: bool,
    progress: Progress | None = None,
) -> FixOutcome:
    """Check ``paths``, apply their fixes until none is left (at most MAX_ROUNDS), and say what changed."""
    first = fresh_plan()
    found: list[Found] = []
    inputs: dict[str, _Input] = {}
    for item in discover(paths, stdin_name):
        if isinstance(item, Source):
            max_size = first.configs.for_path(Path(item.name)).max_file_size
            data = read_bytes(item, max_size)
            if isinstance(data, bytes):
                loaded = _input(item, data)
                if loaded is not None:
                    inputs[item.name] = loaded
                item = Source(item.name, item.path, data)
        found.append(item)
    wanted = ("safe", "unsafe") if unsafe else ("safe",)
    texts = {name: loaded.text for name, loaded in inputs.items()}
    report = _check(found, inputs, texts, first, paths, stdin_name, progress)
    reverted: list[tuple[str, str]] = []
    applied = 0
    for number in range(MAX_ROUNDS + CAREFUL_ROUNDS):
        if number >= MAX_ROUNDS and not any(loaded.careful for loaded in inputs.values()):
            break
        edited: dict[str, str] = {}
        chosen = _chosen(report.diagnostics, inputs, texts, wanted)
        for name, fixes in chosen.items():
            edited[name] = apply_edits(texts[name], [edit for _, fix in fixes for edit in fix.edits])
        edited = {name: text for name, text in edited.items() if text != texts[name]}
        if not edited:
            break
        candidate = _check(found, inputs, {**texts, **edited}, fresh_plan(), paths, stdin_name, progress)
        worse = {name: why for name in edited if (why := made_worse(report, candidate, name)) is not None}
        if _errors(candidate, edited) > _errors(report, edited):
            # An error in a file no fix touched (a name now taken twice): every edited file is a suspect.
            worse = {name: worse.get(name, "would add an error in another file") for name in edited}
        for name, why in worse.items():
            loaded = inputs[name]
            if len(chosen[name]) > 1:
                loaded.careful = True  # not said yet: the next rounds find the fix to blame
            else:
                ((blamed, fix),) = chosen[name]
                loaded.refused.add(_key(blamed))
                what = fix.message or "no description"
                reverted.append((name, f"the fix of {blamed.code} on line {blamed.line} ({what}) {why}"))
            del edited[name]
        if worse:
            if not edited:
                continue  # nothing changed this round after all: the report stands
            candidate = _check(found, inputs, {**texts, **edited}, fresh_plan(), paths, stdin_name, progress)
        texts.update(edited)
        for name in edited:
            inputs[name].fixes += len(chosen[name])
            applied += len(chosen[name])
        report = candidate
    files = tuple(
        FixedFile(
            name,
            loaded.source.path,
            loaded.text,
            texts[name],
            loaded.encoded(texts[name]),
            hashlib.sha256(loaded.raw).hexdigest(),
            loaded.fixes,
        )
        for name, loaded in inputs.items()
        if texts[name] != loaded.text
    )
    unsafe_left = sum(1 for item in report.diagnostics if item.fix is not None and item.fix.applicability == "unsafe")
    originals = {name: loaded.text for name, loaded in inputs.items()}
    return FixOutcome(report, files, applied, 0 if unsafe else unsafe_left, tuple(reverted), originals)


def _input(source: Source, data: bytes) -> _Input | None:
    text = decode(data)
    if not isinstance(text, str):
        return None
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _Input(source, data, bom, codec, text)
    return _Input(source, data, b"", "utf-8", text)


def _check(
    found: Sequence[Found],
    inputs: dict[str, _Input],
    texts: dict[str, str],
    plan: Plan,
    paths: Sequence[str],
    stdin_name: str | None,
    progress: Progress | None,
) -> Report:
    given = [
        Source(item.name, item.path, inputs[item.name].encoded(texts[item.name]))
        if isinstance(item, Source) and item.name in inputs
        else item
        for item in found
    ]
    return collect(paths, plan, stdin_name, progress, given)[0]


def _chosen(
    diagnostics: Sequence[Diagnostic], inputs: dict[str, _Input], texts: dict[str, str], wanted: tuple[str, ...]
) -> dict[str, list[tuple[Diagnostic, Fix]]]:
    """Per file, the fixes to apply this round: in file order, each overlapping none chosen before it.

    Offsets are in ``texts``, the files as the last round left them.
    """
    by_file: dict[str, list[tuple[Diagnostic, Fix]]] = {}
    for item in diagnostics:
        fix = item.fix
        loaded = inputs.get(item.file)
        if fix is None or fix.applicability not in wanted or loaded is None or not fix.edits or _key(item) in loaded.refused:
            continue
        if any(not 0 <= edit.start <= edit.end <= len(texts[item.file]) for edit in fix.edits):
            continue
        by_file.setdefault(item.file, []).append((item, fix))
    chosen: dict[str, list[tuple[Diagnostic, Fix]]] = {}
    for name, fixes in by_file.items():
        taken: list[Edit] = []
        kept: list[tuple[Diagnostic, Fix]] = []
        for item, fix in sorted(fixes, key=lambda pair: min((edit.start, edit.end) for edit in pair[1].edits)):
            if any(fix == other for _, other in kept) or any(edits_overlap(edit, other) for edit in fix.edits for other in taken):
                continue
            kept.append((item, fix))
            taken.extend(fix.edits)
            if inputs[name].careful:
                break
        chosen[name] = kept
    return chosen


def _key(item: Diagnostic) -> tuple[str, str, str]:
    return item.code, item.message, item.fix.message if item.fix is not None else ""


def edits_overlap(one: Edit, other: Edit) -> bool:
    # Two edits at one place (an insertion where another begins) have no order between them: not together.
    return one.start < other.end and other.start < one.end or one.start == other.start


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied; offsets are all in the original text."""
    # From the end, so earlier offsets stay valid; at one start, the deletion before the insertion.
    for edit in sorted(edits, key=lambda edit: (edit.start, edit.end), reverse=True):
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text


def _errors(report: Report, edited: dict[str, str]) -> int:
    """The errors of the files not in ``edited``."""
    return sum(1 for item in report.diagnostics if item.severity >= Severity.ERROR and item.file not in edited)


def made_worse(before: Report, after: Report, name: str) -> str | None:
    """Why the fixed text of ``name`` must not be kept, if it must not."""
    old = [item for item in before.diagnostics if item.file == name]
    new = [item for item in after.diagnostics if item.file == name]
    if any(item.code in _BROKEN for item in new) and not any(item.code in _BROKEN for item in old):
        return "would make it unreadable YAML"
    errors = sum(1 for item in new if item.severity >= Severity.ERROR)
    if errors > sum(1 for item in old if item.severity >= Severity.ERROR):
        return "would add an error"
    # A value of a shape Kuma cannot decode, where there was none: a renamed field of another type.
    if any(item.code == "VO002" for item in new) and not any(item.code == "VO002" for item in old):
        return "would add an error"
    return None


class WriteRefused(Exception):
    """A fixed file that must not be written; the message says why."""


def write_fixed(fixed: FixedFile, root: str | None = None) -> None:
    """Write a fixed file in place, atomically; refuse one changed since it was read or reached through a link out of the tree."""
    assert fixed.path is not None
    target = os.path.realpath(fixed.path)
    if target != os.path.abspath(fixed.path):  # a link on the way: its target must stay in the tree
        tree = os.path.realpath(root or os.getcwd())
        here = os.path.dirname(os.path.abspath(fixed.path))
        if not any(target.startswith(os.path.join(base, "")) for base in (tree, here)):
            raise WriteRefused("it is a symbolic link to a file outside the tree; not written")
    try:
        with open(target, "rb") as current:
            now = current.read()
        mode = os.stat(target).st_mode
    except OSError as error:
        raise WriteRefused(f"cannot read it again: {error.strerror or error}; not written") from error
    if hashlib.sha256(now).hexdigest() != fixed.digest:
        raise WriteRefused("it changed on disk since vocheck read it; not written (run vocheck again)")
    temporary = f"{target}.vocheck-fix.{os.getpid()}"
    try:
        with open(temporary, "wb") as out:
            out.write(fixed.data)
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, target)
    except OSError as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise WriteRefused(f"cannot write it: {error.strerror or error}") from error


def unified_diff(files: Sequence[FixedFile]) -> str:
    """A unified diff of every fixed file, with a/ and b/ prefixes, that ``patch -p1`` and ``git apply`` take."""
    import difflib

    parts: list[str] = []
    for fixed in files:
        name = fixed.name.replace(os.sep, "/").removeprefix("./").lstrip("/")
        old, new = _lines(fixed.before), _lines(fixed.after)
        lines = list(difflib.unified_diff(old, new, f"a/{name}", f"b/{name}", n=3))
        for line in lines:
            if line.endswith("\n"):
                parts.append(line)
            else:
                parts.append(line + "\n\\ No newline at end of file\n")
    return "".join(parts)


def _lines(text: str) -> list[str]:
    # Split at "\n" alone, as patch does: a lone "\r" or a form feed stays inside its line.
    return re.findall(r"[^\n]*\n|[^\n]+\Z", text)
