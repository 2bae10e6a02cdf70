"""Reading a persisted ``kuma-<mesh>-dns-vips`` Config: the VIPs Kuma keeps stable.

Accepted: the Universal resource (``type: Config``, ``name: kuma-<mesh>-dns-vips``,
``config: '<json>'``, YAML or JSON, several documents allowed), the Kubernetes
ConfigMap of that name (``data.config``), or the bare JSON of ``config``. The
JSON is either the classic view, ``{"<type>:<name>": {"address": ...,
"outbounds": [{"Port", "TagSet", "Origin"}]}}`` with type 0 service, 1 host,
2 fqdn, or the compact tag-first view, ``{"v": {"<service>": {"oe": [{"t":
{tags}, "ap": [{"a": address, "d": domain, "p": port, "o": origin}]}]}}}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import yaml

from vocheck._perf.records import record
from vocheck.resolve.entries import (
    EXTERNAL_SERVICE_PREFIX,
    SERVICE_ORIGIN,
    SERVICE_TAG,
    VIRTUAL_OUTBOUND_PREFIX,
    EntryKey,
    EntryType,
)
from vocheck.golang.shown import shown

_CONFIG_NAME = re.compile(r"kuma-(.*)-dns-vips")
_CLASSIC_KEY = re.compile(r"\s*([+-]?[0-9]+):(\S+)")
_GATEWAY_PREFIX = "mesh-gateway:"
_KUBE_ORIGIN = "k8s"
_SHORT_SERVICE_ORIGIN = "svc"


class PreviousVipsError(ValueError):
    """A persisted VIP view that cannot be read (Kuma would fail to read it too)."""


class UnnamedMesh(PreviousVipsError):
    """The bare JSON of a ``config`` field, and no mesh given for it."""


@record
class PersistedOutbound:
    port: int
    tags: Mapping[str, str]
    origin: str


@record
class PersistedEntry:
    address: str
    outbounds: tuple[PersistedOutbound, ...]


PersistedView = dict[EntryKey, PersistedEntry]


def mesh_of_config(name: str) -> str | None:
    """The mesh a Config named ``kuma-<mesh>-dns-vips`` belongs to."""
    found = _CONFIG_NAME.fullmatch(name)
    return found.group(1) if found else None


def addresses(view: Mapping[EntryKey, PersistedEntry]) -> dict[EntryKey, str]:
    return {key: entry.address for key, entry in view.items()}


def mesh_of_file(file_name: str) -> str | None:
    """The mesh of a file named after its Config: ``kuma-default-dns-vips.json`` holds mesh ``default``'s view."""
    stem = file_name.rpartition("/")[2]
    for suffix in (".json", ".yaml", ".yml"):
        if stem.endswith(suffix):
            return mesh_of_config(stem.removesuffix(suffix))
    return mesh_of_config(stem)


def parse_previous_vips(text: str, mesh: str | None = None) -> dict[str, PersistedView]:
    """Persisted views by mesh. Bare JSON is the view of ``mesh``; a resource names its own mesh."""
    try:
        document: Any = json.loads(text)
    except ValueError:
        return _parse_yaml(text)
    if isinstance(document, dict) and _is_resource(document):
        return _from_resources([document])
    if mesh is None:
        raise UnnamedMesh(
            "the JSON of a config field does not say which mesh it belongs to: name the file after its Config"
            " (kuma-<mesh>-dns-vips.json), or give the whole Config resource or ConfigMap"
        )
    return {mesh: parse_view(text)}


def _parse_yaml(text: str) -> dict[str, PersistedView]:
    try:
        documents = [item for item in yaml.safe_load_all(text) if item is not None]
    except yaml.YAMLError as error:
        raise PreviousVipsError(f"not JSON nor YAML: {error}") from error
    if not documents or not all(
        isinstance(item, dict) and _is_resource(item) for item in documents
    ):
        raise PreviousVipsError(
            "expected a Config resource named kuma-<mesh>-dns-vips, a ConfigMap of that name, "
            "or the JSON of its config field"
        )
    return _from_resources(documents)


def _is_resource(document: Mapping[str, Any]) -> bool:
    return document.get("type") == "Config" or document.get("kind") == "ConfigMap"


def _from_resources(documents: list[Any]) -> dict[str, PersistedView]:
    views: dict[str, PersistedView] = {}
    for document in documents:
        if document.get("kind") == "ConfigMap":
            metadata = document.get("metadata") or {}
            name = metadata.get("name") if isinstance(metadata, dict) else None
            data = document.get("data") or {}
            config = data.get("config", "") if isinstance(data, dict) else None
        else:
            name = document.get("name")
            config = document.get("config", "")
        if not isinstance(name, str) or mesh_of_config(name) is None:
            raise PreviousVipsError(
                f"expected a Config named kuma-<mesh>-dns-vips, got name {shown(name)}"
            )
        if not isinstance(config, str):
            raise PreviousVipsError(f"{name}: config must be a string holding JSON")
        owner = mesh_of_config(name)
        assert owner is not None
        views[owner] = parse_view(config, name)
    return views


def parse_view(config: str, label: str = "config") -> PersistedView:
    """One persisted view (the JSON of a Config's ``config``); empty text is an empty view."""
    if config == "":
        return {}
    try:
        document: Any = json.loads(config)
    except ValueError as error:
        raise PreviousVipsError(f"{label}: not valid JSON: {error}") from error
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise PreviousVipsError(f"{label}: expected a JSON object, got {_kind(document)}")
    # Kuma tries the tag-first shape first and falls back when it holds no service.
    per_service = _field(document, "v")
    if per_service is not None:
        if not isinstance(per_service, dict):
            raise PreviousVipsError(f'{label}: "v" must be an object, got {_kind(per_service)}')
        if per_service:
            return _tag_first(per_service, label)
    return _classic(document, label)


