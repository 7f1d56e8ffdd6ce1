"""criteria.ambiguous_structure, layout by layout: where a careful reader could give another reading
the item that reading changes is reported, with what is a guess about it; where a cue settles it
nothing is reported. The texts are small invented ones in the shape of the corpus texts that showed
each layout."""

from __future__ import annotations

import pytest

from trialparse import parse_criteria

AMBIGUOUS = "criteria.ambiguous_structure"


def _reports(text: str) -> list[tuple[str, str]]:
    """(the reported item's text, what the report says) for every report."""
    _, issues = parse_criteria(text, constraints=False)
    return [(text[i.span.start : i.span.end], i.message) for i in issues if i.code == AMBIGUOUS and i.span is not None]


@pytest.mark.parametrize(
    ("text", "item", "says"),
    [
        # a lone "OR" at the column of both an item's text and its sub-items' markers, before the
        # outer list's next number: it links items 1 and 2, or ends sub-item B
        (
            "Inclusion Criteria:\n\n1. Acute onset of hives\n\n   A) Wheeze\n\n   B) Low blood pressure\n\n   OR\n"
            "2. Two or more of the following\n\n   A) Hives\n\n   B) Vomiting\n",
            "B) Low blood pressure",
            "paragraph joined",
        ),
        # a stray mark where the paragraph's marker was: more of the bullet above, or an item of its own
        (
            "Exclusion Criteria:\n\n* History of surgery.\n* Single patient.\n\n  . Thyroid disorders.\n* Primary ED.\n",
            "* Single patient.",
            "paragraph joined",
        ),
        # paragraphs left of an open sub-list, with the outer list going on after them: items of
        # their own, or more of the item holding the sub-list
        (
            "Inclusion Criteria:\n\n* Agents are excluded, such as:\n  * Antibiotics: clarithromycin\n"
            "  * Antifungals: ketoconazole\n\nSubjects must receive care for HIV infection.\n\n"
            "To enroll, subjects should be on accepted therapy.\n\n* Adequate organ function\n",
            "Subjects must receive care",
            "item of its own",
        ),
        # a remark between items, after a sub-list: a note, or more of the item above
        (
            "Inclusion Criteria:\n\n* Constipation with two of:\n\n  a. Straining. b. Hard stools.\n\n"
            "Note: The above criteria apply to spontaneous bowel movements only.\n\n* Normal colon anatomy\n",
            "Note: The above criteria",
            "read as a note",
        ),
        # a side's one paragraph running criteria together: one item, or several
        (
            "Inclusion Criteria:\n\nChildren with food allergy; Children with asthma Healthy volunteers\n\n"
            "Exclusion Criteria:\n\nVegetarians.\n",
            "Children with food allergy",
            "several run together",
        ),
        # the numbers run on across a heading: it holds item 4, or it is a title between 3 and 4
        (
            "Inclusion Criteria:\n\nCohort 1:\n\n1. Fabry disease\n2. Compliant\n3. Meets the guidelines\n\n"
            "Cohort 2:\n4. Took part in the first study\n",
            "Cohort 2:",
            "nesting",
        ),
        # a phrase waiting for its complement first under a heading: a criterion holding the list,
        # or the heading's lead-in with the list right under the heading
        (
            "Inclusion Criteria:\n\nFor treated patients:\n\nAdults aged 18-40 years with:\n\n1. Peanut allergy\n"
            "2. Positive skin test\n\nExclusion Criteria:\n\n1. Pregnancy\n",
            "Adults aged 18-40 years with:",
            "nesting",
        ),
        # a same-style lead-in whose members end only where the outer list's ";" comes back: its
        # members, or the bullets after it are its siblings
        (
            "Inclusion Criteria:\n\n* Adults, 18 years or older;\n* Advanced solid tumor;\n"
            "* Tumor-specific criteria (Expansion phase):\n* NSCLC 2L+: progressed on one regimen\n"
            "* HCC 2L+: progressed on one regimen\n* ECOG 0 or 1;\n* Measurable lesion\n",
            "* Tumor-specific criteria",
            "nesting",
        ),
    ],
)
def test_the_guess_is_reported_on_the_item_it_changes(text: str, item: str, says: str) -> None:
    reports = _reports(text)
    assert len(reports) == 1, reports
    assert reports[0][0].startswith(item)
    assert says in reports[0][1]


