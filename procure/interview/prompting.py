"""The one place that talks to questionary.

In: a `Prompt` (the question, the lines under it, the choices, the default, a check) and,
optionally, prompt_toolkit input and output (a test's pipe; otherwise the terminal).
Out: the answer (text, a choice's value, a list of values, or yes/no). What is shown passes
through the terminal sanitiser (a file name or a value may hold any character). Ctrl-C raises
KeyboardInterrupt (questionary's `.ask()` would swallow it and return None, so it is not used).
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..support.terminal import for_terminal

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

NOTE_WIDTH = 116
PromptKind = Literal["text", "select", "checkbox", "confirm"]
SELECT_KEYS = "(↑↓ to move, Enter to choose)"
CHECKBOX_KEYS = "(↑↓ to move, space to tick, Enter when done)"
STYLE = [
    ("qmark", "fg:ansicyan bold"),
    ("question", "nobold"),
    ("answer", "fg:ansigreen bold"),
    ("instruction", "fg:ansibrightblack"),
    ("pointer", "fg:ansicyan bold"),
    ("highlighted", "fg:ansicyan bold"),
    ("selected", "fg:ansigreen"),
    ("validation-toolbar", "fg:ansired bold"),
]


@dataclass(frozen=True)
class Prompt:
    """What to ask: the question, lines under it (help, progress), and how to answer."""

    kind: PromptKind
    question: str
    notes: tuple[str, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()
    default: Any = None
    check: Callable[[Any], str | None] | None = field(default=None, compare=False)


def ask_terminal(prompt: Prompt, input: Input | None = None,
                 output: Output | None = None) -> Any:
    """Ask one question and return the answer; the only function that calls questionary."""
    import questionary

    columns = (output.get_size() if output is not None else shutil.get_terminal_size()).columns
    notes = tuple(for_terminal(note) for note in prompt.notes)
    message = under_question(notes, max(40, min(columns - 4, NOTE_WIDTH)))
    common: dict[str, Any] = {
        "qmark": f"\n? {for_terminal(prompt.question)}",
        "style": questionary.Style(STYLE),
        "input": input,
        "output": output,
    }
    check = prompt.check

    def validate(answer: Any) -> bool | str:
        problem = check(answer) if check is not None else None
        return True if problem is None else problem

    if prompt.kind == "text":
        question = questionary.text(message, default=prompt.default or "", validate=validate,
                                    **common)
    elif prompt.kind == "confirm":
        question = questionary.confirm(message, default=bool(prompt.default), **common)
    elif prompt.kind == "select":
        choices = [questionary.Choice(for_terminal(label), value)
                   for value, label in prompt.choices]
        question = questionary.select(message, choices=choices, default=prompt.default,
                                      instruction=SELECT_KEYS, **common)
    else:
        ticked = set(prompt.default or ())
        choices = [questionary.Choice(for_terminal(label), value, checked=value in ticked)
                   for value, label in prompt.choices]
        question = questionary.checkbox(message, choices=choices, validate=validate,
                                        instruction=CHECKBOX_KEYS, **common)
    return question.unsafe_ask()


def under_question(notes: tuple[str, ...], width: int) -> str:
    """The lines under the question: the notes, wrapped; the answer follows the last one."""
    lines = [part for note in notes for part in textwrap.wrap(note, width)]
    if not lines:
        return ""
    last = lines.pop()
    return "".join(f"\n  {line}" for line in lines) + f"\n  {last} ›"
