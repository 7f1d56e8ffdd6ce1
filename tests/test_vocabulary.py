"""One vocabulary: every stage accepts exactly the markers and headings of ``trialparse.vocabulary``.

Each table row is tried in each stage that reads it (criteria, sections, quick facts, render),
and characters outside the tables are tried as controls, so a stage that drifts from the table
(a bullet added in one place only) fails here. The constraint extractor reads text the
criteria reader has already stripped of markers: for it, a marker left in front of a
criterion must change nothing.
"""

from __future__ import annotations

import re

import pytest

from trialparse import Criteria, Criterion, Listing, parse, parse_criteria, render
from trialparse.constraints import extract_constraints
from trialparse.model import Span
from trialparse.vocabulary import (
    ADDING_WORDS,
    BULLETS,
    CIRCLED_NUMBERS,
    COLON_HEADINGS,
    CONNECTOR_WORDS,
    FACT_LABELS,
    FIELD_LABELS,
    FOOTNOTE_MARKS,
    GLUED_BULLETS,
    HEADER_DECORATION,
    HEADER_SENTENCE_WORDS,
    HEADER_VERBS,
    INLINE_HEADINGS,
    ITEM_ENDING_WORDS,
    LETTER_BULLETS,
    NOTES_HEADINGS,
    POPULATION_WORDS,
    QUANTITY_UNITS,
    RENDERED_FACT_LABELS,
    RENDERED_HEADINGS,
    RENDERED_LABELS,
    SECTION_HEADINGS,
    SPLITTING_BULLETS,
    UNFINISHED_ENDS,
    population_words,
)

NOWHERE = Span(0, 0)
# Characters that look like markers but are not in the vocabulary: each stage must leave them as text.
NOT_MARKERS = ["♦", "→", "✓", "⑴", "⒈", "➤", "※"]
CIRCLED = list(CIRCLED_NUMBERS)
ITEM_MARKERS = [*BULLETS, *LETTER_BULLETS, *CIRCLED]


def inclusion(text: str) -> list[tuple[str, str | None]]:
    criteria, _ = parse_criteria(text)
    return [(c.text, c.label) for c in criteria.inclusion]


# --- criteria ----------------------------------------------------------------------------------


@pytest.mark.parametrize("bullet", [*BULLETS, *LETTER_BULLETS])
def test_each_bullet_opens_an_item_without_a_label(bullet: str) -> None:
    assert inclusion(f"Inclusion Criteria:\n* First\n{bullet} Adults") == [("First", None), ("Adults", None)]


@pytest.mark.parametrize("bullet", GLUED_BULLETS)
def test_each_glued_bullet_opens_an_item_right_before_a_word(bullet: str) -> None:
    assert inclusion(f"Inclusion Criteria:\n* First\n{bullet}Adults") == [("First", None), ("Adults", None)]


@pytest.mark.parametrize("circled", CIRCLED)
def test_each_circled_number_opens_an_item_labelled_with_its_value(circled: str) -> None:
    assert inclusion(f"Inclusion Criteria:\n{circled} Adults") == [("Adults", str(CIRCLED_NUMBERS[circled]))]


@pytest.mark.parametrize(
    ("marker", "label"),
    [
        *[("1.", "1"), ("12)", "12"), ("(3)", "3"), ("100.", "100"), ("1\\.", "1")],
        *[("a.", "a"), ("b)", "b"), ("(c)", "c"), ("B.", "B"), ("iv.", "iv"), ("(xii)", "xii"), ("IX)", "IX")],
        *[("5a.", "5a"), ("(12b)", "12b"), ("(b.ii)", "b.ii"), ("8.1.", "8.1"), ("8.12.", "8.12")],
    ],
)
def test_each_numbered_or_lettered_shape_opens_an_item_with_its_label(marker: str, label: str) -> None:
    assert inclusion(f"Inclusion Criteria:\n{marker} Adults") == [("Adults", label)]


