"""Eligibility criteria as a tree: sides, cohorts, items, nested items.

The grammar read here, line by line (one pass, explicit stacks, no recursion). The work is in
parts: the line model, markers and line shapes (``_criteria_lines``), passes re-reading the line
events in context (``_criteria_events``), side, cohort and topic
headers (``_criteria_headers``), the text run into a header's line before its list
(``_criteria_runin``), flattened lines (``_criteria_flat``, which finds candidate markers with
``_criteria_flat_marks`` and decides which cut with ``_criteria_flat_cuts``), the tree
(``_criteria_tree``: headers and marked items, with a lead-in's members in
``_criteria_leadins``; the cues ending a lead-in's members, marked or not, in
``_criteria_members``), the tree's state (``_criteria_state``), the rules for unmarked lines
(``_criteria_plain``, with what goes on with an item above in ``_criteria_pieces``, and a lead-in's
unmarked members, with text written a line per criterion, in ``_criteria_lineblocks``), and the
nodes and their output (``_criteria_nodes``); this module turns the section's lines into events
and reads them into trees.

**Decision order.** Where cues disagree, the stronger decides, in this order, everywhere:

1. **numbering continuity**: "3." after "2." at the same indent is 2's sibling, whatever 2 ends
   with ("… below:", "… of the following:"); a deeper "3." too, unless 2 ends with ":" and has
   no children yet (as ``render()`` writes a child, reported: the numbering says sibling), and
   after a sub-list a number continuing the outer list returns to it (the registry's "* 1\\."
   then "  2\\." then "    4\\."); items of another style between "3." and "4." are 3's
   sub-items, at 3's indent or left of it; on a flattened line a number that continues the
   line's own list ends a sub-list; a number goes on across a change of delimiter ("5." then,
   indented, "6)"); a list starting again at "1." right after "9. …:" at its indent (or left
   of it) is 9's sub-list while its own numbers go on, and "10." returns to the outer list (so
   under a sub-item run into its line, "a. …: i. … ii. … of the following:", then "1.");
   bullets, then the list's numbers surfacing at "3.", leave room for two items only: a second
   bullet ending with ":" takes the bullets up to "3." as its members (reported);
2. **indentation**: deeper is a child; but a lone first bullet of a list with the rest indented
   under it after a blank line (the registry's markdown) holds no children: they are its
   siblings; and so are the steps of a staircase (three or more blank-separated bullets, each
   the only child of the one before, none a lead-in);
3. **marker style**: at the same indent an item ending with ":" takes items of *another* style;
   bullet glyphs changing mid-list ("•" then "*") are one style, unless the glyph is that of an
   open item at that indent (the outer list returning);
   a capital letter or roman numeral ("A)", "II.") takes the numbered list that starts at "1."
   right after it (the outline's order I. > A. > 1.), while its numbers go on; beside a lower-case
   "a." holding sub-items a restart at "1." stays a's sibling (reported: or the sub-list of a's last);
4. **a lead-in phrase** ("… of the following:", "… such as:", also with a short aside before
   its colon: "Tumor-specific criteria (Expansion phase):"; after the heading runs below, "the
   following" in the last clause, or a word waiting at the colon: "… determined by:", never
   "… OR:"): takes same-style items at the
   same indent (the legacy layout) until its own style returns, a new lead-in, or an item that
   is clearly no member by sentence shape (rule 5 ends what rule 4 began): after a run joined
   by "or"/"and" the member without it was the last; the outer list's ";" returns after
   members without it; members in lower case meet a capital;
   members naming their kind ("Mild: …") meet one that does not; lab values meet an item of
   another kind; an item opening as a
   criterion about the person ("Willing to …", "Known …", "Patients …") where no member did;
   short heading bullets of one flat run ("Blood routine (within 7 days) :", its values, "Liver
   function …:") head the bullets up to the next heading of the series (which is never a member,
   nor is a capitals heading after a capitals lead-in: "SMOKING CRITERIA:" "ACCESS:"); a lone
   one heads the bullets that repeat its topic's words ("Systemic immune suppression:" then
   "… chronic systemic steroids …"), up to the first that does not;
5. **sentence shape**: a flattened member ending with ";" is followed by another member; an
   item whose sentence stops at its colon on a word no sentence ends with ("… biopsy showing:",
   "… except for:") takes the same-style items after it that go on in lower case; a
   short capitalised line with items after it is a heading; a remark about the list is a note;
   a paragraph "Term: …" after a leaf item that names the term defines it (part of the item, reported).

Where two readings stay plausible after all of them, the likelier is taken and the item is
reported (INFO ``criteria.ambiguous_structure``, with the item's span); a lead-in holding its
whole side is no guess.

- **side header**: a whole line naming a side, ``[decoration] [qualifiers] inclusion|exclusion
  [[kind] criteria] [more words] [:] [text]`` (a kind of ``vocabulary.CRITERIA_KINDS``,
  "Inclusion Eligibility Criteria"; mid-line only before a colon) — "Inclusion Criteria:", "INCLUSION CRITERIA",
  "Key inclusion criteria", "* Inclusion Criteria:", "**Exclusion Criteria**". Qualifiers other
  than "key", "main", … ("Donor", "Radiological", "… for renal transplant patients") make a
  **cohort**: a group criterion on that side whose children are the items under it. The words
  inside a sentence ("… listed under exclusion criteria below …") are not a header. A header
  may also stand mid-line (flattened text): before a marker after its colon in any case;
  written with a capital also before text ("… guidelines Exclusion Criteria: Those who …"),
  without a colon before a list's first marker, a lead-in naming its side or a criterion's
  words ("… on NPRS Exclusion Criteria 1. …", "… consent Exclusion criteria Contraindications
  to …"), and as a bare "Exclusion:" before a marker; never after a word that ties it into a
  sentence ("see", "per", "meets the"). Text before a list on a header's line reads as a
  line of its own (a lead-in note, or an item); a side holding one paragraph holds it as its
  criterion, though it reads as a lead-in. "Exclusion Criteria for
  all groups:" / "… for Groups 1-3:" is the side's header unless cohort headers of that side
  follow (but see "adds to it" below). Two or more headers of one side each naming a population
  in parentheses ("Inclusion Criteria (Patients)", "… (Paramedics)") are cohorts; one alone is
  the side's header. A side's first header naming a cohort ("Inclusion Criteria Umbrella Phase
  1b & 2", "Common Inclusion Criteria for All Participants", "… for All Sub-studies") is the
  side's header when every later header of its side adds to it ("Additional Inclusion Criteria
  for Sub-Study A", "Part 1 additional …", "Specific Inclusion Criteria for Sub-Study 3"): its
  items are what every cohort shares. A header that says its criteria differ by cohort but
  names none ("Cohort-specific inclusion criteria:", "Specific …") right over a series of
  cohort headings ("Cohort 1:" … "Cohort 11:") is its side's header again: the headings are
  the cohorts, at the side's top level; over items of its own it heads them (an aside in
  parentheses after it, "(n=20 per arm)", changes nothing). A run of colons ends a header like
  one, so does a dash ("Criteria-", "Criteria: -"). Two or more headers of one side each with a title after
  the colon ("Inclusion Criteria: Dose Escalation", "… : Arm 2", "… : healthy volunteers": a short phrase, no sentence end,
  value or lead-in) head their items with it, as a title on its own line does; one header
  alone keeps that text as its first criterion. A header that is a sentence ("Further inclusion criteria apply.") is none.
  "Renal exclusions:", "Other inclusions:" (plural, a colon, nothing after) are groups on the
  side they name.
  Capitalised words run into a header without a colon that name no population ("Exclusion
  Criteria Disease Related") are the side's header and then a topic.
- **population heading**: "Donors: …", "Healthy volunteers:" after a side's items, with items
  after it, opens a cohort on the inclusion side (its items never leak into the patients'
  exclusions); "For healthy volunteers:" qualifies the side it stands in (a topic). A heading
  that carries its population's criterion on its own line ("Control group: other food
  allergy"), also mid-line after a word ("… lactose intolerance Control group: …", "… at
  screening Healthy controls: …"), is a group holding that criterion on the side it stands
  in; under a topic whose children are such groups ("Group specific:"), the next topic
  heading is one more of them.
- **marker**: at the start of a line, a bullet of ``vocabulary.BULLETS`` (``* - + • · o ▪ –``
  …), ``1. 1) (1) 1\\.``, ``a. a) (a) A.``, ``i. (iv)``, ``① ❶``; also "4 .Text", and "1.21 years … 2. …" (a glued
  number, a marker only when the next number follows on the line); label = the number or
  letter, ``None`` for bullets. An empty ``<!-- -->`` line is markup: read as a blank line.
  A side's only content saying it has none ("* None", "N/A" on its own line, "Exclusion Criteria:
  None" on the header's line) is a placeholder: a note; "None of …" is a criterion.
- **unmarked lines**: a remark about the list ("Other protocol-defined criteria may apply.",
  "Note: further criteria apply") is a **note** (a star glued to it as its footnote sign,
  "\\*a previously …", is no part of its text; but a footnote heading among a lead-in's members
  whose word the lead-in marks with the same sign, a star or a footnote mark ("\\*Moderate
  illness:" under "… mild to moderate\\* … below:", "†Severe infection:" under "Severe† …"),
  heads the members after it), and so is a short title between two numbers
  of one list ("21." blank "Cardiac safety" "22.": reported) or a lone word the next heading
  repeats ("Part" then "PART B:"), and a "Notes:" heading (the items around it stay open:
  "7." "Notes:" "7a." keeps 7a under 7; indented under an item's text it is that item's), and
  a "Note: …" paragraph after a blank line at or left of the list's markers (between items
  reported: or more of the item above), unless it leads in to the items after it
  ("… provided that all of the following are met:"); directly under an item a line continues it (lazy
  continuation), but a break between two unmarked lines at one indent is weighed on its own
  (``_criteria_breaks``): a wrap when the line breaks off on a word no criterion ends with
  ("… with", "… the") or inside parentheses; deliberate, no wrap, when the next line's first word
  would have fit on it (within the line after it and the run's other lines but the longest, never
  narrower than 40), when the line is far longer than the rest, or ends with ":" or ";", or a
  sentence before a capital, or a word in lower case before a capital, or with "," where two
  other lines of its run end with "," before a word that would have fit (a list whose commas end
  its criteria: "Diabetic," "Sensory disorders,"; before a lower-case word only in a list written
  in lower case) (the legacy format without markers, written one criterion per line); a
  deliberate break under a paragraph or a note reads as a blank line, so that the rules after a
  blank line below place the line;
  there a lead-in ("… of the following:", "… defined as:", also a short one) takes the lines of
  its block up to one clearly no member (rule 4's shapes: lower case meeting a capital, lab rows
  a line stating no value, a criterion about the person, the outer list's first word again);
  weak cues, reported on the lead-in: a line opening with a verb whose subject is left out where
  no member did ("Is pregnant …" after conditions) ends them unless the block's next line is a
  member again, a catch-all left to the investigator's judgment where no member was ends them
  unless it names the lead-in's topic ("Other cardiac disease …" under "… cardiac conditions:");
  after a blank line it continues the item above when the numbering goes on
  after it ("i." … "ii.", or an outer "9." after "8."), an indented "Note: …" ("[Note: …]")
  paragraph at a leaf sub-item's marker column continues that sub-item, else the item whose
  text column it reaches (hanging indents) — but a lead-in ("… including:") followed by several sentence
  paragraphs at its column takes them as its members (reported); else a short line ending
  with ":", or a short capitalised line (a closing parenthesis aside) with
  marked items right after it ("Demographics"; on a side of topics, any title of a few
  words: "Within the 60 days prior to enrollment"), is a **topic group** (siblings, never
  nested in the previous topic, except under an ALL-CAPS one or right under a heading with
  nothing of its own yet, unless the two open alike: "For patients:" "Adults with:" … "For
  controls:"); on a side of topics, a longer heading over marked items that is no sentence is
  one more topic; the next heading of a series ("Cohort 2:" after "Cohort 1:", "Part B" after
  "Part A") closes what is open above it and is its predecessor's sibling, even indented under
  the last item; so is a title with its first
  item run into its line ("Prior Study Experience • Currently …"), or glued after the last
  sentence of the item before it, among topics ("… 5 years. Prior/Concomitant Therapy"); before any
  side header, a short line ending with ":" ("DISEASE CHARACTERISTICS:") or a short title over
  marked items ("Age" then "* Not specified") is a topic too; any other text before the first
  header, or a lead-in sentence right under a header or a title ("ED Droperidol Protocol", the
  title heading the list), is a **note** (so is a side's first bullet that is such a sentence
  naming the side or the study and its criteria or "any one of the following", "* A participant
  will be eligible for entry into the study if all of the following criteria are met:", over a
  list, indented or not: no criterion, it places nothing under it by indentation,
  and the list is the side's, as the line reads flattened; but not one naming a condition of its
  own, "Participants with COPD who meet the following criteria:", nor one with its list after
  its colon: criteria); a short line ending with ":" on a word waiting for what follows ("…
  including:", "…, except:"; over lines written one criterion each, right under it or past a
  blank line, also "… defined as:", "… of the following:") leads in and heads no topic; a
  paragraph after an item
  ending with ":" is that item's child (and the next ones while each ends with ";" or ","),
  a paragraph in lower case after a blank line continues the item above, and any other
  paragraph is an item without a label. With no header and no marker anywhere, each
  paragraph is a criterion (paragraphs running criteria together with "; " before a capital
  are cut there, reported).
- **flattened lines** are cut only at unambiguous markers (``_criteria_flat``): the line's own
  list going on (also after a sub-list: "e. …: i. … ii. … f. …"), a sub-list opened by a colon
  (``a.… b.…；c.…``, ``i) … ii) …``, ``o … o …``, a numbered sub-list restarting at 1) or by a
  first "A." glued to a capitalised word ("… patients A.Patients …; B.Patients …"), a bullet
  lead-in's members while they end with ";"; an outer list's number after a sentence end when
  the next numbered line goes on from it ("4. … viremia. 3. Known …" then "4."; in a bullet
  item after a word too), or when it goes on from an open outer item (the tree's cut: "8. …
  obstruction. 14. History …" as 13's last sub-item, with no numbered line after it); letters
  running on in order after words ("… dose e. Pleural … f. Major …"); in a bullet list that lost
  its numbers, the number a bullet's place calls for; the line's own list past one lost marker
  ("3) Healthy 5) Altitude …"); a label naming
  its parent after a sentence end ("… lymphomas. 5c. The CLL …", a child of 5); legacy ``-  ``
  bullets; never inside parentheses ("(height * weight)"), nor a bullet glyph after "or"/"and"
  before a lower-case word ("≥3 weeks or • half-lives"). A number opening a range ("1. to < 2
  years 0.6 0.6", a table row) is no marker, at a line's start either.
- **text after the children** (``Criterion.more_spans``): after an item's marked sub-list, a
  paragraph at the item's text column, or one opening with a connector or in lower case at its
  marker column ("AND not a candidate for …": reported, it may join the last sub-item), goes on
  with the item's own text, a later piece of it; so does a bullet holding only a connector
  ("* Or" between two options) for the item it stands under or after. After paragraph
  children a paragraph is one more of them; one opening with a number ("5 Adequate …") is an
  item that lost its marker. One phrase alone after a lead-in with no members yet that breaks
  off on a word waiting for its complement ("Any evidence of:", "… as defined by:") completes
  its text (reported when it opens with a capital); a list run together there is its child.

Nesting deeper than ``MAX_DEPTH`` is kept flat at that depth with a warning, so that every
consumer (equality, serialisation, pickling) stays within Python's recursion limit.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse._criteria_breaks import _mark_deliberate_breaks
from trialparse._criteria_events import _cut_surviving_numbers, _split_titles_run_into_own_bullets, _unmark_side_leadins
from trialparse._criteria_flat import _split_inline, _split_plain
from trialparse._criteria_flat_marks import _may_split
from trialparse._criteria_headers import (
    _MIDLINE_CUE_RE,
    _MIDLINE_HEADER_RE,
    _WORD_REACH,
    _decoration_start,
    _fused_topic,
    _match_header,
    _midline_header,
    _name_base_headers,
    _name_cohorts,
    _name_repeated_headers,
    _runs_in,
    _title_repeated_headers,
)
from trialparse._criteria_lines import (
    _MARKER_RE,
    _POPULATION_RE,
    _Event,
    _Header,
    _indent_width,
    _Item,
    _label_family,
    _may_be_marker,
    _odd_number_marker,
    _Plain,
)
from trialparse._criteria_nodes import ConstraintReader
from trialparse._criteria_runin import _leadin_before_list
from trialparse._criteria_state import _PopulationLine
from trialparse._criteria_tree import MAX_DEPTH, Issues, _Builder
from trialparse.model import Criteria
from trialparse.text import Text
from trialparse.vocabulary import HEADER_DECORATION, SPLITTING_BULLETS

__all__ = ["MAX_DEPTH", "ConstraintReader", "read_criteria"]


_CHROME_RE: Final = re.compile(  # page chrome such as "Show full inclusion / exclusion criteria"
    r"(?:show|hide|view|see)\s++(?:the\s++)?(?:full|all|more|less)\b[^\n]{0,80}?\bcriteria\b[^\n]{0,40}+",
    re.IGNORECASE,
)


def _is_empty_comment(line: str) -> bool:
    """``<!-- -->`` and the like: an HTML comment with nothing but spaces and dashes inside."""
    return len(line) >= 7 and line.startswith("<!--") and line.endswith("-->") and not line[4:-3].strip(" \t-")


def _tokenize(doc: Text, start: int, end: int) -> list[_Event]:
    """Turn the section's lines into events; a flattened line may give several."""
    value = doc.value
    events: list[_Event] = []
    pos = start
    lines = value[start:end].split("\n")
    following = _next_numbers(lines)
    firsts: list[int] = []  # each line's first event, by its index in ``events``
    for raw, nxt in zip(lines, following, strict=True):
        firsts.append(len(events))
        ls = pos
        le = pos + len(raw)
        pos = le + 1
        line = raw.strip(" \t")
        if not line or _is_empty_comment(line):
            # an empty "<!-- -->" separates two markdown lists: it reads as a blank line; a comment
            # with words in it is text like any other, so nothing is lost
            events.append(None)
            continue
        s = ls + len(raw) - len(raw.lstrip(" \t"))
        e = s + len(line)
        indent = s - ls if "\t" not in raw[: s - ls] else _indent_width(value, ls, le)[0]
        # str searches first: a case-blind pattern per line costs more than the whole test
        if "lusion" in line or "LUSION" in line or "how" in line or "HOW" in line:
            low = line.lower()
            if "clusion" not in low and "show" not in low:
                _items(value, s, e, indent, events, after_header=False, next_number=nxt)
                continue
            chrome = _CHROME_RE.match(value, _skip_deco(value, s, e), e)
            if chrome is not None and chrome.end() == e:
                events.append(_Header(None, s, e, None, value[s:e]))
                continue
            found = _match_header(value, s, e)
            if isinstance(found, tuple):
                header, rest = found
                events.append(header)
                _content(value, rest, e, indent + 1, events, after_header=True, hint=True, next_number=nxt)
                continue
            fused = _fused_topic(value, s, e) if found is not None and found.cohort else None
            if fused is not None:  # "Exclusion Criteria Disease Related": the side's header, then a topic
                events.append(_Header(found.side if found is not None else None, s, fused[0], None, value[s : fused[0]]))
                events.append(_Plain(indent, fused[1], e))
                continue
            if found is not None:
                events.append(found)
                continue
            _content(value, s, e, indent, events, after_header=False, hint="clusion" in low, next_number=nxt)
            continue
        _items(value, s, e, indent, events, after_header=False, next_number=nxt)
    _unmark_side_leadins(value, events)
    _mark_deliberate_breaks(lines, firsts, events)
    _split_titles_run_into_own_bullets(value, events)
    _cut_surviving_numbers(value, events)
    _name_cohorts(events)
    _name_base_headers(events)
    _name_repeated_headers(value, events)
    _title_repeated_headers(value, events)
    return events


