"""Slugs for titles, as SPEC.md#slugs describes."""

import re

from slugkit._trace import implements


# SLUG-1: only lowercase ASCII letters, digits and separators survive.
def slugify(title, sep="-"):
    """Turn a title into a slug with a configurable separator (SLUG-2), trimmed (SLUG-3)."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return sep.join(words)


@implements("SLUG-4")
def slug_or_empty(title):
    return slugify(title) if title.strip() else ""


def truncate(slug, width):
    if len(slug) <= width:
        return slug
    cut = slug[: width + 1].rfind("-")
    return slug[:cut] if cut > 0 else slug[:width]


def word_count(text):
    return len(text.split())
