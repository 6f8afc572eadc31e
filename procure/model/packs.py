"""Requirement packs: the models and loading them from folders.

In: the bundled `requirement_packs/` folder and, optionally, an organisation's own folder of
`*.yaml` packs (and an `authorities.yaml` that extends the registry). Out: a `Library` of packs
and the registry, validated, with every problem reported as `file: location: message`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..errors import PackError
from ..support.characters import HIDDEN, find_in_data, problem
from ..support.gcpause import paused_gc
from ..support.reading import parse_document, read_text
from ..support.wording import counted
from .answers import suggest
from .conditions import Condition
from .packcache import cached_model
from .questions import Vocabulary, load_questions
from .registry import REGISTRY_SCHEMA, Registry

if TYPE_CHECKING:
    from .integrity import Problem

PACK_SCHEMA = "procure/pack@1"
REGISTRY_FILE = "authorities.yaml"
QUESTIONS_FILE = "questions.yaml"
NOT_PACKS = frozenset({REGISTRY_FILE, QUESTIONS_FILE})
MAX_PACK_BYTES = 2 * 1024 * 1024

Level = Literal["MUST", "SHOULD", "MAY"]
LEVEL_ORDER: dict[str, int] = {"MUST": 0, "SHOULD": 1, "MAY": 2}


class LevelRule(BaseModel):
    """`level` applies when `when` holds (the first rule that holds wins)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    level: Level
    when: Condition


class LevelSpec(BaseModel):
    """A level that depends on the answers: rules in order, then the default."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    default: Level
    rules: list[LevelRule] = Field(min_length=1)


class WordingRule(BaseModel):
    """`text` applies when `when` holds (the first rule that holds wins)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str = Field(min_length=3)
    when: Condition


class WordingSpec(BaseModel):
    """Words that follow the answers or the calendar: rules in order, then the default.

    A waiver in force or expired, a deadline before or after the document date: the text says
    what is true on the document date, never "by 2030" in 2031.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    default: str = Field(min_length=3)
    rules: list[WordingRule] = Field(min_length=1)

    def conditions(self) -> list[Condition]:
        return [rule.when for rule in self.rules]


Worded = str | WordingSpec


class Citation(BaseModel):
    """An authority a requirement rests on, with the pinpoint (clause, section, paragraph)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    pinpoint: str = Field(min_length=1)


class YieldRule(BaseModel):
    """Where `authority` binds this buyer, the requirement gives way: at most `level`, and why.

    A domestic-only specification yields to the Trade Agreements clause that forbids it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    authority: str
    level: Literal["SHOULD", "MAY"]
    why: str = Field(min_length=10)


PARAMETER_NAME = r"^[a-z][a-z0-9_]*$"
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class Parameter(BaseModel):
    """A value the buyer states in the solicitation (a fill-in), named in the text as {name}."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=PARAMETER_NAME)
    label: str = Field(min_length=3, max_length=80, description="what the blank asks for")
    type: Literal["text", "number", "date", "duration", "percent", "amount"] = "text"
    help: str = Field(min_length=10, max_length=200)


