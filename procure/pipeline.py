"""The pipeline as library calls: answers → checklist → rendered files → written files.

In: an answers file (or a bundled example's name), optional custom packs folder, document date,
formats, the edition (`review` for counsel, `rfp` for vendors) and a Word template. Out: a
`Checklist`, its rendered files (name → bytes), and those files written atomically, with warnings
about what to fix before an rfp edition is released. Renderers are imported only for the formats
asked for, so WeasyPrint loads only for a PDF and python-docx only for Word. The interview gets
from here the fill-ins the selected requirements need (`interview_fill_ins`).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .model.answers import ANSWERS_SCHEMA, TailoringEntry, answers_from_data, load_answers
from .model.checklist import EDITIONS, Checklist
from .model.fillins import FillInNeed
from .model.packs import Library, load_library
from .rules.explain import explain_all, explain_id
from .rules.selection import select
from .support.bundled import bundled, example_names
from .support.writing import write_files

if TYPE_CHECKING:
    from .interview.session import Generation

FORMATS: dict[str, tuple[str, str, str]] = {
    "md": ("checklist.md", "procure.render.markdown", "render_markdown"),
    "json": ("checklist.json", "procure.render.jsondoc", "render_json"),
    "pdf": ("checklist.pdf", "procure.render.pdf", "render_pdf"),
    "docx": ("checklist.docx", "procure.render.word", "render_docx"),
    "xlsx": ("response-matrix.xlsx", "procure.render.matrix", "render_xlsx"),
    "csv": ("response-matrix.csv", "procure.render.matrix", "render_csv"),
}
DEFAULT_FORMATS = ("md", "json")
# Renderers that accept `on_stage` and report their own long steps.
STAGED_FORMATS = frozenset({"pdf"})
# Renderers whose document differs by edition; the response matrix is the vendors' in both.
EDITION_FORMATS = frozenset({"md", "json", "pdf", "docx"})
VENDOR_FORMATS = frozenset({"xlsx", "csv"})


def parse_formats(text: str) -> list[str]:
    """`md,json,pdf` → ["md", "json", "pdf"], in the order given, each once."""
    chosen: list[str] = []
    for part in text.split(","):
        name = part.strip().lower()
        if not name:
            continue
        if name not in FORMATS:
            raise UsageError(f"--format: '{name}' is not a format; choose from "
                             f"{', '.join(FORMATS)} (comma-separated).")
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise UsageError(f"--format: give at least one of {', '.join(FORMATS)}.")
    return chosen


def parse_edition(text: str) -> str:
    name = text.strip().lower()
    if name not in EDITIONS:
        raise UsageError(f"--edition: '{text}' is not an edition; choose review (for counsel) or "
                         "rfp (the attachment for vendors).")
    return name


def example_path(name: str) -> Path:
    """The bundled example answers file called `name`."""
    names = example_names()
    if name not in names:
        raise UsageError(f"--example: no example '{name}'; choose from {', '.join(names)}.")
    return bundled("examples") / f"{name}.yaml"


def checklist_for(answers_path: Path, as_of: dt.date,
                  packs_dir: Path | None = None) -> tuple[Checklist, Library]:
    """Load answers and packs, and select."""
    answers, _ = load_answers(answers_path)
    library = load_library(packs_dir)
    return select(answers, library, as_of, str(answers_path)), library


def explanation(answers_path: Path, as_of: dt.date, packs_dir: Path | None,
                item: str | None) -> list[str]:
    """`procure explain`: every pack's reason, or one id's trace (before and after tailoring)."""
    answers, _ = load_answers(answers_path)
    library = load_library(packs_dir)
    checklist = select(answers, library, as_of, str(answers_path))
    if item is None:
        return explain_all(checklist)
    untailored = None
    if answers.tailoring:
        untailored = select(answers.model_copy(update={"tailoring": []}), library, as_of,
                            str(answers_path))
    return explain_id(checklist, library, item, untailored)


def tailor_interactively(answers_path: Path, as_of: dt.date, packs_dir: Path | None,
                         **terminal: Any) -> list[TailoringEntry]:
    """`procure tailor`: ask for tailoring entries, each tried against the rules, and save them."""
    from .interview.tailor import run_tailor

    answers, _ = load_answers(answers_path)
    library = load_library(packs_dir)

    def with_entries(entries: list[TailoringEntry]) -> Checklist:
        return select(answers.model_copy(update={"tailoring": entries}), library, as_of,
                      str(answers_path))

    return run_tailor(answers_path, library, as_of, with_entries, **terminal)


def renderer(name: str) -> Callable[..., bytes]:
    _, module, function = FORMATS[name]
    render: Callable[..., bytes] = getattr(importlib.import_module(module), function)
    return render


def render(checklist: Checklist, formats: list[str],
           on_stage: Callable[[str], None] | None = None, edition: str = "review",
           docx_template: bytes | None = None) -> dict[str, bytes]:
    """Render each asked-for format in memory (nothing is written until all succeed).

    `on_stage` hears what is happening ("checklist.pdf: laying out pages"); only the PDF takes
    long enough to report its own steps. Each renderer gets the whole checklist and the edition,
    and makes the vendor copy itself for the rfp edition.
    """
    rendered: dict[str, bytes] = {}
    for name in formats:
        filename = FORMATS[name][0]
        options: dict[str, object] = {}
        if name in EDITION_FORMATS:
            options["edition"] = edition
        if name == "docx":
            options["template"] = docx_template
        if on_stage is not None:
            on_stage(f"{filename}: rendering")
            if name in STAGED_FORMATS:
                options["on_stage"] = lambda stage, f=filename: on_stage(f"{f}: {stage}")
        rendered[filename] = renderer(name)(checklist, **options)
    return rendered


def warnings_for(checklist: Checklist, formats: list[str], edition: str) -> list[str]:
    """What to fix before documents for vendors go out: the rfp edition, the response matrix."""
    documents = edition == "rfp" and bool(EDITION_FORMATS.intersection(formats))
    if not documents and not VENDOR_FORMATS.intersection(formats):
        return []
    from .render.edition import edition_warnings

    return edition_warnings(checklist, documents)


def interview_generation(packs_dir: Path | None = None) -> Generation:
    """What the interview offers at its end: these formats, made by `generate`."""
    from .interview.session import Generation

    return Generation(files={name: spec[0] for name, spec in FORMATS.items()},
                      default=DEFAULT_FORMATS, generate=generate,
                      edition_formats=EDITION_FORMATS, packs_dir=packs_dir)


def interview_fill_ins(as_of: dt.date, packs_dir: Path | None = None
                       ) -> Callable[[dict[str, object]], list[FillInNeed]]:
    """For the interview: given its answers so far, the fill-ins the selected requirements name."""
    from .errors import ProcureError
    from .rules.fillins import fill_ins_needed

    library = load_library(packs_dir)

    def needed(values: dict[str, object]) -> list[FillInNeed]:
        document = {key: value for key, value in values.items() if key != "fill_ins"}
        try:
            answers = answers_from_data({**document, "schema": ANSWERS_SCHEMA}, "answers")
            return fill_ins_needed(select(answers, library, as_of))
        except ProcureError:
            return []  # answers that contradict each other: `generate` will say so

    return needed


def generate(answers_path: Path, out: Path, formats: list[str], as_of: dt.date,
             packs_dir: Path | None = None, force: bool = False,
             on_stage: Callable[[str], None] | None = None, *, edition: str = "review",
             docx_template: Path | None = None,
             warn: Callable[[str], None] | None = None) -> list[Path]:
    """The whole job: select, render every format, then write the files.

    `warn` hears, before anything is written, the answers that look wrong (they are also on the
    cover) and what to fix before an rfp edition is released (blanks left, no solicitation
    number).
    """
    template = None
    if docx_template is not None:
        from .render.wordml import read_template

        template = read_template(docx_template)
    checklist, _ = checklist_for(answers_path, as_of, packs_dir)
    files = render(checklist, formats, on_stage, edition, template)
    if warn is not None:
        for warning in [*checklist.warnings, *warnings_for(checklist, formats, edition)]:
            warn(warning)
    return write_files(out, files, force=force)