# A line's leading number, behind a bullet too ("* 4\\. …", "  5. …"): what _next_numbers reads
_LINE_NUMBER_RE: Final = re.compile(r"[ \t]*+(?:[*\-•][ \t]++)?([0-9]{1,3})\\?[.)][ \t]")


def _next_numbers(lines: list[str]) -> list[int | None]:
    """For each line, the number that opens the next numbered line (None if none follows):
    "2. … 3. …", its "a." … "d.", then "4." confirm the "3." run into line 2 (numbering continuity)."""
    out: list[int | None] = [None] * len(lines)
    upcoming: int | None = None
    for i in range(len(lines) - 1, -1, -1):
        out[i] = upcoming
        m = _LINE_NUMBER_RE.match(lines[i])
        if m is not None:
            upcoming = int(m.group(1))
    return out


_DECORATION: Final = HEADER_DECORATION + " \t_"


def _skip_deco(value: str, s: int, e: int) -> int:
    while s < e and value[s] in _DECORATION:
        s += 1
    return s


def _content(
    value: str, s: int, e: int, indent: int, events: list[_Event], *, after_header: bool, hint: bool, next_number: int | None
) -> None:
    """Events for one line's content: mid-line headers first, then markers and inline splits.

    ``hint`` says the line may hold a mid-line header (it contains "…clusion").
    """
    if not hint or _MIDLINE_CUE_RE().search(value, s, e) is None:
        if after_header:
            s = _leadin_before_list(value, s, e, indent, events)
        if s < e:
            _items(value, s, e, indent, events, after_header=after_header, next_number=next_number)
        return
    pieces: list[tuple[int, int] | _Header] = []
    pos = s
    for m in _MIDLINE_HEADER_RE().finditer(value, s, e):
        # the word before decides: a bounded look back, as a line may hold many rejected matches
        near = value[max(pos, m.start() - _WORD_REACH) : m.start()].rstrip()
        # right after another header ("Exclusion Criteria: GENERAL EXCLUSION CRITERIA :"): nothing between
        follows_header = bool(pieces) and not near and m.start() - pos <= _WORD_REACH
        if not (near or follows_header) or not _runs_in(value, m, near, e):
            continue
        before = value[pos : m.start()].rstrip()
        hdr_end = m.end()
        while hdr_end > m.start() and value[hdr_end - 1] in " \t":
            hdr_end -= 1
        cut = _decoration_start(before)
        pieces.append((pos, pos + cut))
        start = pos + cut + len(before[cut:]) - len(before[cut:].lstrip())
        pieces.append(_midline_header(m, start, hdr_end))
        pos = m.end()
    pieces.append((pos, e))
    for piece in pieces:
        if isinstance(piece, _Header):
            events.append(piece)
            after_header = True
            continue
        ps, pe = piece
        while ps < pe and value[ps] in " \t":
            ps += 1
        while pe > ps and value[pe - 1] in " \t":
            pe -= 1
        if ps < pe and after_header:
            ps = _leadin_before_list(value, ps, pe, indent, events)
        if ps < pe:
            _items(value, ps, pe, indent, events, after_header=after_header, next_number=next_number)


