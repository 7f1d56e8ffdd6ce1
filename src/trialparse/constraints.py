"""Machine-checkable constraints read from one line of eligibility-criterion text.

``extract_constraints(value, start, end)`` reads ``value[start:end]`` — one line of *raw*
criterion text as it stands on the page (markdown escapes such as ``\\>=``, HTML entities such
as ``&ge;``, Unicode ``≥ ≤ ×``, a list marker in front are all fine) — and returns
``RawConstraint`` records whose ``start``/``end`` index ``value``. It is deterministic, never
raises on any text (only on a range outside ``value``), runs in time linear in the line's length,
and prefers silence to a guess: a value whose kind, side or unit is uncertain is not emitted.

How it reads a line:

0. **Leave early.** Every constraint holds a number: a line without a digit, a number word or
   an ASA anchor (half the lines) is answered by one ``bytes.translate``, a ``split`` and a
   set lookup of its words.
   The same folded bytes then give, in one scan (``_Patterns.anchor_index``, a prefix tree of
   every anchor word over the line with its letters in lower case and anything else a space),
   where the anchors start, and the words some readings need after their number (time units,
   "years old", "prior to", a pain scale). A line whose anchors and units cannot meet a number
   leaves here too. Nothing else is built for these lines.
1. **Normalise with a way back.** Escapes are undone, entities decoded, ``≧ ⩾`` read as ``≥``
   (and so on), every run of white space becomes one space, superscript digits become ``^N``
   (``10⁹`` -> ``10^9``, ``m²`` -> ``m^2``), list markers (``3.``, ``(4)``, ``1)``, ``*``,
   ``②``) are dropped. Each normalised character remembers the source range it came from. Most
   lines need none of it but the marker dropped (checked with ``bytes`` and ``str`` methods):
   they are read as they stand, from after the marker.
2. **Cut into clauses** at ``;``, ``•`` and sentence ends; nothing is read across a clause.
3. **Match one pattern per kind** (``_Patterns.age``, ``.ecog``, … below): an *anchor* from the
   kind's vocabulary table ("ECOG", "body mass index", an analyte, "within", …), a short gap
   of allowed words, then one shared *expression* grammar: comparators in every common
   spelling, numbers (digits, ``100,000``, ``1.5``, number words with ``(3)``), ranges
   (``18-75``, ``18 to 75``, ``between 40 and 90``), lists of ordinal values (``0, 1 or 2``),
   suffixes (``6 or more``, ``18+``, ``or older``), units, and a kind-specific tail
   (``years of age``, ``on a 100 mm scale``). Forms that open with the value ("18-70 years
   old", "6 weeks of physiotherapy", "at least 4 weeks prior to") share ``.value_first``.
   No pattern is tried at every character: each is ``match``-ed only where its anchor starts
   (or, value-first, where a number starts), and only where a reading can come of it (before
   the last number of the clause; for times, before its last unit, …). A comparator standing
   before an anchor or a number ("under the age of 18") is read by matching a pattern of the
   reversed spellings against the reversed text, so it costs that comparator's length and the
   longest spelling wins ("no more than", not "more than"). Expressions are atomic and every
   repetition is bounded, so each attempt costs a bounded amount: the whole line is read in
   linear time.
4. **Check and convert**: units must belong to the kind, values must be plausible (ECOG 0-5,
   ASA 1-6, Karnofsky 0-100, BMI 10-80, ages 0-130 years, …), and where two kinds claim the
   same numbers the more specific reading wins.

The patterns use the standard library's ``re`` (possessive quantifiers and atomic groups, no
variable-width lookbehind) and are compiled on first use (``_patterns()``), so that importing
the module costs next to nothing. They fold
case in ASCII only: a vocabulary word is matched ignoring the case of ``A-Z``, while letters
and digits of every script still bound words; "İn" (Turkish capital dotted I) or "weeKs"
with a Kelvin sign are not "in" and "weeks". Digits are ``0-9`` only (fullwidth digits are
read as such by the normalisation, other scripts' digits are not numbers here).

Conventions of the records:

- ``low``/``high`` are ``None`` for an open side; an open side has ``*_inclusive`` False.
  Ranges written without comparators (``18-75``, ``between 40 and 90``) are inclusive.
- The constraint states what the *text* says, on either side of the criteria: an exclusion
  line "Age < 18 or > 70 years" gives two AGE constraints (high 18, and low 70).
- Times are normalised to days for TIME_WINDOW, DURATION and LIFE_EXPECTANCY (unit "days"):
  1 week = 7 days, 1 month = 30.4375 days, 1 year = 365.25 days, 1 hour = 1/24 day (the same
  average year as ``trialparse.model.Age.in_years``). Ages are normalised to years (unit
  "years"; a bare "Age 18-65" is read in years).
- Other units are kept in one canonical spelling of what was written: ``x10^9/L``
  (``× 10⁹/L``, ``x10E9/L``, ``x 109/L``), ``/mm3``, ``/µL``, ``g/dL``, ``mg/dL``, ``µmol/L``,
  ``mL/min``, ``mL/min/1.73m2``, ``x ULN`` (any "times the upper limit of normal"), ``kg/m2``,
  ``%``, ``mm``, ``/100`` …; ``None`` when no unit was written (no unit is invented).
- ``subject``: the lab analyte in a canonical name ("absolute neutrophil count"), the pain
  scale ("VAS", "NRS"), the disability index ("ODI", "NDI"), the event of a time window (the
  first event word of the clause before the window, as written, lower-cased: "major
  surgery"), the symptom, state or treatment of a duration ("leg pain"); ``None`` otherwise.
- TIME_WINDOW is the time between an event and the trial's reference point: "within 28 days
  prior to" -> high 28; "at least 4 weeks since the last dose" -> low 28. "within N" is
  read whichever way it points ("dialysis expected within 6 months"); "in the next N years"
  and obligations ("contraception for 6 months after") are not windows. One window phrase
  gives one constraint, whatever the number of events it lists.
- DURATION needs a subject from its table (symptoms, pain, sciatica, conservative treatment,
  physiotherapy, stable, diagnosis, …) and a cue ("for", "lasting", "of", "started … ago")
  or a written comparator: "pain for > 3 months", "6-10 weeks of non-surgical treatment".
- ECOG also covers the WHO / Zubrod performance status (the same 0-5 scale), and a bare
  "performance status 0-1" (values 0-5).
- Conditional alternatives are not emitted: "≤ 1.5 x ULN (≤ 3 x ULN for Gilbert's)" and
  "≤ 2.5 x ULN, or ≤ 5 x ULN with liver metastases" give the first bound only.

Deliberately not read (no kind, or too uncertain): LVEF, QTc, blood pressure, heart rate,
temperature, weight, height, Cobb angle, T-scores, disc height, tumour or lesion sizes,
CTCAE / MRC / Pfirrmann / Modic grades, counts (lines of therapy, levels, lesions,
half-lives, cigarettes), percentages of marrow, dates and calendar periods, contraception
periods, "in the next N years"; a bare value whose side is not written ("Age 18", "KPS 70",
"life expectancy 3 months", "4 weeks prior to"); an age without an age word ("(>18 years)");
a value followed by a unit of another kind ("ASA 81 mg", "100.000 / mL3"); conditional
alternatives; lists that are not a run of integers ("ECOG 0 or 2"); number words beyond
zero-twenty and the tens (compounds like "seventy-two" are read); anything across ";", "•"
or a sentence end.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Final, NamedTuple

from trialparse.model import ConstraintKind

__all__ = ["RawConstraint", "extract_constraints"]


class RawConstraint:
    """One constraint read from a line; ``start``/``end`` index the string given to the extractor.

    A plain slotted record (not attrs: this module is imported on a process's first page, and
    attrs' generated methods cost about a millisecond there).
    """

    __slots__ = ("end", "high", "high_inclusive", "kind", "low", "low_inclusive", "start", "subject", "unit")

    def __init__(
        self,
        kind: ConstraintKind,
        subject: str | None,
        low: float | None,
        low_inclusive: bool,
        high: float | None,
        high_inclusive: bool,
        unit: str | None,
        start: int,
        end: int,
    ) -> None:
        self.kind = kind
        self.subject = subject
        self.low = low
        self.low_inclusive = low_inclusive
        self.high = high
        self.high_inclusive = high_inclusive
        self.unit = unit
        self.start = start
        self.end = end

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._FIELDS)

    _FIELDS: Final = ("kind", "subject", "low", "low_inclusive", "high", "high_inclusive", "unit", "start", "end")

    def __eq__(self, other: object) -> bool:
        return type(other) is RawConstraint and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return "RawConstraint(%s)" % ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS)


# ============================================================================================
# Vocabulary (data). A new spelling is one line here plus one test row.
# ============================================================================================

# comparator spelling (lower case, after normalisation) -> "ge" | "gt" | "le" | "lt" | "eq"
COMPARATOR_SYMBOLS: Final[Mapping[str, str]] = {
    "≥": "ge",
    ">=": "ge",
    "=>": "ge",
    ">/=": "ge",
    "=/>": "ge",
    "> =": "ge",
    "≥=": "ge",
    "> or =": "ge",
    "≮": "ge",
    "≤": "le",
    "<=": "le",
    "=<": "le",
    "</=": "le",
    "=/<": "le",
    "< =": "le",
    "≤=": "le",
    "< or =": "le",
    "≯": "le",
    ">": "gt",
    "<": "lt",
    "=": "eq",
}
COMPARATOR_WORDS: Final[Mapping[str, str]] = {
    "greater than or equal to": "ge",
    "greater than or equal": "ge",
    "greater or equal to": "ge",
    "greater or equal": "ge",
    "more than or equal to": "ge",
    "higher than or equal to": "ge",
    "equal to or greater than": "ge",
    "equal to or more than": "ge",
    "equal to or higher than": "ge",
    "equal or greater than": "ge",
    "equal or more than": "ge",
    "equal to or above": "ge",
    "at least": "ge",
    "no less than": "ge",
    "not less than": "ge",
    "no fewer than": "ge",
    "not fewer than": "ge",
    "no lower than": "ge",
    "not lower than": "ge",
    "no younger than": "ge",
    "not younger than": "ge",
    "no shorter than": "ge",
    "not shorter than": "ge",
    "a minimum of": "ge",
    "minimum of": "ge",
    "minimum": "ge",
    "min.": "ge",
    "min": "ge",
    "greater than": "gt",
    "more than": "gt",
    "higher than": "gt",
    "older than": "gt",
    "longer than": "gt",
    "larger than": "gt",
    "over": "gt",
    "above": "gt",
    "exceeding": "gt",
    "exceeds": "gt",
    "in excess of": "gt",
    "less than or equal to": "le",
    "less than or equal": "le",
    "less or equal to": "le",
    "less or equal": "le",
    "lower than or equal to": "le",
    "smaller than or equal to": "le",
    "equal to or less than": "le",
    "equal to or lower than": "le",
    "equal or less than": "le",
    "equal to or below": "le",
    "at most": "le",
    "no more than": "le",
    "not more than": "le",
    "no greater than": "le",
    "not greater than": "le",
    "no higher than": "le",
    "not higher than": "le",
    "no older than": "le",
    "not older than": "le",
    "no longer than": "le",
    "not longer than": "le",
    "not exceeding": "le",
    "not to exceed": "le",
    "not exceed": "le",
    "up to": "le",
    "a maximum of": "le",
    "maximum of": "le",
    "maximum": "le",
    "max.": "le",
    "max": "le",
    "less than": "lt",
    "lower than": "lt",
    "fewer than": "lt",
    "smaller than": "lt",
    "younger than": "lt",
    "shorter than": "lt",
    "under": "lt",
    "below": "lt",
    "equal to": "eq",
    "equals": "eq",
}
# after the number (and unit): "6 or more weeks", "18 years or older", "18+"
SUFFIXES: Final[Mapping[str, str]] = {
    "or more": "ge",
    "or greater": "ge",
    "or older": "ge",
    "or above": "ge",
    "or higher": "ge",
    "or over": "ge",
    "or longer": "ge",
    "and above": "ge",
    "and over": "ge",
    "and older": "ge",
    "and more": "ge",
    "and greater": "ge",
    "and higher": "ge",
    "or later": "ge",
    "+": "ge",
    "or less": "le",
    "or fewer": "le",
    "or younger": "le",
    "or below": "le",
    "or under": "le",
    "or lower": "le",
    "or shorter": "le",
    "and under": "le",
    "and below": "le",
    "and younger": "le",
    "and less": "le",
    "or smaller": "le",
    "or earlier": "le",
}
NUMBER_WORDS: Final[Mapping[str, int]] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
ROMAN_NUMERALS: Final[Mapping[str, int]] = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}

# time unit spelling -> length in days
TIME_UNITS: Final[Mapping[str, float]] = {
    "days": 1.0,
    "day": 1.0,
    "d": 1.0,
    "weeks": 7.0,
    "week": 7.0,
    "wks": 7.0,
    "wk": 7.0,
    "months": 30.4375,
    "month": 30.4375,
    "mos": 30.4375,
    "mo": 30.4375,
    "mths": 30.4375,
    "mth": 30.4375,
    "years": 365.25,
    "year": 365.25,
    "yrs": 365.25,
    "yr": 365.25,
    "y": 365.25,
    "hours": 1 / 24,
    "hour": 1 / 24,
    "hrs": 1 / 24,
    "hr": 1 / 24,
    "h": 1 / 24,
}
DAYS_PER_YEAR: Final = 365.25

# lab unit spelling (lower case, spaces removed) -> canonical unit
LAB_UNITS: Final[Mapping[str, str]] = {
    "g/dl": "g/dL",
    "gm/dl": "g/dL",
    "g/100ml": "g/dL",
    "g/l": "g/L",
    "mg/dl": "mg/dL",
    "mg%": "mg/dL",
    "mg/l": "mg/L",
    "µmol/l": "µmol/L",
    "umol/l": "µmol/L",
    "micromol/l": "µmol/L",
    "mmol/l": "mmol/L",
    "meq/l": "mEq/L",
    "ml/min/1.73m2": "mL/min/1.73m2",
    "ml/min/1.73m^2": "mL/min/1.73m2",
    "ml/min/1.73m": "mL/min/1.73m2",
    "ml/minper1.73m2": "mL/min/1.73m2",
    "ml/min/1.73m²": "mL/min/1.73m2",
    "ml/min": "mL/min",
    "ml/minute": "mL/min",
    "cc/min": "mL/min",
    "u/l": "U/L",
    "iu/l": "IU/L",
    "iu/ml": "IU/mL",
    "ng/ml": "ng/mL",
    "ng/dl": "ng/dL",
    "pg/ml": "pg/mL",
    "µg/l": "µg/L",
    "copies/ml": "copies/mL",
    "/mm3": "/mm3",
    "/mm^3": "/mm3",
    "cells/mm3": "/mm3",
    "cells/mm^3": "/mm3",
    "permm3": "/mm3",
    "/cumm": "/mm3",
    "/cmm": "/mm3",
    "/µl": "/µL",
    "/ul": "/µL",
    "/mcl": "/µL",
    "cells/µl": "/µL",
    "cells/ul": "/µL",
    "/l": "/L",
    "%": "%",
    "seconds": "s",
    "sec": "s",
    "s": "s",
    "k/µl": "x10^3/µL",
    "k/ul": "x10^3/µL",
    "g/l(10^9/l)": "x10^9/L",
}
PAIN_UNITS: Final[Mapping[str, str]] = {
    "mm": "mm",
    "cm": "cm",
    "/10": "/10",
    "/100": "/100",
    "points": "points",
    "point": "points",
    "pts": "points",
    "out of 10": "/10",
    "out of 100": "/100",
}
DISABILITY_UNITS: Final[Mapping[str, str]] = {
    "%": "%",
    "/100": "/100",
    "/50": "/50",
    "points": "points",
    "point": "points",
    "pts": "points",
}

# anchors: spelling -> canonical subject (None where the kind has no subject)
AGE_ANCHORS: Final = ("age", "ages", "aged", "age range", "age group", "age limit", "age limits")
ECOG_ANCHORS: Final = (
    "eastern cooperative oncology group",
    "ecog",
    "ecog-ps",
    "who performance status",
    "world health organization performance status",
    "who ps",
    "zubrod",
)
KARNOFSKY_ANCHORS: Final = ("karnofsky", "kps")
LIFE_ANCHORS: Final = (
    "life expectancy",
    "expected survival",
    "estimated survival",
    "survival expectancy",
    "anticipated survival",
    "predicted survival",
    "expected life span",
    "expected lifespan",
    "estimated life expectancy",
    "expected survival time",
    "estimated survival time",
)
BMI_ANCHORS: Final = ("body mass index", "body-mass index", "bmi", "quetelet index")
ASA_ANCHORS: Final = (
    "american society of anesthesiologists",
    "american society of anaesthesiologists",
    "american society of anesthesiology",
    "american society of anaesthesiology",
    "asa",
)
PAIN_SCALES: Final[Mapping[str, str]] = {
    "visual analogue scale": "VAS",
    "visual analog scale": "VAS",
    "visual analogue pain scale": "VAS",
    "visual analog pain scale": "VAS",
    "vas": "VAS",
    "numeric rating scale": "NRS",
    "numerical rating scale": "NRS",
    "numeric pain rating scale": "NRS",
    "numerical pain rating scale": "NRS",
    "numeric pain intensity scale": "NRS",
    "numeric rating scale for pain": "NRS",
    "nrs": "NRS",
    "nprs": "NRS",
}
DISABILITY_INDICES: Final[Mapping[str, str]] = {
    "oswestry disability index": "ODI",
    "oswestry disability questionnaire": "ODI",
    "oswestry low back pain disability questionnaire": "ODI",
    "oswestry low back pain disability index": "ODI",
    "oswestry questionnaire": "ODI",
    "oswestry index": "ODI",
    "oswestry score": "ODI",
    "oswestry": "ODI",
    "odi": "ODI",
    "neck disability index": "NDI",
    "ndi": "NDI",
}
# lab analytes written out (matched ignoring case) and as acronyms (matched as written)
LAB_NAMES: Final[Mapping[str, str]] = {
    "absolute neutrophil count": "absolute neutrophil count",
    "absolute neutrophils": "absolute neutrophil count",
    "neutrophil count": "absolute neutrophil count",
    "neutrophils": "absolute neutrophil count",
    "absolute granulocyte count": "absolute neutrophil count",
    "granulocytes": "absolute neutrophil count",
    "platelet count": "platelet count",
    "platelets": "platelet count",
    "thrombocytes": "platelet count",
    "thrombocyte count": "platelet count",
    "hemoglobin": "hemoglobin",
    "haemoglobin": "hemoglobin",
    "white blood cell count": "white blood cell count",
    "white blood cells": "white blood cell count",
    "white blood count": "white blood cell count",
    "leukocytes": "white blood cell count",
    "leukocyte count": "white blood cell count",
    "absolute lymphocyte count": "lymphocyte count",
    "lymphocyte count": "lymphocyte count",
    "lymphocytes": "lymphocyte count",
    "total bilirubin": "total bilirubin",
    "serum bilirubin": "total bilirubin",
    "bilirubin": "total bilirubin",
    "total serum bilirubin": "total bilirubin",
    "direct bilirubin": "direct bilirubin",
    "aspartate aminotransferase": "aspartate aminotransferase",
    "aspartate transaminase": "aspartate aminotransferase",
    "alanine aminotransferase": "alanine aminotransferase",
    "alanine transaminase": "alanine aminotransferase",
    "alkaline phosphatase": "alkaline phosphatase",
    "serum creatinine": "serum creatinine",
    "creatinine": "serum creatinine",
    "creatinine clearance": "creatinine clearance",
    "calculated creatinine clearance": "creatinine clearance",
    "measured creatinine clearance": "creatinine clearance",
    "estimated glomerular filtration rate": "estimated glomerular filtration rate",
    "glomerular filtration rate": "estimated glomerular filtration rate",
    "serum albumin": "albumin",
    "albumin": "albumin",
    "international normalized ratio": "international normalised ratio",
    "international normalised ratio": "international normalised ratio",
    "prothrombin time": "prothrombin time",
    "activated partial thromboplastin time": "activated partial thromboplastin time",
    "partial thromboplastin time": "partial thromboplastin time",
    "hemoglobin a1c": "HbA1c",
    "haemoglobin a1c": "HbA1c",
    "glycated hemoglobin": "HbA1c",
    "glycosylated hemoglobin": "HbA1c",
    "fasting plasma glucose": "fasting glucose",
    "fasting blood glucose": "fasting glucose",
    "fasting glucose": "fasting glucose",
    "serum potassium": "potassium",
    "potassium": "potassium",
    "serum sodium": "sodium",
    "sodium": "sodium",
    "serum calcium": "calcium",
    "corrected calcium": "calcium",
    "serum magnesium": "magnesium",
    "lactate dehydrogenase": "lactate dehydrogenase",
    "serum testosterone": "testosterone",
    "testosterone": "testosterone",
    "prostate-specific antigen": "prostate-specific antigen",
    "prostate specific antigen": "prostate-specific antigen",
    "cd4 count": "CD4 count",
    "cd4+ t-cell count": "CD4 count",
    "cd4 cell count": "CD4 count",
}
LAB_ACRONYMS: Final[Mapping[str, str]] = {
    "ANC": "absolute neutrophil count",
    "AGC": "absolute neutrophil count",
    "PLT": "platelet count",
    "Plt": "platelet count",
    "Hb": "hemoglobin",
    "Hgb": "hemoglobin",
    "HGB": "hemoglobin",
    "WBC": "white blood cell count",
    "ALC": "lymphocyte count",
    "TBIL": "total bilirubin",
    "AST": "aspartate aminotransferase",
    "SGOT": "aspartate aminotransferase",
    "ALT": "alanine aminotransferase",
    "SGPT": "alanine aminotransferase",
    "ALP": "alkaline phosphatase",
    "CrCl": "creatinine clearance",
    "CrCL": "creatinine clearance",
    "CLcr": "creatinine clearance",
    "eGFR": "estimated glomerular filtration rate",
    "GFR": "estimated glomerular filtration rate",
    "INR": "international normalised ratio",
    "aPTT": "activated partial thromboplastin time",
    "APTT": "activated partial thromboplastin time",
    "PTT": "partial thromboplastin time",
    "HbA1c": "HbA1c",
    "HbA1C": "HbA1c",
    "A1c": "HbA1c",
    "LDH": "lactate dehydrogenase",
    "PSA": "prostate-specific antigen",
    "CD4": "CD4 count",
}
# events a time window is about (subject = the words as written, lower-cased)
WINDOW_EVENTS: Final = (
    "major surgery",
    "major surgical procedure",
    "major surgical treatment",
    "surgical procedure",
    "surgical treatment",
    "spine surgery",
    "spinal surgery",
    "back surgery",
    "surgery",
    "operation",
    "chemotherapy",
    "chemo",
    "radiotherapy",
    "radiation therapy",
    "radiation",
    "immunotherapy",
    "targeted therapy",
    "hormonal therapy",
    "endocrine therapy",
    "systemic therapy",
    "anticancer therapy",
    "anti-cancer therapy",
    "antitumor therapy",
    "anti-tumor therapy",
    "antitumor drug",
    "anti-tumor drug",
    "antitumor drugs",
    "anti-tumor drugs",
    "biologic therapy",
    "chinese patent drugs",
    "investigational drug",
    "investigational drugs",
    "investigational agent",
    "investigational product",
    "investigational device",
    "investigational medicinal product",
    "study drug",
    "clinical trial",
    "clinical trials",
    "clinical study",
    "clinical studies",
    "another study",
    "another trial",
    "live vaccine",
    "live attenuated vaccine",
    "vaccine",
    "vaccination",
    "blood transfusion",
    "transfusion",
    "pregnancy test",
    "mri",
    "magnetic resonance imaging",
    "ct scan",
    "imaging",
    "echocardiogram",
    "muga scan",
    "injection treatment",
    "injection",
    "injections",
    "epidural steroid injection",
    "epidural steroids",
    "epidural injection",
    "oral steroids",
    "steroids",
    "corticosteroids",
    "systemic corticosteroids",
    "opioids",
    "malignancy",
    "cancer",
    "myocardial infarction",
    "stroke",
    "thrombosis",
    "thromboembolism",
    "pulmonary embolism",
    "tuberculosis",
    "infection",
    "substance abuse",
    "alcohol abuse",
    "drug abuse",
    "alcohol or drug abuse",
    "physical therapy",
    "physiotherapy",
    "rehabilitation",
    "biopsy",
    "hospitalization",
    "hospitalisation",
    "fracture",
    "growth factors",
    "g-csf",
)
# what a duration is about: symptoms, states, treatment courses
DURATION_SUBJECTS: Final = (
    "pain",
    "back pain",
    "low back pain",
    "lower back pain",
    "leg pain",
    "neck pain",
    "arm pain",
    "radicular pain",
    "radicular leg pain",
    "radiating pain",
    "sciatic pain",
    "sciatica",
    "symptoms",
    "radicular symptoms",
    "complaints",
    "radiculopathy",
    "claudication",
    "conservative treatment",
    "conservative therapy",
    "conservative care",
    "conservative management",
    "non-operative management",
    "non-operative treatment",
    "non-operative care",
    "nonoperative management",
    "nonoperative treatment",
    "non-surgical treatment",
    "non-surgical management",
    "nonsurgical treatment",
    "nonsurgical management",
    "physical therapy",
    "physiotherapy",
    "medical treatment",
    "medical management",
    "treatment",
    "therapy",
    "stable",
    "stable disease",
    "disease-free",
    "disease free",
    "opioids",
    "corticosteroids",
    "steroids",
    "amenorrhea",
    "amenorrhoea",
    "diagnosis",
)
DURATION_CUES: Final[Mapping[str, str | None]] = {  # cue -> side a bare value takes (None: must be written)
    "for": "ge",
    "lasting": "ge",
    "lasting for": "ge",
    "lasts": "ge",
    "lasts for": "ge",
    "lasted": "ge",
    "lasted for": "ge",
    "persisting for": "ge",
    "persistent for": "ge",
    "present for": "ge",
    "over a period of": "ge",
    "for a period of": "ge",
    "for a duration of": "ge",
    "with a duration of": None,
    "of": None,
    "started": None,
    "started for": None,
    "began": None,
    "since": None,
    "duration of": None,
}


# ============================================================================================
# Leaving early: no digit, no number word, no ASA class
# ============================================================================================

# A line is checked with bytes methods, which cost a fraction of a regex scan of the text:
# digits and "&" (an entity may be a digit) become "#", letters are folded to lower case,
# anything else becomes a space (a character beyond ASCII is first one "?", so it separates
# words, as letters of other scripts do in the patterns), and the words are looked for among
# the words of the folded line (``bytes.split``: a set lookup per word costs far less than trying
# every word after every space with a pattern).
_FOLD: Final = bytes(
    ord("#") if chr(b) in "0123456789&" else b | 0x20 if chr(b).isalpha() else ord(" ") for b in range(128)
) + bytes(128)
_VALUE_WORDS: Final = frozenset(word.encode("ascii") for word in (*NUMBER_WORDS, "asa", "american"))


@functools.cache
def _early() -> re.Pattern[str]:
    """The pattern of the early check (compiled on first use, like all the others): the
    characters with which a line is not read as written: fullwidth digits (digits to the
    normalisation), and those it drops (which may join the letters of a word)."""
    return re.compile("[\uff10-\uff19\u00ad\u200b-\u200f\u2060\ufeff]")


# ============================================================================================
# Normalisation with a way back
# ============================================================================================

_CHAR_MAP: Final[Mapping[str, str]] = {
    "≧": "≥",
    "⩾": "≥",
    "≦": "≤",
    "⩽": "≤",
    "＞": ">",
    "＜": "<",
    "＝": "=",
    "：": ":",
    "，": ",",
    "；": ";",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "﹣": "-",
    "－": "-",
    "～": "~",
    "〜": "~",
    "∼": "~",
    "✕": "×",
    "⨯": "×",
    "μ": "µ",
    "（": "(",
    "）": ")",
    "％": "%",
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f", ""),
}
_SUPERSCRIPTS: Final[Mapping[str, str]] = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789", strict=True))
_ENTITIES: Final[Mapping[str, str]] = {
    "ge": "≥",
    "le": "≤",
    "gt": ">",
    "lt": "<",
    "amp": "&",
    "times": "×",
    "nbsp": " ",
    "ensp": " ",
    "emsp": " ",
    "thinsp": " ",
    "plusmn": "±",
    "micro": "µ",
    "mu": "µ",
    "ndash": "-",
    "mdash": "-",
    "minus": "-",
    "sup2": "^2",
    "sup3": "^3",
    "deg": "°",
    "quot": '"',
    "apos": "'",
    "middot": "·",
    "geq": "≥",
    "leq": "≤",
    "ges": "≥",
    "les": "≤",
}
# white space other than " " (what str.isspace accepts; a test keeps the list complete)
_OTHER_SPACE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_CIRCLED: Final = "\u2460-\u2473\u2776-\u277f"  # ① … ⑳, ❶ … ❿


class _Norm:
    """The way back from a normalised line: one segment per copied run or replaced token.

    Segment ``k`` starts at normalised offset ``seg_at[k]`` and came from source
    ``[seg_src[k], seg_src_end[k])``; a copied run maps character by character. (A line copied
    as it stands, the usual case, needs none: its way back is its offset in the source.)
    ``escapes_only``: the line but for its dropped markdown escapes, one copied run between two.
    """

    __slots__ = ("escapes_only", "seg_at", "seg_copy", "seg_src", "seg_src_end")

    def __init__(self) -> None:
        self.seg_at: list[int] = []
        self.seg_src: list[int] = []
        self.seg_src_end: list[int] = []
        self.seg_copy: list[bool] = []
        self.escapes_only = False

    def _source(self, i: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.seg_at, i) - 1
        if self.seg_copy[k]:
            s = self.seg_src[k] + i - self.seg_at[k]
            return s, s + 1
        return self.seg_src[k], self.seg_src_end[k]

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Source offsets of normalised ``[i, j)`` (``i < j``)."""
        return self._source(i)[0], self._source(j - 1)[1]


def _entity(name: str) -> str | None:
    if name.startswith("#"):
        try:
            code = int(name[2:], 16) if name[1:2] in ("x", "X") else int(name[1:])
        except ValueError:
            return None
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        ch = chr(code)
        return _CHAR_MAP.get(ch, " " if ch.isspace() else ch)
    return _ENTITIES.get(name.lower())


def _inline_marker(body: str) -> bool:
    """Whether an inline list marker stands in ``body``: ``[,;.:][ \\t]{0,2}+\\(?[0-9]{1,2}\\)``."""
    i = body.find(")")
    while i != -1:
        q = i
        while q > i - 3 and q > 0 and body[q - 1] in "0123456789":
            q -= 1
        if 1 <= i - q <= 2:
            if q > 0 and body[q - 1] == "(":
                q -= 1
            s = q
            while s > q - 2 and s > 0 and body[s - 1] in " \t":
                s -= 1
            if s > 0 and body[s - 1] in ",;.:":
                return True
        i = body.find(")", i + 1)
    return False


# what may need work in an ASCII line: a control character or "&" (1), ")" and "\\" (as they
# are); anything else is 0 (a table without deletions: bytes.translate builds none per call)
_SPECIAL: Final = bytes(1 if b < 32 or chr(b) in "\x7f&" else b if chr(b) in ")\\" else 0 for b in range(256))


def _normalise(p: _Patterns, value: str, start: int, line: str, encoded: bytes | None) -> tuple[str, int, int, int | _Norm]:
    """``line`` (``value[start:]``; ``encoded``: its bytes when it is ASCII) normalised: the text,
    the range of it to read, and the way back to ``value``.

    Most lines need nothing but the list marker dropped (and a trailing space): the text is then
    the line itself, the range leaves the marker out, and the way back is the line's offset in
    ``value``. Otherwise the text is made anew, read whole, and mapped back by its segments.
    """
    k = 0
    if line[:2] == "* " and line[2:3].isalpha() and line[2:3] not in "ivxIVX" and line[3:4] not in {".", ")", "\\"}:
        k = 2  # the usual bullet, and no second marker after it
    elif line[:1].isalpha() and line[:1] not in "ivxIVX" and line[1:2] not in {".", ")", "\\"}:
        pass  # a word first (the usual line): no marker can open it, only "a." "b)" "iv."
    else:
        lead = p.lead_marker.match(line)
        if lead is not None:
            k = lead.end()
    if encoded is not None:
        special = (encoded[k:] if k else encoded).translate(_SPECIAL)  # 1: a control character or "&"
        raw = 1 in special or line.find("  ", k) >= 0 or (41 in special and _inline_marker(line[k:]))
        escaped = 92 in special
    else:
        body = line[k:]
        raw = p.special_char.search(body) is not None or "  " in body or (")" in body and _inline_marker(body))
        escaped = "\\" in body
    if not raw and not escaped:
        end = len(line)
        return line, k, end - 1 if end > k and line[-1] == " " else end, start
    pieces: list[str] = []
    norm = _Norm()
    size = 0
    pos = start + k
    end = start + len(line)
    if not raw:
        # Markdown escapes only (an ASCII line with no double space, no control character, no
        # entity, the common "\\>= 18"): the text is the line without those backslashes, one
        # copied run between two. What the general loop below would make of it, built directly:
        # a run after a dropped backslash opens with punctuation, so the only space to drop is
        # one in front of the line.
        norm.escapes_only = True
        if pos < end and value[pos] == " ":
            pos += 1
        for m in p.escape.finditer(value, pos, end):
            a = m.start()
            if a > pos:
                pieces.append(value[pos:a])
                norm.seg_at.append(size)
                norm.seg_src.append(pos)
                norm.seg_src_end.append(a)
                norm.seg_copy.append(True)
                size += a - pos
            pos = a + 1
        if pos < end:
            pieces.append(value[pos:end])
            norm.seg_at.append(size)
            norm.seg_src.append(pos)
            norm.seg_src_end.append(end)
            norm.seg_copy.append(True)
        text = "".join(pieces)
        return text, 0, len(text), norm
    last_space = True  # drop leading white space

    def segment(text: str, a: int, b: int, *, copy: bool) -> None:
        nonlocal size, last_space
        if last_space and text[:1] == " ":  # never two spaces in a row, none in front
            text = text[1:]
            a += copy
        if not text:
            return
        last_space = text[-1] == " "
        pieces.append(text)
        norm.seg_at.append(size)
        norm.seg_src.append(a)
        norm.seg_src_end.append(b)
        norm.seg_copy.append(copy)
        size += len(text)

    for m in p.raw.finditer(value, pos, end):
        a, b = m.span()
        segment(value[pos:a], pos, a, copy=True)
        kind = m.lastgroup
        if kind == "ent":
            decoded = _entity(m.group("ent"))
            segment(m.group() if decoded is None else decoded, a, b, copy=False)
        elif kind in {"ws", "spaces", "mark", "mark2", "circ"}:
            segment(" ", a, b, copy=False)
        elif kind == "sup":
            segment("^" + "".join(_SUPERSCRIPTS[c] for c in m.group()), a, b, copy=False)
        elif kind == "char":
            segment(_CHAR_MAP[m.group()], a, b, copy=False)
        pos = b  # an escape's backslash is dropped
    segment(value[pos:end], pos, end, copy=True)
    text = "".join(pieces)
    return text, 0, len(text), norm


# ============================================================================================
# Pattern fragments (built from the tables, longest first)
# ============================================================================================

# The vocabulary patterns fold case in ASCII only (re.ASCII | re.IGNORECASE), so a matched
# spelling always lower-cases to its table key; words are still bounded by the letters and
# digits of every script:
_L: Final = r"(?u:[^\W\d_])"  # a letter
_LN: Final = r"(?u:[^\W_])"  # a letter or a digit
_FLAGS: Final = re.VERBOSE | re.IGNORECASE | re.ASCII

_Trie = dict[str, "_Trie"]


def _alternation(spellings: Iterable[str], *, fold: bool = True, reverse: bool = False, heads: bool = True) -> str:
    """The spellings as one prefix-tree pattern: ``ab|ac|a`` -> ``a(?:b|c)?``.

    At each position the engine then follows one branch per character instead of trying every
    spelling in turn (the tables have up to a hundred), and the greedy ``?`` keeps the longest
    spelling first. ``fold``: lower-case the spellings (the patterns ignore case anyway).
    ``reverse``: the spellings written backwards, for matching the reversed text.
    ``heads`` (with ``fold``; for patterns compiled with ``re.IGNORECASE | re.ASCII``): where a
    node has several branches, each branch opens with its letter as a case-sensitive class
    (``(?-i:[aA])``, the same letters as ``a`` under those flags). ``re`` skips a branch whose
    first instruction is a plain character or class that fails at once, but enters every
    branch that opens with a case-folded character, which costs several times more: a
    25-letter node is otherwise entered up to 25 times at each position it is tried.

    >>> _alternation(["at least", "at most", "a"], heads=False)
    'a(?:t\\\\ (?:least|most))?'
    >>> _alternation(["at least", "at most"], reverse=True, heads=False)
    'ts(?:ael\\\\ ta|om\\\\ ta)'
    >>> _alternation(["at least", "at most", "a"])
    'a(?:t\\\\ (?:(?-i:[lL])east|(?-i:[mM])ost))?'
    """
    trie: _Trie = {}
    for spelling in set(spellings):
        node = trie
        written = spelling.lower() if fold else spelling
        for ch in written[::-1] if reverse else written:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie, heads=heads and fold)