def _classic(document: Mapping[str, Any], label: str) -> PersistedView:
    view: PersistedView = {}
    for text, value in document.items():
        key = _classic_key(text, label)
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise PreviousVipsError(f"{label}: {shown(text)}: expected an object, got {_kind(value)}")
        address = _string(_field(value, "address"), f"{label}: {shown(text)}: address")
        raw_outbounds = _field(value, "outbounds") or []
        if not isinstance(raw_outbounds, list):
            raise PreviousVipsError(f"{label}: {shown(text)}: outbounds must be a list")
        outbounds = tuple(
            _classic_outbound(item, f"{label}: {shown(text)}: outbounds[{index}]")
            for index, item in enumerate(raw_outbounds)
        )
        if not outbounds:
            raise PreviousVipsError(f"{label}: no outbound for hostname: {key}")
        view[key] = PersistedEntry(address, outbounds)
    return view


def _classic_key(text: str, label: str) -> EntryKey:
    found = _CLASSIC_KEY.match(text)
    if found is None:
        raise PreviousVipsError(f"{label}: could not parse hostname entry: {shown(text)}")
    number = int(found.group(1))
    if number not in (0, 1, 2):
        raise PreviousVipsError(f"{label}: unknown entry type {number} in {shown(text)}")
    return EntryKey(EntryType(number), found.group(2))


def _classic_outbound(item: Any, label: str) -> PersistedOutbound:
    if not isinstance(item, dict):
        raise PreviousVipsError(f"{label}: expected an object, got {_kind(item)}")
    return PersistedOutbound(
        _port(_field(item, "port"), label),
        _tags(_field(item, "tagset"), label),
        _string(_field(item, "origin"), f"{label}: Origin"),
    )


def _tag_first(per_service: Mapping[str, Any], label: str) -> PersistedView:
    view: PersistedView = {}
    for service, group in per_service.items():
        where = f"{label}: v[{shown(service)}]"
        if group is None:
            continue
        if not isinstance(group, dict):
            raise PreviousVipsError(f"{where}: expected an object, got {_kind(group)}")
        outbounds = _field(group, "oe") or []
        if not isinstance(outbounds, list):
            raise PreviousVipsError(f"{where}: oe must be a list")
        for index, outbound in enumerate(outbounds):
            _add_tag_first(view, service, outbound, f"{where}.oe[{index}]")
    return view


def _add_tag_first(view: PersistedView, service: str, outbound: Any, where: str) -> None:
    if outbound is None:
        outbound = {}
    if not isinstance(outbound, dict):
        raise PreviousVipsError(f"{where}: expected an object, got {_kind(outbound)}")
    tags = {SERVICE_TAG: service}
    tags.update(_tags(_field(outbound, "t"), where))
    points = _field(outbound, "ap") or []
    if not isinstance(points, list):
        raise PreviousVipsError(f"{where}: ap must be a list")
    for index, point in enumerate(points):
        here = f"{where}.ap[{index}]"
        if not isinstance(point, dict):
            raise PreviousVipsError(f"{here}: expected an object, got {_kind(point)}")
        address = _string(_field(point, "a"), f"{here}.a")
        domain = _field(point, "d")
        short_origin = _string(_field(point, "o"), f"{here}.o")
        entry_type = _entry_type(short_origin)
        if entry_type is EntryType.SERVICE:
            name = service
        else:
            name = _string(domain, f"{here}.d") if domain is not None else address
        key = EntryKey(entry_type, name)
        persisted = PersistedOutbound(
            _port(_field(point, "p"), here), dict(tags), _long_origin(short_origin)
        )
        previous = view.get(key)
        if previous is None:
            view[key] = PersistedEntry(address, (persisted,))
        else:
            view[key] = PersistedEntry(previous.address, previous.outbounds + (persisted,))


def _entry_type(origin: str) -> EntryType:
    if origin == _SHORT_SERVICE_ORIGIN:
        return EntryType.SERVICE
    if origin == _KUBE_ORIGIN or origin.startswith(EXTERNAL_SERVICE_PREFIX):
        return EntryType.HOST
    if origin.startswith(VIRTUAL_OUTBOUND_PREFIX) or origin.startswith(_GATEWAY_PREFIX):
        return EntryType.FQDN
    return EntryType.SERVICE


def _long_origin(origin: str) -> str:
    return SERVICE_ORIGIN if origin == _SHORT_SERVICE_ORIGIN else origin


def _field(document: Mapping[str, Any], name: str) -> Any:
    """Go's encoding/json field lookup: exact name first, then case-insensitive."""
    if name in document:
        return document[name]
    folded = name.lower()
    for key, value in document.items():
        if key.lower() == folded:
            return value
    return None


def _string(value: Any, label: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PreviousVipsError(f"{label}: expected a string, got {_kind(value)}")
    return value


def _port(value: Any, label: str) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < (1 << 32):
        raise PreviousVipsError(
            f"{label}: port must be an integer in [0, 4294967295], got {shown(value)}"
        )
    return value


def _tags(value: Any, label: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(item, str) for item in value.values()):
        raise PreviousVipsError(f"{label}: tags must be an object of strings")
    return dict(value)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "a string"
    return "null"
