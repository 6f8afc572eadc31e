"""The interview: ask the questions, review the answers, save them, offer to generate.

In: the questions (`requirement_packs/questions.yaml`); optionally an answers file to start from
(each question defaults to its saved value, or, if the buyer wants, its values go straight to the
review screen) or a resume file (its answers are taken without asking);
the file to save to; and prompt_toolkit input and output (a test's pipe; otherwise the terminal,
which must exist). A question with one possible answer is answered without asking; the buyer
sees the answer, and it is on the review screen. After the questions it asks for the fill-ins the
selected requirements name (each with its label, help and type; left empty, it stays a visible
blank), given by the caller as `FillInsNeeded` (the pipeline's selection, which this stage may
not import). Out: the saved answers file (YAML with the schema line, its first line pointing
editors at the answers schema, a comment per key, the fill-ins under `fill_ins:` and any
tailoring kept as written, ready for `procure generate`) and, if the buyer wants, the checklist in
the edition chosen. Ctrl-C saves the answers so far to a resume file and raises
`InterruptedByUser` (exit 130). No typed answer is lost: when the answers cannot be saved (a full
disk, a folder that went away or cannot be written), they are kept in a resume file beside the
target, else in the user's cache folder, else in the temporary folder, and the error says where
and how to continue.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shlex
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import yaml

from ..errors import InputFileError, InterruptedByUser, OutputError, ProcureError, UsageError
from ..model.answers import (
    ANSWERS_SCHEMA,
    MAX_ANSWERS_BYTES,
    STRUCTURED_KEYS,
    Answers,
    answers_from_data,
)
from ..model.conditions import Facts, evaluate
from ..model.fillins import FillInNeed, fill_in_input, fill_in_problem, parse_fill_in
from ..model.questions import (
    Question,
    as_text,
    describe_answer,
    is_asked,
    load_questions,
    offered,
    parse_text,
    problem_with,
    schema_default,
)
from ..model.schemas import schema_path
from ..support.reading import parse_document, read_text
from ..support.terminal import for_terminal
from ..support.wording import counted, exists, plural
from ..support.writing import write_atomic
from .prompting import Prompt, ask_terminal

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

Ask = Callable[[Prompt], Any]
FillInsNeeded = Callable[[dict[str, Any]], list[FillInNeed]]

NO_TERMINAL = ("interview: no terminal to ask questions in (stdin or stdout is not a terminal); "
               "run `procure generate ANSWERS` with an answers file, or run "
               "`procure interview --answers FILE` in a terminal.")
RESUME_MARK = "# procure interview: answers so far (resume file)"
# The comment lines at the top of a file that may hold RESUME_MARK (after the schema line).
HEADER_LINES = 3
SAVE = "\x00save"
FILL_IN = "\x00fill-in:"
REVIEW_WIDTH = 52
ONLY_CHOICE = " (only choice)"
COMMENT_WIDTH = 98
PLACEHOLDERS: dict[str, Any] = {
    "schema": ANSWERS_SCHEMA, "organization": "-", "project": "-", "sector": "enterprise",
    "federal_status": "none", "equipment": ["ip_routing"],
}
FORMAT_LABELS = {
    "md": "Markdown checklist",
    "json": "JSON checklist",
    "pdf": "PDF checklist, takes a few seconds",
    "docx": "Word checklist",
    "xlsx": "Vendor response matrix, Excel",
    "csv": "Vendor response matrix, CSV",
}
EDITION_CHOICES = (
    ("review", "For legal review: points for counsel, reasons, draft marking"),
    ("rfp", "For vendors: the RFP attachment, solicitation and attachment on every page"),
)


class Generate(Protocol):
    """Make the checklist from saved answers: the pipeline's `generate`, given by the caller."""

    def __call__(self, answers_path: Path, out: Path, formats: list[str], as_of: dt.date,
                 packs_dir: Path | None = None, force: bool = False,
                 on_stage: Callable[[str], None] | None = None, *, edition: str = "review",
                 docx_template: Path | None = None,
                 warn: Callable[[str], None] | None = None) -> list[Path]: ...


