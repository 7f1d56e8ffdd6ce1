"""Tree layouts read as classes (issue 14): each rule with the cases that must not take it.

Every expectation is what a reader gives for the invented text; the outline is compared as
(label, text, children) tuples, and where a layout is a guess its report is checked too."""

from __future__ import annotations

from typing import Any

import pytest

from tests._reliability import criteria_problems
from tests._trees import read as _read
from trialparse import parse_criteria

# -- a side's lone "None": a placeholder, not a criterion


@pytest.mark.parametrize("word", ["None", "none", "None.", "nil", "N/A"])
def test_a_sides_lone_none_is_a_placeholder_note(word: str) -> None:
    inc, exc, notes, _ = _read(f"Inclusion Criteria:\n\n* Adults\n\nExclusion Criteria:\n\n* {word}")
    assert inc == [(None, "Adults")]
    assert exc == []
    assert notes == (word,)


def test_none_among_other_items_stays_an_item() -> None:
    """After the side's items, or with items after it, "None" is a criterion's text like any other."""
    _, exc, notes, _ = _read("Exclusion Criteria:\n\n* Pregnancy\n* None\n")
    assert exc == [(None, "Pregnancy"), (None, "None")]
    assert notes == ()
    _, exc, _, _ = _read("Exclusion Criteria:\n\n* None\n* Pregnancy\n")
    assert exc == [(None, "None"), (None, "Pregnancy")]


# -- a closing remark that only says more criteria exist


def test_a_sentence_saying_more_criteria_exist_is_a_note() -> None:
    text = (
        "Exclusion Criteria\n\n* Pregnancy\n* Prior HER2 therapy\n\n"
        "There are additional inclusion and exclusion criteria. The study center will determine if criteria are met.\n"
    )
    _, exc, notes, _ = _read(text)
    assert exc == [(None, "Pregnancy"), (None, "Prior HER2 therapy")]
    assert notes == (text.rsplit("\n\n", maxsplit=1)[-1].strip(),)
    assert notes[0].startswith("There are additional")


@pytest.mark.parametrize(
    "last",
    [
        "More than 3 prior lines of therapy meeting RANO criteria.",
        "There are other serious illnesses that may increase the risk of participation.",
    ],
)
def test_a_criterion_naming_criteria_stays_an_item(last: str) -> None:
    _, exc, notes, _ = _read(f"Exclusion Criteria:\n\n* Pregnancy\n\n{last}\n")
    assert exc == [(None, "Pregnancy"), (None, last)]
    assert notes == ()


# -- an item ending with ":" whose same-style successors go on in lower case


def test_members_going_on_in_lower_case_belong_to_the_colon_item() -> None:
    text = (
        "1. Prostate cancer\n2. Prostate biopsy:\n\n   * TRUS biopsy: unilateral disease.\n"
        "   * MRI targeted biopsy within 12 months showing:\n   * unilateral disease of Gleason 3+4 OR\n"
        "   * bilateral disease with significant cancer on one side.\n3. Consent\n"
    )
    inc, _, _, flagged = _read(text)
    assert inc[1] == (
        "2",
        "Prostate biopsy",
        [
            (None, "TRUS biopsy: unilateral disease."),
            (
                None,
                "MRI targeted biopsy within 12 months showing",
                [
                    (None, "unilateral disease of Gleason 3+4 OR"),
                    (None, "bilateral disease with significant cancer on one side."),
                ],
            ),
        ],
    )
    assert flagged == []  # the sentence settles it


def test_the_lower_case_members_end_at_a_capital() -> None:
    text = (
        "Exclusion Criteria:\n\n* Prior malignancy within 2 years except for:\n* localised prostate cancer\n"
        "* basal cell skin cancer\n* Patients needing radiotherapy\n"
    )
    _, exc, _, _ = _read(text)
    assert exc == [
        (
            None,
            "Prior malignancy within 2 years except for",
            [(None, "localised prostate cancer"), (None, "basal cell skin cancer")],
        ),
        (None, "Patients needing radiotherapy"),
    ]


def test_a_leaf_ending_with_a_colon_after_a_finished_phrase_keeps_its_lower_case_sibling() -> None:
    """ "* Diagnosis of asthma:" then "* age over 18": no word left the sentence open, and
    ``render()`` writes a leaf with its colon so; the sibling stays a sibling."""
    text = "Inclusion Criteria:\n\n* Adults\n* Diagnosis of asthma:\n* age over 18\n"
    inc, _, _, _ = _read(text)
    assert inc == [(None, "Adults"), (None, "Diagnosis of asthma:"), (None, "age over 18")]


def test_a_colon_item_followed_by_a_capital_is_not_taken_by_this_rule() -> None:
    """ "Renal:" then "* Creatinine …" at its indent: no sentence runs on; the short topic bullet
    stays flat as before (and is reported: a heading or one more criterion)."""
    text = "Inclusion Criteria:\n\n* Adults\n* Renal function:\n* Creatinine below 1.5\n* Consent\n"
    inc, _, _, flagged = _read(text)
    assert inc == [(None, "Adults"), (None, "Renal function:"), (None, "Creatinine below 1.5"), (None, "Consent")]
    assert flagged == ["* Renal function:"]


# -- bullet glyphs mixed in one list


