"""The per-mesh view: Kuma's own allocator cases, the docs' example, and what gets lost."""

from __future__ import annotations

from typing import Any

import pytest
from resolve_helpers import (
    SVC,
    addresses_by_entry,
    created,
    dataplane,
    external_service,
    outbounds_by_entry,
    parameter,
    policy,
    zone_ingress,
)

from vocheck.kuma.specs import Inbound
from vocheck.resolve import resolve
from vocheck.preview.json_view import to_json
from vocheck.resolve.events import AMBIGUOUS, CREATION_TIME, PROCESSING_ORDER, RANK
from vocheck.settings import KumaSettings
from vocheck.kuma.netaddr import external_service_port
from vocheck.resolve.view import split_host_port

TEST_SETTINGS = KumaSettings(dns_cidr="240.0.0.0/24")
NO_VIPS = KumaSettings(dns_cidr="240.0.0.0/24", service_vips=False)
DEFAULT_PORT = "{{if .port}}{{.port}}{{else}}8080{{end}}"
SRV_PARAMETERS = (parameter("srv", SVC), parameter("instance"), parameter("port"))


def vob(*selectors: dict[str, str], host: str, name: str = "vob-1", **kwargs: Any) -> Any:
    return policy(
        name,
        *selectors,
        host=host,
        port=kwargs.pop("port", DEFAULT_PORT),
        parameters=SRV_PARAMETERS,
        **kwargs,
    )


def svc(name: str, port: int = 0) -> list[tuple[int, dict[str, str], str]]:
    return [(port, {SVC: name}, "service")]


