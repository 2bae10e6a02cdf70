"""The YAML and JSON files of a git revision, read from git's object store, never from a checkout.

The working tree, the index and every ref stay as they were: only ``git
ls-tree`` and ``git cat-file`` run. Files are named as ``vocheck check``
names the files of the working tree (relative to the current directory),
so configs, per-file ignores and finding identities apply to both alike.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Sequence

from vocheck.golang.shown import shown
from vocheck.load.sources import SUFFIXES, Found, Source

_BLOB = "blob"
_LINK_MODE = "120000"


class RevisionError(Exception):
    """A revision git cannot read; the message is git's own where git gave one."""


def is_revision_name(text: str) -> bool:
    """Whether ``text`` may be handed to git as a revision (an option never is)."""
    return bool(text) and not text.startswith("-") and "\0" not in text


def revision_sources(revision: str, paths: Sequence[str] = (".",)) -> list[Found]:
    """The YAML and JSON files under ``paths`` at ``revision``, sorted by name, with their content.

    Hidden directories are skipped and symbolic links are followed to files of
    the same listing, as a walk of the working tree would do.
    """
    if not is_revision_name(revision):
        raise RevisionError(f"{shown(revision)} is not a revision; name a branch, a tag or a commit")
    listing = _git(["ls-tree", "-r", "-z", revision, "--", *paths])
    entries: dict[str, tuple[str, str]] = {}
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name_bytes = record.partition(b"\t")
        mode, kind, object_id = meta.decode("ascii").split(" ")
        if kind == _BLOB:
            entries[os.fsdecode(name_bytes)] = (mode, object_id)
    wanted = sorted(name for name in entries if _wanted(name, paths))
    contents = _blobs([entries[name][1] for name in wanted])
    found: list[Found] = []
    for name in wanted:
        mode, object_id = entries[name]
        data = contents[object_id]
        if mode == _LINK_MODE:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), os.fsdecode(data)))
            if target not in entries or entries[target][0] == _LINK_MODE:
                continue  # a link out of the listing, or to a link: nothing of this revision to read
            data = _blobs([entries[target][1]])[entries[target][1]]
        found.append(Source(name, None, data))
    return found


def _wanted(name: str, paths: Sequence[str]) -> bool:
    if not name.lower().endswith(SUFFIXES):
        return False
    directories = name.split("/")[:-1]
    given = max((path.rstrip("/").count("/") + 1 for path in paths if path not in (".", "./")), default=0)
    # Directories below the ones named are walked as the working tree is: hidden ones are skipped.
    return not any(part.startswith(".") and part not in (".", "..") for part in directories[given:])


def _blobs(object_ids: Sequence[str]) -> dict[str, bytes]:
    """The content of each blob, read in one ``git cat-file --batch``."""
    if not object_ids:
        return {}
    unique = list(dict.fromkeys(object_ids))
    output = _git(["cat-file", "--batch"], ("\n".join(unique) + "\n").encode("ascii"))
    contents: dict[str, bytes] = {}
    position = 0
    for object_id in unique:
        header_end = output.index(b"\n", position)
        header = output[position:header_end].decode("ascii").split(" ")
        if len(header) != 3:
            raise RevisionError(f"git cat-file: unexpected answer {header!r} for {object_id}")
        size = int(header[2])
        start = header_end + 1
        contents[object_id] = output[start : start + size]
        position = start + size + 1
    return contents


def _git(arguments: Sequence[str], given: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", *arguments], input=given, capture_output=True, check=False)
    except OSError as error:
        raise RevisionError(f"cannot run git: {error.strerror or error}") from error
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip() or f"git {arguments[0]} failed"
        raise RevisionError(message)
    return result.stdout
