"""JSON Schemas of procure's file formats, generated from the models.

In: the pydantic models of an answers file (`Answers`), a requirement pack (`Pack`) and the
authority registry (`Registry`), and the interview's questions (their titles, prompts, help and
choice labels describe the answers keys). Out: one JSON Schema (draft 7, which editors' YAML
support reads) per format, as data or as the text of the files shipped in the package
(`schemas/<kind>.schema.json`), and where those files are. Nothing here is written by hand:
a change to a model changes its schema, and a test fails until the shipped files are
regenerated (`python -m procure.render.reference`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from ..support.bundled import bundled
from .answers import ANSWERS_SCHEMA, Answers
from .packs import PACK_SCHEMA, Pack
from .registry import REGISTRY_SCHEMA, Registry

DRAFT = "http://json-schema.org/draft-07/schema#"
KINDS: dict[str, tuple[type[BaseModel], str, str]] = {
    "answers": (Answers, ANSWERS_SCHEMA, "A buyer's answers: the situation the checklist is "
                                         "made for (`procure interview` writes one)."),
    "pack": (Pack, PACK_SCHEMA, "A requirement pack: when it applies and its requirements, "
                                "each citing the authority registry."),
    "registry": (Registry, REGISTRY_SCHEMA, "The authority registry: every law, rule, clause "
                                            "or standard the packs cite, with its status "
                                            "timeline, and the thresholds."),
}


class _InputsOnly(GenerateJsonSchema):
    """Leave out fields that are never read from a file (derived at validation)."""

    def field_is_present(self, field: core_schema.ModelField | core_schema.DataclassField
                         | core_schema.TypedDictField | core_schema.ComputedField) -> bool:
        if field.get("serialization_exclude"):
            return False
        return super().field_is_present(field)


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


def schema_path(kind: str) -> Path:
    """Where the shipped schema of `kind` is (in the installed package or the checkout)."""
    return bundled("schemas") / schema_file(kind)


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of `kind` (answers, pack or registry), from its model."""
    model, version, description = KINDS[kind]
    generated = model.model_json_schema(ref_template="#/definitions/{model}",
                                        schema_generator=_InputsOnly)
    definitions = generated.pop("$defs", None)
    generated.pop("title", None)
    generated.pop("description", None)
    schema: dict[str, Any] = {"$schema": DRAFT, "title": f"procure {kind} file ({version})",
                              "description": description, **generated}
    if kind == "answers":
        _describe_answers(schema)
    if definitions:
        schema["definitions"] = definitions
    return schema


def _describe_answers(schema: dict[str, Any]) -> None:
    """Each answers key's title, prompt, help and choice labels, from the interview's questions."""
    from .questions import load_questions

    properties = schema["properties"]
    properties["schema"]["description"] = "The format of this file; always " \
                                          f"{ANSWERS_SCHEMA}."
    for question in load_questions():
        entry = properties.get(question.id)
        if entry is None:
            continue
        entry["title"] = question.title
        entry["description"] = f"{question.prompt} {question.help}"
        if question.choices:
            target = entry.get("items", entry)
            labels = {choice.value: choice.label for choice in question.choices}
            if "enum" in target:
                target["enumDescriptions"] = [labels.get(value, "") for value in target["enum"]]


def schema_text(kind: str) -> str:
    """The schema as the shipped file holds it: indented JSON, keys in model order."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
