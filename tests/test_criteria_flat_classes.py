"""Flattened lines whose numbering surfaces mid-line: each rule and the look-alikes it leaves alone.

The classes: lone letters running on in order after words (slipped or an outer list's), a
bullet list's lost numbering going on where a bullet's place calls for it, an outer list's
number confirmed by the next numbered line, and a side's placeholder ("* None").
"""

from __future__ import annotations

from typing import Any

import pytest

from trialparse import Criterion, parse_criteria


def _shape(items: tuple[Criterion, ...]) -> list[Any]:
    return [(c.label, c.text, _shape(c.children)) if c.children else (c.label, c.text) for c in items]


def _labels(items: tuple[Criterion, ...]) -> list[str | None]:
    return [label for c in items for label in (c.label, *_labels(c.children))]


def _inclusion(text: str) -> list[Any]:
    criteria, _ = parse_criteria("Inclusion Criteria:\n\n" + text)
    return _shape(criteria.inclusion)


# --- lone letters running on in order -------------------------------------------------------


def test_slipped_letters_run_together_are_cut_and_stay_in_their_list() -> None:
    text = (
        "* Received any of the following:\n\n"
        "  1. Prior chemotherapy\n"
        "  2. Prior radiotherapy\n\n"
        "  f. Radiotherapy within 2 weeks e. Pleural effusion f. Major surgery g. Brain metastases\n"
        "* Consent\n"
    )
    assert _inclusion(text) == [
        (
            None,
            "Received any of the following",
            [
                ("1", "Prior chemotherapy"),
                ("2", "Prior radiotherapy"),
                ("f", "Radiotherapy within 2 weeks"),
                ("e", "Pleural effusion"),
                ("f", "Major surgery"),
                ("g", "Brain metastases"),
            ],
        ),
        (None, "Consent"),
    ]


def test_an_outer_lettered_list_going_on_in_a_numbered_item_returns_to_its_level() -> None:
    text = (
        "A. At least 5 attacks\n\n"
        "B. Headache with at least 1 of the following:\n\n"
        "1. conjunctival injection\n"
        "2. restlessness or agitation C. Attacks daily D. Not attributed to another disorder\n"
    )
    assert _inclusion(text) == [
        ("A", "At least 5 attacks"),
        ("B", "Headache with at least 1 of the following", [("1", "conjunctival injection"), ("2", "restlessness or agitation")]),
        ("C", "Attacks daily"),
        ("D", "Not attributed to another disorder"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "* Vitamin D. Patients taking supplements are allowed",  # one letter alone: a word's end
        "* Hepatitis B. C. difficile infection",  # lower case after the letter: a species
        "* Uses any medication a. Oral steroids b. Inhaled steroids",  # a chain that starts a list: only a colon opens it
        "* Grades D. E. and F. Are excluded",  # not after a word each
    ],
)
def test_letters_that_do_not_run_on_after_words_stay_text(line: str) -> None:
    assert _inclusion(line + "\n") == [(None, line[2:])]


def test_a_list_run_into_a_line_goes_on_past_one_lost_marker() -> None:
    assert _inclusion("1) 17-35 years old 2) English speaking 3) Healthy 5) Altitude history: Denver or higher\n") == [
        ("1", "17-35 years old"),
        ("2", "English speaking"),
        ("3", "Healthy"),
        ("5", "Altitude history: Denver or higher"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "1) Adults 2) Tumour stage 4) Patients with metastases",  # the list went on once only: "4)" may be a value
        "1) Adults 2) English speaking 3) Healthy for 5) years",  # no capitalised word after it
        "1) Adults 2) English speaking 3) Healthy 5. Altitude history",  # not the list's delimiter
    ],
)
def test_a_number_past_the_next_stays_text_where_the_list_is_not_clearly_run_in(line: str) -> None:
    criteria, _ = parse_criteria("Inclusion Criteria:\n\n" + line + "\n")
    assert "4" not in _labels(criteria.inclusion)
    assert "5" not in _labels(criteria.inclusion)


# --- a bullet list's lost numbering, counted -------------------------------------------------


