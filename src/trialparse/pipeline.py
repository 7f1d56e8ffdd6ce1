"""``parse()`` and ``parse_many()``: the only module that knows the order of the stages."""

from __future__ import annotations

import collections
import datetime
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final

import attrs

from trialparse.criteria import read_criteria
from trialparse.crosschecks import check_ages, check_phase, check_site_count, choose_trial_id
from trialparse.dates import read_review_date
from trialparse.facts import FactValues, TitleBlock, read_quick_facts, read_title_block
from trialparse.locations import read_contacts, read_locations
from trialparse.model import Contact, Criteria, Issue, Listing, ListingError, Locations, QuickFacts, Severity, Sponsor
from trialparse.prose import read_conditions, read_labelled_fields, read_paragraphs
from trialparse.sections import RawSection, first_sections, split_sections
from trialparse.text import Text
from trialparse.vocabulary import FIELD_LABELS

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from trialparse._helpers import HelperChunk
    from trialparse._transport import Packed

__all__ = ["parse", "parse_criteria", "parse_many"]


def parse(text: str, *, strict: bool = False, constraints: bool = True) -> Listing:
    """Parse one listing page; never raises on a ``str`` unless ``strict`` and an ERROR was found.

    ``constraints=False`` leaves ``Criterion.constraints`` empty and skips the age
    cross-check (the extractor costs about a quarter of a page's parse time).

    >>> parse("Quick facts\\n\\nPhasePHASE1/PHASE2").facts.phases
    (<Phase.PHASE1: 'PHASE1'>, <Phase.PHASE2: 'PHASE2'>)
    """
    return _parse(text, strict, constraints)[0]


def _parse(text: str, strict: bool, constraints: bool) -> tuple[Listing, Text, list[RawSection]]:
    """``parse()``, also returning the normalised text and the raw sections (for ``pack``).

    The stages in page order, then the cross-field checks; the issues keep that order.
    """
    _require_str(text, "parse")
    doc = Text(text)
    raws = split_sections(doc)
    first, found = first_sections(doc, raws)
    issues = list(found)
    title, fact_values = _read_head(doc, first, issues)
    trial_id, found = choose_trial_id(fact_values.trial_id, title.trial_id if title else None)
    issues += found
    fields = _read_fields(doc, first, issues)
    criteria = _read_criteria(doc, first.get("eligibility"), constraints, issues)
    loc_sec = first.get("locations")
    locations, found = read_locations(doc, _body(loc_sec), fact_values.locations)
    issues += found
    contacts, conditions, last_reviewed = _read_tail(doc, first, issues)
    facts = _with_title_facts(fact_values.facts, title)
    _cross_check(facts, title, fact_values, locations, loc_sec, doc, issues)
    if constraints:
        _append(issues, check_ages(facts.ages, criteria, fact_values.spans.get("ages")))
    listing = Listing(
        trial_id=trial_id,
        title=title.title if title else None,
        official_title=title.official_title if title else None,
        summary=title.summary if title else None,
        facts=facts,
        description=fields["description"],
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


def _require_str(text: object, caller: str) -> None:
    """The one exception besides strict mode's: a ``TypeError`` for anything but a ``str``."""
    if not isinstance(text, str):
        msg = f"{caller}() expects str, got {type(text).__name__}" + (
            " (decode bytes first)" if isinstance(text, (bytes, bytearray)) and caller == "parse" else ""
        )
        raise TypeError(msg)


def _body(section: RawSection | None) -> tuple[int, int] | None:
    return None if section is None else (section.body_start, section.body_end)


def _append(issues: list[Issue], issue: Issue | None) -> None:
    if issue is not None:
        issues.append(issue)


def _read_head(doc: Text, first: dict[str, RawSection], issues: list[Issue]) -> tuple[TitleBlock | None, FactValues]:
    """The title block and the quick facts (read from nothing when the page has none)."""
    title_sec = first.get("title")
    title = read_title_block(doc, title_sec.body_start, title_sec.body_end) if title_sec is not None else None
    facts_sec = first.get("quick_facts")
    if facts_sec is None:
        return title, read_quick_facts(doc, 0, 0)[0]
    fact_values, found = read_quick_facts(doc, facts_sec.body_start, facts_sec.body_end)
    issues += found
    return title, fact_values


def _with_title_facts(facts: QuickFacts, title: TitleBlock | None) -> QuickFacts:
    """The quick facts, with the phases and sponsor of the title's meta line where they have none."""
    if title is None:
        return facts
    if not facts.phases and title.phases:
        facts = attrs.evolve(facts, phases=title.phases)
    if facts.sponsor is None and title.sponsor:
        facts = attrs.evolve(facts, sponsor=Sponsor(title.sponsor, None))
    return facts


def _read_fields(doc: Text, first: dict[str, RawSection], issues: list[Issue]) -> dict[str, str | None]:
    """The prose fields of the listing: description and the "Label: text" fields, by name."""
    fields: dict[str, str | None] = dict.fromkeys(FIELD_LABELS.values())
    for key in ("who_should_consider", "why_it_matters"):
        sec = first.get(key)
        if sec is not None:
            found_fields, found = read_labelled_fields(doc, sec.body_start, sec.body_end, sec.heading)
            fields.update(found_fields)
            issues += found
    sec = first.get("description")
    fields["description"] = read_paragraphs(doc, sec.body_start, sec.body_end) if sec is not None else None
    return fields


def _read_criteria(doc: Text, sec: RawSection | None, constraints: bool, issues: list[Issue]) -> Criteria:
    if sec is None:
        issues.append(Issue("sections.no_eligibility", "no eligibility criteria section found", Severity.INFO, None))
        return Criteria()
    criteria, found = read_criteria(doc, sec.body_start, sec.body_end, constraints=constraints)
    issues += found
    return criteria


def _read_tail(
    doc: Text, first: dict[str, RawSection], issues: list[Issue]
) -> tuple[tuple[Contact, ...], tuple[str, ...], datetime.date | None]:
    """Contacts, conditions and the review date, each from its own section when there is one."""
    contacts: tuple[Contact, ...] = ()
    sec = first.get("contacts")
    if sec is not None:
        contacts, found = read_contacts(doc, sec.body_start, sec.body_end)
        issues += found
    sec = first.get("conditions")
    conditions = read_conditions(doc, sec.body_start, sec.body_end) if sec is not None else ()
    last_reviewed = None
    sec = first.get("review")
    if sec is not None:
        last_reviewed, found = read_review_date(doc, sec.body_start, sec.body_end)
        issues += found
    return contacts, conditions, last_reviewed


def _cross_check(
    facts: QuickFacts,
    title: TitleBlock | None,
    fact_values: FactValues,
    locations: Locations,
    loc_sec: RawSection | None,
    doc: Text,
    issues: list[Issue],
) -> None:
    """The site count and the title's phase against the quick facts (the age check needs constraints)."""
    body_span = doc.span(loc_sec.body_start, loc_sec.body_end) if loc_sec is not None else None
    spans = fact_values.spans
    _append(issues, check_site_count(locations, spans.get("locations"), body_span))
    if title is not None:
        _append(issues, check_phase(facts.phases, title.official_title, title.official_title_span, spans.get("phases")))


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
    _require_str(text, "parse_criteria")
    doc = Text(text)
    return read_criteria(doc, 0, len(doc.value), constraints=constraints)
