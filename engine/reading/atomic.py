"""Write a file so that it is either complete or not there at all.

Every file megaroth writes (reports from ``--output``, plans from ``init``)
goes through ``atomic_write``: the text goes to a temporary file in the same
folder (so the final rename never crosses a filesystem), is flushed to disk,
and only then takes the target's name.  An interrupted or failed run removes
its temporary file and leaves whatever was at the target untouched.  Without
``force`` an existing file is never replaced, even one that appears while the
run is going: the rename is a hard link, which fails if the name is taken.
"""

from __future__ import annotations

import contextlib
import errno
import os
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


def _umask() -> int:
    # os.umask can only be read by setting it; put it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_writable(path: str | os.PathLike[str], *, force: bool = False) -> None:
    """Fail early, before any work is done, when ``path`` cannot be the target."""
    target = Path(path)
    if target.is_dir():
        raise WriteError(str(path), "is a folder, not a file")
    if not force and (target.exists() or target.is_symlink()):
        raise FileExists(str(path))
    if not target.parent.is_dir():
        raise WriteError(str(path), f"the folder {str(target.parent)!r} does not exist")


def _commit(temporary: str, target: Path, force: bool) -> None:
    if force:
        os.replace(temporary, target)
        return
    try:
        # link() refuses an existing name atomically, where exists() + replace() could race.
        os.link(temporary, target)
    except FileExistsError:
        raise FileExists(str(target)) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        # A filesystem without hard links (some network and FAT mounts): check, then rename.
        if target.exists() or target.is_symlink():
            raise FileExists(str(target)) from None
        os.replace(temporary, target)
    else:
        os.unlink(temporary)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], *, force: bool = False, binary: bool = False) -> Iterator[IO[Any]]:
    """Yield a text stream (UTF-8, ``\\n`` line ends), or a binary one, whose content becomes ``path`` on success.

    On any exception, KeyboardInterrupt included, the temporary file is removed
    and the exception goes on; ``path`` is left as it was.
    """
    target = Path(path)
    check_writable(target, force=force)
    try:
        handle_fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise WriteError(str(path), f"cannot write here: {error.strerror}") from None
    try:
        opened = os.fdopen(handle_fd, "wb") if binary else os.fdopen(handle_fd, "w", encoding="utf-8", newline="\n")
        with opened as handle:
            # mkstemp makes the file readable by its owner only; a report is an ordinary file.
            os.fchmod(handle.fileno(), 0o666 & ~_umask())
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        try:
            _commit(temporary, target, force)
        except OSError as error:
            raise WriteError(str(path), f"cannot write: {error.strerror}") from None
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
