"""The order of the switch, as Kuma's docs give it, with what `vocheck diff` reports at each step.

Both worlds run side by side while a mesh's ``meshServices.mode`` is
``Everywhere`` or ``ReachableBackends``; where a generator and a
VirtualOutbound produce the same hostname, the MeshService address wins
DNS, so a hostname moves in place. ``Exclusive`` then stops serving the
VirtualOutbound view (and the default ``kuma.io/service`` names), and the
policies can go. What ``vocheck diff`` reports for each step is computed
(``stepdiff``): each state of the run resolved with its MeshService world.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from vocheck.migrate.model import IMPOSSIBLE, PolicyMigration, Step
from vocheck.migrate.stepdiff import pairs as _pairs
from vocheck.migrate.templates import normalised_host


def switch_steps(
    policies: Sequence[PolicyMigration],
    removed: Mapping[str, Sequence[tuple[str, int]]],
    reports: Sequence[str] = (),
) -> tuple[Step, ...]:
    """The five steps; ``reports`` are `vocheck diff`'s own words for the first, second and Exclusive step."""
    if not policies:
        return ()
    names = ", ".join(sorted({item.mesh for item in policies}))
    pairs = [(row.hostname, row.port) for item in policies for row in item.before]
    back = {
        (normalised_host(row.hostname), row.port)
        for item in policies
        if item.verdict != IMPOSSIBLE
        for row in item.before
        if not any(d.hostname == row.hostname and d.port == row.port and d.what != "renamed" for d in item.differences)
    }
    kept = sum(1 for hostname, port in pairs if (hostname, port) in back)
    renamed = sum(1 for hostname, port in pairs if (hostname, port) not in back and (normalised_host(hostname), port) in back)
    lost = len(pairs) - kept - renamed
    impossible = sorted(item.policy for item in policies if item.verdict == IMPOSSIBLE)
    all_removed = sorted({pair for pairs_of in removed.values() for pair in pairs_of})
    files = sum(1 for item in policies if item.resources)
    enabling, applying, exclusive = reports if len(reports) == 3 else ("", "", "")
    exclusive = exclusive or f"vocheck diff: {len(all_removed)} {_pairs(len(all_removed))} removed{_listed(all_removed)}"
    return (
        Step(
            f"Set meshServices.mode: Everywhere (or ReachableBackends) on mesh {names}",
            "Kuma then generates MeshServices next to the kuma.io/service view; both worlds run side by side.",
            f"{enabling} (the VirtualOutbound view does not change; what is added are the MeshServices Kuma generates, "
            "named by its default HostnameGenerators)."
            if enabling
            else "vocheck diff: nothing removed, retargeted or added (the VirtualOutbound view does not change).",
        ),
        Step(
            f"Apply the generated resources ({files} file{'' if files == 1 else 's'}: HostnameGenerators and the services they name)",
            "Where a generator and a VirtualOutbound produce the same hostname, the MeshService address wins DNS on "
            "every proxy that gets both: the hostname moves to its new VIP in place.",
            f"{applying} (a hostname a generator takes from a VirtualOutbound is retargeted: DNS answers the service's "
            "address; one the service has no port for is removed)."
            if applying
            else "vocheck diff: nothing removed, retargeted or added in the VirtualOutbound view; `vocheck preview` lists the new hostnames.",
        ),
        Step(
            "Check the preview",
            "`vocheck preview` shows per mesh the services with their hostnames, ports and VIPs; the comparison above is that preview.",
            f"{kept} of {len(pairs)} VirtualOutbound {_pairs(len(pairs))} {'comes' if kept == 1 else 'come'} back to the same endpoints, "
            f"{renamed} under a normalised name, {lost} not at all.",
        ),
        Step(
            f"Set meshServices.mode: Exclusive on mesh {names}",
            "Kuma stops serving the VirtualOutbound view and the default kuma.io/service names: only MeshService hostnames resolve."
            + (f" Policies without a replacement lose their hostnames: {', '.join(impossible)}." if impossible else ""),
            f"{exclusive}; the VirtualOutbound entries stay "
            "in the view Kuma builds but are no longer served, which VO405 reports for each policy; of their (hostname, port)s, "
            f"{kept} {'is' if kept == 1 else 'are'} generated again by the HostnameGenerators, {renamed} under a normalised name, {lost} not at all.",
        ),
        Step(
            "Delete the VirtualOutbounds",
            "Kuma 3.0 removes the resource; until then an Exclusive mesh ignores it.",
            "vocheck diff: nothing more removed (the mesh no longer served them); their VO405 and VO402 findings are fixed.",
        ),
    )


def _listed(pairs: Sequence[tuple[str, int]]) -> str:
    if not pairs:
        return ""
    shown = ", ".join(f"{hostname}:{port}" for hostname, port in pairs[:5])
    more = f" and {len(pairs) - 5} more" if len(pairs) > 5 else ""
    return f" ({shown}{more})"
