"""Flattened criteria: every line of a text joined by one space, as some scrapers and registries
give it. The side headers then stand inside a line; they must still be found, and words that
only mention a side inside a sentence must not become one.

(a) small cases, one per class of header written into a line (and the prose that must stay
text); (b) the hand-checked outlines whose nesting never rests on indentation alone, flattened:
their top-level outline (each item's label and number of children) must carry over.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, read_page
from trialparse import Criterion, parse_criteria

Top = list[tuple[str | None, str, int]]


def _top(items: tuple[Criterion, ...]) -> Top:
    return [(i.label, " ".join(i.text.split()), len(i.children)) for i in items]


# (text, inclusion's top level, exclusion's top level): what a careful reader gives.
HEADERS: dict[str, tuple[str, Top, Top]] = {
    "colon-then-text": (
        "Inclusion Criteria: Adults aged 18 or older Exclusion Criteria: Those who refuse to take part",
        [(None, "Adults aged 18 or older", 0)],
        [(None, "Those who refuse to take part", 0)],
    ),
    "colon-glued-to-text-after-a-dash": (
        "Inclusion Criteria:Age over 18 years - Exclusion Criteria:No drug used in the last 14 days",
        [(None, "Age over 18 years", 0)],
        [(None, "No drug used in the last 14 days", 0)],
    ),
    "no-colon-before-a-numbered-list": (
        "Inclusion Criteria: 1. Back pain 2. Pain score above 5 on NPRS Exclusion Criteria 1. Lumbar fracture 2. Spinal tumour",
        [("1", "Back pain", 0), ("2", "Pain score above 5 on NPRS", 0)],
        [("1", "Lumbar fracture", 0), ("2", "Spinal tumour", 0)],
    ),
    "key-header-without-colon": (
        "Key inclusion criteria * Age 50 years or older * Active disease Key exclusion criteria * Prior surgery * Pregnancy",
        [(None, "Age 50 years or older", 0), (None, "Active disease", 0)],
        [(None, "Prior surgery", 0), (None, "Pregnancy", 0)],
    ),
    "capitals-without-colon": (
        "INCLUSION CRITERIA * Adults * Asthma for a year EXCLUSION CRITERIA * Smokers * Pregnancy",
        [(None, "Adults", 0), (None, "Asthma for a year", 0)],
        [(None, "Smokers", 0), (None, "Pregnancy", 0)],
    ),
    "numbered-sections-with-parenthesised-items": (
        "1) Inclusion Criteria (1) Women aged 20 to 70 years (2) Untreated cancer 2) Exclusion Criteria"
        " (1) Prior radiotherapy (2) Pregnancy",
        [("1", "Women aged 20 to 70 years", 0), ("2", "Untreated cancer", 0)],
        [("1", "Prior radiotherapy", 0), ("2", "Pregnancy", 0)],
    ),
    "capital-letters-after-the-colon": (
        "Inclusion Criteria: * Adults over 50 years. Exclusion Criteria: A. Refusal of consent B. Psychiatric illness",
        [(None, "Adults over 50 years.", 0)],
        [("A", "Refusal of consent", 0), ("B", "Psychiatric illness", 0)],
    ),
    "escaped-numbers-after-the-colon": (
        "Inclusion Criteria: 1\\. Age 18 to 65 years 2\\. Type 2 diabetes Exclusion Criteria: 1\\. Type 1 diabetes"
        " 2\\. Kidney failure",
        [("1", "Age 18 to 65 years", 0), ("2", "Type 2 diabetes", 0)],
        [("1", "Type 1 diabetes", 0), ("2", "Kidney failure", 0)],
    ),
    "escaped-dash-after-the-colon": (
        "Inclusion criteria: * Adults * Food allergy Exclusion criteria: \\- Patients in other trials",
        [(None, "Adults", 0), (None, "Food allergy", 0)],
        [(None, "Patients in other trials", 0)],
    ),
    "circled-numbers-after-the-colon": (
        "Inclusion Criteria: ①Age 18-65 years; ②Knee osteoarthritis. Exclusion Criteria: ①Prior knee surgery; ②Recent injection.",
        [("1", "Age 18-65 years;", 0), ("2", "Knee osteoarthritis.", 0)],
        [("1", "Prior knee surgery;", 0), ("2", "Recent injection.", 0)],
    ),
    "colon-dash-before-bullets": (
        "Inclusion Criteria:- * Biopsy proven cancer * Fit for radiotherapy Exclusion Criteria:- * Prior surgery * Metastases",
        [(None, "Biopsy proven cancer", 0), (None, "Fit for radiotherapy", 0)],
        [(None, "Prior surgery", 0), (None, "Metastases", 0)],
    ),
    "bold-headers": (
        "**Inclusion Criteria** * Age 18 to 65 years * Psoriasis **Exclusion Criteria** * Prior biologic therapy * Tuberculosis",
        [(None, "Age 18 to 65 years", 0), (None, "Psoriasis", 0)],
        [(None, "Prior biologic therapy", 0), (None, "Tuberculosis", 0)],
    ),
    "bare-side-words": (
        "Inclusion: * Adults with pneumonia * Onset within 7 days Exclusion: * Hospital-acquired pneumonia * Pregnancy",
        [(None, "Adults with pneumonia", 0), (None, "Onset within 7 days", 0)],
        [(None, "Hospital-acquired pneumonia", 0), (None, "Pregnancy", 0)],
    ),
    "after-a-word-that-also-ends-sentences": (
        "Inclusion Criteria: * Sexually active * IIEF score 22 and below Exclusion Criteria: * Premature ejaculation"
        " * Heart disease",
        [(None, "Sexually active", 0), (None, "IIEF score 22 and below", 0)],
        [(None, "Premature ejaculation", 0), (None, "Heart disease", 0)],
    ),
    "qualifier-run-in-after-a-header": (
        "Inclusion Criteria: * Adults Exclusion Criteria: GENERAL EXCLUSION CRITERIA: * Unwilling to take part * Prior surgery",
        [(None, "Adults", 0)],
        [(None, "Unwilling to take part", 0), (None, "Prior surgery", 0)],
    ),
    "lead-in-sentence-over-a-numbered-list": (
        "Inclusion Criteria: Subjects who meet each of the following criteria are eligible for inclusion: 1. Adults"
        " 2. Informed consent Exclusion Criteria: 1. Pregnancy 2. Prior treatment",
        [("1", "Adults", 0), ("2", "Informed consent", 0)],
        [("1", "Pregnancy", 0), ("2", "Prior treatment", 0)],
    ),
    "first-bullet-naming-the-side": (
        "Inclusion Criteria: * Adults Exclusion Criteria: * Patients are to be excluded from the study if they have any of"
        " the following: * Brain metastases * Autoimmune disease",
        [(None, "Adults", 0)],
        [(None, "Brain metastases", 0), (None, "Autoimmune disease", 0)],
    ),
    "criterion-then-bullets-on-the-header-line": (
        "Inclusion Criteria: Adults with chronic migraine * At least 8 headache days a month * Signed consent"
        " Exclusion Criteria: Patients with * active infection, * pregnancy",
        [(None, "Adults with chronic migraine", 0), (None, "At least 8 headache days a month", 0), (None, "Signed consent", 0)],
        [(None, "active infection,", 0), (None, "pregnancy", 0)],
    ),
    "no-colon-then-a-lead-in-sentence": (
        "Inclusion Criteria: 1. Adults 2. Consent Exclusion Criteria Subjects meeting any of the following criteria will"
        " not be eligible for participation: 1. Prior treatment 2. Allergy to the drug",
        [("1", "Adults", 0), ("2", "Consent", 0)],
        [("1", "Prior treatment", 0), ("2", "Allergy to the drug", 0)],
    ),
    "a-closing-parenthesis-or-value-before-the-header-is-the-item's": (
        "Inclusion Criteria: * Adults (grade 2) * ECOG 2. Exclusion Criteria: * Pregnancy",
        [(None, "Adults (grade 2)", 0), (None, "ECOG 2.", 0)],
        [(None, "Pregnancy", 0)],
    ),
    "a-full-stop-before-a-list": (
        "Inclusion criteria. * Children over 6 * Signed consent Exclusion criteria. * Unstable asthma * Smokers",
        [(None, "Children over 6", 0), (None, "Signed consent", 0)],
        [(None, "Unstable asthma", 0), (None, "Smokers", 0)],
    ),
    "every-group-in-parentheses-or-after-for": (
        "Inclusion Criteria (All Cohorts): * Adults * Consent Exclusion Criteria for all groups: * Prior therapy * Pregnancy",
        [(None, "Adults", 0), (None, "Consent", 0)],
        [(None, "Prior therapy", 0), (None, "Pregnancy", 0)],
    ),
    "cohort-headers-after-for": (
        "Inclusion Criteria: * Adults Exclusion Criteria: * Smokers Inclusion Criteria for Controls: * Healthy"
        " Exclusion Criteria for Controls: * Allergy",
        [(None, "Adults", 0), (None, "Inclusion Criteria for Controls", 1)],
        [(None, "Smokers", 0), (None, "Exclusion Criteria for Controls", 1)],
    ),
    "capitals-without-colon-before-text": (
        "INCLUSION CRITERIA Subjects must be medically healthy. EXCLUSION CRITERIA Persons having taken antidepressants",
        [(None, "Subjects must be medically healthy.", 0)],
        [(None, "Persons having taken antidepressants", 0)],
    ),
    "title-case-without-colon-before-text": (
        "Inclusion criteria Patients with cirrhosis of any cause Exclusion criteria Contraindications to an MRI scan",
        [(None, "Patients with cirrhosis of any cause", 0)],
        [(None, "Contraindications to an MRI scan", 0)],
    ),
    "one-paragraph-sides": (
        "Inclusion Criteria: Otherwise healthy men with ED, who must have had one attempt at intercourse in the last"
        " 3 months. Exclusion Criteria: Any significant heart or lung disease",
        [(None, "Otherwise healthy men with ED, who must have had one attempt at intercourse in the last 3 months.", 0)],
        [(None, "Any significant heart or lung disease", 0)],
    ),
}

# Header words inside sentences: the text stays where it is, no side is opened.
PROSE: dict[str, tuple[str, Top, Top]] = {
    "lower-case-topic-with-its-text": (
        "Inclusion Criteria: * Adults * cardiovascular exclusion criteria: history of angina",
        [(None, "Adults", 0), (None, "cardiovascular exclusion criteria: history of angina", 0)],
        [],
    ),
    "meets-the-criteria-of-another-study": (
        "Inclusion Criteria: * Adults who meet the inclusion criteria of study X * Consent",
        [(None, "Adults who meet the inclusion criteria of study X", 0), (None, "Consent", 0)],
        [],
    ),
    "a-reference-to-a-numbered-criterion": (
        "Inclusion Criteria: * Adults * Psoriasis untreated (see Exclusion Criteria 5) * Consent",
        [(None, "Adults", 0), (None, "Psoriasis untreated (see Exclusion Criteria 5)", 0), (None, "Consent", 0)],
        [],
    ),
    "per-a-criterion-above": (
        "Inclusion Criteria: * Adults * Stable disease per Inclusion Criteria 1) above * Consent",
        [(None, "Adults", 0), (None, "Stable disease per Inclusion Criteria 1) above", 0), (None, "Consent", 0)],
        [],
    ),
    "any-of-the-criteria-with-a-colon": (
        "Inclusion Criteria: * Patients must not meet any Exclusion Criteria: see section 5 * Consent",
        [(None, "Patients must not meet any Exclusion Criteria: see section 5", 0), (None, "Consent", 0)],
        [],
    ),
    "numbers-without-a-marker": (
        "Inclusion Criteria: * Adults * Exclusion criteria 3 and 4 do not apply to children",
        [(None, "Adults", 0), (None, "Exclusion criteria 3 and 4 do not apply to children", 0)],
        [],
    ),
    "a-capital-header-word-glued-to-a-dash": (
        "Inclusion Criteria: * Adults * Case Inclusion Criteria- Cases with food allergy",
        [(None, "Adults", 0), (None, "Case Inclusion Criteria- Cases with food allergy", 0)],
        [],
    ),
    "a-full-stop-after-lower-case-words": (
        "Inclusion Criteria: * Adults who fail screening exclusion criteria. * Consent",
        [(None, "Adults who fail screening exclusion criteria.", 0), (None, "Consent", 0)],
        [],
    ),
    "meets-the-criteria-for-this-study": (
        "Inclusion Criteria: * Adults who meet the exclusion criteria for this study: none * Consent",
        [(None, "Adults who meet the exclusion criteria for this study: none", 0), (None, "Consent", 0)],
        [],
    ),
    "a-number-after-the-words-is-a-reference": (
        "Inclusion Criteria: * Adults * Infants meeting Inclusion Criteria 1-4 of the main study",
        [(None, "Adults", 0), (None, "Infants meeting Inclusion Criteria 1-4 of the main study", 0)],
        [],
    ),
    "a-verb-after-the-words": (
        "Inclusion Criteria: * Adults * Local Exclusion Criteria Apply As Written",
        [(None, "Adults", 0), (None, "Local Exclusion Criteria Apply As Written", 0)],
        [],
    ),
    "lower-case-words-then-a-sentence": (
        "Inclusion Criteria: * Adults * the inclusion criteria Patients must meet are listed: 1. above",
        [(None, "Adults", 0), (None, "the inclusion criteria Patients must meet are listed: 1. above", 0)],
        [],
    ),
}


def _check(text: str, inclusion: Top, exclusion: Top) -> None:
    criteria, _ = parse_criteria(text)
    assert (_top(criteria.inclusion), _top(criteria.exclusion)) == (inclusion, exclusion)


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_a_header_run_into_the_line_is_found(name: str) -> None:
    _check(*HEADERS[name])


@pytest.mark.parametrize("name", sorted(PROSE))
def test_header_words_inside_a_sentence_stay_text(name: str) -> None:
    _check(*PROSE[name])


# --- (b) the hand-checked outlines, flattened ----------------------------------------------------

_FAMILIES = (
    ("num", re.compile(r"[0-9]+")),
    ("roman", re.compile(r"[ivxlc]+")),
    ("lower", re.compile(r"[a-z]")),
    ("upper", re.compile(r"[A-Z]")),
)


def _family(label: str | None) -> str:
    if label is None:
        return "bullet"
    return next((name for name, pattern in _FAMILIES if pattern.fullmatch(label)), "other")


def _carries(items: list[dict[str, Any]], parent: str | None = None) -> bool:
    """Whether the nesting is told by the markers alone (each child's family differs from its
    parent's), so that it survives the loss of line breaks and indentation."""
    for item in items:
        if parent is not None and _family(item["label"]) == parent:
            return False
        if item["children"] and not _carries(item["children"], _family(item["label"])):
            return False
    return True


def _flattenable() -> list[Path]:
    """Outlines the parser reads in their layout, whose nesting carries over, without group
    headings (a group heading is told by its own line)."""
    out = []
    for case in sorted((FIXTURES / "criteria").glob("*.txt")):
        expected = json.loads(case.with_suffix(".outline.json").read_bytes())
        sides = expected["inclusion"] + expected["exclusion"]
        if "xfail" in expected or not (_carries(expected["inclusion"]) and _carries(expected["exclusion"])):
            continue
        if any(i["label"] is None and i["children"] for i in sides):
            continue
        out.append(case)
    return out


# The share of flattenable outlines whose top level the parser gives flattened: 125 of 144
# (86.8 %); the bound sits a case below. The misses are markers run into items (a digit after
# a marker, an unclosed parenthesis, sub-items without a colon, single-spaced legacy dashes),
# a few unmarked paragraphs that flattening merges, and guesses the parser reports.
MIN_FLAT_SHARE = 0.86


def test_flattened_outlines_keep_their_top_level() -> None:
    cases = _flattenable()
    assert len(cases) >= 120
    misses = []
    for case in cases:
        expected = json.loads(case.with_suffix(".outline.json").read_bytes())
        criteria, _ = parse_criteria(re.sub(r"\s*\n\s*", " ", read_page(case)))
        got = [[(i.label, len(i.children)) for i in side] for side in (criteria.inclusion, criteria.exclusion)]
        want = [[(i["label"], len(i["children"])) for i in expected[side]] for side in ("inclusion", "exclusion")]
        if got != want:
            misses.append(case.stem)
    print(f"flattened: {len(cases) - len(misses)}/{len(cases)} right; misses: {' '.join(misses)}")
    assert len(cases) - len(misses) >= MIN_FLAT_SHARE * len(cases), misses