def _trie_pattern(node: _Trie, *, heads: bool = False) -> str:
    children = [(ch, _trie_pattern(child, heads=heads)) for ch, child in sorted(node.items()) if ch]
    if not children:
        return ""
    # not when every branch is one character: ``re`` makes such a node one class
    cased = heads and len(children) > 1 and any(rest for _, rest in children)
    branches = [
        ("(?-i:[%s%s])" % (ch, ch.upper()) if cased and "a" <= ch <= "z" else re.escape(ch)) + rest for ch, rest in children
    ]
    body = branches[0] if len(branches) == 1 else "(?:%s)" % "|".join(branches)
    if "" in node:
        return body + "?" if body.startswith("(?:") and len(branches) > 1 else "(?:%s)?" % body
    return body


def _word_alternation(spellings: Iterable[str], *, case_sensitive: bool = False) -> str:
    """Spellings as whole words (no letter or digit glued on either side)."""
    alts = _alternation(spellings, fold=not case_sensitive)
    if case_sensitive:
        alts = "(?-i:%s)" % alts
    return r"(?<!%s)(?:%s)(?!%s)" % (_LN, alts, _LN)


def _cmp(*, reverse: bool = False) -> str:
    """A comparator in any spelling (``reverse``: for the reversed text)."""
    return r"(?:%s|(?<!%s)(?:%s)(?!%s))" % (
        _alternation(COMPARATOR_SYMBOLS, reverse=reverse),
        _L,
        _alternation(COMPARATOR_WORDS, reverse=reverse),
        _L,
    )


