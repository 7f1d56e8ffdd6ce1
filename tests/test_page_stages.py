"""Page-level stages on small pages and on variants of the reference page.

Quick facts in every label layout and with every label synonym, sections (order, missing,
reordered, line endings, invisible characters, unknown headings), contacts, review dates
(and that the common forms never import dateparser).
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import textwrap
from collections.abc import Callable

import pytest

from tests._rows import CONTRACT, EDGE, REAL, REFERENCE, Fails, codes, facts_page, issues_with, row
from tests.conftest import FIXTURES, ROOT, read_page
from trialparse import (
    Age,
    AgeRange,
    AgeUnit,
    Contact,
    Enrollment,
    EnrollmentStatus,
    Listing,
    Locations,
    Phase,
    QuickFacts,
    Severity,
    Sex,
    Site,
    Sponsor,
    SponsorClass,
    StudyType,
    parse,
)
from trialparse.dates import DateError, parse_date

REFERENCE_PAGE = FIXTURES / "NCT06115902.txt"
REFERENCE_TEXT = read_page(REFERENCE_PAGE)

# What the contract (API.md, "What the reference listing must give") says the reference page gives.
REFERENCE_FACTS = QuickFacts(
    phases=(Phase.PHASE1,),
    study_type=StudyType.INTERVENTIONAL,
    enrollment=Enrollment(150, EnrollmentStatus.ESTIMATED),
    ages=AgeRange(Age(18, AgeUnit.YEARS), Age(75, AgeUnit.YEARS)),
    sex=Sex.ALL,
    sponsor=Sponsor("Chia Tai Tianqing Pharmaceutical Group Co., Ltd.", SponsorClass.INDUSTRY),
    interventions=("chemotherapy", "immunotherapy"),
)
REFERENCE_LOCATIONS = Locations(20, (Site("Hefei", "Anhui"),), 19)

# --- quick facts: four label layouts -------------------------------------------------------

LAYOUTS: dict[str, Callable[[str, str], str]] = {
    "glued": lambda label, value: f"{label}{value}",
    "colon": lambda label, value: f"{label}: {value}",
    "newline": lambda label, value: f"{label}\n{value}",
    "tab": lambda label, value: f"{label}\t{value}",
}
REFERENCE_FACT_LINES = [  # as on the reference page, label and value apart
    ("Phase", "PHASE1"),
    ("Study type", "Interventional"),
    ("Enrollment", "150 (estimated)"),
    ("Ages", "18 Years to 75 Years"),
    ("Sex", "All"),
    ("Sponsor", "Chia Tai Tianqing Pharmaceutical Group Co., Ltd. (industry)"),
    ("Drugs / interventions", "chemotherapy, immunotherapy"),
    ("Locations", "20 sites (Hefei, Anhui and 19 other locations)"),
    ("Trial ID", "NCT06115902 on ClinicalTrials.gov"),
]


def _facts_block(layout: str, lines: list[tuple[str, str]]) -> str:
    return "Quick facts\n\n" + "\n".join(LAYOUTS[layout](label, value) for label, value in lines) + "\n"


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_reference_facts_read_the_same_in_every_label_layout(layout: str) -> None:
    listing = parse(_facts_block(layout, REFERENCE_FACT_LINES))
    assert listing.facts == REFERENCE_FACTS
    assert listing.locations == REFERENCE_LOCATIONS
    assert listing.trial_id == "NCT06115902"
    assert codes(listing, "facts.") == []


def test_reference_page_facts_are_the_contract_s() -> None:
    listing = parse(REFERENCE_TEXT)
    assert listing.facts == REFERENCE_FACTS
    assert listing.trial_id == "NCT06115902"


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_bad_value_s_issue_spans_the_value_in_every_layout(layout: str) -> None:
    page = _facts_block(layout, [("Trial ID", "NCT01234567"), ("Phase", "banana"), ("Sex", "All")])
    listing = parse(page)
    (issue,) = issues_with(listing, "facts.phase_unreadable")
    assert issue.span is not None
    assert page[issue.span.start : issue.span.end] == "banana"
    assert listing.facts.sex is Sex.ALL


@pytest.mark.parametrize(
    ("name", "transform"),
    [
        ("crlf", lambda t: t.replace("\n", "\r\n")),
        ("cr", lambda t: t.replace("\n", "\r")),
        ("bom + trailing spaces", lambda t: "\ufeff" + t.replace("\n", "  \n")),
        ("nbsp after the colon", lambda t: t.replace(": ", ":\u00a0")),
    ],
)
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_label_layouts_survive_line_endings_and_invisible_characters(
    layout: str, name: str, transform: Callable[[str], str]
) -> None:
    page = transform(
        _facts_block(layout, [("Trial ID", "NCT01234567"), ("Enrollment", "-5 (actual)"), ("Ages", "18 Years and older")])
    )
    listing = parse(page)
    assert listing.facts.ages == AgeRange(Age(18, AgeUnit.YEARS), None)
    (issue,) = issues_with(listing, "facts.enrollment_out_of_range")
    assert issue.span is not None
    assert page[issue.span.start : issue.span.end] == "-5 (actual)"


# --- quick facts: label synonyms, longest first, case-blind ---------------------------------

ADULTS = AgeRange(Age(18, AgeUnit.YEARS), None)
SYNONYMS = [
    row(REFERENCE, "Study type", "Interventional", "study_type", StudyType.INTERVENTIONAL),
    row(CONTRACT, "Type", "Interventional", "study_type", StudyType.INTERVENTIONAL),
    row(REFERENCE, "Ages", "18 Years and older", "ages", ADULTS),
    row(CONTRACT, "Age", "18 Years and older", "ages", ADULTS),
    row(CONTRACT, "Age range", "18 Years to 65 Years", "ages", AgeRange(Age(18, AgeUnit.YEARS), Age(65, AgeUnit.YEARS))),
    row(REFERENCE, "Drugs / interventions", "Surgery, Placebo", "interventions", ("Surgery", "Placebo")),
    row(CONTRACT, "Interventions", "Surgery, Placebo", "interventions", ("Surgery", "Placebo")),
    row(REFERENCE, "Enrollment", "150 (actual)", "enrollment", Enrollment(150, EnrollmentStatus.ACTUAL)),
    row(CONTRACT, "Enrolment", "150 (actual)", "enrollment", Enrollment(150, EnrollmentStatus.ACTUAL)),
    row(CONTRACT, "Target enrollment", "150 (actual)", "enrollment", Enrollment(150, EnrollmentStatus.ACTUAL)),
    row(EDGE, "Gender", "Female", "sex", Sex.FEMALE),
    row(EDGE, "Lead sponsor", "Acme (industry)", "sponsor", Sponsor("Acme", SponsorClass.INDUSTRY)),
    # case-blind
    row(EDGE, "AGES", "18 Years and older", "ages", ADULTS),
    row(EDGE, "ages", "18 Years and older", "ages", ADULTS),
    row(EDGE, "STUDY TYPE", "Observational", "study_type", StudyType.OBSERVATIONAL),
    row(EDGE, "drugs / INTERVENTIONS", "Surgery", "interventions", ("Surgery",)),
    row(EDGE, "sex", "male", "sex", Sex.MALE),
]


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize(("label", "value", "field", "expected"), SYNONYMS)
def test_every_label_synonym_in_every_layout(layout: str, label: str, value: str, field: str, expected: object) -> None:
    listing = parse(_facts_block(layout, [("Trial ID", "NCT01234567"), (label, value)]))
    assert getattr(listing.facts, field) == expected
    assert codes(listing, "facts.") == []


LONGEST_FIRST = [  # glued lines where a shorter label is a prefix of the right one
    row(CONTRACT, "Ages18 Years", "ages", ADULTS, id="Ages18 Years is Ages, not Age"),
    row(CONTRACT, "AGES18 YEARS", "ages", ADULTS, id="case-blind"),
    row(CONTRACT, "Age range18 Years to 65 Years", "ages", AgeRange(Age(18, AgeUnit.YEARS), Age(65, AgeUnit.YEARS))),
    row(CONTRACT, "Drugs / interventionsSurgery", "interventions", ("Surgery",), id="not Drugs + '/ interventionsSurgery'"),
    row(CONTRACT, "Target enrollment150 (actual)", "enrollment", Enrollment(150, EnrollmentStatus.ACTUAL)),
    row(CONTRACT, "Study typeObservational", "study_type", StudyType.OBSERVATIONAL),
    row(EDGE, "Sexes eligibleFemale", "sex", Sex.FEMALE, id="not Sex + 'es eligibleFemale'"),
    row(
        EDGE,
        "Ages１８ Years to ７５ Years",
        "ages",
        AgeRange(Age(18, AgeUnit.YEARS), Age(75, AgeUnit.YEARS)),
        id="full-width digits",
    ),
    row(EDGE, "Phase：PHASE1", "phases", (Phase.PHASE1,), id="full-width colon"),
]


@pytest.mark.parametrize(("line", "field", "expected"), LONGEST_FIRST)
def test_labels_match_longest_first_and_case_blind(line: str, field: str, expected: object) -> None:
    listing = parse(facts_page(line))
    assert getattr(listing.facts, field) == expected
    assert codes(listing, "facts.") == []


LONE_LINES = [  # a quick-facts line standing alone between blank lines
    row(
        EDGE,
        "Quick facts\n\nSexAll\n",
        "sex",
        Sex.ALL,
        id="only line of the block",
    ),
    row(
        EDGE,
        "Quick facts\n\nPhasePHASE1\n\nSexAll\n\nWhat this trial studies\n\nText.\n",
        "sex",
        Sex.ALL,
        id="blank lines between fact lines",
    ),
    row(EDGE, "Quick facts\n\nPhasePHASE1\nSexAll\n", "sex", Sex.ALL, id="two lines, no blank"),
]


@pytest.mark.parametrize(("page", "field", "expected"), LONE_LINES)
def test_a_fact_line_is_a_fact_wherever_it_stands(page: str, field: str, expected: object) -> None:
    listing = parse(page)
    assert getattr(listing.facts, field) == expected
    assert codes(listing, "sections.unknown_heading") == []


def test_an_unknown_label_is_an_info_issue_on_its_line() -> None:
    page = facts_page("Funding source: Acme", "SexAll")
    listing = parse(page)
    (issue,) = issues_with(listing, "facts.unknown_line")
    assert issue.severity is Severity.INFO
    assert issue.span is not None
    assert page[issue.span.start : issue.span.end] == "Funding source: Acme"
    assert listing.facts.sex is Sex.ALL


def test_a_label_given_twice_keeps_the_first_with_a_warning() -> None:
    listing = parse(facts_page("Phase: PHASE1", "Phase: PHASE3"))
    assert listing.facts.phases == (Phase.PHASE1,)
    (issue,) = issues_with(listing, "facts.duplicate_label")
    assert issue.severity is Severity.WARNING


def test_ages_without_numbers_leave_ages_empty_with_info() -> None:
    page = facts_page("AgesChild, Adult, Older Adult", "SexAll")
    listing = parse(page)
    assert listing.facts.ages is None
    (issue,) = issues_with(listing, "facts.ages_without_numbers")
    assert issue.severity is Severity.INFO
    assert [i.severity for i in listing.issues if i.code.startswith("facts.")] == [Severity.INFO]


# --- sections ------------------------------------------------------------------------------

REFERENCE_SECTIONS = [  # (heading as on the page, key), in page order
    ("", "title"),
    ("Quick facts", "quick_facts"),
    ("What this trial studies", "description"),
    ("Who should consider this trial", "who_should_consider"),
    ("Why it matters", "why_it_matters"),
    ("Eligibility criteria", "eligibility"),
    ("Where this trial is running", "locations"),
    ("Study contacts", "contacts"),
    ("How to participate", "how_to_participate"),
    ("View on ClinicalTrials.gov →", "registry_link"),
    ("Conditions", "conditions"),
    ("Last reviewed", "review"),
]
REFERENCE_KEYS = [key for _, key in REFERENCE_SECTIONS]


def test_reference_headings_give_their_keys_in_order() -> None:
    listing = parse(REFERENCE_TEXT)
    assert [(s.heading, s.key) for s in listing.sections] == REFERENCE_SECTIONS


@pytest.mark.parametrize(("heading", "key"), [row(REFERENCE, h, k, id=k) for h, k in REFERENCE_SECTIONS])
def test_each_reference_section_spans_its_heading_and_body(heading: str, key: str) -> None:
    listing = parse(REFERENCE_TEXT)
    (section,) = [s for s in listing.sections if s.key == key]
    block = REFERENCE_TEXT[section.span.start : section.span.end]
    assert block.startswith(heading)
    assert block.rstrip().endswith(section.text.rstrip()[-20:])


def _move(text: str, start: str, stop: str, before: str | None) -> str:
    """Cut ``[start, stop)`` out of ``text`` and put it before ``before`` (or at the end)."""
    a, b = text.index(start), text.index(stop)
    block, rest = text[a:b], text[:a] + text[b:]
    if before is None:
        return rest + "\n\n" + block.rstrip("\n")
    at = rest.index(before)
    return rest[:at] + block + rest[at:]


def _drop(text: str, start: str, stop: str) -> str:
    return text[: text.index(start)] + text[text.index(stop) :]


def _keys_without(*gone: str) -> list[str]:
    return [k for k in REFERENCE_KEYS if k not in gone]


VARIANTS = [
    row(REFERENCE, REFERENCE_TEXT, REFERENCE_KEYS, id="as is"),
    row(CONTRACT, REFERENCE_TEXT.replace("\n", "\r\n"), REFERENCE_KEYS, id="CRLF"),
    row(CONTRACT, REFERENCE_TEXT.replace("\n", "\r"), REFERENCE_KEYS, id="CR"),
    row(CONTRACT, "\ufeff" + REFERENCE_TEXT, REFERENCE_KEYS, id="BOM"),
    row(CONTRACT, REFERENCE_TEXT.replace("\n", "   \n"), REFERENCE_KEYS, id="trailing spaces"),
    row(CONTRACT, REFERENCE_TEXT.replace("\n\n", "\n\n\n\n"), REFERENCE_KEYS, id="extra blank lines"),
    row(CONTRACT, REFERENCE_TEXT.replace(" ", "\u00a0"), REFERENCE_KEYS, id="NBSP for every space"),
    row(
        CONTRACT,
        "\ufeff" + REFERENCE_TEXT.replace("\n", " \t\r\n").replace("\r\n\r\n", "\r\n\r\n\r\n"),
        REFERENCE_KEYS,
        id="BOM, CRLF, trailing blanks and extra blank lines at once",
    ),
    row(EDGE, REFERENCE_TEXT.replace("\n", "\u2028"), REFERENCE_KEYS, id="U+2028 line separators"),
    row(
        CONTRACT,
        _move(REFERENCE_TEXT, "Quick facts", "What this trial studies", None),
        [*_keys_without("quick_facts"), "quick_facts"],
        id="quick facts moved to the end",
    ),
    row(
        CONTRACT,
        _move(REFERENCE_TEXT, "Where this trial is running", "Study contacts", "What this trial studies"),
        ["title", "quick_facts", "locations", *_keys_without("title", "quick_facts", "locations")],
        id="locations moved up",
    ),
    row(
        CONTRACT,
        _drop(REFERENCE_TEXT, "Who should consider this trial", "Eligibility criteria"),
        _keys_without("who_should_consider", "why_it_matters"),
        id="two sections missing",
    ),
    row(
        CONTRACT,
        _drop(REFERENCE_TEXT, "Where this trial is running", "Study contacts"),
        _keys_without("locations"),
        id="locations body missing",
    ),
]


@pytest.mark.parametrize(("page", "keys"), VARIANTS)
def test_sections_and_values_survive_page_variants(page: str, keys: list[str]) -> None:
    listing = parse(page)
    reference = parse(REFERENCE_TEXT)
    assert [s.key for s in listing.sections] == keys
    assert listing.facts == REFERENCE_FACTS
    assert listing.locations == REFERENCE_LOCATIONS
    assert listing.conditions == ("Breast Cancer",)
    assert listing.last_reviewed == datetime.date(2026, 5, 15)
    assert (len(listing.criteria.inclusion), len(listing.criteria.exclusion)) == (7, 5)
    assert len(listing.criteria.exclusion[0].children) == 8
    if "who_should_consider" in keys:
        assert listing.good_fit == reference.good_fit
    assert codes(listing) == []
    for section in listing.sections:  # every span indexes the text as given
        block = page[section.span.start : section.span.end].lstrip("\ufeff").replace("\u00a0", " ")
        assert block.startswith(section.heading)


def test_a_missing_eligibility_section_is_an_info_issue() -> None:
    listing = parse(_drop(REFERENCE_TEXT, "Eligibility criteria", "Where this trial is running"))
    assert [s.key for s in listing.sections] == _keys_without("eligibility")
    assert (listing.criteria.inclusion, listing.criteria.exclusion) == ((), ())
    (issue,) = issues_with(listing, "sections.no_eligibility")
    assert issue.severity is Severity.INFO
    assert listing.facts == REFERENCE_FACTS


UNKNOWN_HEADINGS = [
    row(CONTRACT, "Funding\n\nThis trial is funded by Acme.\n\n", "Funding", id="plain heading"),
    row(EDGE, "## Funding notes\n\nThis trial is funded by Acme.\n\n", "Funding notes", id="markdown heading"),
]


@pytest.mark.parametrize(("block", "heading"), UNKNOWN_HEADINGS)
def test_an_unknown_heading_is_kept_as_unknown_with_an_info_issue(block: str, heading: str) -> None:
    at = REFERENCE_TEXT.index("Why it matters")
    page = REFERENCE_TEXT[:at] + block + REFERENCE_TEXT[at:]
    listing = parse(page)
    keys = [s.key for s in listing.sections]
    where = REFERENCE_KEYS.index("why_it_matters")
    assert keys == [*REFERENCE_KEYS[:where], "unknown", *REFERENCE_KEYS[where:]]
    (section,) = [s for s in listing.sections if s.key == "unknown"]
    assert section.heading == heading
    assert section.text == "This trial is funded by Acme."
    (issue,) = issues_with(listing, "sections.unknown_heading")
    assert issue.severity is Severity.INFO
    assert issue.span is not None
    assert page[issue.span.start : issue.span.end].lstrip("# ").startswith(heading)
    assert listing.potential_benefit == parse(REFERENCE_TEXT).potential_benefit


def test_a_known_section_given_twice_reads_the_first_with_a_warning() -> None:
    page = REFERENCE_TEXT + "\n\nQuick facts\n\nPhasePHASE3\nSexFemale\n"
    listing = parse(page)
    assert listing.facts == REFERENCE_FACTS
    (issue,) = issues_with(listing, "sections.duplicate")
    assert issue.severity is Severity.WARNING


# --- contacts -------------------------------------------------------------------------------

JANE = Contact("Jane Doe", "+1 555 0100", "jane@example.org")
JOHN = Contact("John Roe", "+1 555 0199", "john@example.org")
CONTACTS = [
    # CONTRACT: the block layout fixtures/build_pages.py writes ("Name / Phone: … / Email: …")
    row(CONTRACT, "Jane Doe\nPhone: +1 555 0100\nEmail: jane@example.org", (JANE,), id="labelled lines"),
    row(CONTRACT, "Jane Doe\n+1 555 0100\njane@example.org", (JANE,), id="bare lines"),
    row(CONTRACT, "Jane Doe · +1 555 0100 · jane@example.org", (JANE,), id="one line split by middle dots"),
    row(
        CONTRACT,
        "Jane Doe\nPhone: +1 555 0100\nEmail: jane@example.org\n\nJohn Roe\nPhone: +1 555 0199\nEmail: john@example.org",
        (JANE, JOHN),
        id="several blocks",
    ),
    row(CONTRACT, "Phone: +1 555 0100", (Contact(None, "+1 555 0100", None),), id="phone only"),
    row(CONTRACT, "Jane Doe\nEmail: jane@example.org", (Contact("Jane Doe", None, "jane@example.org"),), id="name and e-mail"),
    row(
        CONTRACT,
        "Jane Doe\nEmail: jane@example.org\n\nJohn Roe\nEmail: john@example.org",
        (Contact("Jane Doe", None, "jane@example.org"), Contact("John Roe", None, "john@example.org")),
        id="several blocks without phones",
    ),
    row(CONTRACT, "Email: jane@example.org", (Contact(None, None, "jane@example.org"),), id="e-mail only"),
    row(CONTRACT, "Dr. Jane Doe, MD", (Contact("Dr. Jane Doe, MD", None, None),), id="name only"),
    row(
        EDGE,
        "Name: Jane Doe\nTelephone: (617) 555-0100\nE-mail: jane@example.org",
        (Contact("Jane Doe", "(617) 555-0100", "jane@example.org"),),
        id="labelled name, telephone, e-mail",
    ),
    row(
        EDGE,
        "Jane Doe | +44 20 7946 0000 | jane@example.org",
        (Contact("Jane Doe", "+44 20 7946 0000", "jane@example.org"),),
        id="one line split by bars",
    ),
    row(EDGE, "Jane Doe\tjane@example.org", (Contact("Jane Doe", None, "jane@example.org"),), id="tab-separated"),
]


@pytest.mark.parametrize(("block", "expected"), CONTACTS)
def test_contacts_under_study_contacts(block: str, expected: tuple[Contact, ...]) -> None:
    page = f"Study contacts\n\n{block}\n\nHow to participate\n\nAsk your doctor.\n"
    listing = parse(page)
    assert listing.contacts == expected
    assert codes(listing, "contacts.") == []


@pytest.mark.parametrize("ending", [row(CONTRACT, "\n", id="LF"), row(CONTRACT, "\r\n", id="CRLF"), row(CONTRACT, "\r", id="CR")])
def test_contact_blocks_split_on_blank_lines_in_any_line_ending(ending: str) -> None:
    page = "Study contacts\n\nJane Doe\nEmail: jane@example.org\n\nJohn Roe\nEmail: john@example.org\n".replace("\n", ending)
    assert parse(page).contacts == (Contact("Jane Doe", None, "jane@example.org"), Contact("John Roe", None, "john@example.org"))


def test_reference_page_has_no_contacts_and_an_empty_contacts_section() -> None:
    listing = parse(REFERENCE_TEXT)
    assert listing.contacts == ()
    (section,) = [s for s in listing.sections if s.key == "contacts"]
    assert section.text == ""


# --- review dates ----------------------------------------------------------------------------

MAY_15 = datetime.date(2026, 5, 15)
INVALID = Fails("dates.invalid_date")
UNREADABLE = Fails("dates.unreadable")
REAL_DATES = [
    ("NCT00000410", "2015-08-04", datetime.date(2015, 8, 4)),
    ("NCT00220935", "2006-10-05", datetime.date(2006, 10, 5)),
    ("NCT06508918", "2024-08-09", datetime.date(2024, 8, 9)),
]
DATES = [
    row(
        REFERENCE,
        "2026-05-15 by the Find a Trial editorial team. Information on this page is for educational purposes.",
        MAY_15,
        id="reference",
    ),
    *(row(REAL, f"{value} by the Find a Trial editorial team.", want, id=nct) for nct, value, want in REAL_DATES),
    row(CONTRACT, "May 15, 2026", MAY_15),
    row(CONTRACT, "15 May 2026", MAY_15),
    row(CONTRACT, "2026/05/15", MAY_15),
    row(CONTRACT, "2026-02-30", INVALID),
    row(CONTRACT, "junk", UNREADABLE),
    row(EDGE, "May 15, 2026 by the team", MAY_15),
    row(EDGE, "Sept. 3, 2025", datetime.date(2025, 9, 3)),
    row(EDGE, "MAY 15, 2026", MAY_15),
    row(EDGE, "May 15th, 2026", MAY_15),
    row(EDGE, "15 May, 2026", MAY_15),
    row(EDGE, "2026-5-1", datetime.date(2026, 5, 1)),
    row(EDGE, "2024-02-29", datetime.date(2024, 2, 29), id="leap day"),
    row(EDGE, "Feb 29, 2025", INVALID, id="no leap day in 2025"),
    row(EDGE, "31 April 2026", INVALID),
    row(EDGE, "2026-13-01", INVALID),
    row(EDGE, "0000-01-01", INVALID, id="year zero"),
    row(EDGE, "by the team", UNREADABLE),
    row(EDGE, "x" * 10_000, UNREADABLE, id="10000 characters of junk"),
]


@pytest.mark.parametrize(("value", "expected"), DATES)
def test_parse_date_reads_each_form(value: str, expected: object) -> None:
    if isinstance(expected, Fails):
        with pytest.raises(DateError) as err:
            parse_date(value)
        assert err.value.code == expected.code
    else:
        assert parse_date(value) == expected


@pytest.mark.parametrize(("value", "expected"), DATES)
def test_last_reviewed_on_a_page(value: str, expected: object) -> None:
    page = f"Conditions: Breast Cancer\n\nLast reviewed {value}"
    listing = parse(page)
    start = page.index("Last reviewed ") + len("Last reviewed ")
    if isinstance(expected, Fails):
        assert listing.last_reviewed is None
        (issue,) = issues_with(listing, expected.code)
        assert issue.severity is expected.severity
        assert issue.span is not None
        assert issue.span.start == start
        assert page[issue.span.start : issue.span.end].strip()
    else:
        assert listing.last_reviewed == expected
        assert codes(listing, "dates.") == []


@pytest.mark.parametrize(
    "page",
    [
        row(
            CONTRACT,
            "Conditions: X\n\nLast reviewed",
            id="heading without a date",
        ),
        row(
            EDGE,
            "Conditions: X\n\nLast reviewed:  ",
            id="colon without a date",
        ),
    ],
)
def test_last_reviewed_without_a_date_is_unreadable(page: str) -> None:
    listing = parse(page)
    assert listing.last_reviewed is None
    assert codes(listing, "dates.") == ["dates.unreadable"]


_NO_DATEPARSER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import trialparse
    page = Path(sys.argv[1]).read_bytes().decode("utf-8")
    assert trialparse.parse(page).last_reviewed is not None
    for value in sys.argv[2:]:
        assert trialparse.parse("Last reviewed " + value).last_reviewed is not None, value
    print("dateparser" in sys.modules)
    """
)


@pytest.mark.parametrize(
    "dates",
    [
        row(REFERENCE, [], id="reference page alone"),
        row(CONTRACT, ["May 15, 2026", "15 May 2026", "2026/05/15"], id="month-name and slashed dates"),
        row(
            EDGE, ["Sept. 3, 2025 by the team", "May 15th, 2026", "15 May, 2026", "MAY 15 2026"], id="other month-name spellings"
        ),
    ],
)
def test_common_dates_never_import_dateparser(dates: list[str]) -> None:
    """dateparser is a slow import: the reference page and month-name dates must not need it."""
    done = subprocess.run(
        [sys.executable, "-c", _NO_DATEPARSER, str(REFERENCE_PAGE), *dates],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_dateparser_check_can_see_an_import() -> None:
    """Control for the test above: a date only dateparser can read does load it in the child."""
    script = (
        "import sys, trialparse; trialparse.parse('Last reviewed the fifteenth of May, 2026'); "
        "print('dateparser' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


def test_reference_page_has_no_issues_at_all() -> None:
    listing = parse(REFERENCE_TEXT)
    assert listing.issues == ()
    assert isinstance(listing, Listing)
