"""`python -m procure`: the same CLI as the `procure` command."""

from procure.cli import main

main()