def test_a_dotted_label_without_its_own_delimiter_opens_an_item_indented_under_its_parent() -> None:
    # at column 0 or after a bullet "8.1 Adults" reads as a quantity too, and stays text
    criteria, _ = parse_criteria("Inclusion Criteria:\n8. Labs\n   8.1 Adults")
    (parent,) = criteria.inclusion
    assert [(c.text, c.label) for c in parent.children] == [("Adults", "8.1")]


@pytest.mark.parametrize("lookalike", [*NOT_MARKERS, "1:", "1000.", "(ab)", "ab.", "100.1"])
def test_a_character_outside_the_vocabulary_stays_in_the_text(lookalike: str) -> None:
    assert inclusion(f"Inclusion Criteria:\n* First\n{lookalike} Adults") == [(f"First {lookalike} Adults", None)]


@pytest.mark.parametrize("mark", FOOTNOTE_MARKS)
def test_each_footnote_mark_under_the_list_opens_a_note(mark: str) -> None:
    criteria, _ = parse_criteria(f"Inclusion Criteria:\n* First\n{mark} Adults are those over 18")
    assert ([c.text for c in criteria.inclusion], criteria.notes) == (["First"], (f"{mark} Adults are those over 18",))


@pytest.mark.parametrize("mark", [*SPLITTING_BULLETS, *CIRCLED])
def test_each_splitting_marker_splits_a_flattened_line(mark: str) -> None:
    label = str(CIRCLED_NUMBERS[mark]) if mark in CIRCLED_NUMBERS else None
    assert inclusion(f"Inclusion Criteria:\n* First {mark} Adults") == [("First", None), ("Adults", label)]


@pytest.mark.parametrize("bullet", sorted(set(BULLETS) - set(SPLITTING_BULLETS) - {"*", "-"}))
def test_other_bullets_do_not_split_a_line(bullet: str) -> None:
    # "*" and "-" split only their own family's items (see criteria's grammar), not a "•" item
    assert inclusion(f"Inclusion Criteria:\n• First {bullet} Adults") == [(f"First {bullet} Adults", None)]


@pytest.mark.parametrize("unit", sorted(QUANTITY_UNITS))
def test_each_quantity_unit_after_a_star_makes_it_a_formulas_factor(unit: str) -> None:
    assert inclusion(f"Inclusion Criteria:\n* Dose adjusted to BSA * 25 {unit} daily") == [
        (f"Dose adjusted to BSA * 25 {unit} daily", None)
    ]


def test_a_time_after_a_star_opens_a_criterion() -> None:
    # the contrast to the units: an age is a criterion's first words, no factor
    text = "Inclusion Criteria:\n* No contraindications * 18 years of age or older"
    assert inclusion(text) == [("No contraindications", None), ("18 years of age or older", None)]


@pytest.mark.parametrize("decoration", HEADER_DECORATION)
def test_each_decoration_before_a_side_header_is_dropped(decoration: str) -> None:
    criteria, _ = parse_criteria(f"{decoration} Exclusion Criteria:\n* Pregnancy")
    assert [(c.text, c.children) for c in criteria.exclusion] == [("Pregnancy", ())]


@pytest.mark.parametrize("lookalike", NOT_MARKERS)
def test_other_characters_before_a_side_header_name_a_cohort(lookalike: str) -> None:
    criteria, _ = parse_criteria(f"{lookalike} Exclusion Criteria:\n* Pregnancy")
    assert [c.text for c in criteria.exclusion] == [f"{lookalike} Exclusion Criteria"]


# --- population words --------------------------------------------------------------------------


def outline(items: tuple[Criterion, ...]) -> list[tuple[str, int]]:
    return [(c.text, len(c.children)) for c in items]


def _capitalised(words: frozenset[str]) -> list[str]:
    return sorted(w.capitalize() for w in words if w[:1].isalpha())


# A word that names no population, as a control for each role
NO_POPULATION = "Surgeons"
SIDES = "Inclusion Criteria:\n* Adults\n\nExclusion Criteria:\n* Pregnancy"
LEADIN = "Inclusion Criteria:\n* Adults\n* One of the following:\n* Asthma\n* Chronic bronchitis"


