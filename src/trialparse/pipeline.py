"""``parse()`` and ``parse_many()``: the only module that knows the order of the stages."""

from __future__ import annotations

import collections
import os
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final

import attrs

from trialparse import _regex as _rx
from trialparse.constraints import extract_constraints
from trialparse.criteria import read_criteria
from trialparse.dates import read_review_date
from trialparse.facts import FactError, FactValues, TitleBlock, parse_phases, read_quick_facts, read_title_block
from trialparse.locations import read_contacts, read_locations
from trialparse.model import (
    AgeRange,
    Constraint,
    ConstraintKind,
    Contact,
    Criteria,
    Issue,
    Listing,
    ListingError,
    Locations,
    Phase,
    QuickFacts,
    Severity,
    Span,
    Sponsor,
)
from trialparse.sections import RawSection, split_sections
from trialparse.text import Text, case_blind_key, clean_inline, split_list

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from trialparse._helpers import HelperChunk
    from trialparse._transport import Packed

__all__ = ["parse", "parse_criteria", "parse_many"]

_LABELLED_RE: Final = _rx.compile(
    r"(?P<label>good\ fit|not\ a\ fit|potential\ benefit|how\ similar\ studies\ have\ performed)[ \t]*+:[ \t]*+",
    re.IGNORECASE | re.VERBOSE,
)
_LABEL_FIELDS: Final = {
    "good fit": "good_fit",
    "not a fit": "not_a_fit",
    "potential benefit": "potential_benefit",
    "how similar studies have performed": "similar_studies",
}


def _block_text(doc: Text, start: int, end: int) -> str | None:
    paras = [clean_inline(p) for p, _, _ in doc.paragraphs(start, end)]
    return "\n\n".join(p for p in paras if p) or None


def _labelled(doc: Text, section: RawSection, fields: dict[str, str | None], issues: list[Issue]) -> None:
    """Fill "Good fit: …"-style fields; text before the first label is reported, not lost."""
    current: str | None = None
    for text, s, e in doc.paragraphs(section.body_start, section.body_end):
        m = _LABELLED_RE.match(text)
        if m is not None:
            current = _LABEL_FIELDS[case_blind_key(_LABEL_FIELDS, " ".join(m.group("label").split()))]
            fields[current] = clean_inline(text[m.end() :]) or None
        elif current is not None:
            fields[current] = "\n\n".join(p for p in (fields[current], clean_inline(text)) if p)
        else:
            issues.append(
                Issue(
                    "sections.unlabelled_text",
                    f'"{section.heading}": text without a "Label:" is kept only in the section',
                    Severity.INFO,
                    doc.span(s, e),
                )
            )


def parse(text: str, *, strict: bool = False, constraints: bool = True) -> Listing:
    """Parse one listing page; never raises on a ``str`` unless ``strict`` and an ERROR was found.

    ``constraints=False`` leaves ``Criterion.constraints`` empty and skips the age
    cross-check (the extractor costs about a quarter of a page's parse time).

    >>> parse("Quick facts\\n\\nPhasePHASE1/PHASE2").facts.phases
    (<Phase.PHASE1: 'PHASE1'>, <Phase.PHASE2: 'PHASE2'>)
    """
    return _parse(text, strict, constraints)[0]


