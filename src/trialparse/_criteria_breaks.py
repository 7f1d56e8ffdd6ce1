"""Criteria reading, part 1b: which line breaks between unmarked lines are deliberate, asked by
``trialparse.criteria`` after the lines' events are read: text written one criterion per line
(the legacy format that lost its markers) against text hard-wrapped at a width. A deliberate
break sets ``_Plain.fresh`` on the line after it; the readers of unmarked lines
(``_criteria_plain``, ``_criteria_lineblocks``) take each such line as a criterion of its own.
"""

from __future__ import annotations

from typing import Final

from trialparse._criteria_lines import _Event, _Plain
from trialparse.vocabulary import CONNECTOR_WORDS, WRAPPING_WORDS


def _mark_deliberate_breaks(lines: list[str], firsts: list[int], events: list[_Event]) -> None:
    """Mark the unmarked lines whose break before them is deliberate (``_Plain.fresh``): text
    written one criterion per line ("Adults aged 18 or older" then "Confirmed diagnosis"), not
    wrapped at a width.

    Only a break between two unmarked lines at one indent is weighed, each on its own
    (``_is_deliberate``), against the width of its run (the lines joined by such breaks).
    """
    plain: list[_Plain | None] = []
    for i, at in enumerate(firsts):  # a line opening with an unmarked line of text (a blank line gives None)
        ev = events[at] if at < (firsts[i + 1] if i + 1 < len(firsts) else len(events)) else None
        plain.append(ev if isinstance(ev, _Plain) and not ev.after_header else None)
    run: list[int] = []  # the indices of one run's lines
    for i in range(1, len(lines) + 1):
        ev, before = (plain[i], plain[i - 1]) if i < len(lines) else (None, None)
        if ev is not None and before is not None and ev.indent == before.indent:
            run.extend((i,) if run else (i - 1, i))
            continue
        if run:
            _mark_run(lines, run, plain)
            run = []


# Lines ending with "," before a word that would have fit on them, in one run, that show its
# commas end criteria: one may be a hard-wrapped paragraph's end, two are a list
_LISTED_COMMAS: Final = 2
# A line longer than every other line of its run by more than a quarter was written on one line
_OUTLIER_RATIO: Final = 1.25
# No text is wrapped narrower: a line and the next word within it were written on two lines
_NARROWEST: Final = 40


def _mark_run(lines: list[str], run: list[int], plain: list[_Plain | None]) -> None:
    """Weigh each break of one run of unmarked lines against the width the run would have been
    wrapped at were the break a wrap: at least the line after it (it would be a line of the same
    paragraph) and the run's other lines but the longest (the line before the break left out,
    as it never fits a word more in itself), so that one longer line (a URL, a heading, a
    criterion written on one line) widens no break but its own. Where the run ends lines with ","
    before a word that would have fit on them, its commas end criteria (``listed``)."""
    lengths = [len(lines[i].strip(" \t")) for i in run]
    longest = sorted(range(len(run)), key=lambda k: -lengths[k])[:3]  # a key sort of one run
    breaks: list[tuple[_Plain, _Break]] = []
    for k in range(1, len(run)):
        others = [lengths[j] for j in longest if j != k - 1]
        ev = plain[run[k]]
        if ev is None:
            continue
        line = lines[run[k - 1]].strip(" \t")
        width = max(lengths[k], others[1] if len(others) > 1 else 0)
        brk = _Break(line, lines[run[k]].strip(" \t"), width, alone=len(line) > others[0] * _OUTLIER_RATIO)
        breaks.append((ev, brk))
    listed = sum(b.line.endswith(",") and b.fits() and not b.wraps() for _, b in breaks) >= _LISTED_COMMAS
    for ev, brk in breaks:
        ev.fresh = brk.deliberate(listed=listed)


class _Break:
    """One break between two unmarked lines of a run (``line`` then ``following``), with the width
    it is weighed against."""

    def __init__(self, line: str, following: str, width: int, *, alone: bool) -> None:
        self.line = line
        self.following = following
        self.width = width
        self.alone = alone
        self.words = following.split(None, 2)
        self.first = self.words[0] if self.words else ""
        self.last = line.rsplit(None, 1)[-1] if line.strip() else ""

    def wraps(self) -> bool:
        """A wrap for sure: the line breaks off on a word no criterion ends with ("… with", "… the";
        "… or" but before a capitalised word: "… or" "Anticipated …"), or inside parentheses (but
        for a sentence's end)."""
        end = self.last.lower()
        joins = end in CONNECTOR_WORDS and self.following[:1].isupper() and self.first[1:2].islower()
        if self.last[-1:].isalpha() and end in WRAPPING_WORDS and not joins:
            return True
        return self.line[-1:] not in ".;:" and self.line.count("(") > self.line.count(")")

    def fits(self) -> bool:
        """The next line's first word would have fit on the line (within ``width``, never narrower
        than ``_NARROWEST``): greedy wrapping breaks only where it would not."""
        return len(self.line) + 1 + len(self.first) <= max(self.width, _NARROWEST)

    def deliberate(self, *, listed: bool) -> bool:
        """Whether the break is deliberate, no wrap. The cues, in order:

        - a wrap for sure (``wraps``);
        - deliberate: the next word would have fit (``fits``), or the line is far longer than the
          rest of its run (``alone``: written on one line);
        - deliberate: the line ends with ":" or ";" (a lead-in's, a heading's, a listed criterion's
          end), or both lines open with the same two words ("if you …" "if you …"), or with ","
          in a run whose commas end criteria (``listed``: "Diabetic," "Sensory disorders," …
          "Acute infection of the treatment area," "Renal failure"), but before a lower-case word
          only where the line opened in lower case too ("diabetes," … "kidney disease," "recent …"):
          after a capitalised criterion a lower-case line is its wrapped text ("… eczema and
          psoriasis," "rosacea, dermatitis or …");
        - after a sentence's end, deliberate before a capital or a number;
        - else a comma is a wrap, and a capital after a word in lower case or an acronym opens a
          line of its own (after a capitalised word it may be a name going on: "American" "College …";
          not after one closing a parenthesis: "(including Hawaii and Alaska)" "Licensed …").
        """
        line, last, opens = self.line, self.last, self.following[:1]
        if self.wraps():
            return False
        if self.alone or self.fits():
            return True
        words = self.words
        if line[-1:] in ":;" or (len(words) > 1 and line.lower().startswith(f"{self.first} {words[1]} ".lower())):
            return True
        if listed and line[-1:] == "," and (not opens.islower() or line[:1].islower()):
            return True  # before a lower-case word only in criteria written in lower case: else a wrap
        if line[-1:] in ".!?":
            return opens.isupper() or opens.isdigit()
        name = last[:1].isupper() and last[1:2].islower() and not last.endswith(")")
        return line[-1:] != "," and opens.isupper() and not name
