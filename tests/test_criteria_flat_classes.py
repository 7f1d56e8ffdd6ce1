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


# --- flattened items whose text opens with a value ------------------------------------------
# Each line is a whole side run into one line; each positive case was one item before the rule.


@pytest.mark.parametrize(
    ("line", "texts"),
    [
        (
            "* Adults without contraindications * 18 years of age or above * Signed consent",
            ["Adults without contraindications", "18 years of age or above", "Signed consent"],
        ),
        ("* Low back pain (HNP) * 18-60 years of age, inclusive", ["Low back pain (HNP)", "18-60 years of age, inclusive"]),
        ("* English speakers; * 18+ years of age", ["English speakers;", "18+ years of age"]),
        (
            "1. Adults; 2. Asthma for one year; 3. 4th stage of treatment; 4. Consent",
            ["Adults;", "Asthma for one year;", "4th stage of treatment;", "Consent"],
        ),
        (
            "1. Signed consent 2. 24-47 months of age 3. Two wheezing episodes",
            ["Signed consent", "24-47 months of age", "Two wheezing episodes"],
        ),
    ],
)
def test_a_marker_before_a_value_and_a_word_goes_on_the_list(line: str, texts: list[str]) -> None:
    assert [item[1] for item in _inclusion(line + "\n")] == texts


@pytest.mark.parametrize(
    ("line", "texts"),
    [
        # a criterion's end before the star: the quantity before it is the last item's
        (
            "* Asthma for at least 1 year; * 1 second forced expiratory volume below 80%; * Consent",
            ["Asthma for at least 1 year;", "1 second forced expiratory volume below 80%;", "Consent"],
        ),
        (
            "* Treated for 2 years. * 3 positive skin tests * Consent",
            ["Treated for 2 years.", "3 positive skin tests", "Consent"],
        ),
        # an aside in parentheses before the star holds no formula and no quantity
        (
            "* Peanut allergic adults (n=20) * 18-65 years of age * Positive skin test",
            ["Peanut allergic adults (n=20)", "18-65 years of age", "Positive skin test"],
        ),
        ("* Controls (age < 30) * 40 years or older * Consent", ["Controls (age < 30)", "40 years or older", "Consent"]),
        # a comparison opens the criterion
        (
            "1. Men with symptoms for 6 months. 2. 5 ≤ IIEF-5 ≤ 21. 3. Able to consent",
            ["Men with symptoms for 6 months.", "5 ≤ IIEF-5 ≤ 21.", "Able to consent"],
        ),
        ("* Adults; * 3 < HbA1c < 9 * Consent", ["Adults;", "3 < HbA1c < 9", "Consent"]),
    ],
)
def test_a_value_after_a_criterions_end_an_aside_or_before_a_comparison_opens_an_item(line: str, texts: list[str]) -> None:
    assert [item[1] for item in _inclusion(line + "\n")] == texts


@pytest.mark.parametrize(
    "line",
    [
        "* Dose = BSA * 25 years of treatment",  # a formula sign just before: a factor
        "* Dose by BSA * 25 mg daily",  # a number of a unit: a factor
        "* Clearance by weight * 0.85",  # a number alone
        "* Volume 2 * 18 months",  # a number before the star: a product
        "* Adults (height * 18 years)",  # inside parentheses
        "1. Adults 2. 5 mg daily",  # the next number before a number of a unit
        "1. Adults 3. 4th stage",  # not the next number
        "* Dose = BSA (m2) * 25 years of treatment",  # a formula sign outside the aside
        "* Volume (mL) 2 * 18 months",  # a number after the aside: a product
        "1. Adults 3. 5 ≤ score",  # a comparison after a number that is not the next
        "* Score 2 * 5 ≤ x",  # a comparison after a quantity: a product
    ],
)
def test_a_marker_before_a_number_that_reads_as_a_quantity_stays_text(line: str) -> None:
    assert len(_inclusion(line + "\n")) == 1


# --- sub-items of another marker style without a colon --------------------------------------


