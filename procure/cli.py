"""The command line: a thin layer over the library.

In: argv. Out: files and text, and an exit code from PRODUCT.md (0 done, 1 internal fault, 2 bad
input or usage, 130 interrupted). Each command maps its options to one library call; `main` is the
one place that turns errors into a message on stderr. Heavy libraries (WeasyPrint, openpyxl,
questionary) are imported inside the commands that need them, so `procure --help` stays fast.
"""

# No `from __future__ import annotations` here: typer reads every command's annotations on each
# run, and annotations evaluated once at import cost half of what evaluating their text does.

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__
from .errors import ExitCode, ProcureError, UsageError
from .support.cache import cache_setting_scope, disable_cache
from .support.gcpause import exit_without_teardown, paused_for_command, running_gc

app = typer.Typer(
    name="procure",
    help="Turn a buyer's situation into the cited requirement checklist for an RFP appendix.\n\n"
    "Start with `procure generate --example federal-civilian-400zr` to see a real checklist, "
    "or `procure interview` to describe your own purchase.",
    no_args_is_help=True,
    add_completion=False,
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
        typer.echo(f"procure {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
) -> None:
    """Turn a buyer's situation into the cited requirement checklist for an RFP appendix."""


def parse_as_of(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of: '{text}' is not a date; use YYYY-MM-DD "
                         "(for example 2026-11-22).") from None


@app.command()
def generate(
    answers: Annotated[Path | None, typer.Argument(
        metavar="[ANSWERS]", help="Answers file (YAML or JSON, schema procure/answers@1).")]
    = None,
    example: Annotated[str | None, typer.Option(
        "--example", metavar="NAME", help="Use a bundled example instead of an answers file.")]
    = None,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR",
                                      help="Folder to write into (created if needed).")]
    = Path("out"),
    formats: Annotated[str, typer.Option(
        "--format", "-f", metavar="LIST", help="Comma-separated: md, json, pdf, xlsx, csv.")]
    = "md,json",
    as_of: AsOfOption = None,
    packs: PacksOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing output files.")]
    = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Write the checklist and the vendor response matrix for an answers file.

    Formats: md and json (default), pdf, xlsx and csv (the response matrix).

    \b
    Examples:
      procure generate --example federal-civilian-400zr --out out/
      procure generate answers.yaml --format md,json,pdf --as-of 2026-11-22
      procure generate answers.yaml --format xlsx,csv --packs ./our-packs --force
    """
    from .pipeline import example_path, parse_formats
    from .pipeline import generate as run
    from .support.progress import pdf_progress

    if (answers is None) == (example is None):
        raise UsageError("generate: give an answers file or --example NAME (one of them); "
                         "see `procure generate --help`.")
    source = example_path(example) if example else answers
    assert source is not None
    chosen = parse_formats(formats)
    document_date = parse_as_of(as_of)
    if "pdf" in chosen and sys.stderr.isatty():
        with pdf_progress() as on_stage:
            written = run(source, out, chosen, document_date, packs, force, on_stage)
    else:
        written = run(source, out, chosen, document_date, packs, force)
    for path in written:
        typer.echo(f"wrote {path}")


@app.command()
def explain(
    answers: Annotated[Path, typer.Argument(metavar="ANSWERS", help="Answers file.")],
    item: Annotated[str | None, typer.Argument(metavar="[ID]",
                                               help="A pack or requirement id.")] = None,
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
    from .pipeline import checklist_for
    from .rules.explain import explain_all, explain_id

    checklist, library = checklist_for(answers, parse_as_of(as_of), packs)
    lines = explain_all(checklist) if item is None else explain_id(checklist, library, item)
    typer.echo("\n".join(lines))


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

        typer.echo(packs_table(library), nl=False)
        return
    rows = [(e.pack.id, e.pack.kind, e.pack.version, str(e.pack.reviewed_on),
             str(len(e.pack.requirements)), e.pack.title) for e in library.packs]
    header = ("ID", "KIND", "VERSION", "REVIEWED", "REQS", "TITLE")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(5)]
    for row in [header, *rows]:
        typer.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5]))
                   + "  " + row[5])
    total = sum(len(e.pack.requirements) for e in library.packs)
    typer.echo(f"\n{len(rows)} packs, {total} requirements, "
               f"{len(library.registry.authorities)} authorities.")


@packs_app.command("show")
def packs_show(
    pack_id: Annotated[str, typer.Argument(metavar="ID", help="Pack id.")],
    packs: PacksOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Show one pack: purpose, when it applies, and each requirement with its authorities.

    \b
    Example:
      procure packs show pqc
    """
    from .model.answers import suggest
    from .model.packs import load_library
    from .render.packs_text import show_pack

    library = load_library(packs)
    pack = library.pack(pack_id)
    if pack is None:
        ids = [e.pack.id for e in library.packs]
        raise UsageError(f"packs show: no pack '{pack_id}'{suggest(pack_id, ids)} "
                         f"Packs: {', '.join(ids)}.")
    typer.echo("\n".join(show_pack(pack, library.registry)))


@packs_app.command("lint")
def packs_lint(
    folder: Annotated[Path | None, typer.Argument(
        metavar="[DIR]", help="A folder of packs to check with the built-in ones.")] = None,
    as_of: AsOfOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check every pack and the authority registry; print every problem (exit 2 if any).

    \b
    Examples:
      procure packs lint
      procure packs lint ./our-packs
    """
    from .rules.lint import lint

    problems = lint(folder, parse_as_of(as_of) if as_of else None)
    if problems:
        for problem in problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.", err=True)
        raise typer.Exit(ExitCode.BAD_INPUT)
    from .model.packs import load_library

    library = load_library(folder)
    total = sum(len(e.pack.requirements) for e in library.packs)
    typer.echo(f"{len(library.packs)} packs, {total} requirements, "
               f"{len(library.registry.authorities)} authorities: no problems.")


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
    no_cache: NoCacheOption = False,
) -> None:
    """Answer questions about the purchase, review and save the answers, then generate.

    Needs a terminal. Ctrl-C saves the answers so far to a resume file (answers.partial.yaml).

    \b
    Examples:
      procure interview
      procure interview --answers last-quarter.yaml --out answers.yaml
      procure interview --answers answers.partial.yaml
    """
    from .interview.session import run_interview
    from .pipeline import interview_generation

    with running_gc():  # a session can last long and waits on a person, not on memory
        run_interview(answers, out, generation=interview_generation())


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
    typer.echo("\n".join(summary_lines(report)))
    for path in written:
        typer.echo(f"wrote {path}")


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
                                      help="text (default) or md.")] = "text",
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
    old_date = parse_as_of(as_of_old) if as_of_old else default
    new_date = parse_as_of(as_of_new) if as_of_new else default
    text = render_diff(diff_files(old, new, old_date, new_date, load_library(packs)), form)
    if out is None:
        typer.echo(text, nl=False)
        return
    written = write_files(out.parent, {out.name: text.encode()}, force=force)
    typer.echo(f"wrote {written[0]}")


def _fail(message: str, code: int) -> NoReturn:
    typer.secho(message, err=True, fg="red" if sys.stderr.isatty() else None)
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
