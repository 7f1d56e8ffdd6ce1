"""Quick facts and the title block: the label table and one small normaliser per value.

Each normaliser takes the value as written and returns the typed value, or raises
``FactError`` (a ``ValueError``) saying what it saw and what it expected; the stage turns
that into an ``Issue`` with the value's span.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from typing import Final, TypeVar

from trialparse.model import (
    Age,
    AgeRange,
    AgeUnit,
    Enrollment,
    EnrollmentStatus,
    Issue,
    Locations,
    Phase,
    QuickFacts,
    Severity,
    Sex,
    Site,
    Span,
    Sponsor,
    SponsorClass,
    StudyType,
)
from trialparse.sites import parse_site_list
from trialparse.text import Text, ascii_forms, case_blind_key, clean_inline, collapse_ws, lazy_pattern, split_list
from trialparse.vocabulary import FACT_LABELS, FIELD_SEPARATORS, fact_label_at

__all__ = [
    "FACT_LABELS",
    "FactError",
    "FactValues",
    "TitleBlock",
    "parse_ages",
    "parse_enrollment",
    "parse_phases",
    "parse_sex",
    "parse_sponsor",
    "parse_study_type",
    "read_quick_facts",
    "read_title_block",
]

Issues = tuple[Issue, ...]
_T = TypeVar("_T")
_D = TypeVar("_D")

# "\bNCT…", written to start with the literal so the matcher jumps to each "NCT" instead of
# trying every position: the lookbehind is the word boundary before the "N".
NCT_RE: Final = re.compile(r"NCT(?<!\wNCT)[0-9]{8}+(?![0-9])")


class FactError(ValueError):
    """A value that could not be read; ``severity`` says how bad that is."""

    def __init__(self, code: str, message: str, severity: Severity = Severity.ERROR) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.severity = severity


# --- phase -----------------------------------------------------------------------------

_NA_RE: Final = lazy_pattern(r"\s*+(?:n/?a|not[\s_]applicable|none)\s*+", re.IGNORECASE)
_PHASE_RE: Final = lazy_pattern(
    r"""
    (?P<early>early[\s_]*+)?phase[\s_]*+(?P<n>iv|i{1,3}+|[1-4])[ab]?+(?![0-9])
    | (?:[/,&+\-|]\s*+|\s(?:and|or)\s++)(?P<bare>iv|i{1,3}+|[1-4])[ab]?+(?![0-9a-z])
    """,
    re.IGNORECASE | re.VERBOSE,
)
_ROMAN: Final = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# The registry's own spellings, read without a pattern (the common case on real pages).
_CANONICAL_PHASES: Final[Mapping[str, tuple[Phase, ...]]] = {
    **{p.value: (p,) for p in Phase},
    **{f"{a.value}/{b.value}": (a, b) for a, b in ((Phase.PHASE1, Phase.PHASE2), (Phase.PHASE2, Phase.PHASE3))},
    **{f"{a.value}, {b.value}": (a, b) for a, b in ((Phase.PHASE1, Phase.PHASE2), (Phase.PHASE2, Phase.PHASE3))},
}
_PHASE_BY_NUMBER: Final = {1: Phase.PHASE1, 2: Phase.PHASE2, 3: Phase.PHASE3, 4: Phase.PHASE4}
_PHASE_ORDER: Final = {p: i for i, p in enumerate(Phase)}


def parse_phases(value: str) -> tuple[Phase, ...]:
    """Read "PHASE1/PHASE2", "Phase I/II", "Early Phase 1", "N/A" … into phases, in order.

    >>> parse_phases("PHASE1/PHASE2")
    (<Phase.PHASE1: 'PHASE1'>, <Phase.PHASE2: 'PHASE2'>)
    >>> parse_phases("Phase I/II")
    (<Phase.PHASE1: 'PHASE1'>, <Phase.PHASE2: 'PHASE2'>)
    >>> parse_phases("Not Applicable")
    (<Phase.NA: 'NA'>,)
    """
    fast = _CANONICAL_PHASES.get(value.strip())
    if fast is not None:
        return fast
    if _NA_RE().fullmatch(value):
        return (Phase.NA,)
    found: set[Phase] = set()
    seen_phase = False
    for m in _PHASE_RE().finditer(value):
        if m.group("bare") is not None:
            if not seen_phase:
                continue
            token = m.group("bare")
        else:
            seen_phase = True
            token = m.group("n")
        number = int(token) if token.isdigit() else _ROMAN[case_blind_key(_ROMAN, token)]
        if m.group("early") is not None and number == 1:
            found.add(Phase.EARLY_PHASE1)
        else:
            found.add(_PHASE_BY_NUMBER[number])
    if not found:
        msg = f'Phase: expected "PHASE1", "Phase 1/2", "N/A" …, got "{_quote(value)}"'
        raise FactError("facts.phase_unreadable", msg)
    return tuple(sorted(found, key=_PHASE_ORDER.__getitem__))


# --- study type, sex --------------------------------------------------------------------

_STUDY_TYPES: Final[Mapping[str, StudyType]] = {
    "interventional": StudyType.INTERVENTIONAL,
    "observational": StudyType.OBSERVATIONAL,
    "expanded access": StudyType.EXPANDED_ACCESS,
    "expanded_access": StudyType.EXPANDED_ACCESS,
}


def parse_study_type(value: str) -> StudyType:
    """Read "Interventional", "Observational [Patient Registry]", "Expanded Access".

    >>> parse_study_type("Observational [Patient Registry]")
    <StudyType.OBSERVATIONAL: 'OBSERVATIONAL'>
    """
    low = collapse_ws(value).lower()
    for word, study_type in _STUDY_TYPES.items():
        if low.startswith(word):
            return study_type
    msg = f'Study type: expected "Interventional", "Observational" or "Expanded Access", got "{_quote(value)}"'
    raise FactError("facts.study_type_unreadable", msg)


_SEXES: Final[Mapping[str, Sex]] = {
    "all": Sex.ALL,
    "both": Sex.ALL,
    "all sexes": Sex.ALL,
    "any": Sex.ALL,
    "male and female": Sex.ALL,
    "female and male": Sex.ALL,
    "males and females": Sex.ALL,
    "men and women": Sex.ALL,
    "women and men": Sex.ALL,
    "female": Sex.FEMALE,
    "females": Sex.FEMALE,
    "women": Sex.FEMALE,
    "woman": Sex.FEMALE,
    "female only": Sex.FEMALE,
    "females only": Sex.FEMALE,
    "women only": Sex.FEMALE,
    "male": Sex.MALE,
    "males": Sex.MALE,
    "men": Sex.MALE,
    "man": Sex.MALE,
    "male only": Sex.MALE,
    "males only": Sex.MALE,
    "men only": Sex.MALE,
}


def parse_sex(value: str) -> Sex:
    """Read "All", "Both", "Female", "Women only", "Male".

    >>> parse_sex("Women only")
    <Sex.FEMALE: 'FEMALE'>
    """
    sex = _SEXES.get(collapse_ws(value).lower().rstrip("."))
    if sex is None:
        msg = f'Sex: expected "All", "Female" or "Male", got "{_quote(value)}"'
        raise FactError("facts.sex_unreadable", msg)
    return sex


# --- enrollment -------------------------------------------------------------------------

_ENROLLMENT_RE: Final = re.compile(
    r"""
    \s*+(?P<minus>[-\u2212]\s*+)?
    (?P<num>[0-9]{1,3}+(?:,[0-9]{3})++|[0-9]++)
    \s*+(?:participants?|patients?|subjects?|people|persons?)?+
    \s*+(?:\(\s*+(?P<status>[a-z]++)\s*+\)|(?P<bare>estimated|actual|anticipated|expected))?+
    \s*+
    """,
    re.IGNORECASE | re.VERBOSE,
)
_ENROLLMENT_STATUS: Final[Mapping[str, EnrollmentStatus]] = {
    "estimated": EnrollmentStatus.ESTIMATED,
    "anticipated": EnrollmentStatus.ESTIMATED,
    "expected": EnrollmentStatus.ESTIMATED,
    "actual": EnrollmentStatus.ACTUAL,
}
_MAX_COUNT_DIGITS: Final = 9  # a billion participants is already absurd; int() is never asked more


def parse_enrollment(value: str) -> Enrollment:
    """Read "150 (estimated)", "1,200 participants (Actual)", "150".

    >>> parse_enrollment("150 (estimated)")
    Enrollment(count=150, status=<EnrollmentStatus.ESTIMATED: 'ESTIMATED'>)
    >>> parse_enrollment("150")
    Enrollment(count=150, status=None)
    """
    m = _ENROLLMENT_RE.fullmatch(value)
    if m is None:
        msg = f'Enrollment: expected "150 (estimated)" or "150 (actual)", got "{_quote(value)}"'
        raise FactError("facts.enrollment_unreadable", msg)
    digits = m.group("num").replace(",", "")
    if m.group("minus") is not None or len(digits) > _MAX_COUNT_DIGITS:
        msg = f'Enrollment: expected a participant count from 0 to 999,999,999, got "{_quote(value)}"'
        raise FactError("facts.enrollment_out_of_range", msg)
    word = (m.group("status") or m.group("bare") or "").lower()
    status = _ENROLLMENT_STATUS.get(word)
    if word and status is None:
        msg = f'Enrollment: expected "(estimated)" or "(actual)", got "({_quote(word)})"'
        raise FactError("facts.enrollment_unreadable", msg)
    return Enrollment(int(digits), status)


# --- ages -------------------------------------------------------------------------------

_AGE_UNITS: Final[Mapping[str, AgeUnit]] = {
    **dict.fromkeys(("year", "years", "yr", "yrs", "y", "yo", "years old", "year old"), AgeUnit.YEARS),
    **dict.fromkeys(("month", "months", "mo", "mos", "mth", "mths"), AgeUnit.MONTHS),
    **dict.fromkeys(("week", "weeks", "wk", "wks"), AgeUnit.WEEKS),
    **dict.fromkeys(("day", "days", "d"), AgeUnit.DAYS),
    **dict.fromkeys(("hour", "hours", "hr", "hrs", "h"), AgeUnit.HOURS),
    **dict.fromkeys(("minute", "minutes", "min", "mins"), AgeUnit.MINUTES),
}
_AGE_NUMBER_RE: Final = re.compile(
    r"(?P<num>[0-9]++(?:\.[0-9]++)?+)(?:\s*+(?P<plus>\+))?(?:\s*+(?P<unit>%s)(?![a-z]))?"
    % "|".join(re.escape(u) for u in sorted(_AGE_UNITS, key=len, reverse=True)),
    re.IGNORECASE,
)
_AGE_MAX_WORDS_RE: Final = re.compile(
    r"(?:up\s++to|under|below|less\s++than|younger\s++than|maximum|max\.?|not\s++older\s++than|[≤<])\s*+=?\s*+$",
    re.IGNORECASE,
)
_AGE_MAX_AFTER_RE: Final = re.compile(r"\s*+(?:or|and)\s++(?:younger|less|under|below)\b", re.IGNORECASE)
_AGE_WORDS_RE: Final = re.compile(r"child|adult|older|infant|newborn|adolescent|senior", re.IGNORECASE)
_MAX_AGE_DIGITS: Final = 6


def parse_ages(value: str) -> AgeRange:
    """Read "18 Years to 75 Years", "18+ years", "Up to 17 Years", "≥ 18 years" ….

    >>> parse_ages("6 Months to 17 Years")
    AgeRange(minimum=Age(value=6, unit=<AgeUnit.MONTHS: 'MONTHS'>), maximum=Age(value=17, unit=<AgeUnit.YEARS: 'YEARS'>))
    >>> parse_ages("Up to 17 Years").minimum is None
    True
    """
    text = value.split("(", 1)[0] if "(" in value and value.split("(", 1)[0].strip() else value
    numbers = list(itertools.islice(_AGE_NUMBER_RE.finditer(text), 3))
    if not numbers:
        if _AGE_WORDS_RE.search(value):
            msg = f'Ages: "{_quote(value)}" names age groups but no ages; ages left empty'
            raise FactError("facts.ages_without_numbers", msg, Severity.INFO)
        msg = f'Ages: expected "N unit to M unit", got "{_quote(value)}"'
        raise FactError("facts.ages_unreadable", msg)
    if len(numbers) > 2:
        msg = f'Ages: expected at most two ages, got "{_quote(value)}"'
        raise FactError("facts.ages_unreadable", msg)
    ages = [_age(m, numbers[-1], value) for m in numbers]
    if len(ages) == 2:
        return AgeRange(ages[0], ages[1])
    m = numbers[0]
    before = text[: m.start()]
    if m.group("plus") is None and (_AGE_MAX_WORDS_RE.search(before) or _AGE_MAX_AFTER_RE.match(text, m.end())):
        return AgeRange(None, ages[0])
    return AgeRange(ages[0], None)


def _age(m: re.Match[str], last: re.Match[str], value: str) -> Age:
    num = m.group("num")
    if "." in num or len(num) > _MAX_AGE_DIGITS:
        msg = f'Ages: expected a whole number of at most {_MAX_AGE_DIGITS} digits, got "{_quote(num)}" in "{_quote(value)}"'
        raise FactError("facts.ages_unreadable", msg)
    unit_word = m.group("unit") or last.group("unit") or "years"
    return Age(int(num), _AGE_UNITS[case_blind_key(_AGE_UNITS, unit_word)])


# --- sponsor ----------------------------------------------------------------------------

_SPONSOR_CLASSES: Final[Mapping[str, SponsorClass]] = {
    "industry": SponsorClass.INDUSTRY,
    "nih": SponsorClass.NIH,
    "fed": SponsorClass.FED,
    "u.s. fed": SponsorClass.FED,
    "federal": SponsorClass.FED,
    "other gov": SponsorClass.OTHER_GOV,
    "other_gov": SponsorClass.OTHER_GOV,
    "other government": SponsorClass.OTHER_GOV,
    "indiv": SponsorClass.INDIV,
    "individual": SponsorClass.INDIV,
    "network": SponsorClass.NETWORK,
    "ambig": SponsorClass.AMBIG,
    "ambiguous": SponsorClass.AMBIG,
    "other": SponsorClass.OTHER,
    "unknown": SponsorClass.UNKNOWN,
}


def parse_sponsor(value: str) -> Sponsor:
    """Read "Name (industry)"; the trailing parenthesis gives the sponsor class.

    A parenthesis that is not a class word stays in the name and the class is UNKNOWN
    (with a warning from the stage), so nothing of the name is lost.

    >>> parse_sponsor("Chia Tai Tianqing Pharmaceutical Group Co., Ltd. (industry)")
    Sponsor(name='Chia Tai Tianqing Pharmaceutical Group Co., Ltd.', sponsor_class=<SponsorClass.INDUSTRY: 'INDUSTRY'>)
    """
    text = collapse_ws(value)
    if not text:
        raise FactError("facts.sponsor_unreadable", "Sponsor: expected a name, got nothing")
    if text.endswith(")") and "(" in text:
        open_at = text.rfind("(")
        word = collapse_ws(text[open_at + 1 : -1]).lower()
        name = text[:open_at].rstrip()
        sponsor_class = _SPONSOR_CLASSES.get(word)
        if sponsor_class is not None and name:
            return Sponsor(name, sponsor_class)
        return Sponsor(text, SponsorClass.UNKNOWN)
    return Sponsor(text, None)


# --- locations --------------------------------------------------------------------------

_SITES_RE: Final = re.compile(
    r"\s*+(?P<count>[0-9]{1,9}+)\s*+(?:sites?|locations?|centers?|centres?)\b\s*+(?:\((?P<inner>.*)\))?+\s*+",
    re.IGNORECASE,
)
_TOO_MANY_DIGITS_RE: Final = re.compile(r"\s*+[0-9]{10}")


def parse_locations_fact(value: str) -> tuple[int | None, tuple[Site, ...], int | None]:
    """Read "20 sites (Hefei, Anhui and 19 other locations)".

    >>> parse_locations_fact("1 site (Boston, Massachusetts, United States)")
    (1, (Site(city='Boston', region='Massachusetts', country='United States', facility=None),), None)
    """
    if _TOO_MANY_DIGITS_RE.match(value):
        msg = f'Locations: expected a site count of at most 9 digits, got "{_quote(value)}"'
        raise FactError("facts.site_count_out_of_range", msg)
    m = _SITES_RE.fullmatch(value)
    if m is None:
        sites, other = parse_site_list(value)
        return None, sites, other
    count = int(m.group("count"))
    inner = m.group("inner")
    if inner is None:
        return count, (), None
    sites, other = parse_site_list(inner)
    return count, sites, other


# --- the stage --------------------------------------------------------------------------


class FactValues:
    """What the quick-facts block gave, beyond ``QuickFacts`` itself (internal, never returned)."""

    __slots__ = ("facts", "has_locations", "locations", "spans", "trial_id")

    def __init__(
        self,
        facts: QuickFacts,
        trial_id: str | None,
        locations: Locations,
        has_locations: bool,
        spans: Mapping[str, Span],
    ) -> None:
        self.facts = facts
        self.trial_id = trial_id
        self.locations = locations  # the "Locations" fact: count, sites and other count
        self.has_locations = has_locations
        self.spans = spans  # field -> span of its value


def _quote(value: str, limit: int = 80) -> str:
    value = collapse_ws(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def read_quick_facts(doc: Text, start: int, end: int) -> tuple[FactValues, Issues]:
    """Turn the quick-facts lines in ``doc.value[start:end]`` into typed values."""
    value = doc.value
    issues: list[Issue] = []
    raw: dict[str, tuple[str, int, int]] = {}
    lines = [(s, e) for s, e in doc.lines(start, end) if value[s:e].strip()]
    i = 0
    while i < len(lines):
        s, e = lines[i]
        while value[s] in " \t":
            s += 1
        while value[e - 1] in " \t":
            e -= 1
        m = fact_label_at(value, s, e)
        if m is None:
            issues.append(
                Issue(
                    "facts.unknown_line", f'Quick facts: no known label in "{_quote(value[s:e])}"', Severity.INFO, doc.span(s, e)
                )
            )
            i += 1
            continue
        label, vs = m
        field = FACT_LABELS[label]
        ve = e
        if vs >= ve and i + 1 < len(lines):  # label and value on separate lines
            i += 1
            vs, ve = lines[i]
            while value[vs] in " \t":
                vs += 1
            while value[ve - 1] in " \t":
                ve -= 1
        if field in raw:
            issues.append(
                Issue(
                    "facts.duplicate_label",
                    f'Quick facts: "{value[s : s + len(label)]}" given twice; the first is kept',
                    Severity.WARNING,
                    doc.span(s, ve),
                )
            )
        else:
            raw[field] = (value[vs:ve], vs, ve)
        i += 1
    return _read_values(doc, raw, issues)


def _read_values(doc: Text, raw: dict[str, tuple[str, int, int]], issues: list[Issue]) -> tuple[FactValues, Issues]:
    out: dict[str, object] = {}
    for field, (text, s, e) in raw.items():
        try:
            out[field] = _READERS[field](ascii_forms(text) if field in _ASCII_FIELDS else text)
        except FactError as err:
            issues.append(Issue(err.code, err.message, err.severity, doc.span(s, e)))
    trial_id = None
    if "trial_id" in raw:
        text, s, e = raw["trial_id"]
        found = NCT_RE.search(text)
        if found is None:
            issues.append(
                Issue(
                    "facts.trial_id_invalid",
                    f'Trial ID: expected NCT followed by 8 digits, got "{_quote(text)}"',
                    Severity.ERROR,
                    doc.span(s, e),
                )
            )
        else:
            trial_id = found.group()
    sponsor = out.get("sponsor")
    if (
        isinstance(sponsor, Sponsor)
        and sponsor.sponsor_class is SponsorClass.UNKNOWN
        and not sponsor.name.lower().endswith("(unknown)")
    ):
        text, s, e = raw["sponsor"]
        issues.append(
            Issue(
                "facts.sponsor_class_unknown",
                f'Sponsor: the class in "{_quote(text)}" is not a known sponsor class',
                Severity.WARNING,
                doc.span(s, e),
            )
        )
    locations = out.get("locations", (None, (), None))
    assert isinstance(locations, tuple)
    facts = QuickFacts(
        phases=_typed(out.get("phases"), tuple, ()),
        study_type=_typed(out.get("study_type"), StudyType, None),
        enrollment=_typed(out.get("enrollment"), Enrollment, None),
        ages=_typed(out.get("ages"), AgeRange, None),
        sex=_typed(out.get("sex"), Sex, None),
        sponsor=sponsor if isinstance(sponsor, Sponsor) else None,
        interventions=_typed(out.get("interventions"), tuple, ()),
    )
    return (
        FactValues(
            facts,
            trial_id,
            Locations(*locations),
            "locations" in raw,
            {field: doc.span(s, e) for field, (_, s, e) in raw.items()},
        ),
        tuple(issues),
    )


def _typed(value: object, kind: type[_T], default: _D) -> _T | _D:
    return value if isinstance(value, kind) else default


def _split_values(value: str) -> tuple[str, ...]:
    return tuple([clean_inline(v) for v in split_list(value)])


_ASCII_FIELDS: Final = frozenset({"phases", "study_type", "enrollment", "ages", "sex", "trial_id"})
_READERS: Final[Mapping[str, Callable[[str], object]]] = {
    "phases": parse_phases,
    "study_type": parse_study_type,
    "enrollment": parse_enrollment,
    "ages": parse_ages,
    "sex": parse_sex,
    "sponsor": parse_sponsor,
    "interventions": _split_values,
    "locations": parse_locations_fact,
    "trial_id": str,
}


# --- the title block --------------------------------------------------------------------

_META_SEP_RE: Final = re.compile(r"\s++[%s]\s++" % re.escape(FIELD_SEPARATORS))


class TitleBlock:
    """What the lines before the first heading gave (internal, never returned)."""

    __slots__ = ("official_title", "official_title_span", "phases", "sponsor", "summary", "title", "trial_id")

    def __init__(
        self,
        *,
        title: str | None,
        official_title: str | None,
        summary: str | None,
        trial_id: str | None,
        phases: tuple[Phase, ...],
        sponsor: str | None,
        official_title_span: Span | None,
    ) -> None:
        self.title = title
        self.official_title = official_title
        self.summary = summary
        self.trial_id = trial_id
        self.phases = phases
        self.sponsor = sponsor
        self.official_title_span = official_title_span


def read_title_block(doc: Text, start: int, end: int) -> TitleBlock:
    """Headline, official title, the ``PHASE · sponsor · NCT id`` line, and the lead paragraph."""
    blocks = doc.paragraphs(start, end)
    paragraphs = [clean_inline(text) for text, _, _ in blocks]
    bounds = [(s, e) for _, s, e in blocks]
    meta_at = next((i for i, p in enumerate(paragraphs) if _is_meta(p)), None)
    trial_id = None
    phases: tuple[Phase, ...] = ()
    sponsor = None
    if meta_at is None:
        head, tail = paragraphs[:2], paragraphs[2:]
        if len(paragraphs) == 2:
            head, tail = paragraphs[:1], paragraphs[1:]
    else:
        head, tail = paragraphs[:meta_at], paragraphs[meta_at + 1 :]
        parts = _META_SEP_RE.split(paragraphs[meta_at])
        for part in parts:
            found = NCT_RE.search(part)
            if found is not None and trial_id is None:
                trial_id = found.group()
                continue
            if not phases and (part.strip() in _CANONICAL_PHASES or "phase" in part.lower()):
                try:
                    phases = parse_phases(part)
                    continue
                except FactError:
                    pass
            if sponsor is None and part.strip():
                sponsor = part.strip()
    official_span = doc.span(bounds[1][0], bounds[len(head) - 1][1]) if len(head) > 1 else None
    return TitleBlock(
        title=head[0] if head else None,
        official_title=" ".join(head[1:]) or None,
        summary="\n\n".join(tail) or None,
        trial_id=trial_id,
        phases=phases,
        sponsor=sponsor,
        official_title_span=official_span,
    )


def _is_meta(paragraph: str) -> bool:
    if not any(sep in paragraph for sep in FIELD_SEPARATORS):
        return False  # _META_SEP_RE needs one of them; a substring test is far cheaper than its search
    return bool(_META_SEP_RE.search(paragraph)) and (NCT_RE.search(paragraph) is not None or "phase" in paragraph.lower())
