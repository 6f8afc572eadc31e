"""The data procure reads and the one checklist it produces, as validated models.

In: answers files, requirement packs, the authority registry and the questions (YAML or JSON,
read through `procure.support`). Out: `Answers`, `Condition`s (the one condition language),
`Pack`s and the `Library` they form with the `Registry`, the interview's `Question`s, and the
`Checklist` model every renderer reads; the JSON Schemas of the file formats, generated from
the models (`schemas`); and the ids and titles of packs and requirements read fast, unvalidated,
for shell completion (`catalog`). Nothing here decides anything: the rules do.
"""
