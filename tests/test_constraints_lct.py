"""The yardstick: constraints read against people's annotations (Leaf Clinical Trials corpus).

``pytest -s tests/test_constraints_lct.py`` prints per-kind precision and recall on the tuned
documents, the held-out ones (every fifth document, not read while writing rules) and all of
them, with every miss and every false positive of the tuned documents (the held-out ones' are
not printed, so that rules are not written from them). The data and its matching rules:
tests/_lct.py and fixtures/constraints/README.md.
"""

from __future__ import annotations

import functools

import pytest

from tests import _lct
from trialparse.constraints import extract_constraints


@functools.cache
def _scores() -> tuple[_lct.Score, _lct.Score, _lct.Score]:
    docs = _lct.load_docs()
    tuned, held = _lct.split_docs(docs)
    return (
        _lct.score_docs(extract_constraints, tuned),
        _lct.score_docs(extract_constraints, held),
        _lct.score_docs(extract_constraints, docs),
    )


def test_the_yardstick_holds_the_annotated_documents() -> None:
    docs = _lct.load_docs()
    assert len(docs) == 306
    assert sum(len(c["gold"]) for d in docs for c in d["criteria"]) == 475


def test_print_the_figures() -> None:
    tuned, held, every = _scores()
    print()
    for title, score in (("tuned documents", tuned), ("held-out documents", held), ("all documents", every)):
        print(score.table(title))
    print("\n".join(tuned.misses))
    print("\n".join(tuned.extras))


def test_overall_precision() -> None:
    assert _scores()[2].precision() >= 0.98


def test_overall_recall() -> None:
    assert _scores()[2].recall() >= 0.95


def test_lab_recall() -> None:
    assert _scores()[2].recall("LAB") >= 0.90


def test_age_recall() -> None:
    assert _scores()[2].recall("AGE") >= 0.95


def test_no_age_read_for_gestation_onset_or_a_parent() -> None:
    docs = _lct.load_docs()
    assert _lct.wrong_ages(extract_constraints, docs) == []
    lines = [
        "Gestational age of 32 weeks or more at birth",
        "gestational age < 37 weeks",
        "Age at onset of symptoms before 40 years",
        "Age at diagnosis >= 18 years",
        "Mother aged 18 years or older",
        "Maternal age > 35 years",
    ]
    for line in lines:
        assert [c for c in extract_constraints(line, 0, len(line)) if c.kind.value == "AGE"] == [], line


pytestmark = pytest.mark.filterwarnings("error")