@dataclass(frozen=True)
class Generation:
    """What the interview offers at the end: the formats (name → file name) and how to make them.

    The caller (the CLI) passes the pipeline's, so the interview stage never imports the stages
    after it.
    """

    files: dict[str, str]
    default: tuple[str, ...]
    generate: Generate
    edition_formats: frozenset[str] = frozenset()
    packs_dir: Path | None = None


def say(text: str) -> None:
    """A line for the buyer, sanitised; on a terminal, wrapped between words to its width."""
    text = for_terminal(text)
    if sys.stdout.isatty():
        width = max(40, shutil.get_terminal_size().columns - 1)
        text = "\n".join(textwrap.fill(line, width, break_long_words=False,
                                        break_on_hyphens=False) for line in text.split("\n"))
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


@dataclass
class Session:
    """The answers given so far, and what each question offered when it was answered."""

    questions: list[Question]
    answers: dict[str, Any] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)
    offers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    only_choice: set[str] = field(default_factory=set)
    fill_ins: dict[str, Any] = field(default_factory=dict)
    fill_ins_asked: set[str] = field(default_factory=set)
    needs: list[FillInNeed] = field(default_factory=list)
    kept: dict[str, Any] = field(default_factory=dict)

    def values(self) -> dict[str, Any]:
        """Every key's value now: answer, else suggested default; schema default if hidden."""
        values: dict[str, Any] = {}
        for question in self.questions:
            if not is_asked(question, values):
                values[question.id] = schema_default(question.id)
            elif question.id in self.answers:
                values[question.id] = self.answers[question.id]
            else:
                values[question.id] = self.defaults.get(question.id, question.default)
        return values

    def visible(self) -> list[Question]:
        values = self.values()
        return [question for question in self.questions if is_asked(question, values)]

    def to_ask(self) -> list[Question]:
        """The questions the buyer is asked: those that apply, less those answered for them."""
        return [question for question in self.visible() if question.id not in self.only_choice]

    def suggestion(self, question: Question) -> Any:
        if question.id in self.answers:
            return self.answers[question.id]
        return self.defaults.get(question.id, question.default)


def ask_all(session: Session, ask: Ask, again: frozenset[str] = frozenset()) -> None:
    """The one loop: skip what is not asked, keep what still fits, ask the rest (and `again`)."""
    for question in session.questions:
        values = session.values()
        if not is_asked(question, values):
            if question.id in session.answers:
                session.defaults[question.id] = session.answers.pop(question.id)
                session.offers.pop(question.id, None)
            continue
        offer = offer_of(question, values)
        only = only_answer(question, offer)
        if only is not None:
            if session.answers.get(question.id) != only[0] or question.id in again:
                say(f"{question.title}: {describe_answer(question, only[0])} (the only "
                    "possible answer here, so it is not asked).")
            session.answers[question.id] = only[0]
            session.offers[question.id] = offer
            session.only_choice.add(question.id)
            continue
        session.only_choice.discard(question.id)
        if question.id in session.answers and question.id not in again:
            kept = session.offers.setdefault(question.id, offer) == offer
            if kept and fits(question, session.answers[question.id], offer):
                continue
        session.answers[question.id] = ask_one(session, question, offer, ask)
        session.offers[question.id] = offer


def offer_of(question: Question, values: dict[str, Any]) -> tuple[str, ...]:
    """The values a question offers given the answers so far."""
    return tuple(choice.value for choice in offered(question, values))


def only_answer(question: Question, offer: tuple[str, ...]) -> tuple[Any] | None:
    """The one answer a choice question can have as now offered, if it has only one."""
    if question.type == "select" and len(offer) == 1:
        return (offer[0],)
    if question.type == "checkbox" and len(offer) == 1 and question.validation.min_selected:
        return ([offer[0]],)
    return None