def _parse(text: str, strict: bool, constraints: bool) -> tuple[Listing, Text, list[RawSection]]:
    """``parse()``, also returning the normalised text and the raw sections (for ``pack``)."""
    if not isinstance(text, str):
        msg = f"parse() expects str, got {type(text).__name__}" + (
            " (decode bytes first)" if isinstance(text, (bytes, bytearray)) else ""
        )
        raise TypeError(msg)
    doc = Text(text)
    raws = split_sections(doc)
    issues: list[Issue] = []
    first: dict[str, RawSection] = {}
    for raw in raws:
        if raw.key in first and raw.key != "unknown":
            issues.append(
                Issue(
                    "sections.duplicate",
                    f'section "{raw.heading}" appears again; only the first is read',
                    Severity.WARNING,
                    doc.span(raw.start, raw.body_end),
                )
            )
            continue
        first.setdefault(raw.key, raw)
        if raw.key == "unknown":
            issues.append(
                Issue(
                    "sections.unknown_heading",
                    f'unknown section "{raw.heading}" kept as is',
                    Severity.INFO,
                    doc.span(raw.start, raw.body_end),
                )
            )

    title = read_title_block(doc, first["title"].body_start, first["title"].body_end) if "title" in first else None
    facts_section = first.get("quick_facts")
    if facts_section is not None:
        fact_values, found = read_quick_facts(doc, facts_section.body_start, facts_section.body_end)
        issues += found
    else:
        fact_values, _ = read_quick_facts(doc, 0, 0)
    facts = fact_values.facts
    if title is not None:
        if not facts.phases and title.phases:
            facts = attrs.evolve(facts, phases=title.phases)
        if facts.sponsor is None and title.sponsor:
            facts = attrs.evolve(facts, sponsor=Sponsor(title.sponsor, None))

    trial_id = fact_values.trial_id or (title.trial_id if title else None)
    if fact_values.trial_id and title is not None and title.trial_id and title.trial_id != fact_values.trial_id:
        issues.append(
            Issue(
                "listing.trial_id_mismatch",
                f"the title block names {title.trial_id} but Trial ID is {fact_values.trial_id}; Trial ID kept",
                Severity.WARNING,
                None,
            )
        )
    if trial_id is None:
        issues.append(Issue("listing.no_trial_id", "no NCT id (NCT + 8 digits) found on the page", Severity.WARNING, None))

    fields: dict[str, str | None] = dict.fromkeys(_LABEL_FIELDS.values())
    for key in ("who_should_consider", "why_it_matters"):
        if key in first:
            _labelled(doc, first[key], fields, issues)

    criteria = Criteria()
    if "eligibility" in first:
        sec = first["eligibility"]
        criteria, found = read_criteria(
            doc, sec.body_start, sec.body_end, constraints=_read_constraints if constraints else None
        )
        issues += found
    else:
        issues.append(Issue("sections.no_eligibility", "no eligibility criteria section found", Severity.INFO, None))

    loc_sec = first.get("locations")
    locations, found = read_locations(doc, (loc_sec.body_start, loc_sec.body_end) if loc_sec else None, fact_values)
    issues += found
    contacts: tuple[Contact, ...] = ()
    if "contacts" in first:
        contacts, found = read_contacts(doc, first["contacts"].body_start, first["contacts"].body_end)
        issues += found
    conditions: tuple[str, ...] = ()
    if "conditions" in first:
        sec = first["conditions"]
        conditions = tuple(clean_inline(c) for c in split_list(" ".join(doc.value[sec.body_start : sec.body_end].split("\n"))))
    last_reviewed = None
    if "review" in first:
        sec = first["review"]
        last_reviewed, found = read_review_date(doc, sec.body_start, sec.body_end)
        issues += found

    body_span = doc.span(loc_sec.body_start, loc_sec.body_end) if loc_sec is not None else None
    issues += _cross_checks(facts, title, fact_values, locations, body_span)
    if constraints:
        age_issue = _age_check(facts.ages, criteria, fact_values.spans.get("ages"))
        if age_issue is not None:
            issues.append(age_issue)
    description = None
    if "description" in first:
        description = _block_text(doc, first["description"].body_start, first["description"].body_end)
    listing = Listing(
        trial_id=trial_id,
        title=title.title if title else None,
        official_title=title.official_title if title else None,
        summary=title.summary if title else None,
        facts=facts,
        description=description,
        good_fit=fields["good_fit"],
        not_a_fit=fields["not_a_fit"],
        potential_benefit=fields["potential_benefit"],
        similar_studies=fields["similar_studies"],
        criteria=criteria,
        locations=locations,
        contacts=contacts,
        conditions=conditions,
        last_reviewed=last_reviewed,
        sections=tuple(r.to_section(doc) for r in raws),
        issues=tuple(issues),
    )
    if strict and any(i.severity is Severity.ERROR for i in listing.issues):
        raise ListingError(listing.issues)
    return listing, doc, raws


