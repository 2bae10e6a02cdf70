"""Small builders for resolution tests: policies, dataplanes and services in a line each."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from vocheck.kuma.specs import (
    AvailableService,
    Conf,
    DataplaneSpec,
    ExternalServiceSpec,
    Inbound,
    Parameter,
    VirtualOutboundSpec,
    ZoneIngressSpec,
)
from vocheck.preview.json_view import to_json
from vocheck.resolve.keys import ResourceKey
from vocheck.resolve.inputs import (
    DataplaneInput,
    ExternalServiceInput,
    PolicyInput,
    ZoneIngressInput,
)

SVC = "kuma.io/service"


def created(hour: int) -> datetime:
    return datetime(2021, 12, 12, hour, 0, tzinfo=timezone.utc)


def parameter(name: str, tag_key: str = "") -> Parameter:
    return Parameter(name, tag_key)


def policy(
    name: str,
    *selectors: Mapping[str, str],
    host: str = "{{.service}}.mesh",
    port: str = "8080",
    parameters: tuple[Parameter, ...] = (Parameter("service", SVC),),
    creation_time: datetime | None = None,
    mesh: str = "default",
) -> PolicyInput:
    spec = VirtualOutboundSpec(tuple(selectors), Conf(host, port, parameters))
    return PolicyInput(name, mesh, creation_time, spec, ref=ResourceKey(f"policies/{name}.yaml"))


def dataplane(
    name: str,
    *inbounds: Mapping[str, str] | Inbound,
    mesh: str = "default",
    form: str = "universal",
) -> DataplaneInput:
    items = tuple(
        item if isinstance(item, Inbound) else Inbound(port=8080, tags=dict(item))
        for item in inbounds
    )
    return DataplaneInput(
        name, mesh, DataplaneSpec(inbounds=items), ref=ResourceKey(f"dataplanes/{name}.yaml"), form=form
    )


def external_service(
    name: str,
    address: str,
    service: str,
    disable_host_dns_entry: bool = False,
    mesh: str = "default",
) -> ExternalServiceInput:
    spec = ExternalServiceSpec(address, {SVC: service, "other": "hidden"}, disable_host_dns_entry)
    return ExternalServiceInput(name, mesh, spec, ref=ResourceKey(f"external-services/{name}.yaml"))


def zone_ingress(
    name: str, zone: str, *services: tuple[str, Mapping[str, str]]
) -> ZoneIngressInput:
    available = tuple(AvailableService(dict(tags), mesh) for mesh, tags in services)
    return ZoneIngressInput(name, ZoneIngressSpec(zone, available), ref=ResourceKey(f"zone-ingresses/{name}.yaml"))


def outbounds_by_entry(
    result: Any, mesh: str = "default"
) -> dict[str, list[tuple[int, dict[str, str], str]]]:
    """``type:name`` -> [(port, tags, origin)], from the JSON form."""
    meshes = {item["mesh"]: item for item in to_json(result)["meshes"]}
    if mesh not in meshes:
        return {}
    return {
        f"{entry['type']}:{entry['name']}": [
            (outbound["port"], outbound["tags"], outbound["origin"])
            for outbound in entry["outbounds"]
        ]
        for entry in meshes[mesh]["entries"]
    }


def addresses_by_entry(result: Any, mesh: str = "default") -> dict[str, str]:
    meshes = {item["mesh"]: item for item in to_json(result)["meshes"]}
    return {
        f"{entry['type']}:{entry['name']}": entry["address"] for entry in meshes[mesh]["entries"]
    }
