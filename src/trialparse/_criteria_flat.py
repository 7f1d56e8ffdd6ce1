"""Criteria reading, part 2: flattened text, where a scraper or an author ran a list into one line.

A line is cut only where a marker is unambiguous (see ``trialparse.criteria``'s grammar):

- **the line's own list goes on**: the next number ("… 2. …" in item 1, also glued "6.Text"), the
  next letter after a sentence end, `` * `` in a ``*`` item, `` - `` in a ``-`` item (after a
  sentence end, written ``-  `` with two spaces as the legacy layout does, or glued to the
  word before it and followed by a capital: "… older- Males …"; with one space before a
  capitalised word where the list was run into its heading: "Inclusion: - Adults … - Onset …"), ``•`` and ``①``; a letter
  after a sub-list of the line's item, though a word comes before it ("… liver f. …"); past
  one lost marker once it went on twice ("1) … 2) … 3) Healthy 5) Altitude …"); before a value
  and a word too ("… contraindications * 18 years of age", "…; 3. 4th stage", after a word only
  where the number after it follows), never before a number of a unit or after a formula sign
  ("BSA * 25 mg", "= weight * 0.85"); the next number written oddly ("… 4 .No insulin pump 5. …",
  "… document. 6 Patient agrees … 7. …") where the one after it follows; in a "•" item, " * "
  before capitals, twice or more and no "•" again ("• Age ≥ 18 * History of seizure * …": the
  list's glyph changed, one style);
- **a sub-list opens after a colon**: a run that starts at ``a``/``i``/``1`` (or a bullet of
  another kind, ``o`` too) right after ":" and goes on in order (``a.… b.… c.…``, ``i) … ii) …``,
  ``1. …; 2. …`` restarting inside item 2) holds the item's children; it needs a second
  member, and it ends where the line's own list goes on; a label written twice ("i. … i. …
  ii.") stays in it while the run goes on; a member that leads in to a run of its own after a
  colon holds it one level deeper ("3. …: 1. … 2. … means: * … * … 3. …"), where no label the
  line's scan passed over stands before that colon. Without a colon, a first "A." glued to a
  capitalised word opens one ("… patients A.Patients …; B.Patients …": "A.fumigatus" is a
  species). Dotted numbers open one under the item they name ("8. …: 8.1 … 8.2 …", the item cut
  from the line or its first). Between a numbered or lettered line's item and its next label,
  a sub-list of another style opens without a colon too: bullets before a capital ("6. …
  values * Bone marrow: … * Liver: … 7. …"), a run from "a"/"i" after a sentence end, a ")" or
  a title, or a lone "a" before a capital ("3. … CRPC) a. … b. … 4.", "2. … months. a.
  Subjects … 3.", "A. Disease characteristics a. … b. … B.", "1. … the study a. May … 2."),
  and a run of the line's own style restarting at 1 after a sentence end or a title ("15. …
  participation. 1. Serious … 2. … 16.", while its numbers stay short of the line's next);
  where the line ends before a next label, only after a sentence end, a ")", a title or a
  lead-in ("… of the following high-risk criteria * …") and with a second member, the
  nesting a guess. An escaped star or dash ("\\* …", "\\- …") opens
  such a sub-list only: in a star list it is a footnote's;
- **a lead-in's members**: in a bullet item ending with ":", the same bullets that follow are
  its children while each ends with ";" or "," (the last member has none: the next bullet is a
  sibling again); where no member ends so, all of them are, and the nesting is a guess; a
  member that leads in itself is the next lead-in ("* Counts at baseline: * … * Chemistry at
  baseline: * …"), its style's next lead-in ending the members, as in the legacy layout;
- **another list goes on**: after a sentence end, the number before the one that opens the next
  numbered line (an outer list's: "4. … viremia. 3. Known …" then "4."; in a bullet item,
  which has no numbers of its own, after a word and before a value too: "… present 3. 12-lead
  ECG …" then "4."), and a label naming its parent after a full stop or a colon ("…
  lymphomas. 5c. The CLL …", "Note: 5a. …"; the list's next number stays "6"); after a
  sentence end, the number going on the list before a restarted one ("13. … including:" then
  "1." … "8. … obstruction. 14. History …"), and the numbers after an outer one cut; lone
  letters running on in order after words, each before a capitalised word, where the line's
  label is a letter or a lettered item above calls for the first ("f. … dose e. Pleural … f.
  Major … g. Brain …": the line's own list with its letters slipped, or an outer one's "D. …
  E. …"; "* … hepatitis B. Hepatitis C. …" is prose); a run starting at "a" or "i" is a sub-list, which
  only a colon opens); in a bullet list that lost its numbers, the number its place calls for
  ("… bleeding 10. Gastrointestinal …" in the ninth bullet, from the fourth on); the tree
  places them all by their labels.

Nothing inside parentheses that pair up is cut ("(height * weight)", "(6) weeks"; one that
never closes protects nothing: "* Total abstinence (when … * Female sterilization …", nor one
that only a marker's delimiter after a separator would close: "(either …; 13. …; 16) …"), nor a
bullet glyph after "or"/"and" before a lower-case word ("≥3 weeks or • half-lives", a lost
character), nor one between two digits ("1•73 m2", written for a decimal point).

This module scans a line and turns its cuts into items, with what the lines around it tell (the
next line's number, a bullet's place in its list); ``_criteria_flat_marks`` finds the candidate
markers and the parentheses that pair up, ``_criteria_flat_cuts`` holds the rules above that
decide which candidates cut.
"""

