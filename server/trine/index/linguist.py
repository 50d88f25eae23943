"""Writes `languages.json`, the table of file extensions to programming languages that the census
uses, from GitHub Linguist's `languages.yml` and `popular.yml` (MIT licence).

Run it when Linguist adds languages: `python -m trine.index.linguist LINGUIST_CHECKOUT`.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

OUTPUT = Path(__file__).with_name("languages.json")
SOURCE = (
    "github-linguist/linguist lib/linguist/languages.yml and popular.yml;"
    " MIT licence, Copyright (c) 2017 GitHub, Inc."
)
# DIAG-26: single-file components hold their program in a script block, though Linguist calls
# them markup.
COMPONENTS = frozenset({"Vue", "Svelte", "Astro"})


# DIAG-26: Linguist's programming languages, an extension claimed by several going to the most
# likely one, and none that is first of all a data, markup or prose file's (`.md`, `.sql`).
def table(languages: dict[str, Any], popular: list[str]) -> dict[str, str]:
    """Each extension's language: of the languages that claim it, a popular one first, then
    one whose first extension it is, then the first by name; a language of a group (TSX) is
    named by its group (TypeScript). An extension that is the first of a language of another
    type is left out, unless a popular language claims it."""
    claims: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    other: set[str] = set()
    for name, entry in languages.items():
        extensions = [extension.lower() for extension in entry.get("extensions", ())]
        if entry.get("type") != "programming" and name not in COMPONENTS:
            other.update(extensions[:1])
            continue
        shown = entry.get("group", name)
        for index, extension in enumerate(extensions):
            claims[extension].append((0 if name in popular else 1, min(index, 1), name, shown))
    return {
        extension: min(ranks)[3]
        for extension, ranks in sorted(claims.items())
        if extension not in other or min(ranks)[0] == 0
    }


def main(argv: list[str]) -> int:
    """Write languages.json from a Linguist checkout (its `lib/linguist/` files)."""
    if len(argv) != 1:
        print("usage: python -m trine.index.linguist LINGUIST_CHECKOUT", file=sys.stderr)
        return 2
    source = Path(argv[0]) / "lib" / "linguist"
    languages = yaml.safe_load((source / "languages.yml").read_text("utf-8"))
    popular = yaml.safe_load((source / "popular.yml").read_text("utf-8"))
    written = {"source": SOURCE, **table(languages, popular)}
    OUTPUT.write_text(json.dumps(written, indent=0) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
