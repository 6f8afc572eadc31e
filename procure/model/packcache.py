"""Parsed, validated pack and registry files, kept in the user's cache between runs.

In: the kind of file (`pack`, `registry`), the SHA-256 of its text, how to parse the text and how
to validate the parsed data. Out: the validated model, built from the cache's copy of the parsed
data when an entry was made from exactly this text by exactly this code, else parsed, validated
and (only when valid) stored.

Parsing YAML is most of the cost of loading the packs; validating the data is a tenth of it and
is done on every load, so an entry can never give a model the validators refuse. An entry is
keyed by the file's content hash, procure's version, a fingerprint of the code that reads and
models the files (the source of `procure/model` and `procure/support/reading.py`) and the versions
of Python, PyYAML and pydantic: a change to any of them makes a new key, and old entries age out.
An entry that is missing, corrupt, truncated, made for another key, unreadable, that holds
anything but plain data or data the validators refuse is ignored, and the file is read afresh.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .. import __version__
from ..support import reading
from ..support.cache import key_of, read_entry, write_entry

Model = TypeVar("Model")
NAMESPACE = "packs"
PICKLE_PROTOCOL = 5
# The only classes an entry may name: the date and time values YAML produces. Everything else in
# an entry is a pickle built-in (dict, list, str, int, float, bool, None, bytes, set, tuple).
_ALLOWED_CLASSES: dict[tuple[str, str], type] = {
    ("datetime", "date"): dt.date,
    ("datetime", "datetime"): dt.datetime,
    ("datetime", "timedelta"): dt.timedelta,
    ("datetime", "timezone"): dt.timezone,
}


class _PlainDataUnpickler(pickle.Unpickler):
    """Reads plain data only: a name outside `_ALLOWED_CLASSES` ends the read."""

    def find_class(self, module: str, name: str) -> Any:
        allowed = _ALLOWED_CLASSES.get((module, name))
        if allowed is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not plain data")
        return allowed


def _plain_data(payload: bytes) -> Any:
    return _PlainDataUnpickler(io.BytesIO(payload)).load()


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str | None:
    """A hash of the code and libraries that turn a pack file into data and models.

    `None` (no caching) when a source file cannot be read, as in a bytecode-only install.
    """
    import pydantic
    import pydantic_core
    import yaml

    sources = [*sorted(Path(__file__).parent.glob("*.py")), Path(reading.__file__)]
    digest = hashlib.sha256()
    try:
        for source in sources:
            digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    except OSError:
        return None
    versions = (sys.version, yaml.__version__, str(yaml.__with_libyaml__), pydantic.VERSION,
                pydantic_core.__version__)
    return key_of(digest.hexdigest(), *versions)


def entry_key(kind: str, text_sha256: str) -> str | None:
    fingerprint = code_fingerprint()
    if fingerprint is None:
        return None
    return key_of(kind, text_sha256, __version__, fingerprint)


def cached_model(kind: str, text_sha256: str, parse: Callable[[], Any],
                 validate: Callable[[Any], Model]) -> Model:
    """The model of a file with this content hash, from the cache's parsed data or afresh.

    `parse` and `validate` raise for a file that is not valid; nothing is stored then, and the
    error is the one the file itself gives, never one from a damaged entry.
    """
    key = entry_key(kind, text_sha256)
    if key is None:
        return validate(parse())
    payload = read_entry(NAMESPACE, key)
    if payload is not None:
        try:
            return validate(_plain_data(payload))
        except Exception:  # any damage to an entry means: read the file afresh
            pass
    data = parse()
    model = validate(data)
    store(key, data)
    return model


def store(key: str, data: Any) -> bool:
    """Store the data if it reads back as plain data equal to itself (else it is not cached)."""
    try:
        payload = pickle.dumps(data, protocol=PICKLE_PROTOCOL)
        if _plain_data(payload) != data:
            return False
    except Exception:  # data that cannot be kept is simply not cached
        return False
    return write_entry(NAMESPACE, key, payload)