def ask_fill_ins(session: Session, needed: FillInsNeeded | None, ask: Ask,
                 again: frozenset[str] = frozenset()) -> None:
    """Ask for the fill-ins the selected requirements name that were not asked yet (and `again`).

    Left empty, a fill-in stays a visible blank in the checklist; it is not asked again.
    """
    if needed is None:
        return
    session.needs = needed(session.values())
    pending = [need for need in session.needs
               if need.name not in session.fill_ins_asked or need.name in again]
    for number, need in enumerate(pending, start=1):
        progress = (f"Fill-in {number} of {len(pending)}, named in "
                    f"{', '.join(need.requirements)}")
        notes = (need.help, f"Write {need.type_words}. Leave it empty to state it later: until "
                 "then it prints as a visible blank.", progress)
        typed = ask(Prompt("text", f"{sentence(need.label)} (a value the solicitation states)",
                           notes, default=fill_in_input(need.type, session.fill_ins.get(
                               need.name)), check=functools.partial(fill_in_problem, need.type)))
        value = parse_fill_in(need.type, typed)
        if value is None:
            session.fill_ins.pop(need.name, None)
        else:
            session.fill_ins[need.name] = value
        session.fill_ins_asked.add(need.name)


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def fits(question: Question, value: Any, offer: tuple[str, ...]) -> bool:
    """Whether a saved or earlier answer is still a valid answer to the question as now offered."""
    if question.type == "select":
        return value in offer
    if question.type == "checkbox":
        return set(value) <= set(offer) and len(value) >= question.validation.min_selected
    return True


def ask_one(session: Session, question: Question, offer: tuple[str, ...], ask: Ask) -> Any:
    asked = session.to_ask()
    progress = f"Question {asked.index(question) + 1} of about {len(asked)}"
    notes = (question.help, progress)
    suggested = session.suggestion(question)
    if question.type in ("select", "checkbox"):
        labels = {choice.value: choice.label for choice in question.choices}
        choices = tuple((value, labels[value]) for value in offer)
        if question.type == "select":
            default = next((value for value in (suggested, question.default) if value in offer),
                           offer[0])
            return ask(Prompt("select", question.prompt, notes, choices, default))
        ticked = [value for value in suggested or () if value in offer]
        least = question.validation.min_selected
        message = "Tick at least one with the space bar, then press Enter."
        return ask(Prompt("checkbox", question.prompt, notes, choices, ticked,
                          lambda picked: message if len(picked) < least else None))
    if question.type == "yes_no":
        return bool(ask(Prompt("confirm", question.prompt, notes, default=bool(suggested))))
    typed = ask(Prompt("text", question.prompt, notes, default=as_text(question, suggested),
                       check=lambda text: problem_with(question, text)))
    return parse_text(question, typed)


def review(session: Session, ask: Ask, out: Path, needed: FillInsNeeded | None = None) -> None:
    """List every answer and fill-in; change any (what depends on it is asked again); save."""
    while True:
        visible = session.visible()
        titles = [question.title for question in visible]
        titles += [sentence(need.label) for need in session.needs]
        width = max(len(title) for title in titles)
        rows = tuple(
            (question.id, f"{question.title.ljust(width)}  {review_text(session, question)}")
            for question in visible)
        rows += tuple(
            (FILL_IN + need.name, f"{sentence(need.label).ljust(width)}  " + shorten(
                fill_in_input(need.type, session.fill_ins[need.name])
                if need.name in session.fill_ins else "blank: to state before release"))
            for need in session.needs)
        picked = ask(Prompt("select", "Review your answers",
                            ("Pick an answer to change it, or save them.",),
                            ((SAVE, f"Save these answers to {out}"), *rows), SAVE))
        if picked == SAVE:
            return
        if picked.startswith(FILL_IN):
            ask_fill_ins(session, needed, ask, again=frozenset({picked[len(FILL_IN):]}))
            continue
        ask_all(session, ask, again=frozenset({picked}))
        ask_fill_ins(session, needed, ask)


def review_text(session: Session, question: Question) -> str:
    """An answer as the review lists it; one the buyer was not asked says so."""
    described = describe_answer(question, session.answers[question.id])
    if question.id in session.only_choice:
        return shorten(described, REVIEW_WIDTH - len(ONLY_CHOICE)) + ONLY_CHOICE
    return shorten(described)


