"""Header rules that the corpus shows once each, tried on their whole class with invented text.

Each rule below was written for one registry record; these tests hold it to the class that
record is an instance of, with words no record uses: a run of colons ending a side header; a
word naming the criteria's kind between the side's word and "criteria"; titles after the colons
of a side's repeated headers, figures and all; a header that names no cohort over a series of
unit headings, with an aside in parentheses; and a footnote heading whose sign a lead-in sets
on a word, a star or another footnote mark.
"""

from __future__ import annotations

import re

import pytest

from tests._reliability import criteria_problems
from trialparse import Criterion, parse_criteria
from trialparse.vocabulary import CRITERIA_KINDS

Outline = list[tuple[str, int]]


def outline(items: tuple[Criterion, ...]) -> Outline:
    return [(c.text, len(c.children)) for c in items]


def sides(text: str) -> tuple[Outline, Outline]:
    criteria, _ = parse_criteria(text)
    return outline(criteria.inclusion), outline(criteria.exclusion)


def flat(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text)


# --- a run of colons ends a side header -------------------------------------------------------


@pytest.mark.parametrize("colons", ["::", ":::"])
def test_a_run_of_colons_ends_a_side_header(colons: str) -> None:
    text = f"Inclusion Criteria{colons}\n* Adults\n* Consent\nExclusion Criteria{colons}\n* Pregnancy"
    expected = ([("Adults", 0), ("Consent", 0)], [("Pregnancy", 0)])
    assert sides(text) == expected
    assert sides(flat(text)) == expected


def test_a_cohort_header_ending_in_a_run_of_colons_heads_its_items() -> None:
    text = "Inclusion Criteria:\n* Adults\nExclusion Criteria for Dose Expansion:::\n* Pregnancy\n* Prior surgery"
    _, exclusion = sides(text)
    assert [n for _, n in exclusion] == [2]
    assert exclusion[0][0].startswith("Exclusion Criteria for Dose Expansion")
    assert sides(flat(text))[1] == [("Exclusion Criteria for Dose Expansion", 2)]


# --- a word naming the criteria's kind -----------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(CRITERIA_KINDS))
def test_a_kind_between_the_side_and_criteria_keeps_a_side_header(kind: str) -> None:
    text = f"Inclusion {kind.title()} Criteria:\n* Adults\n* Consent\n\nExclusion {kind.title()} Criteria:\n* HIV"
    expected = ([("Adults", 0), ("Consent", 0)], [("HIV", 0)])
    assert sides(text) == expected
    assert sides(flat(text)) == expected  # run into the line, with its colon


def test_a_word_of_no_kind_there_makes_no_header() -> None:
    text = "Inclusion Criteria:\n* Adults\n* Inclusion Hospital Criteria: see appendix\n* Consent"
    assert sides(text) == ([("Adults", 0), ("Inclusion Hospital Criteria: see appendix", 0), ("Consent", 0)], [])


def test_a_kind_in_a_sentence_makes_no_header() -> None:
    text = "Inclusion Criteria:\n* Adults meeting the inclusion selection criteria of the parent study\n* Consent"
    assert sides(text) == ([("Adults meeting the inclusion selection criteria of the parent study", 0), ("Consent", 0)], [])


def test_a_kinds_header_with_a_dash_subtitle_inside_a_flattened_bullet_stays_its_text() -> None:
    # without a colon the words name a part ("PART 2 … - EXPANSION"): a header run into the line needs it
    text = "Inclusion Criteria: * Adults * PART 2 INCLUSION ENTRY CRITERIA - EXPANSION * Consent"
    inclusion, exclusion = sides(text)
    assert exclusion == []
    assert "PART 2 INCLUSION ENTRY CRITERIA - EXPANSION" in " ".join(t for t, _ in inclusion)


# --- a dash glued to "criteria" where the colon would stand ----------------------------------


@pytest.mark.parametrize("dash", ["-", "–"])
def test_a_dash_glued_to_criteria_ends_a_side_header(dash: str) -> None:
    text = f"Inclusion criteria{dash}\n\n* Adults\n* Consent\n\nExclusion Criteria{dash}\n\n* Pregnancy"
    assert sides(text) == ([("Adults", 0), ("Consent", 0)], [("Pregnancy", 0)])


def test_a_dash_ending_a_headers_line_after_its_colon_is_its_punctuation() -> None:
    text = "Inclusion criteria: -\n\nPatients meeting all of the following are eligible:\n\n1. Adults\n2. Consent\n\n"
    text += "Exclusion criteria: -\n\n1. Pregnancy"
    criteria, issues = parse_criteria(text)
    assert outline(criteria.inclusion) == [("Adults", 0), ("Consent", 0)]
    assert outline(criteria.exclusion) == [("Pregnancy", 0)]
    assert criteria.notes == ("Patients meeting all of the following are eligible:",)
    assert not [i for i in issues if i.code == "criteria.empty_item"]