def _items(
    value: str, s: int, e: int, indent: int, events: list[_Event], *, after_header: bool, next_number: int | None = None
) -> None:
    m = _MARKER_RE.match(value, s, e) if _may_be_marker(value, s, e) else None
    if m is not None and _bare_decimal(m) and indent == 0:
        m = None  # "1.5 Gy per fraction": a quantity; a dotted label stands indented under its parent
    label: str | None
    if m is None:
        odd = _odd_number_marker(value, s, e) if value[s].isdigit() else None
        if odd is None:
            _unmarked(value, s, e, indent, events, after_header=after_header)
            return
        label, text_start = odd
        family = "num."
    else:
        label, family = _label_family(m)
        text_start = m.end()
    # a second marker right after a bullet ("* • text", "• 1. text", the registry's "* 1\\. text")
    # is part of the marker, except an escaped star: render writes a text's own leading "*" so
    inner = (
        _MARKER_RE.match(value, text_start, e)
        if text_start < e and family.startswith("bullet") and _may_be_marker(value, text_start, e)
        else None
    )
    if inner is not None and (inner.group().startswith("\\*") or _bare_decimal(inner)):
        inner = None  # an escaped star is text; so is a quantity after a bullet ("- 1.5 Gy …")
    if inner is not None and inner.end() < e and not inner.group("obullet") and not inner.group("gbullet"):
        inner_label, inner_family = _label_family(inner)
        if inner_label is not None:
            label, family = inner_label, inner_family
        text_start = inner.end()
    content_col = indent + (text_start - s)
    first = _Item(indent, s, text_start, e, label, family, content_col)
    events.append(first)
    if _may_split(value[text_start:e], family, label, next_number):
        _split_inline(value, first, events, next_number)


