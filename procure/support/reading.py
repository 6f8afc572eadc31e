"""Read a YAML or JSON document from disk, safely.

In: a path and what the file is meant to be ("answers file", "pack"). Out: the parsed data
(plain dicts, lists and scalars), or an `InputFileError` naming the file and what is wrong.
Files travel by email and packs come from strangers, so the reader refuses what is not a regular
file (a named pipe would hang the reader), oversized and binary files, text that is not UTF-8
(UTF-16 is named as such), YAML aliases (the "billion laughs" expansion), nesting deeper than 100
levels, duplicate keys, and escapes that make half a character (a lone surrogate). YAML is parsed
by libyaml where PyYAML has it.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from ..errors import InputFileError
from .characters import SURROGATE, find_in_data, problem

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


# Deeper than any real answers file or pack; libyaml's composer recurses in C and would crash
# the process on a pathological nesting depth, so depth is checked before it composes.
MAX_NESTING = 100


class _NoDuplicateKeys(yaml.constructor.SafeConstructor):
    """Refuses a mapping that gives a key twice (YAML forbids it; PyYAML would keep the last)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # a complex key: the base class refuses it with a marked error
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise _DuplicateKey(key, seen[key], line)
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


class _StrictSafeLoader(_NoDuplicateKeys, yaml.SafeLoader):
    """The pure-Python reader: refuses aliases, so a small file cannot expand into a huge one.

    It gives the familiar PyYAML messages, so it also reads any file the fast path refuses.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event: Any = self.peek_event()  # type: ignore[no-untyped-call]
            line = event.start_mark.line + 1
            raise _AliasRefused(line)
        return super().compose_node(parent, index)


FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)
if FAST_LOADER is not None:
    class _FastSafeLoader(_NoDuplicateKeys, FAST_LOADER):  # type: ignore[misc]
        """libyaml's parser (ten times faster) with our constructor's duplicate-key check."""

    FAST_LOADER = _FastSafeLoader


def _load_fast(text: str) -> Any:
    """libyaml, after one pass over its events proves there is no alias and no deep nesting.

    Raises `_NotFast` when the strict reader must decide (an alias, a syntax error): its
    messages are the ones users see, whichever parser found the problem.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=FAST_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    raise _TooDeep
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                raise _NotFast
    except yaml.YAMLError:
        raise _NotFast from None
    return yaml.load(text, Loader=FAST_LOADER)


def _load(text: str) -> Any:
    if FAST_LOADER is not None:
        try:
            return _load_fast(text)
        except _NotFast:
            pass
    return yaml.load(text, Loader=_StrictSafeLoader)


class _NotFast(Exception):
    pass


class _TooDeep(Exception):
    pass


class _AliasRefused(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _DuplicateKey(Exception):
    def __init__(self, key: Any, first: int, second: int) -> None:
        super().__init__(key)
        self.key, self.first, self.second = key, first, second


_NOT_A_FILE = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFSOCK: "a socket",
               stat.S_IFCHR: "a device", stat.S_IFBLK: "a device"}


