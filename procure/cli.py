"""The command line: a thin layer over the library.

In: argv. Out: files and text, and an exit code (0 done, 1 internal fault, 2 bad
input or usage, 130 interrupted). Each command maps its options to one library call; `main` is the
one place that turns errors into a message on stderr. Heavy libraries (WeasyPrint, openpyxl,
questionary) are imported inside the commands that need them, so `procure --help` stays fast.
"""

# No `from __future__ import annotations` here: typer reads every command's annotations on each
# run, and annotations evaluated once at import cost half of what evaluating their text does.

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__
from .errors import ExitCode, ProcureError, UsageError
from .support.cache import cache_setting_scope, disable_cache
from .support.gcpause import exit_without_teardown, paused_for_command, running_gc
from .support.terminal import for_terminal
from .support.wording import counted

app = typer.Typer(
    name="procure",
    help="Turn a buyer's situation into the cited requirement checklist for an RFP appendix.\n\n"
    "Start with `procure generate --example federal-civilian-400zr` to see a real checklist, "
    "or `procure interview` to describe your own purchase.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
packs_app = typer.Typer(help="List, show and lint requirement packs.", no_args_is_help=True,
                        rich_markup_mode=None)
app.add_typer(packs_app, name="packs")

AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", metavar="YYYY-MM-DD",
    help="Document date: decides which authorities are in force. Default: today.")]
PacksOption = Annotated[Path | None, typer.Option(
    "--packs", metavar="DIR", help="A folder of your organisation's own packs, used beside the "
    "built-in ones.")]


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print through the terminal sanitiser: every value shown, none run."""
    typer.echo(for_terminal(text), err=err, nl=nl)


def _complete_ids(ctx: typer.Context, incomplete: str,
                  kinds: tuple[str, ...] = ("pack", "requirement")) -> list[tuple[str, str]]:
    from .model.catalog import matching, pack_entries

    folder = ctx.params.get("packs")
    entries = [(name, title) for kind, name, title in pack_entries(folder) if kind in kinds]
    return matching(incomplete, entries)


def complete_pack_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: pack ids, with their titles."""
    return _complete_ids(ctx, incomplete, ("pack",))


def complete_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: pack and requirement ids, with their titles."""
    return _complete_ids(ctx, incomplete)


def complete_examples(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: the bundled examples, each with the buyer it represents."""
    from .model.catalog import matching
    from .support.bundled import bundled, example_names

    entries = []
    for name in example_names():
        lines = (bundled("examples") / f"{name}.yaml").read_text().splitlines()
        said = next((line[2:] for line in lines
                     if line.startswith("# ") and "yaml-language-server" not in line), "")
        entries.append((name, said))
    return matching(incomplete, entries)


def complete_formats(incomplete: str) -> list[str]:
    """Shell completion of a comma-separated list: `md,p` → `md,pdf`."""
    from .pipeline import FORMATS

    done, _, last = incomplete.rpartition(",")
    chosen = {part.strip() for part in done.split(",")}
    prefix = f"{done}," if done else ""
    return [prefix + name for name in FORMATS if name not in chosen and name.startswith(last)]


def _no_cache(value: bool) -> bool:
    if value:
        disable_cache()
    return value


NoCacheOption = Annotated[bool, typer.Option(
    "--no-cache", callback=_no_cache,
    help="Read the packs and templates afresh, without the cache (PROCURE_NO_CACHE=1 does "
    "the same).")]


def _version(value: bool) -> None:
    if value:
        echo(f"procure {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
) -> None:
    """Turn a buyer's situation into the cited requirement checklist for an RFP appendix."""


def parse_as_of(text: str | None, option: str = "--as-of") -> dt.date:
    """A document date: YYYY-MM-DD within the years procure works with (default: today)."""
    from .model.values import date_problem

    if text is None:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: '{text}' is not a date; use YYYY-MM-DD "
                         "(for example 2026-11-22).") from None
    outside = date_problem(day)
    if outside:
        raise UsageError(f"{option}: {outside}.")
    return day


