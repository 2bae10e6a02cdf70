"""A mesh whose served state changes: its ``meshServices.mode`` turns Exclusive, or stops being Exclusive.

In Exclusive mode Kuma still builds and persists a mesh's VirtualOutbound
view but gives proxies none of it: no DNS record and no outbound for a
VirtualOutbound hostname, an ExternalService host or a default
``kuma.io/service`` name. Switching a mesh to Exclusive removes every one
of them for its clients at once; switching back serves them again.
"""

from __future__ import annotations

from collections.abc import Callable

from vocheck._perf.records import record
from vocheck.resolve import MeshResolution
from vocheck.resolve.keys import ResourceKey


@record
class ServedChange:
    """``before``/``after``: whether proxies get the view; ``where`` is ``FILE:LINE`` of the Exclusive mode ("" unknown)."""

    before: bool
    after: bool
    where: str

    @property
    def why(self) -> str:
        if not self.after:
            at = f" ({self.where})" if self.where else ""
            return (
                f"meshServices.mode turns Exclusive{at}: Kuma stops serving the mesh's VirtualOutbound view and "
                "default kuma.io/service names, so every hostname of it is no longer served; only MeshService, "
                "MeshExternalService and MeshMultiZoneService hostnames resolve"
            )
        at = f" (BASE sets it at {self.where})" if self.where else ""
        return (
            f"meshServices.mode is no longer Exclusive{at}: Kuma serves the mesh's VirtualOutbound "
            "view and default kuma.io/service names again"
        )


def served_change(
    name: str,
    base: MeshResolution | None,
    head: MeshResolution | None,
    locate: Callable[[ResourceKey], str] | None,
) -> ServedChange | None:
    """The change of mesh ``name``'s served state between two sides that both resolve it, if any."""
    if base is None or head is None or base.served == head.served:
        return None
    key = head.exclusive if head.exclusive is not None else base.exclusive
    where = locate(key) if locate is not None and key is not None else ""
    return ServedChange(base.served, head.served, where)
