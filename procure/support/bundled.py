"""Where procure's bundled data lives: templates, requirement packs, examples.

In: a folder name. Out: its path, inside the installed wheel (`procure/_bundled/NAME`) or, in a
source checkout or editable install, at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled(name: str) -> Path:
    """Path of a bundled folder (`templates`, `requirement_packs` or `examples`)."""
    installed = _PACKAGE / "_bundled" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def example_names() -> list[str]:
    """Names of the bundled example answer files (without `.yaml`)."""
    return sorted(path.stem for path in bundled("examples").glob("*.yaml"))