@pytest.mark.parametrize(
    ("line", "children"),
    [
        (
            "1. Adults 2. Organ function as follows within 7 days. * Hepatic: ALT normal * Albumin ≥3 g/dL 3. Consent",
            [(None, "Hepatic: ALT normal"), (None, "Albumin ≥3 g/dL")],
        ),
        (
            "1. Adults 2. History of CRPC (see the note) a. Progressive disease b. Metastatic disease 3. Consent",
            [("a", "Progressive disease"), ("b", "Metastatic disease")],
        ),
        (
            "1. Adults 2. Organ function including * Hepatic function normal * Renal function normal 3. Consent",
            [(None, "Hepatic function normal"), (None, "Renal function normal")],
        ),
        (
            "1. Adults 2. Organ function a. Hepatic function normal b. Renal function normal 3. Consent",
            [("a", "Hepatic function normal"), ("b", "Renal function normal")],
        ),
        # the next number confirms the sub-list's end: a word before the bullets, or one member
        (
            "1. Adults 2. Use of medications before baseline * Steroids within 4 weeks * Biologics within 8 weeks 3. Consent",
            [(None, "Steroids within 4 weeks"), (None, "Biologics within 8 weeks")],
        ),
        ("1. Adults 2. Blood pressure normal. * Heart rate normal 3. Consent", [(None, "Heart rate normal")]),
        ("1. Adults 2. Consent signed. a. By a parent for minors 3. Diabetes", [("a", "By a parent for minors")]),
        ("1. Adults 2. Consent of the study a. May be signed by a parent 3. Diabetes", [("a", "May be signed by a parent")]),
        ("1. Adults 2. Therapy including a. Surgery b. Radiation 3. Consent", [("a", "Surgery"), ("b", "Radiation")]),
    ],
)
def test_sub_items_of_another_style_between_two_numbers_are_the_first_ones(line: str, children: list[Any]) -> None:
    outline = _inclusion(line + "\n")
    assert [item[0] for item in outline] == ["1", "2", "3"]
    assert outline[1][2] == children


def test_sub_items_after_a_lettered_title_are_its_own() -> None:
    assert _inclusion("A. Disease characteristics a. Confirmed cancer b. Stage III B. Patient characteristics\n") == [
        ("A", "Disease characteristics", [("a", "Confirmed cancer"), ("b", "Stage III")]),
        ("B", "Patient characteristics"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "1. Adults; 2. Blood pressure normal. * Heart rate normal",  # one bullet, no next number: no list
        "1. Adults 2. Severe haemophilia A. The activity is low 3. Consent",  # a capital alone
        "1. Adults 2. Therapy either (a) surgery or (b) radiation 3. Consent",  # letters in a sentence
        "1. Adults 2. Therapy including a. surgery b. radiation 3. Consent",  # letters in a sentence, no capital
        "1. Adults 2. Organ function. * Hepatic normal * Renal normal 4. Consent",  # the next number is not 3
        "A. Disease characteristics a. Confirmed cancer b. Stage III C. Consent",  # the next letter is not B
        "1. Adults 2. Organ function is normal a. hepatic b. renal 3. Consent",  # no title, no sentence end, no capital
    ],
)
def test_markers_of_another_style_that_do_not_sit_between_two_numbers_stay_text(line: str) -> None:
    assert all(len(item) == 2 for item in _inclusion(line + "\n"))


def test_another_style_at_a_bullet_items_sentence_end_stays_text() -> None:
    assert _inclusion("* Adequate function. - Hepatic normal - Renal normal * Consent\n") == [
        (None, "Adequate function. - Hepatic normal - Renal normal"),
        (None, "Consent"),
    ]


def test_sub_items_after_the_last_number_are_its_own_by_a_guess_that_is_reported() -> None:
    text = "Inclusion Criteria:\n\n1. Adults; 2. Organ function as follows. * Hepatic normal * Renal normal\n"
    criteria, issues = parse_criteria(text)
    assert _shape(criteria.inclusion) == [
        ("1", "Adults;"),
        ("2", "Organ function as follows.", [(None, "Hepatic normal"), (None, "Renal normal")]),
    ]
    assert [i.code for i in issues] == ["criteria.ambiguous_structure"]


