"""Meshes resolved in worker processes: the same resolution as in one process, pointing at the same inputs."""

from __future__ import annotations

import os
import time

import pytest
from resolve_helpers import SVC, dataplane, parameter, policy

from vocheck._perf import workers as parallel
from vocheck.resolve import MeshInputs, Resolution, resolve
from vocheck.preview.json_view import to_json
from vocheck.resolve.meshview import MeshView
from vocheck.resolve.inputs import DataplaneInput, PolicyInput
from vocheck.settings import KumaSettings

MESHES = ("alpha", "beta", "gamma")
# Four addresses: the mesh with the most entries runs out, the others do not.
SETTINGS = KumaSettings(dns_cidr="240.0.0.0/30")

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes need fork")


def _inputs() -> tuple[list[PolicyInput], list[DataplaneInput]]:
    """Per mesh: a conflict, a template failure, an unused policy and a shadowed service name."""
    policies: list[PolicyInput] = []
    dataplanes: list[DataplaneInput] = []
    for number, mesh in enumerate(MESHES):
        policies += [
            policy(f"{mesh}-a", {SVC: "*"}, host="same.mesh", parameters=(), mesh=mesh),
            policy(f"{mesh}-b", {SVC: "*"}, host="same.mesh", parameters=(), mesh=mesh),
            policy(f"{mesh}-c", {SVC: "*"}, host="{{.service}}.{{.version}}.mesh", mesh=mesh,
                   parameters=(parameter("service", SVC), parameter("version"))),
            policy(f"{mesh}-shadow", {SVC: "backend"}, host="backend.mesh", port="80", parameters=(), mesh=mesh),
            policy(f"{mesh}-unused", {SVC: "nothing"}, mesh=mesh),
        ]
        services = ["backend", *(f"svc-{index}" for index in range(number * 2))]
        dataplanes += [dataplane(f"{mesh}-dp-{service}", {SVC: service}, mesh=mesh) for service in services]
        dataplanes.append(dataplane(f"{mesh}-dp-other", {SVC: "backend", "version": "v1"}, mesh=mesh))
    return policies, dataplanes


def _summary(resolution: Resolution) -> list[tuple[object, ...]]:
    return [
        (mesh.mesh, mesh.conflicts, mesh.failures, mesh.unused, mesh.shadowed, mesh.exhaustion)
        for mesh in resolution.meshes
    ]


def test_worker_processes_give_the_resolution_of_one(monkeypatch: pytest.MonkeyPatch) -> None:
    policies, dataplanes = _inputs()
    serial = resolve(policies, dataplanes, (), (), SETTINGS)
    assert all(mesh.conflicts and mesh.failures and mesh.unused and mesh.shadowed for mesh in serial.meshes)
    assert [mesh.exhaustion is not None for mesh in serial.meshes] == [False, True, True]

    parent = os.getpid()
    built_here: list[str] = []
    build = MeshInputs.view

    def slow_in_parent(inputs: MeshInputs, settings: KumaSettings) -> MeshView:
        if os.getpid() == parent:
            built_here.append(inputs.mesh)
            time.sleep(0.3)  # meanwhile the worker takes the other meshes
        return build(inputs, settings)

    monkeypatch.setattr(MeshInputs, "view", slow_in_parent)
    monkeypatch.setattr(parallel, "_processors", lambda: 2)
    shared = resolve(policies, dataplanes, (), (), SETTINGS, jobs=2)
    computed_here = list(built_here)
    assert len(computed_here) < len(MESHES)  # the worker resolved at least one mesh

    assert _summary(shared) == _summary(serial)
    # What the worker sent points at the very inputs the parent holds, not at copies.
    by_ref = {id(item.ref) for item in policies} | {id(item.ref) for item in dataplanes}
    for mesh in shared.meshes:
        assert {id(failure.policy_ref) for failure in mesh.failures} <= by_ref
        assert {id(unused.ref) for unused in mesh.unused} <= by_ref
        assert {id(conflict.winner.source.ref) for conflict in mesh.conflicts} <= by_ref
    # Entries, addresses and DNS records stay in the worker; asked for, they are built here alike.
    assert to_json(shared) == to_json(serial)
    assert sorted(built_here) == sorted(MESHES)