# a number: digits (bounded), thousands with commas or (before a cell-count unit) spaces, decimals
_DIGITS_TAIL: Final = r"""
     (?:[0-9]{0,2}+(?:,[0-9]{3}){1,3}+(?![0-9])
      | [0-9]{0,2}+%s(?:\ [0-9]{3}){1,2}+(?=\ ?(?:/|x|×|cells))%s
      | [0-9]{0,8}+)
     (?:\.[0-9]{1,9}+)?+
     (?![0-9]|[.,][0-9])
"""
# its first digit, not glued to a letter, a digit or ".,^/"
_DIGITS: Final = r"(?<!%s)(?<![.,^/])[0-9]%s" % (_LN, _DIGITS_TAIL % ("", ""))
# Where numbers start, written so that a scan skips to the next digit at once (the check on
# what stands before the first digit follows that digit). "1 500/µL" is matched as "1" and
# "500": each starts a number (the thousands are looked at, not taken)
_DIGITS_SCAN: Final = r"[0-9](?<!%s.)(?<![.,^/].)%s" % (_LN, _DIGITS_TAIL % ("(?=", ")"))
_TENS: Final = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS: Final = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _value() -> str:
    return r"""(?:
        %s(?:\ ?\([A-Za-z\-]{3,15}+\))?+                                 # 18, 18 (eighteen)
      | (?<!%s)(?:(?:%s)-(?:%s)|%s)(?!%s)(?:\ ?\([0-9]{1,3}+\))?+      # three (3), seventy-two (72)
    )""" % (_DIGITS, _L, _alternation(_TENS), _alternation(_UNITS), _alternation(NUMBER_WORDS), _L)


