"""Before against after: every (hostname, port) of the VirtualOutbound, found again or not, and where it leads."""

from __future__ import annotations

from collections.abc import Sequence

from vocheck.migrate.model import AfterRow, BeforeRow, Difference
from vocheck.migrate.templates import normalised_host


def differences(before: Sequence[BeforeRow], after: Sequence[AfterRow]) -> tuple[Difference, ...]:
    """What the after side does not reproduce: a missing hostname or port, other endpoints, a rename, an extra name."""
    found: list[Difference] = []
    by_host = {row.hostname: row for row in after}
    expected: set[str] = set()
    for row in before:
        hostname = row.hostname
        target = by_host.get(hostname)
        if target is None:
            fixed = normalised_host(hostname)
            target = by_host.get(fixed)
            if target is not None:
                found.append(Difference(hostname, row.port, "renamed", f'{hostname}:{row.port} is now {fixed}:{row.port}'))
                hostname = fixed
        expected.add(hostname)
        if target is None:
            found.append(Difference(row.hostname, row.port, "missing", f"{row.hostname}:{row.port} is not generated"))
            continue
        if row.port not in target.ports:
            ports = ", ".join(map(str, target.ports)) or "none"
            found.append(Difference(row.hostname, row.port, "missing", f"{hostname} has no port {row.port} (its ports: {ports})"))
            continue
        now = tuple(sorted(target.endpoints.get(row.port, ())))
        if target.kind == "MeshMultiZoneService" and now != tuple(sorted(row.endpoints)):
            was = ", ".join(map(str, row.endpoints))
            found.append(Difference(row.hostname, row.port, "endpoints", (
                f"{hostname}:{row.port} leads to the MeshServices the MeshMultiZoneService selects in every zone, "
                f"the local one first, not only to {was}"
            )))
        elif now != tuple(sorted(row.endpoints)):
            was = ", ".join(map(str, row.endpoints)) or "none"
            shown = ", ".join(map(str, now)) or "none"
            found.append(Difference(row.hostname, row.port, "endpoints", f"{hostname}:{row.port} leads to {shown}, not {was}"))
    for extra in sorted({row.hostname for row in after} - expected):
        found.append(Difference(extra, 0, "extra-hostname", f"{extra} is generated too, and was not before"))
    unique: dict[tuple[str, int, str], Difference] = {}
    for item in found:
        unique.setdefault((item.hostname, item.port, item.what), item)
    return tuple(unique.values())


def extra_ports(before: Sequence[BeforeRow], after: Sequence[AfterRow]) -> tuple[str, ...]:
    """Ports a hostname answers on afterwards that it did not answer on before (a MeshService's other ports)."""
    had: dict[str, set[int]] = {}
    for row in before:
        had.setdefault(normalised_host(row.hostname), set()).add(row.port)
    notes = []
    for target in after:
        more = sorted(set(target.ports) - had.get(target.hostname, set()))
        if more and target.hostname in had:
            notes.append(f"{target.hostname} also answers on port {', '.join(map(str, more))}, the service's other ports")
    return tuple(sorted(set(notes)))
