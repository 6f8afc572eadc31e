"""What every stage uses: files read and written safely, the bundled data, the terminal.

In: paths, text and bytes. Out: parsed YAML/JSON data from `reading` (oversized, binary, aliased
or deeply nested documents refused), whole files or nothing from `writing`, the location of the
bundled templates, packs and examples from `bundled`, entries in the user's cache folder from
`cache`, a paused garbage collector from `gcpause`, the transient progress line from `progress`,
and words that agree with a count and suggestions of the id that was meant from `wording`.
Imports nothing else of procure but `errors`.
"""