# Kuma's pkg/dns/vips_allocator_test.go "outboundView" table.
OUTBOUND_VIEW_CASES: list[tuple[str, dict[str, Any], str, dict[str, Any]]] = [
    ("no resource", {}, "default", {}),
    (
        "dp with multiple services",
        {"dataplanes": [dataplane("dp1", {SVC: "service1"}, {SVC: "service2"})]},
        "default",
        {"service:service1": svc("service1"), "service:service2": svc("service2")},
    ),
    (
        "external service",
        {
            "external_services": [
                external_service("es-1", "external.service.com:8080", "my-external-service-1")
            ]
        },
        "default",
        {
            "service:my-external-service-1": svc("my-external-service-1", 8080),
            "host:external.service.com": [
                (8080, {SVC: "my-external-service-1"}, "external-service:es-1")
            ],
        },
    ),
    (
        "external service with disableHostDNSEntry",
        {
            "external_services": [
                external_service("es-1", "external.service.com:8080", "my-external-service-1", True)
            ]
        },
        "default",
        {"service:my-external-service-1": svc("my-external-service-1", 8080)},
    ),
    (
        "two external services with the same address, the second without host entry",
        {
            "external_services": [
                external_service("es-1", "external.service.com:8080", "my-external-service-1"),
                external_service(
                    "es-2", "external.service.com:8080", "my-external-service-2", True
                ),
            ]
        },
        "default",
        {
            "service:my-external-service-1": svc("my-external-service-1", 8080),
            "service:my-external-service-2": svc("my-external-service-2", 8080),
            "host:external.service.com": [
                (8080, {SVC: "my-external-service-1"}, "external-service:es-1")
            ],
        },
    ),
    (
        "two external services with the same host and different ports",
        {
            "external_services": [
                external_service("es-2", "external.service.com:8081", "my-external-service-2"),
                external_service("es-1", "external.service.com:8080", "my-external-service-1"),
            ]
        },
        "default",
        {
            "service:my-external-service-1": svc("my-external-service-1", 8080),
            "service:my-external-service-2": svc("my-external-service-2", 8081),
            "host:external.service.com": [
                (8080, {SVC: "my-external-service-1"}, "external-service:es-1"),
                (8081, {SVC: "my-external-service-2"}, "external-service:es-2"),
            ],
        },
    ),
    (
        "zone ingress of a remote zone",
        {
            "zone_ingresses": [
                zone_ingress(
                    "zi",
                    "zone2",
                    ("other-mesh", {SVC: "srv1"}),
                    ("mesh", {SVC: "srv1"}),
                    ("mesh", {SVC: "srv2"}),
                )
            ],
            "settings": KumaSettings(dns_cidr="240.0.0.0/24", zone="zone1"),
        },
        "mesh",
        {"service:srv1": svc("srv1"), "service:srv2": svc("srv2")},
    ),
    (
        "zone ingress of the local zone is ignored",
        {
            "dataplanes": [dataplane("dp1", {SVC: "service1"}, {SVC: "service2"})],
            "zone_ingresses": [zone_ingress("zi", "zone1", ("default", {SVC: "srv1"}))],
            "settings": KumaSettings(dns_cidr="240.0.0.0/24", zone="zone1"),
        },
        "default",
        {"service:service1": svc("service1"), "service:service2": svc("service2")},
    ),
    (
        "virtual outbound simple",
        {
            "dataplanes": [
                dataplane("dp1-a", {SVC: "service1", "instance": "a", "port": "9000"}),
                dataplane("dp1-b", {SVC: "service1", "instance": "b"}),
                dataplane("dp2", {SVC: "service2"}),
            ],
            "policies": [vob({SVC: "*", "instance": "*"}, host="{{.srv}}.{{.instance}}.mesh")],
        },
        "default",
        {
            "service:service1": svc("service1"),
            "service:service2": svc("service2"),
            "fqdn:service1.a.mesh": [
                (9000, {SVC: "service1", "instance": "a", "port": "9000"}, "virtual-outbound:vob-1")
            ],
            "fqdn:service1.b.mesh": [
                (8080, {SVC: "service1", "instance": "b"}, "virtual-outbound:vob-1")
            ],
        },
    ),
    (
        "same hostname, different ports",
        {
            "dataplanes": [
                dataplane("dp1-a", {SVC: "service1", "port": "9000"}),
                dataplane("dp1-b", {SVC: "service1", "port": "8000"}),
                dataplane("dp2", {SVC: "service2"}),
            ],
            "policies": [vob({SVC: "*"}, host="{{.srv}}.mesh")],
        },
        "default",
        {
            "service:service1": svc("service1"),
            "service:service2": svc("service2"),
            "fqdn:service1.mesh": [
                (8000, {SVC: "service1", "port": "8000"}, "virtual-outbound:vob-1"),
                (9000, {SVC: "service1", "port": "9000"}, "virtual-outbound:vob-1"),
            ],
            "fqdn:service2.mesh": [(8080, {SVC: "service2"}, "virtual-outbound:vob-1")],
        },
    ),
    (
        "collision picks the most specific policy",
        {
            "dataplanes": [dataplane("dp1", {SVC: "service1", "instance": "1"})],
            "policies": [
                vob({SVC: "*"}, host="{{.srv}}.mesh", port="8080", name="vob-1"),
                vob({SVC: "*", "instance": "*"}, host="{{.srv}}.mesh", port="8080", name="vob-2"),
            ],
        },
        "default",
        {
            "service:service1": svc("service1"),
            "fqdn:service1.mesh": [
                (8080, {SVC: "service1", "instance": "1"}, "virtual-outbound:vob-2")
            ],
        },
    ),
    (
        "skip service vips",
        {
            "dataplanes": [dataplane("dp1", {SVC: "service1"})],
            "external_services": [
                external_service("es-1", "external.service.com:8080", "my-external-service-1")
            ],
            "settings": NO_VIPS,
        },
        "default",
        {
            "host:external.service.com": [
                (8080, {SVC: "my-external-service-1"}, "external-service:es-1")
            ]
        },
    ),
    (
        "two external services with the same address, no service vips",
        {
            "external_services": [
                external_service("es-1", "external.service.com:8080", "my-external-service-1"),
                external_service("es-2", "external.service.com:8080", "my-external-service-2"),
            ],
            "settings": NO_VIPS,
        },
        "default",
        {
            "host:external.service.com": [
                (8080, {SVC: "my-external-service-1"}, "external-service:es-1")
            ]
        },
    ),
    (
        "skip ignored listener",
        {
            "dataplanes": [dataplane("dp1", Inbound(8080, {SVC: "service1"}, "Ignored"))],
            "policies": [vob({SVC: "*"}, host="{{.srv}}.mesh")],
        },
        "default",
        {},
    ),
    (
        "skip reserved port",
        {
            "dataplanes": [dataplane("dp1", Inbound(49151, {SVC: "service1"}))],
            "policies": [vob({SVC: "*"}, host="{{.srv}}.mesh")],
        },
        "default",
        {},
    ),
    (
        "skip inbounds without tags",
        {
            "dataplanes": [dataplane("dp1", Inbound(8080, {}))],
            "policies": [vob({SVC: "*"}, host="{{.srv}}.mesh")],
        },
        "default",
        {},
    ),
]


