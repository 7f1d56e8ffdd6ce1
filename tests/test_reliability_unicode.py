"""Guarantee 3: Unicode and line endings. Spans always index the exact string the caller passed.

The README's line model: a line ends at ``\\n``, ``\\r\\n``, a lone ``\\r``, U+2028, U+2029,
U+0085, vertical tab or form feed; Unicode spaces read as spaces; byte-order marks,
zero-width and bidirectional marks, NUL and soft hyphens are ignored; full-width digits and
colons are read as ASCII in values and labels but kept as written in text fields.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests._reliability import IGNORED, clean, criteria_problems, eligibility_body, real_pages, scaled, uncovered
from trialparse import Listing, Phase, parse, parse_criteria

PAGES = real_pages()
REFERENCE = dict(PAGES)["NCT06115902.txt"]
LF_PAGES = [(n, p.replace("\r\n", "\n").replace("\r", "\n")) for n, p in PAGES]

LINE_ENDINGS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c"]
UNICODE_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
IGNORABLE = sorted(IGNORED)


def values(listing: Listing) -> dict[str, Any]:
    """Everything read from the page except where it was found (spans, issues)."""

    def strip(x: object) -> object:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in ("span", "note_spans", "issues")}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    d = strip(listing.to_dict())
    assert isinstance(d, dict)
    d["sections"] = [(s["key"], s["heading"], " ".join(s["text"].split())) for s in d["sections"]]
    return d


def span_problems(text: str, listing: Listing) -> list[str]:
    """The spans of ``listing`` index ``text`` itself: slices hold what was read from them."""
    problems = []
    body = eligibility_body(text, listing)
    if body is not None:
        problems += criteria_problems(text, listing.criteria, listing.issues, *body)
    for sec in listing.sections:
        sl = clean(text[sec.span.start : sec.span.end])
        if sec.heading and clean(sec.heading) not in sl:
            problems.append(f"section {sec.key}: heading {sec.heading!r} not in its slice {sl[:60]!a}")
    missing = uncovered(text, [s.span for s in listing.sections])
    if missing:
        problems.append(f"character {missing[0]} in no section")
    return problems


def with_line_endings(text: str, endings: list[str]) -> str:
    """``text`` (LF only) with its n-th newline written as ``endings[n % len]``; a CR is never
    followed by an LF that was a separate line break."""
    out = []
    parts = text.split("\n")
    for i, part in enumerate(parts):
        out.append(part)
        if i < len(parts) - 1:
            end = endings[i % len(endings)]
            if end == "\r" and parts[i + 1] == "" and endings[(i + 1) % len(endings)] == "\n":
                end = "\u2028"
            out.append(end)
    return "".join(out)


REF_VALUES = values(parse(REFERENCE))

VARIANTS = {
    "crlf": REFERENCE.replace("\n", "\r\n"),
    "cr-only": REFERENCE.replace("\n", "\r"),
    "u2028": REFERENCE.replace("\n", "\u2028"),
    "u2029": REFERENCE.replace("\n", "\u2029"),
    "nel": REFERENCE.replace("\n", "\u0085"),
    "vertical-tab": REFERENCE.replace("\n", "\x0b"),
    "form-feed": REFERENCE.replace("\n", "\x0c"),
    "alternating-cr-lf-crlf": with_line_endings(REFERENCE, ["\r\n", "\n", "\u2028", "\r\n", "\x0c"]),
    "bom": "\ufeff" + REFERENCE,
    "bom-crlf": "\ufeff" + REFERENCE.replace("\n", "\r\n"),
    "nul-in-words": REFERENCE.replace("Inclusion", "Inc\x00lusion").replace("Sponsor", "Spon\x00sor"),
    "zero-width-after-spaces": REFERENCE.replace(" ", " \u200b"),
    "zero-width-in-labels": REFERENCE.replace("Enrollment150", "Enroll\u200bment1\u200d50").replace("SexAll", "Sex\u2060All"),
    "nbsp-spaces": REFERENCE.replace(" ", "\u00a0"),
    "ideographic-spaces": REFERENCE.replace("  ", "\u3000\u3000"),
    "rlm-at-line-ends": REFERENCE.replace("\n", "\u200f\n"),
    "lrm-at-line-starts": REFERENCE.replace("\n", "\n\u200e"),
    "bidi-embedding": REFERENCE.replace("Hefei", "\u202bHefei\u202c"),
    "soft-hyphen": REFERENCE.replace("Interventional", "Inter\u00adventional"),
    "tab-after-marker": REFERENCE.replace("\n* ", "\n*\t"),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_line_endings_and_invisible_characters_change_no_value(name: str) -> None:
    page = VARIANTS[name]
    listing = parse(page)
    assert values(listing) == REF_VALUES
    assert span_problems(page, listing) == []


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_spans_index_the_callers_string_not_a_normalised_copy(name: str) -> None:
    page = VARIANTS[name]
    listing = parse(page)
    group = listing.criteria.exclusion[0].children[3]
    assert clean(page[group.span.start : group.span.end]) == "4. Long-term unhealed wounds or fractures;"
    header = next(h for h in listing.criteria.headers if h.side == "exclusion")
    assert clean(page[header.span.start : header.span.end]) == "Exclusion Criteria:"


def test_full_width_digits_and_colons_are_read_in_values_and_labels() -> None:
    page = (
        REFERENCE.replace("Enrollment150", "Enrollment：１５０")
        .replace("Ages18 Years to 75 Years", "Ages１８ Years to ７５ Years")
        .replace("Inclusion Criteria:", "Inclusion Criteria：")
        .replace("Last reviewed 2026-05-15", "Last reviewed ２０２６-０５-１５")
    )
    listing = parse(page)
    assert listing.facts.enrollment is not None
    assert listing.facts.enrollment.count == 150
    assert listing.facts.ages is not None
    ages = listing.facts.ages
    assert ages.minimum is not None
    assert ages.maximum is not None
    assert (ages.minimum.value, ages.maximum.value) == (18, 75)
    assert len(listing.criteria.inclusion) == 7
    assert listing.last_reviewed is not None
    assert listing.last_reviewed.isoformat() == "2026-05-15"
    assert span_problems(page, listing) == []


def test_full_width_characters_in_text_fields_are_kept_as_written() -> None:
    page = REFERENCE.replace("Treatment for recurrent", "Treatment：phase ２ for recurrent")
    listing = parse(page)
    assert listing.title is not None
    assert listing.title.startswith("Treatment：phase ２ for recurrent")


def test_combining_characters_are_kept_and_spans_count_code_points() -> None:
    page = REFERENCE.replace("Subjects voluntarily", "Subje\u0301cts voluntarily").replace(
        "Breast Cancer\n", "Bre\u0301ast Cance\u0308r\n"
    )
    listing = parse(page)
    first = listing.criteria.inclusion[0]
    assert first.text.startswith("Subje\u0301cts voluntarily")
    assert page[first.span.start :].startswith("* Subje\u0301cts voluntarily")
    assert listing.conditions == ("Bre\u0301ast Cance\u0308r",)
    assert span_problems(page, listing) == []


def test_lone_surrogates_are_kept_and_serialise() -> None:
    page = REFERENCE.replace("sign informed consent;", "sign \ud800informed\udfff consent;")
    listing = parse(page)
    first = listing.criteria.inclusion[0]
    assert "\ud800informed\udfff" in first.text
    assert page[first.span.start : first.span.end].endswith("\ud800informed\udfff consent;")
    dumped = listing.to_json()
    dumped.encode("ascii")  # surrogates are escaped, never written raw
    assert json.loads(dumped)["criteria"]["inclusion"][0]["text"] == first.text
    assert Listing.from_dict(listing.to_dict()) == listing


def test_right_to_left_text_is_kept_and_marks_do_not_split_labels() -> None:
    page = REFERENCE.replace("PhasePHASE1", "\u200fPhase\u200ePHASE1").replace(
        "Conditions: Breast Cancer", "Conditions: \u05e1\u05e8\u05d8\u05df \u05e9\u05d3"
    )
    listing = parse(page)
    assert listing.facts.phases == (Phase.PHASE1,)
    assert listing.conditions == ("\u05e1\u05e8\u05d8\u05df \u05e9\u05d3",)


def test_criteria_with_every_line_ending_in_one_text_keep_their_spans() -> None:
    text = "Inclusion Criteria:\r\n* a\r* b\u2028* c\u2029* d\u0085* e\x0b* f\x0c* g\n"
    criteria, issues = parse_criteria(text)
    assert [c.text for c in criteria.inclusion] == list("abcdefg")
    assert [text[c.span.start : c.span.end] for c in criteria.inclusion] == [f"* {x}" for x in "abcdefg"]
    assert criteria_problems(text, criteria, issues) == []


# --- properties over the real pages ------------------------------------------------------------


@given(st.sampled_from(LF_PAGES), st.lists(st.tuples(st.floats(0, 1), st.sampled_from(IGNORABLE)), max_size=30))
@scaled(0.5)
def test_ignored_characters_anywhere_change_no_value(case: tuple[str, str], inserts: list[tuple[float, str]]) -> None:
    """Byte-order marks, zero-width and bidirectional marks, NUL and soft hyphens inserted
    anywhere in a page change no value read from it, and every span still indexes the page."""
    _, page = case
    chars = list(page)
    for where, ch in inserts:
        chars.insert(int(where * len(chars)), ch)
    mutated = "".join(chars)
    listing = parse(mutated)
    assert values(listing) == values(parse(page))
    assert span_problems(mutated, listing) == []


@given(st.sampled_from(LF_PAGES), st.lists(st.sampled_from(LINE_ENDINGS), min_size=1, max_size=7))
@scaled(0.5)
def test_any_mix_of_line_endings_changes_no_value(case: tuple[str, str], endings: list[str]) -> None:
    """Writing a page's line breaks as any mix of LF, CRLF, CR, U+2028, U+2029, U+0085, VT and
    FF changes no value read from it, and every span still indexes the page."""
    _, page = case
    mutated = with_line_endings(page, endings)
    listing = parse(mutated)
    assert values(listing) == values(parse(page))
    assert span_problems(mutated, listing) == []


@given(st.sampled_from(LF_PAGES), st.integers(0, 2**32), st.sampled_from(UNICODE_SPACES))
@scaled(0.5)
def test_unicode_spaces_read_as_spaces(case: tuple[str, str], seed: int, space: str) -> None:
    """Replacing spaces of a page by a Unicode space (NBSP, en space, ideographic space …)
    changes no value read from it, and every span still indexes the page."""
    _, page = case
    rnd = random.Random(seed)
    mutated = "".join(space if ch == " " and rnd.random() < 0.3 else ch for ch in page)
    listing = parse(mutated)
    assert values(listing) == values(parse(page))
    assert span_problems(mutated, listing) == []


@pytest.mark.parametrize(
    ("line", "side"),
    [
        ("incluſion crıterıa:clusion", "inclusion"),  # found by fuzzing: raised KeyError 'incluſion'
        ("İnclusion criteria: * a (see exclusion)", "inclusion"),
        ("EXCLUſION CRITERIA: 1. b (not inclusion)", "exclusion"),
        ("* a\n\nExcluſion criteria: * b (see inclusion)", "exclusion"),
    ],
)
def test_headers_spelled_with_unicode_case_folds_give_a_known_side(line: str, side: str) -> None:
    # the header patterns fold case as Unicode does (ſ is s, ı and İ are i); their lower case is not a key
    listing = parse("Eligibility criteria\n\n" + line + "\n")
    assert {h.side for h in listing.criteria.headers if h.side is not None} <= {"inclusion", "exclusion"}
    assert side in {h.side for h in listing.criteria.headers}


# re's IGNORECASE also takes "ſ" for s, dotless "ı" and "İ" for i, the Kelvin sign for k;
# str.lower() leaves them as they are. A heading, label, unit or roman numeral spelled with
# them is matched by the case-blind patterns, and was then looked up with lower(): KeyError.
RE_CASE_VARIANTS = {"s": "ſ", "S": "ſ", "i": "ı", "I": "\u0130", "k": "\u212a", "K": "\u212a"}


@pytest.mark.parametrize(
    ("page", "check"),
    [
        ("Last revıewed 2026-05-15\n", lambda x: str(x.last_reviewed) == "2026-05-15"),
        ("Title\n\nConditionſ: Pain\n", lambda x: x.conditions == ("Pain",)),
        ("Quick facts\n\nAges18 Yearſ to 75 Years\n", lambda x: x.facts.ages.minimum.value == 18),
        ("Quick facts\n\nPhasePhase \u0130\u0130\n", lambda x: x.facts.phases == (Phase.PHASE2,)),
        ("Title\n\nWho should consider this trial\n\nGood fıt: adults\n", lambda x: x.good_fit == "adults"),
    ],
)
def test_words_spelled_with_re_case_variants_are_read_like_their_plain_spelling(page: str, check: Any) -> None:
    listing = parse(page)
    assert check(listing), listing


@given(st.data())
def test_re_case_variants_anywhere_in_a_page_never_crash_parse(data: st.DataObject) -> None:
    _name, page = data.draw(st.sampled_from(LF_PAGES))
    rate = data.draw(st.sampled_from([0.05, 0.3, 1.0]))
    rnd = random.Random(data.draw(st.integers(0, 2**32)))
    text = "".join(RE_CASE_VARIANTS[c] if c in RE_CASE_VARIANTS and rnd.random() < rate else c for c in page)
    parse(text)  # must not raise
    parse(text, constraints=False)
