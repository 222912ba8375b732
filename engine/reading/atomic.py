"""Write a file so that it is either complete or not there at all.

Every file megaroth writes (reports from ``--output``, plans from ``init``,
charts) goes through ``atomic_write``: the text goes to a temporary file in
the same folder (so the final rename never crosses a filesystem), is flushed
to disk, and only then takes the target's name.  An interrupted or failed run
removes its temporary file and leaves whatever was at the target untouched.
Without ``force`` an existing file is never replaced, even one that appears
while the run is going: the rename is a hard link, which fails if the name is
taken.

A symbolic link is written through: the file it points to is replaced and the
link stays a link. A device or a named pipe (``-o /dev/null``, ``-o
/dev/stderr``, a FIFO another program reads) is written into as it is: there
is no file there to replace.

Temporary files are named ``.NAME.megaroth-PID-XXXXXXXX.tmp``. A run killed
with SIGKILL cannot remove its own; the next write of the same name removes
those whose process is gone.

Every failure to write (a full disk, ``ulimit -f``, a closed stream) becomes
one message, ``cannot write WHERE: REASON`` (``cannot_write``), for files and
for standard output alike.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import IO, Any, Iterator

from megaroth.engine.reading.display import printable


class WriteError(Exception):
    """A file could not be written; the message names it and says why."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class FileExists(WriteError):
    """The target exists and ``force`` was not given."""

    def __init__(self, path: str):
        super().__init__(path, "already exists; megaroth does not replace a file without --force")


def write_reason(error: OSError) -> str:
    """The operating system's reason, as megaroth words it: 'no space left on device', 'file too large'."""
    reason = error.strerror or str(error)
    return reason[:1].lower() + reason[1:]


class CannotWrite(WriteError):
    """Writing failed part way (a full disk, a file-size limit, a closed pipe); ``errno`` says which."""

    def __init__(self, where: str, error: OSError):
        super().__init__(where, write_reason(error))
        self.errno = error.errno
        self.args = (f"cannot write {where}: {self.message}",)

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.message}"


