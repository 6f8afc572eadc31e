"""Writing outputs: a set of files, all or nothing, under a lock on the folder.

In: rendered files (name → bytes) and an output folder. Out: the files in the folder, written so
that a reader never sees a torn file and never a mix of two runs:

- every file of the set is first written in full to a temporary file beside its target and
  flushed to disk ("staged"); a full disk or any error while staging removes the temporary
  files, and nothing in the folder has changed;
- then each staged file is renamed over its target, the old one kept as a hard link until the
  whole set is in; if a rename fails, the targets already replaced get their old file back (and
  the message says so only when that worked: otherwise it names what is new and where the old
  copy is);
- the check for existing files and the swap happen under an exclusive lock on the folder
  (`.procure.lock`, an advisory `flock`): a second run into the same folder waits for the first
  to finish (up to `LOCK_WAIT_SECONDS`), then finds its files (and needs `--force`) or replaces
  them as a whole. The lock file is removed when the run ends.

Existing files are kept unless the caller forces. `write_atomic` writes one file the same way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..errors import OutputError
from .wording import exists

LOCK_NAME = ".procure.lock"
# Another run holds the lock only while it checks and renames files (milliseconds; seconds for
# a very large PDF on a slow disk), so waiting a little lets concurrent runs take turns.
LOCK_WAIT_SECONDS = 10.0
_POLL_SECONDS = 0.05
STAGED_SUFFIX = ".part"
KEPT_SUFFIX = ".old"


def prepare_folder(folder: Path) -> None:
    """Create the output folder if needed; refuse a file, a symlink or an unwritable folder."""
    if folder.is_symlink():
        raise OutputError(f"{folder}: is a symbolic link; give --out a real folder.")
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file, not a folder; give --out a folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder ({exc.strerror}).") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{folder}: the output folder is not writable; choose another --out.")


def _stage(path: Path, data: bytes) -> Path:
    """Write `data` in full to a new temporary file beside `path`; return its path."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=STAGED_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    return Path(temporary)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    try:
        staged = _stage(path, data)
    except OSError as exc:
        raise OutputError(f"{path}: could not be written ({exc.strerror}); "
                          "nothing was changed.") from None
    try:
        staged.replace(path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            staged.unlink()
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: could not be written ({exc.strerror}); "
                              "nothing was changed.") from None
        raise


def _lock(descriptor: int) -> bool:
    """Take the exclusive lock on an open file without waiting; False if another run has it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the folder's lock for the duration; wait up to `wait` seconds for another run."""
    path = folder / LOCK_NAME
    deadline = time.monotonic() + wait
    flags = (os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_CLOEXEC", 0))
    while True:
        try:
            descriptor = os.open(path, flags, 0o644)
        except OSError as exc:
            raise OutputError(f"{folder}: cannot write into the output folder ({exc.strerror}); "
                              "choose another --out.") from None
        try:
            locked = _lock(descriptor)
        except OSError as exc:  # a file system without locks
            os.close(descriptor)
            raise OutputError(f"{folder}: cannot lock the output folder ({exc.strerror}); "
                              "choose another --out.") from None
        # A run that finished removes the lock file: a lock taken on a removed file guards
        # nothing, so it counts only if the file is still the one at `path`.
        if locked and _same_file(path, descriptor):
            break
        os.close(descriptor)
        if not locked and time.monotonic() >= deadline:
            raise OutputError(f"{folder}: another procure run is writing into this folder "
                              f"(it holds {LOCK_NAME}); wait until it has finished, or choose "
                              "another --out.")
        time.sleep(_POLL_SECONDS if not locked else 0)
    try:
        yield
    finally:
        if sys.platform != "win32":  # Windows cannot remove a file that is open
            with contextlib.suppress(OSError):
                path.unlink()
        os.close(descriptor)


def _same_file(path: Path, descriptor: int) -> bool:
    try:
        on_disk = path.lstat()
    except OSError:
        return False
    held = os.fstat(descriptor)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


def _remove_leftovers(folder: Path, names: list[str]) -> None:
    """Temporary files a killed run left behind (nobody else writes here while we hold the lock)."""
    for name in names:
        for suffix in (STAGED_SUFFIX, KEPT_SUFFIX):
            for leftover in folder.glob(f".{glob_escape(name)}.*{suffix}"):
                with contextlib.suppress(OSError):
                    leftover.unlink()


def glob_escape(name: str) -> str:
    return "".join(f"[{char}]" if char in "*?[]" else char for char in name)


def _keep_old(target: Path) -> Path | None:
    """A second name for the file at `target` (a hard link, else a copy), so it can come back."""
    if not target.exists():
        return None
    handle, kept = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=KEPT_SUFFIX)
    os.close(handle)
    kept_path = Path(kept)
    try:
        kept_path.unlink()
        os.link(target, kept_path)
    except OSError:
        try:
            shutil.copy2(target, kept_path)
        except BaseException:
            with contextlib.suppress(OSError):
                kept_path.unlink()
            raise
    return kept_path