def shorten(text: str, width: int = REVIEW_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def load_start(path: Path) -> tuple[dict[str, Any], bool]:
    """The values of an answers or resume file (validated), and whether it is a resume file."""
    text = read_text(path, "answers file", MAX_ANSWERS_BYTES)
    data = parse_document(text, str(path), "answers file")
    if not isinstance(data, dict):
        raise InputFileError(f"{path}: an answers file is a mapping of keys to values; "
                             "start from an example or from `procure interview`.")
    checked = answers_from_data({**PLACEHOLDERS, **data}, str(path))
    values = checked.model_dump(by_alias=True)
    # Tailoring is kept as written (its entries would otherwise gain every default field).
    return {key: data[key] if key == "tailoring" else values[key]
            for key in data if key != "schema"}, is_resume_text(text)


def schema_line() -> str:
    """The first line of every answers file the interview writes: editors find the schema."""
    return f"# yaml-language-server: $schema={schema_path('answers')}"


def is_resume_text(text: str) -> bool:
    """Whether a file's text is a resume file (its mark among the first comment lines)."""
    head = text.split("\n", HEADER_LINES)[:HEADER_LINES]
    return RESUME_MARK in (line.rstrip("\r") for line in head)


def is_complete(values: dict[str, Any]) -> bool:
    """Whether a starting file's values are whole answers by themselves (no key missing)."""
    try:
        Answers.model_validate({"schema": ANSWERS_SCHEMA, **values})
    except ValueError:
        return False
    return True


def offer_review(session: Session, source: Path, start: dict[str, Any], ask: Ask) -> bool:
    """Offer to go straight to the review with a whole answers file; set it up if wanted.

    Every key the file leaves out takes the value `procure generate` would give it; the loop
    then asks only what no longer fits the questions (and answers what has one answer).
    """
    try:
        wanted = ask(Prompt("confirm", "Go straight to the review of these answers?",
                            (f"{source} answers every question. No: go through them one by "
                             "one, each showing its saved value.",), default=True))
    except (KeyboardInterrupt, EOFError):
        raise InterruptedByUser("Interrupted before the first answer; nothing was saved.") \
            from None
    if wanted:
        session.answers = {question.id: start.get(question.id, schema_default(question.id))
                           for question in session.questions}
        session.defaults = {}
    return bool(wanted)


def resume_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.partial{out.suffix}")


def default_out(source: Path | None, resuming: bool) -> Path:
    """answers.yaml, or the file a resume file was for (answers.partial.yaml → answers.yaml)."""
    if source is not None and resuming and source.stem.endswith(".partial"):
        return source.with_name(source.stem.removesuffix(".partial") + source.suffix)
    return Path("answers.yaml")


def out_problem(path: Path) -> str | None:
    """Why the answers cannot be saved to `path`, or None."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return f"{path}: the answers are saved as YAML; give a file name ending in .yaml."
    if path.is_dir():
        return f"{path}: is a folder; give a file name such as {path / 'answers.yaml'}."
    if path.exists() and not path.is_file():
        return f"{path}: is not a regular file; choose another file."
    folder = path.parent
    if not folder.is_dir():
        return f"{folder}: no such folder; create it first or choose another file."
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"{folder}: the folder is not writable; choose another file."
    return None


def dump_line(key: str, value: Any) -> str:
    """`key: value` in YAML; a list on one line (`[a, b]`)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text: str = yaml.safe_dump({key: value}, default_flow_style=None if isinstance(value, list)
                               else False, allow_unicode=True, width=10**6, sort_keys=False)
    return text.rstrip("\n")


def comment(text: str, indent: str = "") -> list[str]:
    width = COMMENT_WIDTH - len(indent)
    return [f"{indent}# {line}" for line in textwrap.wrap(text, width, break_on_hyphens=False)]


def fill_ins_block(session: Session) -> list[str]:
    """`fill_ins:` with each parameter's label, help and type above it; blanks as comments."""
    needs = {need.name: need for need in session.needs}
    names = [*needs, *(name for name in session.fill_ins if name not in needs)]
    if not names:
        return []
    lines = ["", *comment("Fill-ins: values the solicitation states, named in the requirements' "
                          "text. One left out prints as a visible blank and is listed under "
                          "'Blanks to fill before release'.")]
    entries: list[str] = []
    for name in names:
        need = needs.get(name)
        if need is None:
            entries += comment("Not named by the requirements selected now; kept as it was.",
                               "  ")
        else:
            entries += comment(f"{sentence(need.label)}: {need.help} Write {need.type_words}. "
                               f"Named in {', '.join(need.requirements)}.", "  ")
        if name in session.fill_ins:
            entries.append(f"  {dump_line(name, session.fill_ins[name])}")
        else:
            entries.append(f"  # {name}:   (blank: state it before release)")
    if session.fill_ins:
        return [*lines, "fill_ins:", *entries]
    return [*lines, *(entry.strip() for entry in entries), "fill_ins: {}"]


def kept_block(session: Session) -> list[str]:
    """Keys the interview does not ask (tailoring), written back as they were read."""
    lines: list[str] = []
    for key, value in session.kept.items():
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=100)
        lines += ["", *comment(f"{key.capitalize()}: kept as it was in the starting file; the "
                               "interview does not change it."), dumped.rstrip("\n")]
    return lines


