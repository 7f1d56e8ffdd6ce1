"""``_transport``: what ``parse_many``'s helper processes send back is the listing ``parse`` gives.

Every fixture page round-trips through ``pack`` → ``dumps`` → ``loads`` → ``unpack``, with and without
normalising (CRLF, NBSP and BOM variants keep their normalised text in the packet), and with
constraints on; a record class that gains a field fails the field-count check until the
packer learns it. ``unpack`` builds records without their ``__init__`` (slot descriptors, see
``_transport``), so every rebuilt record is also compared node by node with what ``parse``
gives in process: same type, equal, same hash and repr, and still frozen.
"""

from __future__ import annotations

import enum
import pickle
from pathlib import Path
from typing import Any

import attrs
import pytest

from tests.conftest import FIXTURES, read_page
from trialparse import ListingError, model, parse
from trialparse._transport import dumps, loads, unpack
from trialparse.pipeline import _pack_parsed, _parse

PAGES = sorted((FIXTURES / "pages").glob("*.txt"))


def _round_trip(text: str, constraints: bool = False) -> tuple[model.Listing, model.Listing, bool]:
    listing, doc, raws = _parse(text, False, constraints)
    packet = loads(dumps([_pack_parsed(text, listing, doc, raws)]))[0]
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
        "Age": 2, "AgeRange": 2, "Constraint": 11, "Contact": 3, "Criteria": 5, "CriteriaHeader": 3,
        "Criterion": 5, "Enrollment": 2, "Issue": 5, "Listing": 17, "Locations": 3, "QuickFacts": 7,
        "Section": 4, "Site": 4, "Span": 2, "Sponsor": 2,
    }  # fmt: skip


def _assert_same(built: Any, parsed: Any, where: str = "listing") -> None:
    """``built`` is ``parsed`` rebuilt: node by node the same type, equal, hashing the same."""
    assert type(built) is type(parsed), where
    if attrs.has(type(parsed)):
        assert built == parsed, where
        assert hash(built) == hash(parsed), where
        assert repr(built) == repr(parsed), where
        for field in attrs.fields(type(parsed)):
            _assert_same(getattr(built, field.name), getattr(parsed, field.name), f"{where}.{field.name}")
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(built, field.name, getattr(built, field.name))
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                delattr(built, field.name)
        assert not hasattr(built, "__dict__"), where  # slotted, as parse's are
    elif isinstance(parsed, tuple):
        assert len(built) == len(parsed), where
        for i, (b, p) in enumerate(zip(built, parsed, strict=True)):
            _assert_same(b, p, f"{where}[{i}]")
    elif isinstance(parsed, enum.Enum):
        assert built is parsed, where
    else:
        assert built == parsed, where
        assert hash(built) == hash(parsed), where


@pytest.mark.parametrize("constraints", [True, False], ids=["constraints", "no-constraints"])
@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_rebuilt_records_are_the_ones_parse_gives(path: Path, strict: bool, constraints: bool) -> None:
    text = read_page(path)
    try:
        parsed = parse(text, strict=strict, constraints=constraints)
    except ListingError:
        assert strict
        return
    listing, doc, raws = _parse(text, strict, constraints)
    packet = loads(dumps([_pack_parsed(text, listing, doc, raws)]))[0]  # the bytes a helper sends
    built = unpack(packet, text)
    _assert_same(built, parsed)
    assert built.to_json() == parsed.to_json()
    assert pickle.loads(pickle.dumps(built)) == parsed  # attrs' own pickling still works on them


def test_records_are_built_without_init_only_while_init_just_assigns() -> None:
    # unpack stores fields into the slots directly: right only while __init__ does nothing else
    # (a converter or a post-init hook would be skipped) and while the one validator is on a
    # value the helper's own Listing(...) already checked
    for cls in (getattr(model, n) for n in model.__all__):
        if not attrs.has(cls):
            continue
        assert "__slots__" in cls.__dict__, cls
        assert not hasattr(cls, "__attrs_pre_init__"), cls
        assert not hasattr(cls, "__attrs_post_init__"), cls
        assert cls.__setattr__ is not object.__setattr__, cls  # frozen
        for field in attrs.fields(cls):
            assert field.converter is None, (cls, field.name)
            checked = field.validator is not None
            assert checked == ((cls, field.name) == (model.Listing, "trial_id")), (cls, field.name)
