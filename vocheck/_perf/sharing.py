"""Results sent from a worker process to its parent, with the objects both already hold sent as references."""

from __future__ import annotations

import io
import pickle
from collections.abc import Sequence


def pickled(results: object, indexes: dict[int, int]) -> bytes:
    """``results`` as bytes; an object whose id is in ``indexes`` is written as its index."""
    if not indexes:
        return pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
    stream = io.BytesIO()
    _SharingPickler(stream, indexes).dump(results)
    return stream.getvalue()


def unpickled(data: bytes, shared: Sequence[object]) -> object:
    """What ``pickled`` wrote, each index read back as the shared object itself."""
    if not shared:
        return pickle.loads(data)
    return _SharingUnpickler(io.BytesIO(data), shared).load()


class _SharingPickler(pickle.Pickler):
    """Writes each shared object as its index in the shared list."""

    def __init__(self, stream: io.BytesIO, indexes: dict[int, int]) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self._indexes = indexes

    def persistent_id(self, obj: object) -> int | None:
        return self._indexes.get(id(obj))


class _SharingUnpickler(pickle.Unpickler):
    """Reads each shared object's index back as the object itself."""

    def __init__(self, stream: io.BytesIO, shared: Sequence[object]) -> None:
        super().__init__(stream)
        self._shared = shared

    def persistent_load(self, pid: object) -> object:
        if not isinstance(pid, int) or not 0 <= pid < len(self._shared):
            raise pickle.UnpicklingError(f"no shared object {pid!r}")
        return self._shared[pid]