@app.command()
def generate(
    answers: Annotated[Path | None, typer.Argument(
        metavar="[ANSWERS]", help="Answers file (YAML or JSON, schema procure/answers@1).")]
    = None,
    example: Annotated[str | None, typer.Option(
        "--example", metavar="NAME", help="Use a bundled example instead of an answers file.",
        autocompletion=complete_examples)]
    = None,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR",
                                      help="Folder to write into (created if needed).")]
    = Path("out"),
    formats: Annotated[str, typer.Option(
        "--format", "-f", metavar="LIST",
        help="Comma-separated: md, json, pdf, docx, xlsx, csv.",
        autocompletion=complete_formats)] = "md,json",
    edition: Annotated[str, typer.Option(
        "--edition", "-e", metavar="EDITION",
        help="review (default): the package for legal review; rfp: the attachment that goes "
        "to vendors (no counsel points or internal reasons; solicitation and attachment on "
        "every page).", autocompletion=lambda: ["review", "rfp"])] = "review",
    docx_template: Annotated[Path | None, typer.Option(
        "--docx-template", metavar="FILE", dir_okay=False,
        help="A Word file (.docx or .dotx) whose styles the Word checklist uses.")] = None,
    as_of: AsOfOption = None,
    packs: PacksOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing output files.")]
    = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Write the checklist and the vendor response matrix for an answers file.

    Formats: md and json (default), pdf, docx (Word) and the response matrix (xlsx, csv).
    Editions: review for counsel, rfp for the solicitation; the matrix is the same in both.

    \b
    Examples:
      procure generate --example federal-civilian-400zr --out out/
      procure generate answers.yaml --format md,json,pdf --as-of 2026-11-22
      procure generate answers.yaml --format pdf,docx,xlsx --edition rfp
      procure generate answers.yaml --format docx --docx-template agency.dotx
      procure generate answers.yaml --format xlsx,csv --packs ./our-packs --force
    """
    from .pipeline import example_path, parse_edition, parse_formats
    from .pipeline import generate as run
    from .support.progress import pdf_progress

    if (answers is None) == (example is None):
        raise UsageError("generate: give an answers file or --example NAME (one of them); "
                         "see `procure generate --help`.")
    source = example_path(example) if example else answers
    assert source is not None
    chosen = parse_formats(formats)
    chosen_edition = parse_edition(edition)
    if docx_template is not None and "docx" not in chosen:
        raise UsageError("--docx-template: it styles the Word checklist; add docx to --format "
                         "(for example --format md,docx).")
    document_date = parse_as_of(as_of)
    if "pdf" in chosen and sys.stderr.isatty():
        with pdf_progress() as on_stage:
            written = run(source, out, chosen, document_date, packs, force, on_stage,
                          edition=chosen_edition, docx_template=docx_template, warn=_warn)
    else:
        written = run(source, out, chosen, document_date, packs, force,
                      edition=chosen_edition, docx_template=docx_template, warn=_warn)
    for path in written:
        echo(f"wrote {path}")


def _warn(message: str) -> None:
    typer.secho(f"Warning: {message}", err=True, fg="yellow" if sys.stderr.isatty() else None)


@app.command()
def explain(
    answers: Annotated[Path, typer.Argument(metavar="ANSWERS", help="Answers file.")],
    item: Annotated[str | None, typer.Argument(metavar="[ID]", help="A pack or requirement id.",
                                               autocompletion=complete_ids)] = None,
    as_of: AsOfOption = None,
    packs: PacksOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Say why each pack and requirement is in or out.

    \b
    Examples:
      procure explain answers.yaml
      procure explain answers.yaml domestic-sourcing
      procure explain answers.yaml PQC-007 --as-of 2027-01-01
    """
    from .pipeline import explanation

    echo("\n".join(explanation(answers, parse_as_of(as_of), packs, item)))


@packs_app.command("list")
def packs_list(
    packs: PacksOption = None,
    markdown: Annotated[bool, typer.Option(
        "--markdown", help="Print a Markdown table with what makes each pack apply.")] = False,
    no_cache: NoCacheOption = False,
) -> None:
    """List every pack: id, kind, version, review date, requirements, title.

    \b
    Examples:
      procure packs list --packs ./our-packs
      procure packs list --markdown > docs/packs.md
    """
    from .model.packs import load_library

    library = load_library(packs)
    if markdown:
        from .render.packs_text import packs_table

        echo(packs_table(library), nl=False)
        return
    rows = [(e.pack.id, e.pack.kind, e.pack.version, str(e.pack.reviewed_on),
             str(len(e.pack.requirements)), e.pack.title) for e in library.packs]
    header = ("ID", "KIND", "VERSION", "REVIEWED", "REQS", "TITLE")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(5)]
    for row in [header, *rows]:
        echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5]))
             + "  " + row[5])
    total = sum(len(e.pack.requirements) for e in library.packs)
    echo(f"\n{counted(len(rows), 'pack')}, {counted(total, 'requirement')}, "
         f"{counted(len(library.registry.authorities), 'authority', 'authorities')}.")
    for entry in library.packs:
        if entry.replaced is not None:
            echo(f"{entry.pack.id} {entry.pack.version} {entry.replacement(str(entry.path))}.")


