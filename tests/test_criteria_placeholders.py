"""A side with no criteria: "None", "N/A", "Not applicable", "nil" as all a side says is a note.

The placeholder may stand as a marked item ("* None"), on the header's own line ("Exclusion
Criteria: None"), or unmarked on its own line; in every shape the side holds no item and the
placeholder is a note. A criterion that merely opens with "None of …" stays an item, and so does
a placeholder word followed by more of the side. The texts are invented.
"""

from __future__ import annotations

import re

import pytest

from trialparse import parse_criteria
from trialparse.vocabulary import NO_CRITERIA

NONE_OF = "None of the drugs listed in Appendix A"
INCLUSION = "Inclusion Criteria:\n* Adults aged 18 to 65\n* Signed consent\n"
ADULTS = ["Adults aged 18 to 65", "Signed consent"]


def read(text: str) -> tuple[list[str], list[str], list[str]]:
    criteria, _ = parse_criteria(text)
    return [c.text for c in criteria.inclusion], [c.text for c in criteria.exclusion], list(criteria.notes)


# (text, inclusion items, exclusion items, notes): what a careful reader takes from each
CASES = [
    # the placeholder on the header's own line
    (INCLUSION + "\nExclusion Criteria: None", ADULTS, [], ["None"]),
    (INCLUSION + "Exclusion criteria: N/A\n", ADULTS, [], ["N/A"]),
    (INCLUSION + "EXCLUSION CRITERIA: Not applicable.", ADULTS, [], ["Not applicable."]),
    ("Inclusion Criteria: nil\n\nExclusion Criteria:\n* Pregnancy", [], ["Pregnancy"], ["nil"]),
    # unmarked, on its own line under the header
    (INCLUSION + "\nExclusion Criteria:\nNone", ADULTS, [], ["None"]),
    (INCLUSION + "\nExclusion Criteria:\n\n   n/a\n", ADULTS, [], ["n/a"]),
    ("Inclusion Criteria:\nNot Applicable\nExclusion Criteria:\n* Pregnancy", [], ["Pregnancy"], ["Not Applicable"]),
    # only a closing remark after it: still a placeholder, and the remark a note (review 9, LOW 11)
    (
        INCLUSION + "Exclusion Criteria: None\n\nNote: other protocol-defined criteria may apply.",
        ADULTS,
        [],
        ["None", "Note: other protocol-defined criteria may apply."],
    ),
    (
        INCLUSION + "Exclusion Criteria:\nNone\nOther protocol-defined criteria may apply.\n",
        ADULTS,
        [],
        ["None", "Other protocol-defined criteria may apply."],
    ),
    # marked, as before: the same class
    (INCLUSION + "\nExclusion Criteria:\n* None", ADULTS, [], ["None"]),
    # flattened: the header run into the line
    ("Inclusion Criteria: * Adults aged 18 to 65 * Signed consent Exclusion Criteria: None", ADULTS, [], ["None"]),
    # a criterion that opens with "None of": an item in every shape
    (INCLUSION + "\nExclusion Criteria: " + NONE_OF, ADULTS, [NONE_OF], []),
    (INCLUSION + "\nExclusion Criteria:\n" + NONE_OF, ADULTS, [NONE_OF], []),
    (INCLUSION + "\nExclusion Criteria:\n* " + NONE_OF, ADULTS, [NONE_OF], []),
    # a placeholder word with criteria after it on the side is no placeholder for the side
    (INCLUSION + "\nExclusion Criteria: None\n* Pregnancy\n* Prior surgery", ADULTS, ["None", "Pregnancy", "Prior surgery"], []),
]


@pytest.mark.parametrize(("text", "inclusion", "exclusion", "notes"), CASES)
def test_a_placeholder_alone_on_its_side_is_a_note(
    text: str, inclusion: list[str], exclusion: list[str], notes: list[str]
) -> None:
    assert read(text) == (inclusion, exclusion, notes)


@pytest.mark.parametrize("word", sorted(NO_CRITERIA))
@pytest.mark.parametrize("shape", ["Exclusion Criteria: {}", "Exclusion Criteria:\n{}", "Exclusion Criteria:\n* {}"])
def test_each_no_criteria_word_in_each_shape_is_a_note(word: str, shape: str) -> None:
    placeholder = word.capitalize() if word[:1].isalpha() else word
    assert read(INCLUSION + "\n" + shape.format(placeholder)) == (ADULTS, [], [placeholder])


def test_the_note_spans_the_placeholder_as_written() -> None:
    text = INCLUSION + "\nExclusion Criteria:  None  \n"
    criteria, _ = parse_criteria(text)
    (span,) = criteria.note_spans
    assert text[span.start : span.end] == "None"


def test_a_cohorts_placeholder_is_a_note_and_the_cohort_holds_no_criteria() -> None:
    text = INCLUSION + "Exclusion Criteria for Controls: None\nExclusion Criteria for Healthy Volunteers:\n* Smoking"
    criteria, _ = parse_criteria(text)
    groups = [(c.text, [k.text for k in c.children]) for c in criteria.exclusion]
    assert groups == [
        ("Exclusion Criteria for Controls", []),
        ("Exclusion Criteria for Healthy Volunteers", ["Smoking"]),
    ]
    assert list(criteria.notes) == ["None"]


def test_flattening_keeps_the_placeholder_a_note() -> None:
    text = INCLUSION + "\nExclusion Criteria:\nNot applicable"
    assert read(re.sub(r"\s*\n\s*", " ", text)) == read(text) == (ADULTS, [], ["Not applicable"])