from __future__ import annotations

from typing import Final

from trialparse._criteria_flat_cuts import (
    _BULLET_KINDS,
    _LOOK_AHEAD,
    _Cut,
    _end_members_at_a_lead_in,
    _own_number_before_value,
    _place,
    _Scan,
)
from trialparse._criteria_flat_marks import _NUMBER_BEFORE_CAPITAL_RE, _candidate, _Enclosed, _inline_matches, _may_split
from trialparse._criteria_lines import (
    _Event,
    _Header,
    _Item,
    _next_label,
    _Plain,
)

# How far back a bullet's place in its list is counted (a bound: linear on a list of thousands),
# and the least number a place must call for to be cut: a small one ("* Grade 1 or 2. The …" in
# a list's first bullet) may be a value in a sentence
_COUNT_REACH: Final = 60
_COUNTED_MIN: Final = 4


def _inline_cuts(value: str, first: _Item) -> list[_Cut]:
    """Where ``first``'s line splits into more items (see the module docstring)."""
    return _scan_line(value, first).cuts


def _scan_line(value: str, first: _Item, next_number: int | None = None, scan: _Scan | None = None) -> _Scan:
    """Scan ``first``'s line for the items run into it.

    A number continuing the line's list after a letter ("1. foo 2. bar 3. baz") is cut only
    when at least two are, so "grade 2." inside a sentence stays whole, or when the next line
    goes on with the number after it ("2. … screening 3. Laboratory …" then "4."), or when a
    sub-list was opened because it follows ("1. … including a. … b. Radiation 2. …"). ``scan``
    may come with what the lines above tell (see _split_inline).
    """
    scan = scan or _Scan(value, first, next_number)
    matches = _inline_matches(value, first.text_start, first.text_end)
    after_letter: list[_Cut] = []
    enclosed = _Enclosed(value, first.text_start, first.text_end)
    dashes_run_in = first.family == "bullet-" and _run_into_its_heading(value, first)
    for i, m in enumerate(matches):
        label, family, kind = _candidate(m)
        if kind == "rundash":
            # "Inclusion: - Adults with pneumonia - Onset within 7 days": a legacy dash list run
            # into its heading is cut at single-spaced dashes too, before a capitalised word
            kind = "dash" if dashes_run_in else "skip"
        elif kind == "loosenum":
            # "… <9% 4 .No insulin pump 5. …", "… document. 6 Patient agrees … 7. …": a number
            # written oddly goes on the line's list where it is the next and the one after follows
            following = _next_label(label or "", family)
            later = (_candidate(n) for n in matches[i + 1 : i + 1 + _LOOK_AHEAD])
            if label == scan.own_next and any(c[0] == following and c[2] == "num" for c in later):
                kind, family = "num", scan.family
            else:
                kind = "skip"
        text = _stray_stop_after_colon(value, m.start(), scan.last_char(m.start()))  # what the piece so far ends with
        if kind == "skip" or not text or enclosed.holds(m.start()):
            continue
        if kind == "dot" and _after_conjunction(value, m.start()) and value[m.end() : m.end() + 1].islower():
            continue  # "≥3 weeks or • half-lives": a stray glyph inside a sentence, not a bullet
        if kind == "dot" and _between_digits(value, m.start()):
            continue  # "mL/min/1•73 m2": a glyph standing in for a decimal point
        before_cuts = len(scan.cuts)
        rest = matches[i + 1 : i + 1 + _LOOK_AHEAD]
        if kind == "numvalue" and _own_number_before_value(scan, m, label, family, text, rest):
            kind = "num"  # "… Screening; 3. 4th stage of asthma …": the line's next number before a value and a word
        elif kind in _BULLET_KINDS and text in {":", "："} and family == scan.family:
            _end_members_at_a_lead_in(scan)
        _place(scan, m, label, family, kind, text, rest)
        if len(scan.cuts) > before_cuts:
            cut = scan.cuts[-1]
            # a letter that closes a sub-list ("e. …: i. … ii. … liver f. …") returns to the line's
            # own list: no sentence ends a word, then a lone letter with its dot
            returning = kind == "letter" and before_cuts > 0 and scan.cuts[before_cuts - 1].level == 1
            if (
                kind in {"num", "letter"}
                and cut.level == 0
                and text.isalpha()
                and not returning
                and not (cut.label == scan.vouched and kind == "num")
                and not _after_conjunction(value, m.start())
            ):
                after_letter.append(cut)
    if (
        after_letter
        and sum(c.level == 0 and c.label is not None for c in scan.cuts) < 2
        and not _confirmed(scan, next_number)
        and not scan.counted_cut
        and not scan.outer_cut
        and not _run_into_its_heading(value, first)
    ):
        dropped = {id(c) for c in after_letter}
        scan.cuts = [c for c in scan.cuts if id(c) not in dropped]
        scan.guessed = []
    return scan


