"""The corpus gate: every finding on the cases (modelled on real repositories) is judged, and
no rule's precision nor any kind of link's recall falls below its recorded floor."""

from __future__ import annotations

import pytest

from corpus import accuracy


@pytest.fixture(scope="module")
def results() -> list[accuracy.CaseResult]:
    return accuracy.measure()


def test_every_finding_is_labelled(results: list[accuracy.CaseResult]) -> None:
    """A new diagnostic or link on the corpus is judged by hand before it lands: the failure
    prints the labels to fill in (`python tests/corpus/accuracy.py` prints them too)."""
    missing = [
        f"# {case.name}.toml\n{accuracy.skeleton(key)}"
        for case in results
        for key in case.unlabelled
    ]
    assert not missing, "\n".join(missing)


def test_no_label_outlives_its_finding(results: list[accuracy.CaseResult]) -> None:
    """A wrong finding that is gone takes its label with it, so the labels say what trine does."""
    stale = [f"{case.name}.toml: {key}" for case in results for key in case.stale]
    assert not stale, "delete these labels (the findings are gone):\n" + "\n".join(stale)


def test_figures_stay_above_their_floors(results: list[accuracy.CaseResult]) -> None:
    """Precision per rule and recall per kind of link never drop below the recorded figures."""
    assert not accuracy.below_floors(accuracy.figures(results))


def test_docs_show_the_figures(results: list[accuracy.CaseResult]) -> None:
    """docs/accuracy.md shows today's figures (`python tests/corpus/accuracy.py --write`)."""
    assert accuracy.documented(results)
