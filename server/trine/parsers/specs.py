"""The formats specs are written in, and which one a spec file is in.

Every format yields the same clause and reference records (`facts.SpecParse`), so nothing past
the parser knows a spec's format. Adding one (spec-kit, Kiro, OpenSpec, YAML or JSON requirement
files) means one module with a class like `markdown.Markdown` and its entry in `SPEC_FORMATS`,
before the generic formats of its extensions (plain Markdown is the last `.md` reader).
"""

from __future__ import annotations

from typing import Protocol

from trine.parsers.facts import SpecParse
from trine.parsers.ids import IdMatcher
from trine.parsers.kiro import Kiro
from trine.parsers.markdown import Markdown
from trine.parsers.openspec import OpenSpec
from trine.parsers.speckit import SPEC_KIT
from trine.parsers.structured import Structured
from trine.parsers.tracey import Tracey


class SpecFormat(Protocol):
    """One way of writing a spec: `extensions` select the files it may read, `spec_globs` say
    where its files are with no configuration, `detect` says whether a file is in this format
    (by its path and text: dialects of Markdown share an extension), `parse` reads one (never
    raising on user input: what cannot be read is a problem of the file)."""

    name: str
    extensions: tuple[str, ...]
    spec_globs: tuple[str, ...]

    def detect(self, path: str, text: str) -> bool:
        """Whether a spec file with one of `extensions` is written in this format."""
        ...

    def parse(self, path: str, text: str, ids: IdMatcher) -> SpecParse:
        """The clauses, references and problems of one spec file."""
        ...


MARKDOWN = Markdown()
STRUCTURED = Structured()
TRACEY = Tracey()
SPEC_FORMATS: tuple[SpecFormat, ...] = (
    SPEC_KIT,
    Kiro(),
    OpenSpec(),
    TRACEY,
    MARKDOWN,
    STRUCTURED,
)
"""Every spec format trine reads, the first to claim an extension first."""


def spec_formats() -> tuple[SpecFormat, ...]:
    """Every spec format trine reads, the first to claim an extension first."""
    return SPEC_FORMATS


def spec_format_named(name: str) -> SpecFormat | None:
    """The spec format of that name, None when trine has none."""
    return next((f for f in SPEC_FORMATS if f.name == name), None)


# CL-8: a spec file's format is chosen per file.
# FMT-61: a format the configuration names for a file wins over detection.
def spec_format_for(
    path: str, text: str | None = None, chosen: str | None = None
) -> SpecFormat | None:
    """The format of a spec file, if trine reads it: the `chosen` one when the configuration
    names one for the file; else by its extension, and with its text the first format sharing
    that extension that detects itself in it; without its text, the generic format of the
    extension (the last to claim it: dialects come first)."""
    if chosen is not None:
        return spec_format_named(chosen)
    claiming = [f for f in SPEC_FORMATS if path.endswith(f.extensions)]
    if text is None:
        return claiming[-1] if claiming else None
    return next((f for f in claiming if f.detect(path, text)), None)


def default_spec_format() -> SpecFormat:
    """The format a spec is read in when its extension names none: Markdown."""
    return MARKDOWN
