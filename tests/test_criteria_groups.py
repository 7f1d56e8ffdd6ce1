"""Side headers and cohort groups: which heading is the side's own, which opens a group.

Each rule is tried on a small layout of the shape the corpus uses, with the cases it must
leave alone beside it.
"""

from __future__ import annotations

import pytest

from trialparse import Criterion, parse_criteria


def outline(items: tuple[Criterion, ...]) -> list[tuple[str, int]]:
    return [(c.text, len(c.children)) for c in items]


def sides(text: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    criteria, _ = parse_criteria(text, constraints=False)
    return outline(criteria.inclusion), outline(criteria.exclusion)


def headers(text: str) -> list[str]:
    criteria, _ = parse_criteria(text, constraints=False)
    return [h.text for h in criteria.headers]


# --- a base list, then lists that add to it -----------------------------------------------------

UMBRELLA = (
    "Inclusion Criteria Umbrella Phase 1b & 2:\n\n* Stage IV NSCLC\n* ECOG 0 or 1\n\n"
    "Additional Inclusion Criteria for Sub-Study A:\n\n* BRAF V600E mutation\n\n"
    "Additional Inclusion Criteria for Sub-Study B:\n\n* PD-L1 TPS >= 1%\n* Untreated\n\n"
    "Exclusion Criteria Umbrella Phase 1b & 2:\n\n* Autoimmune disease\n\n"
    "Additional Exclusion Criteria for Sub-Study A:\n\n* Prior BRAF inhibitor\n"
)


def test_a_first_header_that_later_headers_add_to_is_the_sides() -> None:
    assert sides(UMBRELLA) == (
        [
            ("Stage IV NSCLC", 0),
            ("ECOG 0 or 1", 0),
            ("Additional Inclusion Criteria for Sub-Study A", 1),
            ("Additional Inclusion Criteria for Sub-Study B", 2),
        ],
        [("Autoimmune disease", 0), ("Additional Exclusion Criteria for Sub-Study A", 1)],
    )
    assert headers(UMBRELLA) == ["Inclusion Criteria Umbrella Phase 1b & 2", "Exclusion Criteria Umbrella Phase 1b & 2"]


def test_the_adding_word_may_stand_after_the_cohort() -> None:
    text = "Inclusion Criteria Phase 2:\n* Adults\nPart 1 additional inclusion criteria:\n* Measurable disease\n"
    assert sides(text) == ([("Adults", 0), ("Part 1 additional inclusion criteria", 1)], [])


def test_a_header_for_every_group_that_specific_headers_add_to_is_the_sides() -> None:
    text = "Inclusion Criteria for All Sub-studies:\n* Adults\nSpecific Inclusion Criteria for Sub-Study 3:\n* AGA positive\n"
    assert sides(text) == ([("Adults", 0), ("Specific Inclusion Criteria for Sub-Study 3", 1)], [])


def test_a_specific_header_after_another_cohorts_header_is_a_cohort_too() -> None:
    text = "Inclusion Criteria for Cohort 1:\n* Relapsed myeloma\nSpecific Inclusion Criteria for Cohort 2:\n* Age 18\n"
    assert sides(text) == (
        [("Inclusion Criteria for Cohort 1", 1), ("Specific Inclusion Criteria for Cohort 2", 1)],
        [],
    )
    assert headers(text) == []


@pytest.mark.parametrize(
    "line",
    [
        "Patients who fulfil Inclusion Criteria 1. to 3. at screening",
        "Patients who fulfil Inclusion Criteria 1-3 at screening",
    ],
)
def test_a_side_header_named_with_a_range_in_a_bullets_sentence_is_text(line: str) -> None:
    text = "Inclusion Criteria:\n\n* Adults\n* " + line + "\n* Consent\n"
    assert sides(text) == ([("Adults", 0), (line, 0), ("Consent", 0)], [])
    assert headers(text) == ["Inclusion Criteria"]


def test_cohort_headers_that_do_not_add_stay_cohorts() -> None:
    # "… for All Parts" beside "… for Part C": two cohorts (no word says one adds to the other)
    text = "Inclusion Criteria for All Parts\n* Adults\nInclusion Criteria for Part C\n* Measurable disease\n"
    assert sides(text) == ([("Inclusion Criteria for All Parts", 1), ("Inclusion Criteria for Part C", 1)], [])
    text = "Inclusion Criteria Part 1:\n* Adults\nInclusion Criteria Part 2:\n* Measurable disease\n"
    assert sides(text) == ([("Inclusion Criteria Part 1", 1), ("Inclusion Criteria Part 2", 1)], [])


def test_a_cohort_under_the_sides_own_header_stays_a_cohort() -> None:
    # only the side's first header can be its base: here the plain header is
    text = (
        "Inclusion Criteria:\n* Adults\nCohort A Inclusion Criteria:\n* Stage IV\n"
        "Additional inclusion criteria for Cohort A1:\n* Untreated\n"
    )
    assert sides(text) == (
        [("Adults", 0), ("Cohort A Inclusion Criteria", 1), ("Additional inclusion criteria for Cohort A1", 1)],
        [],
    )


def test_an_adding_header_on_the_other_side_leaves_a_cohort_alone() -> None:
    text = (
        "Inclusion Criteria Part 1:\n* Adults\nExclusion Criteria:\n* Pregnancy\n"
        "Additional exclusion criteria for Part 1:\n* Prior therapy\n"
    )
    assert sides(text) == (
        [("Inclusion Criteria Part 1", 1)],
        [("Pregnancy", 0), ("Additional exclusion criteria for Part 1", 1)],
    )


# --- a doubled colon ----------------------------------------------------------------------------


def test_a_header_ending_in_a_doubled_colon_has_no_empty_item() -> None:
    text = "Inclusion Criteria:\n* Adults\nAdditional Inclusion Criteria for Sub-Study B only::\n\n-Any line of therapy\n"
    # the heading's own colon is dropped, as for every group; the second is its text as written
    assert sides(text) == ([("Adults", 0), ("Additional Inclusion Criteria for Sub-Study B only:", 1)], [])
    assert sides("Inclusion Criteria::\n* Adults\nExclusion Criteria::\n* Pregnancy") == ([("Adults", 0)], [("Pregnancy", 0)])


def test_text_after_a_header_colon_is_still_an_item() -> None:
    assert sides("Inclusion Criteria: Adults\nExclusion Criteria: Pregnancy") == ([("Adults", 0)], [("Pregnancy", 0)])


# --- a header that names no cohort over a series of cohort headings -----------------------------

KEY_ITEMS = "Key Inclusion Criteria:\n\n* Adults\n* ECOG 0-1\n\n"
COHORTS = "Cohort 1:\n\n* PD-L1 >= 1%\n* Progressive disease\n\nCohort 2:\n\n* Untreated\n\nCohorts 8 & 9:\n\n* Resectable\n"


def test_a_header_naming_no_cohort_over_cohort_headings_is_the_sides_again() -> None:
    text = KEY_ITEMS + "Cohort-specific inclusion criteria:\n\n" + COHORTS
    assert sides(text) == (
        [("Adults", 0), ("ECOG 0-1", 0), ("Cohort 1", 2), ("Cohort 2", 1), ("Cohorts 8 & 9", 1)],
        [],
    )
    assert headers(text) == ["Key Inclusion Criteria", "Cohort-specific inclusion criteria"]


def test_other_unnamed_specific_qualifiers_read_alike() -> None:
    for qualifier in ("Specific", "Arm-specific", "Part specific"):
        text = KEY_ITEMS + f"{qualifier} inclusion criteria:\n\nPart A:\n\n* Untreated\n\nPart B:\n\n* Pretreated\n"
        assert sides(text) == ([("Adults", 0), ("ECOG 0-1", 0), ("Part A", 1), ("Part B", 1)], []), qualifier


def test_a_specific_header_with_its_own_items_is_a_group() -> None:
    # its items stand right under it: it heads them (one population's specific criteria)
    text = KEY_ITEMS + "Specific inclusion criteria:\n\n* MMV < 80%\n* KcO > 80%\n"
    assert sides(text) == ([("Adults", 0), ("ECOG 0-1", 0), ("Specific inclusion criteria", 2)], [])


def test_a_specific_header_over_a_topic_is_a_group() -> None:
    text = KEY_ITEMS + "Cohort-specific inclusion criteria:\n\nPrior therapy:\n\n* Untreated\n"
    inclusion, _ = sides(text)
    assert inclusion[:2] == [("Adults", 0), ("ECOG 0-1", 0)]
    assert inclusion[2] == ("Cohort-specific inclusion criteria", 1)


def test_a_header_naming_a_cohort_stays_a_cohort_over_headings() -> None:
    for heading in ("Cohort A specific inclusion criteria:", "Specific inclusion criteria for each cohort:"):
        text = KEY_ITEMS + f"{heading}\n\nPart 1:\n\n* Untreated\n\nPart 2:\n\n* Pretreated\n"
        inclusion, _ = sides(text)
        assert inclusion == [("Adults", 0), ("ECOG 0-1", 0), (heading.rstrip(":"), 2)], heading


# --- a sentence is no header --------------------------------------------------------------------


def test_a_closing_sentence_naming_a_side_is_a_note_not_a_cohort() -> None:
    text = "Inclusion Criteria:\n1. Adults\n2. Consent\n\nFurther inclusion criteria apply.\n\nExclusion Criteria:\n1. Pregnancy"
    criteria, _ = parse_criteria(text, constraints=False)
    assert outline(criteria.inclusion) == [("Adults", 0), ("Consent", 0)]
    assert criteria.notes == ("Further inclusion criteria apply.",)


# --- titles after repeated side headers ---------------------------------------------------------

STAGES = (
    "Inclusion Criteria: Screening Eligibility\n\n1. Age <= 21 years\n2. Primary CNS tumor\n\n"
    "Exclusion Criteria: Screening Eligibility\n\n1. Serious infection\n\n"
    "Inclusion Criteria: Treatment Eligibility\n\n1. Measurable disease\n\n"
    "Exclusion Criteria: Procurement and T-cell Production Eligibility\n\n1. Known HIV\n2. Rapid progression\n"
)


def test_titles_that_tell_a_sides_repeated_headers_apart_head_their_items() -> None:
    assert sides(STAGES) == (
        [("Screening Eligibility", 2), ("Treatment Eligibility", 1)],
        [("Screening Eligibility", 1), ("Procurement and T-cell Production Eligibility", 2)],
    )


def test_text_after_a_lone_headers_colon_is_its_first_criterion() -> None:
    text = "Inclusion Criteria: Adults With Asthma\n* Consent\nExclusion Criteria: Known HIV\n* Pregnancy"
    assert sides(text) == ([("Adults With Asthma", 0), ("Consent", 0)], [("Known HIV", 0), ("Pregnancy", 0)])


def test_a_criterion_after_repeated_headers_colons_stays_a_criterion() -> None:
    # a figure or a sentence is no title
    text = "Inclusion Criteria: Age 18 Years\n* Consent\nInclusion Criteria: Adults with asthma.\n* Spirometry\n"
    assert sides(text) == ([("Age 18 Years", 0), ("Consent", 0), ("Adults with asthma.", 0), ("Spirometry", 0)], [])


def test_a_specific_header_over_a_lower_case_unit_word_is_a_group() -> None:
    # "Part of …" is a sentence's start, no cohort's heading: the header heads what follows
    text = KEY_ITEMS + "Cohort-specific inclusion criteria:\n\nPart of the following:\n\n* Untreated\n"
    inclusion, _ = sides(text)
    assert inclusion[2][0] == "Cohort-specific inclusion criteria"


def test_a_first_cohort_stays_a_cohort_when_a_later_one_does_not_add() -> None:
    text = (
        "Inclusion Criteria for Donors:\n* Age 18-60\n"
        "Additional inclusion criteria for donors over 50:\n* Normal ECG\n"
        "Inclusion Criteria for Recipients:\n* Confirmed infection\n"
    )
    assert sides(text) == (
        [
            ("Inclusion Criteria for Donors", 1),
            ("Additional inclusion criteria for donors over 50", 1),
            ("Inclusion Criteria for Recipients", 1),
        ],
        [],
    )


# --- "eligibility" between the side and "criteria" ----------------------------------------------


def test_eligibility_between_side_and_criteria_still_makes_a_header() -> None:
    assert sides("Inclusion Eligibility Criteria:\n* Adults\nExclusion Eligibility Criteria:\n* HIV") == (
        [("Adults", 0)],
        [("HIV", 0)],
    )


def test_bulleted_step_headers_under_a_side_are_cohorts() -> None:
    # the registry's layout: the step headings are bullets among the items they head
    text = (
        "Inclusion Criteria:\n\n* STEP 1 INCLUSION ELIGIBILITY CRITERIA - CONCURRENT THERAPY\n"
        "* Age >= 18\n* ECOG 0-1\n* STEP 2 INCLUSION ELIGIBILITY CRITERIA - CONSOLIDATION\n* No grade 3 toxicity\n"
    )
    assert sides(text) == (
        [
            ("STEP 1 INCLUSION ELIGIBILITY CRITERIA - CONCURRENT THERAPY", 2),
            ("STEP 2 INCLUSION ELIGIBILITY CRITERIA - CONSOLIDATION", 1),
        ],
        [],
    )


# --- a title closed by a dash glued to its last word, where a colon would stand -----------------

DASH_TITLES = (
    "Inclusion Criteria:\n\nNursing Mothers-\n\nNursing mothers who meet all of the following are eligible:\n\n"
    "1. Aged 18 to 45\n2. Breastfeeding at screening\n\nTheir Partners-\n\n"
    "Partners who meet all of the following are eligible:\n\n1. Living with the mother\n"
)


def test_a_title_closed_by_a_glued_dash_reads_as_the_title_with_a_colon() -> None:
    dashed = sides(DASH_TITLES)
    with_colons = sides(DASH_TITLES.replace("-\n", ":\n"))
    assert [t for t, n in dashed[0] if n] == ["Nursing Mothers-", "Their Partners-"]  # each heads its part
    assert tuple([(t.removesuffix("-"), n) for t, n in side] for side in dashed) == with_colons


@pytest.mark.parametrize(
    "line",
    [
        "nursing mothers who breastfed before-",  # a sentence in lower case broken off
        "Nursing mothers who breastfed at any of the three sites before-",  # more words than a title holds
    ],
)
def test_a_line_ending_with_a_dash_that_is_no_title_heads_nothing(line: str) -> None:
    text = DASH_TITLES.replace("Nursing Mothers-", line)
    inclusion, _ = sides(text)
    assert not any(t == line and n for t, n in inclusion)
