"""Reading persisted ``kuma-<mesh>-dns-vips`` views, classic and tag-first."""

from __future__ import annotations

import json

import pytest

from vocheck.resolve.changes import view_changes
from vocheck.resolve.entries import Entry, EntryKey, EntryType, Outbound, Source
from vocheck.resolve.previous import (
    PersistedEntry,
    PersistedOutbound,
    PreviousVipsError,
    addresses,
    parse_previous_vips,
    parse_view,
)

SERVICE, HOST, FQDN = EntryType.SERVICE, EntryType.HOST, EntryType.FQDN

# Configs from Kuma's pkg/dns/vips/persistence_test.go.
CLASSIC = (
    '{"0:backend":{"address":"240.0.0.1","outbounds":[{"TagSet":{"kuma.io/service":"backend_1"}}]},'
    '"0:frontend":{"address":"240.0.0.3","outbounds":[{"TagSet":{"kuma.io/service":"frontend_2"}}]},'
    '"1:host.com":{"address":"240.0.1.4","outbounds":[{"TagSet":{"kuma.io/service":"external-host"}}]}}'
)
TAG_FIRST = (
    '{"v":{"backend_2":{"oe":[{"ap":[{"a":"240.0.1.1","o":"svc"}]}]},'
    '"frontend_2":{"oe":[{"ap":[{"a":"240.0.1.3","o":"svc"}]}]},'
    '"postgres_2":{"oe":[{"ap":[{"a":"240.0.1.0","o":"svc"}]}]}}}'
)
# Kuma's pkg/dns/vips/testdata/full_example_tag_first.golden.json
FULL_TAG_FIRST = (
    '{"v":{"demo-app_kuma-demo_svc_5000":{"oe":[{"ap":[{"a":"10.43.96.209","p":5000,"o":"k8s"},'
    '{"a":"240.0.0.2","o":"svc"}]}]},"httpbin":{"oe":[{"ap":[{"a":"240.0.0.2","p":443,"o":"svc"},'
    '{"a":"240.0.0.3","d":"httpbin.org","p":443,"o":"external-service:httpbin"},'
    '{"a":"240.0.0.5","d":"httpbin.mesh","p":80,"o":"virtual-outbound:default"}]}]},'
    '"redis_kuma-demo_svc_6379":{"oe":[{"ap":[{"a":"10.43.224.70","p":6379,"o":"k8s"},'
    '{"a":"240.0.0.1","o":"svc"},{"a":"240.0.0.6","d":"redis_kuma-demo_svc_6379.mesh","p":80,'
    '"o":"virtual-outbound:default"}]}]}}}'
)


def key(entry_type: EntryType, name: str) -> EntryKey:
    return EntryKey(entry_type, name)


def test_classic_format() -> None:
    view = parse_view(CLASSIC)
    assert addresses(view) == {
        key(SERVICE, "backend"): "240.0.0.1",
        key(SERVICE, "frontend"): "240.0.0.3",
        key(HOST, "host.com"): "240.0.1.4",
    }
    assert view[key(SERVICE, "backend")].outbounds == (
        PersistedOutbound(0, {"kuma.io/service": "backend_1"}, ""),
    )


def test_classic_format_field_names_are_case_insensitive_like_go() -> None:
    text = (
        '{"2:a.mesh":{"Address":"240.0.0.9",'
        '"outbounds":[{"port":80,"tagset":{"x":"y"},"ORIGIN":"virtual-outbound:p"}]}}'
    )
    assert parse_view(text)[key(FQDN, "a.mesh")].outbounds == (
        PersistedOutbound(80, {"x": "y"}, "virtual-outbound:p"),
    )


def test_tag_first_format() -> None:
    assert addresses(parse_view(TAG_FIRST)) == {
        key(SERVICE, "backend_2"): "240.0.1.1",
        key(SERVICE, "frontend_2"): "240.0.1.3",
        key(SERVICE, "postgres_2"): "240.0.1.0",
    }


def test_full_tag_first_example() -> None:
    view = parse_view(FULL_TAG_FIRST)
    assert addresses(view) == {
        key(HOST, "10.43.96.209"): "10.43.96.209",
        key(SERVICE, "demo-app_kuma-demo_svc_5000"): "240.0.0.2",
        key(SERVICE, "httpbin"): "240.0.0.2",
        key(HOST, "httpbin.org"): "240.0.0.3",
        key(FQDN, "httpbin.mesh"): "240.0.0.5",
        key(HOST, "10.43.224.70"): "10.43.224.70",
        key(SERVICE, "redis_kuma-demo_svc_6379"): "240.0.0.1",
        key(FQDN, "redis_kuma-demo_svc_6379.mesh"): "240.0.0.6",
    }
    assert view[key(FQDN, "httpbin.mesh")].outbounds == (
        PersistedOutbound(80, {"kuma.io/service": "httpbin"}, "virtual-outbound:default"),
    )
    assert view[key(SERVICE, "httpbin")].outbounds == (
        PersistedOutbound(443, {"kuma.io/service": "httpbin"}, "service"),
    )


def test_empty_views() -> None:
    assert parse_view("") == {}
    assert parse_view("{}") == {}


def test_empty_tag_first_view_falls_back_to_classic_and_fails_like_kuma() -> None:
    with pytest.raises(PreviousVipsError, match='could not parse hostname entry: "v"'):
        parse_view('{"v":{}}')


