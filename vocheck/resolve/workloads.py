"""Kubernetes objects as the resolution reads them, and the dataplanes (or the skipped pods) derived from them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vocheck._perf.records import record
from vocheck.resolve.inputs import DataplaneInput
from vocheck.resolve.keys import ResourceKey


@record
class KubernetesObject:
    """One parsed manifest and the key diagnostics use to point back at it."""

    document: Mapping[str, Any]
    ref: ResourceKey | None = None


@record
class SkippedPod:
    """A pod that gets no Dataplane, and why."""

    name: str
    namespace: str
    reason: str
    ref: ResourceKey | None = None


@record
class Derivation:
    dataplanes: tuple[DataplaneInput, ...]
    skipped: tuple[SkippedPod, ...] = ()


@record
class DerivedPod:
    """A pod the workloads of a run would run, injected or not, with the labels Kubernetes gives it."""

    name: str
    namespace: str
    labels: Mapping[str, str]
    annotations: Mapping[str, str]
    ref: ResourceKey | None = None