def test_bullet_glyphs_mixed_in_one_lead_ins_members() -> None:
    text = (
        "Exclusion Criteria:\n\n  4. Prior cancer.\n\n  5. Have any of the following heart conditions:\n\n"
        "  • Heart failure;\n  * Myocardial infarction;\n  * History of cardiomyopathy.\n\n  6. Known HIV.\n"
    )
    _, exc, _, _ = _read(text)
    assert exc == [
        ("4", "Prior cancer."),
        (
            "5",
            "Have any of the following heart conditions",
            [(None, "Heart failure;"), (None, "Myocardial infarction;"), (None, "History of cardiomyopathy.")],
        ),
        ("6", "Known HIV."),
    ]


def test_the_outer_lists_glyph_returning_is_its_sibling() -> None:
    """ "* Lead-in:" with "•" members: the next "*" is the outer list going on, not a member."""
    text = "Exclusion Criteria:\n\n* Pregnancy\n* Any of the following:\n• Heart failure\n• Angina\n* Known HIV\n"
    _, exc, _, _ = _read(text)
    assert exc == [
        (None, "Pregnancy"),
        (None, "Any of the following", [(None, "Heart failure"), (None, "Angina")]),
        (None, "Known HIV"),
    ]


# -- a numbered sub-list restarting at 1 at its lead-in's indent


def test_a_restarted_numbered_list_after_a_colon_is_the_items_sub_list() -> None:
    text = (
        "Inclusion Criteria:\n\n    8. Adequate venous access.\n\n    9. Adequate organ function within screening:\n"
        "    1. Hematologic: WBC >= 3.0\n    2. Renal: creatinine <= 1.5 x ULN\n    3. Hepatic: ALT <= 2.5 x ULN\n"
        "    10. Consent\n"
    )
    inc, _, _, flagged = _read(text)
    assert inc == [
        ("8", "Adequate venous access."),
        (
            "9",
            "Adequate organ function within screening",
            [("1", "Hematologic: WBC >= 3.0"), ("2", "Renal: creatinine <= 1.5 x ULN"), ("3", "Hepatic: ALT <= 2.5 x ULN")],
        ),
        ("10", "Consent"),
    ]
    assert flagged == []  # numbering continuity settles it


def test_a_restarted_list_drifted_left_of_its_lead_in() -> None:
    text = (
        "Exclusion Criteria:\n\n       12. Major surgery.\n\n       13. Any severe condition, including:\n\n"
        "  <!-- -->\n\n  1. Active infection;\n  2. Uncontrolled cardiac disease;\n"
    )
    _, exc, _, _ = _read(text)
    assert exc == [
        ("12", "Major surgery."),
        ("13", "Any severe condition, including", [("1", "Active infection;"), ("2", "Uncontrolled cardiac disease;")]),
    ]


def test_an_outer_number_after_an_indented_sub_list_stays_outer() -> None:
    """ "3." at the outer indent after an indented "1." "2." sub-list goes on from the sub-list's
    numbers, not its parent's ("1."): the indent keeps it in the outer list (a gap, reported)."""
    text = "Inclusion Criteria:\n\n1. Organ function:\n   1. ANC\n   2. Platelets\n3. Consent\n"
    inc, _, _, _ = _read(text)
    assert inc == [("1", "Organ function", [("1", "ANC"), ("2", "Platelets")]), ("3", "Consent")]


def test_a_restart_without_a_colon_is_no_sub_list() -> None:
    """ "2. Consent" then "1. …" at its indent: no lead-in, a new list (reported out of order)."""
    inc, _, _, _ = _read("Inclusion Criteria:\n\n1. Adults\n2. Consent\n1. Pregnancy test\n")
    assert inc == [("1", "Adults"), ("2", "Consent"), ("1", "Pregnancy test")]


# -- numbering continuity across a change of delimiter


def test_a_number_continuing_the_list_with_another_delimiter_is_its_sibling() -> None:
    text = (
        "Inclusion Criteria:\n\n4. Adults.\n5. Lymphoma.\n\n5a. Stage III or IV.\n\n5b. Relapsed.\n\n"
        "  6) Not eligible for transplant.\n\n  7) Measurable disease.\n\n8) Exhausted therapies.\n"
    )
    inc, _, _, _ = _read(text)
    assert inc == [
        ("4", "Adults."),
        ("5", "Lymphoma.", [("5a", "Stage III or IV."), ("5b", "Relapsed.")]),
        ("6", "Not eligible for transplant."),
        ("7", "Measurable disease."),
        ("8", "Exhausted therapies."),
    ]


def test_an_indented_sub_list_with_another_delimiter_stays_nested() -> None:
    text = "Inclusion Criteria:\n\n1. Adults\n2. Organ function:\n   1) ANC >= 1500\n   2) Platelets >= 100\n3. Consent\n"
    inc, _, _, _ = _read(text)
    assert inc == [("1", "Adults"), ("2", "Organ function", [("1", "ANC >= 1500"), ("2", "Platelets >= 100")]), ("3", "Consent")]


# -- "Note: …" paragraphs and "Notes:" headings


def test_an_unindented_note_paragraph_is_a_note() -> None:
    text = (
        "Inclusion Criteria:\n\n1. Adults\n2. Lymphoma\n\nNote: SLL is allowed.\n\n3. Consent\n\n"
        "Note: Any patient with access to therapy is excluded.\n"
    )
    inc, _, notes, flagged = _read(text)
    assert inc == [("1", "Adults"), ("2", "Lymphoma"), ("3", "Consent")]
    assert notes == ("Note: SLL is allowed.", "Note: Any patient with access to therapy is excluded.")
    assert flagged == ["Note: SLL is allowed."]  # between items: or more of the item above