def run(case: dict[str, Any]) -> Any:
    return resolve(
        case.get("policies", []),
        case.get("dataplanes", []),
        case.get("zone_ingresses", []),
        case.get("external_services", []),
        case.get("settings", TEST_SETTINGS),
    )


@pytest.mark.parametrize(
    ("case", "mesh", "expected"),
    [item[1:] for item in OUTBOUND_VIEW_CASES],
    ids=[item[0] for item in OUTBOUND_VIEW_CASES],
)
def test_kuma_outbound_view_cases(
    case: dict[str, Any], mesh: str, expected: dict[str, Any]
) -> None:
    result = run(case)
    assert outbounds_by_entry(result, mesh) == expected
    if expected:
        assert list(outbounds_by_entry(result, mesh)) == sorted(
            expected, key=lambda key: (["service", "host", "fqdn"].index(key.split(":")[0]), key)
        )


def test_remote_ingress_services_of_another_mesh_still_match_this_meshs_policies() -> None:
    result = run(
        {
            "zone_ingresses": [
                zone_ingress("zi", "zone2", ("other", {SVC: "srv1", "instance": "x"}))
            ],
            "policies": [vob({SVC: "*"}, host="{{.srv}}.{{.instance}}.mesh")],
            "settings": KumaSettings(zone="zone1"),
        }
    )
    assert outbounds_by_entry(result) == {
        "fqdn:srv1.x.mesh": [(8080, {SVC: "srv1", "instance": "x"}, "virtual-outbound:vob-1")]
    }
    assert list(outbounds_by_entry(result, "other")) == ["service:srv1"]


def test_external_service_policies_see_only_the_service_tag() -> None:
    result = run(
        {
            "external_services": [external_service("es-1", "httpbin.org:443", "httpbin")],
            "policies": [
                policy("by-service", {SVC: "*"}, host="{{.service}}.mesh", port="80"),
                policy("by-other", {"other": "*"}, host="x.mesh", port="80"),
            ],
        }
    )
    entries = outbounds_by_entry(result)
    assert entries["fqdn:httpbin.mesh"] == [(80, {SVC: "httpbin"}, "virtual-outbound:by-service")]
    assert "fqdn:x.mesh" not in entries
    assert to_json(result)["meshes"][0]["unused_policies"] == ["by-other"]


def test_external_service_addressed_by_ip_keeps_its_ip() -> None:
    result = run({"external_services": [external_service("es-1", "10.1.2.3:5432", "db")]})
    assert addresses_by_entry(result) == {"service:db": "240.0.0.0", "host:10.1.2.3": "10.1.2.3"}
    dns = to_json(result)["meshes"][0]["dns"]
    assert dns == [{"domain": "db.mesh", "address": "240.0.0.0", "ports": [80, 5432]}]


# The docs' first example, with its Dataplane fixed.
SEED_POLICY = policy(
    "test",
    {SVC: "*"},
    host="{{.v}}.{{.service}}.mesh",
    port="{{.port}}",
    parameters=(parameter("service", SVC), parameter("port", "port"), parameter("v", "version")),
)
SEED_DATAPLANE = dataplane(
    "backend-1", Inbound(9000, {SVC: "backend", "version": "v1", "port": "1800"})
)