_ROMAN: Final = r"(?<!%s)(?-i:VI|IV|V|III|II|I)(?!%s)" % (_L, _LN)
_NO_UNIT: Final = r"(?!)"
_SCI_UNIT: Final = (
    r"""
    (?:(?:[x×*]|times)\ ?10\ ?(?:\^\ ?|e|\*{1,2}+\ ?)?|10\ ?(?:\^\ ?|e|\*{1,2}+\ ?))
    (?:9|12|3|6)\ ?/\ ?(?:l|µl|ul|mcl|mm3|mm\^3)(?!%s)
"""
    % _LN
)
# "x ULN" in its spellings: with a multiplier any wording of "upper limit of normal" (even
# "2 times normal range"); without one only the abbreviation or the full phrase
_ULN_UNIT: Final = (
    r"""
    (?:(?:[x×*]|times)\ ?(?:the\ )?(?:(?:institutional|institution's|local|site)\ )?
       (?:uln|upper\ limit\ (?:of\ )?(?:the\ )?normal(?:\ range|\ limit)?|upper\ normal\ limit
         |normal\ range|normal\ values?|normal)
     | (?:the\ )?(?:institutional\ )?(?:uln|upper\ limit\ of\ normal))
    (?!%s)(?:\ ?\((?:the\ )?(?:institutional\ )?uln\))?
"""
    % _L
)
_BMI_UNIT: Final = r"kg\ ?/\ ?m\ ?(?:\^\ ?2|2)?(?!%s)" % _LN
_PERCENT: Final = r"%"
_PAIN_UNIT: Final = r"(?:mm|cm|/\ ?100?|points?|pts|out\ of\ 100?)(?!%s)" % _LN
_DISABILITY_UNIT: Final = r"(?:%%|/\ ?(?:100|50)|points?|pts)(?!%s)" % _LN
# words that open a range: "between 18 and 75", "from 18 to 75"
_PRE_WORDS: Final = ("between", "from", "b/w", "ranging from", "range of", "in the range of")
_ANY_GAP_STOP: Final = ("and", "or", "with", "without", "who", "which", "that", "if", "but", "than", "except")


def _gap(words: Iterable[str] | None, n: int, stop: Iterable[str] = ()) -> str:
    """A short run of allowed words, punctuation and parentheses between an anchor and a value."""
    if words is None:
        stop_alt = _alternation(stop)
        letters = r"%s(?:%s|['\-]){0,24}+" % (_L, _L)
        word = r"(?!(?:%s)(?!%s))%s" % (stop_alt, _L, letters) if stop_alt else letters
    else:
        word = r"(?:%s)(?!%s)" % (_alternation(words), _L)
    return r"(?:\ ?(?:[:=,\-]|\([^()0-9;]{1,60}+\)|%s)){0,%d}?\ ?" % (word, n)


def _expr(fr: _Fragments, value: str, unit: str, tail: str = _NO_UNIT, *, unit_sep: str = r"\ ?") -> str:
    """The shared value expression; ``value``/``unit``/``tail`` are the kind's fragments."""
    return r"""
    (?>                        # atomic: once read, an expression is not re-read in shorter ways
    (?=%(first)s)              # what it can open with: a digit, a comparator, a word below
    (?P<expr>
      (?:(?P<pre>%(pre)s)\ )?
      (?:(?P<c1>%(cmp)s)\ ?)?                         # "≥", "at least"
      (?P<v1>%(value)s)
      (?:%(us)s(?P<u1>%(unit)s))?
      (?:\ ?(?P<s1>%(sfx)s))?                         # "6 or more weeks", "18+"
      (?:%(us)s(?P<u1b>%(unit)s))?
      (?P<vl>(?:\ ?,\ ?%(value)s){0,4})               # "0, 1, or 2"
      (?:
        \ ?,?\ ?(?P<sep>%(sep)s)\ ?                  # "18-75", "> 18 and < 60", "< 18 or > 70"
        (?:(?P<c2>%(cmp)s)\ ?)?
        (?P<v2>%(value)s)
        (?:%(us)s(?P<u2>%(unit)s))?
      )?
      (?!%(LN)s)                                       # not the start of "3rd", "L4"
      (?:\ ?(?P<tail>%(tail)s))?                       # "years of age", "on a 100 mm scale"
      (?:\ ?(?P<s2>%(sfx)s))?                         # "18 years of age or older"
      (?:\ ?,?\ ?\(?(?P<incl>inclusive)\)?)?
    )
    (?!\ ?%(foreign)s)                                # a unit of something else follows
    )
    """ % {
        "pre": fr.pre,
        "sep": fr.sep,
        "cmp": fr.cmp,
        "value": value,
        "unit": unit,
        "us": unit_sep,
        "sfx": fr.sfx,
        "tail": tail,
        "foreign": fr.foreign,
        "first": fr.first,
        "LN": _LN,
    }


class _Fragments:
    """Pattern sources shared by several kinds (built once, with the patterns)."""

    def __init__(self) -> None:
        self.cmp = _cmp()
        self.pre = _alternation(_PRE_WORDS)
        # the first character or word of an expression: cheap to test where one cannot start
        # (at every word of a gap), and a necessary condition where one can
        first_words = {w.split(" ")[0] for w in (*_PRE_WORDS, *COMPARATOR_WORDS, *NUMBER_WORDS)}
        self.first = r"[0-9%s]|(?-i:[IV])|(?<!%s)(?:%s)(?!%s)" % (  # Roman: an ASA class
            re.escape("".join(sorted({w[0] for w in COMPARATOR_SYMBOLS}))),
            _L,
            _alternation(first_words),
            _L,
        )
        self.sep = _alternation(("-", "~", "to", "through", "and", "or", "&"))
        self.sfx = r"(?:\+|(?<!%s)(?:%s)(?!%s))" % (_L, _alternation(k for k in SUFFIXES if k != "+"), _L)
        self.value = _value()
        self.time_unit = r"(?:%s)(?!%s)" % (_alternation(TIME_UNITS), _L)
        self.lab_unit = r"(?:%s|%s|(?:%s)(?!%s))" % (
            _SCI_UNIT,
            _ULN_UNIT,
            _alternation(
                [u for u in LAB_UNITS if u != "s"]
                + [
                    "cells/mm^3",
                    "ml/min/1.73 m2",
                    "ml/min/1.73 m^2",
                    "ml/min/1.73 m",
                    "ml/min per 1.73 m2",
                    "ml/min per 1.73m2",
                    "per mm3",
                    "/cu mm",
                    "g/100 ml",
                ]
            ),
            _LN,
        )
        # units of other kinds: a value followed by one of these is not this kind's value
        self.foreign = r"(?:%s)(?!%s)" % (_alternation((*TIME_UNITS, *_FOREIGN_UNITS)), _L)
        self.analyte = r"(?:%s|%s)" % (_word_alternation(LAB_NAMES), _word_alternation(LAB_ACRONYMS, case_sensitive=True))


_AGE_GAP_WORDS: Final = (
    "of",
    "between",
    "the",
    "is",
    "at",
    "from",
    "range",
    "group",
    "must",
    "be",
    "should",
    "in",
    "limit",
    "limits",
    "patient",
    "patients",
    "subject",
    "subjects",
    "participant",
    "participants",
    "inclusive",
)
_AGE_TAIL_WORDS: Final = ("old", "of age", "age", "y/o", "yo")
# units of other kinds: a value followed by one of these (or a time unit) is not this kind's value
_FOREIGN_UNITS: Final = (
    "mm",
    "cm",
    "m",
    "km",
    "kg",
    "g",
    "lb",
    "lbs",
    "pounds",
    "mg",
    "µg",
    "mcg",
    "ml",
    "l",
    "degree",
    "degrees",
    "°",
    "%",
    "mmhg",
    "ms",
    "bpm",
    "x",
    "×",
    "times",
    "/",
    "fold",
    "-fold",
    "point",
    "points",
    "mm3",
    "cells",
    "unit",
    "units",
    "dose",
    "doses",
    "line",
    "lines",
    "cycle",
    "cycles",
    "lesion",
    "lesions",
    "level",
    "levels",
    "half-lives",
    "g/dl",
    "mg/dl",
    "ng/ml",
)
_PS_GAP_WORDS: Final = (
    "performance",
    "status",
    "score",
    "scale",
    "ps",
    "of",
    "is",
    "must",
    "be",
    "the",
    "at",
    "should",
    "screening",
    "baseline",
    "grade",
    "level",
    "index",
    "rating",
    "scores",
)
_PS_TAIL: Final = r"\((?:ecog|who|zubrod)\)|on\ the\ (?:ecog|who)\ scale"
_ASA_GAP_WORDS: Final = (
    "class",
    "classification",
    "score",
    "physical",
    "status",
    "grade",
    "ps",
    "of",
    "the",
    "is",
    "risk",
    "category",
    "classes",
    "must",
    "be",
    "scale",
)
_LAB_GAP_WORDS: Final = (
    "level",
    "levels",
    "count",
    "counts",
    "concentration",
    "value",
    "values",
    "of",
    "must",
    "be",
    "is",
    "are",
    "should",
    "at",
    "the",
    "serum",
    "plasma",
    "blood",
    "total",
    "absolute",
    "screening",
    "baseline",
    "result",
)
_ANALYTE_PAREN: Final = r"(?:\ ?\([^()0-9;]{1,40}+\))?"  # "AST (SGOT)"
_ANALYTE_SEP: Final = r"\ ?(?:,|and/or|and|or|/|&)\ ?"

_STATES: Final = ("postmenopausal", "post-menopausal", "amenorrheic", "amenorrhoeic")
_REFERENCES: Final = ("prior to", "prior", "before", "preceding", "ago", "since")
_WINDOW_CUES: Final = ("in", "during", "over")  # and "within"
_WINDOW_RELS: Final = ("last", "past", "previous", "preceding", "prior")

# Where each anchor-first pattern can start (keep in sync with the patterns below); "window"
# for the time-window cues, "number" for number words, "unit" for the words a time or an age
# read from the value needs (a clause without one has no such reading). One scan of the line
# finds them all.
ANCHOR_WORDS: Final[Mapping[str, Iterable[str]]] = {
    "age": (*AGE_ANCHORS, "adult", "adults"),
    "ecog": (*ECOG_ANCHORS, "performance status", "performance score"),
    "karnofsky": KARNOFSKY_ANCHORS,
    "asa": ASA_ANCHORS,
    "bmi": BMI_ANCHORS,
    "pain": (*PAIN_SCALES, "pain"),
    "disability": DISABILITY_INDICES,
    "lab": (*LAB_NAMES, *LAB_ACRONYMS),
    "life": LIFE_ANCHORS,
    "duration": DURATION_SUBJECTS,
    # "in 6 months" is no window: "in", "during", "over" count only before "(the) last", …
    "window": ("within", *(f"{cue} {the}{rel}" for cue in _WINDOW_CUES for the in ("", "the ") for rel in _WINDOW_RELS)),
    "number": NUMBER_WORDS,
    # what a reading needs after its number: a time unit; for an age from the value, its tail
    # ("years old") or "or older"; for a time from the value, what it is about; a pain scale
    # after "pain" ("pain more than 5 on NPRS")
    "unit": TIME_UNITS,
    "tail": _AGE_TAIL_WORDS,
    "after": ("older", "younger", "onset", *_STATES, *_REFERENCES),
    "scale": PAIN_SCALES,
}


def _index_form(spelling: str) -> str:
    """A spelling as the anchor index sees it: letters in lower case, anything else a space."""
    return "".join(ch if "a" <= ch <= "z" else " " for ch in spelling.lower())


def _anchor_kinds() -> tuple[dict[bytes, tuple[str, ...]], dict[bytes, tuple[int, ...]], str]:
    """For the anchor index: the patterns that may start at each of its words (its own, and
    those of every shorter word it begins with: the index reports only the longest word at a
    position), the offsets of the words inside it where another anchor may start, and the
    pattern of all the words. Keys are the words as matched: " " + the index form, in bytes.

    >>> kinds, inner, _ = _anchor_kinds()
    >>> kinds[b" back pain"], inner[b" back pain"], inner[b" absolute neutrophil count"], kinds[b" ecog ps"]
    (('duration',), (5,), (9,), ('ecog',))
    """
    owners: dict[str, set[str]] = {}
    for name, words in ANCHOR_WORDS.items():
        for w in words:
            owners.setdefault(_index_form(w), set()).add(name)
    order = {name: i for i, name in enumerate(ANCHOR_WORDS)}
    prefixes = {form[:i] for form in owners for i in range(1, len(form) + 1)}
    kinds: dict[bytes, tuple[str, ...]] = {}
    inner: dict[bytes, tuple[int, ...]] = {}
    for form, own in owners.items():
        names = set(own)
        for k in range(1, len(form)):
            if form[k] == " " and form[:k] in owners:
                names |= owners[form[:k]]
        key = (" " + form).encode("ascii")
        kinds[key] = tuple(sorted(names, key=order.__getitem__))
        inner[key] = tuple(
            k
            for k in range(1, len(form))
            if form[k - 1] == " "
            and form[k] != " "
            and (form[k:] in prefixes or any(form[k:j] in owners for j in range(k + 1, len(form))))
        )
    return kinds, inner, _alternation(owners, heads=False)  # matched on bytes, case-sensitive


def _optional_as_branch(source: str) -> str:
    """``(?:X)?`` written as ``(?:X|)`` (and ``(?:X)?+`` as ``(?>X|)``), the same pattern.

    ``re`` runs an optional group through its general repeat machinery, and a branch with an
    empty alternative about a third faster; the expression grammar has dozens of optional
    groups. Character classes, escapes and verbose comments are left as they stand.

    >>> _optional_as_branch("a(?:b|c)?(?P<d>[?)])?+(?:e)??")
    'a(?:b|c|)(?>(?P<d>[?)])|)(?:e)??'
    """
    out: list[str] = []
    opened: list[int] = []  # where each open group starts in ``out``
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            out.append(source[i : i + 2])
            i += 2
        elif ch == "[":
            j = i + 1 + (source[i + 1 : i + 2] == "^")
            j += source[j : j + 1] == "]"
            while source[j] != "]":
                j += 2 if source[j] == "\\" else 1
            out.append(source[i : j + 1])
            i = j + 1
        elif ch == "#":  # a verbose comment, to the end of the line
            j = source.find("\n", i)
            i = n if j == -1 else j
        elif ch == "(":
            opened.append(len(out))
            out.append(ch)
            i += 1
        elif ch == ")":
            at = opened.pop()
            out.append(ch)
            i += 1
            if source[i : i + 1] == "?" and source[i + 1 : i + 2] != "?":
                group = "".join(out[at:])
                del out[at:]
                body = group[3:-1] if group.startswith("(?:") else group
                possessive = source[i + 1 : i + 2] == "+"
                out.append("(?%s%s|)" % (">" if possessive else ":", body))
                i += 2 if possessive else 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _compile(source: str, flags: int = _FLAGS) -> re.Pattern[str]:
    return re.compile(_optional_as_branch(source), flags)


