"""The Jinja2 environment the renderers share.

In: a template name (from the bundled `templates/` folder, or an organisation's folder). Out: the
compiled template, from a sandboxed environment with strict undefined values and HTML autoescape,
cached for the process. Templates receive data; data is never rendered as a template.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..support.bundled import bundled

# Characters that start Markdown syntax; "_" is left alone (intraword, it is never emphasis).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*{}\[\]<>|#!~])")


def markdown_text(value: Any) -> str:
    """Escape text for Markdown so it shows literally (no HTML, links, emphasis or table cells)."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def thousands(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, (int, float)) else str(value)


@functools.lru_cache(maxsize=8)
def environment(folder: Path | None = None) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment over `folder` (default: the bundled templates)."""
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(folder or bundled("templates"))),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"),
                                     default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    env.filters["thousands"] = thousands
    return env


def template(name: str, folder: Path | None = None) -> Template:
    return environment(folder).get_template(name)