# --- parentheses that never close -----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "texts"),
    [
        (
            "* Total abstinence (when this is the usual lifestyle * Female sterilization * Vasectomy",
            ["Total abstinence (when this is the usual lifestyle", "Female sterilization", "Vasectomy"],
        ),
        (
            "1. Adults (age 18 or older 2. Signed consent 3. Not pregnant",
            ["Adults (age 18 or older", "Signed consent", "Not pregnant"],
        ),
        (
            "* Adults (as defined (see * note) in the protocol * Consent",
            ["Adults (as defined (see * note) in the protocol", "Consent"],
        ),
    ],
)
def test_a_parenthesis_that_never_closes_protects_nothing(line: str, texts: list[str]) -> None:
    assert [item[1] for item in _inclusion(line + "\n")] == texts


@pytest.mark.parametrize(
    ("line", "texts"),
    [
        (
            "* Surface area = (height * weight) / 3600 * Clearance normal",
            ["Surface area = (height * weight) / 3600", "Clearance normal"],
        ),
        ("* Adults (see note (1) * below) * Consent", ["Adults (see note (1) * below)", "Consent"]),
        ("1. Adults (grade 1 2. or 3) 2. Consent", ["Adults (grade 1 2. or 3)", "Consent"]),
    ],
)
def test_parentheses_that_pair_up_still_protect_their_text(line: str, texts: list[str]) -> None:
    assert [item[1] for item in _inclusion(line + "\n")] == texts


# --- dotted sub-numbers naming the current item ---------------------------------------------


def test_dotted_sub_numbers_naming_an_item_cut_from_the_line_are_its_children() -> None:
    assert _inclusion("1. Adults 2. Any of the following: 2.1 Severe anaemia 2.2 Renal failure 3. Consent\n") == [
        ("1", "Adults"),
        ("2", "Any of the following", [("2.1", "Severe anaemia"), ("2.2", "Renal failure")]),
        ("3", "Consent"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "1. Adults 2. Any of the following: 1.1 Severe anaemia 1.2 Renal failure 3. Consent",  # they name item 1
        "1. Adults 2. Any of the following: 2.1 Severe anaemia 3. Consent",  # one alone
    ],
)
def test_dotted_numbers_that_do_not_go_on_under_the_current_item_stay_text(line: str) -> None:
    assert all(len(item) == 2 for item in _inclusion(line + "\n"))


# --- a legacy dash list run into its heading ------------------------------------------------


def test_single_spaced_dashes_of_a_list_run_into_its_heading_are_cut() -> None:
    criteria, _ = parse_criteria("Inclusion Criteria: - Adults with pneumonia - Onset within 7 days - Consent given\n")
    assert [c.text for c in criteria.inclusion] == ["Adults with pneumonia", "Onset within 7 days", "Consent given"]


@pytest.mark.parametrize(
    ("text", "texts"),
    [
        # on a line of its own
        ("Inclusion Criteria:\n\n- Hodgkin - Reed-Sternberg cells seen\n", ["Hodgkin - Reed-Sternberg cells seen"]),
        # a range
        ("Inclusion Criteria: - Age 18 - 65 years - Consent given\n", ["Age 18 - 65 years", "Consent given"]),
        # in a list of other bullets
        ("Inclusion Criteria: * Hodgkin - Reed-Sternberg cells * Consent\n", ["Hodgkin - Reed-Sternberg cells", "Consent"]),
    ],
)
def test_single_spaced_dashes_elsewhere_stay_text(text: str, texts: list[str]) -> None:
    criteria, _ = parse_criteria(text)
    assert [c.text for c in criteria.inclusion] == texts


