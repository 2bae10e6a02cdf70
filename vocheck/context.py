"""What checks see besides a resource: the run's settings and, for whole-set checks, every resource."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from typing import Any, TypeVar

from vocheck._perf.records import record
from vocheck.model import Resource
from vocheck.settings import KumaSettings

T = TypeVar("T")


@record
class Context:
    """Handed to every check with the resource (or the set) it looks at.

    ``memo`` shares work between checks, such as decoding a spec once.
    """

    settings: KumaSettings = KumaSettings()
    # Processes the run may use for its own work (such as resolving meshes); None: decide from its size.
    jobs: int | None = None
    _memo: dict[tuple[str, int], Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def memo(self, name: str, owner: object, compute: Callable[[], T]) -> T:
        key = (name, id(owner))
        found = self._memo.get(key)
        if found is None:
            # Keep the owner alive so its id is not reused within the run.
            found = self._memo[key] = (compute(), owner)
        value: T = found[0]
        return value

    def forget(self, owners: Iterable[object]) -> None:
        """Drop what the memo keeps for ``owners``.

        A run's context dies with the run; the language server's lives on
        while files change, and would otherwise keep every old resource.
        """
        gone = {id(owner) for owner in owners}
        for key in list(self._memo):
            if key[1] in gone:
                self._memo.pop(key, None)


@record(eq=False)
class ResourceSet:
    """Every resource of a run that whole-set checks look at, in input order.

    ``resources`` are the Kuma resources that passed the schema;
    ``workloads`` are plain Kubernetes objects (Deployments, Services ...).
    """

    resources: Sequence[Resource] = ()
    workloads: Sequence[Resource] = ()

    def of_kind(self, kind: str) -> list[Resource]:
        return [resource for resource in self.resources if resource.kind == kind]

    def has_resolution_inputs(self) -> bool:
        """Whether policies have anything to match: dataplanes, ingresses, external services, workloads."""
        kinds = ("Dataplane", "ZoneIngress", "ExternalService")
        return bool(self.workloads) or any(resource.kind in kinds for resource in self.resources)