# "Phase 2", "Phase II/III", "Phase 1b/2" in a title; read with parse_phases.
_TITLE_PHASE_RE: Final = _rx.compile(
    r"\b(?:early\s++)?phase\s*+(?:[1-4]|iv|i{1,3}+)[ab]?+(?:\s*+[/&-]\s*+(?:phase\s*+)?(?:[1-4]|iv|i{1,3}+)[ab]?+)?+\b",
    re.IGNORECASE,
)


def _cross_checks(
    listing_facts: QuickFacts,
    title: TitleBlock | None,
    fact_values: FactValues,
    locations: Locations,
    locations_body: Span | None,
) -> list[Issue]:
    """Values that should agree across fields but do not: WARNING issues naming both spans."""
    found: list[Issue] = []
    spans = fact_values.spans
    if locations.site_count is not None and (locations.sites or locations.other_count is not None):
        named = len(locations.sites) + (locations.other_count or 0)
        if named != locations.site_count:
            found.append(
                Issue(
                    "listing.site_count_mismatch",
                    f"{locations.site_count} sites, but {len(locations.sites)} named plus {locations.other_count or 0} other",
                    Severity.WARNING,
                    spans.get("locations"),
                    (locations_body,) if locations_body is not None else (),
                )
            )
    if title is not None and title.official_title and listing_facts.phases and Phase.NA not in listing_facts.phases:
        m = _TITLE_PHASE_RE.search(title.official_title)
        if m is not None:
            try:
                in_title = parse_phases(m.group())
            except FactError:
                in_title = ()
            if in_title and set(in_title) != set(listing_facts.phases):
                names = "/".join(p.value for p in listing_facts.phases)
                found.append(
                    Issue(
                        "listing.phase_mismatch",
                        f'the official title says "{m.group()}" but Phase is {names}',
                        Severity.WARNING,
                        spans.get("phases"),
                        (title.official_title_span,) if title.official_title_span is not None else (),
                    )
                )
    return found


_YEAR_SLACK: Final = 0.01  # about 3.7 days: month and day conversions agree to this


def _read_constraints(value: str, start: int, end: int, span: Callable[[int, int], Span]) -> tuple[Constraint, ...]:
    """One line of a criterion read by the constraint extractor, with spans into the page."""
    return tuple(
        Constraint(c.kind, span(c.start, c.end), c.subject, c.low, c.low_inclusive, c.high, c.high_inclusive, c.unit)
        for c in extract_constraints(value, start, end)
    )


def _age_check(ages: AgeRange | None, criteria: Criteria, ages_span: Span | None) -> Issue | None:
    """The widest age range the inclusion criteria allow against the Ages fact.

    Only bounds present on both sides are compared (a fact with no maximum and criteria that
    give one is not flagged: precision first). A strict bound agrees with the fact one year
    inside it ("> 18 years" with a minimum of 18 or 19 Years, "< 65" with 64 or 65).
    """
    if ages is None or (ages.minimum is None and ages.maximum is None):
        return None
    bounds: list[Constraint] = []
    stack = list(criteria.inclusion)
    while stack:
        node = stack.pop()
        for c in node.constraints:
            if c.kind is ConstraintKind.AGE and c.unit == "years":
                bounds.append(c)
        stack += node.children
    if not bounds:
        return None
    disagree: list[Constraint] = []
    words: list[str] = []
    lows = [c for c in bounds if c.low is not None]
    if ages.minimum is not None and lows:
        low = min(lows, key=lambda c: c.low or 0.0)
        fact, bound = ages.minimum.in_years, low.low or 0.0
        if not (abs(fact - bound) <= _YEAR_SLACK or (not low.low_inclusive and bound < fact <= bound + 1 + _YEAR_SLACK)):
            disagree.append(low)
            words.append(f"a minimum age of {bound:g} years ({'inclusive' if low.low_inclusive else 'strict'})")
    highs = [c for c in bounds if c.high is not None]
    if ages.maximum is not None and highs:
        high = max(highs, key=lambda c: c.high or 0.0)
        fact, bound = ages.maximum.in_years, high.high or 0.0
        if not (abs(fact - bound) <= _YEAR_SLACK or (not high.high_inclusive and bound - 1 - _YEAR_SLACK <= fact < bound)):
            disagree.append(high)
            words.append(f"a maximum age of {bound:g} years ({'inclusive' if high.high_inclusive else 'strict'})")
    if not disagree:
        return None
    fact_words = " to ".join(
        f"{a.value} {a.unit.value.lower()}" if a is not None else "no limit" for a in (ages.minimum, ages.maximum)
    )
    return Issue(
        "listing.age_mismatch",
        f"the inclusion criteria give {' and '.join(words)}, but Ages is {fact_words}",
        Severity.WARNING,
        ages_span,
        tuple(dict.fromkeys(c.span for c in disagree)),
    )