def test_a_note_paragraph_under_an_items_text_goes_on_with_it() -> None:
    text = "Exclusion Criteria:\n\n1. Prior therapy within 28 days.\n\n   Note: low-dose prednisone is allowed.\n2. Toxicity\n"
    _, exc, notes, _ = _read(text)
    assert exc == [("1", "Prior therapy within 28 days. Note: low-dose prednisone is allowed."), ("2", "Toxicity")]
    assert notes == ()


def test_a_note_leading_in_to_the_items_after_it_is_no_remark() -> None:
    text = (
        "Exclusion Criteria:\n\n* Untreated CNS metastases.\n\n"
        "Note: Patients with treated lesions are eligible, provided that all of the following are met:\n\n"
        "* Measurable disease outside the CNS.\n* No corticosteroids.\n"
    )
    _, exc, notes, _ = _read(text)
    lead_in = "Note: Patients with treated lesions are eligible, provided that all of the following are met"
    assert exc == [
        (None, "Untreated CNS metastases."),
        (None, lead_in, [(None, "Measurable disease outside the CNS."), (None, "No corticosteroids.")]),
    ]
    assert notes == ()


def test_a_note_heading_over_deeper_items_heads_them() -> None:
    """ "Note:" with items indented under it is no remark on the list: this rule leaves it alone."""
    text = "Inclusion Criteria:\n\n1. Adults\n\nNote: one of:\n   a. asthma\n   b. COPD\n"
    inc, _, notes, _ = _read(text)
    assert inc == [("1", "Adults"), (None, "Note: one of", [("a", "asthma"), ("b", "COPD")])]
    assert notes == ()


@pytest.mark.parametrize(
    "item",
    ["Other conditions that do not meet the eligibility criteria.", "Additional malignancy that meets the exclusion criteria."],
)
def test_a_requirement_that_mentions_criteria_is_no_closing_remark(item: str) -> None:
    """Only list-naming words between "other/additional" and "criteria" make the remark shape."""
    _, exc, notes, _ = _read(f"Exclusion Criteria:\n\n* Pregnancy\n* {item}\n* Prior HER2 therapy\n")
    assert exc == [(None, "Pregnancy"), (None, item), (None, "Prior HER2 therapy")]
    assert notes == ()


def test_an_indented_notes_heading_under_an_item_is_its_text() -> None:
    text = (
        "Exclusion Criteria:\n\n15. Uncontrolled hypertension.\n\n    Notes:\n    * Four or more classes excluded.\n"
        "    * Recorded three times.\n16. Heart failure\n"
    )
    _, exc, notes, _ = _read(text)
    assert exc == [
        ("15", "Uncontrolled hypertension. Notes", [(None, "Four or more classes excluded."), (None, "Recorded three times.")]),
        ("16", "Heart failure"),
    ]
    assert notes == ()


def test_an_unindented_notes_heading_between_an_item_and_its_sub_items_is_a_note() -> None:
    text = "Inclusion Criteria:\n\n7. No curative measures.\n\nNotes:\n\n7a. Two prior lines.\n8. Consent\n"
    inc, _, notes, _ = _read(text)
    assert notes == ("Notes:",)
    assert inc == [("7", "No curative measures.", [("7a", "Two prior lines.")]), ("8", "Consent")]


# -- the outer list's next number run into its last sub-item's line


def test_the_outer_lists_next_number_run_into_a_sub_items_line_is_cut() -> None:
    text = (
        "Exclusion Criteria:\n\n12. Major surgery.\n13. Any severe condition, including:\n"
        "    1. Active infection;\n    2. Complete intestinal obstruction. 14. History of malignancy within 3 years.\n"
    )
    _, exc, _, flagged = _read(text)
    assert exc == [
        ("12", "Major surgery."),
        ("13", "Any severe condition, including", [("1", "Active infection;"), ("2", "Complete intestinal obstruction.")]),
        ("14", "History of malignancy within 3 years."),
    ]
    assert flagged == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Bilirubin below 1.5. 5. Other values apply.",  # 5 goes on from no open item
        "Bilirubin below 1.5 (see 3. Appendix).",  # no sentence end before it
    ],
)
def test_a_number_in_a_sub_items_text_that_continues_no_outer_item_stays(sentence: str) -> None:
    text = f"Inclusion Criteria:\n\n1. Adults\n2. Organ function:\n    1. ANC above 1500\n    2. {sentence}\n"
    inc, _, _, _ = _read(text)
    assert inc[1] == ("2", "Organ function", [("1", "ANC above 1500"), ("2", sentence)])


# -- a series of short heading bullets in one flat bullet run


_LABS = (
    "Inclusion Criteria:\n\n* Adults\n"
    "* Laboratory tests must meet the following criteria (no transfusion, growth factor or medication to correct"
    " values within 14 days before testing) :\n"
    "* Blood counts (within 7 days) :\n* ANC ≥1.5×10⁹/L;\n* Platelets ≥90×10⁹/L;\n"
    "* Liver function (within 7 days) :\n* Total bilirubin ≤1.5× ULN;\n* ALT/AST ≤2.5× ULN;\n"
    "* Toxicities of prior therapy recovered to grade 1 or baseline;\n"
)


