"""``vocheck diff`` as a gate and as output: --fail-on, exit codes, text, markdown, github, sarif."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.diff.test_diff_cases import CASES, git, run_case, write_files

BY_NAME = {case["name"]: case for case in CASES}
REMOVED = BY_NAME["universal, a renamed parameter drops a hostname"]
RETARGETED = BY_NAME["universal, a more specific policy takes a (hostname, port) from another"]
ADDED = BY_NAME["kubernetes, a new policy adds a hostname"]
MOVED_VIPS = BY_NAME["universal, a new DNS CIDR moves every VIP"]


@pytest.mark.parametrize(
    ("case", "fail_on", "code"),
    [
        (REMOVED, "removed", 1),
        (REMOVED, "added,retargeted", 0),
        (REMOVED, "new-findings", 1),  # VO201: Kuma rejects the renamed policy
        (RETARGETED, "removed,new-findings", 0),  # its new findings are a warning and a note
        (RETARGETED, "retargeted", 1),
        (ADDED, "added", 1),
        (ADDED, "removed, retargeted, vip-changed, new-findings", 0),
        (MOVED_VIPS, "vip-changed", 1),
        (MOVED_VIPS, "removed,added", 0),
    ],
)
def test_fail_on(case: dict[str, object], fail_on: str, code: int, tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = run_case(case, "directories", tmp_path, cli, "--fail-on", fail_on)
    assert result.code == code, result.err


def test_new_findings_fail_as_check_fails_with_the_configs_fail_on(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / ".vocheck.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    (tmp_path / ".git").mkdir()  # the config's search stops here, as at a repository's top
    assert run_case(RETARGETED, "directories", tmp_path, cli).code == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["nosuch"], "vocheck: error: nosuch: fatal: Not a valid object name nosuch\n"),
        (["HEAD", "nosuch"], "vocheck: error: nosuch: no such file or directory, not a path of HEAD and not a git"
         " revision (fatal: Not a valid object name nosuch)\n"),
        (["--", "--output=x"], 'vocheck: error: --output=x: "--output=x" is not a revision; name a branch, a tag or a commit\n'),
        (["HEAD", "--fail-on", "removed,bogus"], "vocheck: error: --fail-on: unknown kind 'bogus'; choose from removed, retargeted, vip-changed, added, new-findings\n"),
        (["policies"], "vocheck: error: BASE policies is a file or directory: name HEAD's too (vocheck diff OLD NEW)\n"),
        (["HEAD", "--base-dns-cidr", "10.0.0.0"], "vocheck: error: --base-dns-cidr: invalid CIDR address: 10.0.0.0\n"),
    ],
)
def test_cannot_run(arguments: list[str], message: str, tmp_path: Path, cli: Callable[..., Result]) -> None:
    git(tmp_path, "init", "-q")
    write_files(tmp_path / "policies", {"dp.yaml": REMOVED["base"]["dp.yaml"]})
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "first")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = cli("diff", *arguments)
    finally:
        os.chdir(cwd)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_a_file_deleted_from_the_working_tree_is_diffed_as_its_deletion(tmp_path: Path, cli: Callable[..., Result]) -> None:
    """What deleting it does to the rest of the tree: a policy's hostnames need the Dataplanes of other files."""
    git(tmp_path, "init", "-q")
    write_files(tmp_path / "policies", REMOVED["base"])
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "first")
    policy = next(path for path in sorted((tmp_path / "policies").iterdir()) if path.name != "dp.yaml")
    assert "VirtualOutbound" in policy.read_text() and "Dataplane" not in policy.read_text()
    policy.unlink()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = cli("diff", "--format", "json", "HEAD", f"policies/{policy.name}")
        whole = cli("diff", "--format", "json", "HEAD", "policies")
    finally:
        os.chdir(cwd)
    assert result.code == 1, result.err  # a removed hostname fails the default --fail-on
    document = json.loads(result.out)
    assert (document["base"], document["head"]) == ("HEAD", f"HEAD without policies/{policy.name}")
    assert document["summary"]["removed"] > 0
    assert document["meshes"] == json.loads(whole.out)["meshes"]