def render(session: Session, values: dict[str, Any], header: list[str],
           only: set[str] | None = None) -> str:
    """The answers as commented YAML: the schema line, then each key with its help above it."""
    lines = [*header, f"schema: {ANSWERS_SCHEMA}"]
    shown: dict[str, Any] = {}
    for question in session.questions:
        verdict = evaluate(question.when, Facts(shown))
        shown[question.id] = values[question.id]
        if only is not None and question.id not in only:
            continue
        lines += ["", *comment(f"{question.title}: {question.help}")]
        if question.choices:
            kind = "Any" if question.type == "checkbox" else "One"
            lines += comment(f"{kind} of: {', '.join(choice.value for choice in question.choices)}")
        if not verdict.ok:
            lines += comment(f"Not asked ({verdict.reason}), so the default applies.")
        lines.append(dump_line(question.id, values[question.id]))
    lines += fill_ins_block(session) + kept_block(session)
    return "\n".join(lines) + "\n"


def answers_text(session: Session, target: Path) -> tuple[str, Answers]:
    """The saved file's text, and the answers it holds (validated as `procure generate` will)."""
    values = session.values()
    answers = answers_from_data({"schema": ANSWERS_SCHEMA, **values, **session.kept,
                                 "fill_ins": session.fill_ins}, str(target))
    quoted = shlex.quote(str(target))
    header = [schema_line(),
              "# Answers for procure (procure/answers@1), saved by `procure interview`.",
              f"# Make the checklist: procure generate {quoted}",
              f"# Change them here, or run: procure interview --answers {quoted}"]
    return render(session, answers.model_dump(by_alias=True), header), answers


def continue_command(resume: Path, out: Path) -> str:
    """How to continue from a resume file (naming the answers file, if it is not beside it)."""
    command = f"procure interview --answers {shlex.quote(str(resume))}"
    if resume != resume_path(out):
        command += f" --out {shlex.quote(str(out))}"
    return command


def resume_text(session: Session, path: Path, out: Path) -> str:
    header = [schema_line(), RESUME_MARK, f"# Continue with: {continue_command(path, out)}"]
    return render(session, session.values(), header, only=set(session.answers))


def cache_folder() -> Path:
    """The folder procure keeps in the user's cache, where the platform puts caches."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "procure"


def resume_places(out: Path) -> list[tuple[Path, bool]]:
    """Where the answers so far may be kept, in order: beside the target, the cache, temp.

    With each, whether procure may create its folder (only its own folder in the cache).
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return [(resume_path(out), False),
            (_unused(cache_folder(), f"{out.stem}-{stamp}", out.suffix), True),
            (_unused(Path(tempfile.gettempdir()), f"{out.stem}-{stamp}", out.suffix), False)]


def _unused(folder: Path, stem: str, suffix: str) -> Path:
    """`stem.partial.yaml` in `folder`, numbered if another interview's file has that name."""
    candidate, number = folder / f"{stem}.partial{suffix}", 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}.partial{suffix}"
    return candidate


