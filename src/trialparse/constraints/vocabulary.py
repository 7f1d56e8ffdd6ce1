"""The constraint extractor's words, as data: one place to add a spelling ("creatinine clearance").

Every table is read by ``lexer.py`` (which words, signs and units make which tokens) and
``grammar.py`` (which anchors give which kind). Spellings are lower case; a spelling of several
words is matched word by word (hyphens and slashes inside a word are kept: "non-surgical").
List markers are no concern here: the criteria reader strips them, and a marker left in a line
is never a vocabulary word.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

# the analyte tables, the longest, live in analytes.py; every stage reads them from here
from trialparse.constraints.analytes import LAB_ACRONYMS as LAB_ACRONYMS  # noqa: PLC0414 (a re-export)
from trialparse.constraints.analytes import LAB_NAMES as LAB_NAMES  # noqa: PLC0414 (a re-export)

# fmt: off
# (tables of spellings, kept several to a line)

# ---- comparators ---------------------------------------------------------------------------
# side of a bound: "ge" >=, "gt" >, "le" <=, "lt" <, "eq" =
COMPARATOR_SIGNS: Final[Mapping[str, str]] = {
    "≥": "ge", "≧": "ge", "⩾": "ge", "≮": "ge", ">=": "ge", "=>": "ge", ">/=": "ge", "=/>": "ge", "≥=": "ge",
    "≤": "le", "≦": "le", "⩽": "le", "≯": "le", "<=": "le", "=<": "le", "</=": "le", "=/<": "le", "≤=": "le",
    ">": "gt", "˃": "gt", "＞": "gt", "<": "lt", "˂": "lt", "＜": "lt", "=": "eq", "＝": "eq",
}
COMPARATOR_WORDS: Final[Mapping[str, str]] = {
    **dict.fromkeys(
        (
            "greater than or equal to", "greater than or equal", "greater or equal to", "greater or equal",
            "more than or equal to", "more or equal to", "more or equal", "higher than or equal to",
            "higher or equal to", "equal to or greater than", "equal to or more than", "equal to or higher than",
            "equal or greater than", "equal or more than", "equal to or above", "equal or above", "at least",
            "no less than", "not less than", "no fewer than", "not fewer than", "no lower than", "not lower than",
            "no younger than", "not younger than", "no shorter than", "not shorter than", "a minimum of",
            "minimum of", "minimum", "min", "from the age of", "equal or greater to", "equal to or older than",
            "equal or older than", "older than or equal to", "same or superior to", "equal or superior to",
            "superior or equal to",
            "greater than/equal to", "more than/equal to", "higher than/equal to", "greater than/equal", "more than/equal",
        ),
        "ge",
    ),
    **dict.fromkeys(
        (
            "greater than", "more than", "higher than", "older than", "longer than", "larger than", "over",
            "above", "exceeding", "exceeds", "in excess of", "beyond", "superior to",
        ),
        "gt",
    ),
    **dict.fromkeys(
        (
            "less than or equal to", "less than or equal", "less or equal to", "less or equal", "less than/equal to",
            "lower than/equal to", "less than/equal",
            "lower than or equal to", "lower or equal to", "smaller than or equal to", "equal to or less than",
            "equal to or lower than", "equal or less than", "equal to or below", "equal or below", "at most",
            "no more than", "not more than", "no greater than", "not greater than", "no higher than",
            "not higher than", "no older than", "not older than", "no longer than", "not longer than",
            "not exceeding", "not to exceed", "not exceed", "up to", "a maximum of", "maximum of", "maximum", "max",
            "until", "inferior or equal to", "equal or inferior to", "equal to or younger than", "equal or younger than",
            "younger than or equal to",
        ),
        "le",
    ),
    **dict.fromkeys(
        ("less than", "lower than", "fewer than", "smaller than", "younger than", "shorter than", "under", "below",
            "inferior to"),
        "lt",
    ),
    "equal to": "eq",
}
# after the number and its unit: "6 or more weeks", "18 years or older", "18+"
SUFFIXES: Final[Mapping[str, str]] = {
    **dict.fromkeys(
        (
            "or more", "or greater", "or older", "or above", "or higher", "or over", "or longer", "and above",
            "and over", "and older", "and more", "and greater", "and higher", "or later", "+", "and up", "or beyond",
            "and beyond",
        ),
        "ge",
    ),
    **dict.fromkeys(
        (
            "or less", "or fewer", "or younger", "or below", "or under", "or lower", "or shorter", "and under",
            "and below", "and younger", "and less", "or smaller", "or earlier",
        ),
        "le",
    ),
}
# words that join the two ends of a range ("18 to 75", "18-75", "between 40 and 90")
RANGE_JOINERS: Final = frozenset(("-", "–", "—", "to", "~", "through", "until", "and", "thru"))
RANGE_OPENERS: Final = frozenset(("between", "from", "b/w", "ranging"))

# ---- numbers -------------------------------------------------------------------------------
NUMBER_WORDS: Final[Mapping[str, int]] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "twice": 2,
}
# written right after a number, these make it a rank ("99th percentile"), not a quantity
ORDINAL_SUFFIXES: Final = frozenset(("st", "nd", "rd", "th"))
ROMAN_NUMERALS: Final[Mapping[str, int]] = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}

# ---- units ---------------------------------------------------------------------------------
DAYS_PER_YEAR: Final = 365.25
# time unit spelling -> days in one
TIME_UNITS: Final[Mapping[str, float]] = {
    **dict.fromkeys(("days", "day", "d"), 1.0),
    **dict.fromkeys(("weeks", "week", "wks", "wk", "w"), 7.0),
    **dict.fromkeys(("months", "month", "mos", "mo", "mths", "mth", "mon"), DAYS_PER_YEAR / 12),
    **dict.fromkeys(("years", "year", "yrs", "yr", "y", "yo", "y/o", "yers", "yeras"), DAYS_PER_YEAR),
    **dict.fromkeys(("hours", "hour", "hrs", "hr", "h"), 1 / 24),
}
# lab units are read by shape (a quantity over a volume, a count per volume, a multiple of
# 10^N per litre, a multiple of the upper limit of normal); these name the pieces
LAB_NUMERATORS: Final[Mapping[str, str]] = {
    "g": "g", "gm": "g", "gr": "g", "mg": "mg", "µg": "µg", "μg": "µg", "ug": "µg", "mcg": "µg", "ng": "ng",
    "pg": "pg", "ku": "kU", "kua": "kUA", "kiua": "kUA",
    "mmol": "mmol", "µmol": "µmol", "μmol": "µmol", "umol": "µmol", "micromol": "µmol",
    "nmol": "nmol", "pmol": "pmol", "mol": "mol", "meq": "mEq", "iu": "IU", "miu": "mIU", "µiu": "µIU",
    "uiu": "µIU", "μiu": "µIU", "u": "U", "mu": "mU", "µu": "µU", "μu": "µU", "uu": "µU", "cells": "cells",
    "cell": "cells", "copies": "copies", "mga": "mgA", "ml": "mL", "cc": "mL", "k": "x10^3", "kiu": "kIU",
}
LAB_DENOMINATORS: Final[Mapping[str, str]] = {
    "dl": "dL", "l": "L", "ml": "mL", "µl": "µL", "μl": "µL", "ul": "µL", "mcl": "µL", "mm3": "mm3",
    "mm^3": "mm3", "mm³": "mm3", "cumm": "mm3", "cmm": "mm3", "min": "min", "minute": "min", "mol": "mol",
    "100ml": "dL", "24h": "24h", "24hr": "24h", "24hrs": "24h", "24 hours": "24h", "24hours": "24h",
    "24 h": "24h", "24 hr": "24h", "24 hrs": "24h", "g": "g", "mmol": "mmol", "microliter": "µL", "microlitre": "µL",
    "microl": "µL",
    "liter": "L", "litre": "L", "deciliter": "dL", "decilitre": "dL", "milliliter": "mL", "millilitre": "mL",
}
# a count per volume ("1500/mm3", "100,000 per microliter"): spelling -> canonical
VOLUMES: Final[Mapping[str, str]] = {
    "µl": "µL", "μl": "µL", "ul": "µL", "mcl": "µL", "mm3": "mm3", "mm^3": "mm3", "mm³": "mm3", "cumm": "mm3",
    "cmm": "mm3", "l": "L", "microliter": "µL", "microlitre": "µL", "microl": "µL", "cubic millimeter": "mm3",
    "cubic millimetre": "mm3", "liter": "L", "litre": "L",
}
LAB_SINGLE_UNITS: Final[Mapping[str, str]] = {
    "mg%": "mg/dL", "gm%": "g/dL", "g%": "g/dL", "mm/h": "mm/h", "mm/hr": "mm/h", "mm/hour": "mm/h",
}
# canonical spelling of "x ULN", whatever the wording of "upper limit of normal"
ULN: Final = "x ULN"

# non-lab measurement units: spelling -> canonical (MEASUREMENT kind)
MEASURE_UNITS: Final[Mapping[str, str]] = {
    "mmhg": "mmHg", "mm hg": "mmHg", "ms": "ms", "msec": "ms", "milliseconds": "ms", "kg": "kg", "kgs": "kg",
    "lb": "lb", "lbs": "lb", "pounds": "lb", "cm": "cm", "mm": "mm", "m": "m", "bpm": "bpm",
    "beats per minute": "bpm", "beats/min": "bpm", "%": "%", "°c": "°C", "°": "°",
}
BMI_UNITS: Final = frozenset(("kg/m2", "kg/m^2", "kg/m²", "kg/m", "kg∙m-2", "kg.m2", "kg.m-2", "kg/sqm", "kg m-2"))

# ---- anchors: spelling -> subject (None where a kind has none) ------------------------------
AGE_ANCHORS: Final = frozenset(
    ("age", "ages", "aged", "age range", "age group", "age limit", "age limits", "adult", "adults")
)
# an age is not the participant's after these words (gestational age, age at onset, a parent's)
FOREIGN_AGE_WORDS: Final = frozenset(
    (
        "gestational", "gestation", "onset", "diagnosis", "diagnosed", "mother", "father", "parent", "parents",
        "maternal", "paternal", "menarche", "menopause", "child's", "infant", "sibling", "spouse", "partner",
        "bone", "corrected", "postmenstrual", "post-menstrual", "conceptional", "at",
    )
)
# after "age at", these are moments of the study, so the age is the participant's ("Age at entry ≥ 18")
STUDY_MOMENTS: Final = frozenset((
    "entry", "screening", "enrollment", "enrolment", "inclusion", "consent", "randomization", "randomisation",
    "baseline", "registration", "recruitment", "signing", "visit", "study",
))
# right before "age", these make it another measure than years lived ("biological age > 50")
AGE_QUALIFIERS: Final = frozenset(
    ("biological", "skeletal", "mental", "developmental", "dental", "vascular", "epigenetic", "reading", "heart", "brain")
)
# an age "at" these is when something happened ("over 65 years at diagnosis")
AGE_EVENTS: Final = frozenset(("diagnosis", "onset", "menarche", "menopause", "birth", "death", "delivery"))
# people whose age is not the participant's when the participant has them ("parents of
# children aged 2-5", "a child's age")
OTHER_PERSONS: Final = frozenset((
    "child", "children", "infant", "infants", "baby", "babies", "son", "sons", "daughter", "daughters", "kid",
    "kids", "toddler", "toddlers", "newborn", "newborns", "offspring", "grandchild", "grandchildren",
    "sibling", "siblings", "spouse", "partner", "partners", "mother", "father", "parent", "parents",
))
# people a bare age is said of ("patients over 18 years", "men aged 40-70", "volunteers between 18 and 45")
PERSON_NOUNS: Final = frozenset(
    (
        "patient", "patients", "subject", "subjects", "participant", "participants", "adult", "adults", "man", "men",
        "woman", "women", "male", "males", "female", "females", "child", "children", "volunteer", "volunteers",
        "individual", "individuals", "people", "person", "persons", "boys", "girls", "youth", "adolescents",
        "students", "smokers", "residents", "veterans", "athletes", "caregivers", "infant", "infants", "baby",
        "babies", "newborn", "newborns", "neonate", "neonates", "toddler", "toddlers", "kids", "boy", "girl",
        "teenagers", "adolescent", "elderly", "outpatients", "inpatients", "survivors",
    )
)
# ... and the words that may stand between them and the age ("patients who are over 18 years")
PERSON_WORDS: Final = PERSON_NOUNS | frozenset((
    "be", "are", "is", "who", "aged", "and", "of", "those", "that", "were", "was", "being", "sexes", "genders", "healthy",
))
# comparators that, right after a person noun, compare their age whatever follows the value
# ("Patients over 18 years diagnosed with …"); "more than", "at least" do not ("Women more than 1
# year postmenopausal": a time said of what follows)
PERSON_AGE_COMPARATORS: Final = frozenset(("over", "above", "under", "below"))
# what may follow an age written without an age word or tail ("Patients over 18 years with …",
# "Men 18-65 years, …"): another word there makes the time something else's ("at least 2 year
# history of", "more than 1 year postmenopausal")
AGE_FOLLOWERS: Final = PERSON_NOUNS | frozenset((
    "and", "or", "with", "without", "at", "for", "who", "whose", "that", "to", "only", "must", "should", "will",
    "may", "can", "are", "is", "inclusive", "inclusively", "included", "both", "either", "on", "upon", "as", "if",
    "when", "but", "except", "having", "old", "olds", "age", "aged",
))
# after a time value, these make it a gestational age: no AGE, no window ("born < 37 weeks of gestation",
# "within 13-16 weeks of gestational age")
GESTATION_WORDS: Final = frozenset(("gestation", "gestational", "ga", "postmenstrual", "post-menstrual"))
ECOG_ANCHORS: Final = frozenset(
    (
        "eastern cooperative oncology group", "ecog", "ecog-ps", "who performance status",
        "world health organization performance status", "who ps", "zubrod", "performance status",
        "ecog performance status", "ecog ps",
    )
)
KARNOFSKY_ANCHORS: Final = frozenset(("karnofsky", "kps", "karnofsky performance status", "karnofsky performance score"))
# the children's form of the Karnofsky scale (same 0-100 steps): a KARNOFSKY with subject "Lansky"
LANSKY_ANCHORS: Final = frozenset((
    "lansky", "lansky performance status", "lansky performance score", "lansky performance scale", "lansky score",
    "lansky scale", "lansky play performance", "lansky play-performance", "lansky play performance status",
    "lansky play-performance status", "lansky play performance scale", "lansky play-performance scale",
    "lansky play performance score", "lansky play-performance score",
))
LIFE_ANCHORS: Final = frozenset(
    (
        "life expectancy", "expected survival", "estimated survival", "survival expectancy", "anticipated survival",
        "predicted survival", "expected life span", "expected lifespan", "estimated life expectancy",
        "expected survival time", "estimated survival time", "prognosis", "life-expectancy", "expected to live",
        "expected to survive", "anticipated to survive", "likely to survive", "expected to die",
    )
)
BMI_ANCHORS: Final = frozenset(("body mass index", "body-mass index", "bmi", "quetelet index", "bodymass index"))
ASA_ANCHORS: Final = frozenset(
    (
        "american society of anesthesiologists", "american society of anaesthesiologists",
        "american society of anesthesiology", "american society of anaesthesiology", "asa",
    )
)
PAIN_SCALES: Final[Mapping[str, str]] = {
    **dict.fromkeys(
        ("visual analogue scale", "visual analog scale", "visual analogue pain scale", "visual analog pain scale", "vas"),
        "VAS",
    ),
    **dict.fromkeys(
        (
            "numeric rating scale", "numerical rating scale", "numeric pain rating scale", "numerical pain rating scale",
            "numeric pain intensity scale", "nrs", "nprs",
        ),
        "NRS",
    ),
}
PAIN_UNITS: Final[Mapping[str, str]] = {
    "mm": "mm", "cm": "cm", "/10": "/10", "/100": "/100", "points": "points", "point": "points", "pts": "points",
    "out of 10": "/10", "out of 100": "/100",
}
DISABILITY_INDICES: Final[Mapping[str, str]] = {
    **dict.fromkeys(
        (
            "oswestry disability index", "oswestry disability questionnaire", "oswestry low back pain disability questionnaire",
            "oswestry low back pain disability index", "oswestry questionnaire", "oswestry index", "oswestry score", "oswestry",
            "odi",
        ),
        "ODI",
    ),
    **dict.fromkeys(("neck disability index", "ndi"), "NDI"),
}
DISABILITY_UNITS: Final[Mapping[str, str]] = {"%": "%", "/100": "/100", "/50": "/50", "points": "points", "point": "points",
    "pts": "points"}

# lab analytes: LAB_NAMES and LAB_ACRONYMS, read in from analytes.py (above)

# words that never name the analyte or the graded thing before a value ("the level should be < 1000 mg/24 h")
NOT_SUBJECT_WORDS: Final = frozenset((
    "of", "the", "a", "an", "level", "levels", "is", "be", "must", "and", "or", "with", "in", "at", "value",
    "values", "count", "concentration", "for", "on", "by", "to", "from", "as", "than", "per", "within",
    "should", "shall", "will", "would", "can", "may", "might", "could", "are", "was", "were", "been", "being",
    "has", "have", "had", "not", "no", "remain", "remains", "either", "both", "result", "results", "if", "that",
    "which", "who", "whose", "where", "while", "when", "but", "above", "below", "less", "more", "greater",
    "lower", "higher", "equal", "it", "its", "their", "his", "her", "this", "these", "those", "range",
    "ranges", "normal", "limit", "limits", "between",
))

# between an analyte and its value: "cTnI levels are > 1 × ULN", "Cotinine level of > 100 ng/ml"
LEVEL_FILLERS: Final = frozenset((
    "level", "levels", "of", "is", "are", "be", "value", "values", "concentration", "concentrations", "count",
    "counts", "the", "a", "an", "(", ":", "must", "should", "was", "were", "titer", "titre", "titers", "titres",
))
# after a percentage, these make it a share of a reference, not a level ("TSH lower than 30% of LLN",
# "testosterone > 25% below the lower limit of normal", "specific IgE > 95% positive predictive value")
PERCENT_OF_WORDS: Final = frozenset((
    "of", "below", "above", "under", "over", "lower", "higher", "less", "greater", "more", "ppv", "npv", "positive",
    "negative", "predicted", "decrease", "increase", "reduction",
))
# between an analyte and a value, these say the value is something else's ("SLEDAI-2K score ≥ 7",
# "INR grade 2 or above", "eGFR formula for age < 18")
NOT_LEVEL_GAP_WORDS: Final = frozenset(("score", "scores", "grade", "grades", "stage", "age", "aged", "ages", "years"))
# a value near these is a change, or after the analyte a dose or a target, not a level ("PSA decline of
# ≥ 50%", "increase in creatinine > 0.3 mg/dL", "vitamin D supplementation > 1000 IU/day", "HbA1c goal
# < 7%"): no LAB or MEASUREMENT
CHANGE_WORDS: Final = frozenset((
    "increase", "increases", "decrease", "decreases", "rise", "rises", "decline", "declines", "reduction",
    "reductions", "drop", "drops", "fall", "falls", "change", "changes", "improvement", "doubling",
    "increment", "variation", "reversibility", "velocity", "kinetics", "slope",
))
DOSE_WORDS: Final = frozenset((
    "dose", "doses", "dosage", "supplementation", "supplement", "supplements", "intake", "infusion",
    "infusions", "administration", "injection", "injections", "replacement", "consumption", "goal", "goals",
    "target", "targets", "transfusion", "transfusions",
))
# after a value and its unit: how often ("1000 IU/day", "2 g daily", "1 U/kg"), so a dose
DOSE_RATES: Final = frozenset(("daily", "weekly", "bid", "tid", "qid", "qd", "od"))
# analytes measured per day or per kilogram, so a rate after their value is no dose
PER_DAY_ANALYTES: Final = frozenset(("proteinuria", "albuminuria", "creatinine clearance", "protein-to-creatinine ratio"))
DOSE_PERIODS: Final = frozenset(("day", "d", "kg", "week", "wk", "dose", "m2", "hour", "h", "year", "yr"))
# right after a value without a unit, these make it a count of them, not a level ("glucose elevation on
# more than 1 occasion", "HbA1c ≥ 2 measurements")
COUNTED_AFTER_LEVEL: Final = frozenset((
    "occasion", "occasions", "measurement", "measurements", "reading", "readings", "determination", "determinations",
    "sample", "samples", "test", "tests", "visit", "visits", "episode", "episodes", "consecutive", "separate", "food",
    "foods", "allergen", "allergens",
))

# ---- time windows and durations -------------------------------------------------------------
# "within 4 weeks", "in the past 6 months": the words between the cue and the number
WINDOW_CUES: Final = frozenset(("within", "in", "during", "over", "for", "since", "from"))
WINDOW_RELATIONS: Final = frozenset(("last", "past", "previous", "preceding", "prior", "recent", "former", "first", "proceeding"))
# after the value: the reference point of a window ("4 weeks prior to", "2 years ago")
WINDOW_REFERENCES: Final = frozenset(
    ("prior", "before", "preceding", "ago", "since", "of", "from", "after", "following", "post", "pre", "until",
        "preceeding", "prior.")
)
# a relation that alone makes a time a window into the past ("myocardial infarction (last 6 months)")
PAST_RELATIONS: Final = frozenset(("last", "past", "previous", "preceding"))
# a state after an event, next to a sided time ("up to 6 months postpartum", "< 1 year post-transplant")
POST_EVENT_WORDS: Final = frozenset(
    ("postpartum", "postoperative", "postoperatively", "posttransplant", "postnatal", "post")  # "post-transplant": "post"
)
# the start of a word for a state after an event, however it goes on ("postmenopausal", "post-transplant")
POST_EVENT_PREFIX: Final = "post"
# after "from" or "after", these make a time value a window ("≥ 4 weeks from the last dose"); the time
# since an onset or a diagnosis is how long a condition lasted (DURATION), not a window
FROM_REFERENCES: Final = frozenset((
    "last", "end", "completion", "previous", "prior", "recent", "surgery", "discontinuation",
    "transplant", "transplantation", "delivery", "birth", "stroke", "injury", "infarction",
))
# an obligation before a time after an event makes it no window ("agree to use contraception … at least
# 90 days after the last dose")
OBLIGATION_WORDS: Final = frozenset((
    "contraception", "contraceptive", "contraceptives", "agree", "agrees", "willing", "willingness", "unwilling",
    "refrain", "abstain", "abstinent", "abstinence", "commit", "condom", "condoms", "birth", "donate", "sperm", "avoid",
))
# obligations and future periods are no window ("contraception for 6 months after", "in the next 3 years")
NOT_WINDOW_WORDS: Final = frozenset(
    (
        "next", "following", "contraception", "contraceptive", "contraceptives", "agree", "willing", "after",
        "every", "per", "each", "apart", "half-lives", "half-life", "half", "lives", "remaining", "future",
        "upcoming", "duration", "lasting", "old", "age", "aged", "interval", "follow-up", "followup",
    )
)
WINDOW_EVENTS: Final = (
    "major surgery", "major surgical procedure", "surgical procedure", "surgery", "operation", "chemotherapy",
    "radiotherapy", "radiation therapy", "radiation", "immunotherapy", "targeted therapy", "hormonal therapy",
    "endocrine therapy", "systemic therapy", "anticancer therapy", "anti-cancer therapy", "investigational drug",
    "investigational agent", "investigational product", "investigational device", "study drug", "clinical trial",
    "clinical study", "another study", "another trial", "live vaccine", "vaccine", "vaccination", "blood transfusion",
    "transfusion", "injection", "injections", "epidural steroid injection", "steroids", "corticosteroids",
    "systemic corticosteroids", "opioids", "malignancy", "cancer", "myocardial infarction", "stroke", "infection",
    "substance abuse", "alcohol abuse", "drug abuse", "physical therapy", "physiotherapy", "biopsy",
    "hospitalization", "hospitalisation", "fracture", "antibiotics", "treatment", "therapy",
    "major surgical treatment", "spine surgery", "spinal surgery", "back surgery", "chemo", "antitumor therapy",
    "anti-tumor therapy", "antitumor drug", "anti-tumor drug", "antitumor drugs", "anti-tumor drugs", "biologic therapy",
    "chinese patent drugs", "investigational drugs", "investigational medicinal product", "clinical trials",
    "clinical studies", "live attenuated vaccine", "pregnancy test", "mri", "magnetic resonance imaging", "ct scan",
    "imaging", "echocardiogram", "muga scan", "injection treatment", "epidural steroids", "epidural injection",
    "oral steroids", "thrombosis", "thromboembolism", "pulmonary embolism", "tuberculosis", "alcohol or drug abuse",
    "rehabilitation", "growth factors", "g-csf",
)
DURATION_SUBJECTS: Final = (
    "pain", "back pain", "low back pain", "lower back pain", "leg pain", "neck pain", "arm pain", "radicular pain",
    "radicular leg pain", "radiating pain", "sciatic pain", "sciatica", "symptoms", "radicular symptoms", "complaints",
    "radiculopathy", "claudication", "conservative treatment", "conservative therapy", "conservative care",
    "conservative management", "non-operative management", "non-operative treatment", "non-operative care",
    "nonoperative management", "nonoperative treatment", "non-surgical treatment", "non-surgical management",
    "nonsurgical treatment", "nonsurgical management", "physical therapy", "physiotherapy", "medical treatment",
    "medical management", "treatment", "therapy", "stable", "stable disease", "disease-free", "disease free",
    "opioids", "corticosteroids", "steroids", "amenorrhea", "amenorrhoea", "diagnosis", "asthma", "diabetes",
    "symptoms of the malignancy", "unsuccessful conservative treatment", "disease", "history",
)
DURATION_CUES: Final[Mapping[str, str | None]] = {  # cue -> side a bare value takes (None: must be written)
    "for": "ge", "lasting": "ge", "lasting for": "ge", "lasts": "ge", "lasted": "ge", "persisting for": "ge",
    "persistent for": "ge", "present for": "ge", "for a period of": "ge", "for a duration of": "ge",
    "with a duration of": None, "of": None, "duration of": None,
}

# ---- the new kinds: MEASUREMENT, COUNT, GRADE ------------------------------------------------
MEASUREMENTS: Final[Mapping[str, str]] = {
    **dict.fromkeys(
        (
            "lvef", "left ventricular ejection fraction", "ejection fraction", "ef", "left ventricular ejection fraction (lvef)",
        ),
        "LVEF",
    ),
    **dict.fromkeys(("qtc", "qtcf", "qtc interval", "qt interval", "qtcb", "corrected qt interval", "qt"), "QTc"),
    **dict.fromkeys(("systolic blood pressure", "sbp", "systolic bp", "systolic"), "systolic blood pressure"),
    **dict.fromkeys(("diastolic blood pressure", "dbp", "diastolic bp", "diastolic"), "diastolic blood pressure"),
    **dict.fromkeys(("blood pressure", "bp"), "blood pressure"),
    **dict.fromkeys(("body weight", "weight", "weigh", "weighing"), "weight"),
    **dict.fromkeys(("height", "body height"), "height"),
    **dict.fromkeys(("heart rate", "resting heart rate", "pulse"), "heart rate"),
    "waist circumference": "waist circumference",
    **dict.fromkeys(("fev1", "forced expiratory volume"), "FEV1"),
    "fvc": "FVC",
    **dict.fromkeys(("lesion", "lesions", "measurable lesion", "tumor", "tumour", "tumor size", "tumour size",
        "nodule"), "lesion size"),
    **dict.fromkeys(("temperature", "body temperature"), "temperature"),
    **dict.fromkeys(("oxygen saturation", "spo2", "sao2", "saturation"), "oxygen saturation"),
}
# the units each measurement accepts (a value in another unit is not read)
MEASUREMENT_UNITS: Final[Mapping[str, frozenset[str]]] = {
    "LVEF": frozenset(("%",)),
    "QTc": frozenset(("ms",)),
    "systolic blood pressure": frozenset(("mmHg",)),
    "diastolic blood pressure": frozenset(("mmHg",)),
    "blood pressure": frozenset(("mmHg",)),
    "weight": frozenset(("kg", "lb")),
    "height": frozenset(("cm", "m")),
    "heart rate": frozenset(("bpm",)),
    "waist circumference": frozenset(("cm",)),
    "FEV1": frozenset(("%",)),
    "FVC": frozenset(("%",)),
    "lesion size": frozenset(("mm", "cm")),
    "temperature": frozenset(("°C",)),
    "oxygen saturation": frozenset(("%",)),
}
# COUNT: the thing counted (the words after the number) -> subject
COUNTED: Final[Mapping[str, str]] = {
    **dict.fromkeys(
        (
            "prior lines", "lines", "line", "prior line", "previous lines", "prior lines of therapy", "lines of therapy",
            "lines of treatment", "prior therapies", "prior regimens", "regimens", "prior systemic therapies",
            "previous regimens", "prior treatment regimens", "lines of systemic therapy", "prior chemotherapy regimens",
        ),
        "prior lines of therapy",
    ),
    **dict.fromkeys(("measurable lesions", "measurable lesion", "lesions", "lesion", "target lesions",
        "target lesion"), "lesions"),
    **dict.fromkeys(("cycles", "cycle", "courses"), "cycles"),
}
GRADE_ANCHORS: Final = frozenset(("grade", "grades", "ctcae grade", "nci ctcae grade", "nci-ctcae grade", "toxicity grade", "gr"))
# fmt: on
