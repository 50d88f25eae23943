"""Fingerprints of clause text and of function bodies, for drift detection.

Whitespace and Markdown reflow are not changes: text is compared as its sequence of words.
"""

from __future__ import annotations

import hashlib
import re

from trine.parsers.facts import Clause

_SPACE = re.compile(r"\s+")


# DRIFT-1: whitespace and reflow are not changes.
def normalize(text: str) -> str:
    """Text as its words separated by single spaces, so reflowing a paragraph changes nothing."""
    return _SPACE.sub(" ", text).strip()


def fingerprint(text: str) -> str:
    """A short stable hash of normalized text."""
    return hashlib.blake2b(
        normalize(text).encode("utf-8", "surrogatepass"), digest_size=8
    ).hexdigest()


def clause_text(clause: Clause) -> str:
    """What a clause says, as reviewed: a heading's title and own text, or an item's text."""
    return f"{clause.title}\n{clause.text}" if clause.kind == "heading" else clause.text


def clause_fingerprint(clause: Clause) -> str:
    """The fingerprint of what a clause says."""
    return fingerprint(clause_text(clause))