_CHUNK: Final = 16


def _parse_chunk(args: tuple[list[str], bool, bool]) -> tuple[bytes, ListingError | None]:
    """A pool helper's work: parse a chunk and send it back packed (see ``_transport``), with
    the strict-mode error that stopped it, after the pages before that one."""
    from trialparse._transport import dumps

    texts, strict, constraints = args
    out: list[Packed] = []
    try:
        for text in texts:
            out.append(_pack_parsed(text, *_parse(text, strict, constraints)))
    except ListingError as exc:
        return dumps(out), exc
    return dumps(out), None


def _pack_parsed(text: str, listing: Listing, doc: Text, raws: list[RawSection]) -> Packed:
    """What a helper process sends back for ``text``: the listing packed (``_transport``), the
    normalised page only when it differs from ``text``, section bodies as offsets into it."""
    from trialparse._transport import pack

    return pack(listing, None if doc.value is text else doc.value, [(r.body_start, r.body_end) for r in raws])


class _LocalChunk:
    """A chunk for the calling process, parsed when its turn comes or, with ``parse()``, ahead.

    Parsed at its turn, each page is yielded as soon as it is read, so its records are gone
    (if the consumer drops them) before the next page; parsed ahead, the listings wait, and
    a ``ListingError`` waits for its turn in order. ``between`` runs after each page (it keeps
    the helpers' pipes moving meanwhile).
    """

    __slots__ = ("between", "constraints", "error", "results", "strict", "texts")

    def __init__(self, texts: list[str], strict: bool, constraints: bool, between: Callable[[], None] | None = None) -> None:
        self.texts = texts
        self.strict = strict
        self.constraints = constraints
        self.between = between
        self.results: list[Listing] | None = None  # set by parse(): the chunk was parsed ahead
        self.error: ListingError | None = None

    def _read(self) -> Iterator[Listing]:
        for t in self.texts:
            yield parse(t, strict=self.strict, constraints=self.constraints)
            if self.between is not None:
                self.between()

    def parse(self) -> None:
        """Parse the whole chunk now and keep the listings for ``drain``."""
        self.results = []
        try:
            self.results.extend(self._read())
        except ListingError as exc:
            self.error = exc

    def ready(self) -> bool:
        return True

    def drain(self) -> Iterator[Listing]:
        if self.results is None:
            yield from self._read()  # a ListingError stops it here, in order
            return
        yield from self.results  # the pages before a strict failure, then the failure
        if self.error is not None:
            raise self.error


class _RemoteChunk:
    """A chunk sent to a helper process, with its pages (the packed results refer to them)."""

    __slots__ = ("pages", "result")

    def __init__(self, result: AsyncResult[tuple[bytes, ListingError | None]], pages: list[str]) -> None:
        self.result = result
        self.pages = pages

    def ready(self) -> bool:
        return self.result.ready()

    def drain(self) -> Iterator[Listing]:
        from trialparse._transport import loads, unpack

        data, error = self.result.get()
        for packed, page in zip(loads(data), self.pages, strict=False):  # fewer when strict stopped it
            yield unpack(packed, page)
        if error is not None:
            raise error


# The Pool path (platforms without non-blocking pipes): while the calling thread parses pages
# itself, the pool's threads (which feed the helpers and take their results) wait for the GIL;
# at the default 5 ms switch interval a helper idled about 5 ms per chunk. The interval is
# lowered only while parse_many's own code runs, and put back before every page is yielded.
_SWITCH_INTERVAL: Final = 0.0005


