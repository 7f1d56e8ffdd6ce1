"""``_transport``: what ``parse_many``'s helper processes send back is the listing ``parse`` gives.

Every fixture page round-trips through ``pack`` → pickle → ``unpack``, with and without
normalising (CRLF, NBSP and BOM variants keep their normalised text in the packet), and with
constraints on; a record class that gains a field fails the field-count check until the
packer learns it.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import attrs
import pytest

from tests.conftest import FIXTURES, read_page
from trialparse import model
from trialparse._transport import unpack
from trialparse.pipeline import _pack_parsed, _parse

PAGES = sorted((FIXTURES / "pages").glob("*.txt"))


def _round_trip(text: str, constraints: bool = False) -> tuple[model.Listing, model.Listing, bool]:
    listing, doc, raws = _parse(text, False, constraints)
    packet = pickle.loads(pickle.dumps(_pack_parsed(text, listing, doc, raws)))
    return listing, unpack(packet, text), doc.value is text


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_fixture_page_round_trips(path: Path) -> None:
    text = read_page(path)
    listing, back, _ = _round_trip(text, constraints=True)
    assert back == listing
    assert back.to_json() == listing.to_json()


def test_both_kinds_of_page_are_covered() -> None:
    # pages sent without their text (nothing normalised) and pages whose normalised text is sent
    kinds = {_round_trip(read_page(p))[2] for p in PAGES}
    assert kinds == {True, False}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "x",
        "Quick facts\r\n\r\nPhase\u00a0PHASE1",
        "\ufeffTitle\n\nLast reviewed 2024-01-02",
        "Eligibility\n\n" + "* a\n  * b\n" * 50,
    ],
)
def test_edge_pages_round_trip(text: str) -> None:
    listing, back, _ = _round_trip(text)
    assert back == listing


def test_the_packer_knows_every_field() -> None:
    # the packer is positional: a field added to a record must be added to _transport too
    counts = {cls.__name__: len(attrs.fields(cls)) for cls in (getattr(model, n) for n in model.__all__) if attrs.has(cls)}
    assert counts == {
        "Age": 2, "AgeRange": 2, "Constraint": 8, "Contact": 3, "Criteria": 5, "CriteriaHeader": 3,
        "Criterion": 5, "Enrollment": 2, "Issue": 5, "Listing": 17, "Locations": 3, "QuickFacts": 7,
        "Section": 4, "Site": 4, "Span": 2, "Sponsor": 2,
    }  # fmt: skip
