"""``vocheck check --fix``, ``--unsafe-fixes`` and ``--diff`` as a user runs them: what is written, where, and what is said."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Result
from vocheck import Context, Edit, Finding, Fix, Resource, Severity, TextEdits, check, hookimpl
from vocheck.config import Configs
from vocheck.engine.fixing import WriteRefused, apply_edits, fix_run, write_fixed
from vocheck.engine.plan import check_plan
from vocheck.host import plugin_manager

# A duplicated key (safe to fix) and a misspelt one (unsafe), with comments, CRLF-free.
MIXED = """\
type: VirtualOutbound
mesh: default
name: backend
selectors:
  - match:
      kuma.io/service: "*"
conf:
  port: "80"   # the old port
  host: "{{.service}}.mesh"
  port: "8080"
  parameters:
    - name: service
      tagkey: kuma.io/service
"""

SAFE_FIXED = MIXED.replace('  port: "80"   # the old port\n', "")
ALL_FIXED = SAFE_FIXED.replace("tagkey", "tagKey")


def test_fix_applies_only_safe_fixes_and_counts_the_unsafe_ones(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("web.yaml").write_text(MIXED)
    result = cli("check", "--isolated", "--fix", "web.yaml")
    assert Path("web.yaml").read_text() == SAFE_FIXED
    assert "vocheck: fixed 1 finding in 1 file; 1 more fixable with --unsafe-fixes" in result.err
    # What remains is reported and decides the exit code: without its tagKey, Kuma rejects the policy.
    assert "VO101" in result.out and "VO201" in result.out and "VO102" not in result.out
    assert result.code == 1
    result = cli("check", "--isolated", "--fix", "--unsafe-fixes", "web.yaml")
    assert Path("web.yaml").read_text() == ALL_FIXED
    assert "vocheck: fixed 1 finding in 1 file" in result.err and "unsafe" not in result.err
    assert result.code == 0


def test_diff_writes_nothing_and_applies_with_patch_and_git_apply(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    (work / "policies").mkdir(parents=True)
    (work / "policies" / "web.yaml").write_text(MIXED)
    (work / "policies" / "crlf.yaml").write_bytes(MIXED.replace("\n", "\r\n").encode())
    monkeypatch.chdir(work)
    result = cli("check", "--isolated", "--diff", "--unsafe-fixes", "policies")
    assert result.code == 1
    assert (work / "policies" / "web.yaml").read_text() == MIXED
    assert result.out.startswith("--- a/policies/crlf.yaml\n+++ b/policies/crlf.yaml\n")
    tools = [tool for tool in (["patch", "-p1", "--quiet"], ["git", "apply"]) if shutil.which(tool[0])]
    assert tools, "neither patch nor git is installed"
    for tool in tools:
        copy = tmp_path / tool[0]
        shutil.copytree(work, copy)
        subprocess.run(tool, cwd=copy, input=result.out.encode(), check=True, capture_output=True)
        assert (copy / "policies" / "web.yaml").read_text() == ALL_FIXED
        assert (copy / "policies" / "crlf.yaml").read_bytes() == ALL_FIXED.replace("\n", "\r\n").encode()
    safe = cli("check", "--isolated", "--diff", "policies")
    assert "tagkey" not in safe.out and '-  port: "80"' in safe.out
    cli("check", "--isolated", "--fix", "--unsafe-fixes", "policies")
    clean = cli("check", "--isolated", "--diff", "--unsafe-fixes", "policies")
    assert (clean.code, clean.out) == (0, "")


def test_diff_marks_a_last_line_without_a_line_break(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("web.yaml").write_text(MIXED.rstrip("\n"))
    result = cli("check", "--isolated", "--diff", "--unsafe-fixes", "web.yaml")
    assert result.out.endswith("+      tagKey: kuma.io/service\n\\ No newline at end of file\n")
    if shutil.which("patch"):
        subprocess.run(["patch", "-p1", "--quiet"], input=result.out.encode(), check=True, cwd=tmp_path)
        assert Path("web.yaml").read_text() == ALL_FIXED.rstrip("\n")


def test_config_keys_fix_and_unsafe_fixes(cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path(".vocheck.toml").write_text("fix = true\nunsafe-fixes = true\n")
    Path("web.yaml").write_text(MIXED)
    cli("check", "--no-fix", "web.yaml")
    assert Path("web.yaml").read_text() == MIXED
    cli("check", "--no-unsafe-fixes", "web.yaml")
    assert Path("web.yaml").read_text() == SAFE_FIXED
    cli("check", "web.yaml")
    assert Path("web.yaml").read_text() == ALL_FIXED


def test_fix_on_standard_input_writes_the_fixed_text_to_standard_output(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MIXED.encode())))
    result = cli("check", "--isolated", "--fix", "--unsafe-fixes", "--stdin-filename", "web.yaml", "-")
    assert result.out == ALL_FIXED
    assert "VO402" in result.err  # the report of what remains goes to standard error
    assert not Path("web.yaml").exists()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ALL_FIXED.encode())))
    unchanged = cli("check", "--isolated", "--fix", "-")
    assert unchanged.out == ALL_FIXED


def test_json_gains_a_fix_object_only_where_a_fix_exists(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("web.yaml").write_text(MIXED)
    report = json.loads(cli("check", "--isolated", "--format", "json", "web.yaml").out)
    by_code = {item["code"]: item for item in report["diagnostics"]}
    start = MIXED.index("tagkey")
    assert by_code["VO101"]["fix"] == {
        "applicability": "unsafe",
        "message": "rename tagkey to tagKey",
        "edits": [{"start": start, "end": start + 6, "content": "tagKey"}],
    }
    assert by_code["VO102"]["fix"]["applicability"] == "safe"
    assert "fix" not in by_code["VO402"]


def test_a_symbolic_link_out_of_the_tree_is_not_written_through(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(MIXED)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "web.yaml").symlink_to(outside)
    monkeypatch.chdir(tree)
    result = cli("check", "--isolated", "--fix", "web.yaml")
    assert outside.read_text() == MIXED
    assert (tree / "web.yaml").is_symlink()
    assert "web.yaml: it is a symbolic link to a file outside the tree; not written" in result.err
    assert "vocheck: fixed 0 findings in 0 files" in result.err  # what was not written was not fixed
    assert result.code == 1


def test_a_symbolic_link_inside_the_tree_is_written_through_and_stays_a_link(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("real.yaml").write_text(MIXED)
    Path("link.yaml").symlink_to("real.yaml")
    cli("check", "--isolated", "--fix", "link.yaml")
    assert Path("link.yaml").is_symlink() and Path("real.yaml").read_text() == SAFE_FIXED


def test_a_file_changed_since_it_was_read_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("web.yaml").write_text(MIXED)
    outcome = fix_run(["web.yaml"], _plan(), None, unsafe=True)
    (fixed,) = outcome.files
    Path("web.yaml").write_text(MIXED + "# edited meanwhile\n")
    with pytest.raises(WriteRefused, match="changed on disk since vocheck read it"):
        write_fixed(fixed)
    assert Path("web.yaml").read_text() == MIXED + "# edited meanwhile\n"


def test_every_file_of_a_run_is_fixed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a.yaml", "b.yaml"):
        Path(name).write_text(MIXED.replace("backend", name[0]))
    outcome = fix_run(["."], _plan(), None, unsafe=True)
    assert sorted((Path(fixed.name).name, fixed.fixes) for fixed in outcome.files) == [("a.yaml", 2), ("b.yaml", 2)]
    assert [fixed.after for fixed in outcome.files] == [ALL_FIXED.replace("backend", name) for name in "ab"]


# A plugin whose fixes misbehave: one breaks the YAML, two others overlap.
@check("XX101", "breaks-yaml", Severity.WARNING)
def _breaking(resource: Resource, context: Context) -> Iterator[Finding]:
    """Test check."""
    if resource.name == "broken":
        yield Finding("break it", resource.field("name"), fix=Fix((Edit(0, 0, "{{: ["),), "safe"))


@check("XX102", "overlapping", Severity.WARNING)
def _overlapping(resource: Resource, context: Context) -> Iterator[Finding]:
    """Test check."""
    path = resource.field("name")
    span = resource.document.span(path)
    edits = TextEdits(resource.document)
    if resource.name == "old":
        for new in ("new", "newer"):
            edit = edits.replace(span, new)
            assert edit is not None
            yield Finding(f"rename to {new}", path, fix=Fix((edit,), "safe"))


class _Misbehaving:
    @hookimpl
    def vocheck_checks(self) -> list[Any]:
        return [_breaking, _overlapping]


def _plan(plugins: tuple[object, ...] = ()) -> Callable[[], Any]:
    def fresh() -> Any:
        manager = plugin_manager(load_installed=False)
        for plugin in plugins:
            manager.register(plugin)
        configs = Configs(None, True, {})
        return check_plan(manager, configs, configs.for_path(Path(".")))

    return fresh


def test_a_fix_that_breaks_the_yaml_is_reverted_and_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = MIXED.replace("backend", "broken")
    Path("web.yaml").write_text(text)
    outcome = fix_run(["web.yaml"], _plan((_Misbehaving(),)), None, unsafe=True)
    assert outcome.reverted == (("web.yaml", "the fix of XX101 on line 3 (no description) would make it unreadable YAML"),)
    # The file went back, then took its fixes one at a time: every other one is applied.
    (fixed,) = outcome.files
    assert fixed.after == ALL_FIXED.replace("backend", "broken")


def test_a_fix_that_adds_an_error_is_reverted_and_the_others_kept(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # "selector" becomes "selectors", which Kuma then reads and rejects (a mapping, not a list).
    Path("web.yaml").write_text(MIXED.replace("selectors:\n  - match:\n      ", "selector:\n    match:\n      "))
    result = cli("check", "--isolated", "--fix", "--unsafe-fixes", "web.yaml")
    assert 'web.yaml: not applied: the fix of VO101 on line 4 (rename selector to selectors) would add an error' in result.err
    text = Path("web.yaml").read_text()
    assert "selector:\n" in text and "tagKey" in text and '"80"' not in text


def test_overlapping_fixes_are_never_applied_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("web.yaml").write_text(MIXED.replace("backend", "old"))
    outcome = fix_run(["web.yaml"], _plan((_Misbehaving(),)), None, unsafe=False)
    (fixed,) = outcome.files
    assert "name: new\n" in fixed.after and "newer" not in fixed.after


def test_plugin_authors_test_their_fixes_with_fix_text(tmp_path: Path) -> None:
    from vocheck.testing import fix_text

    assert fix_text(MIXED, tmp_path, unsafe=False, load_installed=False) == SAFE_FIXED
    renamed = fix_text(MIXED.replace("backend", "old"), tmp_path, plugins=[_Misbehaving()], load_installed=False)
    assert renamed == ALL_FIXED.replace("backend", "new")


def test_apply_edits_keeps_everything_outside_the_edits() -> None:
    text = "a: 1\r\nb: 2 # c\r\n"
    assert apply_edits(text, [Edit(3, 4, '"1"'), Edit(6, 7, "B"), Edit(len(text), len(text), "d: 3\r\n")]) == (
        'a: "1"\r\nB: 2 # c\r\nd: 3\r\n'
    )


def test_the_readme_marks_exactly_the_fixable_checks() -> None:
    from vocheck.host import collect_checks

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (VO\d{3}) \|.*\|$", readme, re.MULTILINE)
    marked = {code for code in rows if re.search(rf"^\| {code} \|.*fix: (safe|unsafe)", readme, re.MULTILINE)}
    fixable = {check.code: check.fixable for check in collect_checks(plugin_manager(load_installed=False)) if check.fixable}
    assert marked == set(fixable)
    for code, applicability in fixable.items():
        assert re.search(rf"^\| {code} \|.*fix: {applicability}", readme, re.MULTILINE)


def test_pre_commit_offers_a_fixing_hook() -> None:
    import yaml

    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["vocheck-fix"]["entry"].split()[:3] == ["vocheck", "check", "--fix"]
    assert "--unsafe-fixes" not in hooks["vocheck-fix"]["entry"]
    assert os.path.basename(hooks["vocheck"]["entry"].split()[0]) == "vocheck"


def test_a_fix_that_adds_an_error_to_another_file_is_put_back(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("z.yaml").write_text(ALL_FIXED)
    # "mehs" renamed to "mesh" would make a.yaml's policy a second "backend" in the mesh: VO403 on z.yaml.
    Path("a.yaml").write_text(ALL_FIXED.replace("mesh: default", "mehs: default"))
    result = cli("check", "--isolated", "--fix", "--unsafe-fixes", ".")
    assert "a.yaml: not applied: the fix of VO101 on line 2 (rename mehs to mesh) would add an error in another file" in result.err
    assert Path("a.yaml").read_text() == ALL_FIXED.replace("mesh: default", "mehs: default")
    assert Path("z.yaml").read_text() == ALL_FIXED


@pytest.mark.parametrize(
    ("arguments", "says"),
    [(["--diff", "--unsafe-fixes", "policy.yaml"], "--diff prints the diff there"), (["--fix", "-"], "a fixed standard input")],
    ids=["diff", "fixed standard input"],
)
def test_what_goes_to_a_closed_standard_output_is_an_error_not_lost(tmp_path: Path, arguments: list[str], says: str) -> None:
    (tmp_path / "policy.yaml").write_text(MIXED, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "vocheck", "check", *arguments],
        input=MIXED.encode(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        preexec_fn=lambda: os.close(1),  # the way `vocheck ... >&-` starts it
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert f"vocheck: error: standard output is closed; {says}" in done.stderr.decode()
    assert (tmp_path / "policy.yaml").read_text(encoding="utf-8") == MIXED