def test_heading_bullets_of_a_series_head_the_bullets_up_to_the_next_heading() -> None:
    """Each heading takes its lab values; the lead-in (a long aside before its colon) takes the
    headings; a criterion of another kind after the values ends both runs."""
    inc, _, _, flagged = _read(_LABS)
    lead = _LABS.split("\n")[3].removeprefix("* ").removesuffix(":").rstrip()
    assert inc == [
        (None, "Adults"),
        (None, lead, [
            (None, "Blood counts (within 7 days)", [(None, "ANC ≥1.5×10⁹/L;"), (None, "Platelets ≥90×10⁹/L;")]),
            (None, "Liver function (within 7 days)", [(None, "Total bilirubin ≤1.5× ULN;"), (None, "ALT/AST ≤2.5× ULN;")]),
        ]),
        (None, "Toxicities of prior therapy recovered to grade 1 or baseline;"),
    ]  # fmt: skip
    assert flagged == []


def test_study_unit_headings_of_a_series_each_take_their_bullets() -> None:
    text = (
        "Inclusion Criteria:\n\n* PRIOR TO STEP 1:\n* Newly diagnosed disease\n* Consent given\n"
        "* PRIOR TO STEP 2:\n* Central review done\n* Age >= 18\n"
    )
    inc, _, _, _ = _read(text)
    assert inc == [
        (None, "PRIOR TO STEP 1", [(None, "Newly diagnosed disease"), (None, "Consent given")]),
        (None, "PRIOR TO STEP 2", [(None, "Central review done"), (None, "Age >= 18")]),
    ]


def test_a_capitals_heading_after_a_capitals_lead_in_is_its_sibling() -> None:
    """ "SMOKING CRITERIA:" is a lead-in by its last word; "ACCESS:" after it, in the same capitals,
    is the next heading of the series, not one of its members."""
    text = (
        "Inclusion Criteria:\n\n* DEMOGRAPHIC CRITERIA:\n* Adults 18-30\n* SMOKING CRITERIA:\n* Daily smoking\n"
        "* ACCESS:\n* Weekly Internet access\n* Own email account\n"
    )
    inc, _, _, _ = _read(text)
    assert inc == [
        (None, "DEMOGRAPHIC CRITERIA", [(None, "Adults 18-30")]),
        (None, "SMOKING CRITERIA", [(None, "Daily smoking")]),
        (None, "ACCESS", [(None, "Weekly Internet access"), (None, "Own email account")]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a lone heading bullet: where its bullets end, nothing says
        "Exclusion Criteria:\n\n* Pregnancy\n* Renal disease:\n* Dialysis\n* Prior splenectomy\n",
        # two headings with nothing between them: no heading with bullets of its own
        "Exclusion Criteria:\n\n* Pregnancy\n* Renal disease:\n* Liver disease:\n* Dialysis\n",
    ],
)
def test_heading_bullets_that_make_no_series_stay_flat(text: str) -> None:
    _, exc, _, _ = _read(text)
    assert all(len(item) == 2 for item in exc), exc


def test_lab_values_end_at_another_kind_only_when_not_joined() -> None:
    """ "… ≥ 70 mL/min OR" leaves the alternatives open: the next bullet is a member whatever its shape;
    one lab value alone may be the first of a longer run (example 16)."""
    text = (
        "Inclusion Criteria:\n\n* Adults\n* Adequate renal function as follows:\n* Creatinine ≤ 1.5 mg/dL\n"
        "* Clearance ≥ 70 mL/min OR\n* A serum creatinine normal for age\n* Consent\n"
    )
    inc, _, _, _ = _read(text)
    members = inc[1][2]
    assert [m[1] for m in members][-1] == "A serum creatinine normal for age"
    text = (
        "Inclusion Criteria:\n\n* Adults\n* Fever meeting at least one of the following:\n"
        "* Temperature >38.5 °C;\n* Antipyretic use in the last 24 h\n"
    )
    inc, _, _, _ = _read(text)
    assert inc[1][2] == [(None, "Temperature >38.5 °C;"), (None, "Antipyretic use in the last 24 h")]


def test_a_lead_ins_lab_value_members_end_at_a_criterion_of_another_kind() -> None:
    text = (
        "Inclusion Criteria:\n\n* Adults\n* Nasal polyps for 12 months who have all of the following:\n"
        "* Polyp score ≥ 4 at screening\n* Mean congestion score ≥ 2 in the 2 weeks before\n"
        "* Any standard of care, which must include nasal steroids\n* Body weight of 40 kg or more\n"
    )
    inc, _, _, flagged = _read(text)
    assert inc[1][2] == [(None, "Polyp score ≥ 4 at screening"), (None, "Mean congestion score ≥ 2 in the 2 weeks before")]
    assert inc[2:] == [(None, "Any standard of care, which must include nasal steroids"), (None, "Body weight of 40 kg or more")]
    assert flagged == []


# -- a lone short heading bullet whose bullets repeat its topic


def test_a_lone_heading_bullet_takes_the_bullets_that_repeat_its_topic() -> None:
    text = (
        "Exclusion Criteria:\n\n* Prior splenectomy\n* Systemic immune suppression:\n"
        "* Current use of chronic systemic steroids (up to 5 mg/day prednisolone is allowed)\n"
        "* Other relevant immune suppression within the last 3 months\n* Known HIV infection\n"
    )
    _, exc, _, flagged = _read(text)
    assert exc == [
        (None, "Prior splenectomy"),
        (None, "Systemic immune suppression", [
            (None, "Current use of chronic systemic steroids (up to 5 mg/day prednisolone is allowed)"),
            (None, "Other relevant immune suppression within the last 3 months"),
        ]),
        (None, "Known HIV infection"),
    ]  # fmt: skip
    assert flagged == []


