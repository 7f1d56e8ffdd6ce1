"""An item's own text that goes on after its children: ``Criterion.more_spans`` (schema 1.2).

A table of small layouts where a reader joins a paragraph (or a connector bullet) below a
sub-list to the item above the sub-list, and one of the layouts where the same place holds a
child, an item or a note instead; then the new field through every output: invariants,
constraints, render, JSON and its schema, tables, the review page, ``parse_many``'s transport.
"""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import trialparse
from tests._reliability import criteria_problems, text_mismatch
from trialparse import Criterion, Listing, Span, parse, parse_criteria, render, review_html, to_records
from trialparse._transport import pack, unpack
from trialparse.model import ConstraintKind

AMBIGUOUS = "criteria.ambiguous_structure"

# the item of each layout below: its text, its children's texts, and its later pieces as written
PIECES = [
    pytest.param(
        "Inclusion Criteria:\n\n1. Negative HBsAg test, or either of the following:\n\n   * HBcAb negative\n"
        "   * HBV DNA below 500 IU/mL\n\n   The HBV DNA test is required for these patients.\n2. Consent\n",
        "Negative HBsAg test, or either of the following: The HBV DNA test is required for these patients.",
        ["HBcAb negative", "HBV DNA below 500 IU/mL"],
        ["The HBV DNA test is required for these patients."],
        id="paragraph-at-the-text-column-after-bullets",
    ),
    pytest.param(
        "Exclusion Criteria:\n\n7. Active brain metastases.\n\n   Treated ones are allowed if all of these hold:\n"
        "   * Stable for 4 weeks\n   * No steroids\n\n   New lesions found at screening are allowed after radiotherapy.\n\n"
        "   Repeat scans are not needed.\n8. Pregnancy\n",
        "Active brain metastases. Treated ones are allowed if all of these hold: New lesions found at screening are "
        "allowed after radiotherapy. Repeat scans are not needed.",
        ["Stable for 4 weeks", "No steroids"],
        ["New lesions found at screening are allowed after radiotherapy.\n\n   Repeat scans are not needed."],
        id="two-paragraphs-after-the-sub-list-one-piece",
    ),
    pytest.param(
        "Inclusion Criteria:\n\n* Relapsed disease, defined as either:\n\n  * (i) progression on therapy\n"
        "  * (ii) relapse after response\n\nAND not a candidate for further therapy.\n\n* Consent\n",
        "Relapsed disease, defined as either: AND not a candidate for further therapy.",
        ["progression on therapy", "relapse after response"],
        ["AND not a candidate for further therapy."],
        id="connector-paragraph-at-the-marker-column",
    ),
    pytest.param(
        "Inclusion Criteria:\n\n* Relapsed disease, defined as either:\n\n  1. progression on therapy, with\n\n"
        "     * (a) rising markers\n\n* Consent\n\nExclusion Criteria:\n\n* Prior therapy:\n  * surgery\n  * radiation\n\n"
        "or both within the last year.\n\n* Pregnancy\n",
        "Prior therapy: or both within the last year.",
        ["surgery", "radiation"],
        ["or both within the last year."],
        id="lower-case-paragraph-at-the-marker-column",
    ),
    pytest.param(
        "Inclusion Criteria:\n\n1. Either method of birth control:\n\n   1. A highly effective method.\n\n      * Or\n"
        "   2. Two barrier methods.\n2. Consent\n",
        "A highly effective method. Or",
        [],
        ["* Or"],
        id="connector-bullet-under-an-item",
    ),
    pytest.param(
        "Inclusion Criteria:\n\n* Stage III disease\n* or\n* Stage IV disease\n",
        "Stage III disease or",
        [],
        ["* or"],
        id="connector-bullet-between-siblings",
    ),
    pytest.param(
        "Inclusion Criteria:\n\n1. Onset within 1 hour of one of the following:\n\n   * urticaria\n   * wheeze\n\n   AND\n"
        "2. Documented sensitisation\n",
        "Onset within 1 hour of one of the following: AND",
        ["urticaria", "wheeze"],
        ["AND"],
        id="lone-connector-at-the-text-column-after-bullets",
    ),
]


def _find(items: tuple[Criterion, ...], text: str) -> Criterion:
    stack = list(items)
    while stack:
        c = stack.pop()
        if c.text == text:
            return c
        stack.extend(c.children)
    msg = f"no criterion {text!r}"
    raise AssertionError(msg)


def _all(text: str) -> tuple[Criterion, ...]:
    criteria, _ = parse_criteria(text)
    return (*criteria.inclusion, *criteria.exclusion)


