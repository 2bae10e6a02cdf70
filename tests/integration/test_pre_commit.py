"""The real pre-commit hook: ``pre-commit try-repo`` installs vocheck and runs it on a repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BROKEN = """\
type: VirtualOutbound
mesh: default
name: web
selectors:
  - match:
      kuma.io/service: "*"
conf:
  host: "{{.service}}.mesh"
  port: 80
  parameters:
    - name: service
      tagKey: kuma.io/service
"""
FIXED = BROKEN.replace("port: 80", 'port: "80"')
# Build output, caches and virtualenvs of the working tree are not part of the package.
IGNORED = shutil.ignore_patterns(
    ".git", "__pycache__", "*.pyc", ".pytest_cache", ".mypy_cache", ".hypothesis", "build", "dist", "*.egg-info",
    ".venv", "venv", ".tox",
)


def _git(directory: Path, *arguments: str) -> None:
    subprocess.run(["git", *arguments], cwd=directory, check=True, capture_output=True, env=_environment(directory))


def _environment(home: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        GIT_AUTHOR_NAME="vocheck tests",
        GIT_AUTHOR_EMAIL="tests@vocheck.invalid",
        GIT_COMMITTER_NAME="vocheck tests",
        GIT_COMMITTER_EMAIL="tests@vocheck.invalid",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        NO_COLOR="1",
    )
    environment.pop("GITHUB_ACTIONS", None)
    return environment


@pytest.fixture(scope="module")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working tree, uncommitted changes included, committed to a throw-away repository.

    ``try-repo`` installs what a commit holds, so testing the project's own
    repository directly would test its last commit, not the code at hand.
    """
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    source = tmp_path_factory.mktemp("hook") / "vocheck"
    shutil.copytree(ROOT, source, ignore=IGNORED)
    _git(source, "init", "--quiet", "--initial-branch=main")
    _git(source, "add", "--all")
    _git(source, "commit", "--quiet", "--no-verify", "--message", "vocheck under test")
    return source


def _try_repo(
    source: Path, project: Path, home: Path, hook: str = "vocheck", files: tuple[str, ...] = ("--files", "policy.yaml")
) -> subprocess.CompletedProcess[str]:
    environment = _environment(project)
    environment["PRE_COMMIT_HOME"] = str(home)
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(source), hook, *files]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=environment, timeout=240)


def test_the_hook_fails_on_a_broken_policy_and_passes_once_it_is_fixed(
    hook_source: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "--quiet", "--initial-branch=main")
    policy = project / "policy.yaml"
    policy.write_text(BROKEN, encoding="utf-8")
    _git(project, "add", "policy.yaml")
    home = tmp_path / "pre-commit-home"

    failing = _try_repo(hook_source, project, home)
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert re.search(r"^policy\.yaml:9:9: error VO002 ", output, re.MULTILINE), output

    policy.write_text(FIXED, encoding="utf-8")
    _git(project, "add", "policy.yaml")
    passing = _try_repo(hook_source, project, home)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert re.search(r"^vocheck\.*Passed$", passing.stdout, re.MULTILINE), passing.stdout


def test_on_thousands_of_files_the_repository_hook_still_compares_them_all(hook_source: Path, tmp_path: Path) -> None:
    # pre-commit splits a long file list into several runs (about 128 KiB of names each), so the
    # first and the last of 5,001 files never meet in one run of the per-file hook.
    project = tmp_path / "project"
    policies = project / "policies"
    policies.mkdir(parents=True)
    _git(project, "init", "--quiet", "--initial-branch=main")
    for number in range(5001):
        name = "twin" if number in (0, 5000) else f"mesh-{number:05}"
        (policies / f"policy-{number:05}.yaml").write_text(f"type: Mesh\nname: {name}\n", encoding="utf-8")
    _git(project, "add", "policies")
    home = tmp_path / "pre-commit-home"

    split = _try_repo(hook_source, project, home, "vocheck", ("--all-files",))
    assert split.returncode == 0 and "VO403" not in split.stdout, split.stdout + split.stderr

    whole = _try_repo(hook_source, project, home, "vocheck-repo", ("--all-files",))
    output = whole.stdout + whole.stderr
    assert whole.returncode == 1, output
    assert re.search(r"^policies/policy-05000\.yaml:2:7: error VO403 ", output, re.MULTILINE), output


def test_the_fix_hook_applies_safe_fixes_and_fails_the_commit_until_they_are_staged(
    hook_source: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "--quiet", "--initial-branch=main")
    policy = project / "policy.yaml"
    # A duplicated port (safe to fix) and the unquoted port (an unsafe fix, left alone).
    duplicated = FIXED.replace('  port: "80"\n', '  port: "81"\n  port: "80"\n')
    policy.write_text(duplicated, encoding="utf-8")
    _git(project, "add", "policy.yaml")
    home = tmp_path / "pre-commit-home"

    fixing = _try_repo(hook_source, project, home, "vocheck-fix")
    output = fixing.stdout + fixing.stderr
    assert fixing.returncode == 1, output
    assert "files were modified by this hook" in output, output
    assert policy.read_text(encoding="utf-8") == FIXED

    _git(project, "add", "policy.yaml")
    clean = _try_repo(hook_source, project, home, "vocheck-fix")
    assert clean.returncode == 0, clean.stdout + clean.stderr
