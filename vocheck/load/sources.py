"""Find the files a run checks and read them as text, whatever their encoding."""

from __future__ import annotations

import codecs
import errno
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from vocheck._perf.records import record

SUFFIXES = (".yaml", ".yml", ".json")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
# The most ``max-file-size`` may ask for: vocheck holds a whole file in memory, several times over.
LARGEST_MAX_FILE_SIZE = 1024 * 1024 * 1024
# Configs, baselines and persisted VIP views: read whole, so a link to /dev/zero must not grow forever.
MAX_SETTINGS_FILE_SIZE = 64 * 1024 * 1024
# Reads after the first take at most this much at a time: ``os.read`` allocates what it is asked for.
_CHUNK = 1024 * 1024


@record
class Source:
    """One input: a file on disk, standard input under the name given for it, or bytes read elsewhere.

    ``data`` holds the content of an input that is not a file of the working
    tree (a file of a git revision); ``path`` is then None.
    """

    name: str
    path: str | None  # None for standard input and for ``content``
    # The text to check instead of what is on disk: a file as ``--fix`` would leave it, or one
    # read from a git revision by ``vocheck diff``.
    content: bytes | None = None


@record
class Unreadable:
    """Why an input could not be read as text (``file`` when it is not known otherwise)."""

    message: str
    file: str = ""


@record
class LinkLeavingTree:
    """A symbolic link met while walking a directory whose target lies outside it: not followed."""

    file: str
    directory: str

    @property
    def message(self) -> str:
        return (
            f"symbolic link to a file outside the checked directory \"{self.directory}\"; not followed, so it is not checked "
            "(name the file on the command line to check it)"
        )


Found = Source | Unreadable | LinkLeavingTree


def discover(paths: Iterable[str], stdin_name: str | None = None) -> Iterator[Found]:
    """Expand directories (recursively, skipping hidden ones) into YAML and JSON files."""
    for given in paths:
        if given == "-":
            yield Source(stdin_name or "-", None)
            continue
        try:
            mode = os.stat(given).st_mode
        except OSError as error:
            yield Unreadable(_unreachable(error), given)
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(given)
        elif stat.S_ISREG(mode):
            yield Source(given, given)
        else:
            # A FIFO or a device would block the run or never end.
            yield Unreadable("not a regular file (a FIFO, socket or device); not checked", given)


def _unreachable(error: OSError) -> str:
    """Why a path named on the command line cannot be had, in a user's words."""
    if error.errno == errno.ELOOP:
        return "symlink loop (a symbolic link that leads back to itself); not checked"
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return "no such file or directory"
    return f"cannot read it: {error.strerror or error}; not checked"


def _walk(directory: str) -> Iterator[Found]:
    found: list[Found] = []
    _collect(directory, os.path.realpath(directory), directory, found)
    found.sort(key=lambda item: item.name if isinstance(item, Source) else item.file)
    yield from found


def _collect(directory: str, root: str, given: str, found: list[Found]) -> None:
    """Add the YAML and JSON files under ``directory``, as ``os.walk`` would list them.

    A directory entry knows its own type, so regular files need no ``stat``;
    FIFOs, sockets and dangling links are skipped, and linked directories are
    not followed. A linked file is followed only when its target lies inside
    the directory named on the command line (``root``, resolved): a pull
    request must not make vocheck read, and quote, files from elsewhere on the
    machine. What cannot be read is reported, never skipped in silence.
    """
    try:
        entries = list(os.scandir(directory))
    except OSError as error:
        reason = error.strerror or str(error)
        found.append(Unreadable(f"cannot read directory: {reason}; the files in it are not checked", directory))
        return
    for entry in entries:
        name = entry.name
        try:
            is_directory = entry.is_dir()
        except OSError:
            is_directory = False
        if is_directory:
            if not name.startswith(".") and not entry.is_symlink():
                _collect(os.path.join(directory, name), root, given, found)
        elif name.lower().endswith(SUFFIXES):
            path = os.path.normpath(os.path.join(directory, name))
            if not entry.is_symlink():
                if entry.is_file():
                    found.append(Source(path, path))
                continue
            try:
                target = os.path.realpath(path, strict=True)
                is_file = stat.S_ISREG(os.stat(target).st_mode)
            except OSError as error:
                if error.errno == errno.ELOOP:
                    found.append(Unreadable("symlink loop (a symbolic link that leads back to itself); not checked", path))
                continue  # a dangling link names nothing to check
            if not is_file:
                continue
            if _inside(target, root):
                found.append(Source(path, path))
            else:
                found.append(LinkLeavingTree(path, given))


def _inside(target: str, root: str) -> bool:
    try:
        return os.path.commonpath([root, target]) == root
    except ValueError:  # another drive
        return False


def read_bytes(source: Source, max_size: int) -> bytes | Unreadable:
    """The raw content, or why it cannot be had (missing, unreadable, too large)."""
    try:
        if source.content is not None:
            data = source.content
        elif source.path is None:
            data = _read_stream(sys.stdin.buffer, max_size + 1)
        else:
            data = _read_file(source.path, max_size + 1)
    except OSError as error:
        return Unreadable(f"cannot read file: {error.strerror or error}")
    if len(data) > max_size:
        return Unreadable(f"file is larger than the limit of {max_size} bytes (max-file-size); not checked")
    return data


def _read_file(path: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a file, in one read where the file's size is known."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        return _read_descriptor(descriptor, limit)
    finally:
        os.close(descriptor)


def _read_descriptor(descriptor: int, limit: int) -> bytes:
    size = os.fstat(descriptor).st_size
    chunks = [os.read(descriptor, max(1, min(size + 1, limit)))]
    got = len(chunks[0])
    # A file that grew, or one whose size the system does not report, is read to its end,
    # a bounded chunk at a time.
    while chunks[-1] and got < limit:
        chunks.append(os.read(descriptor, min(limit - got, _CHUNK)))
        got += len(chunks[-1])
    return b"".join(chunks) if len(chunks) > 1 else chunks[0]


def _read_stream(stream: BinaryIO, limit: int) -> bytes:
    """At most ``limit`` bytes of a stream, a bounded chunk at a time."""
    chunks: list[bytes] = []
    got = 0
    while got < limit:
        chunk = stream.read(min(limit - got, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_settings_file(path: str | os.PathLike[str], limit: int = MAX_SETTINGS_FILE_SIZE) -> str:
    """The UTF-8 text of a file vocheck reads besides its inputs (config, baseline, VIP view).

    Only a regular file of at most ``limit`` bytes is read: a FIFO would block,
    a device such as /dev/zero would never end. Raises OSError (whose
    ``strerror`` says why) or UnicodeDecodeError.
    """
    # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a FIFO, socket or device)", str(path))
        data = _read_descriptor(descriptor, limit + 1)
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than the limit of {limit} bytes for this kind of file", str(path))
    return data.decode("utf-8")


def decode(data: bytes) -> str | Unreadable:
    """UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(codecs.BOM_UTF32_LE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return Unreadable("file starts with a UTF-16 byte-order mark but is not valid UTF-16")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if b"\0" in data:
            return Unreadable("binary file (it contains NUL bytes); not checked")
        line = data.count(b"\n", 0, error.start) + 1
        return Unreadable(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} on line {line}); "
            "save the file as UTF-8, as Kuma and Kubernetes expect"
        )
    if "\0" in text:
        return Unreadable("binary file (it contains NUL bytes); not checked")
    return text
