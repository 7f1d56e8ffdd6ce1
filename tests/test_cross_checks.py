"""Cross-field checks: values that should agree across the page, reported as WARNINGs with both spans."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES, read_page
from trialparse import Issue, Severity, parse

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


# --- inclusion age constraints against the Ages fact (needs constraints=True) ----------------

AGE_LINE = "* Between the ages of 18-75 years"


def _age_issues(text: str) -> list[Issue]:
    return [i for i in parse(text, constraints=True).issues if i.code == "listing.age_mismatch"]


def _with(ages: str, criterion: str) -> str:
    return REFERENCE.replace("Ages18 Years to 75 Years", f"Ages{ages}").replace(AGE_LINE, f"* {criterion}")


def test_reference_page_ages_agree_with_its_criteria() -> None:
    assert _age_issues(REFERENCE) == []


@pytest.mark.parametrize(
    ("ages", "bound", "span"),
    [
        ("18 Years to 65 Years", "maximum age of 75 years", "18 Years to 65 Years"),
        ("20 Years to 75 Years", "minimum age of 18 years", "20 Years to 75 Years"),
        ("18 Months to 75 Years", "minimum age of 18 years", "18 Months to 75 Years"),
    ],
)
def test_an_age_fact_that_disagrees_with_the_criteria_is_a_warning_with_both_spans(ages: str, bound: str, span: str) -> None:
    text = REFERENCE.replace("Ages18 Years to 75 Years", f"Ages{ages}")
    [issue] = _age_issues(text)
    assert issue.severity is Severity.WARNING
    assert bound in issue.message
    assert issue.span is not None
    assert text[issue.span.start : issue.span.end] == span
    [criterion] = issue.related_spans
    assert text[criterion.start : criterion.end] == "ages of 18-75 years"


@pytest.mark.parametrize(
    ("ages", "criterion"),
    [
        ("18 Years to 75 Years", "Aged 18 to 75 years"),
        ("18 Years to 75 Years", "Age > 18 years and < 76 years"),  # strict bounds, one year inside
        ("19 Years to 64 Years", "Age > 18 years and < 65 years"),
        ("18 Years to 65 Years", "Age older than 18 years and younger than 65 years"),
        ("6 Months to 17 Years", "Aged 6 months to 17 years"),
        ("18 Years", "Aged 18 to 75 years"),  # the fact has no maximum: only the minimum is compared
        ("18 Years to 75 Years", "Adults with advanced breast cancer"),  # no age constraint at all
    ],
)
def test_agreeing_or_incomparable_ages_give_no_warning(ages: str, criterion: str) -> None:
    assert _age_issues(_with(ages, criterion)) == []


def test_cohorts_are_compared_as_the_widest_range_they_allow() -> None:
    text = _with("18 Years to 75 Years", "Cohort A: aged 18 to 40 years; Cohort B: aged 41 to 75 years")
    assert _age_issues(text) == []
    assert len(_age_issues(text.replace("aged 41 to 75", "aged 41 to 80"))) == 1


def test_an_age_bound_in_the_exclusion_criteria_is_not_compared() -> None:
    text = REFERENCE.replace("Exclusion Criteria:\n", "Exclusion Criteria:\n\n* Aged 80 years or older\n", 1)
    assert "Aged 80 years or older" in text
    assert _age_issues(text) == []


def test_without_constraints_the_age_check_does_not_run() -> None:
    text = REFERENCE.replace("Ages18 Years to 75 Years", "Ages18 Years to 65 Years")
    assert [i for i in parse(text, constraints=False).issues if i.code == "listing.age_mismatch"] == []


def test_a_real_registry_inconsistency_is_found() -> None:
    # the registry record gives a minimum of 18 Months; its criteria say "Aged 18-50 years old"
    text = read_page(FIXTURES / "pages" / "NCT05326594.txt")
    [issue] = _age_issues(text)
    assert "minimum age of 18 years" in issue.message
    assert issue.span is not None
    assert text[issue.span.start : issue.span.end] == "18 Months to 50 Years"
