"""The scoring report as Markdown (`score.md`) and as lines for the terminal.

In: a `ScoreReport`. Out: Markdown text: what the returns were checked against, a side-by-side
comparison when there are several vendors, then per vendor the problems in the file, the
potential disqualifiers (MUST rows not answered Comply) first, compliance by pack and level, the
Partial, Exception and Alternate answers with the vendor's comments, the missing evidence
references, the responses spelled otherwise that were taken, and the columns the vendor added,
with their values as given. Everything a vendor wrote is escaped: it shows as text, never as
Markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..render.matrix_layout import RESPONSES
from ..render.templating import markdown_text as md
from ..support.wording import counted, plural
from .check import Answer
from .scoring import ScoreReport, VendorScore, by_pack_level, response_label, tally

MAX_IDS_SHOWN = 8


def percent(value: int | float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def comply_line(vendor: VendorScore) -> str:
    counts = tally(vendor.answers)
    parts = [f"Comply {counts['Comply']} of {counts['rows']} ({percent(counts['comply_percent'])})"]
    parts += [f"{response} {counts[response]}" for response in RESPONSES[1:]]
    parts.append(f"not answered {counts['not_answered']}")
    return " · ".join(parts)


def _table(header: Sequence[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _answer_rows(answers: list[Answer], last: str) -> list[list[str]]:
    rows = []
    for answer in answers:
        extra = answer.comments if last == "comments" else answer.requirement.evidence
        rows.append([str(answer.row), md(answer.requirement.id), md(answer.requirement.level),
                     md(answer.requirement.title), md(response_label(answer)), md(extra or "–")])
    return rows


def _section(title: str, answers: list[Answer], last: str, empty: str) -> list[str]:
    lines = ["", f"### {title}", ""]
    if not answers:
        return [*lines, empty]
    header = ("Row", "ID", "Level", "Title", "Response",
              "Comments" if last == "comments" else "Evidence requested")
    return lines + _table(header, _answer_rows(answers, last))


def spelling_line(given: str, response: str, rows: list[int]) -> str:
    """`"comply" taken as Comply (rows 4, 7)`."""
    return (f'"{given}" taken as {response} ({plural(len(rows), "row")} '
            f'{", ".join(map(str, rows))})')


def _spellings(vendor: VendorScore) -> list[str]:
    lines = ["", "### Responses spelled otherwise", ""]
    taken = vendor.spellings()
    if not taken:
        return [*lines, "None: every response is written as in the drop-down list."]
    lines += [f"- {md(spelling_line(given, response, rows))}" for given, response, rows in taken]
    return [*lines, "", "Case, spaces and these spellings are read as the response they name; "
                        "Yes and No are not (they do not say whether in full or in part)."]


def _extra_columns(vendor: VendorScore) -> list[str]:
    columns = vendor.extra_columns()
    if not columns:
        return []
    names = ", ".join(f"{letter} ({md(header)})" for letter, header in columns)
    lines = ["", "### Columns the vendor added", "",
             f"Not part of the matrix, not scored, kept here as given: {names}.", ""]
    rows = [[str(answer.row), md(answer.requirement.id), *(md(value) or "–"
                                                             for value in answer.extra)]
            for answer in vendor.answers if any(answer.extra)]
    if not rows:
        return [*lines, "They hold no values in requirement rows."]
    return lines + _table(("Row", "ID", *(md(header) for _, header in columns)), rows)


def _vendor_section(report: ScoreReport, vendor: VendorScore) -> list[str]:
    lines = ["", f"## {md(vendor.vendor)}", "",
             f"File {md(vendor.file)}; vendor name from {vendor.vendor_from}.", "",
             comply_line(vendor) + ".", "", "### Problems in the returned file", ""]
    lines += [f"- {md(problem)}" for problem in vendor.problems] or ["None."]
    lines += _spellings(vendor)
    lines += _section("Potential disqualifiers: MUST requirements not answered Comply",
                      vendor.disqualifiers(), "comments",
                      "None: every MUST requirement is answered Comply.")
    lines += ["", "### Compliance by pack and level", ""]
    rows = []
    groups = by_pack_level(report.spec, vendor.answers)
    groups.append(("All packs", "All", tally(vendor.answers)))
    for pack, level, counts in groups:
        rows.append([md(pack), level, str(counts["rows"]),
                     *(str(counts[response]) for response in RESPONSES),
                     str(counts["not_answered"]), percent(counts["comply_percent"])])
    lines += _table(("Pack", "Level", "Rows", *RESPONSES, "Not answered", "Comply %"), rows)
    lines += _section("Partial, Exception and Alternate answers to SHOULD and MAY requirements",
                      vendor.qualified(), "comments",
                      "None (MUST requirements are listed with the disqualifiers above).")
    lines += _section("Evidence references missing", vendor.missing_evidence(), "evidence",
                      "None: every Comply, Partial and Alternate answer gives one.")
    return lines + _extra_columns(vendor)


def _comparison(report: ScoreReport) -> list[str]:
    vendors = report.vendors
    names = [md(vendor.vendor) for vendor in vendors]
    summary = [
        ["Comply", *(_comply_cell(vendor) for vendor in vendors)],
        ["MUST answered Comply", *(_must_line(vendor) for vendor in vendors)],
        ["Potential disqualifiers", *(str(len(vendor.disqualifiers())) for vendor in vendors)],
        ["Problems in the file", *(str(len(vendor.problems)) for vendor in vendors)],
    ]
    lines = ["", "## Side by side", "", *_table(("", *names), summary), ""]
    rows = [[md(row.id), row.level, md(row.title),
             *(md(response_label(vendor.answers[index])) for vendor in vendors)]
            for index, row in enumerate(report.spec.rows)]
    return lines + _table(("ID", "Level", "Title", *names), rows)


def _comply_cell(vendor: VendorScore) -> str:
    counts = tally(vendor.answers)
    return f"{counts['Comply']} of {counts['rows']} ({percent(counts['comply_percent'])})"


def _must_line(vendor: VendorScore) -> str:
    must = [a for a in vendor.answers if a.requirement.level == "MUST"]
    comply = sum(1 for a in must if a.response == "Comply")
    return f"{comply} of {len(must)}"


def render_score_markdown(report: ScoreReport) -> str:
    spec = report.spec
    lines = [f"# Scoring report: {md(spec.project)}", "",
             f"Buyer: {md(spec.organization)}. Checklist {spec.inputs_sha256[:12]}, document "
             f"date {spec.as_of}, {counted(len(spec.rows), 'requirement')}, "
             f"{counted(len(report.vendors), 'vendor')}.", "",
             f"Checked against {md(report.validated_against)}."]
    if len(report.vendors) > 1:
        lines += _comparison(report)
    for vendor in report.vendors:
        lines += _vendor_section(report, vendor)
    return "\n".join(lines) + "\n"


def summary_lines(report: ScoreReport) -> list[str]:
    """What the terminal shows: one line per vendor."""
    lines = [f"Checked against {report.validated_against}."]
    for vendor in report.vendors:
        counts = tally(vendor.answers)
        out = vendor.disqualifiers()
        ids = ", ".join(a.requirement.id for a in out[:MAX_IDS_SHOWN])
        ids += ", …" if len(out) > MAX_IDS_SHOWN else ""
        problems = len(vendor.problems)
        lines.append(
            f"{vendor.vendor} ({vendor.file}): Comply {counts['Comply']} of {counts['rows']} "
            f"({percent(counts['comply_percent'])}); "
            f"{counted(len(out), 'potential disqualifier')}{f' ({ids})' if ids else ''}; "
            f"{counted(problems, 'problem')} in the file.")
        taken = vendor.spellings()
        if taken:
            lines.append("  " + "; ".join(spelling_line(*item) for item in taken) + ".")
        columns = vendor.extra_columns()
        if columns:
            lines.append(f"  {counted(len(columns), 'column')} added by the vendor, kept in the "
                         "report: " + ", ".join(f"{letter} ({header})"
                                                 for letter, header in columns) + ".")
    return lines
