"""The page's vocabulary as data: list markers, section headings, inline headings, labels.

Every stage builds its patterns from these tables (``sections``, ``criteria``, the constraint
extractor, ``render``, ``facts``, ``locations``), so a new marker style or heading spelling is
one line here plus a row in ``tests/test_vocabulary.py``, which checks that each stage accepts
exactly what is listed. This module holds data (and the helpers that fold it) and imports
nothing from the package.

**Markers** open a list item at the start of a line (criteria) and are dropped before a
criterion is read for constraints: a bullet character followed by white space (or ending the
line), one of ``GLUED_BULLETS`` right before a letter ("-Adults"), the letter bullet "o"
followed by text, a circled number, or a number / letter / roman numeral with a delimiter
("1." "1)" "(1)" "a." "(iv)"), also a sub-item's label that repeats its parent's ("5a." "(5a)"
"(b.i)", and the dotted "8.1" before a capitalised word or "8.1." : ``render`` escapes a text
that opens so). A footnote mark ("† …") under a list opens a note instead.

Where the stages' copies had drifted apart, the union was chosen on purpose:

- the en and em dashes ``–`` ``—`` are bullets everywhere. The criteria reader took them, the
  constraint extractor's marker dropper did not. No eligibility text of the ctgov corpus
  (1,432 records) starts a line with either, but word processors turn a typed "- " into "– ",
  and a page that does so means a list;
- the dingbat circled digits ``❶``–``❿`` are circled numbers like ``①``–``⑳``. The constraint
  extractor's normaliser knew them, the criteria reader did not. The corpus has ``①``–``③`` at
  line starts and no ``❶``; lists that use one use the other (the same numbering, filled);
- a side header may be decorated by any bullet, ``#`` or ``>`` ("● Inclusion Criteria:"); the
  criteria reader listed five of the bullets there. The corpus has ``*`` ``-`` ``•`` ``·``
  ``●`` at line starts, so ``●`` was the one real case missing.

**Headings**: a section heading is a whole line whose words (``HEADING_DECORATION`` and a
trailing colon removed, case ignored) are a key of ``SECTION_HEADINGS``. An inline heading
carries its value on its own line: ``INLINE_HEADINGS`` with an optional colon ("Last reviewed
2026-05-15"), ``COLON_HEADINGS`` only with one ("Conditions: A, B"). ``FACT_LABELS`` open the
quick facts' lines ("Ages: 18 Years and older", glued "Ages18 Years" too); ``FIELD_LABELS``
open the "Label: text" paragraphs of the "Who should consider" and "Why it matters" sections.

Each table is written once, in the case a page uses; the first spelling of each key is the
one ``render`` writes (``RENDERED_HEADINGS``, ``RENDERED_FACT_LABELS``, ``RENDERED_LABELS``),
and the stages look words up in the lower-case forms (``SECTION_HEADINGS`` …).

**Populations**: ``POPULATION_WORDS`` holds the words that say whom a heading or a criterion is
about, by the role each plays for the criteria reader: a side header naming a cohort ("Inclusion
Criteria Cohort A"), one naming every group ("… for all groups"), a heading naming another
population than the patients ("Healthy volunteers:"), a criterion about the person ("Willing to
…"). ``population_words`` joins roles into the set a stage looks words up in.

**Quantities**: ``QUANTITY_UNITS`` are the units that make a number after a marker a quantity,
no criterion's first words: a star before one is a formula's factor ("BSA * 25 mg").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

__all__ = [
    "BULLETS",
    "CIRCLED_NUMBERS",
    "COLON_HEADINGS",
    "FACT_LABELS",
    "FIELD_LABELS",
    "FIELD_SEPARATORS",
    "FOOTNOTE_MARKS",
    "GLUED_BULLETS",
    "HEADER_DECORATION",
    "HEADING_DECORATION",
    "INLINE_HEADINGS",
    "LETTER_BULLETS",
    "MAX_LETTER_LABEL",
    "MAX_NUMBER_LABEL",
    "NUMBER_DELIMITERS",
    "POPULATION_WORDS",
    "QUANTITY_UNITS",
    "RENDERED_BULLET",
    "RENDERED_FACT_LABELS",
    "RENDERED_HEADINGS",
    "RENDERED_LABELS",
    "ROMAN_DIGITS",
    "SECTION_HEADINGS",
    "SPLITTING_BULLETS",
    "population_alternation",
    "population_words",
]


def _lower(table: Mapping[str, str]) -> Mapping[str, str]:
    return {words.lower(): key for words, key in table.items()}


def _first_spellings(*tables: Mapping[str, str]) -> Mapping[str, str]:
    """Each key's first spelling, as written: the one ``render`` writes."""
    first: dict[str, str] = {}
    for table in tables:
        for words, key in table.items():
            first.setdefault(key, words)
    return first


# --- markers -------------------------------------------------------------------------------

