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
that opens so); a list starts at one of ``FIRST_LABELS``. A footnote mark ("† …") under a list opens a note instead.

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

**Criteria words**: the word sets the criteria reader decides by, each named for the question it
answers (lower case; a stage folds case before it looks a word up). Side headers:
``HEADER_QUALIFIERS`` and ``HEADER_PLAIN_FOLLOWERS`` keep a header its side's own,
``CRITERIA_KINDS`` may stand between the side's word and "criteria", ``HEADER_VERBS`` and
``HEADER_SENTENCE_WORDS`` show its words inside a sentence (of those, ``ITEM_ENDING_WORDS`` may
also end the item before it), ``ADDING_WORDS`` (after a header for every group also
``ADDING_AFTER_EVERY_GROUP``) say a header's criteria add to those above it. Items and lines:
``TOPIC_COMMON_WORDS`` are too common to tie a bullet to a heading's topic, ``UNFINISHED_ENDS``
and ``DANGLING_WORDS`` end a lead-in whose sentence goes on, ``EXCEPTING_WORDS`` end one before
its exceptions, ``TRAILING_LEADIN_WORDS`` end a lead-in sentence or a line wrapped onto the next,
``CONNECTOR_WORDS`` join two items, ``WRAPPING_WORDS`` end only a line wrapped at a width,
``NOTES_HEADINGS`` head remarks, ``NO_CRITERIA`` stand for a
side that has none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