class _Patterns:
    """Every compiled pattern. Built on first use by ``_patterns()``: an import of the package
    should not pay for compiling them."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, re.Pattern[str], Reader, bool]] = {}
        self._build()

    def anchor_entry(self, name: str) -> tuple[str, re.Pattern[str], Reader, bool]:
        """``(name, pattern, reader, look for a comparator before the anchor)`` of an anchor-first kind."""
        entry = self._entries.get(name)
        if entry is None:
            reader, look_back = _ANCHOR_READERS[name]
            entry = self._entries[name] = (name, getattr(self, name), reader, look_back)
        return entry

    def _build(self) -> None:
        fr = _Fragments()
        value = fr.value
        # ---- normalisation ------------------------------------------------------------------
        # the character a token opens with (a scan skips to the next at once), then which token
        self.raw = re.compile(
            r"""
            [\\&\s⁰¹²³⁴⁵⁶⁷⁸⁹(0-9%(circled)s%(chars)s]
            (?:
              (?<=\\)(?=[!-/:-@\[-`{-~])(?P<esc>)                      # markdown escape: drop it
            | (?<=&)(?P<ent>\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,9});   # HTML entity
            | (?<=[^\S\ ])(?P<ws>\s*+)                                   # white space but one " "
            | (?<=\ )(?P<spaces>\s++)
            | (?<=[⁰¹²³⁴⁵⁶⁷⁸⁹])(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{0,3}+)              # 10⁹ -> 10^9
            | (?:(?<=[,;.:]\()|(?<=[,;.:][\ \t]\()|(?<=[,;.:][\ \t][\ \t]\())   # inline "…, (8) inability"
              (?P<mark>[0-9]{1,2}\)[\ \t]*+(?=%(L)s))
            | (?:(?<=[,;.:][0-9])|(?<=[,;.:][\ \t][0-9])|(?<=[,;.:][\ \t][\ \t][0-9]))  # "…, 8) inability"
              (?P<mark2>[0-9]?\)[\ \t]*+(?=%(L)s))
            | (?<=[%(circled)s])(?P<circ>[\ \t]*+)                         # ① … ⑳ markers
            | (?<=[%(chars)s])(?P<char>)                                # characters read as others
            )
            """
            % {"L": _L, "circled": _CIRCLED, "chars": re.escape("".join(_CHAR_MAP))},
            re.VERBOSE,
        )
        self.escape = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
        self.special_char = re.compile("[\\\\&%s⁰¹²³⁴⁵⁶⁷⁸⁹%s%s]" % (_OTHER_SPACE, _CIRCLED, re.escape("".join(_CHAR_MAP))))
        self.lead_marker = re.compile(
            r"""
            [ \t]*+
            (?:
              (?:\\?[*\-+•·▪◦‣○●■□➢►]                       # bullets
              | \(?[0-9]{1,3}\\?[.)](?![0-9])                # 3.  3)  (3)
              | \([0-9]{1,3}\)
              | \(?[a-zA-Z]\\?[.)](?=[ \t])                  # a.  b)
              | \(?[ivxIVX]{1,5}[.)](?=[ \t])                # iv.  (ii)
              | [\u2460-\u2473]
              )[ \t]*+
            ){1,3}+
            """,
            re.VERBOSE,
        )
        # ---- scans --------------------------------------------------------------------------
        # run over " " + the line in index form (ASCII letters in lower case, anything else a
        # space), so that the scan only stops at spaces. Looser than the patterns (any
        # character but an ASCII letter bounds a word, "18years"): a position reported in
        # excess only costs a failed match there
        kinds, inner, words = _anchor_kinds()
        self.anchor_table = {key: (names, inner[key]) for key, names in kinds.items()}
        self.anchor_index = re.compile((r" (?:%s)(?![a-z])" % words).encode("ascii"))
        self.window_event = re.compile(r"(?u:[\W\d_])(?:%s)(?!%s)" % (_alternation(WINDOW_EVENTS, heads=False), _L))
        self.digits_scan = _compile(_DIGITS_SCAN)
        self.number = _compile(value)
        self.roman = re.compile(_ROMAN, _FLAGS)
        # ";", "•", and a full stop that ends a sentence (not "1.5", not "min. 18"; before a
        # capital and a small letter, "end.Next", checked by the caller)
        self.clause_end = re.compile(
            r";|•|\.(?:(?<!\bmin\.)(?<!\bmax\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?=\ |$)|(?=%s%s))" % (_L, _L),
            re.IGNORECASE,
        )
        # read on the reversed text, from the anchor or number backwards: "under the ", "≥ "
        rcmp = _cmp(reverse=True)
        self.cmp_before = _compile(r"(?:\ eht|\ n?a)?\ (?P<c0>%s)(?!%s)" % (rcmp, _L))
        self.prefix_before = _compile(
            r"\ ?(?:%s)(?:\ (?:%s))?|\ (?:%s)(?!%s)"
            % (rcmp, _alternation(_PRE_WORDS, reverse=True), _alternation(_PRE_WORDS, reverse=True), _L),
            _FLAGS,
        )
        # ---- reading a match ----------------------------------------------------------------
        self.list_item = _compile(r"\ ?,\ ?(?P<v>%s)" % value)
        self.analyte_paren = re.compile(_ANALYTE_PAREN, _FLAGS)
        self.analyte_next = _compile(r"%s(?P<an>%s)%s" % (_ANALYTE_SEP, fr.analyte, _ANALYTE_PAREN))
        self.number_text = re.compile(r"[0-9][0-9, ]*+(?:\.[0-9]++)?+")
        self.paren_digits = re.compile(r"\(([0-9]{1,3}+)\)")
        self.sci_parts = re.compile(r"10\ ?(?:\^\ ?|e|\*{1,2}+\ ?)?(9|12|3|6)\ ?/\ ?(\S+)$", re.IGNORECASE | re.ASCII)
        # ---- anchor-first patterns, one per kind --------------------------------------------
        age_tail = r"(?:-\ ?|\ )?(?:%s)(?!%s)" % (_alternation(_AGE_TAIL_WORDS), _L)
        age_expr = _expr(fr, value, fr.time_unit, age_tail, unit_sep=r"[\ \-]?")
        self.age = _compile(
            r"""
            (?<!%s)(?P<anchor>%s|adults?)(?![\-]|%s)%s   # "aged 18-75", "age range of 18-65", "Adults (>18)"
            (?P<paren>\()?
            %s
            """
            % (_L, _alternation(AGE_ANCHORS), _L, _gap(_AGE_GAP_WORDS, 4), age_expr),
            _FLAGS,
        )
        self.ecog = _compile(
            r"""
            (?<!%s)
            (?P<anchor>%s|(?<!karnofsky\ )(?<!lansky\ )(?<!kps\ )(?:performance\ status|performance\ score))
            (?!%s)%s%s
            """
            % (_L, _alternation(ECOG_ANCHORS), _L, _gap(_PS_GAP_WORDS, 5), _expr(fr, _DIGITS, _NO_UNIT, _PS_TAIL)),
            _FLAGS,
        )
        self.karnofsky = _compile(
            r"(?<!%s)(?P<anchor>%s)(?!%s)%s%s"
            % (_L, _alternation(KARNOFSKY_ANCHORS), _L, _gap((*_PS_GAP_WORDS, "kps"), 5), _expr(fr, _DIGITS, _PERCENT)),
            _FLAGS,
        )
        self.life = _compile(
            r"(?<!%s)(?P<anchor>%s)(?!%s)%s%s"
            % (
                _L,
                _alternation(LIFE_ANCHORS),
                _L,
                _gap(("of", "is", "must", "be", "should", "at", "the", "time", "a", "an", "estimated", "expected"), 4),
                _expr(fr, value, fr.time_unit, unit_sep=r"[\ \-]?"),
            ),
            _FLAGS,
        )
        self.bmi = _compile(
            r"(?<!%s)(?P<anchor>%s)(?!%s)%s%s"
            % (
                _L,
                _alternation(BMI_ANCHORS),
                _L,
                _gap(("of", "is", "must", "be", "should", "at", "the", "value", "screening", "baseline", "index"), 4),
                _expr(fr, _DIGITS, _BMI_UNIT),
            ),
            _FLAGS,
        )
        self.asa = _compile(
            r"(?<!%s)(?P<anchor>%s)(?!%s)%s%s"
            % (
                _L,
                _alternation(ASA_ANCHORS),
                _L,
                _gap(_ASA_GAP_WORDS, 5),
                _expr(fr, r"(?:%s|%s)" % (_ROMAN, _DIGITS), _NO_UNIT),
            ),
            _FLAGS,
        )
        pain_tail = r"""
            (?:on|in)\ (?:a|the)\ (?:0\ ?(?:-|to)\ ?)?100?(?:\ ?-?\ ?(?:mm|cm|points?))?
              (?:\ (?:vas|nrs|scale|visual\ analog(?:ue)?\ scale))?                     # "on a 100 mm scale"
          | \(\ ?0\ ?(?:-|to)\ ?100?\ ?(?:mm|cm)?\ ?\)
          | (?:on|in)\ (?:the\ |a\ )?(?P<scale>%s)(?!%s)
        """ % (_alternation(PAIN_SCALES), _L)
        self.pain = _compile(
            r"""
            (?:
              (?<!%s)(?P<anchor>%s)(?!%s)%s               # "VAS leg pain of at least 40/100"
            | (?<!%s)(?P<pain>pain)(?!%s)%s               # "pain more than 5 on NPRS"
            )
            %s
            (?(pain)(?(scale)|(?!)))                       # … where the scale must follow
            """
            % (
                _L,
                _alternation(PAIN_SCALES),
                _L,
                _gap(None, 8, _ANY_GAP_STOP),
                _L,
                _L,
                _gap(None, 3, _ANY_GAP_STOP),
                _expr(fr, _DIGITS, _PAIN_UNIT, pain_tail),
            ),
            _FLAGS,
        )
        self.disability = _compile(
            r"(?<!%s)(?P<anchor>%s)(?!%s)%s%s"
            % (
                _L,
                _alternation(DISABILITY_INDICES),
                _L,
                _gap(None, 6, _ANY_GAP_STOP),
                _expr(
                    fr,
                    _DIGITS,
                    _DISABILITY_UNIT,
                    r"\(\ ?0\ ?(?:-|to)\ ?(?:100|50)\ ?%?\ ?\)|on\ a\ (?:0\ ?-\ ?)?(?:100|50)(?:\ ?-?\ ?points?)?\ scale",
                ),
            ),
            _FLAGS,
        )
        lab_tail = r"\(\ ?(?:%s\ ?)?%s\ ?%s\ ?\)" % (fr.cmp, _DIGITS, fr.lab_unit)  # "(1,500/mm3)"
        self.lab = _compile(
            r"""
            (?P<alist>                                               # "AST (SGOT) and ALT (SGPT)"
              (?P<an>%s)%s
              (?:%s%s%s){0,3}+
            )
            %s%s
            """
            % (
                fr.analyte,
                _ANALYTE_PAREN,
                _ANALYTE_SEP,
                fr.analyte,
                _ANALYTE_PAREN,
                _gap(_LAB_GAP_WORDS, 4),
                _expr(fr, _DIGITS, fr.lab_unit, lab_tail),
            ),
            _FLAGS,
        )
        time_expr = _expr(fr, value, fr.time_unit, unit_sep=r"[\ \-]?")
        self.time_window = _compile(
            r"""
            (?<!%s)(?P<cue>within|in|during|over)\ (?:the\ )?(?:(?P<rel>last|past|previous|preceding|prior)\ )?
            %s
            (?:\ (?P<ref>prior\ to|before|preceding|of|from|since)(?!%s))?
            """
            % (_L, time_expr, _L),
            _FLAGS,
        )
        self.duration = _compile(
            r"""
            (?<!%s)(?P<subj>%s)(?!%s)%s                    # "leg pain … lasts for at least 6 weeks"
            (?:(?P<cue>%s)\ ?)?\(?
            %s
            (?:\ (?P<after>duration|in\ duration|ago|long)(?!%s))?
            """
            % (
                _L,
                _alternation(DURATION_SUBJECTS),
                _L,
                _gap(None, 10, ("within", "prior", "before", "ago", "agree", "agrees", *DURATION_SUBJECTS)),
                _alternation(DURATION_CUES),
                time_expr,
                _L,
            ),
            _FLAGS,
        )
        # ---- value-first pattern (tried at number starts only) ----------------------------
        # one pattern for every value-first form; what follows the value tells the kind
        self.value_first = _compile(
            r"""
            %s                                                 # "18-70 years old", "18 years or older"
            (?:
              \ of\ (?:%s(?:%s|-){0,20}+,?\ ){0,3}?(?P<subj2>%s)(?!%s)      # "3 months of conservative care"
            | \ after\ (?:the\ )?(?P<onset>onset)(?!%s)(?:\ of\ (?P<onset_of>%s(?:%s|-){0,30}+))?
            | \ (?P<state>%s)(?!%s)
            | \ (?P<ref2>%s)(?!%s)                         # "at least 4 weeks prior to"
            )?
            """
            % (
                age_expr,
                _L,
                _L,
                _alternation(DURATION_SUBJECTS),
                _L,
                _L,
                _L,
                _L,
                _alternation(_STATES),
                _L,
                _alternation(_REFERENCES),
                _L,
            ),
            _FLAGS,
        )


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


# ============================================================================================
# Reading a match
# ============================================================================================


class _Bound(NamedTuple):
    """One reading of an expression, before units are converted."""

    low: float | None
    low_inclusive: bool
    high: float | None
    high_inclusive: bool
    low_unit: str | None
    high_unit: str | None
    start: int  # normalised offsets of the part of the expression this bound came from
    end: int


# The readers below map matched spellings to codes and units; each spelling is mapped once
# (the caches are bounded: a hostile input cannot grow them).


@functools.lru_cache(maxsize=512)
def _cmp_code(text: str) -> str | None:
    key = " ".join(text.lower().split())
    return COMPARATOR_SYMBOLS.get(key) or COMPARATOR_WORDS.get(key)


@functools.lru_cache(maxsize=512)
def _sfx_code(text: str) -> str | None:
    return SUFFIXES.get(" ".join(text.lower().split()))


@functools.lru_cache(maxsize=512)
def _number(text: str) -> float | None:
    """The value of a VALUE match: digits (with thousands), or a number word checked by ``(N)``.
    Cached like the spellings above: a page repeats its values, and a cached call costs less
    than even the digits-only test below.

    >>> _number("100,000"), _number("1.5"), _number("three (3)"), _number("18 (eighteen)"), _number("IV")
    (100000.0, 1.5, 3.0, 18.0, 4.0)
    >>> _number("seventy-two (72)"), _number("three (4)") is None
    (72.0, True)
    """
    if text.isascii() and text.isdigit():
        return float(text)
    p = _patterns()
    m = p.number_text.match(text)
    if m is not None:
        return float(m.group().replace(",", "").replace(" ", ""))
    roman = ROMAN_NUMERALS.get(text)
    if roman is not None:
        return float(roman)
    word = text.partition("(")[0].strip().lower()
    tens, _, unit = word.partition("-")
    spelled = NUMBER_WORDS.get(word) if not unit else NUMBER_WORDS.get(tens, 0) + NUMBER_WORDS.get(unit, 0)
    paren = p.paren_digits.search(text)
    if paren is not None:
        digits = float(paren.group(1))
        return digits if spelled is None or spelled == digits else None
    return None if spelled is None else float(spelled)


def _one_side(code: str, v: float, unit: str | None, start: int, end: int) -> _Bound | None:
    if code == "ge":
        return _Bound(v, True, None, False, unit, None, start, end)
    if code == "gt":
        return _Bound(v, False, None, False, unit, None, start, end)
    if code == "le":
        return _Bound(None, False, v, True, None, unit, start, end)
    if code == "lt":
        return _Bound(None, False, v, False, None, unit, start, end)
    if code == "eq":
        return _Bound(v, True, v, True, unit, unit, start, end)
    return None


def _merge(a: _Bound, b: _Bound) -> _Bound | None:
    """ "> 18 and < 60": one range from a lower and an upper bound."""
    lo, hi = (a, b) if a.high is None else (b, a)
    if lo.low is None or lo.high is not None or hi.high is None or hi.low is not None:
        return None
    if lo.low > hi.high:
        return None
    return _Bound(lo.low, lo.low_inclusive, hi.high, hi.high_inclusive, lo.low_unit, hi.high_unit, a.start, b.end)


def _listed(m: re.Match[str]) -> list[float | None] | None:
    """The values of the ``vl`` list ("0, 1, or 2" -> [1.0]); None when it does not read back."""
    a, b = m.span("vl")
    if a == b:
        return []
    item = _patterns().list_item
    out: list[float | None] = []
    while a < b:
        it = item.match(m.string, a, b)
        if it is None:
            return None
        out.append(_number(it.group("v")))
        a = it.end()
    return out


_EXPR_GROUPS: Final = ("v1", "c1", "c2", "s1", "s2", "u1", "u1b", "u2", "v2", "sep", "pre", "vl")
_NO_VALUES: Final[list[float | None]] = []


def _read_expr(m: re.Match[str], default: str | None, ordinal: bool, outer_cmp: str | None = None) -> list[_Bound]:
    """Turn the groups of one ``_expr`` match into bounds; [] when the reading is uncertain."""
    v1_text, c1_text, c2_text, s1, s2, u1, u1b, u2, v2_text, sep, pre, vl = m.group(*_EXPR_GROUPS)
    v1 = _number(v1_text)
    if v1 is None:
        return []
    c1 = None if c1_text is None else _cmp_code(c1_text)
    c2 = None if c2_text is None else _cmp_code(c2_text)
    if outer_cmp is not None:
        if c1 is not None and c1 != outer_cmp:
            return []
        c1 = outer_cmp
    s = None
    if s1 is not None or s2 is not None:
        sfx = {code for code in (s1 and _sfx_code(s1), s2 and _sfx_code(s2)) if code is not None}
        if len(sfx) > 1:
            return []
        s = sfx.pop() if sfx else None
    u1 = u1 or u1b
    start, end = m.span("expr")
    listed = _listed(m) if vl else _NO_VALUES
    if listed is None:
        return []
    if v2_text is None:
        if listed:
            return []  # a list without "or"/"and" before its last value
        if c1 is not None and s is not None and c1[0] != s[0]:
            return []
        code = c1 or s or default
        if code is None:
            return []
        bound = _one_side(code, v1, u1, start, end)
        return [] if bound is None else [bound]
    v2 = _number(v2_text)
    if v2 is None:
        return []
    sep = sep.lower()
    if c1 is None and c2 is None:
        if s is not None or (pre is None and sep in {"and", "&"} and not ordinal):
            return []
        if sep in {"-", "~", "to", "through"} or (pre is not None and sep == "and"):
            if listed or v1 > v2:
                return []
            return [_Bound(v1, True, v2, True, u1 or u2, u2 or u1, start, end)]
        if ordinal and sep in {"or", "and", "&"}:
            values = [v1, *listed, v2]
            if any(v is None for v in listed) or any(b is None or a is None or b != a + 1 for a, b in itertools.pairwise(values)):
                return []
            return [_Bound(v1, True, v2, True, None, None, start, end)]
        return []
    if c1 is None or c2 is None or listed or s is not None:
        return []
    # the first bound ends with its value or unit (the unit may stand after a suffix, "u1b")
    first_end = m.end("v1") if u1 is None else m.end("u1") if m.start("u1") >= 0 else m.end("u1b")
    first = _one_side(c1, v1, u1 or u2, start, first_end)
    second = _one_side(c2, v2, u2 or u1, m.start("c2"), end)
    if first is None or second is None or "eq" in {c1, c2}:
        return []
    same_side = (first.low is None) == (second.low is None)
    if sep == "or":
        return [first] if same_side else [first, second]  # same side: a conditional alternative
    if same_side:
        return []
    merged = _merge(first, second)
    return [] if merged is None else [merged]


# ---- per-kind conversion -------------------------------------------------------------------


def _days(value: float | None, unit: str | None) -> float | None:
    if value is None or unit is None:
        return value
    return value * TIME_UNITS[unit.lower()]


def _time_bound(b: _Bound) -> tuple[float | None, float | None] | None:
    """Both bounds in days; None when no side names a time unit."""
    lu = b.low_unit or b.high_unit
    hu = b.high_unit or b.low_unit
    if (b.low is not None and lu is None) or (b.high is not None and hu is None):
        return None
    return _days(b.low, lu), _days(b.high, hu)


_SCI_DENOMINATORS: Final[Mapping[str, str]] = {"l": "L", "µl": "µL", "ul": "µL", "mcl": "µL", "mm3": "mm3", "mm^3": "mm3"}


@functools.lru_cache(maxsize=512)
def _canonical_lab_unit(text: str) -> str:
    key = "".join(text.lower().split())
    if "uln" in key or "normal" in key:
        return "x ULN"
    sci = _patterns().sci_parts.search(key)
    if sci is not None:
        return "x10^%s/%s" % (sci.group(1), _SCI_DENOMINATORS.get(sci.group(2), sci.group(2)))
    key = key.replace("per", "/") if key.startswith("per") else key
    return LAB_UNITS.get(key, text)


class _Candidate(NamedTuple):
    kind: ConstraintKind
    subject: str | None
    low: float | None
    low_inclusive: bool
    high: float | None
    high_inclusive: bool
    unit: str | None
    start: int  # normalised offsets of the whole phrase
    end: int
    claim_start: int  # the numbers this reading claims (for conflicts between kinds)
    claim_end: int
    priority: int


def _simple_unit(table: Mapping[str, str] | None, fixed: str | None) -> Callable[[str | None], tuple[bool, str | None]]:
    """A unit reader: (ok, canonical unit)."""

    def read(text: str | None) -> tuple[bool, str | None]:
        if text is None:
            return True, None
        if fixed is not None:
            return True, fixed
        assert table is not None
        key = " ".join(text.lower().replace(" /", "/").replace("/ ", "/").split())
        canonical = table.get(key)
        return (canonical is not None), canonical

    return read


_NO_UNIT_READER: Final = _simple_unit(None, None)
_PERCENT_READER: Final = _simple_unit(None, "%")
_BMI_UNIT_READER: Final = _simple_unit(None, "kg/m2")
_PAIN_UNIT_READER: Final = _simple_unit(PAIN_UNITS, None)
_DISABILITY_UNIT_READER: Final = _simple_unit(DISABILITY_UNITS, None)


def _plain(
    kind: ConstraintKind,
    bounds: list[_Bound],
    unit_reader: Callable[[str | None], tuple[bool, str | None]],
    check: Callable[[float], bool],
    subject: str | None,
    start: int,
    claim_start: int,
    claim_end: int,
    end: int | None = None,
) -> list[_Candidate]:
    """Candidates for kinds whose values keep their written unit (priority 6)."""
    out = []
    for b in bounds:
        lu, hu = b.low_unit, b.high_unit
        if lu is None and hu is None:
            unit = None
        elif lu is None or hu is None or lu == hu:
            ok, unit = unit_reader(hu if lu is None else lu)
            if not ok:
                continue
        else:
            ok, unit = unit_reader(lu)
            ok_high, unit_high = unit_reader(hu)
            if not (ok and ok_high) or unit != unit_high:
                continue
        if (b.low is not None and not check(b.low)) or (b.high is not None and not check(b.high)):
            continue
        out.append(
            _Candidate(
                kind,
                subject,
                b.low,
                b.low_inclusive,
                b.high,
                b.high_inclusive,
                unit,
                start,
                b.end if end is None else end,
                claim_start,
                claim_end,
                6,
            )
        )
    return out


def _is_int_between(lo: int, hi: int) -> Callable[[float], bool]:
    return lambda v: v.is_integer() and lo <= v <= hi


def _between(lo: float, hi: float) -> Callable[[float], bool]:
    return lambda v: lo <= v <= hi


_ECOG_VALUE: Final = _is_int_between(0, 5)
_ASA_VALUE: Final = _is_int_between(1, 6)
_PERCENTAGE: Final = _between(0, 100)
_BMI_VALUE: Final = _between(10, 80)


def _years(value: float | None, unit: str | None) -> float | None:
    """An age in years; a bare number is already in years."""
    if value is None or unit is None:
        return value
    return value * TIME_UNITS[unit.lower()] / DAYS_PER_YEAR


# Each reader turns one match into candidates. ``outer`` is the comparator standing before the
# anchor ("under the age of"), ``start`` where the phrase starts (that comparator, or the match).
Reader = Callable[[re.Match[str], str | None, int], list[_Candidate]]


def _age(m: re.Match[str], outer: str | None, start: int) -> list[_Candidate]:
    tail, s1, s2, u1, u1b, u2 = m.group("tail", "s1", "s2", "u1", "u1b", "u2")
    has_unit = u1 is not None or u1b is not None or u2 is not None
    anchor = m.group("anchor").lower() if "anchor" in m.re.groupindex else ""
    if anchor.startswith("adult"):
        if m.group("paren") is None and tail is None and not has_unit:
            return []  # "adults 2 …": only "Adults (>18)", "adults 18-65 years", "adults 18 years old"
    elif not anchor and tail is None:
        sfx = " ".join(filter(None, (s1, s2))).lower()
        if not (has_unit and ("older" in sfx or "younger" in sfx)):
            return []  # a value alone is an age only with "years old", "of age", "or older"
    out = []
    for b in _read_expr(m, None, False, outer):
        low = _years(b.low, b.low_unit or b.high_unit)
        high = _years(b.high, b.high_unit or b.low_unit)
        if (low is not None and not 0 <= low <= 130) or (high is not None and not 0 <= high <= 130):
            continue
        expr_start, expr_end = m.span("expr")
        out.append(
            _Candidate(
                ConstraintKind.AGE,
                None,
                low,
                b.low_inclusive,
                high,
                b.high_inclusive,
                "years",
                start,
                expr_end,
                expr_start,
                expr_end,
                6 if anchor else 3,
            )
        )
    return out


def _scale_reader(
    kind: ConstraintKind,
    default: str | None,
    ordinal: bool,
    unit_reader: Callable[[str | None], tuple[bool, str | None]],
    plausible: Callable[[float], bool],
) -> Callable[[re.Match[str], str | None, int], list[_Candidate]]:
    """The reader of a kind whose match is an anchor and one expression (ECOG, KPS, ASA, BMI)."""

    def read(m: re.Match[str], outer: str | None, start: int) -> list[_Candidate]:
        bounds = _read_expr(m, default, ordinal, outer)
        expr_start, expr_end = m.span("expr")
        return _plain(kind, bounds, unit_reader, plausible, None, start, expr_start, expr_end, expr_end)

    return read


_ecog: Final = _scale_reader(ConstraintKind.ECOG, "eq", True, _NO_UNIT_READER, _ECOG_VALUE)
_karnofsky: Final = _scale_reader(ConstraintKind.KARNOFSKY, None, False, _PERCENT_READER, _PERCENTAGE)
_asa: Final = _scale_reader(ConstraintKind.ASA_CLASS, "eq", True, _NO_UNIT_READER, _ASA_VALUE)
_bmi: Final = _scale_reader(ConstraintKind.BMI, None, False, _BMI_UNIT_READER, _BMI_VALUE)


def _pain(m: re.Match[str], outer: str | None, start: int) -> list[_Candidate]:
    scale = m.group("anchor") or m.group("scale")
    bounds = _read_expr(m, None, False, outer)
    expr_start, expr_end = m.span("expr")
    subject = PAIN_SCALES[" ".join(scale.lower().split())]
    out = _plain(ConstraintKind.PAIN_SCORE, bounds, _PAIN_UNIT_READER, _PERCENTAGE, subject, start, expr_start, expr_end, m.end())
    return [c for c in out if not (c.unit == "/10" and max(v for v in (c.low, c.high) if v is not None) > 10)]


def _disability(m: re.Match[str], outer: str | None, start: int) -> list[_Candidate]:
    bounds = _read_expr(m, None, False, outer)
    expr_start, expr_end = m.span("expr")
    subject = DISABILITY_INDICES[" ".join(m.group("anchor").lower().split())]
    return _plain(
        ConstraintKind.DISABILITY_INDEX,
        bounds,
        _DISABILITY_UNIT_READER,
        _PERCENTAGE,
        subject,
        start,
        expr_start,
        expr_end,
        expr_end,
    )


def _lab_unit(text: str | None) -> tuple[bool, str | None]:
    return True, None if text is None else _canonical_lab_unit(text)


def _non_negative(v: float) -> bool:
    return v >= 0


def _analytes(m: re.Match[str]) -> list[tuple[str, int]]:
    """The analytes of a LAB match as written, with their offsets ("AST (SGOT) and ALT")."""
    end = m.end("alist")
    out = [(m.group("an"), m.start("an"))]
    if m.end("an") == end:
        return out  # one analyte, the usual case
    p = _patterns()
    paren = p.analyte_paren.match(m.string, m.end("an"), end)
    pos = m.end("an") if paren is None else paren.end()
    while pos < end:
        nxt = p.analyte_next.match(m.string, pos, end)
        if nxt is None:
            break
        out.append((nxt.group("an"), nxt.start("an")))
        pos = nxt.end()
    return out


def _lab(m: re.Match[str], outer: str | None, start: int) -> list[_Candidate]:
    bounds = _read_expr(m, None, False)
    if not bounds:
        return []
    expr_start, expr_end = m.span("expr")
    out = []
    for name, a in _analytes(m):
        subject = LAB_ACRONYMS.get(name) or LAB_NAMES[" ".join(name.lower().split())]
        out += _plain(ConstraintKind.LAB, bounds, _lab_unit, _non_negative, subject, a, expr_start, expr_end)
    return out


def _life(m: re.Match[str], outer: str | None, start: int) -> list[_Candidate]:
    out = []
    for b in _read_expr(m, None, False):
        days = _time_bound(b)
        if days is None or not all(v > 0 for v in days if v is not None):
            continue
        out.append(
            _Candidate(
                ConstraintKind.LIFE_EXPECTANCY,
                None,
                days[0],
                b.low_inclusive,
                days[1],
                b.high_inclusive,
                "days",
                start,
                b.end,
                m.start("expr"),
                m.end("expr"),
                6,
            )
        )
    return out


def _window(m: re.Match[str], subject: str | None) -> list[_Candidate]:
    """TIME_WINDOW: "within 28 days", "in the last 6 months" (side "≤" unless written), or a
    written comparator before "prior to" / "before" / "ago" / "since"."""
    cue = m.group("cue") if "cue" in m.re.groupindex else None
    if cue is not None:
        if cue.lower() != "within" and m.group("rel") is None:
            return []  # "in 6 months", "over 6 months": no window without "last", "past", …
        default: str | None = "le"
        priority = 5
    else:
        default = None  # "4 weeks prior to": which side is meant is not written
        priority = 4
    return _time_candidates(m, ConstraintKind.TIME_WINDOW, subject, default, priority, allow_zero=True)


def _duration(m: re.Match[str], outer: str | None, start: int) -> list[_Candidate]:
    groups = m.re.groupindex
    subject = next(m.group(g) for g in ("subj", "subj2", "onset_of", "onset", "state") if g in groups and m.group(g))
    cue = m.group("cue") if "cue" in groups else None
    default = None if cue is None else DURATION_CUES[" ".join(cue.lower().split())]
    after = (m.group("after") or "").lower() if "after" in groups else ""
    if cue is not None and cue.lower() in {"started", "started for", "began"} and after != "ago":
        return []
    # a cue ("for", "lasting", "of", …) or a value-first form makes the reading firm; a bare
    # "symptoms < 3 months" yields to "< 3 months before surgery" (a window)
    priority = 5 if cue is not None or "subj" not in groups else 3
    subject = " ".join(subject.lower().split())
    return _time_candidates(m, ConstraintKind.DURATION, subject, default, priority, allow_zero=False)


def _time_candidates(
    m: re.Match[str], kind: ConstraintKind, subject: str | None, default: str | None, priority: int, *, allow_zero: bool
) -> list[_Candidate]:
    """One candidate per reading of ``m``'s expression, in days (a zero bound only if allowed)."""
    out = []
    for b in _read_expr(m, default, False):
        days = _time_bound(b)
        if days is None or not all((v >= 0 if allow_zero else v > 0) for v in days if v is not None):
            continue
        span = (m.start(), m.end(), m.start("expr"), m.end("expr"))
        out.append(_Candidate(kind, subject, days[0], b.low_inclusive, days[1], b.high_inclusive, "days", *span, priority))
    return out


# ============================================================================================
# Reading a line
# ============================================================================================


# the index form of an ASCII line: letters in lower case, anything else a space
_INDEX_FORM: Final = bytes(b | 0x20 if chr(b).isalpha() else ord(" ") for b in range(128)) + bytes(128)


# words the gap of a duration pattern cannot cross (its stop words but the subjects, whose
# spellings the anchor index finds more loosely than the pattern)
_GAP_STOPS: Final = ("within", "prior", "before", "ago")


def _unreachable(name: str, text: str, at: int, numbers: list[int], hits: dict[str, list[int]], cs: int, ce: int) -> bool:
    """Whether the anchor-first pattern of ``name`` surely fails at ``at``, known from where
    the numbers and the index's words are (a failed attempt costs as much as a reading).

    - "pain" (the word, not a scale) needs a scale in the tail after its value, which starts
      at a number after the anchor: a clause (``[cs, ce)``, with its ``numbers``) whose last
      scale is not after the first such number has none ("Pain on VAS below 50 mm" is read
      from "VAS").
    - A duration's gap runs from the subject to its value, word by word, and cannot take a
      stop word: a "within", "prior", "before" or "ago" after a space between the subject and
      the first number after it bars the way ("Treatment with aspirin … within 7 days prior
      to"), unless parentheses, which the gap takes whole, stand before it.
    """
    k = bisect.bisect_right(numbers, at)
    if k == len(numbers):
        return False
    first = numbers[k]
    if name == "pain":
        scales = hits.get("scale", _NOWHERE)
        return _last(scales, cs, ce) <= first and at not in scales
    for key in ("window", "after"):
        for w in hits.get(key, _NOWHERE):
            if at < w < first and text[w - 1] == " ":
                for stop in _GAP_STOPS:
                    e = w + len(stop)
                    if text[w:e].lower() == stop and (e == len(text) or not _is_letter(text[e])) and text.find("(", at, w) < 0:
                        return True
    return False


def _is_letter(ch: str) -> bool:
    """``ch`` is what the patterns call a letter (``_L``: a word character but a digit or "_")."""
    return ch.isalnum() and not ch.isdecimal()


def _clauses(p: _Patterns, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The clauses of ``text[lo:hi]``: cut at ";", "•" and the full stops that end a sentence."""
    semicolon = text.find(";", lo, hi)
    if (semicolon < 0 or semicolon == hi - 1) and text.find("•", lo, hi) < 0:
        stop = text.find(".", lo, hi)
        if semicolon == hi - 1:  # one ";", the last character (a list's item): the only cut if no "." before it
            if stop < 0:
                return [(lo, semicolon)] if semicolon > lo else []
        elif stop < 0:
            return [(lo, hi)] if hi > lo else []
        elif stop == hi - 1:  # one full stop, the last character (the usual line): is it a sentence end?
            if p.clause_end.match(text, stop, hi) is None:  # "… vs.", "… min."
                return [(lo, hi)]
            return [(lo, stop)] if stop > lo else []
    out = []
    pos = lo
    for m in p.clause_end.finditer(text, lo, hi):
        i = m.start()
        if text[i] == "." and i + 1 < hi and text[i + 1] != " " and not (text[i + 1].isupper() and text[i + 2].islower()):
            continue  # ".Xy" ends a sentence only before a capital and a small letter
        if i > pos:
            out.append((pos, i))
        pos = m.end()
    if pos < hi:
        out.append((pos, hi))
    return out


def _matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int], ce: int) -> list[re.Match[str]]:
    """What ``finditer`` gives for a pattern whose matches can only begin at ``starts``."""
    out: list[re.Match[str]] = []
    last_end = -1
    for s in starts:
        if s < last_end:
            continue
        m = pattern.match(text, s, ce)
        if m is not None:
            out.append(m)
            last_end = m.end()
    return out


def _windows(p: _Patterns, text: str, cs: int, ce: int, cues: list[int], before: list[re.Match[str]]) -> list[_Candidate]:
    """TIME_WINDOW readings of a clause; the subject is the first event word after the previous window."""
    matches = sorted([*_matches_at(p.time_window, text, cues, ce), *before], key=lambda m: m.start())
    if not matches:
        return []
    # in " " + the lower-cased line an event at offset s of the line is matched from s
    low = _lower(text)
    if len(matches) == 1 and _reference(matches[0]) != "since":
        # one window, the usual clause: its subject can only be the clause's first event, and
        # the scan for events stops there
        m = matches[0]
        e = p.window_event.search(low, cs, ce + 1)
        subject = None if e is None or e.end() - 1 > m.start() else text[e.start() : e.end() - 1]
        return _window(m, None if subject is None else " ".join(subject.lower().split()))
    events = [(e.start(), e.end() - 1) for e in p.window_event.finditer(low, cs, ce + 1)]
    event_starts = [s for s, _ in events]
    out: list[_Candidate] = []
    prev_end = cs
    for m in matches:
        k = bisect.bisect_left(event_starts, prev_end)
        subject = None
        if k < len(events) and events[k][1] <= m.start():
            subject = text[events[k][0] : events[k][1]]
        elif _reference(m) == "since":
            k = bisect.bisect_left(event_starts, m.end())
            if k < len(events):
                subject = text[events[k][0] : events[k][1]]
        found = _window(m, None if subject is None else " ".join(subject.lower().split()))
        if found:
            prev_end = m.end()
        out += found
    return out


def _reference(m: re.Match[str]) -> str:
    """What a window match refers to ("prior to", "since", …), in lower case; "" if nothing."""
    return (m.group("ref2") if "ref2" in m.re.groupindex else m.group("ref") or "").lower()


def _within(positions: list[int], lo: int, hi: int) -> list[int]:
    return positions[bisect.bisect_left(positions, lo) : bisect.bisect_left(positions, hi)]


def _lower(text: str) -> str:
    """ " " + ``text`` with ASCII letters in lower case (same length: "İ" is left alone)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if c.isascii() else c for c in text)
    return " " + low


# anchor-first kinds: their reader, and whether to look for a comparator before the anchor
_ANCHOR_READERS: Final[dict[str, tuple[Reader, bool]]] = {
    "age": (_age, True),
    "ecog": (_ecog, True),
    "karnofsky": (_karnofsky, True),
    "asa": (_asa, True),
    "bmi": (_bmi, False),
    "pain": (_pain, True),
    "disability": (_disability, True),
    "lab": (_lab, False),
    "life": (_life, False),
    "duration": (_duration, False),
}


def extract_constraints(value: str, start: int, end: int) -> list[RawConstraint]:
    """Constraints read from ``value[start:end]`` (one raw criterion line), in text order.

    Offsets in the result index ``value``; ``ValueError`` for a range outside it. Nothing
    uncertain is emitted.

    >>> line = "* Age \\\\>= 18 years; ECOG 0-1; ANC &ge; 1.5 × 10⁹/L"
    >>> for c in extract_constraints(line, 0, len(line)):
    ...     print(c.kind.value, c.subject, c.low, c.low_inclusive, c.high, c.high_inclusive, c.unit,
    ...           repr(line[c.start:c.end]))
    AGE None 18.0 True None False years 'Age \\\\>= 18 years'
    ECOG None 0.0 True 1.0 True None 'ECOG 0-1'
    LAB absolute neutrophil count 1.5 True None False x10^9/L 'ANC &ge; 1.5 × 10⁹/L'
    >>> line = "Major surgery within 4 weeks prior to the first dose"
    >>> [(c.kind.value, c.subject, c.high, c.unit) for c in extract_constraints(line, 0, len(line))]
    [('TIME_WINDOW', 'major surgery', 28.0, 'days')]
    >>> line = "BMI > 35 kg/m2 or life expectancy of less than 3 months"
    >>> [(c.kind.value, c.low, c.low_inclusive, c.high, c.unit) for c in extract_constraints(line, 0, len(line))]
    [('BMI', 35.0, False, None, 'kg/m2'), ('LIFE_EXPECTANCY', None, False, 91.3125, 'days')]
    >>> extract_constraints("Prior radiotherapy to more than 25% of the bone marrow", 0, 54)
    []
    """
    if not 0 <= start <= end <= len(value):
        msg = f"invalid range [{start}, {end}) for a string of length {len(value)}"
        raise ValueError(msg)
    line = value[start:end]
    # Bytes methods tell whether a line can hold a value, and where its
    # anchors are (one scan, before anything else is built); other characters than ASCII are
    # one "?" each, which keeps the offsets
    ascii_line = line.isascii()
    encoded = line.encode("ascii") if ascii_line else line.encode("ascii", "replace")
    folded = encoded.translate(_FOLD)
    if (
        35 not in folded  # "#": no digit, no entity
        and _VALUE_WORDS.isdisjoint(folded.split())  # no number word, no ASA anchor
        and (ascii_line or _early().search(line) is None)
    ):
        return []
    p = _patterns()
    if not ascii_line and _early().search(line) is not None:  # the line as written may hide words
        return _read_line(p, value, start, line, None, None)  # read it normalised
    hits = _scan(p, b" " + folded.replace(b"#", b" "))
    if "number" not in hits and "asa" not in hits and not _may_meet_a_digit(hits, folded):
        return []
    return _read_line(p, value, start, line, encoded if ascii_line else None, hits)


def _may_meet_a_digit(hits: dict[str, list[int]], folded: bytes) -> bool:
    """Whether, when digits are the only numbers (``folded``: the line with "#" for a digit, or
    an entity, which may be one), some reading can start: an anchor before the last digit, an
    age's tail after the first, or a time unit after the first with what a time needs."""
    first = folded.find(35)
    if first < 0:
        return False
    last = folded.rfind(35)
    units = hits.get("unit")
    timed = units is not None and units[-1] > first
    for name, at in hits.items():
        if name in _UNTIMED:
            if at[0] < last and (name != "pain" or "scale" in hits):  # "pain" needs a scale after it
                return True
        elif name == "tail":
            if at[-1] > first:
                return True
        elif timed:
            if name == "after" and at[-1] > first:  # "6 weeks prior to", "18 years or older"
                return True
            if name == "duration" and (at[0] < last or at[-1] > first):  # "pain for 6 weeks", "6 weeks of therapy"
                return True
            if name in ("life", "window") and at[0] < last:
                return True
    return False


_ANCHOR_ORDER: Final = {
    name: i for i, name in enumerate(("age", "ecog", "karnofsky", "asa", "bmi", "pain", "disability", "lab", "life", "duration"))
}
_ANCHORED: Final = frozenset(_ANCHOR_ORDER)
_TIMED: Final = frozenset({"duration", "life"})  # anchor-first kinds that need a time unit
_UNTIMED: Final = frozenset({"age", "ecog", "karnofsky", "asa", "bmi", "pain", "disability", "lab"})  # and those that do not
_NOWHERE: Final[list[int]] = []


def _last(positions: list[int], lo: int, hi: int) -> int:
    """The last of ``positions`` in ``[lo, hi)``, or -1."""
    k = bisect.bisect_left(positions, hi) - 1
    return positions[k] if k >= 0 and positions[k] >= lo else -1


def _scan(p: _Patterns, form: bytes) -> dict[str, list[int]]:
    """Where the anchors of each kind start, in text order, from one scan of a line in index
    form (``b" "`` + its letters in lower case, anything else a space; see ``_Patterns``)."""
    hits: dict[str, list[int]] = {}
    table = p.anchor_table
    index = p.anchor_index
    for m in index.finditer(form):
        at = m.start()  # of the space before the word: the word's offset in the line
        names, inner = table[m.group()]
        for name in names:
            if name in hits:
                hits[name].append(at)
            else:
                hits[name] = [at]
        for k in inner:  # a word inside this one where another anchor may start ("pain" in "back pain")
            im = index.match(form, at + k)
            if im is not None:
                for name in table[im.group()][0]:
                    hits.setdefault(name, []).append(at + k)
    return hits


def _unescaped_hits(hits: dict[str, list[int]], text: str, norm: _Norm, start: int) -> dict[str, list[int]] | None:
    """The anchors of ``text``, a line without its markdown escapes (``norm.escapes_only``),
    from ``hits``, those of the line as written; None where they may differ.

    The anchor index sees any character but a letter as a space, so dropping a backslash
    before punctuation shortens a run of spaces by one, and moves what follows. A run of two
    or more bars every phrase either way; only one of one character between two letters lets
    a phrase span it ("in\\-the past" is "in the past" once unescaped). Unless a backslash
    left such a run, the index finds the same words, at the offsets the way back maps. (The
    line's marker is not in the text; no word found in it reaches into the text.)
    """
    seg_at, seg_src = norm.seg_at, norm.seg_src
    if not seg_at:
        return {}
    last = len(text) - 1
    for q in seg_at[1:]:  # where each run after a dropped backslash starts
        if q < last and text[q - 1].isalpha() and text[q + 1].isalpha():
            return None
    first = seg_src[0]
    out: dict[str, list[int]] = {}
    for name, found_at in hits.items():
        kept_at = []
        for at in found_at:
            s = start + at
            if s >= first:
                k = bisect.bisect_right(seg_src, s) - 1
                kept_at.append(seg_at[k] + s - seg_src[k])
        if kept_at:
            out[name] = kept_at
    return out


def _read_line(
    p: _Patterns, value: str, start: int, line: str, encoded: bytes | None, hits: dict[str, list[int]] | None
) -> list[RawConstraint]:
    """The constraints of one line that may hold a value (see ``extract_constraints``);
    ``encoded``: the line in bytes when it is ASCII, ``hits``: its anchors when known."""
    text, lo, hi, back = _normalise(p, value, start, line, encoded)
    if hits is not None and type(back) is int:  # the line read as it stands: its anchors, but in the marker
        if lo:
            for name, found_at in list(hits.items()):
                if found_at[0] < lo:
                    kept_at = [at for at in found_at if at >= lo]
                    if kept_at:
                        hits[name] = kept_at
                    else:
                        del hits[name]
    else:
        assert isinstance(back, _Norm)
        if hits is None or not back.escapes_only or (hits := _unescaped_hits(hits, text, back, start)) is None:
            hits = _scan(p, (" " + text).encode("ascii", "replace").translate(_INDEX_FORM))
        if "unit" not in hits and "tail" not in hits and _UNTIMED.isdisjoint(hits):
            return []  # no anchor a number could follow, no unit for a time, no tail for an age
    if "window" not in hits and "tail" not in hits and ("unit" not in hits or "after" not in hits) and _ANCHORED.isdisjoint(hits):
        # Nothing below can start: no anchor-first kind, no window cue, and no value-first
        # reading (an age needs its tail, a time a unit and "prior to", "ago", … or a subject,
        # which is an anchor). Such lines ("pregnant in the next three (3) years", "scoliosis of
        # greater than ten (10) degrees") leave before their numbers and clauses are looked for.
        return []
    # ---- where the numbers are --------------------------------------------------------------
    numbers = [m.start() for m in p.digits_scan.finditer(text, lo, hi)]
    words = hits.get("number")
    if words:
        if encoded is not None and (isinstance(back, int) or back.escapes_only):
            # ASCII text: a number word found by the index stands between characters that are
            # not letters, which is all the number pattern asks of a word
            numbers = sorted({*numbers, *words})
        else:
            numbers = sorted({*numbers, *(w for w in words if p.number.match(text, w, hi) is not None)})
    asa = "asa" in hits
    if not numbers and not (asa and p.roman.search(text, lo, hi)):
        return []
    present = [name for name in hits if name in _ANCHOR_ORDER]
    if len(present) > 1:
        present.sort(key=_ANCHOR_ORDER.__getitem__)
    anchored = [p.anchor_entry(name) for name in present]
    units = hits.get("unit", _NOWHERE)
    n = len(text)
    reverse = ""  # the reversed text, made when first needed
    candidates: list[_Candidate] = []
    origins: list[int] = []  # the match each candidate came from: readings of one match never exclude each other
    clauses = _clauses(p, text, lo, hi)
    single = len(clauses) == 1  # then every position lies in it
    for cs, ce in clauses:
        clause_numbers = numbers if single else _within(numbers, cs, ce)
        if clause_numbers:
            last = clause_numbers[-1]  # an anchor-first match reads a number after its anchor
        elif asa and p.roman.search(text, cs, ce) is not None:
            last = cs  # only an ASA class in Roman numerals can be read
        else:
            continue
        # A reading that needs a word after its number ("weeks", "years old", "on NPRS") can
        # only start before the last such word of the clause: a match tried later would give
        # nothing, and would bar nothing that could.
        last_unit = (units[-1] if units else -1) if single else _last(units, cs, ce)
        timed = min(last, last_unit)
        for entry in anchored:
            name, pattern, read, look_back = entry
            if name == "asa":
                hi = ce
            elif name in _TIMED:
                hi = timed
            elif name == "pain":  # "pain" needs a scale after it; a scale anchors itself
                hi = min(last, _last(hits.get("scale", _NOWHERE), cs, ce) + 1)
            else:
                hi = last
            starts = hits[name]
            if not single or starts[-1] >= hi:
                starts = _within(starts, cs, hi)
            # pain and duration attempts that would fail are known in advance (see _unreachable)
            bounded = name == "pain" or (name == "duration" and ("window" in hits or "after" in hits))
            last_end = -1
            for at in starts:
                if at < last_end:
                    continue
                if bounded and _unreachable(name, text, at, clause_numbers, hits, cs, ce):
                    continue  # the match would fail: no need to try it
                m = pattern.match(text, at, ce)
                if m is None:
                    continue
                last_end = m.end()
                outer, phrase_start = None, at
                if look_back and at > cs and text[at - 1] == " ":  # "under the age of 18"
                    reverse = reverse or text[::-1]
                    c0 = p.cmp_before.match(reverse, n - at, n - cs)
                    if c0 is not None:
                        outer, phrase_start = _cmp_code(text[n - c0.end("c0") : n - c0.start("c0")]), n - c0.end()
                found = read(m, outer, phrase_start)
                if found:
                    candidates += found
                    origins += [len(origins) + 1] * len(found)
        # value-first: an age needs its tail after the number, or a unit and "or older"; a time
        # needs a unit and what it is about ("of conservative treatment", "prior to")
        if single:
            tails, afters, subjects = hits.get("tail"), hits.get("after"), hits.get("duration")
            value_limit = max(
                tails[-1] if tails else -1,
                min(last_unit, max(afters[-1] if afters else -1, subjects[-1] if subjects else -1)),
            )
        else:
            value_limit = max(
                _last(hits.get("tail", _NOWHERE), cs, ce),
                min(last_unit, max(_last(hits.get("after", _NOWHERE), cs, ce), _last(hits.get("duration", _NOWHERE), cs, ce))),
            )
        before: list[re.Match[str]] = []
        if clause_numbers and value_limit > clause_numbers[0]:
            last_end = -1
            for at in _within(clause_numbers, cs, value_limit):
                # value-first forms ("18-70 years old", "6 weeks of physiotherapy", "at least 4 weeks
                # prior to") start at a number, or at the comparator or "between" just before it
                if at < last_end:
                    continue
                m = None
                ch = text[at - 1] if at > cs else ""
                if ch == " " and at - 1 > cs:
                    ch = text[at - 2]
                if ch and (ch.isalpha() or ch in "<>=≥≤≮≯."):
                    reverse = reverse or text[::-1]
                    pre = p.prefix_before.match(reverse, n - at, n - cs)
                    if pre is not None and n - pre.end() >= last_end:
                        m = p.value_first.match(text, n - pre.end(), ce)
                if m is None:
                    m = p.value_first.match(text, at, ce)
                    if m is None:
                        continue
                last_end = m.end()
                if m.group("ref2") is not None:
                    before.append(m)  # "at least 4 weeks prior to": a window, read with its subject below
                    continue
                if m.group("subj2", "onset", "state") != (None, None, None):
                    found = _duration(m, None, m.start())
                else:
                    found = _age(m, None, m.start())
                if found:
                    candidates += found
                    origins += [len(origins) + 1] * len(found)
        cues = hits.get("window")
        if cues:
            cues = cues if single and cues[-1] < timed else _within(cues, cs, timed)
        if cues or before:
            for found_one in _windows(p, text, cs, ce, cues or _NOWHERE, before):
                candidates.append(found_one)
                origins.append(len(origins) + 1)
    if not candidates:
        return []
    kept = candidates if len(candidates) == 1 else _resolve(candidates, origins)
    if type(back) is int:  # the text is the line
        return [
            RawConstraint(
                c.kind, c.subject, c.low, c.low_inclusive, c.high, c.high_inclusive, c.unit, c.start + back, c.end + back
            )
            for c in kept
        ]
    assert isinstance(back, _Norm)
    return [_to_raw(c, back) for c in kept]


def _resolve(candidates: list[_Candidate], origins: list[int]) -> list[_Candidate]:
    """Where two kinds claim the same numbers, keep the more specific reading (then the earlier),
    in text order.

    Claims are short (one expression), so each candidate overlaps only a bounded number of
    others: the overlap lists are built by one sweep, and the whole step stays linear.
    """
    n = len(candidates)
    if n == 2:  # the usual case of more than one
        a, b = candidates
        if origins[0] != origins[1] and a.claim_start < b.claim_end and b.claim_start < a.claim_end:
            return [a if (-a.priority, a.claim_start, a.start) <= (-b.priority, b.claim_start, b.start) else b]
        return [a, b] if (a.start, a.claim_start) <= (b.start, b.claim_start) else [b, a]
    by_start = sorted(range(n), key=lambda i: (candidates[i].claim_start, candidates[i].claim_end))
    rivals: list[list[int]] = [[] for _ in range(n)]
    for pos, i in enumerate(by_start):
        ci = candidates[i]
        for q in range(pos + 1, n):
            j = by_start[q]
            cj = candidates[j]
            if cj.claim_start >= ci.claim_end:
                break
            if origins[j] == origins[i]:
                continue  # readings of one match: two analytes, "< 18 or > 70"
            rivals[i].append(j)
            rivals[j].append(i)
    kept = [False] * n
    for i in sorted(range(n), key=lambda i: (-candidates[i].priority, candidates[i].claim_start, candidates[i].start)):
        kept[i] = not any(kept[j] for j in rivals[i])
    return sorted((c for c, k in zip(candidates, kept, strict=True) if k), key=lambda c: (c.start, c.claim_start))


def _to_raw(c: _Candidate, norm: _Norm) -> RawConstraint:
    s, e = norm.span(c.start, c.end)
    return RawConstraint(c.kind, c.subject, c.low, c.low_inclusive, c.high, c.high_inclusive, c.unit, s, e)