def keep_answers(session: Session, out: Path) -> tuple[Path | None, list[Path]]:
    """Write the resume file in the first place that takes it: (where, or None; places tried)."""
    tried = []
    for place, make_folder in resume_places(out):
        tried.append(place)
        try:
            if make_folder:
                place.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(place, resume_text(session, place, out).encode("utf-8"))
        except (OSError, OutputError):
            continue
        return place, tried
    return None, tried


def save(session: Session, out: Path, source: Path | None, ask: Ask) -> Path:
    """Write the answers to `out`, asking before replacing a file (or for another name)."""
    target = out
    while target.exists():
        same = source is not None and source.exists() and target.samefile(source)
        if ask(Prompt("confirm", f"{target} already exists. Replace it?", default=same)):
            break
        typed = ask(Prompt("text", "Save the answers to which file?",
                           ("A new .yaml file name, for example answers-2.yaml.",),
                           default=str(free_name(target)),
                           check=lambda text: "Type a file name." if not text.strip()
                           else out_problem(Path(text.strip()))))
        target = Path(typed.strip())
    try:
        text, _ = answers_text(session, target)
        write_atomic(target, text.encode("utf-8"))
    except ProcureError as exc:
        raise not_saved(session, target, exc) from None
    return target


def not_saved(session: Session, target: Path, error: ProcureError) -> OutputError:
    """The answers could not be saved: keep them elsewhere and say where (or that nothing held)."""
    kept, tried = keep_answers(session, target)
    if kept is None:
        return OutputError(f"{error.message}\nThe answers could not be kept anywhere else either "
                           f"(tried {', '.join(map(str, tried))}); free some space or choose a "
                           "writable folder, then run the interview again.")
    return OutputError(f"{error.message}\nYour answers are kept in {kept}; continue with: "
                       f"{continue_command(kept, target)}")


def free_name(path: Path) -> Path:
    number = 2
    while (candidate := path.with_name(f"{path.stem}-{number}{path.suffix}")).exists():
        number += 1
    return candidate


def interrupted(session: Session, out: Path) -> InterruptedByUser:
    """Save the answers so far to the resume file and say how to continue."""
    if not session.answers:
        return InterruptedByUser("Interrupted before the first answer; nothing was saved.")
    kept, tried = keep_answers(session, out)
    count = len(session.answers)
    answers = counted(count, "answer")
    if kept is None:
        return InterruptedByUser(f"Interrupted. The {answers} so far could not be saved (tried "
                                 f"{', '.join(map(str, tried))}).")
    return InterruptedByUser(f"Interrupted. {answers} so far saved in {kept}.\n"
                             f"Continue with: {continue_command(kept, out)}")


def is_resume_file(path: Path) -> bool:
    if not path.is_file():
        return False
    with path.open(encoding="utf-8", errors="replace") as stream:
        return is_resume_text("".join(stream.readline() for _ in range(HEADER_LINES)))


def remove_resume_files(*paths: Path | None) -> None:
    for path in {path for path in paths if path is not None}:
        if is_resume_file(path):
            path.unlink()
            say(f"Removed the resume file {path}; it is no longer needed.")


def offer_generate(saved: Path, ask: Ask, as_of: dt.date, generation: Generation) -> list[Path]:
    """Ask whether to generate now, which formats and where; then generate."""
    files, generate = generation.files, generation.generate
    later = f"Make the checklist later with: procure generate {shlex.quote(str(saved))}"
    if not ask(Prompt("confirm", "Generate the checklist now?", default=True)):
        say(later)
        return []
    choices = tuple((name, f"{FORMAT_LABELS[name]} ({file})") for name, file in files.items())
    formats = ask(Prompt("checkbox", "Which formats?", (), choices, list(generation.default),
                         lambda picked: "Tick at least one format." if not picked else None))
    edition = "review"
    if generation.edition_formats.intersection(formats):
        edition = ask(Prompt("select", "Which edition?",
                             ("The response matrix is the same in both.",), EDITION_CHOICES,
                             "review"))
    typed = ask(Prompt("text", "Into which folder?", ("Created if it does not exist.",),
                       default=str(saved.parent / "out"),
                       check=lambda text: None if text.strip() else "Type a folder name."))
    folder = Path(typed.strip())
    existing = [files[name] for name in formats if (folder / files[name]).exists()]
    them = "it" if len(existing) == 1 else "them"
    if existing and not ask(Prompt("confirm", f"{', '.join(existing)} already "
                                   f"{exists(len(existing))} in {folder}. Replace {them}?",
                                   default=False)):
        say(later + f" --out {shlex.quote(str(folder))} --force")
        return []
    packs = generation.packs_dir

    def warn(message: str) -> None:
        say(f"Warning: {message}")

    if "pdf" in formats and sys.stderr.isatty():
        from ..support.progress import pdf_progress

        with pdf_progress() as on_stage:
            written = generate(saved, folder, list(formats), as_of, packs, True, on_stage,
                               edition=edition, warn=warn)
    else:
        written = generate(saved, folder, list(formats), as_of, packs, force=True,
                           edition=edition, warn=warn)
    for path in written:
        say(f"wrote {path}")
    return written


