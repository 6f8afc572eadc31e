"""`docs/answers.md`: the answers file's reference, generated from the model and the questions.

In: the answers schema (generated from the `Answers` model, so every key the model has is here,
with its type, limits and default) and the interview's questions (each key's title, question,
help, the label of every value and when it is asked). Out: Markdown text. A key without a
question (one the interview does not ask) is described from the model alone.
"""

from __future__ import annotations

from typing import Any

from ..model.answers import ANSWERS_SCHEMA
from ..model.conditions import describe_condition
from ..model.questions import Question, load_questions, schema_default
from ..model.schemas import json_schema

INTRO = f"""\
# The answers file (`{ANSWERS_SCHEMA}`)

An answers file describes one purchase: who buys, with what money, what equipment and which
plans. `procure interview` asks the questions and writes one; the files in `examples/` are
answers files for eight kinds of buyer. It is YAML (or JSON), one key per line:

```yaml
# yaml-language-server: $schema=/path/to/procure/schemas/answers.schema.json
schema: {ANSWERS_SCHEMA}
organization: City of Example, Department of Technology
project: Metro optical refresh (400ZR)
sector: state_local
federal_status: grantee
funding: [bead, private]
equipment: [optical_transport, ip_routing]
```

Every key below may appear once. A key that is not listed, a value that is not one of a key's
values, or a required key left out is an error (exit 2) that names the file, the key and the
valid choices. Keys left out take their default.

Commands that read an answers file:

| command | what it does with it |
|---|---|
| `procure generate ANSWERS` | writes the checklist and the response matrix |
| `procure explain ANSWERS [ID]` | says why each pack and requirement is in or out |
| `procure diff OLD NEW` | lists the requirements two answers files (or dates) change |
| `procure interview --answers FILE` | revises the answers, each question showing its value |
| `procure schema answers` | prints the JSON Schema below keys are checked against |

Editors that read JSON Schema (VS Code, JetBrains IDEs, Neovim and others through
yaml-language-server) complete keys and values, show each key's help and flag mistakes while you
type: the interview writes the `# yaml-language-server: $schema=…` line that points at the
schema shipped with procure (`procure schema --path answers` prints where it is), and
`procure schema answers > answers.schema.json` makes a copy to point at instead.

This page is generated from the answers model and the interview's questions
(`requirement_packs/questions.yaml`); `procure reference` rewrites it.
"""


def _type_text(entry: dict[str, Any], definitions: dict[str, Any]) -> str:
    """What kind of value a key takes, in words, from its JSON Schema."""
    if "$ref" in entry:
        name = entry["$ref"].rsplit("/", 1)[-1]
        return _type_text(definitions[name], definitions)
    if "anyOf" in entry:
        kinds = [_type_text(option, definitions) for option in entry["anyOf"]
                 if option.get("type") != "null"]
        nullable = any(option.get("type") == "null" for option in entry["anyOf"])
        return " or ".join(kinds) + ("; may be left empty" if nullable else "")
    if "const" in entry:
        return f"`{entry['const']}`"
    if "enum" in entry:
        return "one of the values below"
    kind = entry.get("type")
    if kind == "array":
        items = entry.get("items", {})
        if "enum" in items:
            return "a list of the values below"
        return f"a list, each {_type_text(items, definitions)}"
    if kind == "object":
        if "properties" in entry:
            return "a mapping with the keys " + ", ".join(f"`{key}`"
                                                         for key in entry["properties"])
        values = entry.get("additionalProperties")
        if isinstance(values, dict) and values:
            return f"a mapping from names to {_type_text(values, definitions)}"
        return "a mapping"
    words = {"string": "text", "boolean": "`true` or `false`", "integer": "a whole number",
             "number": "a number"}.get(str(kind), str(kind))
    if entry.get("format") == "date":
        words = "a date (YYYY-MM-DD)"
    limits = []
    for keyword, phrase in (("minimum", "at least"), ("maximum", "at most"),
                            ("exclusiveMinimum", "more than"), ("maxLength", "at most")):
        if keyword in entry:
            unit = " characters" if keyword == "maxLength" else ""
            value = entry[keyword]
            shown = f"{value:,}" if value >= 10_000 else str(value)  # years read as 2027
            limits.append(f"{phrase} {shown}{unit}")
    return words + (f", {', '.join(limits)}" if limits else "")


def _default_text(value: Any) -> str:
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, list):
        return "`[]` (none)" if not value else f"`[{', '.join(map(str, value))}]`"
    if isinstance(value, dict):
        return "`{}` (none)" if not value else f"`{value}`"
    return f"`{value}`"


def _values(entry: dict[str, Any], question: Question | None) -> list[str]:
    target = entry.get("items", entry)
    values = target.get("enum")
    if not values:
        return []
    labels = {choice.value: choice.label for choice in question.choices} if question else {}
    offered = {choice.value: choice.when for choice in question.choices} if question else {}
    lines = ["", "| value | meaning | offered when |", "|---|---|---|"]
    for value in values:
        when = offered.get(value)
        lines.append(f"| `{value}` | {labels.get(value, '')} | "
                     f"{describe_condition(when) if when is not None else 'always'} |")
    return lines


def _key_section(key: str, entry: dict[str, Any], required: bool, question: Question | None,
                 definitions: dict[str, Any]) -> list[str]:
    title = question.title if question else entry.get("title", key)
    lines = ["", f"### `{key}`: {title}", ""]
    if question:
        lines += [f"*{question.prompt}* {question.help}", ""]
    elif entry.get("description"):
        lines += [str(entry["description"]), ""]
    lines.append(f"- Value: {_type_text(entry, definitions)}.")
    if required:
        lines.append("- Required.")
    else:
        lines.append(f"- Default when left out: {_default_text(schema_default(key))}.")
    if question is None:
        lines.append("- Not asked by the interview; write it in the file.")
    elif question.when is not None:
        lines.append(f"- Asked when {describe_condition(question.when)}; otherwise it keeps its "
                     "default.")
    else:
        lines.append("- Always asked.")
    return lines + _values(entry, question)


def answers_markdown() -> str:
    """The whole page."""
    schema = json_schema("answers")
    definitions = schema.get("definitions", {})
    required = set(schema.get("required", []))
    questions = {question.id: question for question in load_questions()}
    lines = [INTRO.rstrip("\n"), "", "## Keys", "",
             "In the order the interview asks them and saves them."]
    for key, entry in schema["properties"].items():
        if key == "schema":
            lines += ["", "### `schema`", "", f"Always `{ANSWERS_SCHEMA}`, the format of the "
                      "file; a newer procure may write a newer one.", "", "- Required."]
            continue
        lines += _key_section(key, entry, key in required, questions.get(key), definitions)
    return "\n".join(lines) + "\n"