@pytest.mark.parametrize("noun", [*_capitalised(population_words("other_population")), NO_POPULATION])
def test_each_other_population_heading_opens_its_group_on_the_inclusion_side(noun: str) -> None:
    criteria, _ = parse_criteria(f"{SIDES}\n\n{noun}:\n* Age 18-60\n* Consent")
    group = [(noun, 2)]
    if noun == NO_POPULATION:  # a topic on the side it stands in
        assert (outline(criteria.inclusion), outline(criteria.exclusion)) == ([("Adults", 0)], [("Pregnancy", 0), *group])
    else:
        assert (outline(criteria.inclusion), outline(criteria.exclusion)) == ([("Adults", 0), *group], [("Pregnancy", 0)])


@pytest.mark.parametrize("qualifier", sorted(population_words("population_qualifier")))
def test_each_population_qualifier_may_stand_before_the_noun(qualifier: str) -> None:
    heading = f"{qualifier.capitalize()} donors"
    criteria, _ = parse_criteria(f"{SIDES}\n\n{heading}:\n* Age 18-60")
    assert outline(criteria.inclusion) == [("Adults", 0), (heading, 1)]


@pytest.mark.parametrize(
    "word", _capitalised(population_words("study_unit", "study_people", "header_people", "header_link"))
)
def test_each_cohort_word_run_into_a_side_header_makes_it_a_cohorts(word: str) -> None:
    criteria, _ = parse_criteria(f"Inclusion Criteria:\n* Adults\nExclusion Criteria {word} Remission\n* Pregnancy")
    assert outline(criteria.exclusion) == [(f"Exclusion Criteria {word} Remission", 1)]


def test_other_words_run_into_a_side_header_are_a_topic() -> None:
    criteria, _ = parse_criteria("Inclusion Criteria:\n* Adults\nExclusion Criteria Disease Related\n* Pregnancy")
    assert outline(criteria.exclusion) == [("Disease Related", 1)]


@pytest.mark.parametrize("plural", sorted(population_words("every_group")))
def test_a_side_header_for_every_group_is_the_sides(plural: str) -> None:
    criteria, _ = parse_criteria(f"Inclusion Criteria:\n* Adults\nExclusion Criteria for all {plural.capitalize()}:\n* Pregnancy")
    assert outline(criteria.exclusion) == [("Pregnancy", 0)]


def test_a_side_header_for_all_of_something_else_is_a_cohorts() -> None:
    criteria, _ = parse_criteria("Inclusion Criteria:\n* Adults\nExclusion Criteria for all Trials:\n* Pregnancy")
    assert outline(criteria.exclusion) == [("Exclusion Criteria for all Trials", 1)]


@pytest.mark.parametrize(
    "word", [*_capitalised(population_words("study_people", "study_person", "person_criterion")), "Sputum"]
)
def test_a_criterion_about_the_person_ends_a_lead_ins_members(word: str) -> None:
    criteria, _ = parse_criteria(f"{LEADIN}\n* {word} production")
    members = [("Asthma", 0), ("Chronic bronchitis", 0)]
    if word == "Sputum":  # no criterion about the person: one more member
        assert outline(criteria.inclusion) == [("Adults", 0), ("One of the following", 3)]
    else:
        assert outline(criteria.inclusion) == [("Adults", 0), ("One of the following", 2), (f"{word} production", 0)]
        assert outline(criteria.inclusion[1].children) == members


def test_each_population_role_is_documented_and_lower_case() -> None:
    import inspect

    from trialparse import vocabulary

    source = inspect.getsource(vocabulary)
    for role, words in POPULATION_WORDS.items():
        assert f'"{role}":' in source
        assert all(w == w.lower() and w.strip() == w for w in words), role
        assert len(set(words)) == len(words), role


# --- criteria words ------------------------------------------------------------------------------

