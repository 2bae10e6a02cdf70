"""Start-up: a one-file `vocheck check` imports only what checking that file needs.

Its time is dominated by imports (it is benchmarked against check-jsonschema on the same
file), so the modules of other commands and of other kinds of run stay out of it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

POLICY = """\
type: VirtualOutbound
mesh: default
name: backend
selectors:
  - match:
      kuma.io/service: backend
conf:
  host: "{{.service}}.mesh"
  port: "80"
  parameters:
    - name: service
      tagKey: kuma.io/service
"""

# What only another command or another kind of run needs: fixing, resolving, the preview,
# diffs, worker processes, did-you-mean hints, the full JSON Schema validator, config files (the run
# sits in a repository whose pyproject.toml configures other tools: the TOML parser stays out),
# the other commands' options, exact fractions (float32 formatting), importlib.resources (with tempfile
# and zipfile: the schemas are read from the package's directory); nor what only some runs need:
# shutil (with bz2, lzma and zlib: argparse sizes its help with it), decimal (exact float32
# rounding), threading, signal (worker processes), zlib (files with placeholders); the near
# misses of documents not recognised (VO006), the json format, the Mesh's message tables,
# Go's durations and base64 (few fields hold them), importlib.util (plugins given as files), the
# modes Mesh resources set (a file without a Mesh has none), the text edits of VO101's and VO102's fixes;
# the template executor (a lone policy's templates are parsed, never run) and parser (a template of
# text and keys, as most hosts and ports are, is read without it); the protobuf messages of the kinds
# the file does not hold.
NOT_IMPORTED = (
    "vocheck.cli.preview_command",
    "vocheck.cli.diff_command",
    "vocheck.cli.migrate_command",
    "vocheck.cli.lsp_command",
    "fractions",
    "importlib.resources",
    "tempfile",
    "zipfile",
    "vocheck.engine.fixing",
    "vocheck.resolve",
    "vocheck.preview",
    "vocheck.diff",
    "vocheck._perf.sharing",
    "jsonschema",
    "pickle",
    "hashlib",
    "difflib",
    "csv",
    "tomllib",
    "shutil",
    "bz2",
    "lzma",
    "zlib",
    "decimal",
    "threading",
    "signal",
    "vocheck.load.unrecognized",
    "vocheck.formats.json_format",
    "vocheck.kuma.meshschema",
    "vocheck.kuma.duration",
    "vocheck.kuma.gobase64",
    "importlib.util",
    "vocheck.kuma.meshmodes",
    "vocheck_builtin.repairs",
    "vocheck.gotemplate.exec",
    "vocheck.gotemplate.evaluate",
    "vocheck.gotemplate.funcs",
    "vocheck.gotemplate.printf",
    "vocheck.gotemplate.fmt",
    "vocheck.gotemplate.values",
    "vocheck.gotemplate.parser",
    "vocheck.gotemplate.lexer",
    "vocheck.kuma.protomessages",
)

# What the interpreter's start-up already loaded (an editable install's finder loads
# importlib.resources, for one) is not vocheck's doing: only what vocheck imports counts.
PROBE = """
import sys
before = set(sys.modules)
import json
from vocheck.cli import main
from vocheck.schema.schemas import builtin_schema
code = main(["check", "-q", sys.argv[1]])
sys.stdout.flush()
print(json.dumps({"code": code, "modules": sorted(set(sys.modules) - before), "schemas": builtin_schema.cache_info().currsize}))
"""


def _modules_of_a_one_file_check(tmp_path: Path) -> tuple[int, set[str], int]:
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "service"\n\n[tool.ruff]\nline-length = 100\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(policy)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return report["code"], set(report["modules"]), report["schemas"]


@pytest.fixture(scope="module")
def one_file_check(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, set[str], int]:
    return _modules_of_a_one_file_check(tmp_path_factory.mktemp("startup"))


def test_the_probe_checks_the_file(one_file_check: tuple[int, set[str], int]) -> None:
    code, modules, _ = one_file_check
    assert code == 0
    assert {"vocheck.engine.run", "vocheck_builtin"} <= modules


@pytest.mark.parametrize("module", NOT_IMPORTED)
def test_a_one_file_check_does_not_import(module: str, one_file_check: tuple[int, set[str], int]) -> None:
    _, modules, _ = one_file_check
    assert module not in modules


def test_a_one_file_check_reads_the_schema_of_its_kind_alone(one_file_check: tuple[int, set[str], int]) -> None:
    """Twenty schemas ship; a file of one VirtualOutbound needs one of them."""
    _, _, schemas_read = one_file_check
    assert schemas_read == 1


def _fresh(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_importing_the_api_or_the_command_line_loads_nothing_yet() -> None:
    """A plugin's ``import vocheck`` and the console script's ``import vocheck.cli`` cost nothing by themselves."""
    loaded = _fresh("import sys, vocheck, vocheck.cli; print(sorted(m for m in sys.modules if m.startswith('vocheck')))")
    assert loaded == "['vocheck', 'vocheck.cli']"


def test_every_api_name_is_served_and_listed() -> None:
    import vocheck

    for name in vocheck.__all__:
        assert getattr(vocheck, name) is not None
        assert name in dir(vocheck)
    with pytest.raises(AttributeError, match="no attribute 'Checker'"):
        vocheck.Checker  # noqa: B018


def test_a_bare_import_still_reaches_the_submodules() -> None:
    """As when the packages imported them up front: ``import vocheck`` then ``vocheck.model.Finding``."""
    probe = (
        "import vocheck, vocheck.cli\n"
        "print(vocheck.model.Finding.__name__, vocheck.kuma.specs.JsonPath is vocheck.JsonPath, vocheck.cli.commands.main is vocheck.cli.main)\n"
        "for name in ('nonexistent', '__wrapped__'):\n"
        "    try:\n"
        "        getattr(vocheck, name)\n"
        "    except AttributeError as error:\n"
        "        print(error)\n"
    )
    assert _fresh(probe).splitlines() == [
        "Finding True True",
        "module 'vocheck' has no attribute 'nonexistent'",
        "module 'vocheck' has no attribute '__wrapped__'",
    ]


def test_console_imports_with_the_collector_off_and_leaves_it_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    """What importing the command line made is frozen out of the collector's sight; the collector runs again after."""
    import gc

    import vocheck.cli
    import vocheck.cli.commands

    seen: list[tuple[bool, int]] = []
    monkeypatch.setattr(vocheck.cli.commands, "console", lambda: seen.append((gc.isenabled(), gc.get_freeze_count())))
    try:
        vocheck.cli.console()
    finally:
        gc.unfreeze()
    assert seen and seen[0][0] is True and seen[0][1] > 0
    assert _fresh("import gc, vocheck.cli; print(gc.isenabled(), gc.get_freeze_count())") == "True 0"