def _bare_decimal(m: re.Match[str]) -> bool:
    """A dotted label written without its own delimiter ("8.1 Text"), which reads as a decimal too."""
    return m.group("dotted") is not None and not m.group("dotdelim")


def _unmarked(value: str, s: int, e: int, indent: int, events: list[_Event], *, after_header: bool) -> None:
    """Events for a line without a marker: a heading with items run into it, population
    headings with their criteria, or one plain line."""
    has_colon = value.find(":", s, e) >= 0 or value.find("：", s, e) >= 0
    if has_colon and (
        _split_plain(value, s, e, indent, after_header, events) or _split_populations(value, s, e, indent, after_header, events)
    ):
        return
    if not _split_titled_bullet(value, s, e, indent, after_header, events):
        events.append(_Plain(indent, s, e, after_header))


def _split_titled_bullet(value: str, s: int, e: int, indent: int, after_header: bool, events: list[_Event]) -> bool:
    """A title with its first item run into its line ("Prior Study Experience • Currently in
    another study"): the title, then the item."""
    at = value.find(SPLITTING_BULLETS, s, min(e, s + 80))
    if at < 0 or not value[s].isupper() or value[at - 1] not in " \t":
        return False
    title = value[s:at].rstrip()
    text_start = at + 1
    while text_start < e and value[text_start] in " \t":
        text_start += 1
    if not 0 < len(title.split()) <= 6 or title[-1] in ".;,:" or text_start >= e or not value[text_start].isalpha():
        return False
    events.append(_Plain(indent, s, s + len(title), after_header))
    item = _Item(indent, at, text_start, e, None, "bullet" + SPLITTING_BULLETS, indent + text_start - s)
    item.inline = True
    events.append(item)
    return True