# A bullet: one of these followed by a space, a tab or the end of the line.
BULLETS: Final = "*-+•·▪◦‣○●■□➢►–—"
# Bullets also read right before a letter, with no space ("-Adults", "•Adults").
GLUED_BULLETS: Final = "-•·"
# Letters used as bullets: only followed by white space and more text ("o Adults").
LETTER_BULLETS: Final = "o"
# Bullets that start a new item wherever they stand in a line (a flattened list), and cut a
# criterion into clauses for the constraint extractor.
SPLITTING_BULLETS: Final = "•"
# Circled numbers and their values; they too start an item wherever they stand.
CIRCLED_NUMBERS: Final[Mapping[str, int]] = {
    **{chr(0x2460 + n): n + 1 for n in range(20)},  # ① … ⑳
    **{chr(0x2776 + n): n + 1 for n in range(10)},  # ❶ … ❿
}
# Numbered and lettered markers: the label, then one of these ("1." "1)" "a."), or the label
# in parentheses ("(1)" "(a)" "(iv)").
NUMBER_DELIMITERS: Final = ".)"
MAX_NUMBER_LABEL: Final = 3  # digits in a number label ("100." is a marker, "2024." is not)
ROMAN_DIGITS: Final = "ivxIVX"  # a run of these is a roman numeral label ("iv." "(XII)")
MAX_LETTER_LABEL: Final = 5  # letters in a roman numeral label; other letter labels have one

# Footnote marks: a line under the list that opens with one is a note, not an item ("† …").
FOOTNOTE_MARKS: Final = "†‡§¶"

# Characters that may stand before a side header ("* Inclusion Criteria:", "> Exclusion").
HEADER_DECORATION: Final = BULLETS + "#>"

# --- headings ------------------------------------------------------------------------------

# Decoration around a heading's words ("## Eligibility", "**Contacts**", "__Conditions__").
HEADING_DECORATION: Final = "#*_"

# Whole-line headings -> section key.
_WRITTEN_SECTION_HEADINGS: Final[Mapping[str, str]] = {
    "Quick facts": "quick_facts",
    "Key facts": "quick_facts",
    "At a glance": "quick_facts",
    "Trial at a glance": "quick_facts",
    "What this trial studies": "description",
    "What the trial studies": "description",
    "About this trial": "description",
    "Who should consider this trial": "who_should_consider",
    "Who should consider this study": "who_should_consider",
    "Why it matters": "why_it_matters",
    "Eligibility criteria": "eligibility",
    "Eligibility": "eligibility",
    "Where this trial is running": "locations",
    "Where this study is running": "locations",
    "Trial locations": "locations",
    "Study locations": "locations",
    "Study contacts": "contacts",
    "Contacts": "contacts",
    "Contact information": "contacts",
    "How to participate": "how_to_participate",
    "View on ClinicalTrials.gov": "registry_link",
    "View on ClinicalTrials.gov →": "registry_link",
    "Conditions": "conditions",
}
# Inline headings whose value follows on the same line, after an optional colon.
_WRITTEN_INLINE_HEADINGS: Final[Mapping[str, str]] = {
    "Last reviewed": "review",
    "Last updated": "review",
}
# Inline headings that need a colon ("Reviewed by the board" is a sentence).
_WRITTEN_COLON_HEADINGS: Final[Mapping[str, str]] = {
    "Conditions": "conditions",
    "Condition": "conditions",
    "Reviewed": "review",
}
# Quick-fact labels -> field. Matched longest first and case-blind, so glued
# "Ages18 Years" is read as "Ages" + "18 Years", not "Age" + "s18 Years".
_WRITTEN_FACT_LABELS: Final[Mapping[str, str]] = {
    "Phase": "phases",
    "Phases": "phases",
    "Study phase": "phases",
    "Study type": "study_type",
    "Type": "study_type",
    "Enrollment": "enrollment",
    "Enrolment": "enrollment",
    "Target enrollment": "enrollment",
    "Target enrolment": "enrollment",
    "Estimated enrollment": "enrollment",
    "Actual enrollment": "enrollment",
    "Participants": "enrollment",
    "Ages": "ages",
    "Age": "ages",
    "Age range": "ages",
    "Ages eligible": "ages",
    "Ages eligible for study": "ages",
    "Sex": "sex",
    "Gender": "sex",
    "Sexes eligible": "sex",
    "Sponsor": "sponsor",
    "Lead sponsor": "sponsor",
    "Drugs / interventions": "interventions",
    "Drugs/interventions": "interventions",
    "Interventions": "interventions",
    "Intervention": "interventions",
    "Drugs": "interventions",
    "Treatments": "interventions",
    "Locations": "locations",
    "Location": "locations",
    "Sites": "locations",
    "Trial ID": "trial_id",
    "NCT ID": "trial_id",
    "NCT number": "trial_id",
    "ClinicalTrials.gov ID": "trial_id",
}
# "Label: text" paragraphs -> Listing field.
_WRITTEN_FIELD_LABELS: Final[Mapping[str, str]] = {
    "Good fit": "good_fit",
    "Not a fit": "not_a_fit",
    "Potential benefit": "potential_benefit",
    "How similar studies have performed": "similar_studies",
}