CRITERIA_WORD_TABLES = [
    "HEADER_QUALIFIERS", "HEADER_PLAIN_FOLLOWERS", "CRITERIA_KINDS", "HEADER_VERBS", "HEADER_SENTENCE_WORDS",
    "ITEM_ENDING_WORDS", "ADDING_WORDS", "ADDING_AFTER_EVERY_GROUP", "TOPIC_COMMON_WORDS", "UNFINISHED_ENDS",
    "DANGLING_WORDS", "CONNECTOR_WORDS", "NOTES_HEADINGS", "NO_CRITERIA", "EXCEPTING_WORDS", "TRAILING_LEADIN_WORDS",
]  # fmt: skip


@pytest.mark.parametrize("name", CRITERIA_WORD_TABLES)
def test_each_criteria_word_table_is_documented_exported_and_lower_case(name: str) -> None:
    import inspect

    from trialparse import vocabulary

    source = inspect.getsource(vocabulary)
    table = getattr(vocabulary, name)
    assert name in vocabulary.__all__
    assert f"``{name}``" in vocabulary.__doc__  # named in the module's account of the tables
    assert re.search(r"\n# [^\n]*\n(?:# [^\n]*\n)*%s: Final = frozenset" % name, source), "a comment says what it is for"
    assert all(w == w.lower() and w == " ".join(w.split()) for w in table), name


def test_the_words_ending_an_item_are_sentence_words() -> None:
    # they override the sentence words' verdict, so each must be one
    assert ITEM_ENDING_WORDS <= HEADER_SENTENCE_WORDS


@pytest.mark.parametrize("word", [*sorted(ADDING_WORDS), "other"])
def test_each_adding_word_makes_the_first_cohort_header_the_sides(word: str) -> None:
    text = f"Inclusion Criteria Umbrella Phase 2:\n* Adults\n{word.title()} Inclusion Criteria for Sub-Study A:\n* HER2+"
    criteria, _ = parse_criteria(text)
    if word == "other":  # adds nothing: the first header stays a cohort's, holding the rest
        assert outline(criteria.inclusion) == [("Inclusion Criteria Umbrella Phase 2", 2)]
    else:
        assert outline(criteria.inclusion) == [("Adults", 0), (f"{word.title()} Inclusion Criteria for Sub-Study A", 1)]


@pytest.mark.parametrize("word", [*sorted(UNFINISHED_ENDS), "results"])
def test_each_unfinished_end_makes_a_colon_item_lead_in_to_lower_case_items(word: str) -> None:
    criteria, _ = parse_criteria(f"Inclusion Criteria:\n* Adults\n* Biopsy {word}:\n* unilateral disease\n* Consent")
    if word == "results":  # a sentence may end there: the items stay siblings
        assert outline(criteria.inclusion) == [("Adults", 0), ("Biopsy results:", 0), ("unilateral disease", 0), ("Consent", 0)]
    else:
        assert outline(criteria.inclusion) == [("Adults", 0), (f"Biopsy {word}", 1), ("Consent", 0)]


@pytest.mark.parametrize("heading", [*sorted(NOTES_HEADINGS), "summary:"])
def test_each_notes_heading_is_a_note(heading: str) -> None:
    text = f"Inclusion Criteria:\n* Adults\n\n{heading.capitalize()}\n\nExclusion Criteria:\n* HIV"
    criteria, _ = parse_criteria(text)
    if heading == "summary:":  # no notes heading: a topic on its side
        assert criteria.notes == ()
    else:
        assert criteria.notes == (heading.capitalize(),)


@pytest.mark.parametrize("verb", sorted(HEADER_VERBS))
def test_each_header_verb_makes_the_side_words_a_sentence(verb: str) -> None:
    text = f"Inclusion Criteria:\n* Adults\n* Exclusion criteria {verb} listed\n* Consent"
    criteria, _ = parse_criteria(text)
    assert [c.text for c in criteria.inclusion] == ["Adults", f"Exclusion criteria {verb} listed", "Consent"]
    assert criteria.exclusion == ()


