"""Speed stand-ins, in one place: each replaces a slower standard way and says, in its docstring, why.

- ``workers``: forked processes share a large run (reading, checking, resolving), with a serial fallback.
- ``gcpause``: the cyclic garbage collector paused while a run builds objects that live to its end.
- ``records``: frozen slotted records, cheaper to define at import than ``dataclass`` (start-up).
- ``jsontext``: indented JSON text written faster than ``json.dumps`` for a large preview.

None of them changes an output: a run with or without them writes the same bytes.
"""
