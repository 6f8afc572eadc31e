"""The interview's questions as data: the model, the loader, and reading typed answers.

In: `requirement_packs/questions.yaml` (schema `procure/questions@1`). Out: a list of `Question`s,
checked against the answers schema (one question per key, choices equal to the key's values, every
`when` reading keys asked earlier), and the functions that turn what a buyer types into a value
(amounts such as "$2M" or "750k", dates, years) or into a message saying what is expected.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from ..errors import PackError
from ..support import characters
from ..support.bundled import bundled
from ..support.reading import parse_document, read_text
from .answers import ANSWER_KEYS, STRUCTURED_KEYS, Answers, choices_of
from .conditions import Comparison, Condition, Facts, Wording, describe, keys_of
from .values import date_problem

QUESTIONS_SCHEMA = "procure/questions@1"
QuestionType = Literal["text", "select", "checkbox", "yes_no", "amount", "date", "year"]
CHOICE_TYPES = ("select", "checkbox")
TYPED_TEXT = ("text", "amount", "date", "year")

AMOUNT_EXAMPLE = "for example 2,000,000, $2M, 2.5m or 750k"
DATE_EXAMPLE = "for example 2027-03-31"
_AMOUNT = re.compile(
    r"^\$?\s*(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?\s*"
    r"(?P<unit>k|thousand|m|mm|mn|million|b|bn|billion)?\s*(?:usd|dollars)?$",
    re.IGNORECASE,
)
_UNITS = {"k": 10**3, "thousand": 10**3, "m": 10**6, "mm": 10**6, "mn": 10**6,
          "million": 10**6, "b": 10**9, "bn": 10**9, "billion": 10**9}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Choice(BaseModel):
    """One value of a select or checkbox question, its readable label, and when it is offered.

    `name` is the value in a list or a table ("optical transport"); `says` states it as a fact
    in a sentence ("the buyer is a federal agency"). Both default to the label's short part.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    value: str
    label: str = Field(min_length=1, max_length=100)
    name: str | None = Field(default=None, min_length=1, max_length=60)
    says: str | None = Field(default=None, min_length=3, max_length=120)
    when: Condition | None = None

    @property
    def short(self) -> str:
        return self.name or short_label(self.label)


class Validation(BaseModel):
    """What an answer must satisfy beyond its type."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    required: bool = True
    min: int | None = None
    max: int | None = None
    max_length: int | None = Field(default=None, ge=1)
    min_selected: int = Field(default=0, ge=0)


class Question(BaseModel):
    """One question: the answers key it fills, what it asks, and when it is asked."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str = Field(min_length=1, max_length=40)
    prompt: str = Field(min_length=1, max_length=120)
    help: str = Field(min_length=1, max_length=160)
    type: QuestionType
    choices: list[Choice] = Field(default_factory=list)
    default: Any = None
    when: Condition | None = None
    validation: Validation = Field(default_factory=Validation)
    term: str | None = Field(default=None, min_length=3, max_length=60, description="the answer "
                             "as a noun phrase in a sentence: 'the estimated value'")
    says_yes: str | None = Field(default=None, min_length=3, max_length=120)
    says_no: str | None = Field(default=None, min_length=3, max_length=120)

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if "\n" in self.help or "\n" in self.prompt:
            raise ValueError("prompt and help are one line each")
        if (self.type in CHOICE_TYPES) != bool(self.choices):
            need = "needs" if self.type in CHOICE_TYPES else "takes no"
            raise ValueError(f"a {self.type} question {need} choices")
        values = [choice.value for choice in self.choices]
        if len(set(values)) != len(values):
            raise ValueError("choice values must be unique")
        wanted = self.default if isinstance(self.default, list) else [self.default]
        if self.choices and self.default is not None and not set(wanted) <= set(values):
            raise ValueError(f"default {self.default!r} is not among the choices")
        if (self.says_yes or self.says_no) and self.type != "yes_no":
            raise ValueError("says_yes and says_no belong to yes_no questions")
        return self

    def conditions(self) -> list[Condition | None]:
        """The question's own `when` and its choices' `when`s."""
        return [self.when, *(choice.when for choice in self.choices)]


