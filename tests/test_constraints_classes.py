"""Constraints read by class: one row per phrasing class, as a careful reader reads the line.

Each class was found as a miss or a false positive of the extractor; the rows are written so
that a rule fitted to one wording would fail the others of its class.
"""

from __future__ import annotations

import pytest

from trialparse.constraints import extract_constraints

# (kind, subject or None when not checked, low, low_inclusive, high, high_inclusive, unit)
Read = tuple[str, str | None, float | None, bool, float | None, bool, str | None]


def _read(line: str, with_subject: bool) -> list[Read]:
    return [
        (c.kind.value, c.subject if with_subject else None, c.low, c.low_inclusive, c.high, c.high_inclusive, c.unit)
        for c in extract_constraints(line, 0, len(line))
    ]


AGE = "AGE"
CLASS_ROWS: list[tuple[str, list[Read]]] = [
    # a second bound joined by "and under", "or over": a joiner, then a comparator
    ("Aged 18 or over and under 65", [(AGE, None, 18.0, True, 65.0, False, "years")]),
    ("Age over 18 and under 65", [(AGE, None, 18.0, False, 65.0, False, "years")]),
    ("Age under 18 or over 65", [(AGE, None, None, False, 18.0, False, "years"), (AGE, None, 65.0, False, None, False, "years")]),
    # a bound without its unit takes the unit written once after the next bound
    ("<30 or >69 years old", [(AGE, None, None, False, 30.0, False, "years"), (AGE, None, 69.0, False, None, False, "years")]),
    (
        "Hemoglobin < 10 or > 16 g/dL",
        [("LAB", "hemoglobin", None, False, 10.0, False, "g/dL"), ("LAB", "hemoglobin", 16.0, False, None, False, "g/dL")],
    ),
    # the other bound written before the anchor
    ("18 <Age <80 years old", [(AGE, None, 18.0, False, 80.0, False, "years")]),
    ("18.5 ≤ BMI < 30", [("BMI", None, 18.5, True, 30.0, False, None)]),
    # a number restated with its comparator
    ("Male aged 20 or over 20 years and not more than 70 years", [(AGE, None, 20.0, False, 70.0, True, "years")]),
    # range ends in different units, and "from N up to M"
    ("Child 6 months to 5 years of age", [(AGE, None, 0.5, True, 5.0, True, "years")]),
    ("From 18 years up to 65 years", [(AGE, None, 18.0, True, 65.0, True, "years")]),
    # people before a range of whole numbers, or "adult patients over N"
    ("Healthy volunteers between 18 and 45", [(AGE, None, 18.0, True, 45.0, True, "years")]),
    ("adult patients over 18", [(AGE, None, 18.0, False, None, False, "years")]),
    ("Infants less than 6 months of age", [(AGE, None, None, False, 0.5, False, "years")]),
    # units by shape: "per" a volume, an exponent in brackets, µU, a 24-hour collection
    ("Platelets less than 100,000 per mm3", [("LAB", "platelet count", None, False, 100000.0, False, "/mm3")]),
    ("ANC ≥ 1,000 cells/microliter", [("LAB", "absolute neutrophil count", 1000.0, True, None, False, "/µL")]),
    ("Neutrophil count less than 1.5 x 10(9)/L", [("LAB", "absolute neutrophil count", None, False, 1.5, False, "x10^9/L")]),
    ("Insulin > 25 µU/mL", [("LAB", "insulin", 25.0, False, None, False, "µU/mL")]),
    ("Proteinuria < 1 g/24 h", [("LAB", "proteinuria", None, False, 1.0, False, "g/24h")]),
    ("eGFR ≥ 60 ml/min per 1.73 m2", [("LAB", "estimated glomerular filtration rate", 60.0, True, None, False, "mL/min/1.73m2")]),
    ("ALT more than twice the upper limit of normal", [("LAB", "alanine aminotransferase", 2.0, False, None, False, "x ULN")]),
    ("AST ≤ 2.5 x upper reference limit", [("LAB", "aspartate aminotransferase", None, False, 2.5, True, "x ULN")]),
    # names with letters then digits, in any case; ratios; names that begin with a number
    ("vitamin b12 < 200 pg/mL", [("LAB", "vitamin B12", None, False, 200.0, False, "pg/mL")]),
    ("free t4 > 1.8 ng/dL", [("LAB", "free T4", 1.8, False, None, False, "ng/dL")]),
    ("Urinary albumin-to-creatinine ratio > 30 mg/g", [("LAB", "albumin-to-creatinine ratio", 30.0, False, None, False, "mg/g")]),
    ("Serum 25-hydroxyvitamin D level < 20 ng/mL", [("LAB", "vitamin D", None, False, 20.0, False, "ng/mL")]),
    ("CA-125 > 35 U/mL", [("LAB", "CA-125", 35.0, False, None, False, "U/mL")]),
    (
        "ASAT and ALAT < 2.5 x ULN",
        [
            ("LAB", "aspartate aminotransferase", None, False, 2.5, False, "x ULN"),
            ("LAB", "alanine aminotransferase", None, False, 2.5, False, "x ULN"),
        ],
    ),
    # an aside in brackets between the analyte and its value
    (
        "Severe renal dysfunction (glomerular filtrate rate [within 30 days] less than 30)",
        [
            ("TIME_WINDOW", None, None, False, 30.0, True, "days"),  # when it was measured
            ("LAB", "estimated glomerular filtration rate", None, False, 30.0, False, None),
        ],
    ),
    (
        "Calculated creatinine clearance (using Cockcroft-Gault formula) ≥45 mL/min",
        [("LAB", "creatinine clearance", 45.0, True, None, False, "mL/min")],
    ),
    ("Methacholine provocative concentration 20 (PC20) < 16 mg/ml", [("LAB", "pc20", None, False, 16.0, False, "mg/mL")]),
    # windows: a period ending at a reference, a relation alone, a time after a past event
    ("Antibiotic use in the 4 weeks preceding the research visit", [("TIME_WINDOW", None, None, False, 28.0, True, "days")]),
    ("Myocardial infarction (last 6 months)", [("TIME_WINDOW", None, None, False, 182.625, True, "days")]),
    ("Clinical allergic reactions to peanut the last 5 years", [("TIME_WINDOW", None, None, False, 1826.25, True, "days")]),
    ("Self-reported surgery for heart disease the past two months", [("TIME_WINDOW", None, None, False, 60.875, True, "days")]),
    ("At least 2 weeks from last dose of chemotherapy", [("TIME_WINDOW", None, 14.0, True, None, False, "days")]),
    ("Treatment with radioactive iodine < 1 week after surgery", [("TIME_WINDOW", None, None, False, 7.0, False, "days")]),
    ("Pregnant or less than 6 weeks postpartum", [("TIME_WINDOW", None, None, False, 42.0, False, "days")]),
    ("Radiotherapy completed within the past 6 months to 5 years", [("TIME_WINDOW", None, 182.625, True, 1826.25, True, "days")]),
    # a period ending at a reference; "following" far from the value names no future period
    (
        "Treated with a nerve block in the 4 week period prior to testing",
        [("TIME_WINDOW", None, None, False, 28.0, True, "days")],
    ),
    ("Investigational drugs within 30-day period prior to screening", [("TIME_WINDOW", None, None, False, 30.0, True, "days")]),
    (
        "Any of the following medications within 30 days prior to enrollment",
        [("TIME_WINDOW", None, None, False, 30.0, True, "days")],
    ),
    # a life expectancy "within" N months is a life expectancy
    ("Life expectancy within 6 months", [("LIFE_EXPECTANCY", None, None, False, 182.625, True, "days")]),
    ("Expected to live at least 3 months", [("LIFE_EXPECTANCY", None, 91.3125, True, None, False, "days")]),
    # comparators in words with a slash
    ("FEV1 greater than/equal to 60% predicted", [("MEASUREMENT", None, 60.0, True, None, False, "%")]),
    # comparators in words restated by a sign in brackets, and their non-native spellings
    ("Age greater than or equal to (≥) 18 years", [(AGE, None, 18.0, True, None, False, "years")]),
    ("ECOG performance status less than or equal to (<=) 1", [("ECOG", None, None, False, 1.0, True, None)]),
    ("Hemoglobin A1c greater than (>) 11 percent", [("LAB", None, 11.0, False, None, False, None)]),
    ("Age equal or greater to 18", [(AGE, None, 18.0, True, None, False, "years")]),
    ("age same or superior to 18 years", [(AGE, None, 18.0, True, None, False, "years")]),
    ("Equal to or older than 22 years of age", [(AGE, None, 22.0, True, None, False, "years")]),
    ("Age inferior to 6-year-old", [(AGE, None, None, False, 6.0, False, "years")]),
    ("Patients older than or equal to 18 years and less than 70 years", [(AGE, None, 18.0, True, 70.0, False, "years")]),
    # an age at a moment of the study is the participant's
    ("Age at entry at least 18 years", [(AGE, None, 18.0, True, None, False, "years")]),
    ("Age at screening ≥ 40 years", [(AGE, None, 40.0, True, None, False, "years")]),
    # a range whose first end carries its own tail; ages in days after people
    ("Age between 1 year old and 18 years old", [(AGE, None, 1.0, True, 18.0, True, "years")]),
    ("18 years old to 65 years old, diagnosis of primary headache", [(AGE, None, 18.0, True, 65.0, True, "years")]),
    ("Infants 0-84 days of age", [(AGE, None, 0.0, True, 84 / 365.25, True, "years")]),
    # a second bound after a tail, joined by "and"
    ("≥ 18 years old and ≤ 70 years old", [(AGE, None, 18.0, True, 70.0, True, "years")]),
    ("Men at least 18 years of age and less than 80 years old", [(AGE, None, 18.0, True, 80.0, False, "years")]),
    ("All patients older than 18 treated for prostate cancer", [(AGE, None, 18.0, False, None, False, "years")]),
    # a person, then "over"/"above"/"under"/"below": their age, whatever word follows the value
    ("Patients over 18 years diagnosed with type 2 diabetes", [(AGE, None, 18.0, False, None, False, "years")]),
    ("Participants over 18 years undergoing elective surgery", [(AGE, None, 18.0, False, None, False, "years")]),
    ("Women over 40 years scheduled for screening mammography", [(AGE, None, 40.0, False, None, False, "years")]),
    ("Adults above 65 years living independently", [(AGE, None, 65.0, False, None, False, "years")]),
    ("Children under 12 years requiring sedation for MRI", [(AGE, None, None, False, 12.0, False, "years")]),
    ("Volunteers below 30 years recruited from the clinic", [(AGE, None, None, False, 30.0, False, "years")]),
    # an age word that closes a value is no anchor for the next one
    ("Patients 30-55 year age group with at least 20 natural teeth", [(AGE, None, 30.0, True, 55.0, True, "years")]),
    ("Men ≥ 18 years of age, with 6 months or longer diagnosis of ED", [(AGE, None, 18.0, True, None, False, "years")]),
    (
        "Women ≥ 55 years of age with cessation of menses for ≥ 12 months",
        [(AGE, None, 55.0, True, None, False, "years")],
    ),
    (
        "Less than 1 year old or more than 18 years old",
        [(AGE, None, None, False, 1.0, False, "years"), (AGE, None, 18.0, False, None, False, "years")],
    ),
    # two bounds that leave nothing between them are two conditions, not one range
    (
        "Karnofsky for patients > 16 years of age and Lansky for patients ≤ 16 years of age",
        [(AGE, None, 16.0, False, None, False, "years"), (AGE, None, None, False, 16.0, True, "years")],
    ),
    # a score, grade or age named between an analyte and the value: not the analyte's level
    ("INR grade ≥ 2", [("GRADE", None, 2.0, True, None, False, None)]),
    ("AMH levels age appropriate (≥2.3 ng/ml)", [("LAB", None, 2.3, True, None, False, "ng/mL")]),
    # allergen-specific IgE in kilo-units
    ("Peanut-specific IgE ≥ 0.35 kUA/L", [("LAB", "IgE", 0.35, True, None, False, "kUA/L")]),
    ("Total IgE > 100 kU/L", [("LAB", "IgE", 100.0, False, None, False, "kU/L")]),
    ("ANC <= 750 cells/microL", [("LAB", None, None, False, 750.0, True, "/µL")]),
    # the Lansky scale: the Karnofsky scale's form for children
    ("Lansky performance status ≥ 50", [("KARNOFSKY", "Lansky", 50.0, True, None, False, None)]),
    ("Lansky play-performance score of at least 60%", [("KARNOFSKY", "Lansky", 60.0, True, None, False, "%")]),
    ("Karnofsky score ≥ 70", [("KARNOFSKY", None, 70.0, True, None, False, None)]),
]


