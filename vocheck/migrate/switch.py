"""The order of the switch, as Kuma's docs give it, with what `vocheck diff` reports at each step.

Both worlds run side by side while a mesh's ``meshServices.mode`` is
``Everywhere`` or ``ReachableBackends``; where a generator and a
VirtualOutbound produce the same hostname, the MeshService address wins
DNS, so a hostname moves in place. ``Exclusive`` then stops serving the
VirtualOutbound view, and the policies can go.
"""

from __future__ import annotations

from collections.abc import Sequence

from vocheck.migrate.model import IMPOSSIBLE, PolicyMigration, Step


def switch_steps(policies: Sequence[PolicyMigration]) -> tuple[Step, ...]:
    if not policies:
        return ()
    meshes = sorted({item.mesh for item in policies})
    names = ", ".join(meshes)
    pairs = sum(len(item.before) for item in policies)
    kept = sum(
        1
        for item in policies
        for row in item.before
        if not any(difference.hostname == row.hostname and difference.port == row.port for difference in item.differences)
        and item.verdict != IMPOSSIBLE
    )
    lost = pairs - kept
    impossible = sorted(item.policy for item in policies if item.verdict == IMPOSSIBLE)
    files = sum(1 for item in policies if item.resources)
    return (
        Step(
            f"Set meshServices.mode: Everywhere (or ReachableBackends) on mesh {names}",
            "Kuma then generates MeshServices next to the kuma.io/service view; both worlds run side by side.",
            "vocheck diff: no (hostname, port) removed or retargeted; the MeshService world appears in `vocheck preview`.",
        ),
        Step(
            f"Apply the generated resources ({files} files: HostnameGenerators, MeshServices, MeshExternalServices, MeshMultiZoneServices)",
            "Where a generator and a VirtualOutbound produce the same hostname, the MeshService address wins DNS on every proxy that gets both.",
            "vocheck diff: no (hostname, port) removed; each hostname a generator takes over changes VIP (from the DNS CIDR to 241.0.0.0/8 and the other MeshService pools).",
        ),
        Step(
            "Check the preview",
            "`vocheck preview` lists per mesh the services with their hostnames, ports and VIPs; `vocheck migrate` compares them with today's (hostname, port)s above.",
            f"{kept} of {pairs} (hostname, port)s are generated again to the same endpoints; {lost} are not (see the differences above).",
        ),
        Step(
            f"Set meshServices.mode: Exclusive on mesh {names}",
            "Kuma stops serving the VirtualOutbound view (and the default kuma.io/service names): only MeshService hostnames resolve."
            + (f" Policies without a replacement lose their hostnames: {', '.join(impossible)}." if impossible else ""),
            f"vocheck diff: every VirtualOutbound (hostname, port) is removed from the VIP view ({pairs}); {lost} of them have no MeshService replacement; VO405 reports the policies left.",
        ),
        Step(
            "Delete the VirtualOutbounds",
            "Kuma 3.0 removes the resource; until then an Exclusive mesh ignores it.",
            "vocheck diff: nothing more removed (the mesh no longer served them); VO405 and VO402 findings are fixed.",
        ),
    )
