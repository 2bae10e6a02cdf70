"""The benchmark corpora are the same bytes every time, realistic, and mostly valid."""

from __future__ import annotations

import hashlib
from itertools import islice

import pytest

from generate import CORPORA, corpus_files


def _digest(name: str, files: int) -> str:
    digest = hashlib.sha256()
    for path, content in islice(corpus_files(name), files):
        digest.update(path.encode() + b"\0" + content.encode())
    return digest.hexdigest()


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_corpus_is_deterministic(name: str) -> None:
    assert _digest(name, 40) == _digest(name, 40)


@pytest.mark.parametrize(
    ("name", "policies", "dataplanes", "files"),
    [("S", 5_000, 0, 5_000), ("M", 5_000, 5_000, 500), ("L", 200, 20_000, 2_000)],
)
def test_corpus_sizes_are_the_documented_ones(name: str, policies: int, dataplanes: int, files: int) -> None:
    contents = [content for _, content in corpus_files(name)]
    assert len(contents) == files
    assert sum(content.count("type: VirtualOutbound") for content in contents) == policies
    assert sum(content.count("type: Dataplane") for content in contents) == dataplanes
    mistakes = sum(content.count("port: 80\n") + content.count("tagkey:") for content in contents)
    assert 0 < mistakes < policies / 20 + 1


def test_the_pairs_corpus_changes_only_how_many_policies_match_every_inbound() -> None:
    from generate import pairs_files

    scales = {scale: dict(pairs_files(scale)) for scale in (0, 1, 4)}
    assert {len(files) for files in scales.values()} == {120}
    for files in scales.values():
        texts = "".join(files.values())
        assert texts.count("type: VirtualOutbound") == 400 and texts.count("type: Dataplane") == 2_000
    assert [sum(text.count('kuma.io/service: "*"') for text in files.values()) for files in scales.values()] == [0, 25, 100]


def test_the_editor_corpus_is_300_policy_files_and_300_dataplane_files_that_match() -> None:
    from generate import editor_dataplane_path, editor_files, editor_policy_path

    files = dict(editor_files())
    policies = [text for path, text in files.items() if "/policies/" in path]
    dataplanes = [text for path, text in files.items() if "/dataplanes/" in path]
    assert (len(policies), len(dataplanes)) == (300, 300)
    assert all(text.count("type: VirtualOutbound") == 1 for text in policies)
    assert all(text.count("type: Dataplane") == 1 for text in dataplanes)
    # Each policy selects the service of its application's Dataplane's first inbound.
    policy, dataplane = files[editor_policy_path(7)], files[editor_dataplane_path(7)]
    selected = policy.split("kuma.io/service: ", 1)[1].split("\n", 1)[0]
    assert dataplane.split("kuma.io/service: ", 1)[1].split("\n", 1)[0] == selected
    assert dict(editor_files()) == files