@packs_app.command("show")
def packs_show(
    item: Annotated[str, typer.Argument(metavar="ID", help="A pack id, or a requirement id.",
                                        autocompletion=complete_ids)],
    packs: PacksOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON data instead of text.")]
    = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Show a pack: purpose, when it applies, and each requirement in full.

    Each requirement comes with its level (and what decides it), its text, the evidence a vendor
    supplies, and the authorities it rests on with their pinpoints. A requirement id shows that
    requirement alone.

    \b
    Examples:
      procure packs show pqc
      procure packs show PQC-007
      procure packs show pqc --json > pqc.json
    """
    import json

    from .model.packs import load_library
    from .render.packs_text import (
        pack_data,
        requirement_data,
        show_pack,
        show_requirement,
    )
    from .support.wording import suggest

    library = load_library(packs)
    registry = library.registry
    pack = library.pack(item)
    if pack is not None:
        data, lines = (pack_data(pack, registry), show_pack(pack, registry))
    else:
        found = next(((entry.pack, requirement) for entry in library.packs
                      for requirement in entry.pack.requirements if requirement.id == item),
                     None)
        if found is None:
            ids = [entry.pack.id for entry in library.packs]
            ids += [requirement.id for entry in library.packs
                    for requirement in entry.pack.requirements]
            raise UsageError(f"packs show: '{item}' is neither a pack nor a requirement id"
                             f"{suggest(item, ids)} See `procure packs list`.")
        owner, requirement = found
        data = {"pack": owner.id, **requirement_data(requirement, registry)}
        lines = show_requirement(owner, requirement, registry)
    if as_json:
        echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        echo("\n".join(lines))


@packs_app.command("lint")
def packs_lint(
    folder: Annotated[Path | None, typer.Argument(
        metavar="[DIR]", help="A folder of packs to check with the built-in ones.")] = None,
    as_of: AsOfOption = None,
    alone: Annotated[bool, typer.Option(
        "--alone", help="Check DIR by itself, as a complete set of packs and registry (an edited "
        "copy of the built-in packs), without the built-in ones.")] = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Check every pack and the authority registry; print every problem (exit 2 if any).

    \b
    Examples:
      procure packs lint
      procure packs lint ./our-packs
      procure packs lint ./copy-of-the-packs --alone
    """
    from .rules.lint import lint

    if alone and folder is None:
        raise UsageError("--alone: give the folder to check by itself, for example `procure "
                         "packs lint ./our-packs --alone`.")
    problems = lint(folder, parse_as_of(as_of) if as_of else None, alone=alone)
    if problems:
        for problem in problems:
            echo(str(problem), err=True)
        echo(f"{counted(len(problems), 'problem')} found.", err=True)
        raise typer.Exit(ExitCode.BAD_INPUT)
    from .model.packs import load_folders, load_library

    library = load_folders([folder]) if alone and folder is not None else load_library(folder)
    total = sum(len(e.pack.requirements) for e in library.packs)
    echo(f"{counted(len(library.packs), 'pack')}, {counted(total, 'requirement')}, "
         f"{counted(len(library.registry.authorities), 'authority', 'authorities')}: "
         "no problems.")


@app.command()
def interview(
    answers: Annotated[Path | None, typer.Option(
        "--answers", metavar="FILE", dir_okay=False,
        help="Start from an answers file (each question defaults to its value), or continue "
        "from a resume file left by Ctrl-C.")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", dir_okay=False,
        help="Where to save the answers (YAML). Default: answers.yaml; asks before replacing.")]
    = None,
    packs: PacksOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Answer questions about the purchase, review and save the answers, then generate.

    After the questions it asks for the values the solicitation states (fill-ins) that the
    selected requirements name. Needs a terminal. Ctrl-C saves the answers so far to a resume
    file (answers.partial.yaml).

    \b
    Examples:
      procure interview
      procure interview --answers last-quarter.yaml --out answers.yaml
      procure interview --answers answers.partial.yaml
      procure interview --packs ./our-packs
    """
    from .interview.session import run_interview
    from .pipeline import interview_fill_ins, interview_generation

    today = dt.date.today()
    with running_gc():  # a session can last long and waits on a person, not on memory
        run_interview(answers, out, as_of=today, generation=interview_generation(packs),
                      fill_ins=interview_fill_ins(today, packs))


@app.command()
def tailor(
    answers: Annotated[Path, typer.Argument(metavar="ANSWERS", help="Answers file to add "
                                            "tailoring entries to.", dir_okay=False)],
    as_of: AsOfOption = None,
    packs: PacksOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Change what the rules chose (remove, include, level, text, evidence, note), with reasons.

    Needs a terminal. Pick a pack and a requirement, say what to change and why; each entry is
    tried against the rules at once (the law is not tailored away: removing or lowering a MUST
    the law requires needs a waiver the registry knows). The entries are added to the answers
    file's `tailoring:` list, the rest of the file unchanged; Ctrl-C writes nothing.

    \b
    Examples:
      procure tailor answers.yaml
      procure tailor answers.yaml --as-of 2026-12-01 --packs ./our-packs
    """
    from .pipeline import tailor_interactively

    with running_gc():  # a session waits on a person, not on memory
        tailor_interactively(answers, parse_as_of(as_of), packs)


@app.command()
def score(
    returned: Annotated[list[Path], typer.Argument(
        metavar="RETURNED", help="Returned response matrices (XLSX or CSV), one per vendor.",
        dir_okay=False)],
    checklist: Annotated[Path | None, typer.Option(
        "--checklist", metavar="FILE", help="The checklist.json generated with the matrix. "
        "Required for CSV; an XLSX is otherwise checked against the copy hidden inside it.",
        dir_okay=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR",
                                      help="Folder for score.md and score.json.")] = Path("out"),
    force: Annotated[bool, typer.Option("--force", help="Replace existing report files.")]
    = False,
) -> None:
    """Check returned response matrices and score them (score.md, score.json).

    Lists the MUST requirements not answered Comply first (potential disqualifiers), then
    compliance by pack and level, Partial, Exception and Alternate answers with the vendor's
    comments, and missing evidence references. Several files: a side-by-side comparison.

    \b
    Examples:
      procure score acme.xlsx --checklist out/checklist.json --out scores/
      procure score acme.xlsx beta.xlsx gamma.csv --checklist out/checklist.json
    """
    from .returns.report import render_score_markdown, summary_lines
    from .returns.scoring import render_score_json, score_files
    from .support.writing import write_files

    report = score_files(returned, checklist)
    written = write_files(out, {"score.md": render_score_markdown(report).encode(),
                                "score.json": render_score_json(report)}, force=force)
    echo("\n".join(summary_lines(report)))
    for path in written:
        echo(f"wrote {path}")


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="Answers or checklist JSON file.",
                                        dir_okay=False)],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="Answers or checklist JSON file.",
                                        dir_okay=False)],
    as_of: AsOfOption = None,
    as_of_old: Annotated[str | None, typer.Option(
        "--as-of-old", metavar="YYYY-MM-DD", help="Document date of OLD (answers files).")]
    = None,
    as_of_new: Annotated[str | None, typer.Option(
        "--as-of-new", metavar="YYYY-MM-DD", help="Document date of NEW (answers files).")]
    = None,
    form: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                      help="text (default) or md.",
                                      autocompletion=lambda: ["text", "md"])] = "text",
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", help="Write to this file instead of the terminal.",
        dir_okay=False)] = None,
    packs: PacksOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")]
    = False,
    no_cache: NoCacheOption = False,
) -> None:
    """List requirements added, removed or changed between two versions, and why.

    OLD and NEW are two answers files (each selected on its document date: --as-of for both,
    --as-of-old and --as-of-new for each) or two checklist JSON files.

    \b
    Examples:
      procure diff answers-v1.yaml answers-v2.yaml --as-of 2026-11-22
      procure diff answers.yaml answers.yaml --as-of-old 2026-01-22 --as-of-new 2026-01-24
      procure diff old/checklist.json new/checklist.json --format md --out amendment.md
    """
    from .model.packs import load_library
    from .render.diff_report import DIFF_FORMATS, render_diff
    from .rules.diffing import diff_files
    from .support.writing import write_files

    if form not in DIFF_FORMATS:
        raise UsageError(f"--format: '{form}' is not a diff format; choose text or md.")
    default = parse_as_of(as_of) if as_of else None
    old_date = parse_as_of(as_of_old, "--as-of-old") if as_of_old else default
    new_date = parse_as_of(as_of_new, "--as-of-new") if as_of_new else default
    text = render_diff(diff_files(old, new, old_date, new_date, load_library(packs)), form)
    if form == "text":  # made for a terminal, so shown safely there even from a file
        text = for_terminal(text)
    if out is None:
        echo(text, nl=False)
        return
    written = write_files(out.parent, {out.name: text.encode()}, force=force)
    echo(f"wrote {written[0]}")