def test_a_dash_glued_to_a_cohorts_criteria_heads_its_items_and_its_line_text_leads_in() -> None:
    text = (
        "Inclusion Criteria:\n\n* Adults\n\nDonor Inclusion Criteria- Donors are eligible on the basis of\n\n"
        "1. a matching blood group, and\n2. a negative screen.\n\nExclusion Criteria- none"
    )
    criteria, issues = parse_criteria(text)
    assert outline(criteria.inclusion) == [("Adults", 0), ("Donor Inclusion Criteria-", 2)]
    assert criteria_problems(text, criteria, issues) == []  # the dash stays in the heading's text, as written
    assert criteria.exclusion == ()
    assert criteria.notes == ("Donors are eligible on the basis of", "none")


@pytest.mark.parametrize(
    "line",
    ["Inclusion Criteria-based screening applies to everyone.", "Exclusion criteria-free survival is recorded."],
)
def test_a_dash_starting_a_word_after_criteria_makes_no_header(line: str) -> None:
    # near misses: the dash joins two words
    criteria, _ = parse_criteria(f"{line}\n\n* Adults\n* Consent")
    assert criteria.exclusion == ()
    assert line in criteria.notes or any(c.text == line for c in criteria.inclusion)


# --- titles after the colons of a side's repeated headers ---------------------------------------

ARMS = (
    "Inclusion Criteria: Arm 1\n\n* Adults\n* Consent\n\n"
    "Exclusion Criteria: Arm 1\n\n* Pregnancy\n\n"
    "Inclusion Criteria: Arm 2\n\n* Children\n\n"
    "Exclusion Criteria: Arm 2\n\n* Prior vaccine\n* Fever\n"
)
PHASES = (
    "Inclusion Criteria: Dose Escalation\n\n1. Solid tumour\n2. No standard therapy\n\n"
    "Inclusion Criteria: Dose Expansion\n\n1. Measurable disease\n\n"
    "Exclusion Criteria:\n\n1. Brain metastases\n"
)


def test_numbered_titles_after_repeated_headers_head_their_items() -> None:
    assert sides(ARMS) == ([("Arm 1", 2), ("Arm 2", 1)], [("Arm 1", 1), ("Arm 2", 2)])


def test_titles_on_one_side_only_head_that_sides_items() -> None:
    assert sides(PHASES) == ([("Dose Escalation", 2), ("Dose Expansion", 1)], [("Brain metastases", 0)])


def test_lower_case_names_after_repeated_headers_head_their_items() -> None:
    text = (
        "Inclusion criteria: healthy volunteers\n* Age 18-45\n* Consent\n"
        "Exclusion criteria: healthy volunteers\n* Smoking\n"
        "Inclusion criteria: patients with gout\n* Serum urate above normal\n"
        "Exclusion criteria: patients with gout\n* Renal failure\n* Pregnancy\n"
    )
    assert sides(text) == (
        [("healthy volunteers", 2), ("patients with gout", 1)],
        [("healthy volunteers", 1), ("patients with gout", 2)],
    )


def test_a_lone_headers_lower_case_text_stays_its_first_criterion() -> None:
    text = "Inclusion criteria: healthy volunteers\n* Age 18-45\nExclusion criteria:\n* Smoking\n"
    assert sides(text) == ([("healthy volunteers", 0), ("Age 18-45", 0)], [("Smoking", 0)])


def test_criteria_after_repeated_headers_colons_stay_criteria() -> None:
    # sentences and values are no titles, whatever the headers around them
    text = (
        "Inclusion Criteria: Adults with a solid tumour.\n* Consent\n"
        "Inclusion Criteria: Platelets >= 100 x 10^9/L\n* ECOG 0-1\n"
        "Inclusion Criteria: adults who have had at least two prior lines of therapy\n* Biopsy\n"
    )
    assert sides(text) == (
        [
            ("Adults with a solid tumour.", 0),
            ("Consent", 0),
            ("Platelets >= 100 x 10^9/L", 0),
            ("ECOG 0-1", 0),
            ("adults who have had at least two prior lines of therapy", 0),
            ("Biopsy", 0),
        ],
        [],
    )


# --- a header that names no cohort over unit headings -------------------------------------------