@pytest.mark.parametrize(
    "text",
    [
        # the words it shares are only those every criterion uses
        "Exclusion Criteria:\n\n* Pregnancy\n* Prior therapy:\n* Prior surgery within 4 weeks\n* Dialysis\n",
        # the bullet after it is about something else
        "Exclusion Criteria:\n\n* Pregnancy\n* Systemic immune suppression:\n* Prior splenectomy\n* Known HIV infection\n",
    ],
)
def test_a_lone_heading_bullet_whose_next_bullet_shares_no_topic_stays_flat(text: str) -> None:
    _, exc, _, _ = _read(text)
    assert all(len(item) == 2 for item in exc), exc


# -- a bullet list that lost its numbers: the numbers surfacing at "3." leave room for two items


def test_numbers_surfacing_after_bullets_make_the_bullets_after_item_2_its_members() -> None:
    text = (
        "Inclusion Criteria:\n\n* Adults\n* Symptoms as defined below:\n* Fever\n* Cough\n* Fatigue\n"
        "3. Consent given\n4. Able to comply\n"
    )
    inc, _, _, flagged = _read(text)
    assert inc == [
        (None, "Adults"),
        (None, "Symptoms as defined below", [(None, "Fever"), (None, "Cough"), (None, "Fatigue")]),
        ("3", "Consent given"),
        ("4", "Able to comply"),
    ]
    assert flagged == ["* Symptoms as defined below:"]  # the numbers alone say so


@pytest.mark.parametrize(
    "text",
    [
        # item 2 leads in to nothing: no colon
        "Inclusion Criteria:\n\n* Adults\n* Symptoms, mild disease (uncomplicated)\n* Fever\n* Cough\n"
        "3. Consent given\n4. Comply\n",
        # the numbers leave room for more items than the bullets before the lead-in
        "Inclusion Criteria:\n\n* Adults\n* Symptoms, mild disease (uncomplicated):\n* Fever\n* Cough\n"
        "5. Consent given\n6. Comply\n",
    ],
)
def test_numbers_that_leave_no_room_keep_the_bullets_flat(text: str) -> None:
    inc, _, _, _ = _read(text)
    assert all(len(item) == 2 for item in inc), inc


# -- a footnote heading among a lead-in's members


_STARRED = (
    "Inclusion Criteria:\n\n* Adults\n* Mild or moderate\\* illness with all of the following:\n* Fever\n\n"
    "  \\*{word} illness:\n* Low oxygen saturation\n* Pneumonia on imaging\n"
)


def test_a_footnote_heading_whose_star_the_lead_in_marks_heads_the_members_after_it() -> None:
    inc, _, notes, _ = _read(_STARRED.format(word="Moderate"))
    assert notes == ()
    assert inc[1][2] == [
        (None, "Fever"),
        (None, "*Moderate illness", [(None, "Low oxygen saturation"), (None, "Pneumonia on imaging")]),
    ]


def test_a_footnote_heading_naming_no_starred_word_stays_a_note() -> None:
    inc, _, notes, _ = _read(_STARRED.format(word="Severe"))
    assert notes == ("Severe illness:",)
    assert inc[1][2] == [(None, "Fever")]


# -- a topic heading whose words come back after a bullet about something else


def test_a_topic_that_recurs_after_its_first_break_is_no_topic_run() -> None:
    """ "Congestive heart failure" breaks the "cardiac" run, "Cardiac surgery" takes it up again: where
    the heading's members end is unknown, so the list stays flat and the heading is reported."""
    text = (
        "Exclusion Criteria:\n\n* Pregnancy\n* Cardiac disease:\n* Cardiac arrhythmia requiring treatment\n"
        "* Congestive heart failure\n* Cardiac surgery within 6 months\n* HIV\n"
    )
    _, exc, notes, flagged = _read(text)
    assert exc == [
        (None, "Pregnancy"),
        (None, "Cardiac disease:"),
        (None, "Cardiac arrhythmia requiring treatment"),
        (None, "Congestive heart failure"),
        (None, "Cardiac surgery within 6 months"),
        (None, "HIV"),
    ]
    assert notes == ()
    assert flagged == ["* Cardiac disease:"]


# -- a connector bullet back at the outer indent, between two sub-items


def test_a_connector_between_sub_items_joins_the_option_before_it() -> None:
    """ "* or" at "One of:"'s indent, then one more sub-item: no item of its own and no parent of
    "Stage IV" (a piece of text never holds items); it joins the option before it, as a connector
    under that option does (NCT05813288, NCT04607629)."""
    inc, _, notes, _ = _read("Inclusion Criteria:\n\n* One of:\n  * Stage III\n* or\n  * Stage IV\n* Adults\n")
    assert inc == [(None, "One of", [(None, "Stage III or"), (None, "Stage IV")]), (None, "Adults")]
    assert notes == ()


def test_a_connector_after_the_last_sub_item_still_ends_the_item() -> None:
    inc, _, _, _ = _read("Inclusion Criteria:\n\n* One of:\n  * Stage III\n  * Stage IV\n* or\n* Adults\n")
    assert inc == [(None, "One of: or", [(None, "Stage III"), (None, "Stage IV")]), (None, "Adults")]


# -- a restarted sub-list whose numbers reach the outer list's next one


