"""Word (OOXML) parts python-docx leaves to us, and the organisation's template.

In: a python-docx document, or the bytes of an organisation's Word file. Out:

- `read_template`: a `.docx` or `.dotx` checked before anything renders (size, a real Word
  package, no macros, readable by python-docx), a template turned into a document;
- `open_document`: a document on the template's styles, page and settings, its body, headers and
  footers emptied, the styles procure uses copied in from python-docx's defaults where the
  template lacks them, python-docx's placeholder thumbnail dropped;
- fields (`add_field`: PAGE, NUMPAGES, TOC), a real multi-level numbering definition for packs
  and requirements (`Numbering`), table rows that repeat as headers or never split, Word asked to
  update fields on opening;
- `document_bytes`: the saved file with every zip entry stamped with the document date, in the
  order python-docx writes them (the same inputs give the same bytes).

python-docx is imported inside the functions (it loads only when Word output is asked for).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import InputFileError

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
MAX_TEMPLATE_UNPACKED = 100 * 1024 * 1024
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_TYPES = ("application/vnd.ms-word.document.macroEnabled.main+xml",
               "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")
THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
SAVE_AS = "save the organisation's template from Word as a .docx or .dotx file"
APP_XML = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'extended-properties"><Application>procure</Application><DocSecurity>0'
           "</DocSecurity></Properties>")


def _refuse(path: Path | str, problem: str) -> InputFileError:
    return InputFileError(f"{path}: {problem}; --docx-template takes a Word file with styles "
                          f"({SAVE_AS}).")


def read_template(path: Path) -> bytes:
    """The template's bytes as a Word document, checked; InputFileError names what is wrong."""
    if not path.is_file():
        raise _refuse(path, "no such file" if not path.exists() else "is not a file")
    size = path.stat().st_size
    if size > MAX_TEMPLATE_BYTES:
        raise _refuse(path, f"is {size:,} bytes, more than a template of styles needs "
                      f"(at most {MAX_TEMPLATE_BYTES:,})")
    data = path.read_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise _refuse(path, "is not a Word file (not a .docx or .dotx package)") from None
    if sum(member.file_size for member in members) > MAX_TEMPLATE_UNPACKED:
        raise _refuse(path, f"unpacks to more than {MAX_TEMPLATE_UNPACKED:,} bytes")
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names:
        raise _refuse(path, "is a zip file but not a Word file (no [Content_Types].xml)")
    types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    if any(kind in types for kind in MACRO_TYPES):
        raise _refuse(path, "holds macros (.docm or .dotm), which procure never opens")
    if TEMPLATE_TYPE in types:
        data = _as_document(archive, types)
    elif DOCUMENT_TYPE not in types:
        raise _refuse(path, "is not a Word document (a spreadsheet or a presentation?)")
    try:
        open_document(data)
    except InputFileError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise _refuse(path, f"cannot be read as a Word document ({type(exc).__name__})") from None
    return data


def _as_document(archive: zipfile.ZipFile, types: str) -> bytes:
    """A .dotx with its main part declared as a document's, so python-docx opens it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for member in archive.infolist():
            content = (types.replace(TEMPLATE_TYPE, DOCUMENT_TYPE).encode()
                       if member.filename == "[Content_Types].xml"
                       else archive.read(member.filename))
            out.writestr(member, content)
    return buffer.getvalue()


def open_document(template: bytes | None, needed_styles: Iterable[str] = ()) -> Any:
    """A new document on the template's styles (python-docx's own without one), body empty."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(template) if template is not None else None)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for section in document.sections:
        section.different_first_page_header_footer = False
        for part in (section.header, section.footer):
            part.is_linked_to_previous = False
            for child in list(part._element):  # python-docx has no "clear" for headers
                part._element.remove(child)
    document.settings.odd_and_even_pages_header_footer = False
    _copy_missing_styles(document, needed_styles)
    package = document.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype == THUMBNAIL:
            del package.rels[key]
    return document


def _copy_missing_styles(document: Any, names: Iterable[str]) -> None:
    """Copy each named style the template lacks from python-docx's default template."""
    import docx
    from docx.styles import BabelFish

    wanted = [name for name in names if not _has_style(document, name)]
    if not wanted:
        return
    defaults = docx.Document().styles
    for name in wanted:
        internal = BabelFish.ui2internal(name)
        found = next((style for style in defaults if style.name in (name, internal)), None)
        if found is not None:
            document.styles.element.append(copy.deepcopy(found.element))


def _has_style(document: Any, name: str) -> bool:
    try:
        document.styles[name]
    except KeyError:
        return False
    return True