def test_seed_example_previews_v1_backend_mesh() -> None:
    result = resolve([SEED_POLICY], [SEED_DATAPLANE], [], [], KumaSettings())
    mesh = to_json(result)["meshes"][0]
    assert mesh["entries"] == [
        {
            "type": "service",
            "name": "backend",
            "address": "240.0.0.0",
            "outbounds": [
                {
                    "port": 0,
                    "tags": {SVC: "backend"},
                    "origin": "service",
                    "contributions": 1,
                    "source": {"kind": "Dataplane", "name": "backend-1", "index": 0},
                }
            ],
            "ports": [80],  # port 0 above is Kuma's stand-in for the service VIP port
        },
        {
            "type": "fqdn",
            "name": "v1.backend.mesh",
            "address": "240.0.0.1",
            "outbounds": [
                {
                    "port": 1800,
                    "tags": {SVC: "backend", "port": "1800", "version": "v1"},
                    "origin": "virtual-outbound:test",
                    "contributions": 1,
                    "source": {"kind": "Dataplane", "name": "backend-1", "index": 0},
                }
            ],
            "ports": [1800],
        },
    ]
    assert mesh["dns"] == [
        {"domain": "backend.mesh", "address": "240.0.0.0", "ports": [80]},
        {"domain": "v1.backend.mesh", "address": "240.0.0.1", "ports": [1800]},
    ]
    assert mesh["conflicts"] == mesh["failures"] == []


def test_seed_dataplane_without_inbounds_leaves_the_policy_unused() -> None:
    empty = dataplane("backend-1")
    result = resolve([SEED_POLICY], [empty], [], [], KumaSettings())
    mesh = to_json(result)["meshes"][0]
    assert mesh["entries"] == []
    assert mesh["unused_policies"] == ["test"]


# Conflicts, with the reason the winner won.
def conflict_of(result: Any) -> dict[str, Any]:
    conflicts = to_json(result)["meshes"][0]["conflicts"]
    assert len(conflicts) == 1
    conflict: dict[str, Any] = conflicts[0]
    return conflict


def fixed_host(name: str, *selectors: dict[str, str], hour: int | None = None) -> Any:
    return policy(
        name,
        *selectors,
        host="shared.mesh",
        port="80",
        creation_time=None if hour is None else created(hour),
    )


@pytest.mark.parametrize(
    ("policies", "dataplanes", "winner", "loser", "why"),
    [
        pytest.param(
            [fixed_host("a", {SVC: "*"}), fixed_host("b", {SVC: "*", "v": "*"})],
            [dataplane("dp", {SVC: "web", "v": "1"})],
            "b",
            "a",
            RANK,
            id="rank",
        ),
        pytest.param(
            [fixed_host("a", {SVC: "*"}, hour=5), fixed_host("b", {SVC: "*"}, hour=1)],
            [dataplane("dp", {SVC: "web"})],
            "a",
            "b",
            CREATION_TIME,
            id="creation-time",
        ),
        pytest.param(
            [fixed_host("a", {SVC: "web"}), fixed_host("b", {SVC: "api", "v": "*"})],
            [dataplane("dp-1", {SVC: "web"}), dataplane("dp-2", {SVC: "api", "v": "2"})],
            "a",
            "b",
            PROCESSING_ORDER,
            id="processing-order",
        ),
        pytest.param(
            [fixed_host("a", {SVC: "*"}, hour=1), fixed_host("b", {SVC: "*"}, hour=1)],
            [dataplane("dp", {SVC: "web"})],
            "a",
            "b",
            AMBIGUOUS,
            id="ambiguous-equal-rank-and-time",
        ),
        pytest.param(
            [fixed_host("a", {SVC: "web"}), fixed_host("b", {SVC: "api"})],
            [
                dataplane("dp-1", {SVC: "web"}, form="kubernetes"),
                dataplane("dp-2", {SVC: "api"}, form="kubernetes"),
            ],
            "a",
            "b",
            AMBIGUOUS,
            id="ambiguous-kubernetes-order",
        ),
    ],
)
def test_conflict_names_winner_loser_and_why(
    policies: list[Any], dataplanes: list[Any], winner: str, loser: str, why: str
) -> None:
    result = resolve(policies, dataplanes, [], [], TEST_SETTINGS)
    conflict = conflict_of(result)
    assert (conflict["winner"]["policy"], conflict["loser"]["policy"], conflict["why"]) == (
        winner,
        loser,
        why,
    )
    assert conflict["message"] == (
        f"can't add shared.mesh:80 from virtual-outbound:{loser} because it's already used "
        f"by entity defined in:'virtual-outbound:{winner}'"
    )
    assert outbounds_by_entry(result)["fqdn:shared.mesh"][0][2] == f"virtual-outbound:{winner}"


