"""The rules: answers and packs in, a checklist and its explanations out. Pure: no I/O.

In: validated `Answers`, the `Library` (packs and registry) and the document date. Out: the
`Checklist` from `selection` (every decision with its reason), explanations from `explain`,
problems in packs and registry from `lint`, and what changed between two checklists from
`diffing`.
"""