def test_a_sub_list_reaching_the_outer_number_keeps_its_item_when_the_label_repeats() -> None:
    text = (
        "Inclusion Criteria:\n\n1. Adults\n2. Adequate function:\n1. Hb > 9\n2. ANC > 1500\n3. Creatinine < 1.5\n"
        "3. ECOG 0-1\n4. Consent\n"
    )
    inc, _, notes, _ = _read(text)
    assert inc == [
        ("1", "Adults"),
        ("2", "Adequate function", [("1", "Hb > 9"), ("2", "ANC > 1500"), ("3", "Creatinine < 1.5")]),
        ("3", "ECOG 0-1"),
        ("4", "Consent"),
    ]
    assert notes == ()


def test_a_label_repeated_only_in_the_next_sub_list_leaves_the_outer_number_outer() -> None:
    text = "Inclusion Criteria:\n\n1. Adults\n2. Blood:\n1. Hb\n2. ANC\n3. Organs:\n1. Liver\n2. Kidney\n3. Heart\n4. Consent\n"
    inc, _, _, _ = _read(text)
    assert inc == [
        ("1", "Adults"),
        ("2", "Blood", [("1", "Hb"), ("2", "ANC")]),
        ("3", "Organs", [("1", "Liver"), ("2", "Kidney"), ("3", "Heart")]),
        ("4", "Consent"),
    ]


# -- a side's lead-in written as its first bullet: a note, the list under it the side's


_SIDE_LEADIN_CASES = [
    (
        "Inclusion Criteria:\n\n* A participant will be eligible for entry into the study if all of the following"
        " criteria are met:\n\n  1. Willing to consent\n  2. Adults\n\nExclusion Criteria:\n\n* Smokers\n",
        "inclusion",
        [("1", "Willing to consent"), ("2", "Adults")],
    ),
    (
        "Inclusion Criteria:\n\n* Adults\n\nExclusion Criteria:\n\n* Patients with one or more of the following"
        " criteria will be excluded:\n\n  * Pregnancy.\n  * Smokers.\n",
        "exclusion",
        [(None, "Pregnancy."), (None, "Smokers.")],
    ),
    (  # the list at the lead-in's own indent
        "Inclusion Criteria:\n\n* Patients must meet all the following inclusion criteria to be enrolled in the"
        " study:\n* Adults\n* Asthma\n\nExclusion Criteria:\n\n* Smokers\n",
        "inclusion",
        [(None, "Adults"), (None, "Asthma")],
    ),
    (
        "Inclusion Criteria:\n\n* Adults\n\nExclusion Criteria:\n\n* Participants who meet any of these criteria"
        " are not eligible for enrollment:\n\n  a. Smokers\n  b. Pregnancy\n",
        "exclusion",
        [("a", "Smokers"), ("b", "Pregnancy")],
    ),
]


def _deeper(text: str) -> bool:
    """Whether the lead-in's members stand on lines of their own indented under it."""
    return "\n  " in text


@pytest.mark.parametrize(
    ("text", "side", "items", "flat"),
    [(*case, flat) for case in _SIDE_LEADIN_CASES for flat in (False, True) if flat or not _deeper(case[0])],
)
def test_a_sides_first_bullet_leading_in_to_its_criteria_is_a_note(text: str, side: str, items: list[Any], flat: bool) -> None:
    """A note where its members follow at its own indent, or run on its line (flattened)."""
    if flat:
        text = " ".join(line.strip() for line in text.splitlines() if line.strip())
    criteria, issues = parse_criteria(text, constraints=False)
    inclusion, exclusion, notes, _ = _read(text)
    assert (inclusion if side == "inclusion" else exclusion) == items
    assert len(notes) == 1
    assert notes[0].endswith(":")
    assert criteria_problems(text, criteria, issues) == []  # the bullet's marker stays in the note's span


