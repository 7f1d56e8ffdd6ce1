"""The page's vocabulary as data: list markers, section headings, inline headings, labels.

Every stage builds its patterns from these tables (``sections``, ``criteria``, the constraint
extractor, ``render``, ``facts``, ``locations``), so a new marker style or heading spelling is
one line here plus a row in ``tests/test_vocabulary.py``, which checks that each stage accepts
exactly what is listed. This module holds data only and imports nothing from the package.

**Markers** open a list item at the start of a line (criteria) and are dropped before a
criterion is read for constraints: a bullet character followed by white space (or ending the
line), one of ``GLUED_BULLETS`` right before a letter ("-Adults"), the letter bullet "o"
followed by text, a circled number, or a number / letter / roman numeral with a delimiter
("1." "1)" "(1)" "a." "(iv)").

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

``render`` writes one spelling of each: ``RENDERED_HEADINGS``, ``RENDERED_FACT_LABELS``,
``RENDERED_LABELS`` and ``RENDERED_BULLET`` (each one a key of the tables above; a test keeps
them so).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = [
    "BULLETS",
    "CIRCLED_NUMBERS",
    "COLON_HEADINGS",
    "FACT_LABELS",
    "FIELD_LABELS",
    "FIELD_SEPARATORS",
    "GLUED_BULLETS",
    "HEADER_DECORATION",
    "HEADING_DECORATION",
    "INLINE_HEADINGS",
    "LETTER_BULLETS",
    "MAX_LETTER_LABEL",
    "MAX_NUMBER_LABEL",
    "NUMBER_DELIMITERS",
    "RENDERED_BULLET",
    "RENDERED_FACT_LABELS",
    "RENDERED_HEADINGS",
    "RENDERED_LABELS",
    "ROMAN_DIGITS",
    "SECTION_HEADINGS",
    "SPLITTING_BULLETS",
]

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

# Characters that may stand before a side header ("* Inclusion Criteria:", "> Exclusion").
HEADER_DECORATION: Final = BULLETS + "#>"

# --- headings ------------------------------------------------------------------------------

# Decoration around a heading's words ("## Eligibility", "**Contacts**", "__Conditions__").
HEADING_DECORATION: Final = "#*_"

# Whole-line headings, lower case -> section key.
SECTION_HEADINGS: Final[Mapping[str, str]] = {
    "quick facts": "quick_facts",
    "key facts": "quick_facts",
    "at a glance": "quick_facts",
    "trial at a glance": "quick_facts",
    "what this trial studies": "description",
    "what the trial studies": "description",
    "about this trial": "description",
    "who should consider this trial": "who_should_consider",
    "who should consider this study": "who_should_consider",
    "why it matters": "why_it_matters",
    "eligibility criteria": "eligibility",
    "eligibility": "eligibility",
    "where this trial is running": "locations",
    "where this study is running": "locations",
    "trial locations": "locations",
    "study locations": "locations",
    "study contacts": "contacts",
    "contacts": "contacts",
    "contact information": "contacts",
    "how to participate": "how_to_participate",
    "view on clinicaltrials.gov": "registry_link",
    "view on clinicaltrials.gov →": "registry_link",
    "conditions": "conditions",
}
# Inline headings whose value follows on the same line, after an optional colon.
INLINE_HEADINGS: Final[Mapping[str, str]] = {
    "last reviewed": "review",
    "last updated": "review",
}
# Inline headings that need a colon ("Reviewed by the board" is a sentence).
COLON_HEADINGS: Final[Mapping[str, str]] = {
    "conditions": "conditions",
    "condition": "conditions",
    "reviewed": "review",
}
# Quick-fact labels, lower case -> field. Matched longest first and case-blind, so glued
# "Ages18 Years" is read as "Ages" + "18 Years", not "Age" + "s18 Years".
FACT_LABELS: Final[Mapping[str, str]] = {
    "phase": "phases",
    "phases": "phases",
    "study phase": "phases",
    "study type": "study_type",
    "type": "study_type",
    "enrollment": "enrollment",
    "enrolment": "enrollment",
    "target enrollment": "enrollment",
    "target enrolment": "enrollment",
    "estimated enrollment": "enrollment",
    "actual enrollment": "enrollment",
    "participants": "enrollment",
    "ages": "ages",
    "age": "ages",
    "age range": "ages",
    "ages eligible": "ages",
    "ages eligible for study": "ages",
    "sex": "sex",
    "gender": "sex",
    "sexes eligible": "sex",
    "sponsor": "sponsor",
    "lead sponsor": "sponsor",
    "drugs / interventions": "interventions",
    "drugs/interventions": "interventions",
    "interventions": "interventions",
    "intervention": "interventions",
    "drugs": "interventions",
    "treatments": "interventions",
    "locations": "locations",
    "location": "locations",
    "sites": "locations",
    "trial id": "trial_id",
    "nct id": "trial_id",
    "nct number": "trial_id",
    "clinicaltrials.gov id": "trial_id",
}
# "Label: text" paragraphs, lower case -> Listing field.
FIELD_LABELS: Final[Mapping[str, str]] = {
    "good fit": "good_fit",
    "not a fit": "not_a_fit",
    "potential benefit": "potential_benefit",
    "how similar studies have performed": "similar_studies",
}
# Separators between the fields of one line ("PHASE2 · Acme · NCT01234567", "Name | Phone").
FIELD_SEPARATORS: Final = "·•|"

# --- what render writes --------------------------------------------------------------------

RENDERED_BULLET: Final = "*"
RENDERED_HEADINGS: Final[Mapping[str, str]] = {
    "quick_facts": "Quick facts",
    "description": "What this trial studies",
    "who_should_consider": "Who should consider this trial",
    "why_it_matters": "Why it matters",
    "eligibility": "Eligibility criteria",
    "locations": "Where this trial is running",
    "contacts": "Study contacts",
    "conditions": "Conditions",  # inline: "Conditions: A, B"
    "review": "Last reviewed",  # inline: "Last reviewed 2026-05-15"
}
RENDERED_FACT_LABELS: Final[Mapping[str, str]] = {
    "phases": "Phase",
    "study_type": "Study type",
    "enrollment": "Enrollment",
    "ages": "Ages",
    "sex": "Sex",
    "sponsor": "Sponsor",
    "interventions": "Drugs / interventions",
    "locations": "Locations",
    "trial_id": "Trial ID",
}
RENDERED_LABELS: Final[Mapping[str, str]] = {
    "good_fit": "Good fit",
    "not_a_fit": "Not a fit",
    "potential_benefit": "Potential benefit",
    "similar_studies": "How similar studies have performed",
}