class Requirement(BaseModel):
    """One requirement: what the vendor must do or show, why, and on what authority."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*-[0-9]{3}[a-z]?$")
    title: Worded
    text: Worded
    level: Level | LevelSpec
    evidence: list[str] = Field(min_length=1)
    authorities: list[Citation] = Field(min_length=1)
    when: Condition | None = None
    counsel: Worded | None = None
    effective_from: dt.date | None = None
    specification: bool | None = Field(default=None, description="a MUST here may stand as the "
                                       "buyer's own specification where no law binds (default: "
                                       "the pack's)")
    yields_to: list[YieldRule] = Field(default_factory=list)
    buyer_duty: Citation | None = Field(default=None, description="the buyer's own obligation "
                                        "this requirement supports")
    parameters: list[Parameter] = Field(default_factory=list)

    @field_validator("title", "text")
    @classmethod
    def _long_enough(cls, value: Worded, info: ValidationInfo) -> Worded:
        shortest, longest = (3, 160) if info.field_name == "title" else (20, 10_000)
        texts = [value] if isinstance(value, str) else [value.default,
                                                        *(rule.text for rule in value.rules)]
        for text in texts:
            if not shortest <= len(text) <= longest:
                raise ValueError(f"each {info.field_name} is {shortest} to {longest} characters")
        return value

    @model_validator(mode="after")
    def _placeholders_declared(self) -> Requirement:
        declared = {parameter.name for parameter in self.parameters}
        used: set[str] = set()
        for worded in (self.title, self.text, self.counsel):
            used |= placeholders(worded)
        undeclared = sorted(used - declared)
        if undeclared:
            raise ValueError(f"the text names {', '.join('{' + n + '}' for n in undeclared)} "
                             "but parameters does not declare it")
        unused = sorted(declared - used)
        if unused:
            raise ValueError(f"parameter {', '.join(unused)} is declared but never named "
                             "in the text as {name}")
        return self

    @field_validator("evidence")
    @classmethod
    def _evidence_not_blank(cls, evidence: list[str]) -> list[str]:
        if any(len(item.strip()) < 3 for item in evidence):
            raise ValueError("every evidence item must say what the vendor supplies")
        return evidence

    def wording_conditions(self) -> list[Condition]:
        """The conditions of its title, text and counsel variants."""
        found: list[Condition] = []
        for worded in (self.title, self.text, self.counsel):
            if isinstance(worded, WordingSpec):
                found += worded.conditions()
        return found


def placeholders(worded: Worded | None) -> set[str]:
    """The parameter names a title, text or counsel names as {name}, in every variant."""
    if worded is None:
        return set()
    texts = [worded] if isinstance(worded, str) else [worded.default,
                                                      *(rule.text for rule in worded.rules)]
    return {name for text in texts for name in PLACEHOLDER.findall(text)}


class Pack(BaseModel):
    """A requirement pack: when it applies, and its requirements."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    schema_: Literal["procure/pack@1"] = Field(alias="schema")
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=3)
    kind: Literal["legal", "policy", "technology"]
    version: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$")
    reviewed_on: dt.date
    purpose: str = Field(min_length=20)
    applies_when: Condition | None = None
    specification: bool | None = Field(default=None, description="whether its MUSTs may stand "
                                       "as the buyer's specification where no law binds "
                                       "(default: yes for technology packs)")
    yields_to: list[YieldRule] = Field(default_factory=list, description="yield rules for every "
                                       "requirement of the pack, before each one's own")
    overrides: str | None = Field(default=None, description="the id of a built-in pack this "
                                  "organisation pack replaces")
    retires: list[str] = Field(default_factory=list, description="requirement ids of the "
                               "replaced pack that this one deliberately drops")
    requirements: list[Requirement] = Field(min_length=1)

    def musts_may_be_specification(self, requirement: Requirement) -> bool:
        if requirement.specification is not None:
            return requirement.specification
        if self.specification is not None:
            return self.specification
        return self.kind == "technology"


class PackFile(BaseModel):
    """A pack with the file it came from and that file's content hash.

    `replaced` is the built-in pack an organisation pack overrides (and its file), if any.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    pack: Pack
    path: Path
    sha256: str
    replaced: Pack | None = None
    replaced_path: Path | None = None

    def replacement(self, where: str | None = None) -> str | None:
        """`replaces the built-in ai-operations 1.1.0 (from ai-ops.yaml)`, for an override."""
        if self.replaced is None:
            return None
        return (f"replaces the built-in {self.replaced.id} {self.replaced.version} "
                f"(from {where or self.path.name})")


class Library(BaseModel):
    """Every pack (in a stable order), the registry they cite, and the words of the answers."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    packs: list[PackFile]
    registry: Registry
    registry_sha256: str
    vocabulary: Vocabulary

    def pack(self, pack_id: str) -> Pack | None:
        return next((entry.pack for entry in self.packs if entry.pack.id == pack_id), None)

    def digest(self) -> str:
        """One hash over every pack and the registry: part of the checklist's input hash."""
        joined = "\n".join([self.registry_sha256, *(entry.sha256 for entry in self.packs)])
        return hashlib.sha256(joined.encode()).hexdigest()


def bundled_packs_dir() -> Path:
    """The packs shipped with procure (in the wheel, or the source checkout)."""
    from ..support.bundled import bundled

    return bundled("requirement_packs")


