"""`docs/commands.md`: every command's help, as the terminal shows it.

In: the command-line's command tree (the click commands typer builds; the CLI passes its own,
so this module never imports the CLI). Out: Markdown text with each visible command's
`--help` at a fixed width, in the order `procure --help` lists them.
"""

from __future__ import annotations

from typing import Any

WIDTH = 100
INTRO = """\
# Commands

Every command's `--help`, as `procure COMMAND --help` prints it. Exit codes: 0 done,
1 internal fault (a bug: run again with `--debug` and report it), 2 bad input or usage (the
message names the file, the key and the fix), 130 interrupted.

This page is generated from the command line itself; `procure reference` rewrites it.
"""


def _help(command: Any, context: Any) -> list[str]:
    lines = [line.rstrip() for line in command.get_help(context).splitlines()]
    return ["", f"## `{context.command_path}`", "", "```text", *lines, "```"]


def commands_markdown(root: Any, name: str = "procure") -> str:
    """The page for the command tree `root` (a click group)."""
    from typer import Context

    lines = [INTRO.rstrip("\n")]
    settings = {**getattr(root, "context_settings", {}), "terminal_width": WIDTH,
                "max_content_width": WIDTH}

    def visit(command: Any, context: Any) -> None:
        lines.extend(_help(command, context))
        if not hasattr(command, "list_commands"):
            return
        for sub_name in command.list_commands(context):
            sub = command.get_command(context, sub_name)
            if sub is None or sub.hidden:
                continue
            visit(sub, Context(sub, info_name=sub_name, parent=context, **settings))

    visit(root, Context(root, info_name=name, **settings))
    return "\n".join(lines) + "\n"
