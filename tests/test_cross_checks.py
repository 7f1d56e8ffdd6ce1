"""Cross-field checks: values that should agree across the page, reported as WARNINGs with both spans."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES, read_page
from trialparse import Severity, parse

REFERENCE = read_page(FIXTURES / "NCT06115902.txt")


def _issues(text: str, code: str) -> list[object]:
    return [i for i in parse(text).issues if i.code == code]


def test_reference_page_has_no_cross_field_warning() -> None:
    assert [i for i in parse(REFERENCE).issues if i.code.endswith("_mismatch")] == []


def test_site_count_that_disagrees_with_named_sites_is_a_warning_with_both_spans() -> None:
    text = REFERENCE.replace("Locations20 sites", "Locations25 sites")
    [issue] = parse(text).issues
    assert issue.code == "listing.site_count_mismatch"
    assert issue.severity is Severity.WARNING
    assert issue.span is not None
    assert text[issue.span.start : issue.span.end] == "25 sites (Hefei, Anhui and 19 other locations)"
    [other] = issue.related_spans
    assert text[other.start : other.end] == "Hefei, Anhui and 19 other locations"


def test_phase_in_the_official_title_that_disagrees_with_the_fact_is_a_warning() -> None:
    text = REFERENCE.replace("PhasePHASE1", "PhasePHASE2")
    [issue] = _issues(text, "listing.phase_mismatch")
    assert issue.span is not None
    assert text[issue.span.start : issue.span.end] == "PHASE2"
    [title] = issue.related_spans
    assert text[title.start : title.end].startswith("A Phase 1 Clinical Trial of TQB2102")


@pytest.mark.parametrize(
    ("title_phase", "fact"),
    [("Phase I/II", "PHASE1/PHASE2"), ("Phase 2/3", "PHASE2/PHASE3"), ("Phase Ib", "PHASE1"), ("Phase III", "PHASE3")],
)
def test_agreeing_phase_spellings_give_no_warning(title_phase: str, fact: str) -> None:
    text = REFERENCE.replace("A Phase 1 Clinical", f"A {title_phase} Clinical").replace("PhasePHASE1", f"Phase{fact}")
    assert _issues(text, "listing.phase_mismatch") == []


def test_not_applicable_phase_is_never_compared() -> None:
    text = REFERENCE.replace("PhasePHASE1", "PhaseNA")
    assert _issues(text, "listing.phase_mismatch") == []


def test_show_full_criteria_chrome_is_a_header_not_a_note() -> None:
    """The page's "Show full inclusion / exclusion criteria" link is chrome, kept as a header."""
    criteria = parse(REFERENCE).criteria
    assert criteria.notes == ()
    chrome = [h for h in criteria.headers if h.side is None]
    assert [h.text for h in chrome] == ["Show full inclusion / exclusion criteria"]
    assert REFERENCE[chrome[0].span.start : chrome[0].span.end] == "Show full inclusion / exclusion criteria"
