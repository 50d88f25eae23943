"""The words a piece of prose is about, which of some texts a sentence clearly speaks of, and
the scenario a test's name numbers.

A spec-kit test task says what it tests in a few words (`Verify the trade log's prices and
quantities in tests/test_trade_log.py`); a story's acceptance scenarios say what the story
requires (`… Then the log shows each trade's prices and quantities`). Words are compared by
their stem (Snowball's English stemmer: `quantities` and `quantity` are one word), leaving out
short words and the words every task or scenario uses (`test`, `given`, `system`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import cache

import snowballstemmer  # type: ignore[import-untyped]

_WORD = re.compile(r"[A-Za-z]+", re.ASCII)
# FMT-127: `TestAcceptanceScenario2`, `test_scenario_2_denylist`; not `test_scenarios`.
_SCENARIO_NUMBER = re.compile(r"(?:(?:^|_)[Ss]|(?<=[a-z])S)cenario_?(\d+)(?!\d)", re.ASCII)
# Words that say a task is a test or a scenario is a scenario, not what either is about.
_COMMON_WORDS = """
    about add added adds after all also and any are back backend before been being both but can
    case cases check checks code contract create creates does each end ensure file files for
    from frontend given has have how into its integration implement make more must not now one
    only other our out over same should spec src story such test tested testing tests than that
    the their them then there these they this those through unit use used user uses using verify
    was were what when where which while who will with within without write written you your
"""
_COMMON = frozenset(_COMMON_WORDS.split())
# FMT-125: a scenario is matched by two of its own words; one shared word is chance.
_ENOUGH = 2


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


def content_words(text: str) -> frozenset[str]:
    """The stems of the words a text is about: words of three letters or more, less the words
    any task or scenario uses (`test`, `given`, `when`)."""
    words = {w.lower() for w in _WORD.findall(text) if len(w) >= 3}
    return frozenset(_stemmer().stemWords(sorted(words - _COMMON))) - _COMMON


# FMT-125: a sibling's words tell it apart only when no other sibling uses them.
def matched(text: str, candidates: Mapping[str, str]) -> list[str]:
    """The candidates (id to text) a text clearly speaks of: each that shares at least two
    words with it that no other candidate uses."""
    words = {key: content_words(value) for key, value in candidates.items()}
    uses = Counter(word for found in words.values() for word in found)
    said = content_words(text)
    return [
        key
        for key, found in words.items()
        if len({w for w in found & said if uses[w] == 1}) >= _ENOUGH
    ]


def scenario_numbers(name: str) -> set[int]:
    """The scenario numbers a test's or test class's name says it checks (`Scenario2`,
    `scenario_2`)."""
    return {int(m.group(1)) for m in _SCENARIO_NUMBER.finditer(name)}
