"""The records a page builds often get a faster ``__init__`` (model._use_slot_inits): it must
take exactly the arguments attrs' would, store the same values, and leave the record frozen."""

from __future__ import annotations

import inspect
import pickle
from typing import Any

import attrs
import pytest

from trialparse import model
from trialparse.model import Constraint, ConstraintKind, Criterion, Issue, Severity, Span

OFTEN = [getattr(model, name) for name in model._BUILT_OFTEN]


def _expected_parameters(cls: type) -> list[tuple[str, Any]]:
    return [(a.name, inspect.Parameter.empty if a.default is attrs.NOTHING else a.default) for a in attrs.fields(cls)]


def _sample(cls: type) -> dict[str, object]:
    """A distinct value for every field (types do not matter to the constructor)."""
    return {a.name: f"{cls.__name__}.{a.name}" for a in attrs.fields(cls)}


def test_the_records_built_often_use_the_slot_init() -> None:
    for cls in OFTEN:
        assert cls.__init__.__qualname__ == f"{cls.__name__}.__init__"
        assert cls.__init__.__code__.co_filename == "<string>", cls  # not attrs' generated one
    assert model.Listing.__init__.__code__.co_filename != "<string>"  # validated: attrs' own


@pytest.mark.parametrize("cls", OFTEN, ids=lambda c: c.__name__)
def test_signature_is_the_fields_in_order_with_their_defaults(cls: type) -> None:
    params = list(inspect.signature(cls).parameters.values())
    assert [(p.name, p.default) for p in params] == _expected_parameters(cls)
    assert all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in params)


@pytest.mark.parametrize("cls", OFTEN, ids=lambda c: c.__name__)
def test_positional_and_keyword_arguments_store_the_same_values(cls: type) -> None:
    values = _sample(cls)
    by_position = cls(*values.values())
    by_keyword = cls(**values)
    assert attrs.asdict(by_position, recurse=False) == values
    assert by_position == by_keyword
    assert hash(by_position) == hash(by_keyword)


@pytest.mark.parametrize("cls", OFTEN, ids=lambda c: c.__name__)
def test_defaults_fill_the_fields_left_out(cls: type) -> None:
    required = {a.name: f"x{i}" for i, a in enumerate(attrs.fields(cls)) if a.default is attrs.NOTHING}
    record = cls(**required)
    for a in attrs.fields(cls):
        assert getattr(record, a.name) == required.get(a.name, a.default)


@pytest.mark.parametrize("cls", OFTEN, ids=lambda c: c.__name__)
def test_records_stay_frozen(cls: type) -> None:
    record = cls(**_sample(cls))
    for a in attrs.fields(cls):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(record, a.name, "changed")
    with pytest.raises((AttributeError, TypeError)):
        record.extra = 1


@pytest.mark.parametrize("cls", OFTEN, ids=lambda c: c.__name__)
def test_wrong_arguments_raise_type_error_like_attrs(cls: type) -> None:
    fields = attrs.fields(cls)
    with pytest.raises(TypeError):
        cls(*range(len(fields) + 1))
    with pytest.raises(TypeError):
        cls(**_sample(cls), not_a_field=1)
    if fields[0].default is attrs.NOTHING:
        with pytest.raises(TypeError):
            cls()


def test_real_records_compare_hash_pickle_and_evolve() -> None:
    span = Span(3, 9)
    constraint = Constraint(ConstraintKind.AGE, span, None, 18.0, True, None, False, "years")
    criterion = Criterion("Age >= 18", Span(0, 9), "1", (), (constraint,))
    assert criterion == Criterion("Age >= 18", Span(0, 9), "1", constraints=(constraint,))
    assert pickle.loads(pickle.dumps(criterion)) == criterion
    assert attrs.evolve(span, end=10) == Span(3, 10)
    issue = Issue("x.y", "message", Severity.WARNING)
    assert (issue.span, issue.related_spans) == (None, ())
    assert repr(span) == "Span(start=3, end=9)"
