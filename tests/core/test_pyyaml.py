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