def test_parenthesised_letters_after_words_are_a_sentences_alternatives() -> None:
    line = "* One sign including- (a) Reduced reflex or (b) Hypaesthesia of the leg, or (c) Muscle weakness * Consent\n"
    assert [item[1] for item in _inclusion(line)] == [
        "One sign including- (a) Reduced reflex or (b) Hypaesthesia of the leg, or (c) Muscle weakness",
        "Consent",
    ]


# --- escaped markers: another style's sub-list only -----------------------------------------


def test_an_escaped_dash_between_two_numbers_is_the_first_ones_sub_item() -> None:
    assert _inclusion("1. Tumour positive. \\- Expression by IHC; 2. Relapsed\n") == [
        ("1", "Tumour positive.", [(None, "Expression by IHC;")]),
        ("2", "Relapsed"),
    ]


def test_an_escaped_star_in_a_star_list_is_a_footnotes() -> None:
    line = "* Known hypersensitivity to azacytidine \\* Prior treatment is allowed * Pregnancy\n"
    texts = [item[1] for item in _inclusion(line)]
    assert texts == ["Known hypersensitivity to azacytidine * Prior treatment is allowed", "Pregnancy"]


def test_an_escaped_star_in_a_sub_list_of_stars_is_a_footnotes() -> None:
    line = "1. Adults 2. Organ function as follows: * Liver normal * Renal normal \\* By formula * Marrow normal 3. Consent\n"
    assert _inclusion(line)[1] == (
        "2",
        "Organ function as follows",
        [(None, "Liver normal"), (None, "Renal normal * By formula"), (None, "Marrow normal")],
    )


def test_bullets_after_a_following_lead_in_at_the_lines_end_are_its_own_by_a_guess() -> None:
    text = "Inclusion Criteria:\n\n1. Adults; 2. Must meet 2 of the following high-risk criteria * Age over 65 years * Diabetes\n"
    criteria, issues = parse_criteria(text)
    assert _shape(criteria.inclusion)[1] == (
        "2",
        "Must meet 2 of the following high-risk criteria",
        [(None, "Age over 65 years"), (None, "Diabetes")],
    )
    assert [i.code for i in issues] == ["criteria.ambiguous_structure"]


# --- the next number written oddly ----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "labels"),
    [
        ("1. Adults 2. Type 1 diabetes 3. HbA1c <9% 4 .No insulin pump 5. Stable weight", ["1", "2", "3", "4", "5"]),
        ("1. Adults. 2. Consent signed. 3 Patient agrees to use condoms 4. Testosterone normal", ["1", "2", "3", "4"]),
    ],
)
def test_the_next_number_written_oddly_goes_on_the_list_where_the_one_after_follows(line: str, labels: list[str]) -> None:
    assert [item[0] for item in _inclusion(line + "\n")] == labels


@pytest.mark.parametrize(
    ("line", "outline"),
    [
        # not the next number
        (
            "1. Adults. 2. Consent signed. 5 Patients in a row 3. Diabetes",
            [("1", "Adults."), ("2", "Consent signed. 5 Patients in a row"), ("3", "Diabetes")],
        ),
        # the one after does not follow
        ("1. Adults. 2. Consent signed. 3 Patients in a row", [("1", "Adults."), ("2", "Consent signed. 3 Patients in a row")]),
        # the one after is written oddly too
        ("1. Adults. 2. Dose is 3 .Five 4 .Six", [("1", "Adults."), ("2", "Dose is 3 .Five 4 .Six")]),
    ],
)
def test_a_number_written_oddly_stays_text_unless_the_list_goes_on_after_it(line: str, outline: list[Any]) -> None:
    assert _inclusion(line + "\n") == outline


def test_bullets_of_mixed_glyphs_under_a_numbered_lead_in_are_one_list() -> None:
    line = "4. Cancer. 5. Any of the following heart conditions: • NYHA III; * Infarction; * Arrhythmia. 6. Autoimmune disease\n"
    assert _inclusion(line) == [
        ("4", "Cancer."),
        ("5", "Any of the following heart conditions", [(None, "NYHA III;"), (None, "Infarction;"), (None, "Arrhythmia.")]),
        ("6", "Autoimmune disease"),
    ]


