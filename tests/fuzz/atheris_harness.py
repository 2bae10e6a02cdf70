"""Coverage-guided fuzzing of the loader and the template engine with atheris (optional, not run in CI).

    pip install atheris
    python tests/fuzz/atheris_harness.py loader   [atheris/libFuzzer options, e.g. -max_total_time=300]
    python tests/fuzz/atheris_harness.py template [...]

A finding is any exception other than the ones each target is documented to
raise; libFuzzer writes the input that caused it to ``crash-*``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from vocheck.load.documents import read_documents
    from vocheck.load.limits import Limits
    from vocheck.gotemplate import TemplateError, parse
    from vocheck.load.sources import decode

LIMITS = Limits(max_nodes=100_000, max_depth=100, max_documents=100)


def fuzz_loader(data: bytes) -> None:
    text = decode(data)
    if isinstance(text, str):
        read_documents("fuzz.yaml", text, LIMITS)


def fuzz_template(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    text = provider.ConsumeUnicodeNoSurrogates(provider.ConsumeIntInRange(0, 256))
    values = {"service": provider.ConsumeUnicodeNoSurrogates(16), "port": provider.ConsumeUnicodeNoSurrogates(8)}
    try:
        parse(text).execute(values)
    except TemplateError:
        pass


TARGETS = {"loader": fuzz_loader, "template": fuzz_template}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        raise SystemExit(f"usage: {sys.argv[0]} {{{'|'.join(TARGETS)}}} [libFuzzer options]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