@pytest.mark.parametrize(("text", "joined", "children", "pieces"), PIECES)
def test_text_after_the_children_is_a_later_piece_of_the_item(
    text: str, joined: str, children: list[str], pieces: list[str]
) -> None:
    item = _find(_all(text), joined)
    assert [c.text for c in item.children] == children
    assert [text[sp.start : sp.end] for sp in item.more_spans] == pieces
    criteria, issues = parse_criteria(text)
    assert criteria_problems(text, criteria, issues, markers=True) == []


def test_a_connector_paragraph_at_the_marker_column_is_reported_on_the_item() -> None:
    text = PIECES[2].values[0]
    assert isinstance(text, str)
    _, issues = parse_criteria(text)
    reported = [text[i.span.start : i.span.end] for i in issues if i.code == AMBIGUOUS and i.span]
    assert reported == ["* Relapsed disease, defined as either:"]


def test_a_paragraph_at_the_text_column_after_bullets_is_not_reported() -> None:
    text = PIECES[0].values[0]
    assert isinstance(text, str)
    assert not [i for i in parse_criteria(text)[1] if i.code == AMBIGUOUS]


# the same places holding something else (a member, an item that lost its marker, a sentence of
# its own, more words than a connector): (text, the item's whole text, its children's texts)
NOT_PIECES = [
    pytest.param(
        "Exclusion Criteria:\n\n9. Heart disease, including:\n\n   QTc over 470 ms.\n\n   Unstable angina.\n\n10. Other\n",
        "Heart disease, including",
        ["QTc over 470 ms.", "Unstable angina."],
        id="paragraph-members-stay-children",
    ),
    pytest.param(
        "Inclusion Criteria:\n\n* Prior therapy, defined as:\n\n  a. surgery\n  b. radiation\n\n  5 Adequate renal function\n",
        "Prior therapy, defined as",
        None,  # "5 …" is an item of its own that lost its marker: no part of this one's text
        id="a-paragraph-opening-with-a-lost-number-is-no-piece",
    ),
    pytest.param(
        "Inclusion Criteria:\n\n* Relapsed disease, either:\n\n  * progression\n  * relapse\n\n"
        "Not a candidate for transplant.\n\n* Consent\n",
        "Relapsed disease, either",
        ["progression", "relapse"],
        id="a-capitalised-sentence-at-the-marker-column-is-no-piece",
    ),
    pytest.param(
        "Inclusion Criteria:\n\n* Stage III disease\n* or any other stage\n",
        "Stage III disease",
        [],
        id="a-bullet-with-more-than-a-connector-is-an-item",
    ),
    pytest.param(
        "Exclusion Criteria:\n\n* Cognitive impairment that may interfere with:\n\n"
        "informed consent, the collection of endpoints, the use of analgesia.\n\n* Pregnancy\n",
        "Cognitive impairment that may interfere with",
        ["informed consent, the collection of endpoints, the use of analgesia."],
        id="a-list-run-together-after-a-lead-in-is-its-member",
    ),
]


# A marked lead-in with no members yet, then one phrase alone at its marker column, then the list
# going on: the phrase completes the lead-in (contiguous: no later piece), reported where it
# opens with a capital (its one member is the other reading). (text, the item's whole text, reported)
COMPLETED = [
    pytest.param(
        "Exclusion Criteria:\n\n* Any evidence of:\n\nSevere or uncontrolled systemic diseases including respiratory, "
        "cardiac or tumor-related conditions\n\n* Transplant\n",
        "Any evidence of: Severe or uncontrolled systemic diseases including respiratory, cardiac or tumor-related conditions",
        True,  # a capital: it may open the lead-in's one member
        id="a-phrase-with-one-comma",
    ),
    pytest.param(
        "Inclusion Criteria:\n\n* Asthma requiring either:\n\n\\> 1 hospitalization in the past year or \\> 1 ER visit "
        "(in the past 6 months, for asthma)\n\n* Consent\n",
        "Asthma requiring either: > 1 hospitalization in the past year or > 1 ER visit (in the past 6 months, for asthma)",
        False,  # "> 1 …" goes on with the sentence
        id="commas-inside-parentheses-do-not-count",
    ),
    pytest.param(
        "Inclusion Criteria:\n\n* Severe asthma as defined by:\n\nTreatment with GINA step 4-5 medications\n",
        "Severe asthma as defined by: Treatment with GINA step 4-5 medications",
        True,
        id="at-the-end-of-the-side",
    ),
]


