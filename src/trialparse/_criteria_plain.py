"""Criteria reading, part 3c: the rules for unmarked lines.

``_criteria_tree`` folds the marked items and headers into the tree; an unmarked line (a
wrapped line, a paragraph, a note, a topic or population heading, or an item without a marker)
is decided here, where it stands before what its words look like (the decision order in
``trialparse.criteria``); whether it goes on with an item above is asked of ``_criteria_pieces``,
whether it is a lead-in's next member of ``_criteria_lineblocks``.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse._criteria_lineblocks import _LineBlocks
from trialparse._criteria_lines import (
    _BARE_NUMBER_RE,
    _LEADIN_SENTENCE_RE,
    _SENTENCE_VERB_RE,
    _ends_with_leadin,
    _Header,
    _is_closing_remark,
    _is_population_heading,
    _is_topic_line,
    _Item,
    _looks_like_heading,
    _next_label,
    _Plain,
    _TitleLine,
)
from trialparse._criteria_nodes import (
    _continues_numbering,
    _Frame,
    _Node,
)
from trialparse._criteria_pieces import _LOST_NUMBER_RE, _NOTE_OPENING_RE, _is_connector, _is_one_phrase
from trialparse._criteria_state import _PLACE_GUESS, _SPLIT_GUESS, _PopulationLine
from trialparse.vocabulary import (
    CONNECTOR_WORDS,
    DANGLING_WORDS,
    EXCEPTING_WORDS,
    FIRST_LABELS,
    FOOTNOTE_MARKS,
    NO_CRITERIA,
    NOTES_HEADINGS,
)

# The sign before a footnote heading's word ("\\*Moderate illness:", "†Severe infection:")
_HEADING_SIGN_RE: Final = re.compile(r"\\?\*(?=[^\W\d_])|[%s](?=[ \t]?+[^\W\d_])" % re.escape(FOOTNOTE_MARKS))

# The longest placeholder of NO_CRITERIA, with room for white space around it (a bound: cheap)
_PLACEHOLDER_MAX: Final = 24


def _says_no_criteria(text: str) -> bool:
    """A placeholder for a side without criteria ("None", "N/A", "Not applicable."): ``NO_CRITERIA``."""
    return len(text) <= _PLACEHOLDER_MAX and text.strip().lower() in NO_CRITERIA


def _is_loose_title(text: str) -> bool:
    """A longer title, read as the next topic where the side is made of topics ("Within the 60
    days prior to enrollment"): up to eight words, a capital first, no sentence end, colon or value.

    Looser than ``_looks_like_heading`` (five words, no lead-in sentence) on purpose: it is
    asked only of an unmarked line whose place already says heading (between marked items, or
    before them where the side is made of topics), so its words need only not read as a
    criterion's."""
    words = text.split()
    return 0 < len(words) <= 8 and text[:1].isupper() and text[-1] not in ".;,:" and not any(c in text for c in "<>=≤≥%")


def _is_heading_text(text: str) -> bool:
    """A title ("SURGERY-RELATED CONDITIONS", "Eligibility Criteria Prior to Cell Procurement", "Group B
    (…): …"): between marked items it heads what follows, plainly no criterion nor part of one."""
    return text.isupper() or _looks_like_heading(text) or _is_loose_title(text) or _is_population_heading(text)



# How many unmarked lines after a lead-in sentence are looked through for the items it leads in to
_SIDE_LOOKAHEAD: Final = 24


class _PlainLines(_LineBlocks):
    """The rules for unmarked lines."""

    def plain(self, ev: _Plain) -> None:
        """An unmarked line: continuation, note, topic or population heading, or an item of its own.

        The steps follow the decision order of the module docstring: where the line stands
        (directly under an item, at an item's text column) before what its words look like.
        """
        # one criterion per line: under a paragraph or a note, a deliberate break reads as a blank line
        self.prev_blank = self.prev_blank or (ev.fresh and (self.open is None or self.open.marker_end < 0))
        if self._read_by_kind(ev):
            return
        text = self.value[ev.start : ev.end]
        bare = self._bare_number_item(ev, text)
        if bare is not None:
            self.item(bare)
        elif self._placeholder_alone(text) or (
            not ev.after_header and (_is_closing_remark(text) or self._is_heading_debris(text))
        ):
            self._note_or_starred_heading(ev, text)
        elif (
            self._notes_heading(ev, text)
            or (not ev.after_header and self._next_in_series(ev, text))
            or (self.prev_blank and not ev.after_header and self._titles_a_list(ev, text))
        ):
            pass
        elif not self.prev_blank and self.open is not None and not ev.after_header:
            self._under_item(ev, text, self.open)
        elif self.prev_blank and not ev.after_header and (self._continues_after_blank(ev, text) or self._remark_note(ev, text)):
            pass
        elif not ev.after_header and _is_population_heading(text) and self._opens_population():
            self._population(ev)
        elif self.headerless and self._is_requirement(text):
            self._headerless_paragraph(ev)  # no header and no marker anywhere: each paragraph is a criterion
        elif not self.seen_header and not ev.after_header:
            if (text.endswith(":") and len(text.split()) <= 6 and _LEADIN_SENTENCE_RE().search(text) is None) or (
                self.prev_blank and self._heads_next_items(ev, text)
            ):
                # "DISEASE CHARACTERISTICS:" before (or without) any side header; "Age" over its
                # bullets too (a title-case topic nests in the ALL-CAPS one above it)
                self._topic(ev)
            else:
                self._note(ev)
        elif (
            not self.items_since_header
            and self._reads_as_leadin(ev, text)
            and (self._leads_in_to_more(ev) if text.endswith(":") else len(text) < 400 and not self._holds_side(ev))
            and not self._runs_into_items(ev)
        ):
            self._note(ev)
            if isinstance(self.upcoming, _Plain) and text.endswith(("below.", "follows.", "following.")):
                self.guessed_notes.append(self.notes[-1])  # "… as below." over paragraphs: their parent?
        elif not ev.after_header and (
            (text.endswith(":") and self._is_topic_heading(ev, text)) or self._heads_next_items(ev, text)
        ):
            self._heading_topic(ev)
        else:
            self._paragraph(ev)

    def _read_by_kind(self, ev: _Plain) -> bool:
        """A line the tokenizer already knows: a population line with no items after it (with
        items, it heads them: below), a title set free from a repeated header's line over items."""
        if isinstance(ev, _PopulationLine) and self.side is not None and not isinstance(self.upcoming, _Item):
            self._population_line(ev)
            return True
        if isinstance(ev, _TitleLine) and isinstance(self.upcoming, _Item):
            self._topic(ev)
            return True
        return False

    def _placeholder_alone(self, text: str) -> bool:
        """ "None", "N/A", "Not applicable", "nil" as all a side says, on the header's line or on
        its own, as a marked "* None" is (``_is_note_item``): a placeholder for no criteria, a note.
        Not with anything after it on the side but a closing remark ("Note: other protocol-defined
        criteria may apply."); "None of the following:" is a criterion anyway."""
        nxt = self.upcoming
        return (
            self.seen_header
            and not self.items_since_header
            and _says_no_criteria(text)
            and not isinstance(nxt, _Item)
            and (not isinstance(nxt, _Plain) or _is_closing_remark(self.value[nxt.start : nxt.end]))
        )

    def _is_topic_heading(self, ev: _Plain, text: str) -> bool:
        """A short line ending with ":" that heads the items after it ("Prior therapy:"); in text
        written a line per criterion, not a lead-in phrase ("At least one of the following:"): that
        is an item taking its lines up to one clearly no member (gallery example 16)."""
        if not (_is_topic_line(text) or self._names_next_topic(text)):
            return False
        last = (text.rstrip(":： \t").rsplit(None, 1) or [""])[-1].lower()
        if last in EXCEPTING_WORDS:
            return False  # "…, except:", "… including:": the sentence goes on in what follows
        nxt = self.upcoming
        if not (ev.fresh or (isinstance(nxt, _Plain) and nxt.fresh) or self._heads_line_block()):
            return True
        # among lines, "… defined as:" waits for its complement too
        return _LEADIN_SENTENCE_RE().search(text) is None and last not in DANGLING_WORDS

    def _note_or_starred_heading(self, ev: _Plain, text: str) -> None:
        if not (self.prev_blank and self._heads_starred_members(ev, text)):
            self._note(ev)
            nxt = self.upcoming
            if self.items_since_header and _NOTE_OPENING_RE.match(text) and isinstance(nxt, _Item) and nxt.indent <= ev.indent:
                self.guessed_notes.append(self.notes[-1])  # "Note: the above …" between items: or more of the item above

    def _heads_starred_members(self, ev: _Plain, text: str) -> bool:
        """ "\\*Moderate illness:" among the members of "Subjects with mild to moderate\\* symptoms … as
        defined below:": a footnote heading whose word the lead-in marks with the same sign (a star,
        or one of ``FOOTNOTE_MARKS``: "Severe† infection …" then "†Severe infection:") heads the
        members after it (a group among them), not a note under the list."""
        sign = _HEADING_SIGN_RE.match(text)
        nxt = self.upcoming
        if sign is None or not text.endswith(":") or not _is_topic_line(text) or not isinstance(nxt, _Item):
            return False
        word = text[sign.end() :].split(None, 1)[0].rstrip(":").lower()
        for i in range(len(self.stack) - 1, -1, -1):
            frame = self.stack[i]
            if frame.group is not None:
                return False
            lead = frame.node
            if frame.adopt_same and lead.children and frame.indent == nxt.indent and frame.family == nxt.family:
                own = lead.text(self.value).lower()
                mark = sign.group().lstrip("\\")
                if word + mark not in own and word + "\\" + mark not in own:
                    return False
                del self.stack[i + 1 :]
                node = _Node(ev.start, None, [(ev.start, ev.end)])
                self._attach(node, frame)
                heading = _Frame(node, frame.indent, frame.content_col, frame.family, frame.depth + 1)
                heading.adopt_same = True
                if id(lead) in self.numbered_after:
                    self.numbered_after[id(node)] = self.numbered_after[id(lead)]
                self.stack.append(heading)
                self.open = node
                return True
        return False

    def _remark_note(self, ev: _Plain, text: str) -> bool:
        """ "Note: Patients with SLL … are allowed." after a blank line, at or left of the list's
        markers (not under an item's text, which it would go on with): a remark, a note (between
        items reported: or more of the item above). Not where the items after it stand deeper (it
        heads them), nor where they name the item above as their parent ("5." "Note: …" "5a."), nor
        where it leads in to the items after it ("Note: … eligible provided that all of the following
        are met:")."""
        if _NOTE_OPENING_RE.match(text) is None or not self.items_since_header or text[-1] in ":：":
            return False
        frame = self._last_item()
        if frame is not None and ev.indent > frame.indent:
            return False
        nxt = self.upcoming
        if (isinstance(nxt, _Item) and nxt.indent > ev.indent) or self._named_by_next(self.open):
            return False
        self._note(ev)
        if isinstance(nxt, _Item):
            self.guessed_notes.append(self.notes[-1])
        return True

    def _next_in_series(self, ev: _Plain, text: str) -> bool:
        """ "Cohort 2:" after the open group "Cohort 1:" (also "Part B" after "Part A"): the next
        group of the series, its sibling, wherever it stands (indented under the last item, too)."""
        words = text.rstrip(":： \t").split()
        if not 2 <= len(words) <= 4 or not text[:1].isupper():
            return False
        for i in range(len(self.stack) - 1, -1, -1):
            frame = self.stack[i]
            if frame.group != "topic":
                continue
            a, b = frame.node.segments[0] if frame.node.segments else (0, 0)
            before = self.value[a:b].rstrip(":： \t").split()
            if len(before) == len(words) and before[:-1] == words[:-1] and _next_label(before[-1], "") == words[-1]:
                del self.stack[i:]
                self._topic(ev)
                return True
            return False
        return False

    def _notes_heading(self, ev: _Plain, text: str) -> bool:
        """ "Notes:" names what follows: a note, no criterion or topic; the items it stands
        between stay open ("7." "Notes:" "7a.": 7's sub-items by their labels)."""
        if text.strip("*_ \t").lower() not in NOTES_HEADINGS:
            return False
        frame = self._last_item()
        if frame is not None and frame.content_col > 0 and ev.indent >= frame.content_col and self.prev_blank:
            return False  # under an item's text ("15. …", blank, "    Notes:"): the item's own remarks go on
        self.notes.append(_Node(ev.start, None, [(ev.start, ev.end)]))
        if self._named_by_next(self.open):
            self.guessed_notes.append(self.notes[-1])  # or a group holding the items after it
        self.open = None
        return True

    def _heading_topic(self, ev: _Plain) -> None:
        """A heading line read as a topic group; where the items after it name the item before it as
        their parent ("7." "Notes:" "7a."), it may as well be a note with them under that item."""
        named = self._named_by_next(self.open)
        self._topic(ev)
        if named or self._leads_in_under_heading(ev):
            self._guess(self.stack[-1].node)

    def _leads_in_under_heading(self, ev: _Plain) -> bool:
        """ "For patients:" then "Adults aged 18-40 years with:" over the list: a phrase breaking off
        on a word waiting for its complement, first under a heading, heads the list as a criterion
        holding it, or is the heading's lead-in (a note) with the list right under the heading."""
        words = self.value[ev.start : ev.end].rstrip(":： \t").rsplit(None, 1)
        if len(words) != 2 or words[1].lower() not in DANGLING_WORDS or len(self.stack) < 2:
            return False
        holder = self.stack[-2]
        return holder.group is not None and holder.node.children == [self.stack[-1].node]

    def _named_by_next(self, node: _Node | None) -> bool:
        """The next item's label names ``node`` as its parent ("7a." after "7.")."""
        nxt = self.upcoming
        return node is not None and isinstance(nxt, _Item) and nxt.parent_label is not None and nxt.parent_label == node.label

    def _heads_numbered_run(self, text: str) -> bool:
        """A short title between two numbers of one list ("18. …." then "Clinical safety labs" then
        "19."): a topic heading read as a note, the items flat, since the numbering runs through."""
        nxt = self.upcoming
        node = self.open
        if not isinstance(nxt, _Item) or nxt.label is None or not nxt.label.isdigit() or node is None:
            return False
        words = text.split()
        if len(words) > 5 or not text[:1].isupper() or text[-1] in ".;,:" or any(c in text for c in "<>=≤≥%"):
            return False
        if len(words) == 1 and (text.isupper() or len(text) < 4 or text.lower() in CONNECTOR_WORDS):
            return False  # "OR", "EXCEPT" join items rather than heading them; "Pregnancy/Lactation" heads them
        if self._group_frame() is not None:
            return False  # a side made of topic groups reads this one as the next group
        if not node.segments or self.value[node.segments[-1][1] - 1] not in ".;":
            return False  # the item above ends as a sentence
        label = nxt.label
        return any(
            f.group is None and f.indent == nxt.indent and f.family == nxt.family and _continues_numbering(f.node.label, label)
            for f in self.stack
        )

    def _titles_a_list(self, ev: _Plain, text: str) -> bool:
        """A title inside a numbered list, placed by the numbering: a note where the numbers run on
        under it, a group where a new list starts after it."""
        if self._heads_numbered_run(text):
            self._note(ev)  # "Cardiac safety" between "21." and "22.": the numbering runs on under it
            self.guessed_notes.append(self.notes[-1])  # or a topic group holding the items after it
            return True
        return self._heads_restarted_list(ev, text)

    def _heads_restarted_list(self, ev: _Plain, text: str) -> bool:
        """A short title right before a sub-list that starts again at "1." where one of that style
        had gone on past it ("1." "2." then "Dose Expansion" then "1."): the numbering says a new
        list begins; the title heads it, a group beside the items of the list before it."""
        nxt = self.upcoming
        if not isinstance(nxt, _Item) or nxt.label not in FIRST_LABELS or not _looks_like_heading(text):
            return False
        for i in range(len(self.stack) - 1, -1, -1):
            frame = self.stack[i]
            if frame.group is not None:
                return False
            if frame.indent == nxt.indent and frame.family == nxt.family and frame.node.label not in (None, nxt.label):
                holder = self.stack[i - 1] if i > 0 else None
                if holder is None or holder.group is not None or holder.family == "plain" or ev.indent <= holder.indent:
                    return False  # a side's, a topic's or a paragraph's own list: the title is a topic of its own
                del self.stack[i:]
                node = _Node(ev.start, None, [(ev.start, ev.end)], group=True)
                self._guess(node)  # or a title inside the item holding the list before it
                self._attach(node, holder)
                # indented like the item holding the list: an item at that indent or left of it closes it
                self.stack.append(_Frame(node, holder.indent, 0, "group", holder.depth + 1, "topic", 1))
                self.open = None
                return True
        return False

    def _is_heading_debris(self, text: str) -> bool:
        """A lone word that the next line, a heading, repeats ("Part" then "PART B:"): a broken
        line, kept as a note rather than read as a criterion."""
        nxt = self.upcoming
        if " " in text or not isinstance(nxt, (_Plain, _Header)):
            return False
        following = self.value[nxt.start : nxt.end]
        return following.lower().startswith(text.lower() + " ") and following.rstrip().endswith(":")

    def _headerless_paragraph(self, ev: _Plain) -> None:
        """A paragraph of a section without headers or markers: a criterion, or several run
        together with "; " before a capital ("… swimming pool; Individuals with …"), cut there
        and reported (one criterion with clauses is the other reading)."""
        cuts = self._clause_cuts(ev)
        starts = [ev.start, *(c + 1 for c in cuts)]
        ends = [*cuts, ev.end]
        for a, b in zip(starts, ends, strict=True):
            self._paragraph(_Plain(ev.indent, a, b))
            if len(starts) > 1 and a == ev.start and self.open is not None:
                self._guess(self.open)

    @staticmethod
    def _is_requirement(text: str) -> bool:
        """A paragraph of a section without headers or markers that states a criterion (or leads
        in to its members, "… listed below:"): not a link, nor a lead-in phrase without its colon."""
        return "://" not in text and not _ends_with_leadin(text, 0, len(text))

    def _holds_side(self, ev: _Plain) -> bool:
        """A paragraph is all its side holds (also a flattened side on its header's line, "Exclusion
        Criteria: Those who … , Patients undergoing …"; in the legacy layout its lines may each be
        a criterion, "Subject must have the ability to … consent" then "Subject must be willing
        …"): a criterion, though it names one; a lead-in leads in to what follows its paragraph."""
        nxt, end = self.upcoming, ev.end
        for _ in range(_SIDE_LOOKAHEAD):  # a bound: a hostile side may hold thousands of lines
            if nxt is None or isinstance(nxt, _Header):
                return True
            if not isinstance(nxt, _Plain) or self.value.count("\n", end, nxt.start) != 1:
                return False  # a marked item, or a blank line and more under the side
            end = nxt.end
            nxt = self.following.get(id(nxt))
        return False

    def _leads_in_to_more(self, ev: _Plain) -> bool:
        """A lead-in ending with ":" has something after it on its side to lead in to; alone there
        ("… and that they do not have any of the exclusive criteria:" then "Exclusion Criteria:")
        it is the side's criterion."""
        return self.upcoming is not None and not isinstance(self.upcoming, _Header)

    def _runs_into_items(self, ev: _Plain) -> bool:
        """A lead-in whose sub-items run on in its own line ("… all the following: (i) … (ii) …"):
        a criterion with children, not the list's lead-in note."""
        nxt = self.upcoming
        return isinstance(nxt, _Item) and nxt.inline and nxt.start > ev.start and self.value.count("\n", ev.end, nxt.start) == 0

    def _bare_number_item(self, ev: _Plain, text: str) -> _Item | None:
        """ "6 Patient agrees …" right where item 6 is due (after "5.", at its indent): item 6 with
        its punctuation missing; numbering continuity reads it so."""
        m = _BARE_NUMBER_RE.match(text)
        if m is None:
            return None
        for frame in reversed(self.stack):
            if frame.group is None and frame.indent == ev.indent and frame.family.startswith("num"):
                if _continues_numbering(frame.node.label, m.group(1)):
                    return _Item(ev.indent, ev.start, ev.start + m.end(), ev.end, m.group(1), frame.family, ev.indent + m.end())
                return None
        return None

    def _under_item(self, ev: _Plain, text: str, node: _Node) -> None:
        """Directly under an item: a wrapped line, even when it looks like a heading ("… History of
        disease:" and "Renal disease:" share their shape), unless on a side of topics the numbers
        run on across it ("Medical history:" before "3."): numbering continuity first."""
        if self._topic_between_numbers(text, node):
            self._heading_topic(ev)
        else:
            node.segments.append((ev.start, ev.end))

    def _topic_between_numbers(self, text: str, node: _Node) -> bool:
        nxt = self.upcoming
        return (
            isinstance(nxt, _Item)
            and _continues_numbering(node.label, nxt.label)
            and (_looks_like_heading(text) or (text.endswith(":") and _is_topic_line(text)))
            and self._among_topics()
        )

    def _heads_next_items(self, ev: _Plain, text: str) -> bool:
        """After a blank line, a short heading ("Demographics") with marked items right after it; a
        connector ("Except", "Plus") joins the items around it, it heads none."""
        if not isinstance(self.upcoming, _Item) or self.upcoming.indent > ev.indent + 4:
            return False
        if _is_connector(text):
            return False
        return _looks_like_heading(text) or (self._among_topics() and _is_loose_title(text))

    def _names_next_topic(self, text: str) -> bool:
        """On a side of topics, a longer heading over marked items ("Prerequisites for carrying out
        the sternal sample … (IgE group):"): no sentence, so one more topic."""
        return (
            isinstance(self.upcoming, _Item)
            and len(text.split()) <= 20
            and _SENTENCE_VERB_RE.search(text) is None
            and self._among_topics()
        )

    def _among_topics(self) -> bool:
        """The side is read as topic groups, and the one above is open with items of its own."""
        frame = self._group_frame()
        return frame is not None and frame.group == "topic" and bool(frame.node.children)

    def _opens_population(self) -> bool:
        """A population heading ("Donors: …") opens a cohort unless the side is made of groups already."""
        return self.side is not None and not any(n.group for n in self.roots[self.side])

    def _population(self, ev: _Plain) -> None:
        """A cohort for another population, after a side's items: on the inclusion side, never leaking
        into the exclusion criteria of the patients above it."""
        self.side = "inclusion"
        self.stack.clear()
        node = _Node(ev.start, None, [(ev.start, ev.end)], group=True)
        self.nodes.append(node)
        self.roots["inclusion"].append(node)
        self.stack.append(_Frame(node, -1, 0, "group", 1, "cohort"))
        self.open = None
        self.items_since_header = True

    def _paragraph(self, ev: _Plain) -> None:
        """An unmarked paragraph that is an item of its own (or a lead-in item's child)."""
        last = self._last_item()
        if last is not None and self._completes_the_leadin(last, ev):
            return
        node = _Node(ev.start, None, [(ev.start, ev.end)])
        if last is not None and last.node.ends_with_colon(self.value) and not last.node.children:
            node_parent: _Frame | None = last
            while self.stack and self.stack[-1] is not last:
                self.stack.pop()
            # its member is a paragraph: the marked items after it at its indent are its siblings
            last.adopt_same = False
            last.adopted = -1
        elif last is not None and (self._is_open_member(last) or (self.prev_blank and self._follows_leadin_member(last, ev))):
            # the lead-in's next member: the one above ends with ";", or this one opens as it did
            # ("Dose escalation part will …" then "Dose expansion part will …": or the list going on)
            if not (self._is_open_member(last) or ev.fresh) and len(self.stack[-2].node.children) == 1:
                self._guess(node)  # the second member decides, the run after it follows; a line block is no guess
            node_parent = self.stack[-2]
            self.stack.pop()
        else:
            if last is not None and self.prev_blank and self._placed_by_guess(last, ev):
                self._guess(node, _PLACE_GUESS)
            node_parent = self._group_frame()
            while self.stack and self.stack[-1] is not node_parent:
                self.stack.pop()
        depth = node_parent.depth + 1 if node_parent is not None else 1
        if node_parent is None and not self._side_items() and self._holds_side(ev) and self._clause_cuts(ev):
            self._guess(node, _SPLIT_GUESS)  # a side's one paragraph running criteria together ("…; Children with …")
        self._attach(node, node_parent)
        self.stack.append(_Frame(node, ev.indent, ev.indent, "plain", depth))
        self.open = node
        self.items_since_header = True

    def _completes_the_leadin(self, last: _Frame, ev: _Plain) -> bool:
        """One phrase alone, after a blank line, between a marked lead-in with no members yet that
        breaks off on a word waiting for its complement, and its list going on ("* Any evidence
        of:", blank, "Severe or uncontrolled systemic diseases …", blank, "* History of …"): the
        lead-in's sentence goes on, its text. Reported when it opens with a capital: it may also
        be its one member. A paragraph holding a list run together ("informed consent, the
        collection of endpoints, the use of …"), or one after a heading ("Children:") or "… as
        described below:", is its members: a child, as before."""
        node = last.node
        if not self.prev_blank or last.family == "plain" or node.children or node.marker_end < 0:
            return False
        if self.stack[-1] is not last or ev.indent > last.indent or not node.ends_with_colon(self.value):
            return False
        nxt = self.upcoming
        if not (nxt is None or isinstance(nxt, _Header) or (isinstance(nxt, _Item) and nxt.indent <= last.indent)):
            return False
        a, b = node.segments[-1]
        words = self.value[max(a, b - 40) : b].rstrip(":. \t").rsplit(None, 1)
        if not words or words[-1].lower() not in DANGLING_WORDS:
            return False
        if not _is_one_phrase(self.value[ev.start : ev.end].rstrip()):
            return False
        if self.value[ev.start].isupper():
            self._guess(node)  # a capital may open its one member; lower case or "> 1 …" goes on with the sentence
        node.segments.append((ev.start, ev.end))
        last.adopt_same = False  # the items after it at its indent are its siblings
        last.adopted = -1
        self.open = node
        return True

    def _placed_by_guess(self, last: _Frame, ev: _Plain) -> bool:
        """A paragraph after a blank line below a marked item, read as an item of its own: between
        marked items, a criterion that lost its marker, or a remark or wrapped text of the item
        above; a "Note: …" there is a note or more of the item above, hardly a criterion."""
        if self.value.startswith(("Note", "NOTE"), ev.start):
            return isinstance(self.upcoming, _Item)
        if last.family == "plain" or self._plainly_placed(last, self.value[ev.start : ev.end]):
            return False
        return self._inside_list(ev) or self._left_of_sub_list(last, ev)

    def _plainly_placed(self, last: _Frame, text: str) -> bool:
        """A paragraph between marked items whose place is no guess: a title, a sentence that runs
        into the items after it, one that a list starting again at "1." follows (it heads that
        list), or a criterion that lost its marker but kept its number ("3, first …" after "2.")."""
        if _is_heading_text(text):
            return True
        nxt = self.upcoming
        if isinstance(nxt, _Item) and text[-1] not in ".;:" and self.value[nxt.text_start : nxt.text_start + 1].islower():
            return True  # "… homes of participants must" then "* have working …": the sentence runs into the items
        if isinstance(nxt, _Item) and nxt.label in FIRST_LABELS and last.node.label not in (None, nxt.label):
            return True
        m = _LOST_NUMBER_RE.match(text)
        return m is not None and _continues_numbering(last.node.label, m.group(1))

    def _inside_list(self, ev: _Plain) -> bool:
        """The marked list goes on after this paragraph, at its indent or to the left of it (a
        "Note: …" paragraph there is a remark on the item above whichever way it is read)."""
        nxt = self.upcoming
        return (
            isinstance(nxt, _Item)
            and nxt.indent <= ev.indent
            and self.value[ev.end - 1] != ":"
            and not self.value.startswith(("Note", "NOTE"), ev.start)
        )
