"""Tables for the quick-fact normalisers: each value read alone, then on a small page.

Rows are grouped by origin (see ``tests/_rows.py``). Every table runs twice: against the
normaliser in ``trialparse.facts`` (typed value, or ``FactError`` with code and severity),
and through ``trialparse.parse`` on a page holding the value as a glued quick fact (the
field, or the field left empty plus an ``Issue`` whose span is the value).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from tests._rows import CONTRACT, EDGE, REAL, REFERENCE, Fails, codes, facts_page, issues_with, row
from tests.conftest import FIXTURES, read_page
from trialparse import (
    Age,
    AgeRange,
    AgeUnit,
    Enrollment,
    EnrollmentStatus,
    Listing,
    ListingError,
    Locations,
    Phase,
    QuickFacts,
    Severity,
    Sex,
    Site,
    Sponsor,
    SponsorClass,
    StudyType,
    parse,
)
from trialparse.facts import FactError, parse_ages, parse_enrollment, parse_phases, parse_sex, parse_sponsor, parse_study_type

P1, P2, P3, P4, NA, EARLY = Phase.PHASE1, Phase.PHASE2, Phase.PHASE3, Phase.PHASE4, Phase.NA, Phase.EARLY_PHASE1
EST, ACT = EnrollmentStatus.ESTIMATED, EnrollmentStatus.ACTUAL
Y, MO, WK, D, H, MIN = AgeUnit.YEARS, AgeUnit.MONTHS, AgeUnit.WEEKS, AgeUnit.DAYS, AgeUnit.HOURS, AgeUnit.MINUTES
HUGE = "1" * 100_000  # far past int()'s 4300-digit limit for str -> int
HUGE_WITH_COMMAS = "1" + ",000" * 33_334


def ages(low: tuple[int, AgeUnit] | None, high: tuple[int, AgeUnit] | None) -> AgeRange:
    return AgeRange(Age(*low) if low else None, Age(*high) if high else None)


def assert_fact(listing: Listing, page: str, field: str, value: str, expected: object, empty: object) -> None:
    """The page gives ``expected`` for ``field``; or, for ``Fails``, the empty value and that issue on the value."""
    got = getattr(listing.facts, field)
    if isinstance(expected, Fails):
        assert got == empty
        found = issues_with(listing, expected.code)
        assert len(found) == 1, listing.issues
        assert found[0].severity is expected.severity
        assert found[0].span is not None
        assert page[found[0].span.start : found[0].span.end] == value.strip()
    else:
        assert got == expected
        assert codes(listing, "facts.") == []


def assert_normaliser(read: object, value: str, expected: object) -> None:
    assert callable(read)
    if isinstance(expected, Fails):
        with pytest.raises(FactError) as err:
            read(value)
        assert (err.value.code, err.value.severity) == (expected.code, expected.severity)
        assert err.value.message  # says what it saw
    else:
        assert read(value) == expected


# --- phase ------------------------------------------------------------------------------

PHASE_UNREADABLE = Fails("facts.phase_unreadable")
REAL_PHASES = [  # (record, value on the page, the record's phases)
    ("NCT00000410", "PHASE4", (P4,)),
    ("NCT03236753", "NA", (NA,)),
    ("NCT00124774", "PHASE3", (P3,)),
    ("NCT00405041", "PHASE2/PHASE3", (P2, P3)),
    ("NCT01640457", "PHASE1/PHASE2", (P1, P2)),
]
PHASES = [
    row(REFERENCE, "PHASE1", (P1,)),
    *(row(REAL, value, want, id=nct) for nct, value, want in REAL_PHASES),
    row(CONTRACT, "PHASE1/PHASE2", (P1, P2)),
    row(CONTRACT, "PHASE2, PHASE3", (P2, P3)),
    row(CONTRACT, "Phase 1", (P1,)),
    row(CONTRACT, "Phase 1/2", (P1, P2)),
    row(CONTRACT, "Phase I/II", (P1, P2)),
    row(CONTRACT, "Early Phase 1", (EARLY,)),
    row(CONTRACT, "EARLY_PHASE1", (EARLY,)),
    row(CONTRACT, "N/A", (NA,)),
    row(CONTRACT, "Not Applicable", (NA,)),
    row(EDGE, "Phase II/III", (P2, P3)),
    row(EDGE, "Phase IV", (P4,)),
    row(EDGE, "phase 3", (P3,)),
    row(EDGE, "Phase 2b", (P2,)),
    row(EDGE, "Phase 1/Phase 2", (P1, P2)),
    row(EDGE, "Early Phase I", (EARLY,)),
    row(EDGE, "PHASE1/PHASE1", (P1,), id="repeated phase"),
    row(EDGE, "", PHASE_UNREADABLE, id="empty"),
    row(EDGE, "banana", PHASE_UNREADABLE),
    row(EDGE, "Phase 5", PHASE_UNREADABLE),
    row(EDGE, "Phase 12", PHASE_UNREADABLE),
    row(EDGE, "Interventional", PHASE_UNREADABLE),
]


@pytest.mark.parametrize(("value", "expected"), PHASES)
def test_parse_phases_reads_each_spelling(value: str, expected: object) -> None:
    assert_normaliser(parse_phases, value, expected)


@pytest.mark.parametrize(("value", "expected"), PHASES)
def test_phase_fact_on_a_page(value: str, expected: object) -> None:
    page = facts_page("Phase" + value)
    assert_fact(parse(page), page, "phases", value, expected, ())


# --- study type -------------------------------------------------------------------------

STUDY_TYPE_UNREADABLE = Fails("facts.study_type_unreadable")
REAL_STUDY_TYPES = [
    ("NCT00000410", "Interventional", StudyType.INTERVENTIONAL),
    ("NCT02889484", "Observational", StudyType.OBSERVATIONAL),
]
STUDY_TYPES = [
    row(REFERENCE, "Interventional", StudyType.INTERVENTIONAL),
    *(row(REAL, value, want, id=nct) for nct, value, want in REAL_STUDY_TYPES),
    row(CONTRACT, "Observational", StudyType.OBSERVATIONAL),
    row(CONTRACT, "Expanded Access", StudyType.EXPANDED_ACCESS),
    row(EDGE, "INTERVENTIONAL", StudyType.INTERVENTIONAL),
    row(EDGE, "EXPANDED_ACCESS", StudyType.EXPANDED_ACCESS),
    row(EDGE, "expanded access", StudyType.EXPANDED_ACCESS),
    row(EDGE, "Observational [Patient Registry]", StudyType.OBSERVATIONAL),
    row(EDGE, "Randomised", STUDY_TYPE_UNREADABLE),
    row(EDGE, "", STUDY_TYPE_UNREADABLE, id="empty"),
]


@pytest.mark.parametrize(("value", "expected"), STUDY_TYPES)
def test_parse_study_type_reads_each_spelling(value: str, expected: object) -> None:
    assert_normaliser(parse_study_type, value, expected)


@pytest.mark.parametrize(("value", "expected"), STUDY_TYPES)
def test_study_type_fact_on_a_page(value: str, expected: object) -> None:
    page = facts_page("Study type" + value)
    assert_fact(parse(page), page, "study_type", value, expected, None)


# --- enrollment -------------------------------------------------------------------------

OUT_OF_RANGE = Fails("facts.enrollment_out_of_range")
ENROLLMENT_UNREADABLE = Fails("facts.enrollment_unreadable")
REAL_ENROLLMENTS = [
    ("NCT00000410", "501 (actual)", Enrollment(501, ACT)),
    ("NCT00124774", "50 (estimated)", Enrollment(50, EST)),
    ("NCT02889484", "7500 (actual)", Enrollment(7500, ACT)),
    ("NCT06508918", "1 (actual)", Enrollment(1, ACT)),
    ("NCT00220935", "150", Enrollment(150, None)),
]
ENROLLMENTS = [
    row(REFERENCE, "150 (estimated)", Enrollment(150, EST)),
    *(row(REAL, value, want, id=nct) for nct, value, want in REAL_ENROLLMENTS),
    row(CONTRACT, "150 participants (actual)", Enrollment(150, ACT)),
    row(CONTRACT, "1,200 (Estimated)", Enrollment(1200, EST)),
    row(CONTRACT, "150", Enrollment(150, None)),
    row(CONTRACT, "0 (actual)", Enrollment(0, ACT)),
    row(CONTRACT, HUGE, OUT_OF_RANGE, id="100000 digits"),
    row(CONTRACT, "-5", OUT_OF_RANGE),
    row(CONTRACT, "-5 (actual)", OUT_OF_RANGE),
    row(EDGE, "150 (ACTUAL)", Enrollment(150, ACT)),
    row(EDGE, "1,000,000 (estimated)", Enrollment(1_000_000, EST)),
    row(EDGE, "999999999", Enrollment(999_999_999, None), id="9 digits, the largest count"),
    row(EDGE, "1234567890", OUT_OF_RANGE, id="10 digits"),
    row(EDGE, HUGE_WITH_COMMAS, OUT_OF_RANGE, id="100000 digits with thousands separators"),
    row(EDGE, "\u22125 (actual)", OUT_OF_RANGE, id="unicode minus"),
    row(EDGE, "150 (guessed)", ENROLLMENT_UNREADABLE),
    row(EDGE, "about 150", ENROLLMENT_UNREADABLE),
    row(EDGE, "1,20 (actual)", ENROLLMENT_UNREADABLE, id="misplaced thousands separator"),
    row(EDGE, "", ENROLLMENT_UNREADABLE, id="empty"),
]


@pytest.mark.parametrize(("value", "expected"), ENROLLMENTS)
def test_parse_enrollment_reads_count_and_status(value: str, expected: object) -> None:
    assert_normaliser(parse_enrollment, value, expected)


@pytest.mark.parametrize(("value", "expected"), ENROLLMENTS)
def test_enrollment_fact_on_a_page(value: str, expected: object) -> None:
    page = facts_page("Enrollment" + value)
    assert_fact(parse(page), page, "enrollment", value, expected, None)


def test_a_huge_count_is_beyond_int_s_own_digit_limit() -> None:
    """The precondition of the 100 000-digit rows: int() itself would raise on that text."""
    limit = sys.get_int_max_str_digits()
    assert 0 < limit < len(HUGE)
    with pytest.raises(ValueError, match="digits"):
        int(HUGE)


@pytest.mark.parametrize(
    "value",
    [
        row(CONTRACT, HUGE, id="100000 digits"),
        row(CONTRACT, "-150 (estimated)"),
        row(EDGE, HUGE + " participants (actual)", id="100000 digits, participants (actual)"),
    ],
)
def test_strict_mode_turns_an_absurd_count_into_listing_error_not_a_bare_value_error(value: str) -> None:
    page = facts_page("Enrollment: " + value)
    with pytest.raises(ListingError) as err:
        parse(page, strict=True)
    assert type(err.value) is ListingError
    assert "facts.enrollment_out_of_range" in [i.code for i in err.value.issues]


@pytest.mark.parametrize(
    "line",
    [
        row(CONTRACT, "Ages" + HUGE + " Years", id="ages of 100000 digits"),
        row(EDGE, "Ages18 Years to " + HUGE + " Years", id="maximum age of 100000 digits"),
        row(EDGE, "Locations" + HUGE + " sites", id="site count of 100000 digits"),
        row(EDGE, "Locations20 sites (Hefei, Anhui and " + HUGE + " other locations)", id="other count of 100000 digits"),
        row(EDGE, "Trial IDNCT" + HUGE, id="trial id of 100000 digits"),
    ],
)
def test_absurd_numbers_elsewhere_never_raise(line: str) -> None:
    listing = parse(facts_page(line))
    assert Listing.from_dict(listing.to_dict()) == listing


# --- ages -------------------------------------------------------------------------------

AGES_UNREADABLE = Fails("facts.ages_unreadable")
NO_NUMBERS = Fails("facts.ages_without_numbers", Severity.INFO)
REAL_AGES = [
    ("NCT00000410", "18 Years and older", ages((18, Y), None)),
    ("NCT05326594", "18 Months to 50 Years", ages((18, MO), (50, Y))),
    ("NCT05240586", "19 Years to 69 Years", ages((19, Y), (69, Y))),
]
AGES = [
    row(REFERENCE, "18 Years to 75 Years", ages((18, Y), (75, Y))),
    *(row(REAL, value, want, id=nct) for nct, value, want in REAL_AGES),
    row(CONTRACT, "18 Years and older", ages((18, Y), None)),
    row(CONTRACT, "Up to 17 Years", ages(None, (17, Y))),
    row(CONTRACT, "6 Months to 17 Years", ages((6, MO), (17, Y))),
    row(CONTRACT, "18+ years", ages((18, Y), None)),
    row(CONTRACT, "Child, Adult, Older Adult", NO_NUMBERS),
    row(
        CONTRACT,
        "18 to 75 years",
        ages((18, Y), (75, Y)),
    ),
    row(CONTRACT, "≥ 18 years", ages((18, Y), None)),
    row(CONTRACT, "2 Weeks to 12 Weeks", ages((2, WK), (12, WK))),
    row(CONTRACT, "1 Day to 6 Days", ages((1, D), (6, D))),
    row(CONTRACT, "12 Hours to 48 Hours", ages((12, H), (48, H))),
    row(CONTRACT, "30 Minutes to 59 Minutes", ages((30, MIN), (59, MIN))),
    row(CONTRACT, "18.5 Years", AGES_UNREADABLE, id="a fraction"),
    row(CONTRACT, "1234567 Years", AGES_UNREADABLE, id="7 digits"),
    row(CONTRACT, HUGE + " Years", AGES_UNREADABLE, id="100000 digits"),
    row(CONTRACT, "eighteen+", AGES_UNREADABLE),
    row(
        CONTRACT,
        "1 to 2 to 3 years",
        AGES_UNREADABLE,
        id="three ages",
    ),
    row(EDGE, "≥18 Years", ages((18, Y), None)),
    row(EDGE, "Under 18 years", ages(None, (18, Y))),
    row(EDGE, "< 65 years", ages(None, (65, Y))),
    row(EDGE, "≤ 65 years", ages(None, (65, Y))),
    row(EDGE, "18 - 70 years", ages((18, Y), (70, Y))),
    row(EDGE, "18-70 years", ages((18, Y), (70, Y))),
    row(EDGE, "0 Years to 17 Years", ages((0, Y), (17, Y))),
    row(EDGE, "18 Yrs to 75 Yrs", ages((18, Y), (75, Y))),
    row(EDGE, "18 Years and older (Adult, Older Adult)", ages((18, Y), None)),
    row(
        EDGE,
        "65 years or younger",
        ages(None, (65, Y)),
    ),
    row(EDGE, "Child", NO_NUMBERS),
    row(EDGE, "", AGES_UNREADABLE, id="empty"),
]


@pytest.mark.parametrize(("value", "expected"), AGES)
def test_parse_ages_reads_minimum_and_maximum(value: str, expected: object) -> None:
    assert_normaliser(parse_ages, value, expected)


@pytest.mark.parametrize(("value", "expected"), AGES)
def test_ages_fact_on_a_page(value: str, expected: object) -> None:
    page = facts_page("Ages" + value)
    assert_fact(parse(page), page, "ages", value, expected, None)


IN_YEARS = [
    row(REFERENCE, Age(18, Y), 18.0),
    row(REFERENCE, Age(75, Y), 75.0),
    row(CONTRACT, Age(6, MO), 0.5),
    row(CONTRACT, Age(18, MO), 1.5),
    row(CONTRACT, Age(1461, D), 4.0, id="1461 days are four years of 365.25 days"),
    row(CONTRACT, Age(365, D), 365 / 365.25),
    row(CONTRACT, Age(52, WK), 52 * 7 / 365.25),
    row(CONTRACT, Age(8766, H), 1.0, id="8766 hours are one year"),
    row(CONTRACT, Age(525_960, MIN), 1.0, id="525960 minutes are one year"),
    row(EDGE, Age(0, Y), 0.0),
]


@pytest.mark.parametrize(("age", "years"), IN_YEARS)
def test_age_in_years_converts_each_unit(age: Age, years: float) -> None:
    assert age.in_years == pytest.approx(years, rel=1e-12, abs=1e-12)
    assert isinstance(age.in_years, float)


def test_in_years_table_covers_every_unit() -> None:
    assert {p.values[0].unit for p in IN_YEARS if isinstance(p.values[0], Age)} == set(AgeUnit)


def test_reference_minimum_age_in_years() -> None:
    listing = parse(read_page(FIXTURES / "NCT06115902.txt"))
    assert listing.facts.ages is not None
    assert listing.facts.ages.minimum is not None
    assert listing.facts.ages.maximum is not None
    assert (listing.facts.ages.minimum.in_years, listing.facts.ages.maximum.in_years) == (18.0, 75.0)


# --- sex --------------------------------------------------------------------------------

SEX_UNREADABLE = Fails("facts.sex_unreadable")
SEXES = [
    row(REFERENCE, "All", Sex.ALL),
    row(REAL, "Male", Sex.MALE, id="NCT01534065"),
    row(CONTRACT, "All", Sex.ALL),
    row(CONTRACT, "Both", Sex.ALL),
    row(CONTRACT, "Female", Sex.FEMALE),
    row(CONTRACT, "Women only", Sex.FEMALE),
    row(CONTRACT, "Male", Sex.MALE),
    row(EDGE, "FEMALE", Sex.FEMALE),
    row(EDGE, "male", Sex.MALE),
    row(EDGE, "Men only", Sex.MALE),
    row(EDGE, "Male and Female", Sex.ALL),
    row(EDGE, "Other", SEX_UNREADABLE),
    row(EDGE, "", SEX_UNREADABLE, id="empty"),
]


@pytest.mark.parametrize(("value", "expected"), SEXES)
def test_parse_sex_reads_each_spelling(value: str, expected: object) -> None:
    assert_normaliser(parse_sex, value, expected)


@pytest.mark.parametrize(("value", "expected"), SEXES)
def test_sex_fact_on_a_page(value: str, expected: object) -> None:
    page = facts_page("Sex" + value)
    assert_fact(parse(page), page, "sex", value, expected, None)


# --- sponsor ----------------------------------------------------------------------------

REAL_SPONSORS = [
    (
        "NCT00000410",
        "Dartmouth-Hitchcock Medical Center (other)",
        Sponsor("Dartmouth-Hitchcock Medical Center", SponsorClass.OTHER),
    ),
    (
        "NCT00405041",
        "Tel-Aviv Sourasky Medical Center (other gov)",
        Sponsor("Tel-Aviv Sourasky Medical Center", SponsorClass.OTHER_GOV),
    ),
    ("NCT00415220", "McMorland, Gordon, D.C. (individual)", Sponsor("McMorland, Gordon, D.C.", SponsorClass.INDIV)),
    (
        "NCT04860609",
        "Aqua Medical Services (Pvt) Ltd (industry)",
        Sponsor("Aqua Medical Services (Pvt) Ltd", SponsorClass.INDUSTRY),
    ),
    ("NCT01978912", "Teijin America, Inc. (industry)", Sponsor("Teijin America, Inc.", SponsorClass.INDUSTRY)),
]
REFERENCE_SPONSOR = Sponsor("Chia Tai Tianqing Pharmaceutical Group Co., Ltd.", SponsorClass.INDUSTRY)
# (value, sponsor, whether the stage warns facts.sponsor_class_unknown)
SPONSORS = [
    row(REFERENCE, "Chia Tai Tianqing Pharmaceutical Group Co., Ltd. (industry)", REFERENCE_SPONSOR, False),
    *(row(REAL, value, want, False, id=nct) for nct, value, want in REAL_SPONSORS),
    row(CONTRACT, "Acme Pharma (industry)", Sponsor("Acme Pharma", SponsorClass.INDUSTRY), False),
    row(CONTRACT, "National Cancer Institute (NCI) (NIH)", Sponsor("National Cancer Institute (NCI)", SponsorClass.NIH), False),
    row(CONTRACT, "Mayo Clinic (other)", Sponsor("Mayo Clinic", SponsorClass.OTHER), False),
    row(CONTRACT, "Ministry of Health (other gov)", Sponsor("Ministry of Health", SponsorClass.OTHER_GOV), False),
    row(CONTRACT, "Children's Oncology Group (network)", Sponsor("Children's Oncology Group", SponsorClass.NETWORK), False),
    row(CONTRACT, "Jane Doe (individual)", Sponsor("Jane Doe", SponsorClass.INDIV), False),
    row(CONTRACT, "VA Office of Research (fed)", Sponsor("VA Office of Research", SponsorClass.FED), False),
    row(CONTRACT, "Some Group (ambiguous)", Sponsor("Some Group", SponsorClass.AMBIG), False),
    row(
        CONTRACT,
        "Acme Pharma (made up)",
        Sponsor("Acme Pharma (made up)", SponsorClass.UNKNOWN),
        True,
        id="unknown class: name kept whole",
    ),
    row(CONTRACT, "Acme Pharma", Sponsor("Acme Pharma", None), False, id="no parenthesis: class None"),
    row(EDGE, "Acme Pharma (Industry)", Sponsor("Acme Pharma", SponsorClass.INDUSTRY), False),
    row(EDGE, "Acme Pharma (INDUSTRY)", Sponsor("Acme Pharma", SponsorClass.INDUSTRY), False),
    row(EDGE, "Acme Pharma ( industry )", Sponsor("Acme Pharma", SponsorClass.INDUSTRY), False),
    row(EDGE, "Acme Pharma (OTHER_GOV)", Sponsor("Acme Pharma", SponsorClass.OTHER_GOV), False),
    row(EDGE, "Acme (Pvt) Ltd", Sponsor("Acme (Pvt) Ltd", None), False, id="a parenthesis that is not trailing: class None"),
]


@pytest.mark.parametrize(("value", "expected", "warns"), SPONSORS)
def test_parse_sponsor_takes_the_class_from_the_trailing_parenthesis(value: str, expected: Sponsor, warns: bool) -> None:
    assert parse_sponsor(value) == expected


@pytest.mark.parametrize(("value", "expected", "warns"), SPONSORS)
def test_sponsor_fact_on_a_page(value: str, expected: Sponsor, warns: bool) -> None:
    page = facts_page("Sponsor" + value)
    listing = parse(page)
    assert listing.facts.sponsor == expected
    found = issues_with(listing, "facts.sponsor_class_unknown")
    assert len(found) == int(warns)
    if warns:
        assert found[0].severity is Severity.WARNING
        assert found[0].span is not None
        assert page[found[0].span.start : found[0].span.end] == value


@pytest.mark.parametrize("value", [row(CONTRACT, "", id="empty"), row(EDGE, "   ", id="spaces")])
def test_an_empty_sponsor_is_unreadable(value: str) -> None:
    with pytest.raises(FactError) as err:
        parse_sponsor(value)
    assert err.value.code == "facts.sponsor_unreadable"
    assert err.value.severity is Severity.ERROR


# --- interventions and conditions ---------------------------------------------------------

REAL_INTERVENTIONS = [
    ("NCT00353704", "pregabalin, Placebo, morphine", ("pregabalin", "Placebo", "morphine")),
    ("NCT04204720", "needle (Chiba), needle (Whitacre)", ("needle (Chiba)", "needle (Whitacre)")),
    (
        "NCT03236753",
        "Thread-embedding Acupuncture (TEA), Sham Thread-embedding Acupuncture (STEA)",
        ("Thread-embedding Acupuncture (TEA)", "Sham Thread-embedding Acupuncture (STEA)"),
    ),
    (
        "NCT01811251",
        "Pregabaline (150mg), Dexamethasone (20mg/5ml; 0.2mg/kg)",
        ("Pregabaline (150mg), Dexamethasone (20mg/5ml; 0.2mg/kg)",),
    ),
    ("NCT02814825", "ViviGen", ("ViviGen",)),
]
REAL_CONDITIONS = [
    ("NCT00000410", "Herniated Disc, Low Back Pain", ("Herniated Disc", "Low Back Pain")),
    (
        "NCT00934284",
        "Sciatic Neuropathy, Radiculopathy, Intervertebral Disk Displacement",
        ("Sciatic Neuropathy", "Radiculopathy", "Intervertebral Disk Displacement"),
    ),
    (
        "NCT04544683",
        "Cervical Radiculopathy; Cervical Spondylosis; Disk, Herniated",
        ("Cervical Radiculopathy", "Cervical Spondylosis", "Disk, Herniated"),
    ),
]
LISTS = [
    row(CONTRACT, "Drug A (10 mg, oral), Drug B", ("Drug A (10 mg, oral)", "Drug B")),
    row(CONTRACT, "Drug A; Drug B, extended release", ("Drug A", "Drug B, extended release"), id="semicolons win over commas"),
    row(CONTRACT, "Drug A (x; y); Drug B", ("Drug A (x; y)", "Drug B")),
    row(
        CONTRACT,
        "1,414nm Nd:YAG Laser System, Placebo",
        ("1,414nm Nd:YAG Laser System", "Placebo"),
        id="no split inside a number",
    ),
    row(EDGE, "Drug A [10 mg, oral], Drug B", ("Drug A [10 mg, oral]", "Drug B")),
    row(EDGE, "Drug A ((nested, deep)), Drug B", ("Drug A ((nested, deep))", "Drug B")),
    row(EDGE, "Drug A,Drug B", ("Drug A", "Drug B")),
    row(EDGE, "Drug A ,   Drug B  ", ("Drug A", "Drug B"), id="spaces around items"),
    row(EDGE, "Drug A, , Drug B", ("Drug A", "Drug B"), id="empty item dropped"),
    row(EDGE, "Drug \\*A\\*, Drug B", ("Drug *A*", "Drug B"), id="markdown escapes undone"),
]
INTERVENTIONS = [
    row(REFERENCE, "chemotherapy, immunotherapy", ("chemotherapy", "immunotherapy")),
    *(row(REAL, value, want, id=nct) for nct, value, want in REAL_INTERVENTIONS),
    *LISTS,
]
CONDITIONS = [
    row(REFERENCE, "Breast Cancer", ("Breast Cancer",)),
    *(row(REAL, value, want, id=nct) for nct, value, want in REAL_CONDITIONS),
    *LISTS,
]


@pytest.mark.parametrize(("value", "expected"), INTERVENTIONS)
def test_interventions_split_outside_parentheses(value: str, expected: tuple[str, ...]) -> None:
    page = facts_page("Drugs / interventions" + value)
    listing = parse(page)
    assert listing.facts.interventions == expected
    assert codes(listing, "facts.") == []


@pytest.mark.parametrize(("value", "expected"), CONDITIONS)
def test_conditions_split_outside_parentheses(value: str, expected: tuple[str, ...]) -> None:
    listing = parse(f"Eligibility criteria\n\n* Adults\n\nConditions: {value}\n\nLast reviewed 2026-05-15")
    assert listing.conditions == expected


# --- locations --------------------------------------------------------------------------

REAL_LOCATIONS = [
    ("NCT00000410", "13 sites (Oakland, California and 12 other locations)", Locations(13, (Site("Oakland", "California"),), 12)),
    (
        "NCT00934284",
        "1 site (Salt Lake City, Utah, United States)",
        Locations(1, (Site("Salt Lake City", "Utah", "United States"),), None),
    ),
    ("NCT06098365", "2 sites (Istanbul, Turkey and 1 other location)", Locations(2, (Site("Istanbul", None, "Turkey"),), 1)),
    ("NCT04833270", "1 site (Seoul, Korea, Republic of)", Locations(1, (Site("Seoul", None, "Korea, Republic of"),), None)),
    (
        "NCT05752838",
        "1 site (Seoul, Gangnam-gu, Korea, Republic of)",
        Locations(1, (Site("Seoul", "Gangnam-gu", "Korea, Republic of"),), None),
    ),
    ("NCT04860609", "1 site (Islamabad, Capital, Pakistan)", Locations(1, (Site("Islamabad", "Capital", "Pakistan"),), None)),
    ("NCT05521750", "1 site (Sleman, DIY, Indonesia)", Locations(1, (Site("Sleman", "DIY", "Indonesia"),), None)),
]
REAL_LOCATION_NO_COUNTRY = (  # a region with a comma and no country: the record's value, as printed
    "NCT05240586",
    "7 sites (Seoul, Bundang-gu, Seongnam-si and 6 other locations)",
    Locations(7, (Site("Seoul", "Bundang-gu, Seongnam-si"),), 6),
)
LOCATIONS = [
    row(REFERENCE, "20 sites (Hefei, Anhui and 19 other locations)", Locations(20, (Site("Hefei", "Anhui"),), 19)),
    *(row(REAL, value, want, id=nct) for nct, value, want in REAL_LOCATIONS),
    row(
        REAL,
        *REAL_LOCATION_NO_COUNTRY[1:],
        id=REAL_LOCATION_NO_COUNTRY[0],
    ),
    row(
        CONTRACT,
        "1 site (Boston, Massachusetts, United States)",
        Locations(1, (Site("Boston", "Massachusetts", "United States"),), None),
    ),
    row(
        CONTRACT,
        "3 sites (Paris, France; Lyon, France and 1 other location)",
        Locations(3, (Site("Paris", None, "France"), Site("Lyon", None, "France")), 1),
    ),
    row(EDGE, "2 sites", Locations(2, (), None), id="count only"),
    row(EDGE, "5 sites (Berlin and 4 other locations)", Locations(5, (Site("Berlin"),), 4), id="city only"),
    row(
        EDGE,
        "1 site (France)",
        Locations(1, (Site(None, None, "France"),), None),
        id="country only",
    ),
]


@pytest.mark.parametrize(("value", "expected"), LOCATIONS)
def test_locations_fact_gives_count_sites_and_others(value: str, expected: Locations) -> None:
    listing = parse(facts_page("Locations" + value))
    assert listing.locations == expected


BODY_LINES = [
    row(REFERENCE, "Hefei, Anhui and 19 other locations", Locations(None, (Site("Hefei", "Anhui"),), 19)),
    row(REAL, "Innsbruck, Tyrol and 9 other locations", Locations(None, (Site("Innsbruck", "Tyrol"),), 9), id="NCT01640457"),
    row(
        REAL,
        "Salt Lake City, Utah, United States",
        Locations(None, (Site("Salt Lake City", "Utah", "United States"),), None),
        id="NCT00934284",
    ),
    row(REAL, "Giza, Egypt", Locations(None, (Site("Giza", None, "Egypt"),), None), id="NCT06359470"),
    row(
        CONTRACT,
        "Paris, France; Lyon, France and 1 other location",
        Locations(None, (Site("Paris", None, "France"), Site("Lyon", None, "France")), 1),
    ),
    row(
        CONTRACT,
        "Boston, Massachusetts, United States",
        Locations(None, (Site("Boston", "Massachusetts", "United States"),), None),
    ),
]


@pytest.mark.parametrize(("line", "expected"), BODY_LINES)
def test_where_this_trial_is_running_body_line(line: str, expected: Locations) -> None:
    listing = parse(f"Where this trial is running\n\n{line}\n\nStudy contacts\n")
    assert listing.locations == expected


def test_body_line_fills_in_sites_the_quick_fact_lacks() -> None:
    page = (
        "Quick facts\n\nTrial IDNCT01234567\nLocations3 sites\n\n"
        "Where this trial is running\n\nParis, France; Lyon, France and 1 other location\n"
    )
    assert parse(page).locations == Locations(3, (Site("Paris", None, "France"), Site("Lyon", None, "France")), 1)


def test_reference_page_locations() -> None:
    listing = parse(read_page(FIXTURES / "NCT06115902.txt"))
    assert listing.locations == Locations(20, (Site("Hefei", "Anhui", None, None),), 19)


# --- the REAL rows are what the records say --------------------------------------------------

REAL_FACT_ROWS = [
    *(("Phase", "phases", nct, value, want) for nct, value, want in REAL_PHASES),
    *(("Study type", "study_type", nct, value, want) for nct, value, want in REAL_STUDY_TYPES),
    *(("Enrollment", "enrollment", nct, value, want) for nct, value, want in REAL_ENROLLMENTS),
    *(("Ages", "ages", nct, value, want) for nct, value, want in REAL_AGES),
    *(("Sponsor", "sponsor", nct, value, want) for nct, value, want in REAL_SPONSORS),
    *(("Drugs / interventions", "interventions", nct, value, want) for nct, value, want in REAL_INTERVENTIONS),
]


def _record(nct: str) -> tuple[str, dict[str, object]]:
    page = FIXTURES / "pages" / f"{nct}.txt"
    expected = json.loads(Path(str(page).removesuffix(".txt") + ".expected.json").read_bytes())
    assert isinstance(expected, dict)
    return read_page(page), expected


@pytest.mark.parametrize(
    ("label", "field", "nct", "value", "want"),
    [pytest.param(*r, id=f"{r[2]}:{r[1]}") for r in REAL_FACT_ROWS],
)
def test_real_fact_row_is_on_its_page_and_in_its_record(label: str, field: str, nct: str, value: str, want: object) -> None:
    """Guards the table, not the parser: the row's text is on the page and its value is the record's."""
    text, expected = _record(nct)
    assert f"\n{label}{value}\n" in text
    facts = expected["facts"]
    assert isinstance(facts, dict)
    change: dict[str, Any] = {field: want}
    as_json = Listing(facts=attrs.evolve(QuickFacts(), **change)).to_dict()
    assert isinstance(as_json, dict)
    assert isinstance(as_json["facts"], dict)
    assert as_json["facts"][field] == facts[field]


@pytest.mark.parametrize(
    ("nct", "value", "want"),
    [pytest.param(*r, id=r[0]) for r in [*REAL_LOCATIONS, REAL_LOCATION_NO_COUNTRY]],
)
def test_real_location_row_is_on_its_page_and_in_its_record(nct: str, value: str, want: Locations) -> None:
    text, expected = _record(nct)
    assert f"\nLocations{value}\n" in text
    as_json = Listing(locations=want).to_dict()
    assert isinstance(as_json, dict)
    assert as_json["locations"] == expected["locations"]


@pytest.mark.parametrize(("nct", "value", "want"), [pytest.param(*r, id=r[0]) for r in REAL_CONDITIONS])
def test_real_condition_row_is_on_its_page_and_in_its_record(nct: str, value: str, want: tuple[str, ...]) -> None:
    text, expected = _record(nct)
    assert f"\nConditions: {value}\n" in text
    assert list(want) == expected["conditions"]