def test_labels_naming_their_parent_after_a_note_leave_the_lists_next_number() -> None:
    line = "4. Oral drugs. 5. Lymphoma. Note: 5a. The stage is III. 5c. The CLL is advanced. 6) HD-ASCT planned 7) Evidence\n"
    assert [(item[0], [c[0] for c in item[2]] if len(item) == 3 else []) for item in _inclusion(line)] == [
        ("4", []),
        ("5", ["5a", "5c"]),
        ("6", []),
        ("7", []),
    ]


def test_a_lead_in_among_a_lead_ins_members_is_the_next_lead_in_by_a_reported_guess() -> None:
    text = "Inclusion Criteria:\n\n* Adults * Counts at baseline: * ANC low * Platelets * Chemistry at baseline: * AST; * ALT\n"
    criteria, issues = parse_criteria(text)
    assert _shape(criteria.inclusion) == [
        (None, "Adults"),
        (None, "Counts at baseline", [(None, "ANC low"), (None, "Platelets")]),
        (None, "Chemistry at baseline", [(None, "AST;"), (None, "ALT")]),
    ]
    guessed = [text[i.span.start : i.span.end] for i in issues if i.code == "criteria.ambiguous_structure" and i.span]
    assert guessed == ["* Counts at baseline:", "* Chemistry at baseline:"]


def test_a_lead_in_among_the_members_of_a_heading_without_a_marker_leads_in_to_its_own() -> None:
    line = "Not in patients with any of the following: * QT prolongation * History of: * Renal failure * Anorexia\n"
    assert _inclusion(line) == [
        (
            None,
            "Not in patients with any of the following",
            [(None, "QT prolongation"), (None, "History of", [(None, "Renal failure"), (None, "Anorexia")])],
        )
    ]


# --- " * " between two operands ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "second"),
    [
        ("2. Received 2 cycles * 3 weeks of therapy", "Received 2 cycles * 3 weeks of therapy"),
        ("2. Prior dose of 1.5 mg/kg * 3 weeks", "Prior dose of 1.5 mg/kg * 3 weeks"),
        ("2. Received therapy * 3 weeks of rest", "Received therapy * 3 weeks of rest"),
    ],
)
def test_a_star_before_a_value_without_a_second_member_is_a_product(line: str, second: str) -> None:
    text = "1. Adult\n" + line + " 3. Consent\n4. Age\n"
    assert _inclusion(text) == [("1", "Adult"), ("2", second), ("3", "Consent"), ("4", "Age")]


def test_stars_before_values_with_a_second_member_still_open_a_sub_list() -> None:
    line = "1. Adults 2. Counts as follows. * 18 years of age * Albumin normal 3. Consent\n"
    assert _inclusion(line) == [
        ("1", "Adults"),
        ("2", "Counts as follows.", [(None, "18 years of age"), (None, "Albumin normal")]),
        ("3", "Consent"),
    ]


@pytest.mark.parametrize(
    ("line", "outline"),
    [
        (
            "1. Therapy including a. Surgery b. Radiation 2. Consent",
            [("1", "Therapy including", [("a", "Surgery"), ("b", "Radiation")]), ("2", "Consent")],
        ),
        (
            "1. Able to consent to the study a. May be signed by a representative 2. Consent",
            [("1", "Able to consent to the study", [("a", "May be signed by a representative")]), ("2", "Consent")],
        ),
    ],
)
def test_the_number_a_sub_list_between_labels_was_opened_on_is_cut(line: str, outline: list[Any]) -> None:
    assert _inclusion(line + "\n") == outline


_HEPATITIS = "Known active infection with hepatitis B. Hepatitis C. Patients with HIV are also excluded."