def _refuse_non_regular(path: Path, mode: int, what: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputFileError(f"{path}: is a folder; give the path of the {what} itself.")
    if not stat.S_ISREG(mode):
        kind = _NOT_A_FILE.get(stat.S_IFMT(mode), "not a regular file")
        raise InputFileError(f"{path}: is {kind}, not a file; give the path of the {what} "
                             "itself.")


def open_regular(path: Path, what: str, missing: str | None = None) -> tuple[BinaryIO, int]:
    """Open a regular file for reading and return it with its size.

    A folder, a named pipe, a socket or a device is refused from its metadata before it is
    opened (reading a FIFO would wait forever for a writer), and again on the opened handle,
    which is opened without blocking, so a file swapped for a FIFO in between cannot hang.
    `missing` replaces the message for a path that does not exist.
    """
    try:
        _refuse_non_regular(path, path.stat().st_mode, what)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputFileError(missing or f"{path}: no such {what}; check the path.") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read the {what} ({exc.strerror}).") from None
    try:
        info = os.fstat(descriptor)
        _refuse_non_regular(path, info.st_mode, what)
        os.set_blocking(descriptor, True)
    except BaseException:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb"), info.st_size


def read_bytes(path: Path, what: str, max_bytes: int,
               too_large: Callable[[int], str] | None = None, missing: str | None = None) -> bytes:
    """The bytes of a regular file of at most `max_bytes` (checked before reading).

    `too_large` gives the message for a file of that many bytes; `missing` for no file.
    """
    handle, size = open_regular(path, what, missing)

    def refuse(size: int) -> InputFileError:
        if too_large is not None:
            return InputFileError(too_large(size))
        return InputFileError(f"{path}: the {what} is {size:,} bytes; procure reads at most "
                              f"{max_bytes:,} bytes.")

    with handle:
        if size > max_bytes:
            raise refuse(size)
        try:
            raw = handle.read(max_bytes + 1)
        except OSError as exc:
            raise InputFileError(f"{path}: cannot read the {what} ({exc.strerror}).") from None
    if len(raw) > max_bytes:  # it grew while being read
        raise refuse(len(raw))
    return raw


def is_utf16(raw: bytes) -> bool:
    """Whether bytes look like UTF-16 text: a byte-order mark, or zero bytes on one side only.

    Latin text in UTF-16 has a zero in every other byte; a binary file has zeros anywhere.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = raw[:400]
    if len(sample) < 8:
        return False
    for zeros, others in ((sample[1::2], sample[0::2]), (sample[0::2], sample[1::2])):
        if zeros.count(0) >= 0.9 * len(zeros) and others.count(0) == 0:
            return True
    return False


def read_text(path: Path, what: str, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """Return the UTF-8 text of `path`, refusing what cannot be a procure document."""
    raw = read_bytes(path, what, max_bytes)
    if is_utf16(raw):
        raise InputFileError(f"{path}: is UTF-16 text (Notepad's \"Unicode\"); save the {what} "
                             "as UTF-8.")
    if b"\x00" in raw:
        raise InputFileError(f"{path}: is a binary file, not a YAML or JSON {what}.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{path}: is not UTF-8 text (byte {exc.start}); save the {what} as UTF-8."
        ) from None
    return text


def parse_document(text: str, source: str, what: str) -> Any:
    """Parse YAML (JSON is YAML too, but gets JSON's own messages) into plain data.

    A `\\ud800` escape gives half a character that no file or terminal can hold: refused,
    with where it is.
    """
    data = _parse(text, source, what)
    if "\\" in text:  # only an escape can make a lone surrogate; UTF-8 text cannot hold one
        found = find_in_data(data, SURROGATE)
        if found is not None:
            location, character = found
            raise InputFileError(f"{source}: {location or '(top level)'}: {problem(character)}.")
    return data


def _parse(text: str, source: str, what: str) -> Any:
    if not any(line.strip() and not line.lstrip().startswith("#")
               for line in text.splitlines()):
        raise InputFileError(f"{source}: the {what} is empty.")
    if source.endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputFileError(
                f"{source}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})."
            ) from None
    try:
        return _load(text)
    except _DuplicateKey as exc:
        raise InputFileError(
            f"{source}: line {exc.second}: key '{exc.key}' is given twice (first on line "
            f"{exc.first}); keep one."
        ) from None
    except _AliasRefused as exc:
        raise InputFileError(
            f"{source}: line {exc.line}: YAML aliases (*name) are not allowed; write the value out."
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = exc.problem or "invalid YAML"
        raise InputFileError(f"{source}: {where}not valid YAML ({problem}).") from None
    except yaml.YAMLError as exc:
        raise InputFileError(f"{source}: not valid YAML ({exc}).") from None
    except ValueError as exc:
        raise InputFileError(f"{source}: not valid YAML ({exc}).") from None
    except (RecursionError, _TooDeep):
        raise InputFileError(f"{source}: the YAML is nested more than {MAX_NESTING} levels "
                             "deep; no procure document needs that.") from None


def read_document(path: Path, what: str, max_bytes: int = MAX_DOCUMENT_BYTES) -> Any:
    """Read and parse one YAML or JSON document."""
    return parse_document(read_text(path, what, max_bytes), str(path), what)