def test_outside_a_repository(tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.chdir(tmp_path)
    result = cli("diff", "main")
    assert result.code == 2
    assert result.err.startswith("vocheck: error: main: fatal: not a git repository")


def test_text(tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = run_case(REMOVED, "revision and working tree", tmp_path, cli)
    assert result.out.splitlines() == [
        "vocheck diff HEAD~1 -> working tree",
        "mesh default",
        "  removed     v1.orders.mesh:8080, was orders (port=8080, version=v1) from virtual-outbound:orders, 1 inbound",
        "new findings",
        *[line for line in result.out.splitlines() if line.startswith("  vo.yaml:")],
        "1 hostname:port removed, 0 retargeted, 0 added, 0 VIPs changed, 3 new findings, 0 fixed findings",
    ]
    assert [line.split()[2] for line in result.out.splitlines() if line.startswith("  vo.yaml:")] == ["VO201", "VO301", "VO302"]


def _rendered(markdown: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    return str(markdown_it.MarkdownIt("commonmark").enable("table").render(markdown))


def _tables(rendered: str) -> Iterator[list[list[str]]]:
    """Every HTML table as rows of cell texts (header first), tags stripped and entities decoded."""
    import html

    for table in re.findall(r"<table>(.*?)</table>", rendered, re.S):
        rows = []
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
            cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            rows.append([html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in cells])
        yield rows


def test_markdown_renders_as_a_table_per_mesh_and_findings(tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = run_case(RETARGETED, "revision and working tree", tmp_path, cli, "--format", "markdown")
    rendered = _rendered(result.out)
    assert "<h4>vocheck diff <code>HEAD~1</code> → <code>working tree</code></h4>" in rendered
    assert "<p>0 hostname:ports removed, 1 retargeted, 0 added, 0 VIPs changed, 3 new findings, 1 fixed finding</p>" in rendered
    changes, new, fixed = list(_tables(rendered))
    assert changes == [
        ["change", "hostname", "before", "after"],
        [
            "retargeted",
            "orders.api.mesh:8080",
            "orders from virtual-outbound:all",
            "orders (version=v1) from virtual-outbound:orders-v1",
        ],
    ]
    assert [row[:3] for row in new] == [
        ["severity", "code", "where"],
        ["info", "VO402", "all.yaml:1:7"],
        ["warning", "VO502", "all.yaml:8:9"],
        ["info", "VO302", "orders-v1.yaml:14:13"],
    ]
    # A message keeps every character it has, quotes and brackets included, once rendered.
    assert new[2][3].startswith("virtual-outbound:all loses orders.api.mesh:8080 (from Dataplane orders-1 inbound[0])")
    assert fixed[1][:2] == ["info", "VO402"]


def test_markdown_collapses_a_long_table(tmp_path: Path, cli: Callable[..., Result]) -> None:
    dataplanes = "".join(
        REMOVED["base"]["dp.yaml"].replace("orders-1", f"orders-{number}").replace("kuma.io/service: orders", f"kuma.io/service: s{number:02d}")
        + "---\n"
        for number in range(12)
    )
    write_files(tmp_path / "base", {"dp.yaml": REMOVED["base"]["dp.yaml"]})
    write_files(tmp_path / "head", {"dp.yaml": dataplanes})
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = cli("diff", "base", "head", "--format", "markdown")
    finally:
        os.chdir(cwd)
    assert "<details><summary>mesh <code>default</code>: 13 changes</summary>\n\n| change |" in result.out
    rendered = _rendered(result.out)
    assert rendered.count("<details>") == 1 and rendered.count("</details>") == 1
    (changes,) = _tables(rendered)
    assert changes[0] == ["change", "hostname", "before", "after"]
    assert [row[0] for row in changes[1:]] == ["removed"] + ["added"] * 12
    assert changes[1][1] == "orders.mesh:80"


def test_markdown_escapes_what_markdown_would_read(tmp_path: Path, cli: Callable[..., Result]) -> None:
    from vocheck.diff.markdown import cell

    text = 'a|b <script> *x* _y_ [z](u) `c` \\ &amp; #h ~s~'
    (table,) = _tables(_rendered(f"| x |\n| --- |\n| {cell(text)} |\n"))
    assert table[1] == [text]


def test_github_annotates_the_head_lines_that_cause_each_change(tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = run_case(RETARGETED, "revision and working tree", tmp_path, cli, "--format", "github")
    lines = result.out.splitlines()
    assert lines[0] == (
        "::warning file=orders-v1.yaml,line=9,col=9,title=vocheck diff%3A retargeted::orders.api.mesh:8080 in mesh default "
        "now leads to orders (version=v1) from virtual-outbound:orders-v1 instead of orders from virtual-outbound:all"
    )
    assert [line.split(" ", 1)[0] for line in lines[1:]] == ["::notice", "::warning", "::notice", "::notice"]
    assert lines[-1].startswith("::notice title=vocheck diff::0 hostname:ports removed, 1 retargeted")


def test_github_annotates_a_removed_hostname_at_the_policy_that_dropped_it(tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = run_case(REMOVED, "revisions", tmp_path, cli, "--format", "github")
    assert result.out.splitlines()[0].startswith(
        "::error file=vo.yaml,line=8,col=9,title=vocheck diff%3A removed::v1.orders.mesh:8080 is removed from mesh default"
    )


def test_sarif_holds_the_new_findings(tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = run_case(REMOVED, "revisions", tmp_path, cli, "--format", "sarif")
    log = json.loads(result.out)
    results = log["runs"][0]["results"]
    assert [item["ruleId"] for item in results] == ["VO201", "VO301", "VO302"]
    assert {item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for item in results} == {"vo.yaml"}
    assert result.code == 1


def test_output_file(tmp_path: Path, cli: Callable[..., Result]) -> None:
    target = tmp_path / "diff.json"
    result = run_case(ADDED, "directories", tmp_path, cli, "--format", "json", "--output", str(target))
    assert result.out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["added"] == 1


def test_a_persisted_view_giving_one_vip_twice(tmp_path: Path, cli: Callable[..., Result]) -> None:
    case = dict(MOVED_VIPS, args=["--previous-vips", "{previous}"])
    case["previous"] = (
        "type: Config\nname: kuma-default-dns-vips\nconfig: '"
        '{"0:orders": {"address": "240.0.0.0", "outbounds": [{"Port": 0, "TagSet": {"kuma.io/service": "orders"}, "Origin": "service"}]},'
        ' "2:v1.orders.mesh": {"address": "240.0.0.0", "outbounds": [{"Port": 8080, "TagSet": {"kuma.io/service": "orders"}, "Origin": "x"}]}}'
        "'\n"
    )
    result = run_case(case, "directories", tmp_path, cli)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        'vocheck: error: mesh "default": Address already allocated: persisted VIP 240.0.0.0 of fqdn:v1.orders.mesh '
        "is also the VIP of service:orders\n"
    )
