"""The review page: exact text, highlights at their spans, exact escaping, linear time, the CLI, and a real browser."""

from __future__ import annotations

import html.parser
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import trialparse
from tests.conftest import FIXTURES, ROOT, read_page
from trialparse import cli, parse, review_html
from trialparse.model import Constraint, ConstraintKind, Criteria, Criterion, Issue, Listing, Section, Severity, Span
from trialparse.review import constraint_reading

REFERENCE = FIXTURES / "NCT06115902.txt"
PAGES = FIXTURES / "pages"
VOID = frozenset({"br", "meta"})
# every tag the page itself writes; anything else would be markup that came from the page text
OWN_TAGS = frozenset({"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "div", "span", "main", "aside"})
OWN_TAGS |= {"ul", "li", "a", "p", "bdi", "br"}
HOSTILE = "<script>alert('x')</script> & \"quoted\" 'single' &amp; \u202eevil\u202c zero\u200bwidth \u2066iso\u2069 </div></span>"


class Dom(html.parser.HTMLParser):
    """The page body's text, and each highlight's text and attributes, as a browser builds them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.tags: set[str] = set()
        self.elements: list[tuple[dict[str, str], list[str]]] = []  # (attributes, text pieces) in document order
        self.open: list[list[str] | None] = []
        self.page: list[str] | None = None
        self.balanced = True

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = {k: v or "" for k, v in attrs_}
        if tag in VOID:
            return
        pieces: list[str] | None = None
        if found.get("id") == "page":
            self.page = pieces = []
        elif "data-start" in found:
            pieces = []
            self.elements.append((found, pieces))
        self.stack.append((tag, found))
        self.open.append(pieces)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.balanced = False
            return
        self.stack.pop()
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for pieces in self.open:
            if pieces is not None:
                pieces.append(data)

    def highlights(self, css_class: str) -> list[tuple[int, int, str]]:
        """Each highlight of a class as ``(start, end, text)``, the text of its pieces after a split
        (``data-cont``, same ``data-n``) joined on."""
        out: dict[str, tuple[int, int, str]] = {}
        for found, pieces in self.elements:
            if css_class in found.get("class", "").split():
                start, end, text = int(found["data-start"]), int(found["data-end"]), "".join(pieces)
                assert ("data-cont" in found) == (found["data-n"] in out)
                out[found["data-n"]] = (start, end, out[found["data-n"]][2] + text if "data-cont" in found else text)
        return list(out.values())

    def pieces_of(self, css_class: str) -> dict[tuple[int, int], str]:
        return {(start, end): text for start, end, text in self.highlights(css_class)}

    def titles(self, css_class: str) -> list[str]:
        return [found["title"] for found, _ in self.elements if css_class in found.get("class", "").split()]


def read_dom(document: str) -> Dom:
    dom = Dom()
    dom.feed(document)
    dom.close()
    return dom


def page_with_issues() -> tuple[Listing, str]:
    """The reference page with an unreadable age, an unknown fact line, hostile text, and an ambiguous-structure issue."""
    text = (
        read_page(REFERENCE)
        .replace("Ages18 Years to 75 Years", "Ageseighteen+")
        .replace("SexAll", "SexAll\nFunding: <b>Acme</b>")
    )
    text = text.replace("* The main organs function are normally;", "* The main organs function are normally; " + HOSTILE)
    listing = parse(text)
    at = text.index("* Concomitant disease")
    # added by hand: the criteria reader names this code for lists it could nest two ways
    ambiguous = Issue("criteria.ambiguous_structure", "items 1-8: children of this bullet, or a list of their own", Severity.INFO,
                      Span(at, at + 42))  # fmt: skip
    return attrs.evolve(listing, issues=(*listing.issues, ambiguous)), text


def check_highlights(dom: Dom, listing: Listing, text: str) -> None:
    """Each criterion's highlight holds exactly its span's text; constraints and issues too."""
    criteria = dom.highlights("crit")
    pieces = [sp for _, _, c in listing.criteria.walk() for sp in (c.span, *c.more_spans)]
    assert sorted((s, e) for s, e, _ in criteria) == sorted((sp.start, sp.end) for sp in pieces)
    for start, end, shown in criteria + dom.highlights("con") + dom.highlights("iss") + dom.highlights("fact"):
        assert shown == text[start:end]


# --- the page's text and its highlights ----------------------------------------------------------------


@pytest.mark.parametrize("page", [REFERENCE, *sorted(PAGES.glob("*.txt"))], ids=lambda p: p.stem)
def test_page_text_is_the_input_and_each_highlight_holds_its_span(page: Path) -> None:
    text = read_page(page)
    listing = parse(text)
    dom = read_dom(review_html(listing, text))
    assert dom.balanced
    assert dom.page is not None
    assert "".join(dom.page) == text  # CRLF, lone CR, BOM, NBSP: one character for one
    check_highlights(dom, listing, text)


def test_quick_fact_titles_hold_the_typed_values() -> None:
    dom = read_dom(review_html(parse(read_page(REFERENCE)), read_page(REFERENCE)))
    titles = dom.titles("fact")
    for expected in (
        "Phase → PHASE1",
        "Study type → INTERVENTIONAL",
        "Enrollment → count=150, status=ESTIMATED",
        "Ages → 18–75 YEARS",
        "Sex → ALL",
        "Sponsor → name=Chia Tai Tianqing Pharmaceutical Group Co., Ltd., sponsor_class=INDUSTRY",
        "Drugs / interventions → chemotherapy; immunotherapy",
        "Trial ID → NCT06115902",
    ):
        assert expected in titles
    at = read_page(REFERENCE).index("Ages18 Years")
    assert dom.pieces_of("fact")[at, at + 24] == "Ages18 Years to 75 Years"
    assert dom.pieces_of("fl")[at, at + 4] == "Ages"


def test_a_label_alone_on_its_line_takes_the_next_line_and_plain_values_are_marked() -> None:
    text = "Quick facts\n\nAges\n18 Years to 65 Years\nSex: All\n\nConditions: Back Pain; Sciatica\n\n"
    text += "Last reviewed 2026-05-15 by us."
    dom = read_dom(review_html(parse(text), text))
    assert dom.pieces_of("fact") == {(13, 38): "Ages\n18 Years to 65 Years", (39, 47): "Sex: All"}
    assert dom.titles("fact") == ["Ages → 18–65 YEARS", "Sex → ALL"]
    values = {piece: title for (_, _, piece), title in zip(dom.highlights("val"), dom.titles("val"), strict=True)}
    assert values == {"Back Pain": "conditions", "Sciatica": "conditions", "2026-05-15": "last reviewed → 2026-05-15"}


def test_constraints_are_underlined_with_their_reading() -> None:
    text = read_page(REFERENCE)
    dom = read_dom(review_html(parse(text), text))
    readings = set(dom.titles("con"))
    assert {"AGE 18–75 years", "ECOG 0–1", "LIFE_EXPECTANCY ≥ 91.3125 days", "TIME_WINDOW (pregnancy test) ≤ 7 days"} <= readings
    at = text.index("ages of 18-75 years")
    assert dom.pieces_of("con")[at, at + 19] == "ages of 18-75 years"


def test_constraint_reading_names_fields_it_does_not_know() -> None:
    @attrs.frozen
    class Graded(Constraint):  # a later release's constraint with a field of its own
        grade: int | None = None

    reading = constraint_reading(Graded(ConstraintKind.LAB, Span(0, 4), subject="ANC", low=1.5, low_inclusive=False, grade=2))
    assert reading == "LAB (ANC) > 1.5 grade=2"


def test_nesting_is_drawn_and_labels_are_shown_as_read() -> None:
    text = read_page(REFERENCE)
    out = review_html(parse(text), text)
    first_child = text.index("1. Has diagnosed")
    assert f'class="crit exc d2" data-start="{first_child}"' in out
    assert 'data-path="E1.1" data-label="1"' in out
    assert 'href="#c-E1.1"' in out  # the outline beside the text links to the highlight
    assert '<span id="c-I1" class="crit inc d1"' in out


def test_headers_and_notes_are_muted_and_gaps_stay_plain() -> None:
    text = read_page(PAGES / "NCT02814825.txt")
    listing = parse(text)
    assert len(listing.criteria.note_spans) == 2
    dom = read_dom(review_html(listing, text))
    assert set(dom.pieces_of("hdr")) == {(h.span.start, h.span.end) for h in listing.criteria.headers}
    assert set(dom.pieces_of("note")) == {(s.start, s.end) for s in listing.criteria.note_spans}
    assert "hdr,.note{color:var(--mut)" in review_html(listing, text)
    covered: set[int] = set()  # the blank lines between items are claimed by nothing: no highlight covers them
    for found, _ in dom.elements:
        covered.update(range(int(found["data-start"]), int(found["data-end"])))
    first_item = listing.criteria.inclusion[0].span.start
    assert first_item - 1 not in covered  # the line end before the first item


# --- issues ------------------------------------------------------------------------------------------------


def test_every_issue_is_marked_at_its_span_and_ambiguous_structure_stands_out() -> None:
    listing, text = page_with_issues()
    out = review_html(listing, text)
    dom = read_dom(out)
    check_highlights(dom, listing, text)
    marked = dom.pieces_of("iss")
    for issue in listing.issues:
        assert issue.span is not None
        assert marked[(issue.span.start, issue.span.end)] == text[issue.span.start : issue.span.end]
        assert f"{issue.severity.value} {issue.code}: {issue.message}" in dom.titles("iss")
    loud = [found for found, _ in dom.elements if "standout" in found.get("class", "").split()]
    assert [found["data-code"] for found in loud] == ["criteria.ambiguous_structure"]
    assert '<span class="chip standout">1 ambiguous structure</span>' in out
    issues_list = out[out.index("<h2>Issues</h2>") :]
    assert issues_list.index("criteria.ambiguous_structure") < issues_list.index("facts.ages_unreadable")  # listed first


def test_issues_without_a_place_are_listed_and_points_are_marked() -> None:
    text = "Quick facts\n\nSexAll\n"
    listing = Listing(
        issues=(Issue("x.nowhere", "no span", Severity.INFO), Issue("x.point", "here", Severity.WARNING, Span(13, 13)))
    )
    out = review_html(listing, text)
    assert "(no place in the text)" in out
    assert '<span id="i2" class="iss sev-WARNING" data-start="13" data-end="13"' in out


def test_crossing_spans_are_split_into_well_formed_pieces() -> None:
    text = "abcdefghijklmnopqrst"
    criteria = Criteria(inclusion=(Criterion("abcdefghij", Span(0, 10)), Criterion("klmnopqrst", Span(10, 20))))
    issues = (Issue("x.a", "crosses both", Severity.ERROR, Span(5, 15)), Issue("x.b", "inside", Severity.INFO, Span(8, 12)))
    listing = Listing(criteria=criteria, issues=issues, sections=(Section("unknown", "abc", text, Span(0, 20)),))
    dom = read_dom(review_html(listing, text))
    assert dom.balanced
    assert "".join(dom.page or ()) == text
    check_highlights(dom, listing, text)
    assert len([found for found, _ in dom.elements if found.get("data-code") == "x.a"]) == 2  # closed and opened again


SPAN = st.tuples(st.integers(0, 40), st.integers(0, 40)).map(lambda ab: Span(min(ab), max(ab)))


@given(
    text=st.text(alphabet="ab <&>\"'\r\n\u202e\u200b\x00\u2028", max_size=40),
    criteria=st.lists(SPAN, max_size=6),
    issues=st.lists(SPAN, max_size=6),
)
def test_any_spans_give_well_formed_html_whose_highlights_hold_their_text(
    text: str, criteria: list[Span], issues: list[Span]
) -> None:
    """For any text and any spans (nested, crossing, empty, past the end), the HTML is balanced, its page text
    is the input with only NUL as U+FFFD, and each highlight holds its (cut) span's text."""
    listing = Listing(
        criteria=Criteria(inclusion=tuple(Criterion("x", span) for span in criteria)),
        issues=tuple(Issue("x.y", "m", Severity.INFO, span) for span in issues),
    )
    dom = read_dom(review_html(listing, text))
    shown = text.replace("\x00", "\ufffd")
    assert dom.balanced
    assert "".join(dom.page or ()) == shown
    for start, end, piece in dom.highlights("crit") + dom.highlights("iss"):
        assert piece == shown[start:end]
    assert len(dom.highlights("crit")) == len([s for s in criteria if s.start <= len(text)])


def test_spans_past_the_text_are_cut_not_fatal() -> None:
    listing = Listing(
        issues=(Issue("x.far", "past the end", Severity.ERROR, Span(5, 500)), Issue("x.bad", "", Severity.ERROR, Span(9, 3)))
    )
    dom = read_dom(review_html(listing, "short text"))
    assert "".join(dom.page or ()) == "short text"
    assert dom.pieces_of("iss") == {(5, 10): " text"}


# --- escaping ----------------------------------------------------------------------------------------------


def test_no_markup_from_the_page_ever_renders() -> None:
    listing, text = page_with_issues()
    out = review_html(listing, text)
    dom = read_dom(out)
    assert dom.tags <= OWN_TAGS
    assert "<script" not in out.lower()
    assert "".join(dom.page or ()) == text
    # a message quoting the page comes back whole from its attribute, quotes and all
    assert 'INFO facts.unknown_line: Quick facts: no known label in "Funding: <b>Acme</b>"' in dom.titles("iss")


def test_bidi_and_zero_width_characters_are_isolated_and_shown() -> None:
    text = "a\u202eb\u200bc\ufeffd"
    out = review_html(Listing(), text)
    assert '<span class="ctl" data-cp="U+202E"' in out
    assert '<span class="ctl" data-cp="U+200B"' in out
    assert "".join(read_dom(out).page or ()) == text
    assert ".ctl{unicode-bidi:isolate" in out


def test_text_html_cannot_hold_is_replaced_one_for_one() -> None:
    text = "a\x00b\ud800c"
    out = review_html(Listing(issues=(Issue("x", "nul \x00 \udfff", Severity.INFO, Span(1, 4)),)), text)
    out.encode("utf-8")  # writable as UTF-8 although the input is not
    assert "".join(read_dom(out).page or ()) == "a\ufffdb\ufffdc"
    assert read_dom(out).pieces_of("iss") == {(1, 4): "\ufffdb\ufffd"}


def test_line_ends_keep_offsets_and_show_as_lines() -> None:
    text = "one\r\ntwo\rthree\nfour\u2028five\r\nsix"
    out = review_html(Listing(issues=(Issue("x", "", Severity.INFO, Span(4, 9)),)), text)
    assert "five&#13;\nsix" in out  # CR kept as a reference: a raw one would be read as LF
    assert "two&#13;<br></span>three" in out  # a lone CR ends a line
    assert "four\u2028<br>five" in out
    assert "one&#13;<span" in out  # the LF is in the next piece: no second line end
    assert read_dom(out).pieces_of("iss") == {(4, 9): "\ntwo\r"}


def test_a_split_crlf_still_ends_one_line() -> None:
    text = "one\r\ntwo"
    out = review_html(Listing(issues=(Issue("x", "", Severity.INFO, Span(0, 4)),)), text)
    assert "<br>" not in out[out.index('id="page"') : out.index("<aside>")]
    assert "".join(read_dom(out).page or ()) == text


# --- linear time -------------------------------------------------------------------------------------------


def test_a_one_megabyte_hostile_page_renders_in_linear_time() -> None:
    """Tripwire, not a benchmark: quadratic work on these inputs would take minutes."""
    items = "".join(f"* item {i} {HOSTILE}\r\n  1. child {i} <b>&amp;</b>\r\n" for i in range(4_000))
    text = "Eligibility criteria\r\n\r\nInclusion Criteria:\r\n\r\n" + items
    assert len(text) > 500_000
    listing = parse(text)
    long_line = "<&\"'\u202e" * 200_000
    many_points = Listing(issues=tuple(Issue("x", "", Severity.INFO, Span(i, i + 3)) for i in range(0, 200_000, 2)))
    started = time.perf_counter()
    out = review_html(listing, text)
    review_html(Listing(), long_line)
    review_html(many_points, long_line)
    assert time.perf_counter() - started < 30
    assert "".join(read_dom(out).page or ()) == text


# --- the command line --------------------------------------------------------------------------------------


def test_cli_writes_a_page_per_input_and_an_index(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "more").mkdir(parents=True)
    shutil.copy(REFERENCE, pages / "NCT06115902.txt")
    shutil.copy(REFERENCE, pages / "more" / "NCT06115902.txt")  # same name: written under another
    shutil.copy(PAGES / "NCT01367860.crlf.txt", pages / "crlf.txt")
    out = tmp_path / "review"
    assert cli.main([str(pages), "--format", "html", "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["NCT06115902-2.html", "NCT06115902.html", "crlf.html", "index.html"]
    dom = read_dom((out / "crlf.html").read_text(encoding="utf-8"))
    assert "".join(dom.page or ()) == read_page(PAGES / "NCT01367860.crlf.txt")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr><td><a href=") == 3
    listing = parse(read_page(REFERENCE))
    criteria = sum(1 for _ in listing.criteria.walk())
    constraints = sum(len(c.constraints) for _, _, c in listing.criteria.walk())
    no_issues = '<td class="n z">0</td>' * 4
    assert f'<td class="n">{criteria}</td><td class="n">{constraints}</td>{no_issues}</tr>' in index
    assert "3 pages · " in index


def test_cli_strict_skips_a_failing_page_and_keeps_the_others_in_step(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Quick facts\n\nPhasebanana\nSexAll\n", encoding="utf-8")
    out = tmp_path / "review"
    assert cli.main([str(bad), str(REFERENCE), "--format", "html", "-o", str(out), "--strict"]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["NCT06115902.html", "index.html"]
    assert "".join(read_dom((out / "NCT06115902.html").read_text(encoding="utf-8")).page or ()) == read_page(REFERENCE)


def test_cli_html_needs_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main([str(REFERENCE), "--format", "html"])
    assert stop.value.code == 2
    assert "-o DIR" in capsys.readouterr().err
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(SystemExit):
        cli.main([str(REFERENCE), "--format", "html", "-o", str(tmp_path / "file")])


def test_readme_review_command_works_verbatim(tmp_path: Path) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Review page") : text.index("## Issue codes")]
    (command,) = re.findall(r"```sh\n(.*?)\n```", section, flags=re.DOTALL)
    (tmp_path / "fixtures").symlink_to(FIXTURES)
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    pages = sorted(PAGES.glob("*.txt"))
    assert len(list((tmp_path / "review").glob("*.html"))) == len(pages) + 1
    assert (tmp_path / "review" / "index.html").read_text(encoding="utf-8").count("<tr><td><a href=") == len(pages)


def test_review_html_is_public() -> None:
    assert "review_html" in trialparse.__all__
    assert trialparse.review_html is review_html


# --- in a real browser -------------------------------------------------------------------------------------


def _browser() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no chromium on this machine (.ci/run installs Debian's chromium): the browser test cannot run")


def _chromium(browser: str, profile: Path, *args: str) -> bytes:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    flags += ["--disable-sync", "--no-first-run", f"--user-data-dir={profile}"]
    done = subprocess.run([browser, *flags, *args], capture_output=True, timeout=120, check=True)
    return done.stdout


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


@pytest.mark.parametrize("which", ["reference", "issues", "crlf"])
def test_in_chromium_each_highlight_covers_its_span_and_titles_hold_values(which: str, tmp_path: Path) -> None:
    browser = _browser()
    if which == "issues":
        listing, text = page_with_issues()
    else:
        text = read_page(REFERENCE if which == "reference" else PAGES / "NCT01367860.crlf.txt")
        listing = parse(text)
    page = tmp_path / f"{which}.html"
    page.write_text(review_html(listing, text), encoding="utf-8", newline="")
    dumped = _chromium(browser, tmp_path / "profile", "--dump-dom", page.as_uri()).decode("utf-8")
    dom = read_dom(dumped)
    assert dom.balanced
    assert dom.tags <= OWN_TAGS  # the browser built no element from the page's text
    assert "".join(dom.page or ()) == text
    check_highlights(dom, listing, text)
    ages = {"reference": "Ages → 18–75 YEARS", "issues": "Ages → (not read)", "crlf": "Ages → 18–76 YEARS"}  # as the pages say
    facts = dom.titles("fact")
    assert ages[which] in facts
    assert "Sex → ALL" in facts
    if which == "issues":
        assert any(found.get("data-code") == "criteria.ambiguous_structure" for found, _ in dom.elements)
    shot = tmp_path / f"{which}.png"
    _chromium(browser, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,1600", page.as_uri())
    assert _png_size(shot) == (1280, 1600)
    assert shot.stat().st_size > 50_000  # a rendered page, not a blank one
    if os.environ.get("TRIALPARSE_KEEP_SCREENSHOTS"):
        shutil.copy(shot, Path(os.environ["TRIALPARSE_KEEP_SCREENSHOTS"]) / shot.name)
