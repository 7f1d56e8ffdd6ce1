"""The review date: an ISO and month-name fast path in plain code, dateparser only as fallback."""

from __future__ import annotations

import datetime
import functools
import re
from typing import TYPE_CHECKING, Final

from trialparse.model import Issue, Severity
from trialparse.text import Text, collapse_ws, lazy_pattern

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

__all__ = ["parse_date", "read_review_date"]

Issues = tuple[Issue, ...]

_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_WORDS: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO_RE: Final = re.compile(r"(?P<y>[0-9]{4})[-/.](?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})(?![0-9])")
_MDY_RE: Final = lazy_pattern(
    r"(?P<mon>%s)\.?+\s++(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?+,?+\s++(?P<y>[0-9]{4})(?![0-9])" % _MONTH_WORDS,
    re.IGNORECASE,
)
# "on", a weekday: words before the date that the fast path may skip
_PREFIX_RE: Final = lazy_pattern(
    r"^(?:on\s++)?(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?+,?+\s++)?", re.IGNORECASE
)
_DMY_RE: Final = lazy_pattern(
    r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?+(?:\s++(?:of\s++)?|[-/.])(?P<mon>%s)\.?+,?+(?:\s++|[-/.])(?P<y>[0-9]{4})(?![0-9])"
    % _MONTH_WORDS,
    re.IGNORECASE,
)
_DATEPARSER_LIMIT: Final = 48  # dateparser is slow on long junk: it only ever sees this much
_BY_RE: Final = lazy_pattern(r"\s++(?:by|\||·|-|–)\s", re.IGNORECASE)


class DateError(ValueError):
    """A date that was found but is impossible, or text that holds no date."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def parse_date(value: str) -> datetime.date:
    """Read "2026-05-15", "May 15, 2026", "15 May 2026", "2026/05/15" (dateparser for the rest).

    >>> parse_date("2026-05-15 by the editorial team")
    datetime.date(2026, 5, 15)
    >>> parse_date("15 May 2026")
    datetime.date(2026, 5, 15)
    """
    head = _PREFIX_RE().sub("", value.strip()[:80], count=1)[:64]
    for pattern in (_ISO_RE, _MDY_RE(), _DMY_RE()):
        m = pattern.match(head)
        if m is not None:
            year, day = int(m.group("y")), int(m.group("d"))
            month = int(m.group("m")) if "m" in m.groupdict() else _MONTHS[m.group("mon").lower().rstrip(".")]
            try:
                return datetime.date(year, month, day)
            except ValueError as err:
                msg = f'date "{m.group()}" does not exist ({err})'
                raise DateError("dates.invalid_date", msg) from None
    cut = _BY_RE().search(head)
    candidate = head[: cut.start()] if cut is not None else head
    candidate = candidate[:_DATEPARSER_LIMIT]
    result = _date_parser().get_date_data(candidate) if candidate else None
    if result is None or result.date_obj is None:
        msg = f'expected a date such as "2026-05-15" or "May 15, 2026", got "{collapse_ws(candidate)[:60]}"'
        raise DateError("dates.unreadable", msg)
    found: datetime.date = result.date_obj.date()
    return found


@functools.cache
def _date_parser() -> DateDataParser:
    """Built on first use only: importing dateparser costs more than a whole parse."""
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True},
    )


def read_review_date(doc: Text, start: int, end: int) -> tuple[datetime.date | None, Issues]:
    """The date at the start of "Last reviewed …"."""
    try:
        return parse_date(doc.value[start:end]), ()
    except DateError as err:
        line_end = doc.value.find("\n", start, end)
        stop = end if line_end < 0 else line_end
        return None, (Issue(err.code, f"Last reviewed: {err}", Severity.ERROR, doc.span(start, stop)),)
