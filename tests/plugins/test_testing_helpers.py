"""``vocheck.testing``, the helpers the README gives plugin authors, used the way the README shows."""

from __future__ import annotations

import types
from pathlib import Path

from vocheck import Settings
from vocheck.testing import check_text

POLICY = """\
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
      tagkey: kuma.io/service
"""


def test_check_text_returns_the_lines_a_user_sees(tmp_path: Path) -> None:
    # VO001 to VO004 are never turned off: what Kuma cannot decode always shows.
    assert check_text(POLICY, tmp_path, select=["VO101"]) == [
        '9:9 VO002 "conf.port" must be a string, not the number 80; YAML reads it as a non-string, so quote it '
        "(Kuma: json: cannot unmarshal number into Go value of type string)",
        '12:7 VO101 unknown field "tagkey" in "conf.parameters[0]"; Kuma ignores it silently. Did you mean "tagKey"?',
    ]


def test_check_text_runs_the_whole_pipeline_with_settings(tmp_path: Path) -> None:
    every = check_text(POLICY, tmp_path)
    assert [line.split()[1] for line in every] == ["VO002", "VO101"]
    fixed = POLICY.replace("port: 80", 'port: "80"').replace("tagkey", "tagKey")
    assert [line.split()[1] for line in check_text(fixed, tmp_path)] == ["VO402"]
    removed = check_text(fixed, tmp_path, select=["VO402"], settings=Settings(kuma_version=(3, 0)))
    assert removed == [
        "1:7 VO402 Kuma 3.0 removed VirtualOutbound: this resource is rejected; migrate to HostnameGenerator: "
        "hostnames come from HostnameGenerators applied to MeshServices (and MeshExternalServices, "
        "MeshMultiZoneServices), and routing to subsets from MeshHTTPRoute or MeshTCPRoute"
    ]


def test_check_text_names_the_file_as_asked(tmp_path: Path) -> None:
    broken = "type: Mesh\nname: m\nmtls: [\n"
    assert check_text(broken, tmp_path, name="mesh.yaml")[0].startswith("4:1 VO001 ")
    assert (tmp_path / "mesh.yaml").read_text() == broken


PLUGIN = '''
from vocheck import Finding, Severity, check, hookimpl


@check("HR101", "mesh-name-prefix", Severity.WARNING, kinds=("Mesh",))
def mesh_name_prefix(resource, context):
    """Mesh names start with "corp-"."""
    if not resource.name.startswith("corp-"):
        yield Finding(f"mesh {resource.name!r} does not start with corp-", resource.field("name"))


@hookimpl
def vocheck_checks():
    return [mesh_name_prefix]
'''


def test_check_text_runs_the_plugin_under_test(tmp_path: Path) -> None:
    plugin = types.ModuleType("house_rules")  # the module a plugin author would import in a test
    exec(compile(PLUGIN, "house_rules.py", "exec"), plugin.__dict__)
    lines = check_text("type: Mesh\nname: payments\n", tmp_path, select=["HR101"], plugins=[plugin])
    assert lines == ["2:7 HR101 mesh 'payments' does not start with corp-"]
    assert check_text("type: Mesh\nname: corp-payments\n", tmp_path, select=["HR101"], plugins=[plugin]) == []