def test_lower_priority_policy_of_an_earlier_dataplane_wins_and_is_flagged() -> None:
    policies = [fixed_host("generic", {SVC: "*"}), fixed_host("specific", {SVC: "api", "v": "*"})]
    dataplanes = [dataplane("dp-1", {SVC: "web"}), dataplane("dp-2", {SVC: "api", "v": "2"})]
    conflicts = to_json(resolve(policies, dataplanes, [], [], TEST_SETTINGS))["meshes"][0][
        "conflicts"
    ]
    # dp-2 also loses "generic"'s own outbound for it, which carries other tags.
    assert [item["loser"]["policy"] for item in conflicts] == ["specific", "generic"]
    conflict = conflicts[0]
    assert conflict["winner"]["policy"] == "generic"
    assert conflict["why"] == PROCESSING_ORDER
    assert conflict["loser_outranks"] is True
    assert conflict["winner"]["source"] == {"kind": "Dataplane", "name": "dp-1", "index": 0}
    assert conflict["loser"]["source"] == {"kind": "Dataplane", "name": "dp-2", "index": 0}


def test_external_service_host_conflict_uses_kumas_host_message() -> None:
    result = run(
        {
            "external_services": [
                external_service("es-2", "external.service.com:8080", "two"),
                external_service("es-1", "external.service.com:8080", "one"),
            ]
        }
    )
    conflict = conflict_of(result)
    assert conflict["message"] == (
        "autogenerated DNS entry external.service.com:8080 from external-service:es-2 "
        "conflicts with existing entry external-service:es-1"
    )
    assert conflict["why"] == PROCESSING_ORDER
    assert conflict["winner"]["source"]["name"] == "es-1"


def test_identical_outbounds_merge_silently_and_count_contributions() -> None:
    dataplanes = [dataplane(f"web-{index}", {SVC: "web"}) for index in range(3)]
    result = resolve([policy("p", {SVC: "*"})], dataplanes, [], [], TEST_SETTINGS)
    mesh = to_json(result)["meshes"][0]
    assert mesh["conflicts"] == []
    assert [
        outbound["contributions"] for entry in mesh["entries"] for outbound in entry["outbounds"]
    ] == [3, 3]


# Template failures: Kuma logs them and skips the pair.
@pytest.mark.parametrize(
    ("host", "port", "tags", "template", "message", "rendered"),
    [
        (
            "{{.service}}.{{.version}}.mesh",
            "80",
            {SVC: "web"},
            "host",
            'evaluation of template with parameters didn\'t return a valid dns name result="web.<no value>.mesh"',
            "web.<no value>.mesh",
        ),
        (
            "{{.service}}.mesh",
            "{{.version}}",
            {SVC: "web", "version": "http"},
            "port",
            'evaluation of template with parameters didn\'t evaluate to a parsable number result="http"',
            "http",
        ),
        (
            "{{.service}}.mesh",
            "{{.version}}0000",
            {SVC: "web", "version": "9"},
            "port",
            "evaluation of template returned a port outside of the range [1..65535] result=90000",
            "90000",
        ),
    ],
)
def test_failures_name_the_dataplane_inbound_and_rendered_value(
    host: str, port: str, tags: dict[str, str], template: str, message: str, rendered: str
) -> None:
    bad = policy(
        "bad",
        {SVC: "*"},
        host=host,
        port=port,
        parameters=(parameter("service", SVC), parameter("version")),
    )
    result = resolve([bad], [dataplane("web-1", {SVC: "other"}, tags)], [], [], TEST_SETTINGS)
    mesh = to_json(result)["meshes"][0]
    failures = [item for item in mesh["failures"] if item["source"]["index"] == 1]
    assert failures == [
        {
            "policy": "bad",
            "source": {"kind": "Dataplane", "name": "web-1", "index": 1},
            "tags": dict(sorted(tags.items())),
            "template": template,
            "message": message,
            "rendered": rendered,
        }
    ]
    assert mesh["unused_policies"] == []


