"""`python -m trine.lsp`: the language server over stdio."""

from trine.cli import main

raise SystemExit(main(["serve"]))
