"""Speed stand-ins, in one place: each replaces a slower standard way and says, in its docstring, why.

- ``workers``: forked processes share a large run (reading, checking, resolving), with a serial fallback.
- ``gcpause``: the cyclic garbage collector paused while a run builds objects that live to its end.
- ``records``: frozen slotted dataclasses that read their fields and write their methods when first used (start-up).
- ``pyyaml``: PyYAML's import without compiling its patterns before they are used, the reader's the slow way (start-up).
- ``lazy``: the names of ``vocheck`` and ``vocheck.cli`` imported when first read, so importing either costs nothing (start-up).
- ``jsontext``: indented JSON text written faster than ``json.dumps`` for a large preview.

None of them changes an output: a run with or without them writes the same bytes.
"""