class SchemaKind(StrEnum):
    answers = "answers"
    pack = "pack"
    registry = "registry"


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(
        metavar="KIND", help="answers, pack or registry.", show_default=False)],
    path: Annotated[bool, typer.Option(
        "--path", help="Print where the schema file shipped with procure is, instead.")]
    = False,
) -> None:
    """Print the JSON Schema of a file format: answers, pack or registry.

    Editors use it to complete and check YAML as you type: the interview's answers files point
    at the answers schema with a `# yaml-language-server: $schema=...` line.

    \b
    Examples:
      procure schema answers > answers.schema.json
      procure schema pack --path
    """
    from .model.schemas import schema_path, schema_text

    if path:
        typer.echo(str(schema_path(kind.value)))
    else:
        typer.echo(schema_text(kind.value), nl=False)


@app.command(hidden=True)
def reference(
    check: Annotated[bool, typer.Option(
        "--check", help="Only list the stale files (exit 1 if any).")] = False,
) -> None:
    """Rewrite the files generated from the code (for maintainers, in a checkout).

    They are schemas/*.schema.json, docs/answers.md and docs/commands.md.
    """
    from .render.reference import reference_files, stale_files, write_reference

    root = Path(__file__).resolve().parent.parent
    if not (root / "pyproject.toml").is_file() or not (root / "docs").is_dir():
        raise UsageError(f"reference: {root} is not a checkout of procure; run it in one.")
    files = reference_files(typer.main.get_command(app))
    if check:
        stale = stale_files(root, files)
        for name in stale:
            typer.echo(f"stale: {name}", err=True)
        if stale:
            typer.echo("Run `procure reference` to rewrite them.", err=True)
            raise typer.Exit(1)
        return
    for name in write_reference(root, files):
        typer.echo(f"wrote {name}")


