"""A smoke run on a larger mesh: thousands of inbounds, many policies, shared templates."""

from __future__ import annotations

from resolve_helpers import SVC, dataplane, parameter, policy

from vocheck.kuma.specs import Inbound
from vocheck.resolve import resolve
from vocheck.settings import KumaSettings

SERVICES = 100


def test_two_thousand_dataplanes_and_two_hundred_policies() -> None:
    exact = [
        policy(
            f"exact-{index:03}",
            {SVC: f"svc-{index}"},
            host="{{.service}}.{{.version}}.mesh",
            parameters=(parameter("service", SVC), parameter("version")),
        )
        for index in range(190)
    ]
    wildcard = [
        policy(f"wild-{index}", {SVC: "*", "version": "v1"}, host=f"{{{{.service}}}}.w{index}.mesh")
        for index in range(10)
    ]
    dataplanes = [
        dataplane(
            f"dp-{index:04}",
            Inbound(
                8080,
                {
                    SVC: f"svc-{index % SERVICES}",
                    "version": f"v{index % 3}",
                    "instance": str(index),
                },
            ),
        )
        for index in range(2000)
    ]
    mesh = resolve(exact + wildcard, dataplanes, [], [], KumaSettings()).meshes[0]
    services = [entry for entry in mesh.entries if entry.type.label == "service"]
    fqdns = [entry for entry in mesh.entries if entry.type.label == "fqdn"]
    assert len(services) == SERVICES
    # 100 services x 3 versions from the exact policies, 10 x the v1 services from the wildcards.
    assert len(fqdns) == SERVICES * 3 + 10 * len(
        {index % SERVICES for index in range(2000) if index % 3 == 1}
    )
    assert (
        sum(outbound.contributions for entry in fqdns for outbound in entry.outbounds)
        == 2000 + 10 * 667
    )
    assert [item.policy for item in mesh.unused] == [
        f"exact-{index:03}" for index in range(SERVICES, 190)
    ]
    assert len({entry.address for entry in mesh.entries}) == len(mesh.entries)