@pytest.mark.parametrize(("text", "joined", "is_reported"), COMPLETED)
def test_one_phrase_after_a_lead_in_completes_it_reported_when_it_may_open_a_member(
    text: str, joined: str, is_reported: bool
) -> None:
    criteria, issues = parse_criteria(text)
    item = _find(_all(text), joined)
    assert (item.children, item.more_spans) == ((), ())
    reported = [text[i.span.start : i.span.end] for i in issues if i.code == AMBIGUOUS and i.span]
    assert reported == ([text[item.span.start : item.span.end]] if is_reported else [])
    assert criteria_problems(text, criteria, issues) == []


@pytest.mark.parametrize(
    "text",
    [
        # a ";" or two commas: members run together
        "Exclusion Criteria:\n\n* Adults\n* Any evidence of:\n\nMyocardial infarction; unstable angina.\n\n* Transplant\n",
        "Exclusion Criteria:\n\n* Adults\n* Any evidence of:\n\nStroke, infarction, angina.\n\n* Transplant\n",
        # a lead-in of its own
        "Exclusion Criteria:\n\n* Adults\n* Any evidence of:\n\nHistory of one of these:\n\n* Transplant\n",
        # two paragraphs: its members, one each, or its text
        "Exclusion Criteria:\n\n* Adults\n* Any evidence of:\n\nStroke\n\nInfarction\n\n* Transplant\n",
    ],
)
def test_what_is_no_single_phrase_is_not_joined_to_the_lead_in(text: str) -> None:
    item = parse_criteria(text)[0].exclusion[1]
    assert item.text.removesuffix(":") == "Any evidence of"


_TAIL_WORDS = st.lists(st.sampled_from(["patients", "prior", "therapy", "\\>= 18", "ULN", "&amp;", "weeks"]), max_size=6)


@given(
    st.integers(min_value=1, max_value=5),
    st.sampled_from(["*", "-", "•"]),
    st.sampled_from(["1.", "a)", "(i)", "*"]),
    st.sampled_from(["This applies to", "and not eligible for", "The HBV DNA test is required for"]).flatmap(
        lambda head: _TAIL_WORDS.map(lambda words: " ".join([head, *words]) + ".")
    ),
)
def test_any_sub_list_then_a_paragraph_at_the_text_column_gives_one_piece(n: int, bullet: str, marker: str, tail: str) -> None:
    """The invariants hold with a piece: the text is the pieces' cleaned text, nothing lost, no overlap, order."""
    pad = " " * (len(marker) + 1)  # the item's text column
    sub = "".join(f"{pad}{bullet} member {k}\n" for k in range(n))
    text = f"Inclusion Criteria:\n\n{marker} Lead-in of the following:\n\n{sub}\n{pad}{tail}\n{bullet} Consent\n"
    criteria, issues = parse_criteria(text)
    assert criteria_problems(text, criteria, issues) == []
    item = criteria.inclusion[0]
    assert item.text == "Lead-in of the following: " + " ".join(tail.replace("\\>", ">").replace("&amp;", "&").split())
    assert len(item.children) == n
    assert [text[sp.start : sp.end] for sp in item.more_spans] == [tail]


# --- the checker sees a piece that does not hold the text -----------------------------------------


def test_the_checker_rejects_a_piece_out_of_order_or_not_holding_the_text() -> None:
    text = PIECES[2].values[0]
    assert isinstance(text, str)
    criteria, issues = parse_criteria(text)
    item = criteria.inclusion[0]
    assert text_mismatch(text, item) is None
    wrong = Criterion(item.text + " more", item.span, item.label, item.children, item.constraints, item.more_spans)
    assert text_mismatch(text, wrong) is not None
    early = Criterion(item.text, item.span, item.label, item.children, (), (Span(item.span.start, item.span.end),))
    bad = criteria.__class__(inclusion=(early, *criteria.inclusion[1:]), headers=criteria.headers)
    assert criteria_problems(text, bad, issues)
    lost = Criterion(item.text.split(" AND")[0], item.span, item.label, item.children)
    bad = criteria.__class__(inclusion=(lost, *criteria.inclusion[1:]), headers=criteria.headers)
    assert any("lost" in p for p in criteria_problems(text, bad, issues))


# --- the field through every output ----------------------------------------------------------------

PAGE = "Eligibility\n\n" + str(PIECES[2].values[0]) + "\nExclusion Criteria:\n\n* Pregnancy\n"


def _listing() -> Listing:
    listing = parse(PAGE)
    assert listing.criteria.inclusion[0].more_spans, "the page has an item with a later piece"
    return listing