def _stray_stop_after_colon(value: str, at: int, last: str) -> str:
    """``last``, or ":" where a full stop follows a colon ("… any of the following:. i) …", a
    template's stray stop): the colon leads in all the same."""
    if last == ".":
        at = value.rfind(".", 0, at)
        if at > 0 and value[at - 1] in ":：":
            return value[at - 1]
    return last


def _confirmed(scan: _Scan, next_number: int | None) -> bool:
    """The line's last own number is followed by the next line's: "3." then "4."."""
    last = next((c.label for c in reversed(scan.cuts) if c.level == 0 and c.label is not None), None)
    return next_number is not None and last is not None and last.isdigit() and int(last) + 1 == next_number


def _run_into_its_heading(value: str, first: _Item) -> bool:
    """Whether ``first`` stands after a colon on its line ("Exclusion Criteria:1. …"), or right
    after a side header's words ("Exclusion Criteria 1. …"): the whole list was run into one
    line, so a number continuing it is no value in a sentence."""
    at = first.start
    while at > 0 and value[at - 1] in " \t":
        at -= 1
    return at > 0 and (value[at - 1] in ":：" or value[max(at - 8, 0) : at].lower() == "criteria")


def _between_digits(value: str, at: int) -> bool:
    """Whether the character at ``at`` stands between two digits, with no space either side.

    >>> _between_digits("eGFR <30 mL/min/1•73 m2", 17), _between_digits("1. • Adults", 3)
    (True, False)
    """
    return 0 < at < len(value) - 1 and value[at - 1].isdigit() and value[at + 1].isdigit()


def _after_conjunction(value: str, at: int) -> bool:
    """Whether a marker follows "or"/"and" ("… OR ii) …"): an alternative, not a word's letter."""
    return value[max(at - 5, 0) : at].rstrip().lower().endswith((" or", " and"))


def _split_inline(value: str, first: _Item, events: list[_Event], next_number: int | None = None) -> None:
    """Split a flattened item where a marker is unambiguous; mark the items nested by a guess.

    ``next_number`` opens the next line: the number before it, run into this line, is cut."""
    scan = _Scan(value, first, next_number)
    if first.family.startswith("bullet"):
        scan.counted = _counted_number(value, first, events)
    elif first.family.startswith("num") and first.label is not None and first.label.isdigit():
        scan.resumed = _number_before_restart(first, events)
    scan.open_letters = _letters_called_for(events)
    _emit(value, first, _scan_line(value, first, next_number, scan), events)


def _letters_called_for(events: list[_Event]) -> frozenset[tuple[str, str]]:
    """The next letters (label, family) of the lettered items above, back to the side's header."""
    found: set[tuple[str, str]] = set()
    for ev in reversed(events[-_COUNT_REACH:]):
        if isinstance(ev, _Header):
            break
        if isinstance(ev, _Item) and ev.family[:5].lower() == "alpha" and ev.label is not None:
            found.add((_next_label(ev.label, ev.family), ev.family))
    return frozenset(found)


def _counted_number(value: str, first: _Item, events: list[_Event]) -> str | None:
    """The number a bullet's place in its list calls for, where the line holds it before a
    capitalised word and it is large enough to tell from a value in a sentence."""
    most = _largest_number_before_capital(value, first)
    if most < _COUNTED_MIN:
        return None
    place = _place_in_list(first, events, most - 1)
    return str(place + 1) if place is not None and place + 1 >= _COUNTED_MIN else None