@pytest.mark.parametrize(
    ("text", "outline"),
    [
        ("* " + _HEPATITIS + "\n* Consent\n", [(None, _HEPATITIS), (None, "Consent")]),
        ("1. " + _HEPATITIS + "\n2. Consent\n", [("1", _HEPATITIS), ("2", "Consent")]),
    ],
)
def test_letters_running_on_without_a_lettered_list_to_go_on_stay_text(text: str, outline: list[Any]) -> None:
    assert _inclusion(text) == outline


# --- a "•" list that goes on with "*" (its glyph changed after the first item) ---------------


@pytest.mark.parametrize(
    ("text", "texts"),
    [
        ("• Age 18 or more * History of seizure * Brain tumor", ["Age 18 or more", "History of seizure", "Brain tumor"]),
        (
            "• Subject must consent. * Adults, 18 years or older. * Maternal consent.",
            ["Subject must consent.", "Adults, 18 years or older.", "Maternal consent."],
        ),
        # as written, the same list on its lines: one style whatever the glyph
        ("• Age 18 or more\n\n* History of seizure\n* Brain tumor", ["Age 18 or more", "History of seizure", "Brain tumor"]),
    ],
)
def test_stars_going_on_a_bullet_list_of_another_glyph_are_its_items(text: str, texts: list[str]) -> None:
    assert _inclusion(text + "\n") == [(None, t) for t in texts]


@pytest.mark.parametrize(
    "line",
    [
        "• BMI = Weight * Height in adults",  # one star: a product
        "• Adults * Consent • Smokers",  # the line's own glyph goes on: the star is no marker of it
        "• Weight * height * age product below 5",  # no capital after the stars
    ],
)
def test_a_star_in_a_bullet_item_of_another_glyph_stays_text_unless_a_list_goes_on(line: str) -> None:
    assert any("*" in item[1] for item in _inclusion(line + "\n"))


# --- " * " between a formula's operands is a product, in any list (gallery example 21) --------

_CRCL = "CrCl >= 60 mL/min: (140 - Age) * Weight / (72 * Creatinine)"


@pytest.mark.parametrize(
    ("text", "texts"),
    [
        (f"• {_CRCL}\n• Adults", [_CRCL, "Adults"]),  # review 9, MEDIUM 4
        (f"• {_CRCL} • Adults", [_CRCL, "Adults"]),
        (f"* {_CRCL}\n* Adults", [_CRCL, "Adults"]),
        (f"* {_CRCL} * Adults", [_CRCL, "Adults"]),  # flattened: a capital with no sign after the group opens an item
        ("* CrCl: (140 - age) * weight\n* Adults", ["CrCl: (140 - age) * weight", "Adults"]),
        ("• Dose = Weight * (Height - 100) / 4\n• Adults", ["Dose = Weight * (Height - 100) / 4", "Adults"]),
    ],
)
def test_a_star_multiplying_a_formulas_group_is_no_marker(text: str, texts: list[str]) -> None:
    assert _inclusion(text + "\n") == [(None, t) for t in texts]


@pytest.mark.parametrize(
    ("text", "texts"),
    [  # an aside in parentheses is no operand: the glyph-changed list still goes on
        ("• Adults (18-65) * History of seizure * Brain tumor", ["Adults (18-65)", "History of seizure", "Brain tumor"]),
        ("• eGFR (mL/min) * History of seizure * Brain tumor", ["eGFR (mL/min)", "History of seizure", "Brain tumor"]),
        (  # flattened star lists: a unit or a pair of words in parentheses is no formula
            "* Hypothyroidism (TSH > 10 uUI/mL) * active liver disease * psychosis",
            ["Hypothyroidism (TSH > 10 uUI/mL)", "active liver disease", "psychosis"],
        ),
        (
            "* Alcohol intake > 14 / 7 units (males / females) * Pregnancy / breastfeeding * Smokers",
            ["Alcohol intake > 14 / 7 units (males / females)", "Pregnancy / breastfeeding", "Smokers"],
        ),
    ],
)
def test_stars_after_an_aside_in_parentheses_still_go_on_a_list(text: str, texts: list[str]) -> None:
    assert _inclusion(text + "\n") == [(None, t) for t in texts]