# The tables as the stages look them up: lower case (each stage folds case before a lookup).
SECTION_HEADINGS: Final = _lower(_WRITTEN_SECTION_HEADINGS)
INLINE_HEADINGS: Final = _lower(_WRITTEN_INLINE_HEADINGS)
COLON_HEADINGS: Final = _lower(_WRITTEN_COLON_HEADINGS)
FACT_LABELS: Final = _lower(_WRITTEN_FACT_LABELS)
FIELD_LABELS: Final = _lower(_WRITTEN_FIELD_LABELS)
# Separators between the fields of one line ("PHASE2 · Acme · NCT01234567", "Name | Phone").
FIELD_SEPARATORS: Final = "·•|"

# --- quantities ----------------------------------------------------------------------------

# Units of a quantity: a number of them after " * " is a factor in a formula ("BSA * 25 mg"), and
# after a number it is no criterion's first words ("2. 5 mg"); a time ("18 years") may open one
QUANTITY_UNITS: Final = frozenset(
    {
        *("mg", "g", "kg", "mcg", "µg", "ug", "ng", "ml", "l", "dl", "mmol", "µmol", "umol", "mol"),
        *("iu", "u", "units", "meq", "mm", "cm", "m", "x"),
    }
)

# --- populations ---------------------------------------------------------------------------

# Words that say whom a heading or a criterion is about, by role (lower case; a word may serve
# several roles). Each criteria stage builds its set or pattern from the roles it reads:
POPULATION_WORDS: Final[Mapping[str, tuple[str, ...]]] = {
    # a study's subdivisions: after a side header's words they make it a cohort's header
    # ("Inclusion Criteria Cohort A", "Exclusion Criteria Part 2")
    "study_unit": ("cohort", "cohorts", "part", "parts", "group", "groups", "arm", "arms", "phase", "stage", "module"),
    # the study's own people: a side header naming them is the side's ("Inclusion Criteria for
    # Patients", "Participant Exclusion Criteria"); after a lead-in's members, a criterion opening
    # with one is the list going on ("Patients with …")
    "study_people": ("patients", "participants", "subjects"),
    "study_person": ("patient", "participant", "subject"),
    # other people a side header may be about: with the study's people they make a header with
    # words run into it a cohort's ("Exclusion Criteria Donors"), not the side's and a topic
    "header_people": ("donor", "donors", "recipient", "recipients", "volunteers", "controls", "children", "adults"),
    # words that link a side header to the population it names ("… for Part 2", "… in children",
    # "… - Cohort B", "… (Arm A)"): a cohort's header, unless every group is meant (below)
    "header_link": ("for", "in", "of", "to", "-", "–", "("),
    # plurals that, after "for (all)", name every population ("Exclusion Criteria for all groups",
    # "… for Sub-studies 1-3"): the side's header, not a cohort's
    "every_group": ("groups", "cohorts", "arms", "parts", "sub-studies", "substudies", "populations", "studies"),
    # people other than the patients: a heading naming them ("Donors: …", "Healthy volunteers:")
    # opens their own group
    "other_population": (
        "donor", "donors", "recipient", "recipients", "volunteer", "volunteers", "control", "controls",
        "control group", "control subjects", "control participants", "caregiver", "caregivers", "parent",
        "parents", "partner", "partners", "family members", "mothers", "infants", "siblings",
    ),
    # words that may stand before such a heading's noun ("Healthy volunteers", "Living donors")
    "population_qualifier": ("healthy", "plasma", "blood", "living", "stem cell", "organ"),
    # other first words of a criterion about the person ("Willing to …", "Known HIV", "Signed
    # consent", "Individuals with …"), with the study's people above
    "person_criterion": (
        "willing", "willingness", "able", "ability", "capable", "signed", "written", "informed", "provision",
        "known", "life", "pregnant", "individuals",
    ),
}  # fmt: skip


def population_words(*roles: str) -> frozenset[str]:
    """The words of ``roles`` in ``POPULATION_WORDS``, as one set.

    >>> sorted(population_words("population_qualifier"))[:3]
    ['blood', 'healthy', 'living']
    """
    return frozenset(word for role in roles for word in POPULATION_WORDS[role])


def population_alternation(*roles: str) -> str:
    r"""The words of ``roles`` as a regular-expression alternation, longest first, each escaped
    (a space too, so the pattern may be verbose).

    >>> population_alternation("population_qualifier")
    '(?:stem\\ cell|healthy|living|plasma|blood|organ)'
    """
    words = sorted(population_words(*roles), key=lambda w: (-len(w), w))
    return "(?:%s)" % "|".join(re.escape(w) for w in words)


# --- what render writes --------------------------------------------------------------------

RENDERED_BULLET: Final = "*"
RENDERED_HEADINGS: Final = _first_spellings(_WRITTEN_SECTION_HEADINGS, _WRITTEN_INLINE_HEADINGS, _WRITTEN_COLON_HEADINGS)
RENDERED_FACT_LABELS: Final = _first_spellings(_WRITTEN_FACT_LABELS)
RENDERED_LABELS: Final = _first_spellings(_WRITTEN_FIELD_LABELS)