def format_model_error(error: ValidationError, source: str, limit: int = 8,
                       data: Any = None) -> list[str]:
    """`file: location: message` lines, the location readable (requirements[3].level).

    Given the file's `data`, an item of a top-level list is named by its id too:
    `requirements[3] (PQC-004).level`, as lint names it.
    """
    lines = []
    for item in error.errors()[:limit]:
        where = ""
        container: Any = data
        named = False
        for part in item["loc"]:
            if isinstance(part, int):
                where += f"[{part}]"
                element = (container[part] if isinstance(container, list)
                           and part < len(container) else None)
                if not named and isinstance(element, dict) and isinstance(element.get("id"), str):
                    where += f" ({element['id']})"
                named = True
                container = element
            else:
                if part not in ("all", "any", "not", "compare") or not where:
                    where += f".{part}" if where else str(part)
                container = container.get(part) if isinstance(container, dict) else None
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown key"
        elif item["type"] == "too_short" and isinstance(item.get("input"), list):
            message = "needs at least one item"
        elif item["type"] == "literal_error":
            message = f"{message} (got {item.get('input')!r})"
        lines.append(f"{source}: {where or '(top level)'}: {message}")
    extra = len(error.errors()) - limit
    if extra > 0:
        lines.append(f"{source}: … and {counted(extra, 'more problem')}")
    return lines


_PARSED: dict[tuple[str, str], Pack | Registry] = {}


def parse_cached(path: Path, kind: Literal["pack", "registry"]) -> tuple[Pack | Registry, str]:
    """Parse a pack or registry file, reusing the result for identical file content."""
    text = read_text(path, "pack" if kind == "pack" else "authority registry", MAX_PACK_BYTES)
    digest = hashlib.sha256(text.encode()).hexdigest()
    cached = _PARSED.get((kind, digest))
    if cached is not None:
        return cached, digest
    parsed = cached_model(kind, digest, lambda: _file_data(text, path, kind),
                          lambda data: validated(data, path, kind))
    _PARSED[(kind, digest)] = parsed
    return parsed, digest


def _file_data(text: str, path: Path, kind: Literal["pack", "registry"]) -> Any:
    """The file's data; text that holds hidden or disguising characters is refused."""
    data: Any = parse_document(text, str(path), kind)
    if HIDDEN.search(text) or "\\" in text:  # only then can the data hold one
        hidden = find_in_data(data)
        if hidden is not None:
            location, character = hidden
            raise PackError(f"{path}: {location or '(top level)'}: {problem(character)}.")
    return data


def validated(data: Any, path: Path, kind: Literal["pack", "registry"]) -> Pack | Registry:
    """The parsed data of a pack or registry file as its model, or a `PackError`."""
    model: type[Pack] | type[Registry] = Pack if kind == "pack" else Registry
    if isinstance(data, dict) and "schema" in data:
        expected = PACK_SCHEMA if kind == "pack" else REGISTRY_SCHEMA
        if data["schema"] != expected:
            raise PackError(f"{path}: schema: '{data['schema']}' is not supported; "
                            f"expected '{expected}'.")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise PackError("\n".join(format_model_error(exc, str(path), data=data))) from None


def pack_files(folder: Path) -> list[Path]:
    """The pack files of a folder, in name order."""
    return sorted(path for path in folder.glob("*.yaml")
                  if path.name not in NOT_PACKS and not path.name.startswith("."))


def _override(entries: list[PackFile], pack: Pack, target: str, path: Path, digest: str,
              seen: dict[str, Path]) -> list[PackFile]:
    """Put an organisation pack in the place of the pack it overrides."""
    position = next((index for index, entry in enumerate(entries) if entry.pack.id == target),
                    None)
    if position is None:
        known = sorted(entry.pack.id for entry in entries)
        raise PackError(f"{path}: overrides: there is no pack '{target}' to replace"
                        f"{suggest(target, known)} Packs: {', '.join(known)}.")
    replaced = entries[position]
    if replaced.replaced is not None:
        raise PackError(f"{path}: overrides: pack '{target}' is already replaced by "
                        f"{replaced.path}; keep one overriding pack.")
    if pack.id != target and pack.id in seen:
        raise PackError(f"{path}: id: pack '{pack.id}' is already defined in {seen[pack.id]}.")
    if pack.version == replaced.pack.version:
        raise PackError(f"{path}: version: an overriding pack needs a version of its own "
                        f"(the built-in {target} is {replaced.pack.version}).")
    del seen[target]
    seen[pack.id] = path
    updated = list(entries)
    updated[position] = PackFile(pack=pack, path=path, sha256=digest, replaced=replaced.pack,
                                 replaced_path=replaced.path)
    return updated