def _number_before_restart(first: _Item, events: list[_Event]) -> str | None:
    """The number that goes on the list before the one ``first`` belongs to, where that one
    restarted at 1 ("12. … 13. … including:" then "1." … "8."): "14"; None where there is none
    within reach, the numbers above do not count down to 1, or the restarted list may reach it."""
    own = int(first.label or 0)
    want = own - 1  # the labels above, counting down to the restart
    for ev in reversed(events[-_COUNT_REACH:-1]):
        if isinstance(ev, _Header):
            return None
        if not isinstance(ev, _Item) or not ev.family.startswith("num") or ev.label is None or not ev.label.isdigit():
            continue
        if want == 0:
            # a number the restarted list has used or comes to next may be its own ("2. … 2. …")
            following = int(ev.label) + 1
            return str(following) if following > own + 1 else None
        if ev.family != first.family or ev.label != str(want):
            return None
        want -= 1
    return None


def _largest_number_before_capital(value: str, first: _Item) -> int:
    """The largest "N." before a capitalised word in ``first``'s text (0 if none)."""
    found = _NUMBER_BEFORE_CAPITAL_RE.findall(value, first.text_start, first.text_end)
    return max((int(n) for n in found), default=0)


def _place_in_list(first: _Item, events: list[_Event], most: int) -> int | None:
    """``first``'s place (1, 2, …) among the same bullets of its list, which starts after a header
    or a parent item; None where something else stands in the list, its start is out of reach,
    or the place is past ``most`` (no number on the line can be the next)."""
    place = 0
    for ev in reversed(events[-_COUNT_REACH:]):
        if isinstance(ev, _Item):
            if ev.indent < first.indent and not ev.inline:
                return place  # the parent item
            if ev.indent == first.indent:
                if ev.family != first.family or place == most:
                    return None
                place += 1
        elif isinstance(ev, _Plain) and ev.indent <= first.indent:
            return None  # a heading or a paragraph: the list's start is unsure
        elif ev is not None:
            return place  # a side header
    return place if len(events) <= _COUNT_REACH else None


def _emit(value: str, first: _Item, scan: _Scan, events: list[_Event]) -> None:
    """The items a scan found after ``first``, one level deeper where they are children; a child
    that leads in to a sub-list of its own ("3. … criteria: 1. … 2. Sterile by one of the
    following means: * … * … 3. …") has its members cut from it one level deeper again."""
    # a child stands at its parent's text column: where the next line would write the run's next member
    items = _items_of(value, first, scan, max(first.indent + 1, first.content_col))
    for item, cut in zip(items, scan.cuts, strict=True):
        events.append(item)
        if cut.level:
            _split_member(value, item, events)


def _items_of(value: str, first: _Item, scan: _Scan, child_indent: int) -> list[_Item]:
    """The items of a scan's cuts, ``first``'s text ending at the first; the nested ones marked."""
    current = first
    e = first.text_end
    items = []
    for cut in scan.cuts:
        _end_before(value, current, cut.start)
        indent = child_indent if cut.level else first.indent
        current = _Item(indent, cut.start, cut.text_start, e, cut.label, cut.family, first.content_col)
        current.inline = True
        items.append(current)
    for lead in scan.guessed:
        (items[lead] if lead >= 0 else first).guess = True
    return items


def _end_before(value: str, item: _Item, at: int) -> None:
    """End ``item``'s text before ``at``, without the white space there."""
    while at > item.text_start and value[at - 1] in " \t":
        at -= 1
    item.text_end = at


def _split_member(value: str, member: _Item, events: list[_Event]) -> None:
    """A sub-list's member that leads in to a sub-list of its own: its members, one level deeper.
    Only a run that opens after the member's words and a colon is cut there; a member holding
    anything else (its own list going on, a label the line's scan passed over: "3. Platelets …
    18. Any of the following: 1. …") keeps its text, as the line's scan left it."""
    if value.find(":", member.text_start, member.text_end) < 0 and value.find("：", member.text_start, member.text_end) < 0:
        return  # a first look that hides nothing: the run must open after a colon
    scan = _scan_line(value, member)
    if not scan.cuts or any(cut.level != 1 for cut in scan.cuts):
        return
    opens = scan.cuts[0].start
    if _Scan(value, member).last_char(opens) not in {":", "："} or any(
        _candidate(m)[0] is not None for m in _inline_matches(value, member.text_start, opens)
    ):
        return
    events.extend(_items_of(value, member, scan, member.indent + 1))


def _split_plain(value: str, s: int, e: int, indent: int, after_header: bool, events: list[_Event]) -> bool:
    """A line without a marker that opens a sub-list after a colon ("Sub-study B only: * … * …",
    "… if they have: a) …, b) …"): the line up to the colon, then its items one level deeper."""
    if not _may_split(value[s:e], "plain", None):
        return False
    heading = _Item(indent, s, s, e, None, "plain", indent)
    scan = _scan_line(value, heading)
    if not scan.cuts or scan.cuts[0].level != 1:
        return False
    end = scan.cuts[0].start
    while end > s and value[end - 1] in " \t":
        end -= 1
    events.append(_Plain(indent, s, end, after_header))
    _emit(value, heading, scan, events)
    return True
