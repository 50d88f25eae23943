"""The formats specs are written in, and which one a spec file is in (by its extension).

Every format yields the same clause and reference records (`facts.SpecParse`), so nothing past
the parser knows a spec's format. Adding one (spec-kit, Kiro, OpenSpec, YAML or JSON requirement
files) means one module with a class like `markdown.Markdown` and its entry in `SPEC_FORMATS`.
"""

from __future__ import annotations

from typing import Protocol

from trine.parsers.facts import SpecParse
from trine.parsers.ids import IdMatcher
from trine.parsers.markdown import Markdown


class SpecFormat(Protocol):
    """One way of writing a spec: `extensions` select its files, `parse` reads one (never raising
    on user input: what cannot be read is a problem of the file)."""

    name: str
    extensions: tuple[str, ...]

    def parse(self, path: str, text: str, ids: IdMatcher) -> SpecParse:
        """The clauses, references and problems of one spec file."""
        ...


MARKDOWN = Markdown()
SPEC_FORMATS: tuple[SpecFormat, ...] = (MARKDOWN,)
"""Every spec format trine reads, the first to claim an extension first."""


def spec_formats() -> tuple[SpecFormat, ...]:
    """Every spec format trine reads, the first to claim an extension first."""
    return SPEC_FORMATS


# CL-8: a spec file's format is chosen per file.
def spec_format_for(path: str) -> SpecFormat | None:
    """The format of a spec file by its extension, if trine reads it."""
    for spec_format in SPEC_FORMATS:
        if path.endswith(spec_format.extensions):
            return spec_format
    return None


def default_spec_format() -> SpecFormat:
    """The format a spec is read in when its extension names none: Markdown."""
    return MARKDOWN
