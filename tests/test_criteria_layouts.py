"""Criteria layouts beyond the outlines: the guesses reported as criteria.ambiguous_structure,
and the constraint reader passed into the criteria reader."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT
from trialparse import Criteria, Criterion, Listing, Span, parse, parse_criteria, render
from trialparse.criteria import read_criteria
from trialparse.model import Constraint, ConstraintKind
from trialparse.text import Text

AMBIGUOUS = "criteria.ambiguous_structure"


def _guessed(text: str) -> list[str]:
    """The texts of the items reported as ambiguous (from their spans)."""
    _, issues = parse_criteria(text, constraints=False)
    return [text[i.span.start : i.span.end] for i in issues if i.code == AMBIGUOUS and i.span is not None]


@pytest.mark.parametrize(
    ("text", "item"),
    [
        # flattened lead-in whose members do not end with ";": all of them, or only the first?
        ("* Adults * History of any of the following: * stroke * infarction * Normal kidney function", "* History of"),
        # flattened lead-in phrase without its colon: kept flat, but its members may be children
        ("* Adults * History of any of the following * stroke * infarction", "* History of"),
        # a short "Topic:" bullet with same-level bullets after it: a heading, or one more criterion
        ("Inclusion Criteria:\n\n* Adults\n* Healthy volunteers:\n* Age 18 to 65\n* Non-smoker\n", "* Healthy volunteers:"),
        # on a side's first line too, where its members are alternatives
        ("Inclusion Criteria:\n\n* At least one of the following:\n* Asthma\n* COPD\n", "* At least one"),
        # a closing remark cut from a flattened line: a note, or the list's last item (its marker is the list's)
        ("Exclusion Criteria:- Pregnancy- Asthma- Other exclusion criteria apply according to the product label", "- Other"),
        # a "Note: …" paragraph between marked items: a note, or more of the item above
        ("Inclusion Criteria:\n\n* Adults\n* Asthma\n\nNote: a stable dose for 4 weeks is required.\n\n* Consent\n", "Note:"),
        # a population heading with its criterion on the line: a group holding it, or one criterion
        ("Inclusion Criteria:\n\n* Adults\n\nControl group: healthy adults\n", "Control group"),
        # a title cut off the end of an item's line among topic groups: the next topic, or the item's last words
        (
            "Exclusion Criteria:\n\nDisease Related\n\n* Active cancer within the last 5 years. Prior Therapy\n"
            "* Chemotherapy within 4 weeks\n",
            "Prior Therapy",
        ),
        # an item ending with ":" and the paragraphs indented under it: its text, or its members
        (
            "Inclusion Criteria:\n\n1. Cohort 1:\n\n   Patients with melanoma.\n\n   Cohort 2:\n\n   Patients with lung cancer.\n"
            "2. Consent\n",
            "1. Cohort 1:",
        ),
        # a title before a list restarting at 1 under an item: a sub-group of that item, or a sibling of it
        (
            "Inclusion Criteria:\n\n* Module 2:\n\n  1. Dose escalation cohort\n  2. Prior therapy\n\n  Dose Expansion\n\n"
            "  1. Stage IV\n* Consent\n",
            "Dose Expansion",
        ),
        # a heading between "2." and "2a.": a group holding 2a and 2b, or a note with them under 2 (their labels)
        (
            "Inclusion Criteria:\n\n1. Adults\n2. Standard measures do not exist.\n\nNotes:\n\n2a. Two prior lines.\n\n"
            "2b. No access to therapy.\n3. Consent\n",
            "Notes:",
        ),
        # a numbered sub-list restarting inside item 2 with no ";" between members: 3 may be its member
        ("1. Adults 2. Organ function as follows: 1. platelets >100 2. bilirubin <1.5 3. Consent", "2. Organ function"),
        # an unmarked paragraph between marked items: a criterion, or a remark on the item above
        ("Inclusion Criteria:\n\n* Adults\n\nAge 18 or older.\n\n* Consent\n", "Age 18"),
        # a paragraph defining a term of the item above: part of it, or a criterion of its own
        ("Inclusion Criteria:\n\n* Adults\n\nDefinition of adult: aged 18 or older.\n\n* Consent\n", "* Adults"),
        # a numbered lead-in read as the list's note: or a criterion holding the list
        ("Inclusion Criteria:\n\n1. Subjects must meet all of the following criteria:\n2. Adults\n3. Consent\n", "1. Subjects"),
        # no header, no marker: one paragraph holding criteria run together with "; "
        ("Swimmers of the pool; Individuals aged 12 or older", "Swimmers"),
        # "… including:" then paragraphs: its text, or its sub-items
        (
            "Exclusion Criteria:\n\n9. Heart disease, including:\n\n   QTc over 470 ms.\n\n   Unstable angina.\n\n10. Other\n",
            "9. Heart disease",
        ),
    ],
)
def test_a_guess_between_two_readings_is_reported_on_the_item(text: str, item: str) -> None:
    guessed = _guessed(text)
    assert len(guessed) == 1
    assert guessed[0].startswith(item)


@pytest.mark.parametrize(
    "text",
    [
        "* Adults * History of any of the following: * stroke; * infarction; * heart failure * Normal kidney function",
        "1. Adults 2. Organ function as follows: 1. platelets >100; 2. bilirubin <1.5 3. Consent 4. Not pregnant",
        "Inclusion Criteria:\n\n1. Adult\n2. Meets the cohort rule below:\n\n   Cohort X: prior surgery.\n3. Consent\n",
        "Inclusion Criteria:\n\n* Prior therapy:\n  * Chemotherapy within 4 weeks\n* Pregnancy\n",
        "Inclusion Criteria:\n\n* Signed consent\n* Age 18 to 70 years\n\nExclusion Criteria:\n\n* Pregnancy\n",
        # heading bullets in a series: each holds the bullets up to the next
        "Inclusion Criteria:\n\n* Adults\n* Blood counts:\n* WBC > 3\n* Liver function:\n* ALT < 2 ULN\n",
        # the bullet after a lead-in is plainly its member: joined by "OR", or going on in lower case
        "Inclusion Criteria:\n\n* Adults\n* Renal function defined as:\n* creatinine < 1.5 OR\n* clearance > 60\n",
        "Inclusion Criteria:\n\n* Adults\n* If female the subject is:\n* of non-childbearing potential\n* Consent\n",
        # a lead-in on the side's first line: its members or the side's items, each required alike
        "Inclusion Criteria:\n\n* Healthy volunteers:\n* Age 18 to 65\n* Non-smoker\n",
        # between marked items: a title, a kept number, a sentence running into the items after it
        "Exclusion Criteria:\n\n* Asthma\n\nSURGERY AND OTHER TREATMENT-RELATED CONDITIONS OF EXCLUSION\n\n* Any surgery\n",
        "Inclusion Criteria:\n\n1. Adults\n2. Consent\n\n3, no prior therapy.\n\n4. Not pregnant\n",
        "Inclusion Criteria:\n\n* Adults\n\nIn order to participate in the study, homes of participants must\n\n"
        "* have forced air heating\n",
        # a paragraph between "i." (run into its parent's line) and "ii.": numbering continuity gives it to i.
        "Inclusion Criteria:\n\n1. Cohorts:\n\n   b. Esophageal: i. Group 1: prior chemotherapy.\n\n"
        "   If subjects received chemotherapy, progression is documented.\n\n   ii. Group 2: no prior therapy.\n2. Consent\n",
        # a lead-in's long run of members that a cue closes ("Willing to …" after lower-case members)
        "Inclusion Criteria:\n\n* Adults;\n* Ulcer meets the following criteria:\n* present 3 weeks;\n* below-ankle;\n"
        "* area 1 to 20 cm2;\n* grade 2;\n* perfusion 1;\n* depth 1 or 2.\n* Willing to consent\n",
        # a marked closing remark on its own line: a note (criteria-formats example 10)
        "Exclusion Criteria:\n\n* Pregnancy\n* Other protocol-defined exclusion criteria apply.\n",
    ],
)
def test_clear_layouts_are_not_reported(text: str) -> None:
    assert _guessed(text) == []


def test_the_flattened_members_follow_the_separators() -> None:
    criteria, _ = parse_criteria("* Adults * History of: * stroke; * infarction * Normal kidney function")
    shape = [(c.text, [k.text for k in c.children]) for c in criteria.inclusion]
    assert shape == [("Adults", []), ("History of", ["stroke;", "infarction"]), ("Normal kidney function", [])]


def test_the_criteria_reader_does_not_import_the_constraint_extractor() -> None:
    for path in sorted((ROOT / "src" / "trialparse").glob("*criteria*.py")):  # criteria.py and its parts
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "trialparse.constraints" not in imported, path.name


def test_read_criteria_uses_the_constraint_reader_it_is_given() -> None:
    seen: list[str] = []

    def reader(value: str, start: int, end: int, span: object) -> tuple[Constraint, ...]:
        seen.append(value[start:end])
        assert callable(span)
        return (Constraint(ConstraintKind.AGE, span(start, end), "age", 18.0, True, None, None, "years"),)

    doc = Text("Inclusion Criteria:\n* Adults\n")
    criteria, _ = read_criteria(doc, 0, len(doc.value), constraints=reader)
    item: Criterion = criteria.inclusion[0]
    assert seen == ["Adults"]
    assert item.constraints[0].span == Span(22, 28)
    without, _ = read_criteria(doc, 0, len(doc.value))
    assert without.inclusion[0].constraints == ()


def _shape(items: tuple[Criterion, ...]) -> list[object]:
    return [(c.label, c.text, _shape(c.children)) for c in items]


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        # the registry's numbered list: "* 1\." then the later numbers drifting right
        (
            "Inclusion Criteria:\n\n* 1\\. Adults\n\n  2\\. Consent\n\n    3\\. Not pregnant\n",
            [("1", "Adults", []), ("2", "Consent", []), ("3", "Not pregnant", [])],
        ),
        # bullets between 3 and 4 at 3's indent, and drifted left of 5: the numbers' sub-items
        (
            "Inclusion Criteria:\n\n3. Diagnosis confirmed.\n* cohort A\n* cohort B\n    4. Stage IV\n"
            "    5. Measurable disease\n  * by RECIST\n    6. ECOG 0-1\n",
            [
                ("3", "Diagnosis confirmed.", [(None, "cohort A", []), (None, "cohort B", [])]),
                ("4", "Stage IV", []),
                ("5", "Measurable disease", [(None, "by RECIST", [])]),
                ("6", "ECOG 0-1", []),
            ],
        ),
        # after a numbered sub-list, "2\." at the sub-list's indent continues the outer list
        (
            "Exclusion Criteria:\n\n* 1\\. Treatment with any of the following:\n\n  1. chemotherapy\n  2. radiotherapy\n\n"
            "  2\\. Pregnancy\n",
            [
                ("1", "Treatment with any of the following", [("1", "chemotherapy", []), ("2", "radiotherapy", [])]),
                ("2", "Pregnancy", []),
            ],
        ),
        # an escaped dash after a bullet is a doubled marker
        ("Exclusion Criteria:\n\n* \\- Allergy\n* Pregnancy\n", [(None, "Allergy", []), (None, "Pregnancy", [])]),
        # under a lead-in with a colon, a deeper next number stays a child (as render writes it)
        ("Inclusion Criteria:\n\n2. Organ function:\n  3. platelets\n", [("2", "Organ function", [("3", "platelets", [])])]),
    ],
    ids=["drifting-numbers", "bullets-between-numbers", "outer-list-after-sub-list", "escaped-dash", "lead-in-keeps-child"],
)
def test_numbering_continuity_outranks_indentation(text: str, shape: list[object]) -> None:
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion or criteria.exclusion) == shape


def test_a_section_without_headers_or_markers_reads_its_paragraphs_as_criteria() -> None:
    text = "Adults 18 or older.\n\nWashout of these drugs:\n\nSteroids for 4 weeks;\n\nAspirin for 1 week.\n\nSigned consent.\n"
    criteria, issues = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion) == [
        (None, "Adults 18 or older.", []),
        (None, "Washout of these drugs", [(None, "Steroids for 4 weeks;", []), (None, "Aspirin for 1 week.", [])]),
        (None, "Signed consent.", []),
    ]
    assert criteria.notes == ()
    assert [i.code for i in issues] == ["criteria.no_header"]


def test_notes_alone_round_trip_through_render() -> None:
    x = Listing(title="A.", criteria=Criteria(notes=("Adults 18 or older.", "Signed consent.")))
    y = parse(render(x))
    assert (y.criteria.notes, y.criteria.inclusion) == (x.criteria.notes, ())


@pytest.mark.parametrize(
    "text",
    [
        "Exclusion Criteria:\n\n* Renal failure.\n\n  * Type 1 diabetes.\n  * Acute pancreatitis.\n",
        "Exclusion Criteria:\n\n* • Renal failure.\n\n  * Type 1 diabetes.\n  * Acute pancreatitis.\n",
    ],
)
def test_bullets_indented_under_a_lone_first_criterion_are_its_siblings(text: str) -> None:
    # the registry's markdown: the list's first line in "* ", the rest indented under it
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.exclusion) == [
        (None, "Renal failure.", []),
        (None, "Type 1 diabetes.", []),
        (None, "Acute pancreatitis.", []),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Exclusion Criteria:\n\n* Any of these:\n\n  * Type 1 diabetes.\n  * Acute pancreatitis.\n",
        "Exclusion Criteria:\n\n* Renal failure.\n  * Type 1 diabetes.\n  * Acute pancreatitis.\n",
    ],
    ids=["lead-in", "no-blank-line"],
)
def test_sub_bullets_of_a_lead_in_or_right_under_their_item_stay_children(text: str) -> None:
    criteria, _ = parse_criteria(text, constraints=False)
    assert len(criteria.exclusion) == 1
    assert len(criteria.exclusion[0].children) == 2


def test_a_roman_run_drifting_left_of_its_first_item_stays_under_the_lead_in() -> None:
    text = "Inclusion Criteria:\n\n* Migraine:\n\n  i. onset before 50\n\nii. attacks of 4-72 hours\n\niii. 4 days a month\n"
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion) == [
        (
            None,
            "Migraine",
            [("i", "onset before 50", []), ("ii", "attacks of 4-72 hours", []), ("iii", "4 days a month", [])],
        )
    ]


def test_a_number_run_into_a_line_is_cut_when_the_next_numbered_line_continues_it() -> None:
    text = "Exclusion Criteria:\n\n2. Drug use within 30 days 3. Abnormal labs\n\n   a. Calcium > 11\n\n4. Transplant\n"
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.exclusion) == [
        ("2", "Drug use within 30 days", []),
        ("3", "Abnormal labs", [("a", "Calcium > 11", [])]),
        ("4", "Transplant", []),
    ]
    # without the confirming "4." a number after a word stays text ("grade 2.")
    alone, _ = parse_criteria("Exclusion Criteria:\n\n1. Toxicity of grade 2. Neuropathy excluded\n", constraints=False)
    assert len(alone.exclusion) == 1


def test_a_first_letter_glued_to_a_capitalised_word_opens_a_sub_list_without_a_colon() -> None:
    text = (
        "Inclusion Criteria:\n\n* Cohort 1 adults A.Patients aged 18-65; B.Patients with asthma\n"
        "* Cohort 2 children A.Children aged 6-11\n* Infection with A.fumigatus\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion) == [
        (None, "Cohort 1 adults", [("A", "Patients aged 18-65;", []), ("B", "Patients with asthma", [])]),
        (None, "Cohort 2 children", [("A", "Children aged 6-11", [])]),
        (None, "Infection with A.fumigatus", []),  # a species, in lower case: no marker
    ]


def test_a_run_in_sub_list_keeps_a_label_written_twice_and_returns_to_its_own_list() -> None:
    text = "Inclusion Criteria:\n\n   e. Lesions meeting these criteria: i. at most 3 i. under 2 cm ii. low uptake f. Taxane\n"
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion) == [
        (
            "e",
            "Lesions meeting these criteria",
            [("i", "at most 3", []), ("i", "under 2 cm", []), ("ii", "low uptake", [])],
        ),
        ("f", "Taxane", []),
    ]


def test_a_flattened_table_row_opening_with_a_range_is_no_item() -> None:
    text = (
        "Inclusion Criteria:\n\n* Creatinine by age Age Male Female\n\n  1. to < 2 years 0.6 0.6\n  2. to < 6 years 0.8 0.8\n"
        "* Consent\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion) == [
        (None, "Creatinine by age Age Male Female 1. to < 2 years 0.6 0.6 2. to < 6 years 0.8 0.8", []),
        (None, "Consent", []),
    ]


def test_letter_bullets_run_together_after_a_colon_are_sub_items() -> None:
    text = (
        "Inclusion Criteria:\n\n* Cardiac function defined as: o Shortening fraction over 27%, or o Ejection fraction over 50%\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion) == [
        (
            None,
            "Cardiac function defined as",
            [(None, "Shortening fraction over 27%, or", []), (None, "Ejection fraction over 50%", [])],
        ),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Exclusion Criteria:\n\n1. Infections:\n\n   1. HIV\n   2. Other viremia. 2. Known allergy\n\n3. Transplant\n",
        "Exclusion Criteria:\n\n1. Infections:\n\n  * HIV;\n  * Other viremia. 2. Known allergy\n\n    3\\. Transplant\n",
    ],
    ids=["in-a-numbered-sub-item", "in-a-bullet"],
)
def test_an_outer_number_run_into_a_sub_item_is_cut_when_the_next_numbered_line_continues_it(text: str) -> None:
    criteria, _ = parse_criteria(text, constraints=False)
    assert [(c.label, c.text, len(c.children)) for c in criteria.exclusion] == [
        ("1", "Infections", 2),
        ("2", "Known allergy", 0),
        ("3", "Transplant", 0),
    ]
    assert criteria.exclusion[0].children[1].text == "Other viremia."
    # without the confirming "3." a number stays in the text unless it goes on from an open outer
    # item (the tree's cut: "2." after "1.", test_criteria_tree_classes); "5." goes on from none
    alone, _ = parse_criteria("Exclusion Criteria:\n\n1. Infections:\n\n   1. HIV\n   2. Other viremia. 5. Known allergy\n")
    assert alone.exclusion[0].children[1].text == "Other viremia. 5. Known allergy"


def test_a_bullet_glyph_after_or_before_a_lower_case_word_is_text() -> None:
    text = "Inclusion Criteria:\n\n* Washout of 3 weeks or • half-lives, whichever is longer • Adults\n"
    criteria, _ = parse_criteria(text, constraints=False)
    assert [c.text for c in criteria.inclusion] == ["Washout of 3 weeks or • half-lives, whichever is longer", "Adults"]


def test_a_label_that_repeats_its_parents_is_its_sub_item() -> None:
    text = (
        "Inclusion Criteria:\n\n5. Lymphoma.\n\n5a. Stage III or IV.\n\n5b. One of these types:\n\n"
        "* B-cell neoplasms.\n* Hodgkin lymphomas. 5c. The CLL is Binet stage C.\n\n6. Measurable disease\n"
        "   * (b.i) spleen 5-10 cm\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion) == [
        (
            "5",
            "Lymphoma.",
            [
                ("5a", "Stage III or IV.", []),
                ("5b", "One of these types", [(None, "B-cell neoplasms.", []), (None, "Hodgkin lymphomas.", [])]),
                ("5c", "The CLL is Binet stage C.", []),
            ],
        ),
        ("6", "Measurable disease", [("b.i", "spleen 5-10 cm", [])]),
    ]


def test_the_debris_of_a_lost_label_after_a_bullet_is_part_of_the_marker() -> None:
    text = "Exclusion Criteria:\n\n* . Prior treatment with any of these:\n\n  1. chemotherapy\n* : Infants under 1 year\n"
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.exclusion) == [
        (None, "Prior treatment with any of these", [("1", "chemotherapy", [])]),
        (None, "Infants under 1 year", []),
    ]


def test_a_side_header_for_every_group_is_the_side_header_unless_cohort_headers_follow() -> None:
    text = "Exclusion Criteria for all groups:\n\n* Pregnancy\n* Transplant\n"
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.exclusion) == [(None, "Pregnancy", []), (None, "Transplant", [])]
    cohorts = "Inclusion Criteria for All Parts:\n\n* Adults\n\nInclusion Criteria for Part C:\n\n* Prior surgery\n"
    criteria, _ = parse_criteria(cohorts, constraints=False)
    assert [c.text for c in criteria.inclusion] == ["Inclusion Criteria for All Parts", "Inclusion Criteria for Part C"]


def test_a_lead_in_whose_member_is_a_paragraph_does_not_adopt_the_bullets_after_it() -> None:
    text = "Exclusion Criteria:\n\n* Any evidence of:\n\nSevere systemic disease.\n\n* Transplant\n* Pregnancy\n"
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.exclusion) == [  # one phrase completes the lead-in (NCT07115043's reading)
        (None, "Any evidence of: Severe systemic disease.", []),
        (None, "Transplant", []),
        (None, "Pregnancy", []),
    ]
    text = "Exclusion Criteria:\n\n* Any evidence of:\n\nstroke, infarction, heart failure\n\n* Transplant\n* Pregnancy\n"
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.exclusion) == [  # a list run together: its members (NCT01811251's reading)
        (None, "Any evidence of", [(None, "stroke, infarction, heart failure", [])]),
        (None, "Transplant", []),
        (None, "Pregnancy", []),
    ]


def test_a_title_between_two_numbers_of_one_list_is_a_note_and_reported() -> None:
    text = "Exclusion Criteria:\n\n1. Pregnancy.\n\n   Cardiac safety\n2. Heart failure.\n"
    criteria, issues = parse_criteria(text, constraints=False)
    assert _shape(criteria.exclusion) == [("1", "Pregnancy.", []), ("2", "Heart failure.", [])]
    assert criteria.notes == ("Cardiac safety",)
    assert any(i.code == AMBIGUOUS for i in issues)


def test_a_one_word_title_between_two_numbers_is_a_note_but_a_connector_is_not() -> None:
    text = "Exclusion Criteria:\n\n1. Prolonged QT.\n\n   Pregnancy/Lactation\n2. Breastfeeding.\n"
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.exclusion) == [("1", "Prolonged QT.", []), ("2", "Breastfeeding.", [])]
    assert criteria.notes == ("Pregnancy/Lactation",)
    joined = "Exclusion Criteria:\n\n1. Prolonged QT.\n\n   OR\n2. Breastfeeding.\n"
    criteria, _ = parse_criteria(joined, constraints=False)
    assert criteria.notes == ()


def test_a_staircase_of_bullets_under_a_lead_in_is_one_list() -> None:
    text = (
        "Exclusion Criteria:\n\n* Taking one of the following:\n\n  * Nitrates\n\n    * Anticoagulants\n\n"
        "      * Androgens\n\n        * Trazodone\n* Known allergy\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    members = [(None, name, []) for name in ("Nitrates", "Anticoagulants", "Androgens", "Trazodone")]
    assert _shape(criteria.exclusion) == [(None, "Taking one of the following", members), (None, "Known allergy", [])]
    # one step down is a sub-item as written
    nested = "Exclusion Criteria:\n\n* Heart disease\n\n  * Heart failure\n* Known allergy\n"
    criteria, _ = parse_criteria(nested, constraints=False)
    assert _shape(criteria.exclusion) == [(None, "Heart disease", [(None, "Heart failure", [])]), (None, "Known allergy", [])]


def test_a_paragraph_defining_a_term_of_the_item_above_is_part_of_it() -> None:
    text = (
        "Exclusion Criteria:\n\n* Endocrine disorders such as hyperprolactinemia\n\n"
        "Hyperprolactinemia: prolactin over 3 x ULN\n\n* Stroke\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.exclusion) == [
        (None, "Endocrine disorders such as hyperprolactinemia Hyperprolactinemia: prolactin over 3 x ULN", []),
        (None, "Stroke", []),
    ]
    # a heading with items under it is no definition
    heading = "Exclusion Criteria:\n\n* Intractable epilepsy\n\nDefinition of intractable epilepsy:\n\n* Two failed drugs\n"
    criteria, _ = parse_criteria(heading, constraints=False)
    assert len(criteria.exclusion[0].text) < 30


def test_a_capital_letter_heads_the_numbered_list_that_starts_after_it() -> None:
    text = (
        "Inclusion Criteria:\n\n1. Adults\n2. Consent\n\nA) Cohort A\n\n1. Prior surgery\n2. No relapse\n\n"
        "B) Cohort B\n\n1. No surgery\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion) == [
        ("1", "Adults", []),
        ("2", "Consent", []),
        ("A", "Cohort A", [("1", "Prior surgery", []), ("2", "No relapse", [])]),
        ("B", "Cohort B", [("1", "No surgery", [])]),
    ]
    # a small letter is no heading over numbers: the outline's order puts it under them
    criteria, _ = parse_criteria("Inclusion Criteria:\n\na) Adults\n1. Consent\n", constraints=False)
    assert [c.label for c in criteria.inclusion] == ["a", "1"]


def test_a_population_heading_with_its_criterion_on_its_line_is_a_group_on_its_side() -> None:
    text = (
        "Inclusion Criteria:\n\nInfants with the allergy\n\nControl group: infants without it\n\n"
        "Exclusion Criteria:\n\nimmune deficiency Control group: other food allergy.\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion) == [
        (None, "Infants with the allergy", []),
        (None, "Control group", [(None, "infants without it", [])]),
    ]
    assert _shape(criteria.exclusion) == [
        (None, "immune deficiency", []),
        (None, "Control group", [(None, "other food allergy.", [])]),
    ]


def test_population_headings_under_a_topic_stay_in_it_with_the_next_heading() -> None:
    text = (
        "Inclusion Criteria:\n\n* Adults\n\nGroup specific:\n\n"
        "Healthy controls: negative challenge at screening Donors: blood group O\n\n"
        "Patients with asthma:\n\n* Asthma for 6 months\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion) == [
        (None, "Adults", []),
        (
            None,
            "Group specific",
            [
                (None, "Healthy controls", [(None, "negative challenge at screening", [])]),
                (None, "Donors", [(None, "blood group O", [])]),
                (None, "Patients with asthma", [(None, "Asthma for 6 months", [])]),
            ],
        ),
    ]


@pytest.mark.parametrize(
    ("members", "after"),
    [
        # a run joined by "or": the member without it was the last
        (["Asthma score of 19 or less, or", "Rescue inhaler use twice a week, or", "Night waking weekly"], "Internet access"),
        # members in lower case, then a sentence's capital
        (["had radiotherapy, AND", "have no symptoms"], "Systemic steroid use"),
        # members naming their kind, then one that does not
        (["Mild: managed at home", "Severe: hospitalised"], "FEV1 below 65% of predicted"),
        # a criterion about the person, where no member was
        (["HbA1c of 6.5% or higher", "fasting glucose of 126 mg/dL or higher"], "Willing to attend all visits"),
    ],
)
def test_a_legacy_lead_in_stops_at_an_item_that_is_clearly_no_member(members: list[str], after: str) -> None:
    lines = ["Inclusion Criteria:", "", "  -  Adults", "", "  -  At least one of the following:", ""]
    lines += [f"  -  {m}\n" for m in [*members, after]]
    criteria, _ = parse_criteria("\n".join(lines), constraints=False)
    assert [c.text for c in criteria.inclusion] == ["Adults", "At least one of the following", after]
    assert [c.text for c in criteria.inclusion[1].children] == members


def test_a_legacy_lead_in_keeps_members_of_one_shape() -> None:
    lines = ["Inclusion Criteria:", "", "  -  Adults", "", "  -  At least one of the following:", ""]
    lines += ["  -  Known diabetes\n", "  -  Known hypertension\n", "  -  ALT or AST above 3 x ULN\n"]
    criteria, _ = parse_criteria("\n".join(lines), constraints=False)
    assert [len(c.children) for c in criteria.inclusion] == [0, 3]


def test_topic_headings_fused_to_the_header_glued_to_an_item_or_with_a_run_in_bullet() -> None:
    text = (
        "Exclusion Criteria Disease Related\n\n* Long QT syndrome\n\nOther Conditions\n\n"
        "* Other malignancy within 5 years. Prior Therapy\n* Cinacalcet within 30 days\n\n"
        "Prior Study Experience • Currently in another study\n\n"
        "Within the 60 days before enrollment\n\n• New seizures\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.exclusion) == [
        (None, "Disease Related", [(None, "Long QT syndrome", [])]),
        (None, "Other Conditions", [(None, "Other malignancy within 5 years.", [])]),
        (None, "Prior Therapy", [(None, "Cinacalcet within 30 days", [])]),
        (None, "Prior Study Experience", [(None, "Currently in another study", [])]),
        (None, "Within the 60 days before enrollment", [(None, "New seizures", [])]),
    ]
    assert [h.text for h in criteria.headers] == ["Exclusion Criteria"]


def test_a_cohort_named_after_the_header_words_stays_a_cohort() -> None:
    criteria, _ = parse_criteria("Inclusion Criteria Cohort A\n\n* Adults\n", constraints=False)
    assert _shape(criteria.inclusion) == [(None, "Inclusion Criteria Cohort A", [(None, "Adults", [])])]
    # "Or" after a sentence end is a connector, not a title
    text = "Exclusion Criteria:\n\nRenal\n\n* Dialysis. Or\n* Transplant\n"
    criteria, _ = parse_criteria(text, constraints=False)
    assert [c.text for c in criteria.exclusion[0].children] == ["Dialysis. Or", "Transplant"]


def test_a_second_paragraph_opening_as_the_lead_in_first_member_did_is_its_next_member() -> None:
    text = (
        "Inclusion Criteria:\n\n* Advanced solid tumors:\n\nDose escalation part will enroll pretreated patients.\n\n"
        "Dose expansion part will enroll untreated patients.\n\n* Measurable disease\n"
    )
    criteria, issues = parse_criteria(text, constraints=False)
    members = [
        (None, "Dose escalation part will enroll pretreated patients.", []),
        (None, "Dose expansion part will enroll untreated patients.", []),
    ]
    assert _shape(criteria.inclusion) == [(None, "Advanced solid tumors", members), (None, "Measurable disease", [])]
    assert any(i.code == AMBIGUOUS for i in issues)


def test_a_title_before_a_sub_list_that_starts_again_at_one_heads_it() -> None:
    text = (
        "Inclusion Criteria:\n\n* Stage IV disease, dose escalation\n\n  1. One prior regimen\n  2. No prior therapy\n\n"
        "     Dose Expansion\n\n  <!-- -->\n\n  1. No prior therapy\n* Consent\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion) == [
        (
            None,
            "Stage IV disease, dose escalation",
            [
                ("1", "One prior regimen", []),
                ("2", "No prior therapy", []),
                (None, "Dose Expansion", [("1", "No prior therapy", [])]),
            ],
        ),
        (None, "Consent", []),
    ]


def test_a_paragraph_at_a_sub_list_marker_column_with_the_list_going_on_remarks_on_the_item_before() -> None:
    text = (
        "Exclusion Criteria:\n\n17. Any of these:\n    * Uncontrolled pain.\n\n"
        "    Asymptomatic lesions should be treated first.\n    * Pleural effusion\n"
    )
    criteria, issues = parse_criteria(text, constraints=False)
    kids = [(None, "Uncontrolled pain. Asymptomatic lesions should be treated first.", []), (None, "Pleural effusion", [])]
    assert _shape(criteria.exclusion) == [("17", "Any of these", kids)]
    assert any(i.code == AMBIGUOUS for i in issues)


def test_a_sub_list_run_into_its_lead_in_goes_on_at_the_items_text_column() -> None:
    text = (
        "Inclusion Criteria:\n\n* Constipation defined as: a. Fewer than 3 stools a week.\n\n"
        "  b. Hard stools. c. Straining.\n* Adults\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    kids = [("a", "Fewer than 3 stools a week.", []), ("b", "Hard stools.", []), ("c", "Straining.", [])]
    assert _shape(criteria.inclusion) == [(None, "Constipation defined as", kids), (None, "Adults", [])]


def test_a_remark_that_the_criteria_above_are_only_applicable_somewhere_is_a_note() -> None:
    text = "Inclusion Criteria:\n\n* Adults\n\nNote: The above criteria are only applicable to outpatients.\n\n* Consent\n"
    criteria, _ = parse_criteria(text, constraints=False)
    assert [c.text for c in criteria.inclusion] == ["Adults", "Consent"]
    assert criteria.notes == ("Note: The above criteria are only applicable to outpatients.",)


def test_dotted_labels_name_their_parent_and_split_a_line_they_run_together_on() -> None:
    text = (
        "Exclusion Criteria:\n\n8. Contraindicated:\n\n   8.1 Severe disorders 8.2 Eating disorders, BMI 1.5 Times 8.3 IFN use\n"
        "9. Guardianship\n10. Drugs: 10.1 Steroids 10.2 Antibodies\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.exclusion) == [
        (
            "8",
            "Contraindicated",
            [("8.1", "Severe disorders", []), ("8.2", "Eating disorders, BMI 1.5 Times", []), ("8.3", "IFN use", [])],
        ),
        ("9", "Guardianship", []),
        ("10", "Drugs", [("10.1", "Steroids", []), ("10.2", "Antibodies", [])]),
    ]


def test_a_letter_run_into_a_sub_item_is_cut_when_the_next_line_opens_with_the_letter_after_it() -> None:
    text = (
        "Exclusion Criteria:\n\n   1. Allergies\n   2. Any contraindication:\n\n   i. allergy to rifampin.\n\n"
        "   ii. lupus. c) The subject has an infection.\n\n   d) The subject is frail.\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.exclusion) == [
        ("1", "Allergies", []),
        ("2", "Any contraindication", [("i", "allergy to rifampin.", []), ("ii", "lupus.", [])]),
        ("c", "The subject has an infection.", []),
        ("d", "The subject is frail.", []),
    ]
    # without the "d)" line the letter stays in the text
    alone, _ = parse_criteria(text.replace("d) The", "The"), constraints=False)
    assert alone.exclusion[1].children[1].text == "lupus. c) The subject has an infection."


def test_capital_letters_cut_from_a_line_stay_in_the_list_of_the_capital_letters_above() -> None:
    text = (
        "Inclusion Criteria:\n\n* One of the following:\n\n"
        "A) Failed food challenge B) Positive skin test; or C) Reaction\n\n* Consent\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    kids = [("A", "Failed food challenge", []), ("B", "Positive skin test; or", []), ("C", "Reaction", [])]
    assert _shape(criteria.inclusion) == [(None, "One of the following", kids), (None, "Consent", [])]


def test_a_first_a_paren_before_a_capital_opens_a_sub_list_without_a_colon() -> None:
    text = "Inclusion Criteria:\n\n1. Prior therapy a) The HR positive patients qualify b) Others too\n2. Consent (see a) here)\n"
    criteria, _ = parse_criteria(text, constraints=False)
    kids = [("a", "The HR positive patients qualify", []), ("b", "Others too", [])]
    assert _shape(criteria.inclusion) == [("1", "Prior therapy", kids), ("2", "Consent (see a) here)", [])]


def test_a_list_run_into_its_header_line_is_cut_at_its_next_number_even_once() -> None:
    text = "Exclusion Criteria:1. Cancer within 3 years of mBC 2. Patients with HER2 amplified\n"
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.exclusion) == [("1", "Cancer within 3 years of mBC", []), ("2", "Patients with HER2 amplified", [])]
    both, _ = parse_criteria("Inclusion Criteria:1. Adults 2. Consent - Exclusion Criteria:1. HER2 3+\n")
    assert [c.text for c in both.inclusion] == ["Adults", "Consent"]  # the header's bullet is no text
    assert [c.text for c in both.exclusion] == ["HER2 3+"]
    # on a line of its own, one number after a word stays text ("grade 2.")
    alone, _ = parse_criteria("Exclusion Criteria:\n1. Cancer within 3 years of mBC 2. Patients with HER2\n")
    assert len(alone.exclusion) == 1


def test_a_number_written_twice_on_a_run_together_line_is_a_numbering_slip_not_text() -> None:
    text = "Inclusion Criteria:\n\n4) Opioid use 5) English-speaking 5) Able to use a smartphone\n"
    criteria, _ = parse_criteria(text, constraints=False)
    assert [(c.label, c.text) for c in criteria.inclusion] == [
        ("4", "Opioid use"),
        ("5", "English-speaking"),
        ("5", "Able to use a smartphone"),
    ]
    # "N." repeated is a value in a sentence as often as a slip: it stays text
    dotted, _ = parse_criteria("Inclusion Criteria:\n\n4. Opioid use 5. English 5. Able 6. Consent\n", constraints=False)
    assert [c.text for c in dotted.inclusion] == ["Opioid use", "English 5. Able", "Consent"]


def test_a_numbered_list_run_into_a_bullet_continues_beside_it_or_under_its_title() -> None:
    text = (
        "Inclusion Criteria:\n\n* Able to read English; 3. Participants consent; 4. Participants are adults\n"
        "* Toxicity of grade 2. Neuropathy excluded\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion) == [
        (None, "Able to read English;", []),
        ("3", "Participants consent;", []),
        ("4", "Participants are adults", []),
        (None, "Toxicity of grade 2. Neuropathy excluded", []),  # one number alone is a value
    ]
    titled = "Exclusion Criteria:\n\n* Administrative reasons 5. Not following instructions 6. Unable to understand\n"
    criteria, _ = parse_criteria(titled, constraints=False)
    kids = [("5", "Not following instructions", []), ("6", "Unable to understand", [])]
    assert _shape(criteria.exclusion) == [(None, "Administrative reasons", kids)]


def test_headers_of_one_side_naming_populations_in_parentheses_are_cohorts() -> None:
    text = (
        "Inclusion Criteria (Adults):\n\n* Aged 18 or over\n* Consent\n\n"
        "Inclusion Criteria (Teachers):\n\n* Works at the school\n\nExclusion Criteria:\n\n* Pregnancy\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion) == [
        (None, "Inclusion Criteria (Adults)", [(None, "Aged 18 or over", []), (None, "Consent", [])]),
        (None, "Inclusion Criteria (Teachers)", [(None, "Works at the school", [])]),
    ]
    assert _shape(criteria.exclusion) == [(None, "Pregnancy", [])]
    # one such header alone names the side's population: the side's header
    alone, _ = parse_criteria("Inclusion Criteria (Adults):\n\n* Aged 18 or over\n", constraints=False)
    assert _shape(alone.inclusion) == [(None, "Aged 18 or over", [])]


def test_a_note_paragraph_at_a_sub_items_marker_column_is_part_of_that_item() -> None:
    text = (
        "Inclusion Criteria:\n\n1. Disease as follows:\n\n   a) Confirmed tumour.\n\n   b) No prior therapy.\n\n"
        "   [Note: surgery alone is allowed].\n\nExclusion Criteria:\n\n1. Pregnancy\n"
    )
    criteria, issues = parse_criteria(text, constraints=False)
    kids = [("a", "Confirmed tumour.", []), ("b", "No prior therapy. [Note: surgery alone is allowed].", [])]
    assert _shape(criteria.inclusion) == [("1", "Disease as follows", kids)]
    assert not any(i.code == AMBIGUOUS for i in issues)


def test_a_notes_heading_is_a_note_and_the_sub_items_under_it_keep_their_item() -> None:
    text = "Inclusion Criteria:\n\n1. Adults\n2. Exhausted therapies\n\nNotes:\n\n2a. Two prior lines\n\n2b. No access\n"
    criteria, _ = parse_criteria(text, constraints=False)
    kids = [("2a", "Two prior lines", []), ("2b", "No access", [])]
    assert _shape(criteria.inclusion) == [("1", "Adults", []), ("2", "Exhausted therapies", kids)]
    assert [n.strip() for n in criteria.notes] == ["Notes:"]


def test_title_case_headings_over_bullets_nest_in_the_upper_case_topic_without_side_headers() -> None:
    text = "PATIENT CHARACTERISTICS:\n\nAge\n\n* Over 18\n\nRenal\n\n* Normal creatinine\n* No dialysis\n"
    criteria, _ = parse_criteria(text, constraints=False)
    renal = [(None, "Normal creatinine", []), (None, "No dialysis", [])]
    topics = [(None, "Age", [(None, "Over 18", [])]), (None, "Renal", renal)]
    assert _shape(criteria.inclusion) == [(None, "PATIENT CHARACTERISTICS", topics)]


def test_the_next_heading_of_a_series_closes_the_items_above_it_wherever_it_stands() -> None:
    text = (
        "Inclusion Criteria:\n\nCohort 1:\n\n1. Adults\n2. Organ function:\n\n   1. Normal creatinine\n\n"
        "   Cohort 2:\n3. Rolled over\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    organ = ("2", "Organ function", [("1", "Normal creatinine", [])])
    assert _shape(criteria.inclusion) == [
        (None, "Cohort 1", [("1", "Adults", []), organ]),
        (None, "Cohort 2", [("3", "Rolled over", [])]),
    ]


def test_a_heading_right_under_an_empty_heading_is_its_sub_heading_until_one_opens_alike() -> None:
    text = (
        "Inclusion Criteria:\n\nFor patients:\n\nAdults with:\n\n1. Asthma\n2. Eczema\n\n"
        "For controls:\n\nAdults with:\n\n1. No allergy\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert _shape(criteria.inclusion) == [
        (None, "For patients", [(None, "Adults with", [("1", "Asthma", []), ("2", "Eczema", [])])]),
        (None, "For controls", [(None, "Adults with", [("1", "No allergy", [])])]),
    ]
    # one sub-heading alone does not make the next topic heading a sub-heading too
    text = (
        "Exclusion Criteria\n\nConcurrent Medication:\n\nExcluded:\n\n* Steroids.\n\n"
        "Prior Medication:\n\nExcluded:\n\n* Vaccines.\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert [(c.text, [k.text for k in c.children]) for c in criteria.exclusion] == [
        ("Concurrent Medication", ["Excluded"]),
        ("Prior Medication", ["Excluded"]),
    ]


def test_a_longer_heading_among_topics_is_one_more_topic() -> None:
    text = (
        "Exclusion Criteria:\n\nFor group A:\n\n* Anticoagulants\n\n"
        "Prerequisites for carrying out the sternal sample in order to carry out a myelogram (group A):\n\n"
        "* Platelets above 100,000\n\nFor group B:\n\n* Hypotension\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    assert [c.text.rstrip(":").split(" (")[0][:30] for c in criteria.exclusion] == [
        "For group A",
        "Prerequisites for carrying out",
        "For group B",
    ]


def test_a_footnote_sign_opening_a_note_is_no_part_of_its_text() -> None:
    text = "Inclusion Criteria:\n\n* Adults\n* Anaemia\\*\n\n\\*Haemoglobin below 10 g/dL\n"
    criteria, _ = parse_criteria(text, constraints=False)
    assert [n.strip() for n in criteria.notes] == ["Haemoglobin below 10 g/dL"]
    assert [c.text for c in criteria.inclusion] == ["Adults", "Anaemia*"]


def test_a_lead_in_with_a_short_aside_before_its_colon_takes_members_until_the_lists_punctuation_returns() -> None:
    text = (
        "Inclusion Criteria:\n\n* Adults;\n* Tumour-specific criteria (expansion phase):\n"
        "* Lung cancer after one prior regimen.\n* Liver cancer after one prior regimen.\n* ECOG 0 or 1;\n* Consent\n"
    )
    criteria, _ = parse_criteria(text, constraints=False)
    members = [(None, "Lung cancer after one prior regimen.", []), (None, "Liver cancer after one prior regimen.", [])]
    assert _shape(criteria.inclusion) == [
        (None, "Adults;", []),
        (None, "Tumour-specific criteria (expansion phase)", members),
        (None, "ECOG 0 or 1;", []),
        (None, "Consent", []),
    ]


@pytest.mark.parametrize(
    "text",
    ["- 1.5 Gy per fraction", "* 8.1 Hemoglobin above 9", "1.5 Gy per fraction", "- 0.5 Mg per kg"],
)
def test_a_decimal_that_opens_an_item_stays_in_its_text(text: str) -> None:
    # a dotted label ("8.1 Text") names its parent and stands indented under it; a number read
    # as one here would take the quantity out of the criterion
    criteria, _ = parse_criteria("Inclusion Criteria:\n" + text)
    (item,) = criteria.inclusion
    assert item.label is None
    assert item.text == text.lstrip("-* ")


def test_two_population_headings_on_one_line_each_hold_their_own_criterion() -> None:
    page = "Inclusion Criteria:\nHealthy controls: x Donors: y\n"
    criteria, issues = parse_criteria(page)
    assert [(c.text, [k.text for k in c.children]) for c in criteria.inclusion] == [
        ("Healthy controls", ["x"]),
        ("Donors", ["y"]),
    ]
    assert all(i.span is None or i.span.start <= i.span.end for i in issues)


def test_a_population_heading_with_no_criterion_before_the_next_is_no_heading() -> None:
    criteria, issues = parse_criteria("Inclusion Criteria:\nHealthy controls: Control group: adults")
    assert [(c.text, [k.text for k in c.children]) for c in criteria.inclusion] == [
        ("Healthy controls", ["Control group: adults"])
    ]
    assert all(i.span is None or i.span.start <= i.span.end for i in issues)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # a bullet glyph written for a decimal point stays in its text
        (
            "Exclusion Criteria:\n\n1. eGFR <30 mL/min/1•73 m2 using MDRD.\n2. Pregnancy\n",
            [("1", "eGFR <30 mL/min/1•73 m2 using MDRD.", []), ("2", "Pregnancy", [])],
        ),
        # the same glyph with a space on either side, or glued to a word, still cuts
        (
            "Exclusion Criteria: * Adults 18 • 65 years •Consent",
            [(None, "Adults 18", []), (None, "65 years", []), (None, "Consent", [])],
        ),
    ],
)
def test_a_bullet_glyph_between_digits_is_a_decimal_point(page: str, expected: list[object]) -> None:
    criteria, _ = parse_criteria(page)
    got = [(c.label, c.text, [k.text for k in c.children]) for c in criteria.exclusion]
    assert got == expected
