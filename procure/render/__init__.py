"""Renderers: a checklist in, documents out (bytes, nothing written here).

In: a `Checklist` (or a diff, or the pack library for the packs table). Out: `checklist.md`
(`markdown`), `checklist.json` (`jsondoc`), `checklist.pdf` (`pdf`, WeasyPrint), the vendor
response matrix as XLSX and CSV (`matrix`, laid out by `matrix_layout`), diff reports and the
packs table. What they share: the sandboxed Jinja environment (`templating`), the buyer profile
(`profile`) and spreadsheet cells that never run as formulas (`cells`). Heavy libraries load
inside the renderer that needs them. Also the reference files generated from the code
(`reference`): the JSON Schemas, `docs/answers.md` (`answers_doc`) and `docs/commands.md`
(`commands_doc`).
"""