# four letters or more in title case: a title shape, so the paragraph rules for a run between
# numbers (``_criteria_pieces._inside_run``) do not join them to the item above
_JOINS_BY_LENGTH = "except nor plus"


@pytest.mark.parametrize(
    "word",
    [
        pytest.param(w, marks=pytest.mark.xfail(strict=True, reason="a capitalised connector after a blank is an item"))
        if w in _JOINS_BY_LENGTH.split()
        else w
        for w in sorted(CONNECTOR_WORDS)
    ],
)
def test_each_connector_between_numbered_items_keeps_them_siblings(word: str) -> None:
    text = f"Inclusion Criteria:\n1. Adults.\n\n{word.capitalize()}\n\n2. Children.\n3. Consent."
    criteria, _ = parse_criteria(text)
    assert [(c.label, len(c.children)) for c in criteria.inclusion] == [("1", 0), ("2", 0), ("3", 0)]



@pytest.mark.parametrize("word", sorted(CONNECTOR_WORDS))
def test_no_connector_between_numbered_items_heads_the_items_after_it(word: str) -> None:
    text = f"Inclusion Criteria:\n1. Adults.\n\n{word.capitalize()}\n\n2. Children.\n3. Consent."
    criteria, _ = parse_criteria(text)
    assert all(not c.children for c in criteria.inclusion)
    assert [c.label for c in criteria.inclusion if c.label is not None] == ["1", "2", "3"]

# --- the constraint extractor ------------------------------------------------------------------


def readings(line: str, at: int) -> list[tuple[str, float | None, float | None, str]]:
    """What the extractor reads in ``line`` from ``at`` on, with spans relative to ``at``."""
    return [(c.kind.value, c.low, c.high, line[c.start : c.end]) for c in extract_constraints(line, at, len(line))]


@pytest.mark.parametrize("marker", [*BULLETS, *LETTER_BULLETS, *CIRCLED])
def test_a_marker_left_before_a_criterion_changes_nothing_the_extractor_reads(marker: str) -> None:
    body = "Age 18 years or older; ECOG 0-1"
    expected = readings(body, 0)
    assert expected
    assert readings(f"{marker} {body}", 0) == expected


# --- sections ----------------------------------------------------------------------------------

PAGE = "A trial of something\n\n{heading}\n\nSome body text here.\n"
INLINE_PAGE = "A trial of something\n\n{heading}\n"


@pytest.mark.parametrize(("words", "key"), SECTION_HEADINGS.items())
def test_each_section_heading_opens_its_section(words: str, key: str) -> None:
    for spelled in (words, words.upper(), f"## {words.capitalize()}", f"**{words}:**"):
        assert [s.key for s in parse(PAGE.format(heading=spelled)).sections] == ["title", key], spelled


@pytest.mark.parametrize(("words", "key"), [*INLINE_HEADINGS.items(), *COLON_HEADINGS.items()])
def test_each_inline_heading_opens_its_section_with_the_value_on_its_line(words: str, key: str) -> None:
    sections = parse(INLINE_PAGE.format(heading=f"{words.capitalize()}: 2026-05-15")).sections
    assert [(s.key, s.text) for s in sections[1:2]] == [(key, "2026-05-15")]


@pytest.mark.parametrize("words", INLINE_HEADINGS)
def test_an_inline_heading_without_a_colon_opens_its_section(words: str) -> None:
    sections = parse(INLINE_PAGE.format(heading=f"{words.capitalize()} 2026-05-15")).sections
    assert [(s.key, s.text) for s in sections[1:2]] == [(INLINE_HEADINGS[words], "2026-05-15")]


@pytest.mark.parametrize("words", COLON_HEADINGS)
def test_a_colon_heading_without_its_colon_is_text(words: str) -> None:
    sections = parse(INLINE_PAGE.format(heading=f"{words.capitalize()} 2026-05-15")).sections
    assert [s.key for s in sections] == ["title"]


@pytest.mark.parametrize("bullet", BULLETS)
def test_a_bulleted_heading_is_an_item_not_a_section(bullet: str) -> None:
    page = f"Eligibility criteria\n\nInclusion Criteria:\n\n{bullet} Contacts\n"
    assert [s.key for s in parse(page).sections] == ["eligibility"]


