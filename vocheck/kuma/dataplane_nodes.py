"""A decoded Dataplane walked field by field: each value with the path it was written at."""

from __future__ import annotations

from collections.abc import Mapping

from vocheck._perf.records import record
from vocheck.kuma.specs import JsonPath


@record
class Node:
    """One decoded message (proto field names as keys) beside the mapping it was decoded from."""

    decoded: Mapping[str, object]
    written: Mapping[str, object]
    path: JsonPath

    def key(self, name: str, json_name: str = "") -> str:
        """The key the user wrote: the JSON name wins, as in Kuma's decoder."""
        spelled = json_name or name
        if spelled in self.written or name not in self.written:
            return spelled
        return name

    def at(self, name: str, json_name: str = "") -> JsonPath:
        return (*self.path, self.key(name, json_name))

    def has(self, name: str) -> bool:
        return name in self.decoded

    def text(self, name: str) -> str:
        value = self.decoded.get(name, "")
        return value if isinstance(value, str) else ""

    def number(self, name: str) -> int:
        value = self.decoded.get(name, 0)
        return value if type(value) is int else 0

    def tags(self, name: str) -> Mapping[str, str]:
        # The decoder stores string maps with string values only (null as "").
        value = self.decoded.get(name)
        return value if isinstance(value, dict) else {}

    def child(self, name: str, json_name: str = "") -> Node | None:
        value = self.decoded.get(name)
        if not isinstance(value, dict):
            return None
        key = self.key(name, json_name)
        written = self.written.get(key)
        return Node(value, written if isinstance(written, dict) else {}, (*self.path, key))

    def children(self, name: str, json_name: str = "") -> list[Node]:
        values = self.decoded.get(name)
        if not isinstance(values, list):
            return []
        key = self.key(name, json_name)
        written = self.written.get(key)
        written_items = written if isinstance(written, list) else []
        nodes = []
        for index, value in enumerate(values):
            item = written_items[index] if index < len(written_items) else None
            nodes.append(
                Node(
                    value if isinstance(value, dict) else {},
                    item if isinstance(item, dict) else {},
                    (*self.path, key, index),
                )
            )
        return nodes
