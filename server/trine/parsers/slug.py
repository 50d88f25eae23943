"""GitHub's heading anchors, so that `spec.md#slug` links work on GitHub and in trine alike."""

from __future__ import annotations

import unicodedata

_KEPT = ("L", "M", "Nd", "Nl", "Pc")


# CL-2: GitHub's slugger lower-cases, drops punctuation, symbols and other numbers, and turns
# spaces into dashes; letters, marks, digits, `_` and `-` stay.
def github_slug(title: str) -> str:
    """The GitHub anchor of a heading's text (without the `-1` suffix of repeated headings)."""
    kept = []
    for char in title.lower():
        if char == " ":
            kept.append("-")
        elif char == "-" or unicodedata.category(char).startswith(_KEPT):
            kept.append(char)
    return "".join(kept)


# TS-8: `parseDuration`, `parse_duration` and `ParseDuration` are one name.
def name_key(name: str) -> str:
    """A code name as headings and languages compare it: case, `_` and `-` ignored (a dotted
    name keeps its dots)."""
    return name.replace("_", "").replace("-", "").casefold()