# --- a marker's ")" closes no parenthesis ----------------------------------------------------


def test_a_markers_delimiter_does_not_close_an_unclosed_parenthesis() -> None:
    # "(either" never closes; "16)" is the next marker's, so 13. and 14. are still cut
    line = (
        "12. Sleep apnea (either diagnosed or found at screening [AHI≥15]; 13. Diagnosis of narcolepsy; "
        "14. Known sleepwalking; 16) Acting out of dreams"
    )
    assert [c[0] for c in _exclusion(line)] == ["12", "13", "14"]


@pytest.mark.parametrize(
    "line",
    [
        # a number or a letter before ")" after a word closes the parenthesis: nothing inside is cut
        "1. Toxicity (graded per CTCAE version 4; 2. Grade 3 events excepted per criteria 6) persists. 2. Other",
        "1. Toxicity (graded per CTCAE version 4; 2. Grade 3 events excepted in Part 2) persists. 2. Other",
    ],
)
def test_a_parenthesis_closed_after_a_word_still_protects_its_inside(line: str) -> None:
    assert [(c[0], c[1][:8]) for c in _exclusion(line)] == [("1", "Toxicity"), ("2", "Other")]


# --- a sub-list's member leading in to its own sub-list ---------------------------------------


def test_a_members_own_colon_run_is_cut_one_level_deeper() -> None:
    line = (
        "3. Women who meet one of the following criteria: 1. Using birth control "
        "2. Surgically sterile by one of the following means: * Tubal ligation * Hysterectomy "
        "3. Postmenopausal, defined as the following: * No period for 12 months * Raised FSH\n"
        "4. Adults\n"
    )
    assert _inclusion(line) == [
        (
            "3",
            "Women who meet one of the following criteria",
            [
                ("1", "Using birth control"),
                ("2", "Surgically sterile by one of the following means", [(None, "Tubal ligation"), (None, "Hysterectomy")]),
                ("3", "Postmenopausal, defined as the following", [(None, "No period for 12 months"), (None, "Raised FSH")]),
            ],
        ),
        ("4", "Adults"),
    ]


def test_a_members_lettered_run_after_its_colon_is_cut_one_level_deeper() -> None:
    line = "* Any of the following: a. Cardiac disorders: i. Heart failure ii. Unstable angina b. Uncontrolled hypertension"
    assert _inclusion(line) == [
        (
            None,
            "Any of the following",
            [
                ("a", "Cardiac disorders", [("i", "Heart failure"), ("ii", "Unstable angina")]),
                ("b", "Uncontrolled hypertension"),
            ],
        ),
    ]


@pytest.mark.parametrize(
    ("line", "member"),
    [
        # a label the line's scan passed over stands before the colon: the member keeps its text
        (
            "9. Any of the following: 1. Hemoglobin low 2. Platelets low 18. Chemistry abnormal: 1. Bilirubin high 2. ALT high",
            "Platelets low 18. Chemistry abnormal: 1. Bilirubin high 2. ALT high",
        ),
        # no colon before the member's run: it stays text
        (
            "9. Any of the following: 1. Hemoglobin low 2. Platelets low (as below) * Hb * Plt",
            "Platelets low (as below) * Hb * Plt",
        ),
    ],
)
def test_a_member_without_its_own_colon_run_keeps_its_text(line: str, member: str) -> None:
    (item,) = _inclusion(line)
    assert item[2][-1] == ("2", member)


# --- a list run into a side header's line, its first bullet before a value -------------------


