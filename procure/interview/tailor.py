"""Tailoring in the terminal: pick a pack or requirement, say what to change and why.

In: an answers file, the library, the document date, a `Select` from the caller (the pipeline's
selection: the checklist for a list of tailoring entries, or the refusal in words), and
prompt_toolkit input and output (a test's pipe; otherwise the terminal, which must exist).
Out: the file with the new entries added to its `tailoring:` list and every other byte as it
was (a JSON answers file is rewritten whole: it has no comments to keep), written all or
nothing; nothing is written when the buyer adds no entry, stops with Ctrl-C, or the file changed
meanwhile. Each entry is tried against the rules before it is kept: one the law refuses (removing
a MUST by law without a waiver that relieves it) is shown with the reason and not kept.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputFileError, InterruptedByUser, OutputError, ProcureError, UsageError
from ..model.answers import MAX_ANSWERS_BYTES, TailoringEntry, answers_from_data
from ..model.checklist import TALLY_WORDS, Checklist, ChecklistRequirement, tally_column
from ..model.packs import LEVEL_ORDER, Library
from ..support.reading import parse_document, read_text
from ..support.wording import counted
from ..support.writing import write_atomic
from .prompting import Prompt, ask_terminal
from .session import Ask, say

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

Select = Callable[[list[TailoringEntry]], Checklist]

NO_TERMINAL = ("tailor: no terminal to ask questions in (stdin or stdout is not a terminal); "
               "add entries to the answers file's `tailoring:` list instead (see "
               "docs/tailoring.md).")
DONE = "\x00done"
BACK = "\x00back"
WHOLE_PACK = "\x00pack"
TOP_KEY = re.compile(r"""^(?:[A-Za-z_][\w-]*|"[^"\n]*"|'[^'\n]*')\s*:(?:\s|$)""")
TAILORING_KEY = re.compile(r"""^(?:tailoring|"tailoring"|'tailoring')\s*:(?P<rest>.*)$""")
ITEM = re.compile(r"^(?P<indent>\s*)-(?:\s|$)")
# Keys written plain: their values are ids and words from fixed lists. Everything else is text
# the buyer typed, written as a double-quoted (JSON) string so no YAML meaning can creep in.
PLAIN_KEYS = frozenset({"id", "action", "level", "mode", "audience", "waiver", "date"})
FIELD_ORDER = ("id", "action", "level", "mode", "text", "evidence", "audience", "note", "waiver",
               "reason", "by", "date")


# ------------------------------------------------------------------------ writing the entries
def _scalar(key: str, value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if key in PLAIN_KEYS and re.fullmatch(r"[A-Za-z][\w.-]*", str(value)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def entry_lines(entry: TailoringEntry, indent: str = "  ") -> list[str]:
    """One entry as a block mapping in a YAML list: every field it sets, one per line."""
    data = entry.model_dump(exclude_defaults=True)
    lines: list[str] = []
    for key in FIELD_ORDER:
        if key not in data:
            continue
        lead = f"{indent}- " if not lines else f"{indent}  "
        value = data[key]
        if isinstance(value, list):
            lines.append(f"{lead}{key}:")
            lines += [f"{indent}    - {_scalar(key, item)}" for item in value]
        else:
            lines.append(f"{lead}{key}: {_scalar(key, value)}")
    return lines


def _appended(text: str, entries: list[TailoringEntry]) -> str | None:
    """The entries added at the end of an existing block-style `tailoring:` list, or None."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if TAILORING_KEY.match(line)), None)
    if start is None:
        return None
    rest = TAILORING_KEY.match(lines[start]).group("rest").split("#", 1)[0].strip()  # type: ignore[union-attr]
    if rest:  # a flow list on the key's line (`tailoring: []`): no block to add to
        return None
    end = next((i for i in range(start + 1, len(lines))
                if TOP_KEY.match(lines[i]) or lines[i].startswith(("---", "..."))), len(lines))
    items = [i for i in range(start + 1, end) if ITEM.match(lines[i])]
    if not items:
        return None
    indent = ITEM.match(lines[items[0]]).group("indent")  # type: ignore[union-attr]
    last = max(i for i in range(start + 1, end)
               if lines[i].strip() and not lines[i].lstrip().startswith("#"))
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    added = [f"{line}\n" for entry in entries for line in entry_lines(entry, indent)]
    return "".join([*lines[:last + 1], *added, *lines[last + 1:]])


def _replaced(text: str, entries: list[TailoringEntry]) -> str:
    """The whole `tailoring:` value written anew (a flow list, or no list yet)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if TAILORING_KEY.match(line)), None)
    block = ["tailoring:\n", *(f"{line}\n" for entry in entries for line in entry_lines(entry))]
    if start is None:
        tail = "" if not text or text.endswith("\n") else "\n"
        return (text + tail + "# Changes to what the rules chose, each with its reason "
                "(procure tailor; see docs/tailoring.md).\n" + "".join(block))
    end = next((i for i in range(start + 1, len(lines))
                if TOP_KEY.match(lines[i]) or lines[i].startswith(("---", "..."))), len(lines))
    return "".join([*lines[:start], *block, *lines[end:]])