UNIVERSAL = f"""\
type: Config
name: kuma-default-dns-vips
config: '{CLASSIC}'
---
type: Config
name: kuma-other.mesh-dns-vips
config: '{TAG_FIRST}'
"""

CONFIG_MAP = f"""\
apiVersion: v1
kind: ConfigMap
metadata:
  name: kuma-default-dns-vips
  namespace: kuma-system
data:
  config: '{TAG_FIRST}'
"""


@pytest.mark.parametrize(
    ("text", "meshes"),
    [
        pytest.param(
            UNIVERSAL, {"default": 3, "other.mesh": 3}, id="universal yaml, two documents"
        ),
        pytest.param(CONFIG_MAP, {"default": 3}, id="kubernetes configmap"),
        pytest.param(
            json.dumps({"type": "Config", "name": "kuma-web-dns-vips", "config": CLASSIC}),
            {"web": 3},
            id="universal json",
        ),
        pytest.param(CLASSIC, {"given": 3}, id="bare classic json"),
        pytest.param(TAG_FIRST, {"given": 3}, id="bare tag-first json"),
    ],
)
def test_accepted_inputs(text: str, meshes: dict[str, int]) -> None:
    parsed = parse_previous_vips(text, "given")
    assert {mesh: len(view) for mesh, view in parsed.items()} == meshes


@pytest.mark.parametrize(
    ("text", "mesh", "message"),
    [
        pytest.param(CLASSIC, None, "does not say which mesh", id="bare json without mesh"),
        pytest.param("{nope", "m", "not JSON nor YAML", id="garbage"),
        pytest.param(
            "type: Config\nname: vips\nconfig: '{}'\n",
            None,
            "kuma-<mesh>-dns-vips",
            id="wrong name",
        ),
        pytest.param(
            "type: Config\nname: kuma-a-dns-vips\nconfig: {}\n",
            None,
            "must be a string",
            id="config not a string",
        ),
        pytest.param("- a\n- b\n", None, "expected a Config", id="not a resource"),
        pytest.param("[1, 2]", "m", "expected a JSON object", id="json list"),
        pytest.param(
            '{"0:a": {"address": "240.0.0.1"}}',
            "m",
            "no outbound for hostname: service:a",
            id="no outbounds",
        ),
        pytest.param(
            '{"x:a": {"outbounds": [{}]}}', "m", "could not parse hostname entry", id="bad key"
        ),
        pytest.param(
            '{"7:a": {"outbounds": [{}]}}', "m", "unknown entry type 7", id="unknown type"
        ),
        pytest.param('{"v": []}', "m", '"v" must be an object', id="tag-first v not an object"),
        pytest.param(
            '{"0:a": {"outbounds": [{"Port": "80"}]}}',
            "m",
            "port must be an integer",
            id="string port",
        ),
    ],
)
def test_rejected_inputs(text: str, mesh: str | None, message: str) -> None:
    with pytest.raises(PreviousVipsError, match=message.replace("(", r"\(")) as raised:
        parse_previous_vips(text, mesh)
    assert isinstance(raised.value, ValueError)


def host_entry(*ports: int) -> Entry:
    outbounds = tuple(
        Outbound(
            port,
            {"kuma.io/service": "foo"},
            "external-service:foo",
            Source("ExternalService", "foo"),
        )
        for port in ports
    )
    return Entry(key(HOST, "foo"), "240.0.0.0", outbounds)


def persisted(*ports: int, name: str = "foo") -> dict[EntryKey, PersistedEntry]:
    outbounds = tuple(
        PersistedOutbound(port, {"kuma.io/service": "foo"}, "external-service:foo")
        for port in ports
    )
    return {key(HOST, name): PersistedEntry("240.0.0.0", outbounds)}


# Kuma's virtual_outbound_view_test.go "Update" cases.
@pytest.mark.parametrize(
    ("old", "new", "changes"),
    [
        pytest.param(persisted(80), [host_entry(80)], [], id="same"),
        pytest.param({}, [host_entry(80)], ["Add host:foo"], id="from empty"),
        pytest.param(persisted(80), [], ["Remove host:foo"], id="to empty"),
        pytest.param(
            persisted(80, name="foo"),
            [Entry(key(HOST, "bar"), "240.0.0.0", host_entry(80).outbounds)],
            ["Add host:bar", "Remove host:foo"],
            id="add one, remove one",
        ),
        pytest.param(persisted(80), [host_entry(80, 81)], ["Modify host:foo"], id="extra outbound"),
    ],
)
def test_view_changes(
    old: dict[EntryKey, PersistedEntry], new: list[Entry], changes: list[str]
) -> None:
    assert [str(change) for change in view_changes(old, new)] == changes


def test_a_mesh_with_nothing_left_still_reports_its_removals() -> None:
    # Kuma's "to empty" Update case, through a whole resolution: the persisted
    # mesh has no resources left in the run.
    from vocheck.resolve import resolve

    resolution = resolve([], [], [], [], previous_vips={"gone": persisted(80)})
    mesh = resolution.mesh("gone")
    assert mesh is not None and mesh.entries == ()
    assert [str(change) for change in mesh.changes] == ["Remove host:foo"]