def _flat_inclusion(line: str) -> tuple[list[Any], list[str]]:
    criteria, _ = parse_criteria("Inclusion Criteria: " + line)
    return _shape(criteria.inclusion), list(criteria.notes)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Part 1: * 14-50 years of age * Otherwise healthy * Able to perform spirometry",
            [(None, "Part 1", [(None, "14-50 years of age"), (None, "Otherwise healthy"), (None, "Able to perform spirometry")])],
        ),
        (
            "Group 1: Peanut allergic adults (n=20) * 18-65 years of age * Positive skin test",
            [(None, "Group 1: Peanut allergic adults (n=20)"), (None, "18-65 years of age"), (None, "Positive skin test")],
        ),
        (
            "Newborns of the ward with the following criteria: * 400 newborns at high risk * 100 newborns at low risk",
            [(None, "400 newborns at high risk"), (None, "100 newborns at low risk")],
        ),
    ],
)
def test_a_first_bullet_before_a_value_starts_the_list_run_into_a_headers_line(line: str, expected: list[Any]) -> None:
    assert _flat_inclusion(line)[0] == expected


def test_a_factor_before_a_value_on_a_headers_line_is_no_first_bullet() -> None:
    assert _flat_inclusion("Dose = BSA * 25 mg for all * Adults * Healthy")[0] == [
        (None, "Dose = BSA * 25 mg for all"),
        (None, "Adults"),
        (None, "Healthy"),
    ]


# --- a numbered run restarting at 1 between a numbered item and its next number --------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "14. Lesions invading vessels. 15. Other disorders that preclude participation. 1. Serious non-healing wound. "
            "2. Uncompensated hypothyroidism. 3. Hepatic impairment. 16. Major surgery within 2 weeks.",
            [
                ("14", "Lesions invading vessels."),
                (
                    "15",
                    "Other disorders that preclude participation.",
                    [("1", "Serious non-healing wound."), ("2", "Uncompensated hypothyroidism."), ("3", "Hepatic impairment.")],
                ),
                ("16", "Major surgery within 2 weeks."),
            ],
        ),
        (  # after a title and after a ")"
            "5. Adequate function 6. Prior Therapy 1. No limit to prior therapies. 2. Wash-out of 2 weeks. "
            "7. Confirmed TNBC (ER-, PR-negative) 1. ER-negative by IHC 2. PR-negative by IHC 8. Consent",
            [
                ("5", "Adequate function"),
                ("6", "Prior Therapy", [("1", "No limit to prior therapies."), ("2", "Wash-out of 2 weeks.")]),
                ("7", "Confirmed TNBC (ER-, PR-negative)", [("1", "ER-negative by IHC"), ("2", "PR-negative by IHC")]),
                ("8", "Consent"),
            ],
        ),
    ],
)
def test_a_run_restarting_at_1_after_a_sentence_end_or_a_title_is_the_items_sub_list(line: str, expected: list[Any]) -> None:
    assert _exclusion(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        # the run reaches the line's next number: whose "3." is it? Left as text
        "1. Foo bar. 2. Baz is here. 1. Alpha thing 2. Beta thing 3. Gamma",
        # a restart after a word, not a sentence end or a title: a value in a sentence
        "1. Foo bar. 2. Stage of grade 1. Beta thing is 2. Mild 3. Gamma",
        # no second member: one "1." is no run
        "1. Foo bar. 2. Baz is here. 1. Alpha thing 3. Gamma",
    ],
)
def test_a_restart_that_is_no_sub_list_stays_text(line: str) -> None:
    assert [c[0] for c in _exclusion(line)] == ["1", "2", "3"]
    assert all(len(c) == 2 for c in _exclusion(line))


# --- a stray full stop after a lead-in's colon ------------------------------------------------


def test_a_run_after_a_colon_and_a_stray_full_stop_is_the_lead_ins() -> None:
    line = "* Measurable disease, defined as any of the following:. i) Serum M-protein high or. ii) Urine M-protein high * Adults"
    assert _inclusion(line) == [
        (
            None,
            "Measurable disease, defined as any of the following:.",
            [("i", "Serum M-protein high or."), ("ii", "Urine M-protein high")],
        ),
        (None, "Adults"),
    ]


def test_a_run_after_a_full_stop_alone_stays_in_a_bullets_text() -> None:
    line = "* Measurable disease, defined as below. i) Serum M-protein high or. ii) Urine M-protein high * Adults"
    assert [c[1][:18] for c in _inclusion(line)] == ["Measurable disease", "Adults"]