def _split_populations(value: str, s: int, e: int, indent: int, after_header: bool, events: list[_Event]) -> bool:
    """An unmarked line holding population headings, each with its criterion ("Control group:
    male or female …", "… at screening Healthy controls: histamine …"): one event per heading."""
    heads: list[tuple[int, int]] = []
    pos = s
    for _ in range(_MAX_POPULATIONS):
        colon = value.find(":", pos, e)
        if colon < 0:
            break
        start = _population_start(value, pos, s, colon)
        # a heading needs its own criterion: text after its colon, before the next heading
        if start >= 0 and value[colon + 1 : e].strip() and (not heads or value[heads[-1][1] + 1 : start].strip()):
            heads.append((start, colon))
        pos = colon + 1
    if not heads:
        return False
    if heads[0][0] > s:
        end = heads[0][0]
        while value[end - 1] in " \t":
            end -= 1
        events.append(_Plain(indent, s, end, after_header))
    ends = [h[0] for h in heads[1:]] + [e]
    for (start, colon), piece_end in zip(heads, ends, strict=True):
        end = piece_end
        while end > colon + 1 and value[end - 1] in " \t":
            end -= 1
        events.append(_PopulationLine(indent, start, end, colon, after_header))
    return True


# How many colons of one line are looked at for population headings: a bound, for hostile lines
_MAX_POPULATIONS: Final = 8


def _population_start(value: str, lo: int, s: int, colon: int) -> int:
    """Where a population heading ending at ``colon`` starts: the line's start when only a few
    words stand before its noun ("Histamine positive healthy controls:"), else at its noun written
    with a capital after a word ("… at screening Healthy controls:"); -1 if there is none."""
    m = _POPULATION_RE.search(value, max(lo, colon - 80), colon + 1)
    if m is None or m.end() != colon + 1 or (m.start() > s and value[m.start() - 1].isalnum()):
        return -1
    if lo == s and value[s].isupper() and len(value[s : m.start()].split()) <= 3:
        return s  # only the line's first heading may take the words before its noun
    return m.start() if value[m.start()].isupper() and value[m.start() - 1] in " \t" else -1


def read_criteria(doc: Text, start: int, end: int, *, constraints: ConstraintReader | None = None) -> tuple[Criteria, Issues]:
    """Read the criteria in ``doc.value[start:end]`` into sides, groups and nested items.

    With a ``constraints`` reader (the pipeline passes the constraint extractor's), each
    criterion's own lines are also read for machine-checkable values.
    """
    builder = _Builder(doc, constraints=constraints)
    builder.feed(_tokenize(doc, start, end))
    return builder.build(start, end)