def load_library(extra_dir: Path | None = None) -> Library:
    """Load the bundled packs and registry, plus an organisation's folder if given."""
    folders = [bundled_packs_dir()]
    if extra_dir is not None:
        if not extra_dir.exists():
            raise PackError(f"{extra_dir}: no such packs folder; check --packs.")
        if not extra_dir.is_dir():
            raise PackError(f"{extra_dir}: is a file; --packs takes a folder of *.yaml packs.")
        folders.append(extra_dir)
    return load_folders(folders)


# From this many repeated built-in ids on, a folder is a copy of the built-in packs: one message.
COPY_MIN = 2


@paused_gc()
def load_folders(folders: list[Path]) -> Library:
    """Load packs and registries from folders in order; refuse what `packs lint` calls an error.

    Ids must be unique across the folders, every citation and threshold must exist, and every
    condition must read a key of the answers (see `integrity`): a pack that breaks one of these
    would otherwise load and then drop out of the checklist, or repeat a row, without a word.
    """
    from .integrity import copied_builtins, override_problems, pack_problems, registry_problems

    registry: Registry | None = None
    registry_hashes: list[str] = []
    origin: dict[str, str] = {}
    seen: dict[str, Path] = {}
    entries: list[PackFile] = []
    for position, folder in enumerate(folders):
        registry_path = folder / REGISTRY_FILE
        copied_packs: list[str] = []
        copied_authorities: list[str] = []
        if registry_path.exists() or registry_path.is_symlink():
            parsed, digest = parse_cached(registry_path, "registry")
            assert isinstance(parsed, Registry)
            if registry is not None and position:
                known = set(registry.entry_ids())
                copied_authorities = [item_id for item_id in parsed.entry_ids()
                                      if item_id in known]
                if len(copied_authorities) < COPY_MIN:  # one repeated id gets its own message
                    copied_authorities = []
            registry_hashes.append(digest)
            if copied_authorities:
                parsed = parsed.model_copy(update={
                    part: [item for item in getattr(parsed, part)
                           if item.id not in copied_authorities]
                    for part in ("authorities", "thresholds", "scopes")})
            try:
                registry = parsed if registry is None else registry.merged(parsed)
            except ValidationError as exc:
                raise PackError("\n".join(format_model_error(exc, str(registry_path)))) from None
            origin.update(dict.fromkeys([a.id for a in parsed.authorities]
                                        + [t.id for t in parsed.thresholds]
                                        + [f"scope:{s.id}" for s in parsed.scopes],
                                        str(registry_path)))
        for path in pack_files(folder):
            pack, digest = parse_cached(path, "pack")
            assert isinstance(pack, Pack)
            if pack.overrides is not None:
                entries = _override(entries, pack, pack.overrides, path, digest, seen)
                continue
            if position and seen.get(pack.id, folder).parent == folders[0]:
                copied_packs.append(pack.id)
            seen.setdefault(pack.id, path)
            entries.append(PackFile(pack=pack, path=path, sha256=digest))
        if len(copied_packs) + len(copied_authorities) >= COPY_MIN:
            raise PackError(copied_builtins(folder, copied_packs,
                                            copied_authorities).with_fix() + ".")
    if registry is None:
        raise PackError(f"{folders[0]}: no {REGISTRY_FILE}; the authority registry is missing.")
    problems = registry_problems(registry, origin)
    problems += pack_problems([(entry.path, entry.pack) for entry in entries], registry)
    for entry in entries:
        if entry.replaced is not None and entry.replaced_path is not None:
            problems += override_problems(entry.path, entry.pack, entry.replaced_path,
                                          entry.replaced)
    if problems:
        raise PackError(_refusal(problems, folders[0]))
    return Library(packs=entries, registry=registry,
                   registry_sha256=hashlib.sha256("".join(registry_hashes).encode()).hexdigest(),
                   vocabulary=Vocabulary(load_questions()))


def _refusal(problems: list[Problem], bundled: Path) -> str:
    """The first problem with its fix, and how to see the rest."""
    first = problems[0]
    lines = [f"{first.with_fix()}."]
    if len(problems) > 1:
        folder = Path(first.file).parent
        lint = ("procure packs lint" if folder == bundled
                else f"procure packs lint {shlex.quote(str(folder))}")
        more = len(problems) - 1
        lines.append(f"{folder}: {more} more problem{'s' if more != 1 else ''}; `{lint}` lists "
                     "them all.")
    return "\n".join(lines)