@pytest.mark.parametrize(("field", "label"), RENDERED_LABELS.items())
def test_each_field_label_fills_its_field(field: str, label: str) -> None:
    heading = RENDERED_HEADINGS["who_should_consider"]
    listing = parse(f"A trial of something\n\n{heading}\n\n{label.upper()}: Adults with pain\n")
    assert getattr(listing, field) == "Adults with pain"


# --- render ------------------------------------------------------------------------------------


def test_render_writes_spellings_the_tables_read() -> None:
    readable = {**SECTION_HEADINGS, **INLINE_HEADINGS, **COLON_HEADINGS}
    assert {key: readable.get(words.lower()) for key, words in RENDERED_HEADINGS.items()} == {
        key: key for key in RENDERED_HEADINGS
    }
    assert {field: FIELD_LABELS.get(label.lower()) for field, label in RENDERED_LABELS.items()} == {
        field: field for field in RENDERED_LABELS
    }
    assert {field: FACT_LABELS.get(label.lower()) for field, label in RENDERED_FACT_LABELS.items()} == {
        field: field for field in RENDERED_FACT_LABELS
    }


def round_trip(text: str) -> list[tuple[str, str | None]]:
    listing = Listing(title="A.", criteria=Criteria(inclusion=(Criterion(text, NOWHERE),)))
    page = render(listing)
    again = parse(page)
    assert render(again) == page
    return [(c.text, c.label) for c in again.criteria.inclusion]


@pytest.mark.parametrize("marker", [*ITEM_MARKERS, *NOT_MARKERS, "1.", "(2)", "a)", "iv.", "8.1", "8.1."])
def test_a_criterion_that_starts_with_a_marker_renders_and_reads_back(marker: str) -> None:
    assert round_trip(f"{marker} Adults") == [(f"{marker} Adults", None)]


@pytest.mark.parametrize("glued", GLUED_BULLETS)
def test_a_criterion_that_starts_with_a_glued_bullet_renders_and_reads_back(glued: str) -> None:
    assert round_trip(f"{glued}Adults") == [(f"{glued}Adults", None)]


@pytest.mark.parametrize("mark", [*BULLETS, *CIRCLED])
def test_a_marker_inside_a_criterion_renders_and_reads_back(mark: str) -> None:
    assert round_trip(f"Adults {mark} children") == [(f"Adults {mark} children", None)]


# --- quick facts -------------------------------------------------------------------------------

FACT_VALUES = {
    "phases": "PHASE2",
    "study_type": "Interventional",
    "enrollment": "150 (estimated)",
    "ages": "18 Years and older",
    "sex": "All",
    "sponsor": "Acme",
    "interventions": "Drug A",
    "locations": "1 site (Boston, Massachusetts, United States)",
    "trial_id": "NCT01234567",
}


@pytest.mark.parametrize(("label", "field"), FACT_LABELS.items())
def test_each_fact_label_fills_its_field(label: str, field: str) -> None:
    listing = parse(f"Quick facts\n\n{label.title()}: {FACT_VALUES[field]}\n")
    read = {
        "phases": listing.facts.phases,
        "study_type": listing.facts.study_type,
        "enrollment": listing.facts.enrollment,
        "ages": listing.facts.ages,
        "sex": listing.facts.sex,
        "sponsor": listing.facts.sponsor,
        "interventions": listing.facts.interventions,
        "locations": listing.locations.site_count,
        "trial_id": listing.trial_id,
    }
    assert [f for f, value in read.items() if value] == [field]


def test_no_two_spellings_of_a_table_differ_only_in_case() -> None:
    from trialparse import vocabulary

    written = [name for name in vars(vocabulary) if name.startswith("_WRITTEN_")]
    assert len(written) == 5
    for name in written:
        table = getattr(vocabulary, name)
        assert len({words.lower() for words in table}) == len(table), name