def test_a_unit_specific_header_with_an_aside_over_unit_headings_is_the_sides_again() -> None:
    text = (
        "Inclusion Criteria:\n\n* Adults\n\nKey Exclusion Criteria:\n\n* Pregnancy\n\n"
        "Arm-specific exclusion criteria (n=20 per arm):\n\n"
        "Arm A:\n\n* Prior taxane\n\nArm B:\n\n* Prior platinum\n* Neuropathy\n"
    )
    assert sides(text) == ([("Adults", 0)], [("Pregnancy", 0), ("Arm A", 1), ("Arm B", 2)])


def test_a_group_specific_header_on_the_exclusion_side_reads_alike() -> None:
    text = "Inclusion Criteria:\n* Adults\n\nGroup-specific exclusion criteria:\n\nGroup 1:\n\n* Taxane\n\nGroup 2:\n\n* Fever\n"
    assert sides(text) == ([("Adults", 0)], [("Group 1", 1), ("Group 2", 1)])


# --- a footnote heading whose sign a lead-in sets on a word --------------------------------------


@pytest.mark.parametrize("mark", ["\\*", "*", "†", "‡"])
def test_a_footnote_heading_whose_mark_the_lead_in_sets_heads_the_members_after_it(mark: str) -> None:
    text = (
        f"Inclusion Criteria:\n\n* Adults\n* Stable or progressive{mark} disease as defined below:\n* Measurable lesion\n\n"
        f"  {mark}Progressive disease:\n* New lesion on imaging\n* Rising tumour marker\n"
    )
    criteria, _ = parse_criteria(text)
    lead = criteria.inclusion[1]
    assert [(c.text.lstrip("*†‡"), len(c.children)) for c in lead.children] == [
        ("Measurable lesion", 0),
        ("Progressive disease", 2),
    ]
    assert criteria.notes == ()


def test_a_footnote_heading_whose_word_the_lead_in_leaves_unmarked_stays_a_note() -> None:
    text = (
        "Inclusion Criteria:\n\n* Adults\n* Stable† or progressive disease as defined below:\n* Measurable lesion\n\n"
        "  †Progressive disease:\n* New lesion on imaging\n"
    )
    criteria, _ = parse_criteria(text)
    assert criteria.notes == ("†Progressive disease:",)
    assert outline(criteria.inclusion[1].children) == [("Measurable lesion", 0)]


# --- a side's words inside a sentence are no header, a kind's word between them or not -------


@pytest.mark.parametrize(
    "line",
    [
        "Prior enrollment in any study using Inclusion Selection Criteria: allowed",  # review 9, MEDIUM 5
        "Prior enrollment in any study using Inclusion Eligibility Criteria: allowed",
        "Prior enrollment in any study using Exclusion Entry Criteria: allowed",
    ],
)
def test_a_sides_words_with_a_kind_inside_a_sentence_are_no_header(line: str) -> None:
    assert sides(f"Inclusion Criteria:\n* {line}\n* Adults\n") == ([(line, 0), ("Adults", 0)], [])


@pytest.mark.parametrize(
    "line",
    [
        "Patients fulfilling exclusion entry criteria: per protocol section 5",  # review 9, MEDIUM 5
        "Patients fulfilling exclusion eligibility criteria: per protocol section 5",
        "Patients fulfilling exclusion criteria: per protocol section 5",
        "Participants meeting Exclusion Selection Criteria: see section 5",
    ],
)
def test_a_line_whose_verb_takes_a_sides_words_as_its_object_is_no_header(line: str) -> None:
    """No leak: the items after it stay on the inclusion side."""
    text = f"Inclusion Criteria:\n* Adults\n* {line}\n* Consent\n"
    assert sides(text) == ([("Adults", 0), (line, 0), ("Consent", 0)], [])


# --- short criteria after repeated headers: no titles unless they tell lists of a kind apart --


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Age 18 or older", "Signed consent"),  # review 9, MEDIUM 6
        ("Adults", "Consent"),
        ("ECOG 0-1", "Measurable disease"),
        ("age 18 or older", "signed consent"),
    ],
)
def test_short_criteria_after_repeated_headers_stay_criteria(first: str, second: str) -> None:
    text = f"Inclusion Criteria: {first}\n* ECOG 0-1\nInclusion Criteria: {second}\n* Adequate function"
    assert sides(text) == ([(first, 0), ("ECOG 0-1", 0), (second, 0), ("Adequate function", 0)], [])


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Stratum 1", "Stratum 2"),
        ("Screening Eligibility", "Treatment Eligibility"),
        ("atopic patients", "healthy subjects"),
        ("Part A", "Part B"),
    ],
)
def test_titles_telling_a_sides_lists_apart_head_their_items(first: str, second: str) -> None:
    text = f"Inclusion Criteria: {first}\n* ECOG 0-1\nInclusion Criteria: {second}\n* Adequate function"
    assert sides(text) == ([(first, 1), (second, 1)], [])
