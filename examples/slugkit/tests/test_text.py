import pytest

from slugkit.text import slug_or_empty, slugify, truncate


def test_lowercase():
    """SLUG-1: only lowercase ASCII survives."""
    assert slugify("Hello, World!") == "hello-world"


@pytest.mark.spec("SLUG-3")
def test_trims_separators():
    assert slugify("  --Hello--  ") == "hello"


def test_custom_separator():
    # Checks SLUG-2.
    assert slugify("a b", sep="_") == "a_b"


def test_empty_title():
    assert slug_or_empty("   ") == ""


def test_truncate_at_word_boundary():
    assert truncate("a-long-slug", 7) == "a-long"


def test_arithmetic():
    assert 1 + 1 == 2
