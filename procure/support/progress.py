"""Progress on the terminal while a long render runs.

In: the phrases a renderer reports as it moves on ("checklist.pdf: laying out pages"). Out: one
transient line on stderr with a spinner, the phrase and the elapsed time, gone when the job ends
so that only the list of written files stays on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def pdf_progress() -> Iterator[Callable[[str], None]]:
    """Show a spinner for the block; yields the function that updates its phrase."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("reading answers and packs", total=None)

        def on_stage(stage: str) -> None:
            progress.update(task, description=stage)

        yield on_stage