def ensure_style(document: Any, name: str, kind: str,
                 base: str | None = None) -> tuple[Any, bool]:
    """The named style, and whether it was added now (based on `base`) for lack of one."""
    from docx.enum.style import WD_STYLE_TYPE

    if _has_style(document, name):
        return document.styles[name], False
    style_type = {"paragraph": WD_STYLE_TYPE.PARAGRAPH, "character": WD_STYLE_TYPE.CHARACTER,
                  "table": WD_STYLE_TYPE.TABLE}[kind]
    style = document.styles.add_style(name, style_type)
    if base is not None and _has_style(document, base):
        style.base_style = document.styles[base]
    return style, True


def _element(tag: str, **attributes: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


def add_field(paragraph: Any, instruction: str, shown: str = "",
              result: Iterable[Any] = ()) -> list[Any]:
    """A complex field (`PAGE`, `NUMPAGES`, `TOC \\o "1-2"`) with `shown` as its last result.

    Returns the runs it added. `result` may hold whole paragraphs to put after the field's
    first paragraph (a table of contents as it stands before Word updates it).
    """
    runs = []
    begin = paragraph.add_run()
    begin._r.append(_element("w:fldChar", fldCharType="begin", dirty="true"))
    code = paragraph.add_run()
    text = _element("w:instrText")
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    text.text = f" {instruction} "
    code._r.append(text)
    separate = paragraph.add_run()
    separate._r.append(_element("w:fldChar", fldCharType="separate"))
    runs += [begin, code, separate]
    if shown:
        runs.append(paragraph.add_run(shown))
    end_paragraph = paragraph
    for extra in result:
        end_paragraph = extra
    end = end_paragraph.add_run()
    end._r.append(_element("w:fldChar", fldCharType="end"))
    runs.append(end)
    return runs


class Numbering:
    """One multi-level list definition: level 0 numbers packs (1, 2, …), level 1 requirements.

    Requirements read 1.1, 1.2, …, restarting under each pack, as in the PDF.
    """

    def __init__(self, document: Any) -> None:
        numbering = document.part.numbering_part.element
        existing = [int(value) for value in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
        abstract_id = max(existing, default=-1) + 1
        abstract = _element("w:abstractNum", abstractNumId=str(abstract_id))
        abstract.append(_element("w:multiLevelType", val="multilevel"))
        for level, text in ((0, "%1"), (1, "%1.%2")):
            node = _element("w:lvl", ilvl=str(level))
            node.append(_element("w:start", val="1"))
            node.append(_element("w:numFmt", val="decimal"))
            node.append(_element("w:suff", val="space"))
            node.append(_element("w:lvlText", val=text))
            node.append(_element("w:lvlJc", val="left"))
            properties = _element("w:pPr")
            properties.append(_element("w:ind", left="0", hanging="0"))
            node.append(properties)
            abstract.append(node)
        first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/"
                                   "main}num")
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        self.num_id = int(numbering.add_num(abstract_id).numId)

    def apply(self, paragraph: Any, level: int) -> None:
        properties = paragraph._p.get_or_add_pPr()
        number = _element("w:numPr")
        number.append(_element("w:ilvl", val=str(level)))
        number.append(_element("w:numId", val=str(self.num_id)))
        properties.insert_element_before(number, *_AFTER_NUMPR)
        paragraph.paragraph_format.left_indent = 0
        paragraph.paragraph_format.first_line_indent = 0


# pPr children that come after numPr in the schema's order.
_AFTER_NUMPR = ("w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
                "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
                "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
                "w:sectPr", "w:pPrChange")


def header_row(row: Any) -> None:
    """Repeat the row at the top of every page the table runs onto; never split it."""
    properties = row._tr.get_or_add_trPr()
    properties.append(_element("w:cantSplit"))
    properties.append(_element("w:tblHeader"))


def keep_row_whole(row: Any) -> None:
    row._tr.get_or_add_trPr().append(_element("w:cantSplit"))


def update_fields_on_open(document: Any) -> None:
    """Ask Word to refresh the table of contents and page counts when the file opens."""
    settings = document.settings.element
    for old in settings.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
                                "updateFields"):
        settings.remove(old)
    settings.append(_element("w:updateFields", val="true"))


def set_app_properties(document: Any) -> None:
    """Name procure as the application (the default template says "Microsoft Macintosh Word")."""
    for relationship in document.part.package.rels.values():
        if relationship.reltype.endswith("/extended-properties"):
            relationship.target_part._blob = APP_XML.encode()


def set_core_properties(document: Any, moment: dt.datetime, **values: str) -> None:
    """Title, author and the rest, with every date the document date (never the clock)."""
    properties = document.core_properties
    for name, value in values.items():
        setattr(properties, name, value)
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment
    properties.revision = 1


def document_bytes(document: Any, day: dt.date) -> bytes:
    """Save, then write the zip again with every entry stamped with the document date."""
    saved = io.BytesIO()
    document.save(saved)
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(saved.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, source.read(member.filename))
    return out.getvalue()