def with_entries(text: str, source: str, existing: list[TailoringEntry],
                 added: list[TailoringEntry]) -> str:
    """The answers text with `added` after `existing`; checked to read back as exactly that.

    The entries are added below the last one when the list is written one item per line (the
    file's comments stay where they are); otherwise the list is written anew.
    """
    before = parse_document(text, source, "answers file")
    wanted = [*existing, *added]
    candidates = [_appended(text, added), _replaced(text, wanted)]
    for candidate in candidates:
        if candidate is None:
            continue
        try:
            after = parse_document(candidate, source, "answers file")
            answers = answers_from_data(after, source)
        except ProcureError:
            continue
        others_kept = ({k: v for k, v in after.items() if k != "tailoring"}
                       == {k: v for k, v in before.items() if k != "tailoring"})
        if others_kept and answers.tailoring == wanted:
            return candidate
    raise OutputError(f"{source}: the tailoring entries could not be added without changing "
                      "something else in the file; nothing was written. Add them by hand "
                      "(docs/tailoring.md shows the form).")


def json_with_entries(data: dict[str, Any], added: list[TailoringEntry]) -> str:
    """A JSON answers file with the entries added (JSON keeps no comments to preserve)."""
    entries = [*data.get("tailoring", []),
               *(entry.model_dump(mode="json", exclude_defaults=True) for entry in added)]
    return json.dumps({**data, "tailoring": entries}, indent=2, ensure_ascii=False,
                      default=_json_value) + "\n"


