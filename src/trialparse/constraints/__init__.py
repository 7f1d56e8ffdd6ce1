"""Machine-checkable constraints read from criterion text: a lexer and a grammar.

``extract_constraints(value, start, end)`` reads ``value[start:end]`` — one line of raw
criterion text as it stands on the page — and returns ``RawConstraint`` records whose
``start``/``end`` index ``value``. The vocabulary is data (``vocabulary.py``), the lexer turns
a line into typed tokens in one pass (``lexer.py``), and the grammar is a short list of named
rules (``grammar.py``). Deterministic, linear in the line's length, and silent when unsure.
"""

from __future__ import annotations

import re
import string
from typing import Final

from trialparse.constraints import vocabulary as _vocabulary
from trialparse.constraints.grammar import clauses_with_values, read_clause
from trialparse.constraints.lexer import tokenize
from trialparse.constraints.values import Reading
from trialparse.model import ConstraintKind
from trialparse.vocabulary import BULLETS, NUMBER_DELIMITERS, ROMAN_DIGITS

__all__ = ["RawConstraint", "extract_constraints"]

_KINDS: Final = {k.value: k for k in ConstraintKind}
_WORD_CHARS: Final = string.ascii_letters + string.digits + "_"


class RawConstraint:
    """One constraint read from a line; ``start``/``end`` index the string given to the extractor.

    ``low``/``high`` are in the kind's unit (days, years, or the unit as written), and
    ``low_as_written``/``high_as_written``/``unit_as_written`` keep the numbers and unit of the
    text ("≥ 3 months": low 91.3125 days, low_as_written 3, unit_as_written "months").
    """

    __slots__ = (
        "end",
        "high",
        "high_as_written",
        "high_inclusive",
        "kind",
        "low",
        "low_as_written",
        "low_inclusive",
        "start",
        "subject",
        "unit",
        "unit_as_written",
    )

    def __init__(self, reading: Reading) -> None:
        self.kind = _KINDS[reading.kind]
        self.subject = reading.subject
        self.low = reading.low
        self.low_inclusive = reading.low_inclusive if reading.low is not None else False
        self.high = reading.high
        self.high_inclusive = reading.high_inclusive if reading.high is not None else False
        self.unit = reading.unit
        self.start = reading.start
        self.end = reading.end
        value = reading.value
        self.low_as_written = value.low if reading.low is not None else None
        self.high_as_written = value.high if reading.high is not None else None
        self.unit_as_written = value.unit.canonical if value.unit is not None else None

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is RawConstraint and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return "RawConstraint(%s)" % ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)


# a number: a digit (ASCII or full-width) or a number word; "ASA I-III" holds none but its class
_DIGIT_RE: Final = re.compile(r"[0-9\uff10-\uff19]")
_VALUE_WORDS: Final = frozenset(w.encode() for w in (*_vocabulary.NUMBER_WORDS, "asa", "american"))
# a line's bytes with every ASCII word character (letters, digits, "_") in lower case and every
# other one a space: its words, split, are the words a ``\b…\b`` pattern in ``re.ASCII`` sees
_FOLD: Final = bytes(c if chr(c) in _WORD_CHARS else 32 for c in range(256)).lower()
# a list marker's digits hold no value ("3.", "(2)", "1.2)"): the checks start after it
_MARKER_RE: Final = re.compile(
    r"[\s{bullets}]*+(?:\(?(?:[0-9]{{1,2}}|[a-zA-Z]|[{roman}]{{1,4}})[{ends}](?:[0-9]{{1,2}}[{ends}]?)*+)?".format(
        bullets=re.escape(BULLETS), roman=ROMAN_DIGITS, ends=re.escape(NUMBER_DELIMITERS)
    )
)


def _may_hold_a_value(value: str, start: int, end: int) -> bool:
    """Whether the line holds a number after its marker: a digit, else a number word (looked up
    among the line's ASCII words; a non-ASCII letter, read as "?", bounds a word as in ``re.ASCII``).

    >>> [_may_hold_a_value(s, 0, len(s)) for s in ("Severe heart failure", "1. ECOG 0-1", "Three months", "éthree", "none")]
    [False, True, True, True, False]
    """
    marker = _MARKER_RE.match(value, start, end)
    pos = marker.end() if marker is not None else start
    if _DIGIT_RE.search(value, pos, end) is not None:
        return True
    words = value[pos:end].encode("ascii", "replace").translate(_FOLD).split()
    return not _VALUE_WORDS.isdisjoint(words)


def extract_constraints(value: str, start: int, end: int) -> list[RawConstraint]:
    """Constraints read from ``value[start:end]`` (one raw criterion line), in text order.

    Offsets in the result index ``value``; ``ValueError`` for a range outside it. Nothing
    uncertain is emitted.

    >>> line = "* Age \\\\>= 18 years; ECOG 0-1; ANC &ge; 1.5 × 10⁹/L"
    >>> for c in extract_constraints(line, 0, len(line)):
    ...     print(c.kind.value, c.subject, c.low, c.low_inclusive, c.high, c.high_inclusive, c.unit,
    ...           repr(line[c.start:c.end]))
    AGE None 18.0 True None False years 'Age \\\\>= 18 years'
    ECOG None 0.0 True 1.0 True None 'ECOG 0-1'
    LAB absolute neutrophil count 1.5 True None False x10^9/L 'ANC &ge; 1.5 × 10⁹/L'
    """
    if not 0 <= start <= end <= len(value):
        msg = f"invalid range [{start}, {end}) for a string of length {len(value)}"
        raise ValueError(msg)
    if not _may_hold_a_value(value, start, end):
        return []
    out: list[RawConstraint] = []
    for clause, starts in clauses_with_values(tokenize(value, start, end)):
        out.extend(RawConstraint(r) for r in read_clause(clause, starts))
    return out
