"""The command line on random files: never a traceback, and only the exit codes 0, 1 and 2."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from strategies import JSON_LIKE, fuzz, policies, yaml_texts
from vocheck.cli import main

CONTENTS = st.one_of(
    yaml_texts().map(lambda text: text.encode("utf-8")),
    st.lists(policies(), min_size=1, max_size=3).map(
        lambda values: yaml.safe_dump_all(values, allow_unicode=True, sort_keys=False).encode("utf-8")
    ),
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda text: text.encode("utf-8")),
    st.builds(lambda value: yaml.safe_dump(value).encode("utf-16"), JSON_LIKE),
)
OPTIONS = st.sampled_from([[], ["--format", "json"], ["--fail-on", "never"], ["--select", "VO2"], ["--jobs", "2"]])


def _run(arguments: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(arguments)
    return code, err.getvalue()


@fuzz(150)
@given(st.lists(CONTENTS, min_size=1, max_size=3), OPTIONS)
def test_random_files_never_crash_the_command_line(contents: list[bytes], options: list[str]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        for index, data in enumerate(contents):
            (Path(directory) / f"file-{index}.yaml").write_bytes(data)
        code, errors = _run(["check", "--isolated", *options, directory])
    assert code in (0, 1, 2)
    assert "Traceback" not in errors


@fuzz(100)
@given(st.lists(st.text(max_size=12), max_size=4))
def test_random_arguments_never_crash_the_command_line(arguments: list[str]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        code, errors = _run(["check", "--isolated", *arguments, directory])
    assert code in (0, 1, 2)
    assert "Traceback" not in errors


