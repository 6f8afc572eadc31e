"""The user's cache folder: where it is, whether to use it, and entries read and written whole.

In: a namespace (`packs`, `templates`), a key (a hex digest of exactly what an entry was made
from) and bytes. Out: the bytes stored under that key, or `None` when the entry is missing,
unreadable, truncated, corrupt or made for another key. Entries are written to a temporary file
and renamed into place, so a reader never sees half of one; a write that fails is skipped.
The cache only ever saves time: nothing here raises for the caller to handle.

The folder follows the platform's convention: `$XDG_CACHE_HOME/procure` or `~/.cache/procure`
on Linux and other Unix systems, `~/Library/Caches/procure` on macOS,
`%LOCALAPPDATA%\\procure\\Cache` on Windows. `PROCURE_CACHE_DIR` moves it; `PROCURE_NO_CACHE=1`
or a command's `--no-cache` turns it off.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path

CACHE_DIR_VARIABLE = "PROCURE_CACHE_DIR"
NO_CACHE_VARIABLE = "PROCURE_NO_CACHE"
APP_NAME = "procure"
# An entry: this line, the key and a newline, the SHA-256 of the payload (32 bytes), the payload.
MAGIC = b"procure cache entry 1\n"
DIGEST_BYTES = 32
# Entries not used for this long are removed when another entry is written beside them.
UNUSED_FOR = 30 * 24 * 3600
# A used entry's time is refreshed at most this often (the refresh is a write to the disk).
TOUCH_AFTER = 24 * 3600
# A temporary file this old was left by a process that died while writing.
ABANDONED_AFTER = 3600

_HEX_KEY = re.compile(r"^[0-9a-f]{16,128}$")
_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
_disabled: ContextVar[bool] = ContextVar("procure_cache_disabled", default=False)


def platform_cache_root(platform: str = sys.platform,
                        environ: Mapping[str, str] = os.environ,
                        home: Path | None = None) -> Path | None:
    """The conventional per-user cache folder for procure on `platform`, or `None` if unknown."""
    try:
        home = home or Path.home()
    except RuntimeError:  # no home directory for this user
        home = None
    if platform == "win32":
        local = environ.get("LOCALAPPDATA", "")
        if local:
            return Path(local) / APP_NAME / "Cache"
        return home / "AppData" / "Local" / APP_NAME / "Cache" if home else None
    if platform == "darwin":
        return home / "Library" / "Caches" / APP_NAME if home else None
    xdg = environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():  # the XDG spec: a relative path is to be ignored
        return Path(xdg) / APP_NAME
    return home / ".cache" / APP_NAME if home else None


def cache_root(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The cache folder in use, or `None` when caching is off."""
    if _disabled.get() or environ.get(NO_CACHE_VARIABLE, "").strip().lower() in _TRUE_WORDS:
        return None
    chosen = environ.get(CACHE_DIR_VARIABLE, "")
    if chosen:
        return Path(chosen).expanduser()
    return platform_cache_root(environ=environ)


@contextlib.contextmanager
def cache_disabled(disabled: bool = True) -> Iterator[None]:
    """Neither read nor write the cache inside the block (what `--no-cache` does)."""
    token = _disabled.set(disabled)
    try:
        yield
    finally:
        _disabled.reset(token)


def disable_cache() -> None:
    """Turn the cache off until the enclosing `cache_setting_scope` ends (a CLI option)."""
    _disabled.set(True)


@contextlib.contextmanager
def cache_setting_scope() -> Iterator[None]:
    """Whatever `disable_cache` does inside the block is undone when it ends."""
    token = _disabled.set(_disabled.get())
    try:
        yield
    finally:
        _disabled.reset(token)


def _entry_path(namespace: str, key: str) -> Path | None:
    if not _HEX_KEY.match(key) or not namespace.isidentifier():
        raise ValueError(f"cache key {key!r} or namespace {namespace!r} is malformed")
    root = cache_root()
    return None if root is None else root / namespace / f"{key}.bin"


def key_of(*parts: str) -> str:
    """One hex key for the parts that decide an entry's content (order matters)."""
    import hashlib  # here, not at the top: `procure --help` imports this module

    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def read_entry(namespace: str, key: str) -> bytes | None:
    """The payload stored under `key`, if the entry is there, whole and made for this key."""
    import hashlib

    path = _entry_path(namespace, key)
    if path is None:
        return None
    try:
        with path.open("rb") as stream:
            raw = stream.read()
            modified = os.fstat(stream.fileno()).st_mtime
    except (OSError, ValueError):
        return None
    header = MAGIC + key.encode("ascii") + b"\n"
    if not raw.startswith(header) or len(raw) < len(header) + DIGEST_BYTES:
        return None
    digest = raw[len(header):len(header) + DIGEST_BYTES]
    payload = raw[len(header) + DIGEST_BYTES:]
    if hashlib.sha256(payload).digest() != digest:
        return None
    if time.time() - modified > TOUCH_AFTER:
        with contextlib.suppress(OSError):
            os.utime(path)
    return payload


def write_entry(namespace: str, key: str, payload: bytes) -> bool:
    """Store `payload` under `key` (atomically); `False` when the cache is off or unwritable."""
    import hashlib
    import tempfile

    path = _entry_path(namespace, key)
    if path is None:
        return False
    entry = MAGIC + key.encode("ascii") + b"\n" + hashlib.sha256(payload).digest() + payload
    try:
        path.parent.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".bin")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(entry)
        Path(temporary).replace(path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        if isinstance(exc, OSError):
            return False
        raise
    prune(path.parent)
    return True


def prune(folder: Path, now: float | None = None) -> None:
    """Remove entries unused for `UNUSED_FOR` and temporary files left by dead writers."""
    now = time.time() if now is None else now
    try:
        candidates = list(folder.iterdir())
    except OSError:
        return
    for candidate in candidates:
        limit = ABANDONED_AFTER if candidate.name.startswith(".tmp-") else UNUSED_FOR
        with contextlib.suppress(OSError):
            if candidate.suffix == ".bin" and now - candidate.stat().st_mtime > limit:
                candidate.unlink()
