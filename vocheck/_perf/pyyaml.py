"""PyYAML's import without its costliest lines: the patterns its classes compile as they are defined.

``import yaml`` compiles a dozen regular expressions in class bodies and at
module level, and vocheck uses one of them. ``import_pyyaml`` imports PyYAML
so that:

- The pure-Python reader's ``NON_PRINTABLE``, which vocheck's checks use, is
  compiled in a cheaper form. PyYAML writes it as the negation of ranges that
  cover all of Unicode; compiling that set walks each of its code points in
  Python (57 million instructions, a sixth of a whole one-file ``vocheck
  check``). The same set is seven small ranges when written directly (the C0
  controls but tab and line feeds, DEL to the C1 controls but NEL, the
  surrogates, U+FFFE and U+FFFF). That form is compiled and filed in ``re``'s
  cache under the reader's pattern, so the class body finds it there; both
  forms match exactly the same characters (tests/core/test_pyyaml.py walks all
  of Unicode).
- Every other pattern compiled while PyYAML's modules run (the implicit
  resolvers of ``yaml.resolver.Resolver``, the timestamp of
  ``yaml.constructor.SafeConstructor`` ...) is compiled when first used.
  vocheck's own parser resolves no tags with them, so a run that never calls
  ``yaml.safe_load`` never compiles them (10 million instructions, 3% of a
  one-file check). Until then each is a stand-in that answers every attribute
  of the compiled pattern (``match``, ``pattern``, ``flags`` ...), which is all
  PyYAML asks of them: PyYAML, and any code calling their methods, behaves
  exactly as before. They are not ``re.Pattern`` instances, though: code that
  reaches into PyYAML's classes for them and checks ``isinstance`` or hands them
  to ``re.match`` sees the difference. Only PyYAML's own modules, on the thread
  importing it, get stand-ins; ``re.compile`` anywhere else is untouched.

When ``re`` keeps no such cache (a future Python), the reader's pattern is
compiled the slow way: slower, not different.
"""

from __future__ import annotations

import _thread
import re
import sys
from typing import Any

# yaml.reader.Reader.NON_PRINTABLE as PyYAML writes it, and the same set written directly.
READER_PATTERN = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
SAME_SET = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"

_compile = re.compile


def import_pyyaml() -> None:
    """Import PyYAML (once, before anything else of vocheck does) without compiling what it does not need yet."""
    if "yaml" in sys.modules:
        return
    _prime_reader()
    _importing[:] = [_thread.get_ident()]
    re.compile = _on_first_use
    try:
        import yaml  # noqa: F401
    finally:
        re.compile = _compile
        _importing.clear()


def _prime_reader() -> None:
    cache = getattr(re, "_cache", None)
    if isinstance(cache, dict):
        # re.compile(pattern) looks its result up under (type, pattern, flags).
        cache.setdefault((str, READER_PATTERN, 0), _compile(SAME_SET))


_importing: list[int] = []  # the thread importing PyYAML, while it does


def _on_first_use(pattern: Any, flags: int = 0) -> Any:
    caller = sys._getframe(1).f_globals.get("__name__", "")
    if caller.partition(".")[0] != "yaml" or _importing != [_thread.get_ident()]:
        return _compile(pattern, flags)  # another module's, or another thread's: as re.compile does
    if pattern == READER_PATTERN and flags == 0:
        return _compile(pattern, flags)  # primed: the cheap form, now
    return PatternOnFirstUse(pattern, flags)


class PatternOnFirstUse:
    """A regular expression compiled the first time one of its attributes is read.

    Attributes read are kept on the instance, so later uses (``match`` on every
    scalar PyYAML resolves) cost what they cost on the compiled pattern.
    """

    def __init__(self, pattern: Any, flags: int) -> None:
        self._source = (pattern, flags)

    def compiled(self) -> re.Pattern[Any]:
        """The pattern itself, compiled at the first call."""
        compiled: re.Pattern[Any] | None = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = _compile(*self._source)
        return compiled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)  # copy, pickle and the like probe for these: they are the compiled pattern's business
        value = getattr(self.compiled(), name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return repr(self.compiled())

    def __eq__(self, other: object) -> bool:
        compiled = other.compiled() if isinstance(other, PatternOnFirstUse) else other
        return self.compiled() == compiled

    def __hash__(self) -> int:
        return hash(self.compiled())

    def __reduce__(self) -> tuple[Any, ...]:
        return (re.compile, self._source)  # unpickled as the compiled pattern, as a pickled pattern is

    def __copy__(self) -> re.Pattern[Any]:
        return self.compiled()

    def __deepcopy__(self, memo: dict[int, Any]) -> re.Pattern[Any]:
        return self.compiled()