@pytest.mark.parametrize(
    "text",
    [
        # numbering continuity settles a lead-in's place: "5." after "4. …:" is its sibling
        "Inclusion Criteria:\n\n1. Adults;\n2. Oral steroids must meet the following requirements:\n"
        "3. Prednisone 7.5 to 60 mg/day;\n4. Signed consent\n",
        # a heading in capitals heads its long run of bullets plainly
        "Inclusion Criteria:\n\n* Adults\n* Owns a phone\n* OTHER CRITERIA:\n* Interested in the study\n"
        "* Not in another study\n* Speaks English\n* Lives nearby\n* Has email\n* Has a computer\n* Can travel\n",
        # headers naming their criteria hold them, though the numbers run on across them
        "Pre-operative inclusion criteria:\n\n1. Adults\n2. Scheduled surgery\n\n"
        "Post-operative inclusion criteria:\n\n3. Surgery done\n4. Stable\n\nExclusion Criteria:\n\n1. Pregnancy\n",
        # a heading over a list after items of its own side: no heading above it to lead in to
        "Inclusion Criteria:\n\n* Adults;\n* Signed consent.\n\nDiagnostic criteria for:\n\n"
        "\\- COPD: cough\n\n\\- Asthma: wheeze\n",
        # a lone "OR" between two bullets at one level: it ends the option above, no sub-list to join
        "Inclusion Criteria:\n\n* Hives\n\nOR\n\n* Wheeze\n",
    ],
)
def test_a_settled_layout_is_not_reported(text: str) -> None:
    assert _reports(text) == []


# --- a heading line under an item while the numbers run on (review 9, MEDIUM 7) -----------------


def _outline(text: str) -> list[tuple[str | None, str, list[tuple[str | None, str]]]]:
    criteria, _ = parse_criteria(text, constraints=False)
    return [(c.label, c.text, [(k.label, k.text) for k in c.children]) for c in criteria.inclusion]


@pytest.mark.parametrize(
    ("first", "second", "reported"),
    [
        ("Demographics:", "Medical history:", ["Medical history:"]),  # title case: holds them, or a title between
        ("DEMOGRAPHICS:", "MEDICAL HISTORY:", []),  # topics in capitals: plain
        ("DEMOGRAPHICS", "MEDICAL HISTORY", []),
        ("Demographics", "Medical History", ["Medical History"]),
    ],
)
def test_a_heading_line_under_an_item_before_the_next_number_heads_a_topic(
    first: str, second: str, reported: list[str]
) -> None:
    text = f"Inclusion Criteria:\n{first}\n1. Age 18-65\n2. BMI 18-30\n{second}\n3. No diabetes\n4. No stroke\n"
    assert _outline(text) == [
        (None, first.rstrip(":"), [("1", "Age 18-65"), ("2", "BMI 18-30")]),
        (None, second.rstrip(":"), [("3", "No diabetes"), ("4", "No stroke")]),
    ]
    assert [span for span, _ in _reports(text)] == reported


@pytest.mark.parametrize("item", ["2. BMI 18-30", "2) BMI 18-30"])
def test_a_heading_line_glued_under_an_item_outside_topics_is_reported(item: str) -> None:
    # no topic above: the line is read as the item's end, a lead-in kept flat, and that is a guess
    first = item.replace("2", "1", 1).replace("BMI 18-30", "Age 18-65")
    nxt = item.replace("2", "3", 1).replace("BMI 18-30", "No diabetes")
    text = f"Inclusion Criteria:\n{first}\n{item}\nMedical history:\n{nxt}\n"
    assert [span for span, _ in _reports(text)] == [f"{item}\nMedical history:"]


def test_a_lead_in_on_the_items_own_line_before_the_next_number_stays_unreported() -> None:
    # numbering continuity settles it: "3. … requirements:" then "4." are siblings
    text = "Inclusion Criteria:\n1. Adults\n2. Consent\n3. Able to meet these requirements:\n4. Asthma\n"
    assert _reports(text) == []


@pytest.mark.parametrize("colon", ["", ":"])
@pytest.mark.parametrize("blank", ["", "\n"])
def test_topics_in_capitals_over_one_running_list_are_no_guess(colon: str, blank: str) -> None:
    text = (
        f"Inclusion Criteria:\n\nDEMOGRAPHICS{colon}\n{blank}1. Age 18-65\n2. BMI 18-30\n\n"
        f"MEDICAL HISTORY{colon}\n{blank}3. No diabetes\n4. No stroke\n"
    )
    assert _reports(text) == []


def test_a_units_heading_whose_numbers_run_on_stays_reported() -> None:
    text = "Inclusion Criteria:\n\nCOHORT A:\n\n1. Age 18-65\n2. BMI 18-30\n\nCOHORT B:\n\n3. No diabetes\n4. No stroke\n"
    assert [span for span, _ in _reports(text)] == ["COHORT B:"]