@pytest.mark.parametrize(("text", "side", "items"), [c for c in _SIDE_LEADIN_CASES if _deeper(c[0])])
def test_a_sides_first_bullet_with_members_indented_under_it_holds_them(text: str, side: str, items: list[Any]) -> None:
    """Indentation outranks the lead-in's words: the bullet is the item its members hang from."""
    criteria, issues = parse_criteria(text, constraints=False)
    inclusion, exclusion, notes, _ = _read(text)
    got = inclusion if side == "inclusion" else exclusion
    assert len(got) == 1
    assert got[0][2] == items
    assert notes == ()
    assert criteria_problems(text, criteria, issues) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # an "at least one of" group and a sibling after it (review 9, HIGH 2)
            "Inclusion Criteria:\n* Patients with at least one of the following criteria are eligible for the study:\n"
            "  * Diabetes\n  * Hypertension\n* Age 18 or older\n",
            [
                (
                    None,
                    "Patients with at least one of the following criteria are eligible for the study",
                    [(None, "Diabetes"), (None, "Hypertension")],
                ),
                (None, "Age 18 or older"),
            ],
        ),
        (  # numbered members under a dash, a sibling after them
            "Inclusion Criteria:\n- Subjects meeting any of the following criteria are eligible:\n"
            "    1. Asthma\n    2. COPD\n- Adults\n",
            [
                (None, "Subjects meeting any of the following criteria are eligible", [("1", "Asthma"), ("2", "COPD")]),
                (None, "Adults"),
            ],
        ),
        (  # the exclusion side, a blank line before the members
            "Exclusion Criteria:\n\n* Patients with one or more of the following criteria will be excluded:\n\n"
            "   * Pregnancy\n   * Lactation\n* Smokers\n",
            [
                (
                    None,
                    "Patients with one or more of the following criteria will be excluded",
                    [(None, "Pregnancy"), (None, "Lactation")],
                ),
                (None, "Smokers"),
            ],
        ),
    ],
)
def test_a_side_leadin_bullet_over_indented_members_keeps_them_and_its_marker(text: str, expected: list[Any]) -> None:
    criteria, issues = parse_criteria(text, constraints=False)
    inclusion, exclusion, notes, _ = _read(text)
    assert (inclusion or exclusion) == expected
    assert notes == ()
    assert criteria_problems(text, criteria, issues) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a criterion leading in to its own members: it names neither the side nor the study
            "Exclusion Criteria:\n\n* Diagnosis meeting the following criteria:\n  * FEV1 below 80%\n  * Reversibility\n"
            "* Smokers\n",
            [
                (None, "Diagnosis meeting the following criteria", [(None, "FEV1 below 80%"), (None, "Reversibility")]),
                (None, "Smokers"),
            ],
        ),
        (  # "… criteria … that include:": no side named
            "Inclusion Criteria:\n\n* Diabetes diagnosed by the criteria of the guideline that include:\n"
            "  * Fasting glucose of 7 mmol/L or more\n  * HbA1c of 6.5% or more\n* Adults\n",
            [
                (
                    None,
                    "Diabetes diagnosed by the criteria of the guideline that include",
                    [(None, "Fasting glucose of 7 mmol/L or more"), (None, "HbA1c of 6.5% or more")],
                ),
                (None, "Adults"),
            ],
        ),
        (  # a title, no sentence
            "Inclusion Criteria:\n\n* Criteria for the study population:\n  * Adults\n  * Consent\n",
            [(None, "Criteria for the study population", [(None, "Adults"), (None, "Consent")])],
        ),
        (  # not the side's first item
            "Exclusion Criteria:\n\n* Smokers\n* Patients meeting any of the following criteria will be excluded from"
            " the study:\n  * Pregnancy\n  * Lactation\n",
            [
                (None, "Smokers"),
                (
                    None,
                    "Patients meeting any of the following criteria will be excluded from the study",
                    [(None, "Pregnancy"), (None, "Lactation")],
                ),
            ],
        ),
    ],
)
def test_a_first_bullet_that_leads_in_to_something_else_keeps_its_members(text: str, expected: list[Any]) -> None:
    inclusion, exclusion, _, _ = _read(text)
    assert (inclusion or exclusion) == expected


# -- a side whose only lines open with words a lead-in uses: its criteria, never a note


@pytest.mark.parametrize(
    ("side_text", "first_words"),
    [
        ("Subject must have the ability to provide written consent\nSubject must be willing to comply", "Subject must have"),
        ("Individuals who do not meet the inclusion criteria\nIndividuals with an active leukemia", "Individuals who do not"),
        (
            "Patients with chronic arthritis and the following symptoms: pain and/or stiffness.\nAged 18 to 70 years.",
            "Patients with chronic",
        ),
        (
            "Have at least one of the following: high HbA1c, impaired fasting glucose\nBody mass index of 25 or more",
            "Have at least one",
        ),
    ],
)
@pytest.mark.parametrize("side", ["inclusion", "exclusion"])
def test_a_sides_only_paragraph_of_unmarked_lines_is_its_criterion(side_text: str, first_words: str, side: str) -> None:
    other = "Adults aged 18 or more\n"
    if side == "inclusion":
        text = f"Inclusion Criteria:\n\n{side_text}\n\nExclusion Criteria:\n\n{other}"
    else:
        text = f"Inclusion Criteria:\n\n{other}\nExclusion Criteria:\n\n{side_text}\n"
    inclusion, exclusion, notes, _ = _read(text)
    items = inclusion if side == "inclusion" else exclusion
    # each line a criterion of its own: the break after a finished line is deliberate (no wrap)
    assert [i[1] for i in items] == side_text.split("\n")
    assert items[0][1].startswith(first_words)
    assert notes == ()


@pytest.mark.parametrize(
    "side_text",
    [
        # the lead-in's paragraph ends, then the criteria it leads in to
        "Participants who show any of the following conditions will not be eligible for the study.\n\n"
        "Prior radiotherapy.\n\nInability to swallow pills.",
        "Patients must meet all the following criteria.\n\n* Adults\n* Consent",
    ],
)
def test_a_lead_in_over_what_follows_its_paragraph_stays_a_note(side_text: str) -> None:
    _, exclusion, notes, _ = _read(f"Inclusion Criteria:\n\nAdults\n\nExclusion Criteria:\n\n{side_text}\n")
    assert len(notes) == 1
    assert len(exclusion) >= 1


# -- a side's lead-in whose sentence stops at "if they:": a note over the side's list


@pytest.mark.parametrize(
    ("lead_in", "items", "expected"),
    [
        (
            "Subjects will be included if they:",
            "* are 18 to 60 years of age\n* can consent",
            [(None, "are 18 to 60 years of age"), (None, "can consent")],
        ),
        (
            "Participants were ineligible if they:",
            "1. Planned to move\n2. Were pregnant with twins",
            [("1", "Planned to move"), ("2", "Were pregnant with twins")],
        ),
        (  # no subject at all
            "Will be excluded if they:",
            "1. Planned to move\n2. Were pregnant with twins",
            [("1", "Planned to move"), ("2", "Were pregnant with twins")],
        ),
        (
            "The subject must be excluded from participating in the trial if the subject:",
            "1. Has an EGFR mutation\n2. Has a PD-L1 expression",
            [("1", "Has an EGFR mutation"), ("2", "Has a PD-L1 expression")],
        ),
    ],
)
@pytest.mark.parametrize("flat", [False, True])
def test_a_lead_in_stopping_at_if_they_under_a_header_is_a_note(
    lead_in: str, items: str, expected: list[Any], flat: bool
) -> None:
    text = f"Inclusion Criteria:\n\nAdults\n\nExclusion Criteria:\n\n{lead_in}\n\n{items}\n"
    if flat:
        text = " ".join(line.strip() for line in text.splitlines() if line.strip())
    _, exclusion, notes, _ = _read(text)
    assert exclusion == expected
    assert notes == (lead_in,)