def run_interview(answers_file: Path | None = None, out: Path | None = None, *,
                  input: Input | None = None, output: Output | None = None,
                  as_of: dt.date | None = None, generation: Generation | None = None,
                  fill_ins: FillInsNeeded | None = None) -> Path:
    """Run the whole interview; return the path of the saved answers file.

    Without `input`, the terminal is used and must exist (else a `UsageError`, before
    questionary is imported); tests pass prompt_toolkit's pipe input and an output. With
    `fill_ins`, it asks for the fill-ins the selected requirements name after the questions.
    With `generation`, the interview offers to make the checklist once the answers are saved.
    """
    if input is None and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(NO_TERMINAL)
    questions = load_questions()
    start, resuming = load_start(answers_file) if answers_file is not None else ({}, False)
    out = out or default_out(answers_file, resuming)
    problem = out_problem(out)
    if problem:
        raise UsageError(f"--out: {problem}")

    def ask(prompt: Prompt) -> Any:
        return ask_terminal(prompt, input, output)

    left = resume_path(out)
    if answers_file is None and is_resume_file(left):
        try:
            if ask(Prompt("confirm", f"An interrupted interview was saved in {left}. "
                          "Continue it?", default=True)):
                answers_file = left
                start, resuming = load_start(left)
        except (KeyboardInterrupt, EOFError):
            raise InterruptedByUser("Interrupted before the first answer; nothing was "
                                    "saved.") from None
    structured = {key: start.pop(key) for key in sorted(STRUCTURED_KEYS) if key in start}
    given = dict(structured.pop("fill_ins", None) or {})
    session = Session(questions, answers=start if resuming else {},
                      defaults={} if resuming else start, fill_ins=given,
                      fill_ins_asked=set(given) if resuming else set(), kept=structured)
    straight = answers_file is not None and not resuming and is_complete(start) \
        and offer_review(session, answers_file, start, ask)
    if straight:
        say(f"Starting from {answers_file}: every answer is on the review screen; questions "
            "are asked only where an answer no longer fits.")
    elif resuming:
        taken = plural(len(start), "is", "are")
        say(f"Continuing from {answers_file}: {counted(len(start), 'answer')} {taken} taken "
            "from it; change any of them at the review.")
    else:
        say(f"About {counted(len(session.to_ask()), 'question')} about the purchase. Ctrl-C "
            "stops at any time and keeps your answers so far.")
    try:
        ask_all(session, ask)
        ask_fill_ins(session, fill_ins, ask)
        review(session, ask, out, fill_ins)
        saved = save(session, out, answers_file, ask)
    except (KeyboardInterrupt, EOFError):
        raise interrupted(session, out) from None
    say(f"Saved your answers to {saved}.")
    remove_resume_files(resume_path(out), resume_path(saved), answers_file if resuming else None)
    try:
        if generation is not None:
            offer_generate(saved, ask, as_of or dt.date.today(), generation)
    except (KeyboardInterrupt, EOFError):
        raise InterruptedByUser(
            f"Interrupted. Your answers are saved in {saved}; make the checklist with: "
            f"procure generate {shlex.quote(str(saved))}") from None
    return saved
