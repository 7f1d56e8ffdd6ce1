"""What ``parse_many``'s workers send back is the listing ``parse`` gives.

Every fixture page's listing, packed (``_transport``), pickled and loaded as the pool does,
then unpacked, is compared node by node with what ``parse`` gives in process: same type,
equal, same hash and repr, still frozen and slotted; enums come back as the same members.
"""

from __future__ import annotations

import enum
import pickle
from pathlib import Path
from typing import Any

import attrs
import pytest

from tests.conftest import FIXTURES, read_page
from trialparse import ListingError, parse
from trialparse._transport import pack, unpack

PAGES = sorted((FIXTURES / "pages").glob("*.txt"))


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
        assert not hasattr(built, "__dict__"), where  # slotted, as parse's are
    elif isinstance(parsed, tuple):
        assert len(built) == len(parsed), where
        for i, (b, p) in enumerate(zip(built, parsed, strict=True)):
            _assert_same(b, p, f"{where}[{i}]")
    elif isinstance(parsed, enum.Enum):
        assert built is parsed, where
    else:
        assert built == parsed, where


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_sent_listing_is_the_one_parse_gives(path: Path) -> None:
    parsed = parse(read_page(path))
    built = unpack(pickle.loads(pickle.dumps([pack(parsed)], protocol=pickle.HIGHEST_PROTOCOL))[0])
    _assert_same(built, parsed)
    assert built.to_json() == parsed.to_json()
    assert pickle.loads(pickle.dumps(parsed)) == parsed  # attrs' own pickling works too


@pytest.mark.parametrize("text", ["", "x", "Quick facts\r\n\r\nPhase\u00a0PHASE1", "Eligibility\n\n" + "* a\n  * b\n" * 50])
def test_edge_pages_are_sent_whole(text: str) -> None:
    parsed = parse(text)
    _assert_same(unpack(pickle.loads(pickle.dumps(pack(parsed)))), parsed)


def test_a_packed_listing_holds_plain_values_only() -> None:
    """No record object is pickled: records travel as tuples of their field values."""
    packed = pack(parse(read_page(PAGES[0]), constraints=True))

    def records_in(value: Any) -> int:
        if attrs.has(type(value)):
            return 1
        if isinstance(value, tuple):
            return sum(records_in(v) for v in value)
        return 0

    assert records_in(packed) == 0


def test_a_strict_error_crosses_processes_with_its_issues() -> None:
    with pytest.raises(ListingError) as caught:
        parse("Quick facts\n\nPhasebanana\n", strict=True)
    back = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(back, ListingError)
    assert back.issues == caught.value.issues
    assert str(back) == str(caught.value)
