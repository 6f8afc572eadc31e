"""Requirement packs: the models and loading them from folders.

In: the bundled `requirement_packs/` folder and, optionally, an organisation's own folder of
`*.yaml` packs (and an `authorities.yaml` that extends the registry). Out: a `Library` of packs
and the registry, validated, with every problem reported as `file: location: message`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import PackError
from ..support.gcpause import paused_gc
from ..support.reading import parse_document, read_text
from .conditions import Condition
from .packcache import cached_model
from .registry import REGISTRY_SCHEMA, Registry

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


class Citation(BaseModel):
    """An authority a requirement rests on, with the pinpoint (clause, section, paragraph)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    pinpoint: str = Field(min_length=1)


class Requirement(BaseModel):
    """One requirement: what the vendor must do or show, why, and on what authority."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*-[0-9]{3}[a-z]?$")
    title: str = Field(min_length=3, max_length=160)
    text: str = Field(min_length=20)
    level: Level | LevelSpec
    evidence: list[str] = Field(min_length=1)
    authorities: list[Citation] = Field(min_length=1)
    when: Condition | None = None
    counsel: str | None = None
    effective_from: dt.date | None = None

    @field_validator("evidence")
    @classmethod
    def _evidence_not_blank(cls, evidence: list[str]) -> list[str]:
        if any(len(item.strip()) < 3 for item in evidence):
            raise ValueError("every evidence item must say what the vendor supplies")
        return evidence


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
    requirements: list[Requirement] = Field(min_length=1)


class PackFile(BaseModel):
    """A pack with the file it came from and that file's content hash."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    pack: Pack
    path: Path
    sha256: str


class Library(BaseModel):
    """Every pack (in a stable order) and the registry they cite."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    packs: list[PackFile]
    registry: Registry
    registry_sha256: str

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


def format_model_error(error: ValidationError, source: str, limit: int = 8) -> list[str]:
    """`file: location: message` lines, the location readable (requirements[3].level)."""
    lines = []
    for item in error.errors()[:limit]:
        where = ""
        for part in item["loc"]:
            if isinstance(part, int):
                where += f"[{part}]"
            elif part not in ("all", "any", "not", "compare") or not where:
                where += f".{part}" if where else str(part)
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
        lines.append(f"{source}: … and {extra} more problems")
    return lines


_PARSED: dict[tuple[str, str], Pack | Registry] = {}


def parse_cached(path: Path, kind: Literal["pack", "registry"]) -> tuple[Pack | Registry, str]:
    """Parse a pack or registry file, reusing the result for identical file content."""
    text = read_text(path, "pack" if kind == "pack" else "authority registry", MAX_PACK_BYTES)
    digest = hashlib.sha256(text.encode()).hexdigest()
    cached = _PARSED.get((kind, digest))
    if cached is not None:
        return cached, digest
    parsed = cached_model(kind, digest, lambda: parse_document(text, str(path), kind),
                          lambda data: validated(data, path, kind))
    _PARSED[(kind, digest)] = parsed
    return parsed, digest


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
        raise PackError("\n".join(format_model_error(exc, str(path)))) from None


def pack_files(folder: Path) -> list[Path]:
    """The pack files of a folder, in name order."""
    return sorted(path for path in folder.glob("*.yaml")
                  if path.name not in NOT_PACKS and not path.name.startswith("."))


def _check_citations(entries: list[PackFile], registry: Registry) -> None:
    """Refuse a pack that cites an authority the registry does not have."""
    known = registry.by_id()
    for entry in entries:
        for index, requirement in enumerate(entry.pack.requirements):
            for number, cite in enumerate(requirement.authorities):
                if cite.id not in known:
                    raise PackError(
                        f"{entry.path}: requirements[{index}] ({requirement.id}).authorities"
                        f"[{number}]: unknown authority '{cite.id}'; add it to "
                        f"{REGISTRY_FILE} or correct the id (`procure packs lint` lists all).")


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


@paused_gc()
def load_folders(folders: list[Path]) -> Library:
    """Load packs and registries from folders in order; ids must be unique across them."""
    registry: Registry | None = None
    registry_hashes: list[str] = []
    entries: list[PackFile] = []
    seen: dict[str, Path] = {}
    for folder in folders:
        registry_path = folder / REGISTRY_FILE
        if registry_path.exists():
            parsed, digest = parse_cached(registry_path, "registry")
            assert isinstance(parsed, Registry)
            registry_hashes.append(digest)
            try:
                registry = parsed if registry is None else registry.merged(parsed)
            except ValidationError as exc:
                raise PackError("\n".join(format_model_error(exc, str(registry_path)))) from None
        for path in pack_files(folder):
            pack, digest = parse_cached(path, "pack")
            assert isinstance(pack, Pack)
            if pack.id in seen:
                raise PackError(f"{path}: id: pack '{pack.id}' is already defined in "
                                f"{seen[pack.id]}; give the pack its own id.")
            seen[pack.id] = path
            entries.append(PackFile(pack=pack, path=path, sha256=digest))
    if registry is None:
        raise PackError(f"{folders[0]}: no {REGISTRY_FILE}; the authority registry is missing.")
    _check_citations(entries, registry)
    return Library(packs=entries, registry=registry,
                   registry_sha256=hashlib.sha256("".join(registry_hashes).encode()).hexdigest())