__all__ = [
    "ADDING_AFTER_EVERY_GROUP",
    "ADDING_WORDS",
    "BULLETS",
    "CIRCLED_NUMBERS",
    "COLON_HEADINGS",
    "CONNECTOR_WORDS",
    "CRITERIA_KINDS",
    "DANGLING_WORDS",
    "EXCEPTING_WORDS",
    "FACT_LABELS",
    "FIELD_LABELS",
    "FIELD_SEPARATORS",
    "FIRST_LABELS",
    "FOOTNOTE_MARKS",
    "GLUED_BULLETS",
    "HEADER_DECORATION",
    "HEADER_PLAIN_FOLLOWERS",
    "HEADER_QUALIFIERS",
    "HEADER_SENTENCE_WORDS",
    "HEADER_VERBS",
    "HEADING_DECORATION",
    "INLINE_HEADINGS",
    "ITEM_ENDING_WORDS",
    "LETTER_BULLETS",
    "MAX_LETTER_LABEL",
    "MAX_NUMBER_LABEL",
    "NOTES_HEADINGS",
    "NO_CRITERIA",
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
    "TOPIC_COMMON_WORDS",
    "TRAILING_LEADIN_WORDS",
    "UNFINISHED_ENDS",
    "WRAPPING_WORDS",
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

# A bullet: one of these followed by a space, a tab or the end of the line. U+0095 is "•"
# written in cp1252 and read as Latin-1 (legacy registry texts).
BULLETS: Final = "*-+•·▪◦‣○●■□➢►–—\x95"
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
# The labels a list starts with: a number, a letter or a roman numeral, in either case ("1." "a)"
# "(I)"); a marker with one may open a list, a later label only goes on with one
FIRST_LABELS: Final = frozenset({"1", "a", "A", "i", "I"})

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

# Labels by their first letter, longest first: a line is lowered once and tried against a few.
_FACT_LABELS_BY_FIRST: Final[Mapping[str, tuple[str, ...]]] = {
    first: tuple(sorted((k for k in FACT_LABELS if k[0] == first), key=len, reverse=True))
    for first in {k[0] for k in FACT_LABELS}
}
_LONGEST_FACT_LABEL: Final = max(len(k) for k in FACT_LABELS)


def fact_label_at(value: str, s: int, e: int) -> tuple[str, int] | None:
    """The quick-fact label at ``value[s:e]``'s start (case-blind, longest first, so "Ages18 Years"
    is "Ages", not "Age") and where its value starts, for the facts stage and the review page alike.

    The separator may be nothing (glued: "PhasePHASE1"), spaces, tabs, or a colon ("：" too).
    """
    low = value[s : min(e, s + _LONGEST_FACT_LABEL)].lower()
    for label in _FACT_LABELS_BY_FIRST.get(low[:1], ()):
        if low.startswith(label):
            pos = s + len(label)
            while pos < e and value[pos] in " \t":
                pos += 1
            if pos < e and value[pos] in ":：":
                pos += 1
                while pos < e and value[pos] in " \t":
                    pos += 1
            return label, pos
    return None


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


# --- criteria words ------------------------------------------------------------------------

# Side headers. Qualifiers before the side's name that keep a header the side's own, not a
# cohort's ("Key Inclusion Criteria", "Study Eligibility and Inclusion Criteria"): each entry is
# the qualifier's words joined by one space, "" for none; with the study's person
# (``POPULATION_WORDS["study_person"]``: "Patient Inclusion Criteria")
HEADER_QUALIFIERS: Final = frozenset(
    {"", "key", "main", "general", "major", "principal", "study", "primary", "basic", "trial", "the", "key main",
     "eligibility", "eligibility and"}
)  # fmt: skip
# Words that may name the criteria's kind between the side's name and "criteria" ("INCLUSION
# ELIGIBILITY CRITERIA"): only "eligibility" is written so in registry text; other words there
# ("… using Inclusion Selection Criteria: …", "… exclusion entry criteria: …") are a sentence's
CRITERIA_KINDS: Final = frozenset({"eligibility"})
# Words after the side's name that name no cohort ("Inclusion criteria for the study", "… for
# this trial"); with the study's people ("… for patients")
HEADER_PLAIN_FOLLOWERS: Final = frozenset({"for", "the", "study", "trial", "all", "this", "of"})
# Words after the side's name that make it a sentence, no header ("Exclusion criteria are listed
# below", "Inclusion criteria include:"), and before a topic's side word ("Patients must meet
# exclusions:"); as a criterion's first word after a colon-less header they make the header's
# words a sentence too ("Exclusion Criteria Apply …")
HEADER_VERBS: Final = frozenset(
    {"are", "is", "will", "apply", "applies", "include", "includes", "must", "should", "can", "may", "were", "was",
     "have", "has", "be", "see", "listed", "defined", "below", "above", "as", "meet", "meets", "following", "not"}
)  # fmt: skip
# Words before the side's name that show it inside a sentence ("… meets the inclusion criteria",
# "see Exclusion Criteria 5", "… listed under exclusion criteria"): the side's words are then no
# header, whole-line or run into a line
HEADER_SENTENCE_WORDS: Final = frozenset(
    {"the", "see", "in", "under", "per", "of", "following", "and", "or", "all", "any", "these", "those", "as", "by",
     "listed", "defined", "meet", "meets", "satisfy", "no", "not", "with", "to", "are", "is", "be", "must", "will",
     "apply", "applies", "include", "includes", "were", "was", "have", "has", "should", "can", "may", "other", "above",
     "below", "from", "on", "at", "for", "that", "which", "note"}
)  # fmt: skip
# Of ``HEADER_SENTENCE_WORDS``, those that also end an item ("… may apply", "… 22 and below"):
# after them a capitalised side header ("Exclusion Criteria") is run into the line (flattened
# text), not named by a sentence
ITEM_ENDING_WORDS: Final = frozenset({"apply", "applies", "below", "above"})
# Words before the side's name that say a header's criteria add to those above it ("Additional
# Inclusion Criteria for Sub-Study A", "Part 1 further inclusion criteria"): the side's first
# header is then the base every cohort shares
ADDING_WORDS: Final = frozenset({"additional", "further"})
# Words that say so only after a header for every group ("Specific Inclusion Criteria for
# Sub-Study 3" after "Inclusion Criteria for All Sub-studies"); after "… for Cohort 1" they name
# a cohort too
ADDING_AFTER_EVERY_GROUP: Final = frozenset({"specific"})

# Items and lines. Words of four letters or more too common in criteria to tie a bullet to a
# topic heading above it ("Prior therapy:" then "Prior surgery …" is no bullet of that topic);
# a heading's other words, a plural's "s" dropped, are its topic
TOPIC_COMMON_WORDS: Final = frozenset(
    {
        "prior", "other", "history", "patient", "participant", "subject", "within", "criteria", "following",
        "active", "known", "current", "treatment", "therapy", "disease", "condition", "clinically", "significant",
        "study", "month", "week", "year", "day", "before", "after", "those", "which", "including", "except",
        "requirement", "function", "status", "inclusion", "exclusion", "group", "cohort", "with", "that", "have",
        "from", "than", "must", "will", "been", "more", "less", "dose", "time", "each", "their", "such", "into",
        "only", "also", "both", "were", "this", "these", "there", "under", "over", "least", "allowed", "use",
    }
)  # fmt: skip
# Words a sentence does not end with: an item ending in one and a colon ("… biopsy showing:", "…
# except for:", "… eligible if they:") stops mid-sentence, and the lower-case items after it at
# its indent finish it (its members)
UNFINISHED_ENDS: Final = frozenset(
    {
        "showing", "shows", "demonstrating", "for", "they", "is", "be", "by", "to", "who", "that", "if", "when",
        "whether", "whose", "which", "having", "has", "was", "were", "been",
    }
)  # fmt: skip
# The words a lead-in breaks off on when its sentence waits for a complement ("Any evidence of:",
# "… as defined by:", "Asthma requiring either:"): one phrase after it completes the sentence,
# where a heading ("Children:") or "… the following:" introduces members
DANGLING_WORDS: Final = frozenset({"of", "by", "with", "either", "from", "to", "for", "than", "that", "as"})
# The words a criterion's sentence breaks off on before its exceptions ("History of other
# malignancies, except:", "… including:"): a lead-in whose sentence goes on, no topic heading
EXCEPTING_WORDS: Final = frozenset({"except", "excluding", "including", "unless"})
# The words a lead-in sentence may end on ("… patients with:", "… who are"), which a line wrapped
# onto the next ends on too: in text written a line per criterion, a lead-in ending on one is read
# as a lead-in only where the next line is no wrapped part of it
TRAILING_LEADIN_WORDS: Final = frozenset({"with", "of", "who", "that", "if", "are", "is", "having", "and", "or", "the"})
# Words that join two items rather than head or open one ("OR", "EXCEPT" alone between two
# numbered items; "and …" going on with the item above)
CONNECTOR_WORDS: Final = frozenset({"or", "and", "and/or", "except", "plus", "nor"})
# Words a line of running text breaks off on only where it was wrapped at a width: no criterion
# written on a line of its own ends with them ("… in the", "… with", "… and")
WRAPPING_WORDS: Final = (
    DANGLING_WORDS
    | UNFINISHED_ENDS
    | CONNECTOR_WORDS
    | TRAILING_LEADIN_WORDS
    | frozenset({"a", "an", "in", "on", "at", "not", "no", "any", "per", "into", "within", "without",
                 "between", "under", "over", "after", "before", "during", "including", "such", "are", "must",
                 "will", "should", "can", "may", "have"})
)  # fmt: skip
# Headings that say the lines after them are remarks, no criteria ("Notes:")
NOTES_HEADINGS: Final = frozenset({"notes:", "note:", "notes", "remarks:"})
# What a side says when it has no criteria ("* None" alone under "Exclusion Criteria:"): a
# placeholder, read as a note
NO_CRITERIA: Final = frozenset({"n.a.", "n/a", "na", "not applicable", "not applicable.", "none", "none.", "nil"})


# --- what render writes --------------------------------------------------------------------

RENDERED_BULLET: Final = "*"
RENDERED_HEADINGS: Final = _first_spellings(_WRITTEN_SECTION_HEADINGS, _WRITTEN_INLINE_HEADINGS, _WRITTEN_COLON_HEADINGS)
RENDERED_FACT_LABELS: Final = _first_spellings(_WRITTEN_FACT_LABELS)
RENDERED_LABELS: Final = _first_spellings(_WRITTEN_FIELD_LABELS)