def _swap(targets: list[Path], staged: list[Path]) -> None:
    """Rename every staged file over its target; on failure put the old files back."""
    done: list[tuple[Path, Path | None]] = []
    try:
        for target, part in zip(targets, staged, strict=True):
            kept = _keep_old(target)
            try:
                part.replace(target)
            except BaseException:
                if kept is not None:
                    with contextlib.suppress(OSError):
                        kept.unlink()
                raise
            done.append((target, kept))
    except BaseException as exc:
        for part in staged:
            with contextlib.suppress(OSError):
                part.unlink()
        failed = targets[len(done)]
        not_restored = _restore(done)
        if not isinstance(exc, OSError):
            raise
        reason = exc.strerror or str(exc)
        if not not_restored:
            raise OutputError(f"{failed}: could not be replaced ({reason}); nothing was "
                              "changed.") from None
        listing = "; ".join(f"{target.name} is the new version" + (
            f" (the old one is kept as {kept.name})" if kept else "")
            for target, kept in not_restored)
        raise OutputError(f"{failed}: could not be replaced ({reason}), and the files already "
                          f"replaced could not all be put back: {listing}. Run again to write "
                          "the whole set.") from None
    for _, kept in done:
        if kept is not None:
            with contextlib.suppress(OSError):
                kept.unlink()


def _restore(done: list[tuple[Path, Path | None]]) -> list[tuple[Path, Path | None]]:
    """Put back the old file of every target already replaced; return those that failed."""
    failed = []
    for target, kept in reversed(done):
        try:
            if kept is None:
                target.unlink()
            else:
                kept.replace(target)
        except OSError:
            failed.append((target, kept))
    return failed


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (a no-op where the system cannot sync a folder)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def write_files(folder: Path, files: Mapping[str, bytes], force: bool = False) -> list[Path]:
    """Write every file into `folder`, all or nothing; refuse to replace files unless `force`."""
    prepare_folder(folder)
    targets = [folder / name for name in files]
    with folder_lock(folder):
        _remove_leftovers(folder, list(files))
        if not force:
            existing = [path for path in targets if path.exists() or path.is_symlink()]
            if existing:
                names = ", ".join(path.name for path in existing)
                them = "it" if len(existing) == 1 else "them"
                raise OutputError(f"{folder}: {names} already {exists(len(existing))}; pass "
                                  f"--force to replace {them} or choose another --out.")
        for path in targets:
            if path.is_symlink() or (path.exists() and not path.is_file()):
                raise OutputError(f"{path}: is not a regular file; remove it or choose another "
                                  "--out.")
        staged: list[Path] = []
        try:
            for path, data in zip(targets, files.values(), strict=True):
                staged.append(_stage(path, data))
        except BaseException as exc:
            for part in staged:
                with contextlib.suppress(OSError):
                    part.unlink()
            if isinstance(exc, OSError):
                raise OutputError(f"{path}: could not be written ({exc.strerror}); nothing was "
                                  "changed.") from None
            raise
        _swap(targets, staged)
        _sync_folder(folder)
    return targets
