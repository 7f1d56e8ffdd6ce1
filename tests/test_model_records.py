"""The records' constructors are attrs' own: the fields in order with their defaults, the same
values stored by position and by keyword, and the record frozen afterwards."""

from __future__ import annotations

import ast
import inspect
import pickle
from pathlib import Path
from typing import Any

import attrs
import pytest

from trialparse import model
from trialparse.model import Constraint, ConstraintKind, Criterion, Issue, Severity, Span

RECORDS = [getattr(model, name) for name in model.__all__ if attrs.has(getattr(model, name)) and name != "Listing"]


def _expected_parameters(cls: type) -> list[tuple[str, Any]]:
    return [(a.name, inspect.Parameter.empty if a.default is attrs.NOTHING else a.default) for a in attrs.fields(cls)]


def _sample(cls: type) -> dict[str, object]:
    """A distinct value for every field (types do not matter to the constructor)."""
    return {a.name: f"{cls.__name__}.{a.name}" for a in attrs.fields(cls)}


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_signature_is_the_fields_in_order_with_their_defaults(cls: type) -> None:
    params = list(inspect.signature(cls).parameters.values())
    assert [(p.name, p.default) for p in params] == _expected_parameters(cls)
    assert all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in params)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_positional_and_keyword_arguments_store_the_same_values(cls: type) -> None:
    values = _sample(cls)
    by_position = cls(*values.values())
    by_keyword = cls(**values)
    assert attrs.asdict(by_position, recurse=False) == values
    assert by_position == by_keyword
    assert hash(by_position) == hash(by_keyword)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_defaults_fill_the_fields_left_out(cls: type) -> None:
    required = {a.name: f"x{i}" for i, a in enumerate(attrs.fields(cls)) if a.default is attrs.NOTHING}
    record = cls(**required)
    for a in attrs.fields(cls):
        assert getattr(record, a.name) == required.get(a.name, a.default)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_records_stay_frozen(cls: type) -> None:
    record = cls(**_sample(cls))
    for a in attrs.fields(cls):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(record, a.name, "changed")
    with pytest.raises((AttributeError, TypeError)):
        record.extra = 1


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
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


def test_model_imports_nothing_from_the_package() -> None:
    """model is the leaf of the import graph: not even a deferred import inside a method."""
    tree = ast.parse(Path(model.__file__).read_text(encoding="utf-8"))
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [alias.name for n in ast.walk(tree) if isinstance(n, ast.Import) for alias in n.names]
    assert [name for name in imported if name.split(".")[0] == "trialparse"] == []
