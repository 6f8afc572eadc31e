"""The Jinja2 environment the renderers share.

In: a template name (from the bundled `templates/` folder, or an organisation's folder). Out: the
compiled template, from a sandboxed environment with strict undefined values and HTML autoescape,
cached for the process, its compiled code kept in the user's cache folder between runs (keyed by
the template's text, Jinja's and Python's versions and this module's source). Templates receive
data; data is never rendered as a template.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import re
import sys
import types
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from jinja2 import FileSystemLoader, StrictUndefined, Template, select_autoescape
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..support.bundled import bundled
from ..support.cache import key_of, read_entry, write_entry
from ..support.characters import HIDDEN, code

# Characters that start or end Markdown syntax anywhere in a line: escapes, code, emphasis,
# links and images, HTML and autolinks, headings, table cells, strikethrough and math (GitHub),
# attribute lists (kramdown). `&` is written as an entity. An underscore between two letters or
# digits (snake_case) can neither open nor close emphasis in CommonMark, so it stays as it is;
# every other one (`_x_`, `__x__`) is escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*{}\[\]<>#!|~$])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# At the start of a paragraph: a list marker ("- ", "+ ", "1. ", "2) ") or a rule ("---", "===").
_BLOCK_START = re.compile(r"^(?:(?P<bullet>[-+])(?=\s|$)|(?P<number>\d{1,9})(?P<dot>[.)])(?=\s|$)"
                          r"|(?P<rule>[-=])(?=[-=\s]*$))")
_MAY_START_A_BLOCK = frozenset("-+=0123456789")
# In a URL inside <…>: what would end the autolink, split a table row or hide in the text.
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f<>|\\`\"]|" + HIDDEN.pattern)


def markdown_text(value: Any) -> str:
    """Escape text for Markdown so it shows literally, whatever it holds.

    No HTML, links, emphasis, table cells, lists or headings come out of data; a hidden
    character (control, bidirectional, invisible) shows as `<U+202E>` instead of acting.
    """
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    if "_" in text:
        text = _EMPHASIS_UNDERSCORE.sub(r"\\_", text)
    if text[:1] in _MAY_START_A_BLOCK:
        text = _BLOCK_START.sub(_escape_start, text, count=1)
    if HIDDEN.search(text):
        text = HIDDEN.sub(lambda match: f"\\<{code(match.group())}\\>", text)
    return text


def _escape_start(match: re.Match[str]) -> str:
    if match["number"]:
        return f"{match['number']}\\{match['dot']}"
    return f"\\{match.group()}"


def markdown_url(value: Any) -> str:
    """A URL for `<…>` in Markdown: characters that would break out of it percent-encoded."""
    return _URL_UNSAFE.sub(_percent, str(value))


def _percent(match: re.Match[str]) -> str:
    return quote(match.group(), safe="", errors="backslashreplace")


def thousands(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, (int, float)) else str(value)


class CompiledTemplateCache(BytecodeCache):
    """Jinja's compiled templates in the user's cache folder, ignored unless whole and current."""

    namespace = "templates"

    def entry_key(self, bucket: Bucket) -> str | None:
        fingerprint = _code_fingerprint()
        return None if fingerprint is None else key_of(bucket.key, bucket.checksum, fingerprint)

    def load_bytecode(self, bucket: Bucket) -> None:
        key = self.entry_key(bucket)
        payload = None if key is None else read_entry(self.namespace, key)
        if payload is None:
            return
        try:
            code = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(code, types.CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        key = self.entry_key(bucket)
        if key is not None and bucket.code is not None:
            write_entry(self.namespace, key, marshal.dumps(bucket.code))


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str | None:
    """What the compiled code depends on besides the template: Jinja, Python, these settings.

    `None` (no caching) when this module's source cannot be read, as in a bytecode-only install.
    """
    try:
        source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    except OSError:
        return None
    return key_of(jinja2.__version__, sys.version, source)


_FIELDS: dict[type, frozenset[str]] = {}


def _model_fields(cls: type) -> frozenset[str]:
    """The fields a pydantic model class declares (none for any other class)."""
    found = _FIELDS.get(cls)
    if found is None:
        fields = getattr(cls, "__pydantic_fields__", None)
        found = _FIELDS[cls] = frozenset(fields) if isinstance(fields, dict) else frozenset()
    return found


class DataSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with a quick way to read a field a pydantic model declares.

    Such a field holds data (a string, a number, a date, a list or another model), never a
    method, so the sandbox's checks on each read, half the time of rendering, have nothing to
    find; any other attribute is checked by the sandbox as before.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute in _model_fields(type(obj)):
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr in _model_fields(type(obj)):
            return True
        return bool(super().is_safe_attribute(obj, attr, value))


@functools.lru_cache(maxsize=8)
def environment(folder: Path | None = None) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment over `folder` (default: the bundled templates)."""
    env = DataSandbox(
        loader=FileSystemLoader(str(folder or bundled("templates"))),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"),
                                     default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=CompiledTemplateCache(),
    )
    env.filters["md"] = markdown_text
    env.filters["md_url"] = markdown_url
    env.filters["thousands"] = thousands
    return env


def template(name: str, folder: Path | None = None) -> Template:
    return environment(folder).get_template(name)