def test_a_number_that_a_bullets_place_calls_for_goes_on_the_list() -> None:
    text = "* . Received prior therapy\n* Anemia\n* Infection\n* Bleeding risk 5. Gastrointestinal disease\n* Consent\n"
    assert _inclusion(text) == [
        (None, "Received prior therapy"),
        (None, "Anemia"),
        (None, "Infection"),
        (None, "Bleeding risk"),
        ("5", "Gastrointestinal disease"),
        (None, "Consent"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the number its place calls for is too small to tell from a value in a sentence
        "* Adults\n* Tumour grade 1 or 3. The grade is central\n",
        # not the number its place calls for
        "* a\n* b\n* c\n* Bleeding risk 7. Gastrointestinal disease\n",
        # a paragraph stands in the list: where it starts is unsure
        "* a\n\nSome paragraph here\n\n* b\n* c\n* Bleeding risk 4. Gastrointestinal disease\n",
        # another bullet style stands in the list
        "* a\n- b\n* c\n* Bleeding risk 5. Gastrointestinal disease\n",
    ],
)
def test_a_number_in_a_bullet_stays_text_where_counting_is_unsure(text: str) -> None:
    criteria, _ = parse_criteria("Inclusion Criteria:\n\n" + text)
    assert set(_labels(criteria.inclusion)) == {None}


# --- an outer list's number, confirmed by the next numbered line ------------------------------


def test_an_outer_number_after_a_word_in_a_bullet_is_cut_where_the_next_line_goes_on() -> None:
    text = "* Adults\n* Infiltrates <50% present 3. 12-lead ECG at rest clinically normal.\n\n  4. Informed consent\n"
    assert _inclusion(text) == [
        (None, "Adults"),
        (None, "Infiltrates <50% present"),
        ("3", "12-lead ECG at rest clinically normal."),
        ("4", "Informed consent"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # no numbered line after it to confirm the number
        "* Adults\n* Infiltrates <50% present 3. 12-lead ECG at rest clinically normal.\n",
        # the next line does not go on from it
        "* Adults\n* Infiltrates <50% present 3. 12-lead ECG at rest clinically normal.\n\n  7. Informed consent\n",
    ],
)
def test_a_number_before_a_value_stays_text_unless_confirmed(text: str) -> None:
    criteria, _ = parse_criteria("Inclusion Criteria:\n\n" + text)
    assert criteria.inclusion[1].text == "Infiltrates <50% present 3. 12-lead ECG at rest clinically normal."


def test_a_number_before_a_value_is_no_second_member_of_a_sub_list() -> None:
    assert _inclusion("* Dose as follows: 1. Adults 2. 5 mg daily\n") == [(None, "Dose as follows: 1. Adults 2. 5 mg daily")]


def test_in_a_numbered_item_a_number_after_a_word_before_a_value_stays_text() -> None:
    # item 2's own text: "grade 3. 12 weeks" is a value, though "4." follows
    text = "1. Adults\n2. Tumour grade 3. 12 weeks since surgery\n4. Consent\n"
    assert _inclusion(text)[1] == ("2", "Tumour grade 3. 12 weeks since surgery")


def _exclusion(text: str) -> list[Any]:
    criteria, _ = parse_criteria("Exclusion Criteria:\n\n" + text)
    return _shape(criteria.exclusion)


def test_the_list_before_a_restarted_one_goes_on_after_a_sentence_end() -> None:
    text = (
        "12. Major surgery. 13. Any of the following conditions:\n\n"
        "    1. Active infection\n"
        "    2. Complete intestinal obstruction. 14. History of malignancy. 15. Pregnancy\n"
    )
    assert _exclusion(text) == [
        ("12", "Major surgery."),
        ("13", "Any of the following conditions", [("1", "Active infection"), ("2", "Complete intestinal obstruction.")]),
        ("14", "History of malignancy."),
        ("15", "Pregnancy"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "2. Complete intestinal obstruction. 16. History of malignancy",  # not the number after 13
        "2. Complete intestinal obstruction grade 14. History of malignancy",  # no sentence end before it
    ],
)
def test_a_number_that_does_not_go_on_the_list_before_a_restart_stays_text(line: str) -> None:
    text = "12. Major surgery.\n13. Any of the following conditions:\n\n    1. Active infection\n    " + line + "\n"
    assert _exclusion(text)[-1][-1][-1] == ("2", line[3:])


# --- a side's placeholder --------------------------------------------------------------------


@pytest.mark.parametrize("placeholder", ["None", "none", "None.", "nil", "N/A"])
def test_a_placeholder_alone_on_a_side_is_a_note(placeholder: str) -> None:
    criteria, _ = parse_criteria(f"Inclusion Criteria:\n\n* Adults\n\nExclusion Criteria:\n\n* {placeholder}\n")
    assert criteria.exclusion == ()
    assert criteria.notes == (placeholder,)


def test_an_item_that_opens_with_none_is_a_criterion() -> None:
    criteria, _ = parse_criteria("Inclusion Criteria:\n\n* Adults\n\nExclusion Criteria:\n\n* None of the above therapies\n")
    assert [c.text for c in criteria.exclusion] == ["None of the above therapies"]
