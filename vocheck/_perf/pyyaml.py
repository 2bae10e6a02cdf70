"""PyYAML's import without its costliest line: the pure-Python reader's pattern, compiled in a cheaper form.

``import yaml`` defines ``yaml.reader.Reader``, whose class body compiles
``NON_PRINTABLE``: every character outside YAML's printable set, written as
the negation of ranges that cover all of Unicode. Compiling that set walks
each of its code points in Python (57 million instructions, a sixth of a
whole one-file ``vocheck check``). The same set is seven small ranges when
written directly (the C0 controls but tab and line feeds, DEL to the C1
controls but NEL, the surrogates, U+FFFE and U+FFFF); ``prime`` compiles that
form and files it in ``re``'s cache under the reader's pattern, so the class
body finds it there. Both forms match exactly the same characters
(tests/core/test_pyyaml.py walks all of Unicode), so the reader, which
vocheck's own checks use, behaves as before.

When ``re`` keeps no such cache (a future Python), nothing is primed and
PyYAML compiles its pattern itself: slower, not different.
"""

from __future__ import annotations

import re
import sys

# yaml.reader.Reader.NON_PRINTABLE as PyYAML writes it, and the same set written directly.
READER_PATTERN = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
SAME_SET = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"


def prime() -> None:
    """Before PyYAML is first imported: give ``re`` the reader's pattern, compiled cheaply."""
    cache = getattr(re, "_cache", None)
    if "yaml" in sys.modules or not isinstance(cache, dict):
        return
    # re.compile(pattern) looks its result up under (type, pattern, flags).
    cache.setdefault((str, READER_PATTERN, 0), re.compile(SAME_SET))