class Guarded:
    """A stream whose write errors are CannotWrite naming ``where``; everything else is the stream's.

    Several reports can be written in one run, one to standard output: an
    error has to say which one failed, and only the stream knows.
    """

    def __init__(self, stream: Any, where: str):
        self._stream = stream
        self.where = where

    def write(self, data: Any) -> int:
        try:
            return self._stream.write(data)
        except OSError as error:
            raise CannotWrite(self.where, error) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise CannotWrite(self.where, error) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class ClosedStream:
    """What stands in for standard output when the process started without one (``megaroth check plan >&-``).

    Python then sets ``sys.stdout`` to None, and click and print() silently
    drop what is written to None: a report would vanish with exit code 0.
    Writing here fails as a closed descriptor does, so the run says so.
    """

    encoding = "utf-8"
    errors = "strict"

    def write(self, data: Any) -> int:
        raise OSError(errno.EBADF, "it is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _umask() -> int:
    # os.umask can only be read by setting it; put it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _resolved(path: str | os.PathLike[str]) -> Path:
    """Where writing ``path`` lands: the file a symbolic link points to (the link itself stays)."""
    target = Path(path)
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def _is_stream_node(target: Path) -> bool:
    """A device or a named pipe: written into as it is, never replaced by a file."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode)


def check_writable(path: str | os.PathLike[str], *, force: bool = False) -> None:
    """Fail early, before any work is done, when ``path`` cannot be the target."""
    given = Path(path)
    target = _resolved(given)
    if _is_stream_node(target):
        return
    if target.is_dir():
        raise WriteError(str(path), "is a folder, not a file")
    if not force and (given.exists() or given.is_symlink()):
        raise FileExists(str(path))
    if not target.parent.is_dir():
        raise WriteError(str(path), f"the folder {str(target.parent)!r} does not exist")


def _commit(temporary: str, target: Path, force: bool, shown: str) -> None:
    if force:
        os.replace(temporary, target)
        return
    try:
        # link() refuses an existing name atomically, where exists() + replace() could race.
        os.link(temporary, target)
    except FileExistsError:
        raise FileExists(shown) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        # A filesystem without hard links (some network and FAT mounts): check, then rename.
        if target.exists() or target.is_symlink():
            raise FileExists(shown) from None
        os.replace(temporary, target)
    else:
        os.unlink(temporary)


TEMPORARY_TAG = "megaroth-"


def _temporary_prefix(target: Path) -> str:
    return f".{target.name}.{TEMPORARY_TAG}{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def remove_stale_temporaries(target: Path) -> list[str]:
    """Remove the temporary files earlier runs left for ``target`` (killed before they could); return their names.

    Only files named as ``atomic_write`` names them, for this target, whose
    process is gone, are removed: a run still writing keeps its own.
    """
    pattern = re.compile(rf"\.{re.escape(target.name)}\.{TEMPORARY_TAG}([0-9]+)-[^/]*\.tmp")
    removed = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in sorted(names):
        match = pattern.fullmatch(name)
        if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(target.parent / name)
                removed.append(name)
    return removed


def _opened(fd: int, binary: bool) -> IO[Any]:
    return os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")


@contextlib.contextmanager
def _into_stream_node(target: Path, shown: str, binary: bool) -> Iterator[IO[Any]]:
    try:
        # O_APPEND: a device takes it as a plain write; never O_TRUNC on what is not a file.
        fd = os.open(target, os.O_WRONLY | os.O_APPEND)
    except OSError as error:
        raise CannotWrite(shown, error) from None
    handle = _opened(fd, binary)
    try:
        yield Guarded(handle, shown)  # type: ignore[misc]
    finally:
        try:
            handle.close()
        except OSError as error:
            raise CannotWrite(shown, error) from None


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], *, force: bool = False, binary: bool = False) -> Iterator[IO[Any]]:
    """Yield a text stream (UTF-8, ``\\n`` line ends), or a binary one, whose content becomes ``path`` on success.

    On any exception, KeyboardInterrupt included, the temporary file is removed
    and the exception goes on; ``path`` is left as it was. A failure to write
    is CannotWrite naming ``path``.
    """
    shown = os.fspath(path)
    check_writable(path, force=force)
    target = _resolved(path)
    if _is_stream_node(target):
        with _into_stream_node(target, shown, binary) as stream:
            yield stream
        return
    remove_stale_temporaries(target)
    try:
        handle_fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=_temporary_prefix(target), suffix=".tmp")
    except OSError as error:
        raise WriteError(shown, f"cannot write here: {error.strerror}") from None
    try:
        handle = _opened(handle_fd, binary)
        try:
            # mkstemp makes the file readable by its owner only; a report is an ordinary file.
            os.fchmod(handle.fileno(), 0o666 & ~_umask())
            yield Guarded(handle, shown)  # type: ignore[misc]
            try:  # only now do buffered writes reach the disk: a full disk shows here
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
            except OSError as error:
                raise CannotWrite(shown, error) from None
        finally:
            if not handle.closed:
                with contextlib.suppress(OSError):  # what is left in the buffer fails again; the error is already on its way
                    handle.close()
        try:
            _commit(temporary, target, force, shown)
        except OSError as error:
            raise CannotWrite(shown, error) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def wrote(path: str | os.PathLike[str], what: str) -> str:
    """The line every command prints on stderr once a file it wrote is complete (the path made printable)."""
    return f"megaroth: wrote {printable(os.fspath(path))} ({what})"


def write_text(path: str | os.PathLike[str], text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path`` atomically (see ``atomic_write``)."""
    with atomic_write(path, force=force) as handle:
        handle.write(text)


def write_bytes(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> None:
    """Write ``data`` (an image, say) to ``path`` atomically (see ``atomic_write``)."""
    with atomic_write(path, force=force, binary=True) as handle:
        handle.write(data)
