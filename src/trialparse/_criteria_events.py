"""Criteria reading, part 1b: passes that re-read the line events in their context before the
tree is built (``trialparse.criteria``'s tokenizer calls them in order): a side's lead-in written
as its first bullet, a title run into the text's own bullet glyph, and a number that survived
inside a line of a list written one criterion per line.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse._criteria_lines import _SENTENCE_VERB_RE, _Event, _Header, _Item, _Plain, _TitleLine
from trialparse.text import lazy_pattern
from trialparse.vocabulary import RENDERED_BULLET

# What a side's lead-in names: the side or the study, and the criteria it leads in to ("A
# participant will be eligible for entry into the study if all of the following criteria are met:",
# "Presence of any one of the following will exclude the patient …:"); "… criteria … that include:"
# names neither
_SIDE_OR_STUDY_RE: Final = lazy_pattern(
    r"\b(?:(?:in)?eligib|enrol|inclusion|exclusion|included\b|excluded\b|study\b|trial\b)", re.IGNORECASE
)
_CRITERIA_WORD_RE: Final = lazy_pattern(
    r"\b(?:criteria|requirements|(?:any|all|one)\ of\ the\ following)\b", re.IGNORECASE | re.VERBOSE
)
# How long a side's lead-in may be: a bound, for hostile lines
_SIDE_LEADIN_REACH: Final = 400


def _unmark_side_leadins(value: str, events: list[_Event]) -> None:
    """A side's first bullet that is the side's lead-in ("* A participant will be eligible for
    entry into the study if all of the following criteria are met:", "* Patients with one or
    more of the following criteria will be excluded:"), with the list under it, reads as the
    line it stands for: an unmarked lead-in right under the header, which the tree reads as a
    note, the list's items the side's own (as its flattened form reads). A first bullet that
    leads in to something else ("* Diagnosis meeting the following criteria:") names neither
    the side nor the study and stays an item."""
    after_header = False
    for i, ev in enumerate(events):
        if ev is None:
            continue
        if isinstance(ev, _Item) and after_header and _is_side_leadin_bullet(value, ev) and _members_at_its_indent(events, i):
            events[i] = _unmarked(ev)
            _raise_cut_members(events, i + 1, ev.indent)
        after_header = isinstance(ev, _Header) and ev.side is not None


def _unmarked(ev: _Item) -> _Plain:
    """The line a bullet stands for once unmarked: its text, its marker still in its span."""
    plain = _Plain(ev.indent, ev.text_start, ev.text_end)
    plain.marker_start = ev.start
    return plain


def _is_side_leadin_bullet(value: str, ev: _Item) -> bool:
    s, e = ev.text_start, ev.text_end
    if ev.label is not None or ev.inline or not 0 < e - s <= _SIDE_LEADIN_REACH or value[e - 1] not in ":：":
        return False
    text = value[s:e]
    # a sentence ("… will be excluded:"), not a title ("Criteria for the study population:")
    return (
        _CRITERIA_WORD_RE().search(text) is not None
        and _SIDE_OR_STUDY_RE().search(text) is not None
        and _SENTENCE_VERB_RE.search(text) is not None
    )


def _members_at_its_indent(events: list[_Event], i: int) -> bool:
    """Whether the next event after blank lines is an item at the lead-in's own indent, or one
    cut from its line (the flattened form of the same layout). Items indented deeper on lines of
    their own are its members by indentation, which outranks the lead-in's words (the decision
    order): the bullet holds them ("* Patients with at least one of the following criteria are
    eligible:" then "  * Diabetes" and "  * Hypertension" is a group, "* Age …" its sibling)."""
    ev = events[i]
    for nxt in events[i + 1 :]:
        if nxt is not None:
            return isinstance(nxt, _Item) and isinstance(ev, _Item) and (nxt.indent == ev.indent or nxt.inline)
    return False


def _raise_cut_members(events: list[_Event], i: int, indent: int) -> None:
    """The items cut from a flattened lead-in's line after it, one level deeper as its members,
    stand at its level once it is a line of its own; the first opens the list as a line of its
    own would (as ``_criteria_runin`` reads a lead-in run into a header's line)."""
    member_indent = -1
    for ev in events[i:]:
        if not isinstance(ev, _Item) or not ev.inline:
            return
        if member_indent < 0:
            member_indent = ev.indent
            ev.inline = False
        if ev.indent == member_indent:
            ev.indent = indent


# A number run into a line after a sentence end: "… 72 hours. 7) >14 days …", "…; (3) and …";
# a one-letter word's dot is an abbreviation's ("CTCAE v. 4)")
_SURVIVING_NUMBER_RE: Final = re.compile(r"(?<=\w\w)[.;][ \t]++(\()?+([0-9]{1,2}+)\)[ \t]++(?=\S)")


class _ListCount:
    """The items of one side's list written one per line, unmarked lines or bullets of one glyph
    at one indent, counted as they come; ``kind`` None once the side holds anything else."""

    __slots__ = ("count", "indent", "kind")

    def __init__(self) -> None:
        self.count = 0
        self.kind: str | None = ""
        self.indent = -1

    def add(self, ev: _Item | _Plain) -> bool:
        """Count ``ev``; whether it is a new item of the list (a wrapped line or a bullet's
        continuation is not)."""
        if self.kind is None:
            return False
        kind = "plain" if isinstance(ev, _Plain) else ev.family
        if isinstance(ev, _Item) and ev.label is not None:
            self.kind = None  # numbered: the numbers speak for themselves
            return False
        if self.kind == "":
            self.kind, self.indent = kind, ev.indent
        elif kind == "plain" and self.kind != "plain" and ev.indent > self.indent:
            return False  # a bullet's wrapped line
        elif kind != self.kind or ev.indent != self.indent or isinstance(ev, _TitleLine):
            self.kind = None
            return False
        elif isinstance(ev, _Plain) and not ev.fresh:
            return False  # a wrapped line of the item before
        self.count += 1
        return True


def _cut_surviving_numbers(value: str, events: list[_Event]) -> None:
    """A list written one criterion per line whose numbers were lost but one, run into a line
    after a sentence end ("… survive for 72 hours. 7) >14 days from symptom onset" as the
    sixth line, "…; (3) and inability to use …" as the second bullet): the number goes on from
    the count of the side's items (numbering continuity), so it starts the next item there.
    A number that does not continue the count is text."""
    counts = _ListCount()
    read: list[_Event] = []
    for ev in events:
        read.append(ev)
        if isinstance(ev, _Header):
            counts = _ListCount() if ev.side is not None else counts
            continue
        if not isinstance(ev, (_Item, _Plain)) or not counts.add(ev) or counts.count < 2:
            continue
        cut = _surviving_number(value, ev, counts.count + 1)
        if cut is not None:
            read.append(cut)
            counts.kind = None  # the side's one surviving number
    if len(read) > len(events):
        events[:] = read


def _surviving_number(value: str, ev: _Item | _Plain, number: int) -> _Item | None:
    """The item ``number`` run into ``ev``'s line after a sentence end; ``ev`` ends before it."""
    s, e = (ev.text_start, ev.text_end) if isinstance(ev, _Item) else (ev.start, ev.end)
    for m in _SURVIVING_NUMBER_RE.finditer(value, s, e):
        if int(m.group(2)) != number:
            continue
        start = m.start(1) if m.group(1) else m.start(2)
        family = "num()" if m.group(1) else "num)"
        item = _Item(ev.indent, start, m.end(), e, m.group(2), family, ev.indent + m.end() - start)
        item.inline = True
        if isinstance(ev, _Item):
            ev.text_end = m.start() + 1
        else:
            ev.end = m.start() + 1
        return item
    return None


# How far into a line a title with its first item run into it may reach
_TITLE_REACH: Final = 80


def _split_titles_run_into_own_bullets(value: str, events: list[_Event]) -> None:
    """A title with its first item run into its line, marked by a bullet the text itself writes
    at its lines' starts ("Pregnancy and lactation o There are no data …" among "o …" lines,
    "Current NightWare user - Is a participant …" among "- …" lines): the title, then the item,
    as "Prior Study Experience • Currently in another study" reads (``criteria._split_titled_bullet``).
    A glyph the text does not use as its bullet is text ("Hepatitis B - Positive"); so is a
    line that goes on with more of the glyph (a flattened list, which the line splitter reads)."""
    glyphs = sorted({e.family[6:] for e in events if isinstance(e, _Item) and e.family.startswith("bullet") and not e.inline})
    glyphs = [g for g in glyphs if g != RENDERED_BULLET]  # " * " is render's marker and a product too
    if not glyphs:
        return
    read: list[_Event] = []
    for ev in events:
        read.append(ev)
        if type(ev) is _Plain and value[ev.start].isupper():
            item = _own_bullet_in_title(value, ev, glyphs)
            if item is not None:
                read.append(item)
    if len(read) > len(events):
        events[:] = read


def _own_bullet_in_title(value: str, ev: _Plain, glyphs: list[str]) -> _Item | None:
    """The item run into ``ev``'s title after one of ``glyphs``; ``ev`` ends at the title."""
    reach = min(ev.end, ev.start + _TITLE_REACH)
    for glyph in glyphs:
        at = value.find(f" {glyph} ", ev.start, reach)
        if at < 0:
            continue
        title = value[ev.start : at]
        text_start = at + 3
        while text_start < ev.end and value[text_start] in " \t":
            text_start += 1
        word = value[text_start : text_start + 2]
        if not 0 < len(title.split()) <= 6 or title[-1] in ".;,:" or any(c.isdigit() for c in title):
            continue
        if not (len(word) == 2 and word[0].isupper() and word[1].islower()):
            continue
        if value.find(f" {glyph} ", text_start, ev.end) >= 0:
            continue  # a flattened list of that glyph, the line splitter's to read
        item = _Item(ev.indent, at + 1, text_start, ev.end, None, "bullet" + glyph, ev.indent + text_start - ev.start)
        item.inline = True
        ev.end = at
        return item
    return None
