"""The template sandbox: model fields read quickly, everything else checked as Jinja checks it."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError

from procure.render.templating import environment


def render(tmp_path: Path, source: str, **context: object) -> str:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "t.md.j2").write_text(source)
    try:
        return environment(folder).get_template("t.md.j2").render(**context)
    finally:
        environment.cache_clear()


def test_a_template_reads_the_fields_of_the_checklist(checklist_of, tmp_path: Path) -> None:
    checklist = checklist_of("enterprise-sdwan")
    text = render(tmp_path, "{{ c.as_of }} {{ c.requirements[0].id }} "
                            "{{ c.requirements[0].authorities[0].citation | md }}", c=checklist)
    first = checklist.requirements[0]
    assert text == f"2026-11-22 {first.id} {first.authorities[0].citation}"


@pytest.mark.parametrize("source", [
    "{{ c.__class__ }}",
    "{{ c.requirements.__class__.__mro__ }}",
    "{{ c.requirements.append(1) }}",
    "{{ c.answers.update({'x': 1}) }}",
    "{{ c.requirements[0].evidence.pop() }}",
    "{{ c.__dict__ }}",
])
def test_the_sandbox_still_refuses_what_is_not_data(checklist_of, tmp_path: Path,
                                                    source: str) -> None:
    checklist = checklist_of("enterprise-sdwan")
    with pytest.raises(SecurityError):
        render(tmp_path, source, c=checklist)
    assert len(checklist_of("enterprise-sdwan").requirements[0].evidence) >= 1
