"""Writing output files without harming what the path points at.

A regular file (or a new one) is replaced atomically: the data goes to a temporary file
beside it, which is renamed over it only once complete, so a reader never sees half a
file and a failed write (a full disk, a file-size limit) leaves the old file intact. A
FIFO or a character device (``/dev/null``, a terminal) is written through: renaming a
file over it would replace the device itself. A symlink is followed, so its target is
replaced and the link stays. Anything else (a directory, a socket, a block device) is
refused. Every failure is one :class:`InputError` line.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mtcompare.core.errors import InputError


@dataclass(frozen=True)
class Target:
    """Where output for a path goes: ``real`` is the file to replace (symlinks resolved)
    or, for a stream, the path to open."""

    path: Path
    real: Path
    #: ``stream``: written through (FIFO, character device); ``file``: an existing
    #: regular file, replaced atomically; ``new``: created atomically.
    kind: str
    #: Permission bits and owner of the replaced file, kept by its replacement.
    mode: int | None = None
    owner: tuple[int, int] | None = None


def check_output(path: str | Path, what: str = "output") -> Target:
    """Where ``path``'s output would go; an InputError now, before any work, if it cannot.

    A new or regular file is probed by creating (and removing) a temporary file in its
    directory: that is what the write will do, and unlike ``os.access`` it also notices
    read-only mounts and file systems that refuse new files. A FIFO is not opened here,
    since opening it waits for a reader.
    """
    given = Path(path)
    try:
        st = os.stat(given)  # follows symlinks, /dev/stdout and /proc/self/fd/N included
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError(f"cannot write {what} {given}: {exc.strerror or exc}") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{what} path is a directory: {given}")
        if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
            if not os.access(given, os.W_OK):
                raise InputError(f"{what} {given} is not writable (permission denied)")
            return Target(given, given, "stream")  # opened as given: "pipe:[N]" is no path
        if not stat.S_ISREG(st.st_mode):
            raise InputError(
                f"{what} path is not a regular file, FIFO or character device: {given}"
            )
        if not os.access(given, os.W_OK):  # replacing it would override its protection
            raise InputError(f"{what} {given} is not writable (permission denied)")
    real = Path(os.path.realpath(given))  # a symlink's target is what gets replaced
    parent = real.parent
    if not parent.is_dir():
        raise InputError(f"{what} directory does not exist: {parent}")
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"cannot write {what} {given}: directory {parent}: {reason}") from None
    os.close(fd)
    os.unlink(probe)
    if st is None:
        return Target(given, real, "new")
    return Target(given, real, "file", stat.S_IMODE(st.st_mode), (st.st_uid, st.st_gid))


def write_output(path: str | Path, data: str | bytes, what: str = "output") -> None:
    """Write ``data`` (text is UTF-8) to ``path`` as described in the module docstring."""
    target = check_output(path, what)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if target.kind == "stream":
            _write_through(target, raw)
        else:
            _replace(target, raw)
    except OSError as exc:
        raise InputError(f"cannot write {what} {target.path}: {exc.strerror or exc}") from None


def _write_all(fd: int, raw: bytes) -> None:
    view = memoryview(raw)
    while view:
        view = view[os.write(fd, view) :]


def _write_through(target: Target, raw: bytes) -> None:
    fd = os.open(target.real, os.O_WRONLY | os.O_NOCTTY)
    try:
        _write_all(fd, raw)
    finally:
        os.close(fd)


def _replace(target: Target, raw: bytes) -> None:
    parent = target.real.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{target.real.name}.", suffix=".tmp", dir=parent)
    try:
        if target.owner is not None:
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(tmp, *target.owner)
        if target.mode is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; a report is for sharing
        else:
            os.chmod(tmp, target.mode)  # the replaced file's permissions, not mkstemp's
        _write_all(fd, raw)
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp, target.real)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where possible
        dir_fd = os.open(parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
