"""parse() fills Criterion.constraints with spans into the page; constraints=False skips it."""

from __future__ import annotations

from tests.conftest import FIXTURES, read_page
from trialparse import ConstraintKind, Listing, parse, parse_criteria

REFERENCE = read_page(FIXTURES / "NCT06115902.txt")


def test_constraints_are_on_by_default_and_off_on_request() -> None:
    assert parse(REFERENCE) == parse(REFERENCE, constraints=True)
    assert any(c.constraints for _, _, c in parse(REFERENCE).criteria.walk())
    assert all(c.constraints == () for _, _, c in parse(REFERENCE, constraints=False).criteria.walk())
    without, _ = parse_criteria("Inclusion Criteria:\n* Age >= 18 years\n", constraints=False)
    assert without.inclusion[0].constraints == ()


def test_constraints_on_the_reference_page_point_at_their_text() -> None:
    listing = parse(REFERENCE, constraints=True)
    found = [(c, k) for _, _, c in listing.criteria.walk() for k in c.constraints]
    assert found, "the reference page states ages, ECOG and time windows"
    kinds = {k.kind for _, k in found}
    assert {ConstraintKind.AGE, ConstraintKind.ECOG} <= kinds
    for criterion, k in found:
        pieces = (criterion.span, *criterion.more_spans)
        assert any(sp.start <= k.span.start < k.span.end <= sp.end for sp in pieces)
    ecog = next(k for _, k in found if k.kind is ConstraintKind.ECOG)
    assert (ecog.low, ecog.high) == (0, 1)
    assert "0-1" in REFERENCE[ecog.span.start : ecog.span.end]


def test_constraints_survive_the_dict_round_trip() -> None:
    listing = parse(REFERENCE, constraints=True)
    assert Listing.from_dict(listing.to_dict()) == listing


def test_parse_criteria_reads_a_lab_constraint_with_its_unit() -> None:
    criteria, _ = parse_criteria("Inclusion Criteria:\n* ANC \\>= 1.5 x 10^9/L\n", constraints=True)
    [item] = criteria.inclusion
    [lab] = item.constraints
    assert lab.kind is ConstraintKind.LAB
    assert lab.low == 1.5
    assert lab.low_inclusive
    assert lab.high is None