@pytest.mark.parametrize(
    ("lead_in", "items", "expected"),
    [
        (  # review 9, MEDIUM 3
            "Women are excluded if they:",
            "* are pregnant\n* are breastfeeding",
            [(None, "are pregnant"), (None, "are breastfeeding")],
        ),
        (
            "Women were ineligible if they:",
            "1. Planned to move\n2. Were pregnant with twins",
            [("1", "Planned to move"), ("2", "Were pregnant with twins")],
        ),
        (
            "Children will be excluded if they:",
            "* have asthma\n* take steroids",
            [(None, "have asthma"), (None, "take steroids")],
        ),
        (  # the study's word, but a subject of its own
            "Patients with brain metastases are excluded if they:",
            "* are symptomatic\n* need steroids",
            [(None, "are symptomatic"), (None, "need steroids")],
        ),
    ],
)
def test_a_lead_in_stopping_at_if_they_with_a_subject_of_its_own_holds_its_list(
    lead_in: str, items: str, expected: list[Any]
) -> None:
    """Whom the list applies to is part of the criterion: the sentence is the item holding it."""
    text = f"Inclusion Criteria:\n\nAdults\n\nExclusion Criteria:\n\n{lead_in}\n{items}\n"
    _, exclusion, notes, _ = _read(text)
    assert exclusion == [(None, lead_in.removesuffix(":"), expected)]
    assert notes == ()


def test_a_criterion_saying_who_is_excluded_stays_an_item() -> None:
    text = (
        "Inclusion Criteria:\n\nAdults\n\nExclusion Criteria:\n\n"
        "Persons who took antidepressants within 6 months will be excluded.\n\nSmokers will be excluded.\n"
    )
    _, exclusion, notes, _ = _read(text)
    assert [item[1] for item in exclusion][:1] == ["Persons who took antidepressants within 6 months will be excluded."]
    assert notes == ()


# -- a numbered list restarting on the line after a run-in sub-item ending with ":"

RUN_IN_LEADIN = (
    "Inclusion Criteria:\n\n1. Consent\n2. Cluster headache by these criteria:\n\n"
    "a. Attacks with: i. Pain of 15-180 minutes ii. Headache with at least one of the following{colon}\n\n"
    "1. Tearing\n2. Nasal congestion\n3. Sweating\n4. Restlessness\n\n3. Four attacks a week\n"
)


def test_a_restarting_list_after_a_run_in_sub_item_ending_with_a_colon_is_its_sub_list() -> None:
    inc, _, _, _ = _read(RUN_IN_LEADIN.format(colon=":"))
    members = [("1", "Tearing"), ("2", "Nasal congestion"), ("3", "Sweating"), ("4", "Restlessness")]
    headache = ("ii", "Headache with at least one of the following", members)
    attacks = ("a", "Attacks with", [("i", "Pain of 15-180 minutes"), headache])
    assert inc == [("1", "Consent"), ("2", "Cluster headache by these criteria", [attacks]), ("3", "Four attacks a week")]


def test_a_restarting_list_after_a_run_in_sub_item_without_a_colon_is_not_its_sub_list() -> None:
    # near miss: "ii. … following" leads in to nothing, so the numbers are no members of it
    inc, _, _, _ = _read(RUN_IN_LEADIN.format(colon=""))
    assert ("1", "Tearing") in inc


# -- numbers restarting at 1 beside a lettered item that holds sub-items: reported

RESTART_BESIDE_LETTERS = (
    "Exclusion Criteria:\n\n1. Pregnancy\n2. Uncontrolled illness, including:\n\n"
    "   a. Cardiac disorders: i. Heart failure\n\n   ii. Unstable angina\n\n   iii. Stroke within 6 months\n"
    "   1. A small stable embolism is allowed\n   2. Bowel disorders:\n\n   i. Active ulcer\n3. Consent withdrawn\n"
)


def test_numbers_restarting_beside_a_lettered_item_with_sub_items_are_reported() -> None:
    _, exc, _, flagged = _read(RESTART_BESIDE_LETTERS)
    cardiac = ("a", "Cardiac disorders", [("i", "Heart failure"), ("ii", "Unstable angina"), ("iii", "Stroke within 6 months")])
    bowel = ("2", "Bowel disorders", [("i", "Active ulcer")])
    illness = ("2", "Uncontrolled illness, including", [cardiac, ("1", "A small stable embolism is allowed"), bowel])
    assert exc == [("1", "Pregnancy"), illness, ("3", "Consent withdrawn")]  # numbering continuity: 1 and 2 beside a
    assert [f.startswith("1. A small stable embolism") for f in flagged] == [True]


def test_numbers_restarting_beside_a_lettered_leaf_are_not_reported() -> None:
    # near miss: "a." holds nothing, so no sub-item could take the numbers
    text = RESTART_BESIDE_LETTERS.replace(": i. Heart failure\n\n   ii. Unstable angina\n\n   iii. Stroke within 6 months", "")
    _, _, _, flagged = _read(text)
    assert flagged == []