class QuestionSet(BaseModel):
    """The whole questions file."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    schema_: Literal["procure/questions@1"] = Field(alias="schema")
    questions: list[Question] = Field(min_length=1)


def questions_path() -> Path:
    return bundled("requirement_packs") / "questions.yaml"


def load_questions(path: Path | None = None) -> list[Question]:
    """Read, validate and check the questions file (the bundled one by default)."""
    path = path or questions_path()
    data = parse_document(read_text(path, "questions file"), str(path), "questions file")
    try:
        questions = QuestionSet.model_validate(data).questions
    except ValidationError as exc:
        lines = [f"{path}: {'.'.join(str(part) for part in item['loc'])}: "
                 f"{item['msg'].removeprefix('Value error, ')}" for item in exc.errors()]
        raise PackError("\n".join(lines[:6])) from None
    problems = check_questions(questions)
    if problems:
        raise PackError("\n".join(f"{path}: {problem}" for problem in problems[:6]))
    return questions


def check_questions(questions: list[Question]) -> list[str]:
    """Problems between the questions and the answers schema, in the order found."""
    problems: list[str] = []
    keys = [key for key in ANSWER_KEYS if key != "schema" and key not in STRUCTURED_KEYS]
    ids = [question.id for question in questions]
    for key in keys:
        if ids.count(key) != 1:
            problems.append(f"answers key '{key}' has {ids.count(key)} questions; it needs one.")
    asked: set[str] = set()
    for question in questions:
        if question.id not in keys:
            problems.append(f"{question.id}: is not an answers key; valid keys: {', '.join(keys)}.")
            continue
        problems.extend(_type_problems(question))
        if question.default is not None and not _valid_value(question.id, question.default):
            problems.append(f"{question.id}: default {question.default!r} is not a valid "
                            f"value of {question.id}.")
        for key in sorted(keys_of(question.conditions())):
            if key not in keys:
                problems.append(f"{question.id}: when reads '{key}', which is not an answers key.")
            elif key not in asked:
                problems.append(f"{question.id}: when reads '{key}', which is asked later; "
                                "move the question after it.")
        for condition in question.conditions():
            problems.extend(_operand_problems(question.id, condition))
        if question.when is not None and Answers.model_fields[question.id].is_required():
            problems.append(f"{question.id}: has a when, but the answers schema has no default "
                            "for it; a skipped question needs one.")
        asked.add(question.id)
    return problems


_FIELD_TYPES: dict[str, tuple[str, ...]] = {
    "organization": ("text",), "project": ("text",), "contract_value_usd": ("amount",),
    "award_date": ("date",), "delivery_year": ("year",), "solicitation": ("text",),
    "attachment": ("text",),
}


def _type_problems(question: Question) -> list[str]:
    valid = choices_of(question.id)
    is_list = get_origin(Answers.model_fields[question.id].annotation) is list
    if valid:
        expected: tuple[str, ...] = ("checkbox",) if is_list else ("select",)
    else:
        expected = _FIELD_TYPES.get(question.id, ("yes_no",))
    problems = []
    if question.type not in expected:
        problems.append(f"{question.id}: type {question.type}; the answers schema needs "
                        f"{' or '.join(expected)}.")
    values = tuple(choice.value for choice in question.choices)
    if valid and sorted(values) != sorted(valid):
        problems.append(f"{question.id}: choices {', '.join(values)}; the answers schema has "
                        f"{', '.join(valid)}.")
    return problems


def _valid_value(key: str, value: Any) -> bool:
    try:
        annotation: Any = Answers.model_fields[key].annotation
        TypeAdapter(annotation).validate_python(value, strict=True)
    except ValidationError:
        return False
    return True


def _operand_problems(question_id: str, condition: Condition | None) -> list[str]:
    if condition is None:
        return []
    problems = []
    for comparison in condition.comparisons():
        valid = choices_of(comparison.key)
        for value in _operand_values(comparison):
            if valid and value not in valid:
                problems.append(f"{question_id}: when compares {comparison.key} with '{value}', "
                                f"which is not one of {', '.join(valid)}.")
    return problems


def _operand_values(comparison: Comparison) -> list[Any]:
    operand = comparison.operand
    if comparison.operator == "is_set":
        return []
    return list(operand) if isinstance(operand, list) else [operand]


def is_asked(question: Question, values: dict[str, Any]) -> bool:
    return question.when is None or question.when.evaluate(Facts(values)).ok


def offered(question: Question, values: dict[str, Any]) -> list[Choice]:
    """The choices offered given the answers so far."""
    return [choice for choice in question.choices
            if choice.when is None or choice.when.evaluate(Facts(values)).ok]


def schema_default(key: str) -> Any:
    """The value the answers schema gives a key that was not asked."""
    field = Answers.model_fields[key]
    return field.get_default(call_default_factory=True)


def parse_amount(text: str) -> float:
    """`2,000,000`, `$2M`, `2.5m`, `750k`, `$1,250,000.00` → dollars, or ValueError."""
    cleaned = text.strip()
    if cleaned.startswith(("-", "$-", "−")):
        raise ValueError(f"An amount cannot be negative; write a positive amount in US dollars, "
                         f"{AMOUNT_EXAMPLE}.")
    found = _AMOUNT.match(cleaned)
    if not found:
        raise ValueError(f"'{cleaned}' is not an amount; write US dollars, {AMOUNT_EXAMPLE}.")
    number = Decimal(found["number"].replace(",", "") + (found["fraction"] or ""))
    unit = (found["unit"] or "").lower()
    return float(number * _UNITS.get(unit, 1))


def parse_date(text: str) -> dt.date:
    cleaned = text.strip()
    if not _DATE.match(cleaned):
        raise ValueError(f"'{cleaned}' is not a date; write YYYY-MM-DD, {DATE_EXAMPLE}.")
    try:
        day = dt.date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"{cleaned} is not a day of the calendar; write YYYY-MM-DD, "
                         f"{DATE_EXAMPLE}.") from None
    outside = date_problem(day)
    if outside:
        raise ValueError(f"{outside[0].upper()}{outside[1:]}.")
    return day


def parse_year(text: str, validation: Validation) -> int:
    cleaned = text.strip()
    low, high = validation.min or 1, validation.max or 9999
    if not re.fullmatch(r"\d{4}", cleaned) or not low <= int(cleaned) <= high:
        raise ValueError(f"'{cleaned}' is not a year; write four digits between {low} and {high}, "
                         "for example 2027.")
    return int(cleaned)


def parse_text(question: Question, text: str) -> Any:
    """The value of a typed answer (None when an optional answer is left empty)."""
    cleaned = text.strip()
    if not cleaned:
        if question.validation.required:
            raise ValueError("An answer is needed here; type at least one character.")
        return None
    if question.type == "amount":
        return parse_amount(cleaned)
    if question.type == "date":
        return parse_date(cleaned)
    if question.type == "year":
        return parse_year(cleaned, question.validation)
    hidden = characters.first_hidden(cleaned)
    if hidden:
        raise ValueError(f"The text {characters.problem(hidden)}.")
    if _CONTROL.search(cleaned):
        raise ValueError("Use plain text on one line, without control characters.")
    limit = question.validation.max_length
    if limit is not None and len(cleaned) > limit:
        raise ValueError(f"Keep it to {limit} characters or fewer (this is {len(cleaned)}).")
    return cleaned


def problem_with(question: Question, text: str) -> str | None:
    """The message to show for typed text that is not a valid answer, or None if it is."""
    try:
        parse_text(question, text)
    except ValueError as exc:
        return str(exc)
    return None


def as_text(question: Question, value: Any) -> str:
    """A value as it is pre-filled in a text prompt (parse_text reads it back unchanged)."""
    if value is None:
        return ""
    if question.type == "amount":
        amount = float(value)
        return f"{amount:,.0f}" if amount.is_integer() else f"{amount:,.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def describe_answer(question: Question, value: Any) -> str:
    """A value as the review screen and the buyer profile show it."""
    labels = {choice.value: short_label(choice.label) for choice in question.choices}
    if question.type == "checkbox":
        return "; ".join(labels.get(item, str(item)) for item in value) if value else "none"
    if question.type == "select":
        return "not given" if value is None else labels.get(value, str(value))
    if question.type == "yes_no":
        return "Yes" if value else "No"
    if value is None:
        return "not given"
    if question.type == "amount":
        return "$" + as_text(question, value)
    return as_text(question, value)


def short_label(label: str) -> str:
    """The part of a label before its details: "Defense: DoD, ..." → "Defense"."""
    return re.split(r": | \(", label, maxsplit=1)[0]


class Vocabulary(Wording):
    """Reasons in the buyer's words, from the question data (labels are written once, there).

    "federal_status is agency" becomes "the buyer is a federal agency"; "contract_value_usd
    9,000 ≤ …" becomes "the estimated value $9,000 ≤ …".
    """

    def __init__(self, questions: list[Question]) -> None:
        self.questions = {question.id: question for question in questions}
        self.choices = {question.id: {choice.value: choice for choice in question.choices}
                        for question in questions}

    def __eq__(self, other: object) -> bool:
        """Two vocabularies are equal when they come from the same questions."""
        return isinstance(other, Vocabulary) and self.questions == other.questions

    def __hash__(self) -> int:
        return hash(tuple(self.questions))

    def title(self, key: str) -> str:
        """The answer's title, as a table or a review screen labels it."""
        question = self.questions.get(key)
        return question.title if question else key.replace("_", " ").capitalize()

    def term(self, key: str) -> str:
        if key == "as_of":
            return "the document date"
        question = self.questions.get(key)
        if question is not None and question.term:
            return question.term
        return f"the {self.title(key).lower()}" if question else key.replace("_", " ")

    def value(self, key: str, value: Any) -> str:
        if isinstance(value, (list, tuple)):
            if not value:
                return "none"
            names = [self.value(key, item) for item in value]
            return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        choice = self.choices.get(key, {}).get(value) if isinstance(value, str) else None
        if choice is not None:
            return choice.short
        return self.amount(key, value)

    def fact(self, key: str, value: Any) -> str:
        question = self.questions.get(key)
        if isinstance(value, bool) and question is not None:
            said = question.says_yes if value else question.says_no
            if said:
                return said
        choice = self.choices.get(key, {}).get(value) if isinstance(value, str) else None
        if choice is not None and choice.says:
            return choice.says
        return f"{self.term(key)} is {self.value(key, value)}"

    def mismatch(self, key: str, actual: Any, wanted: Sequence[Any]) -> str:
        return self.fact(key, actual)

    def lacks(self, key: str, items: Sequence[Any], every: bool) -> str:
        names = [self.value(key, item) for item in items]
        if len(names) == 1:
            return f"{self.term(key)} does not include {names[0]}"
        joined = f"{', '.join(names[:-1])} {'or' if every else 'and'} {names[-1]}"
        verb = "includes none of" if every else "does not include"
        return f"{self.term(key)} {verb} {joined}"

    def rule(self, key: str, operator: str, operand: Any) -> str:
        """A rule in the buyer's words: "the equipment bought includes optical transport"."""
        values = list(operand) if isinstance(operand, (list, tuple)) else [operand]
        if operator in ("eq", "in"):
            return " or ".join(self.fact(key, value) for value in values)
        if operator in ("contains", "contains_any", "contains_all"):
            names = [self.value(key, value) for value in values]
            joiner = " and " if operator == "contains_all" else " or "
            listed = names[0] if len(names) == 1 else (
                f"{', '.join(names[:-1])}{joiner}{names[-1]}")
            return f"{self.term(key)} includes {listed}"
        if operator in ("ne", "not_in"):
            names = [self.value(key, value) for value in values]
            listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
            return f"{self.term(key)} is not {listed}"
        return super().rule(key, operator, operand)

    def amount(self, key: str, value: Any) -> str:
        question = self.questions.get(key)
        if question is not None and question.type == "amount" and isinstance(value, (int, float)):
            return "$" + describe(value, "_usd")
        return describe(value, key)

    def asked(self, key: str, values: dict[str, Any]) -> bool:
        """Whether the interview asks this key of a buyer with these answers."""
        question = self.questions.get(key)
        return question is not None and is_asked(question, values)

    def answer(self, key: str, value: Any) -> str:
        """A value as the buyer profile shows it ("not given" when empty)."""
        question = self.questions.get(key)
        if question is None:
            return "not given" if value is None else describe(value, key)
        return describe_answer(question, value)
