"""The identity of a finding, independent of line numbers: for baselines and CI fingerprints."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from vocheck.model import Diagnostic

FindingKey = tuple[str, str, str, str, str, str, str]
"""code, file, resource kind, resource name, resource mesh, field path, message."""

# Some messages quote another position ("first on line 3", "first in
# a.yaml:25"); that number moves with unrelated edits, so it must not be part
# of a finding's identity.
_POSITION_IN_MESSAGE = re.compile(r"\b(lines?|columns?) \d+")
_FILE_POSITION_IN_MESSAGE = re.compile(r"(\.(?:ya?ml|json)):\d+(?::\d+)?\b")


def relative_path(file: str, base: Path | None = None) -> str:
    """``file`` relative to ``base`` (the current directory) with ``/`` separators, when it is inside."""
    if file == "-":
        return file
    root = (base or Path.cwd()).resolve()
    path = Path(file)
    try:
        return path.resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def stable_message(message: str) -> str:
    """The message with the positions it quotes replaced by ``N``."""
    message = _POSITION_IN_MESSAGE.sub(lambda match: f"{match.group(1)} N", message)
    return _FILE_POSITION_IN_MESSAGE.sub(lambda match: f"{match.group(1)}:N", message)


def finding_key(diagnostic: Diagnostic, file: str) -> FindingKey:
    """What makes a finding the same finding after unrelated lines move; ``file`` as the caller relativised it."""
    resource = diagnostic.resource or {}
    return (
        diagnostic.code,
        file,
        str(resource.get("kind") or ""),
        str(resource.get("name") or ""),
        str(resource.get("mesh") or ""),
        diagnostic.path or "",
        stable_message(diagnostic.message),
    )


def fingerprints(diagnostics: Iterable[Diagnostic], base: Path | None = None) -> list[str]:
    """A SHA-256 fingerprint per diagnostic, in order.

    Identical findings (same key) are told apart by their order in the file,
    so two of them never share a fingerprint and a CI service keeps both.
    """
    seen: Counter[FindingKey] = Counter()
    result: list[str] = []
    for diagnostic in diagnostics:
        key = finding_key(diagnostic, relative_path(diagnostic.file, base))
        occurrence = seen[key]
        seen[key] += 1
        material = "\0".join((*key, str(occurrence)))
        # A file name that is not UTF-8 holds lone surrogates; they are hashed, not refused.
        result.append(hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest())
    return result