def _json_value(value: Any) -> str:
    """A date read from YAML flow syntax in a file that looks like JSON, written as JSON does."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


# ------------------------------------------------------------------------ the conversation
@dataclass
class Tailoring:
    """The file being tailored, the checklist as it stands, and the entries added so far."""

    source: Path
    library: Library
    as_of: dt.date
    select: Select
    existing: list[TailoringEntry]
    checklist: Checklist
    today: dt.date
    added: list[TailoringEntry] = field(default_factory=list)
    by: str = ""

    def requirement(self, requirement_id: str) -> ChecklistRequirement | None:
        return next((r for r in self.checklist.requirements if r.id == requirement_id), None)

    def try_entry(self, entry: TailoringEntry) -> str | None:
        """Apply the entry on top of the others; the refusal in words, or None when it fits."""
        try:
            checklist = self.select([*self.existing, *self.added, entry])
        except ProcureError as error:
            message = str(error)
            marker = "]: "
            return message.split(marker, 1)[1] if marker in message else message
        self.added.append(entry)
        self.checklist = checklist
        return None


def _level_words(requirement: ChecklistRequirement) -> str:
    return TALLY_WORDS[tally_column(requirement.level, requirement.basis)]


def _pack_choices(tailoring: Tailoring) -> tuple[tuple[str, str], ...]:
    checklist = tailoring.checklist
    counts = {pack_id: sum(levels.values()) for pack_id, _, levels in checklist.counts()}
    done = (f"Done: write {counted(len(tailoring.added), 'entry', 'entries')} to "
            f"{tailoring.source.name}" if tailoring.added else "Done (nothing to write)")
    choices = [(DONE, done)]
    choices += [(pack.id, f"{pack.title} ({counted(counts.get(pack.id, 0), 'requirement')})")
                for pack in checklist.packs]
    choices += [(pack.id, f"{pack.title} (left out by the rules)")
                for pack in checklist.excluded_packs]
    return tuple(choices)


def _requirement_choices(tailoring: Tailoring, pack_id: str) -> tuple[tuple[str, str], ...]:
    checklist = tailoring.checklist
    included = any(pack.id == pack_id for pack in checklist.packs)
    whole = "The whole pack: remove it" if included else "The whole pack: include it"
    choices = [(BACK, "Back to the packs"), (WHOLE_PACK, whole)]
    present = {r.id: r for r in checklist.requirements if r.pack == pack_id}
    pack = tailoring.library.pack(pack_id)
    assert pack is not None
    for requirement in pack.requirements:
        chosen = present.get(requirement.id)
        if chosen is not None:
            choices.append((chosen.id, f"{chosen.id}  {_level_words(chosen)}: {chosen.title}"))
        else:
            title = requirement.title if isinstance(requirement.title, str) \
                else requirement.title.default
            choices.append((requirement.id, f"{requirement.id}  (left out): {title}"))
    return tuple(choices)


def _reliefs(tailoring: Tailoring, requirement: ChecklistRequirement) -> list[tuple[str, str]]:
    """Waivers and exceptions in force that relieve every law binding the requirement."""
    binding = {ref.id for ref in requirement.authorities if ref.binds and ref.status == "effective"}
    return [(authority.id, f"{authority.citation}: {authority.title}")
            for authority in tailoring.library.registry.authorities
            if authority.nature == "relief" and binding <= set(authority.relieves)
            and authority.status_on(tailoring.as_of).in_force]


def _describe(requirement: ChecklistRequirement) -> list[str]:
    lines = [f"{requirement.id} {_level_words(requirement)}: {requirement.title}",
             f"  {requirement.text}",
             f"  Why it is here: {requirement.why}"]
    binding = [ref.citation for ref in requirement.authorities if ref.binds]
    if requirement.basis == "law" and requirement.level == "MUST":
        lines.append(f"  The law requires it of this buyer ({', '.join(dict.fromkeys(binding))}"
                     "): removing it or lowering its level needs a waiver or exception.")
    return lines


def _action_choices(tailoring: Tailoring, requirement: ChecklistRequirement | None,
                    excluded_pack: bool) -> tuple[tuple[str, str], ...]:
    if requirement is None:
        what = "the pack's requirements" if excluded_pack else "it"
        return (("include", f"Include {what} anyway"), (BACK, "Back"))
    legal = requirement.basis == "law" and requirement.level == "MUST"
    reliefs = _reliefs(tailoring, requirement) if legal else []
    choices: list[tuple[str, str]] = []
    if not legal or reliefs:
        choices.append(("remove", "Remove it" + (" under a waiver" if legal else "")))
    choices += [
        ("level", "Change its level" + (" (lowering it needs a waiver)" if legal else "")),
        ("text", "Replace its text"),
        ("append", "Add a sentence to its text"),
        ("evidence", "Ask the vendor for more evidence"),
        ("note", "Add a note for the vendor"),
        ("counsel", "Add a note for counsel"),
        (BACK, "Back"),
    ]
    return tuple(choices)


def _required(label: str) -> Callable[[Any], str | None]:
    def check(answer: Any) -> str | None:
        return None if str(answer).strip() else f"{label} cannot be empty."
    return check


def _ask_text(ask: Ask, question: str, notes: tuple[str, ...] = (), default: str = "",
              label: str = "The answer") -> str:
    return " ".join(str(ask(Prompt("text", question, notes, default=default,
                                   check=_required(label)))).split())


def _entry_for(tailoring: Tailoring, ask: Ask, item: str, action: str,
               requirement: ChecklistRequirement | None) -> TailoringEntry | None:
    fields: dict[str, Any] = {"id": item}
    if action in ("include", "remove"):
        fields["action"] = action
    elif action == "level":
        assert requirement is not None
        levels = [level for level in LEVEL_ORDER if level != requirement.level]
        picked = ask(Prompt("select", f"{requirement.id} is {requirement.level}; change it to",
                            ("Raising a level is always allowed: the requirement becomes the "
                             "buyer's specification.",),
                            choices=tuple((level, level) for level in levels)))
        fields |= {"action": "level", "level": picked}
    elif action in ("text", "append"):
        assert requirement is not None
        replace = action == "text"
        fields |= {"action": "text", "mode": "replace" if replace else "append",
                   "text": _ask_text(ask, "The new text" if replace else "The sentence to add",
                                     (requirement.text,), requirement.text if replace else "",
                                     "The text")}
    elif action == "evidence":
        fields |= {"action": "evidence", "mode": "append",
                   "evidence": [_ask_text(ask, "The evidence to ask for", label="The evidence")]}
    else:
        fields |= {"action": "note", "audience": "counsel" if action == "counsel" else "vendor",
                   "note": _ask_text(ask, "The note", label="The note")}
    needs_waiver = (requirement is not None and requirement.basis == "law"
                    and requirement.level == "MUST"
                    and (action == "remove" or (action == "level"
                                                and fields.get("level") != "MUST")))
    if needs_waiver:
        assert requirement is not None
        reliefs = _reliefs(tailoring, requirement)
        if not reliefs:
            say("  The registry knows no waiver or exception in force that relieves the law "
                "requiring it; the entry is not added.")
            return None
        fields["waiver"] = ask(Prompt("select", "Under which waiver or exception?",
                                      ("Counsel keeps the waiver or exception in the file.",),
                                      choices=tuple(reliefs)))
    fields["reason"] = _ask_text(ask, "Why (this goes on the record)", label="The reason")
    by = ask(Prompt("text", "Who decided (name or role; Enter to leave it out)",
                    default=tailoring.by))
    tailoring.by = " ".join(str(by).split())
    if tailoring.by:
        fields["by"] = tailoring.by
    fields["date"] = tailoring.today
    return TailoringEntry.model_validate(fields)


def _one_entry(tailoring: Tailoring, ask: Ask) -> bool:
    """Ask for one entry; False when the buyer is done."""
    pack_id = ask(Prompt("select", "Which pack?",
                         (f"{counted(len(tailoring.checklist.requirements), 'requirement')} in "
                          f"the checklist; {counted(len(tailoring.added), 'entry', 'entries')} "
                          "added so far.",),
                         choices=_pack_choices(tailoring)))
    if pack_id == DONE:
        return False
    item = ask(Prompt("select", "Which requirement?", choices=_requirement_choices(
        tailoring, pack_id)))
    if item == BACK:
        return True
    excluded_pack = any(pack.id == pack_id for pack in tailoring.checklist.excluded_packs)
    if item == WHOLE_PACK:
        item = pack_id
        requirement = None
        action = "include" if excluded_pack else "remove"
        say(f"  {pack_id}: {'include' if excluded_pack else 'remove'} the whole pack.")
    else:
        requirement = tailoring.requirement(item)
        if requirement is not None:
            say("\n".join(_describe(requirement)))
        action = ask(Prompt("select", "What do you want to change?",
                            choices=_action_choices(tailoring, requirement, excluded_pack)))
        if action == BACK:
            return True
    entry = _entry_for(tailoring, ask, item, action, requirement)
    if entry is None:
        return True
    refusal = tailoring.try_entry(entry)
    if refusal is not None:
        say(f"  Not added: {refusal}")
    else:
        record = tailoring.checklist.tailoring[-1]
        say(f"  Added: {record.id}: {record.change}.")
    return True


def run_tailor(answers_file: Path, library: Library, as_of: dt.date, select: Select, *,
               input: Input | None = None, output: Output | None = None,
               today: dt.date | None = None) -> list[TailoringEntry]:
    """Ask for tailoring entries and add them to the answers file; return the entries added."""
    if input is None and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(NO_TERMINAL)
    text = read_text(answers_file, "answers file", MAX_ANSWERS_BYTES)
    data = parse_document(text, str(answers_file), "answers file")
    answers = answers_from_data(data, str(answers_file))
    existing = list(answers.tailoring)
    tailoring = Tailoring(answers_file, library, as_of, select, existing, select(existing),
                          today or dt.date.today())
    tailoring.by = next((entry.by for entry in reversed(existing) if entry.by), "") or ""

    def ask(prompt: Prompt) -> Any:
        return ask_terminal(prompt, input, output)

    say(f"Tailoring {answers_file}: {counted(len(existing), 'entry', 'entries')} so far. Pick a "
        "pack, then a requirement, then what to change; every change needs a reason. Ctrl-C "
        "stops without writing anything.")
    try:
        while _one_entry(tailoring, ask):
            pass
    except (KeyboardInterrupt, EOFError):
        raise InterruptedByUser(f"Interrupted; {answers_file} is unchanged.") from None
    if not tailoring.added:
        say(f"No entry added; {answers_file} is unchanged.")
        return []
    _write(answers_file, text, data, existing, tailoring.added)
    say(f"Added {counted(len(tailoring.added), 'tailoring entry', 'tailoring entries')} to "
        f"{answers_file}.")
    return tailoring.added


def _write(path: Path, text: str, data: dict[str, Any], existing: list[TailoringEntry],
           added: list[TailoringEntry]) -> None:
    if read_text(path, "answers file", MAX_ANSWERS_BYTES) != text:
        raise InputFileError(f"{path}: changed while you were tailoring; nothing was written. "
                             "Run `procure tailor` again.")
    is_json = path.suffix.lower() == ".json" or text.lstrip().startswith("{")
    if is_json:
        new_text = json_with_entries(data, added)
        if answers_from_data(parse_document(new_text, str(path), "answers file"),
                             str(path)).tailoring != [*existing, *added]:
            raise OutputError(f"{path}: the tailoring entries would not read back as given; "
                              "nothing was written.")
    else:
        new_text = with_entries(text, str(path), existing, added)
    write_atomic(path, new_text.encode())
