"""Writing outputs: whole files or nothing.

In: rendered files (name → bytes) and an output folder. Out: the files in the folder, each written
to a temporary file beside it and renamed into place, so a crash, a full disk or Ctrl-C leaves the
old file or the new one, never a torn one. Existing files are kept unless the caller forces.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import OutputError
from .wording import exists


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


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: could not be written ({exc.strerror}); "
                              "nothing was changed.") from None
        raise


def write_files(folder: Path, files: Mapping[str, bytes], force: bool = False) -> list[Path]:
    """Write every file into `folder`; refuse to replace existing ones unless `force`."""
    prepare_folder(folder)
    targets = [folder / name for name in files]
    if not force:
        existing = [path for path in targets if path.exists() or path.is_symlink()]
        if existing:
            names = ", ".join(path.name for path in existing)
            them = "it" if len(existing) == 1 else "them"
            raise OutputError(f"{folder}: {names} already {exists(len(existing))}; pass --force "
                              f"to replace {them} or choose another --out.")
    for path in targets:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise OutputError(f"{path}: is not a regular file; remove it or choose another --out.")
    for path, data in zip(targets, files.values(), strict=True):
        write_atomic(path, data)
    return targets