def _fail(message: str, code: int) -> NoReturn:
    typer.secho(for_terminal(message), err=True, fg="red" if sys.stderr.isatty() else None)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; the one place where errors become messages and exit codes.

    Without `argv`, this is the `procure` process itself: it ends with the command, so the
    garbage collector stays paused to the end and the process exits without tearing down its
    objects (a command run in-process gets the collector back and leaves by `SystemExit`).
    """
    process_ends = argv is None
    try:
        with paused_for_command(process_ends), cache_setting_scope():
            _run(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:
        if process_ends:
            exit_without_teardown(exc.code)
        raise


def _run(args: list[str]) -> None:
    debug = "--debug" in args
    try:
        result = app(args=args, prog_name="procure", standalone_mode=False)
    except ProcureError as exc:
        if debug:
            raise
        prefix = "" if exc.exit_code == ExitCode.INTERRUPTED else "Error: "
        _fail(f"{prefix}{exc.message}", exc.exit_code)
    except (KeyboardInterrupt, typer.Abort):
        _fail("Interrupted.", ExitCode.INTERRUPTED)
    except typer.TyperException as exc:
        context = getattr(exc, "ctx", None)
        hint = f"\nTry '{context.command_path} --help' for help." if context is not None else ""
        _fail(f"Error: {exc.format_message()}{hint}", ExitCode.BAD_INPUT)
    except BrokenPipeError:
        sys.exit(ExitCode.OK)
    except Exception as exc:
        if debug:
            raise
        _fail(f"Internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in procure; run again with --debug and report the traceback.",
              ExitCode.INTERNAL)
    if result == ExitCode.INTERRUPTED:
        _fail("Interrupted.", ExitCode.INTERRUPTED)
    sys.exit(result if isinstance(result, int) else ExitCode.OK)