def test_a_failure_skips_only_its_own_pair() -> None:
    needs_version = policy(
        "versioned",
        {SVC: "*"},
        host="{{.service}}.{{.version}}.mesh",
        parameters=(parameter("service", SVC), parameter("version")),
    )
    result = resolve(
        [needs_version],
        [dataplane("a", {SVC: "web", "version": "v1"}), dataplane("b", {SVC: "web"})],
        [],
        [],
        TEST_SETTINGS,
    )
    assert list(outbounds_by_entry(result)) == ["service:web", "fqdn:web.v1.mesh"]
    assert [failure["source"]["name"] for failure in to_json(result)["meshes"][0]["failures"]] == [
        "b"
    ]


def test_fqdn_named_like_a_service_domain_is_reported_as_shadowing() -> None:
    same_as_dns = policy("default-dns", {SVC: "*"}, host="{{.service}}.mesh", port="80")
    result = resolve(
        [same_as_dns], [dataplane("dp", {SVC: "backend"}, {SVC: "a_b"})], [], [], TEST_SETTINGS
    )
    mesh = to_json(result)["meshes"][0]
    assert [(item["domain"], item["service"]) for item in mesh["shadowed"]] == [
        ("a_b.mesh", "a_b"),
        ("backend.mesh", "backend"),
    ]
    records = {record["domain"]: record["address"] for record in mesh["dns"]}
    addresses = addresses_by_entry(result)
    assert records["backend.mesh"] == addresses["fqdn:backend.mesh"]
    assert records["a.b.mesh"] == addresses["service:a_b"]


def test_meshes_are_separate_and_sorted() -> None:
    result = resolve(
        [],
        [
            dataplane("dp-3", {SVC: "web"}, mesh="mesh-2"),
            dataplane("dp-1", {SVC: "backend"}, mesh="mesh-1"),
            dataplane("dp-2", {SVC: "frontend"}, mesh="mesh-1"),
        ],
        [],
        [],
        TEST_SETTINGS,
    )
    assert [mesh["mesh"] for mesh in to_json(result)["meshes"]] == ["mesh-1", "mesh-2"]
    assert addresses_by_entry(result, "mesh-1") == {
        "service:backend": "240.0.0.0",
        "service:frontend": "240.0.0.1",
    }
    assert addresses_by_entry(result, "mesh-2") == {"service:web": "240.0.0.0"}


@pytest.mark.parametrize(
    ("address", "entries"),
    [
        ("[fd00::1]:443", {"service:db": "240.0.0.0", "host:fd00::1": "fd00::1"}),
        ("db.example.com:5432", {"service:db": "240.0.0.0", "host:db.example.com": "240.0.0.1"}),
    ],
)
def test_external_service_address_forms(address: str, entries: dict[str, str]) -> None:
    assert (
        addresses_by_entry(run({"external_services": [external_service("es", address, "db")]}))
        == entries
    )


@pytest.mark.parametrize(
    ("address", "parts", "port"),
    [
        ("host:80", ("host", "80"), 80),
        ("[::1]:80", ("::1", "80"), 80),
        ("host", None, 0),
        ("a:b:80", None, 0),
        ("[::1]80", None, 0),
        ("host:http", ("host", "http"), 0),
    ],
)
def test_split_host_port_like_go(address: str, parts: tuple[str, str] | None, port: int) -> None:
    assert split_host_port(address) == parts
    assert external_service_port(address) == port


def test_generated_outbounds_keep_only_their_parameters_tags_keyed_by_tag() -> None:
    found = resolve(
        [
            policy(
                "test",
                {SVC: "backend"},
                host="{{.srv}}.{{.version}}.mesh",
                parameters=(parameter("srv", SVC), parameter("version"), parameter("instance")),
            )
        ],
        [dataplane("backend-1", {SVC: "backend", "version": "v1", "zone": "eu"})],
        (),
        (),
    )
    assert outbounds_by_entry(found)["fqdn:backend.v1.mesh"] == [
        (8080, {SVC: "backend", "version": "v1"}, "virtual-outbound:test")
    ]