def parse_many(
    texts: Iterable[str], *, workers: int | None = None, strict: bool = False, constraints: bool = True
) -> Iterator[Listing]:
    """Parse pages in input order; streams, and with ``workers > 1`` uses that many processes.

    With ``workers=N`` the calling process is one of the N: it starts N - 1 helper
    processes, hands them chunks of 16 pages, and keeps a chunk for itself whenever every
    helper already has four chunks queued. It parses such a chunk when the chunk's turn
    comes, yielding each page as it is read, or earlier rather than sit idle waiting for a
    helper's results.
    An input that raises (or gives a non-str) ends the stream after every page read before
    it, as without workers.
    Helpers send results back packed as plain tuples in ``marshal`` bytes (``_transport``),
    several times cheaper than pickling the records; on POSIX the calling thread moves them itself over
    non-blocking pipes (``_helpers``), elsewhere a ``multiprocessing.Pool`` does. Memory stays
    bounded for any number of pages: at most ``8 * workers`` chunks (128 pages per worker)
    are in flight.
    """
    if workers is None or workers <= 1:
        for text in texts:
            yield parse(text, strict=strict, constraints=constraints)
        return
    if os.name == "posix":
        yield from _parse_with_helpers(texts, workers, strict, constraints)
        return
    import sys

    pooled = _parse_pooled(texts, workers, strict, constraints)
    try:
        while True:
            previous = sys.getswitchinterval()
            sys.setswitchinterval(min(previous, _SWITCH_INTERVAL))
            try:
                listing = next(pooled)
            except StopIteration:
                return
            finally:
                sys.setswitchinterval(previous)
            yield listing
    finally:
        pooled.close()  # stops the pool now, not when the generator is collected


_QUEUED_PER_HELPER: Final = 4


def _parse_with_helpers(texts: Iterable[str], workers: int, strict: bool, constraints: bool) -> Iterator[Listing]:
    """POSIX: helper processes driven from this thread (``_helpers``), this thread parsing too."""
    import multiprocessing  # only here: it costs more to import than a page costs to parse

    from trialparse._helpers import Helper, HelperChunk, pump

    helpers: list[Helper] = []
    try:
        ctx = multiprocessing.get_context()
        for _ in range(workers - 1):
            helper = Helper(ctx)
            helpers.append(helper)  # before it starts: an interrupt in start() still closes it
            helper.start(strict, constraints, helpers[:-1])

        def between_pages() -> None:
            pump(helpers, wait=False)

        # With wide pipes (Linux), a helper's queue and its results fit in them: moving bytes
        # once per chunk is enough, and the calling process's pages cost ~1 % less without the
        # pump after each; with 64 KB pipes it keeps the helpers from waiting on this process.
        between = None if all(h.wide for h in helpers) else between_pages

        # The order of chunks is the input's. A helper's chunk goes to the helper with the
        # fewest chunks queued, while one has fewer than four; the others stay here and are
        # parsed when they reach the head of the order, their pages yielded as they are read.
        # Only while the head is a helper's chunk still unanswered does this process parse a
        # later local chunk ahead (its listings then wait), rather than sit idle. Listings
        # waiting in this process cost its collector time (~8 % per page measured when every
        # local chunk waited behind the helpers'); a helper's answer waits as bytes.
        chunks = _chunks(texts)
        pending: collections.deque[HelperChunk | _LocalChunk] = collections.deque()
        failure: Exception | None = None  # the input's own error: raised after the pages before it
        more = True
        while True:
            pump(helpers, wait=False)
            while more and len(pending) < 8 * workers:
                least = min(helpers, key=lambda h: len(h.sent))
                if pending and pending[0].ready() and (
                    isinstance(pending[0], HelperChunk) or len(least.sent) >= _QUEUED_PER_HELPER
                ):
                    # give out the head first: a helper's answer costs little to hand over, and
                    # a chunk of this process's own waits only while every helper has work
                    break
                try:
                    chunk = next(chunks, None)
                except Exception as exc:  # re-raised below, after the pages before it
                    failure, more = exc, False
                    break
                if chunk is None:
                    more = False
                    break
                if len(least.sent) < _QUEUED_PER_HELPER:
                    sent = HelperChunk(chunk)
                    least.send(sent)
                    pending.append(sent)
                else:
                    pending.append(_LocalChunk(chunk, strict, constraints, between))
                pump(helpers, wait=False)  # the input may be slow: what has come back meanwhile?
            if not pending:
                if failure is not None:
                    raise failure
                return
            if pending[0].ready():
                yield from pending.popleft().drain()
                continue
            ahead = next((c for c in pending if isinstance(c, _LocalChunk) and c.results is None), None)
            if ahead is not None:
                ahead.parse()
            else:
                pump(helpers, wait=True)
    finally:
        for helper in helpers:
            helper.close()


