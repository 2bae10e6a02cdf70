"""A worker sends back what it computed while reading, in order; the parent takes it as its own."""

from __future__ import annotations

from vocheck.context import Context
from vocheck.engine.memo_transfer import adopt, computed_in


def test_a_worker_sends_back_only_what_the_body_computed_inner_values_first() -> None:
    context, policy, dataplane = Context(), object(), object()
    context.memo("spec", policy, lambda: "read before")
    with computed_in(context) as sent:
        context.memo("violations", dataplane, lambda: [context.memo("spec", dataplane, lambda: "spec"), "checked"])
        context.memo("spec", policy, lambda: "never recomputed")
    assert sent == [("spec", dataplane, "spec"), ("violations", dataplane, ["spec", "checked"])]


def test_the_parent_adopts_them_without_recomputing_and_keeps_its_own() -> None:
    parent, dataplane = Context(), object()
    parent.memo("spec", dataplane, lambda: "the parent's")
    adopt(parent, [("spec", dataplane, "the worker's"), ("violations", dataplane, [])])
    assert parent.memo("spec", dataplane, lambda: "recomputed") == "the parent's"
    assert parent.memo("violations", dataplane, lambda: ["recomputed"]) == []