@pytest.mark.parametrize(("line", "read"), CLASS_ROWS, ids=[r[0] for r in CLASS_ROWS])
def test_classes_read_as_a_careful_reader_reads_them(line: str, read: list[Read]) -> None:
    with_subject = any(r[1] is not None for r in read)
    assert _read(line, with_subject) == read


# values a careful reader reads as no constraint of these kinds (or of no kind at all)
NOTHING_ROWS = [
    "Troponin > 99th percentile",  # a rank
    "PSA decline of ≥ 50%",  # a change, not a level
    "Increase in FEV1 > 12%",
    "Serum creatinine ≥0.3 mg/dL increase",
    "Vitamin D supplementation > 1000 IU/day",  # a dose
    "Vitamin D > 1000 IU/day",
    "Insulin dose > 1 U/kg",
    "Platelet transfusion of > 2 units",
    "HbA1c goal < 7%",  # a target
    "Mother's age ≥ 18 years",  # someone else's age
    "Parents of children aged 2-5 years",
    "Women with a child aged 6 to 12 months",
    "Age-adjusted Charlson index ≥ 5",  # "age" qualifies another word
    "Biological age > 50",
    "Patients aged < 18 years at diagnosis",  # an age at an event
    "the level should be < 1000 mg/24 hours",  # no analyte named
    "Must agree to use contraception until 3 months after the last dose",  # the end of an obligation
    "The current episode is expected to last at least 5 weeks",  # "last" as a verb
    "Planned surgery in the following 3 months",  # a future period
    "A washout period of 4 weeks before randomization",
    "TSH lower than 30% of the lower limit of normal",  # a share of a reference, not a level
    "Free testosterone > 25% below the lower limit of normal",
    "Specific IgE above 95% positive predictive value",
    "SLEDAI-2K score ≥ 7",  # a score named after a letter an analyte could be
    "HAM-D score ≥ 18",
    "At least 2 year history of migraine",  # a time said of what follows it, not an age
    "Minimum 1-year documented history of asthma",
    "Women more than 1 year postmenopausal",
    "Women over 1 year postmenopausal",  # a person, "over", then a state after an event
    "Women at least 2 years postmenopausal",
    "Patients over 2 years history of asthma",  # ... or a condition the time is said of
    "Patients more than 3 years treated with insulin",  # "more than" after a person: not said to be an age
    "Erectile dysfunction lasting for over 6 months and not more than 5 years",  # a second bound of a duration
    "An archival tissue sample available and ≤ 6 months old",  # the age of a thing
    "Born at less than 37 weeks of gestation",  # gestational ages
    "Within 13-16 weeks of gestational age",
    "Age at diagnosis at least 18 years",
    "Patient must be 3 to 18 years of age at the time of diagnosis",
    "A positive IgG antibody response for at least one food",  # a count after an analyte
    "Fasting plasma glucose elevated on more than 1 occasion",
]


@pytest.mark.parametrize("line", NOTHING_ROWS)
def test_foreign_values_give_nothing(line: str) -> None:
    found = [c for c in extract_constraints(line, 0, len(line)) if c.kind.value != "DURATION"]
    assert found == [], [(c.kind.value, c.subject, c.low, c.high) for c in found]


def test_a_scale_named_after_a_value_it_cannot_side_is_no_crash() -> None:
    # found by the mutated-pages property test: the pain scale stands after a value that a
    # misprint ("80/00mm") leaves without a side, and the rule looked for a comparator before it
    line = "low back pain intensity less than 80/00mm on visual analogue scale"
    extract_constraints(line, 0, len(line))