def _parse_pooled(texts: Iterable[str], workers: int, strict: bool, constraints: bool) -> Generator[Listing, None, None]:
    import multiprocessing  # only here: it costs more to import than a page costs to parse

    helpers = workers - 1
    pool = multiprocessing.get_context().Pool(helpers)
    pending: collections.deque[_RemoteChunk | _LocalChunk] = collections.deque()
    interrupted = False
    try:
        chunks = _chunks(texts)
        failure: Exception | None = None  # the input's own error: raised after the pages before it
        while True:
            try:
                chunk = next(chunks, None)
            except Exception as exc:  # re-raised below, after the pages before it
                failure = exc
                break
            if chunk is None:
                break
            while pending and pending[0].ready():
                yield from pending.popleft().drain()
            if sum(1 for p in pending if not p.ready()) < 4 * helpers:
                pending.append(_RemoteChunk(pool.apply_async(_parse_chunk, ((chunk, strict, constraints),)), chunk))
            else:
                local = _LocalChunk(chunk, strict, constraints)
                local.parse()  # now: the pool's threads move the helpers' chunks meanwhile
                pending.append(local)
            while len(pending) >= 8 * workers:
                yield from pending.popleft().drain()
        while pending:
            yield from pending.popleft().drain()
        if failure is not None:
            raise failure
    except (KeyboardInterrupt, SystemExit):
        interrupted = True
        raise
    finally:
        _stop_pool(pool, [c.result for c in pending if isinstance(c, _RemoteChunk)], interrupted)


# How long a pool being stopped may take to finish the chunks it was given (seconds).
_POOL_GRACE: Final = 60.0


def _stop_pool(pool: Pool, outstanding: list[AsyncResult[Any]], interrupted: bool) -> None:
    """Stop ``pool``: let it finish the chunks it holds, then close it and wait for it.

    ``Pool.terminate()`` (what leaving a ``with Pool()`` block does) can deadlock when a
    worker is killed while it holds the result queue's lock (review: within a minute of
    strict errors in a loop); a pool that ends its own tasks and exits never takes that path.
    It is still the way out on Ctrl-C, or when the tasks do not finish within ``_POOL_GRACE``.
    """
    import time

    if not interrupted:
        deadline = time.monotonic() + _POOL_GRACE
        for result in outstanding:
            result.wait(max(0.0, deadline - time.monotonic()))
        if all(r.ready() for r in outstanding):
            pool.close()
            pool.join()
            return
    pool.terminate()
    pool.join()


def _chunks(texts: Iterable[str]) -> Iterator[list[str]]:
    """``texts`` in chunks of ``_CHUNK``; when the input fails (or gives a non-str), the pages
    read before the failure come as a last, shorter chunk, and the error is raised after it."""
    chunk: list[str] = []
    try:
        for text in texts:
            if not isinstance(text, str):
                parse(text)  # raises the TypeError here, in the caller's process
            chunk.append(text)
            if len(chunk) == _CHUNK:
                yield chunk
                chunk = []
    except Exception:
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk


def parse_criteria(text: str, *, constraints: bool = True) -> tuple[Criteria, tuple[Issue, ...]]:
    """Parse criteria text alone (e.g. a registry record's ``eligibilityCriteria``).

    >>> crit, _ = parse_criteria("Inclusion Criteria:\\n* Adults\\nExclusion Criteria:\\n* Pregnancy")
    >>> [c.text for c in crit.exclusion]
    ['Pregnancy']
    """
    if not isinstance(text, str):
        msg = f"parse_criteria() expects str, got {type(text).__name__}"
        raise TypeError(msg)
    doc = Text(text)
    return read_criteria(doc, 0, len(doc.value), constraints=_read_constraints if constraints else None)