def test_constraints_are_read_from_every_piece_with_spans_into_it() -> None:
    text = (
        "Inclusion Criteria:\n\n* Relapsed disease, defined as either:\n\n  * progression\n  * relapse\n\n"
        "AND aged 18 years or older.\n"
    )
    item = parse_criteria(text)[0].inclusion[0]
    (piece,) = item.more_spans
    ages = [k for k in item.constraints if k.kind is ConstraintKind.AGE]
    assert [(k.low, k.high) for k in ages] == [(18, None)]
    assert piece.start <= ages[0].span.start < ages[0].span.end <= piece.end


def test_render_writes_the_whole_text_on_the_item_line_and_parse_reads_it_back() -> None:
    listing = _listing()
    again = parse(render(listing))
    first, second = listing.criteria.inclusion[0], again.criteria.inclusion[0]
    assert second.text == first.text
    assert [c.text for c in second.children] == [c.text for c in first.children]
    assert second.more_spans == ()  # one line in the canonical layout: one piece
    assert render(again) == render(listing)


def test_json_round_trips_and_validates_with_the_pieces() -> None:
    import jsonschema

    listing = _listing()
    record = listing.to_dict()
    assert isinstance(record, dict)
    assert record["schema_version"] == "1.2"
    item = record["criteria"]["inclusion"][0]  # type: ignore[index,call-overload]
    piece = listing.criteria.inclusion[0].more_spans[0]
    assert item["more_spans"] == [[piece.start, piece.end]]
    jsonschema.Draft202012Validator(trialparse.json_schema()).validate(record)
    assert Listing.from_dict(record) == listing
    del item["more_spans"]  # a 1.1 record has no such key: it reads as no later piece
    older = Listing.from_dict(record)
    assert older.criteria.inclusion[0].more_spans == ()


def test_schema_lists_more_spans_as_an_optional_array_of_spans() -> None:
    criterion = trialparse.json_schema()["$defs"]["Criterion"]
    assert criterion["properties"]["more_spans"] == {"type": "array", "items": {"$ref": "#/$defs/Span"}}
    assert "more_spans" not in criterion["required"]


def test_the_criteria_table_has_a_more_spans_column_at_its_end() -> None:
    listing = _listing()
    rows = to_records([listing])["criteria"]
    assert list(rows[0])[-1] == "more_spans"
    piece = listing.criteria.inclusion[0].more_spans[0]
    assert rows[0]["more_spans"] == [{"start": piece.start, "end": piece.end}]
    assert all(r["more_spans"] == [] for r in rows[1:])


def test_arrow_carries_the_pieces_as_a_list_of_start_end_structs() -> None:
    pytest.importorskip("pyarrow")
    listing = _listing()
    table = trialparse.to_arrow([listing])["criteria"]
    piece = listing.criteria.inclusion[0].more_spans[0]
    assert table.column("more_spans").to_pylist()[0] == [{"start": piece.start, "end": piece.end}]


def test_the_review_page_highlights_every_piece_as_the_item() -> None:
    listing = _listing()
    out = review_html(listing, PAGE)
    piece = listing.criteria.inclusion[0].more_spans[0]
    assert f'class="crit inc d1" data-start="{piece.start}" data-end="{piece.end}"' in out
    assert out.count('id="c-I1"') == 1  # the later piece carries no second id


def test_parse_many_sends_the_pieces_back() -> None:
    listing = _listing()
    built = unpack(pickle.loads(pickle.dumps(pack(listing))))
    assert built == listing
    assert built.criteria.inclusion[0].more_spans == listing.criteria.inclusion[0].more_spans


def test_walk_gives_each_item_once_with_its_pieces_on_it() -> None:
    listing = _listing()
    walked = [(side, path) for side, path, _ in listing.criteria.walk()]
    assert walked[:3] == [("inclusion", (0,)), ("inclusion", (0, 0)), ("inclusion", (0, 1))]
    assert len(walked) == len(set(walked))


@pytest.mark.parametrize(
    "text",
    [
        # a heading, "… described below:", "… the following:": they introduce members
        "Inclusion Criteria:\n\n* Adults\n* Children:\n\nAged 4 to 18 years at screening.\n\n* Consent\n",
        "Inclusion Criteria:\n\n* Adults\n* Bone marrow function as described below:\n\nANC 1500/uL or more.\n\n* Consent\n",
    ],
)
def test_one_phrase_after_a_lead_in_that_does_not_break_off_is_its_member(text: str) -> None:
    item = parse_criteria(text)[0].inclusion[1]
    assert len(item.children) == 1
    assert item.more_spans == ()
