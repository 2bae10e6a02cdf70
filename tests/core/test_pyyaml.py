"""PyYAML's reader pattern, compiled in its cheaper form, matches exactly the characters PyYAML's own does."""

from __future__ import annotations

import re
import subprocess
import sys

from vocheck._perf.pyyaml import READER_PATTERN, SAME_SET

EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))


def test_both_forms_match_the_same_characters_over_all_of_unicode() -> None:
    written = re.compile(READER_PATTERN).findall(EVERY_CHARACTER)
    assert re.compile(SAME_SET).findall(EVERY_CHARACTER) == written
    assert len(written) == 9 + 2 + 18 + 6 + 26 + 2048 + 2  # the seven ranges, counted


def test_the_reader_pattern_is_the_one_pyyaml_writes() -> None:
    """If PyYAML changes its pattern, priming stops matching it: the check says so rather than going slow silently."""
    probe = "import yaml.reader; print(repr(yaml.reader.Reader.NON_PRINTABLE.pattern))"
    written = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert written == repr(READER_PATTERN)


def test_a_run_primes_the_pattern_before_pyyaml_compiles_it() -> None:
    probe = (
        "import vocheck.load.documents, yaml.reader\n"
        "from vocheck._perf.pyyaml import SAME_SET\n"
        "print(yaml.reader.Reader.NON_PRINTABLE.pattern == SAME_SET)\n"
    )
    primed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert primed == "True"


# Scalars of every kind PyYAML's implicit resolvers and constructors tell apart.
SCALARS = """\
bools: [yes, No, TRUE, off, On]
ints: [0b1010, 0o17, 017, 0x1F, -1_000, 190:20:30, 0]
floats: [1.5, -.5e+3, 6.8523015e+5, 190:20:30.15, .inf, -.Inf, .NaN, 1_000.5]
nulls: [~, null, Null, ""]
times: [2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10 -5, 2002-12-14, 2001-12-15 2:59:43.10]
merge: {<<: {a: 1}, b: 2}
strings: [yes please, "0x1F", 12:30:00x, "=", "!", "&"]
"""
LOAD = "import yaml, sys; print(repr(yaml.safe_load(sys.stdin.read())))"


def test_pyyaml_resolves_and_constructs_exactly_as_when_imported_plainly() -> None:
    def loaded(prefix: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", prefix + LOAD], input=SCALARS, capture_output=True, text=True, check=True
        ).stdout

    plain = loaded("")
    assert "datetime.datetime(2001, 12, 14, 21, 59, 43, 100000" in plain and "'bools': [True, False, True, False, True]" in plain
    assert loaded("import vocheck.load; ") == plain


def test_the_patterns_pyyaml_compiles_on_import_wait_for_their_first_use() -> None:
    probe = (
        "import re\n"
        "compile = re.compile\n"
        "import vocheck.load, yaml\n"
        "from vocheck._perf.pyyaml import PatternOnFirstUse\n"
        "patterns = [p for rs in yaml.resolver.Resolver.yaml_implicit_resolvers.values() for _, p in rs]\n"
        "patterns.append(yaml.constructor.SafeConstructor.timestamp_regexp)\n"
        "print(re.compile is compile, all(isinstance(p, PatternOnFirstUse) and '_compiled' not in vars(p) for p in patterns))\n"
        "print(isinstance(yaml.reader.Reader.NON_PRINTABLE, re.Pattern))\n"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert output.split() == ["True", "True", "True"]


def test_a_pattern_on_first_use_is_the_compiled_pattern_to_its_callers() -> None:
    import copy
    import pickle

    from vocheck._perf.pyyaml import PatternOnFirstUse

    waiting = PatternOnFirstUse(r"^(?: ~ | null )$", re.X)
    compiled = re.compile(r"^(?: ~ | null )$", re.X)
    assert waiting.match("null") is not None and waiting.match("nul") is None
    assert (waiting.pattern, waiting.flags, repr(waiting)) == (compiled.pattern, compiled.flags, repr(compiled))
    assert waiting == compiled and hash(waiting) == hash(compiled)
    for copied in (pickle.loads(pickle.dumps(waiting)), copy.copy(waiting), copy.deepcopy(waiting)):
        assert copied == compiled and isinstance(copied, re.Pattern)


def test_only_pyyaml_on_the_importing_thread_gets_stand_ins() -> None:
    """Another thread compiling patterns while PyYAML is imported gets compiled patterns, as always."""
    probe = (
        "import re, sys, threading\n"
        "sys.setswitchinterval(1e-6)\n"
        "done, odd = [], []\n"
        "def compiling():\n"
        "    number = 0\n"
        "    while not done:\n"
        "        number += 1\n"
        "        if not isinstance(re.compile(f'user-{number}'), re.Pattern):\n"
        "            odd.append(number)\n"
        "thread = threading.Thread(target=compiling)\n"
        "thread.start()\n"
        "import vocheck.load, yaml\n"
        "done.append(True)\n"
        "thread.join()\n"
        "from vocheck._perf.pyyaml import PatternOnFirstUse\n"
        "print(len(odd), isinstance(yaml.constructor.SafeConstructor.timestamp_regexp, PatternOnFirstUse))\n"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert output.split() == ["0", "True"]
