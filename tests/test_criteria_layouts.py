"""Criteria layouts beyond the outlines: the guesses reported as criteria.ambiguous_structure,
and the constraint reader passed into the criteria reader."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT
from trialparse import Criterion, Span, parse_criteria
from trialparse.criteria import read_criteria
from trialparse.model import Constraint, ConstraintKind
from trialparse.text import Text

AMBIGUOUS = "criteria.ambiguous_structure"


def _guessed(text: str) -> list[str]:
    """The texts of the items reported as ambiguous (from their spans)."""
    _, issues = parse_criteria(text, constraints=False)
    return [text[i.span.start : i.span.end] for i in issues if i.code == AMBIGUOUS and i.span is not None]


@pytest.mark.parametrize(
    ("text", "item"),
    [
        # flattened lead-in whose members do not end with ";": all of them, or only the first?
        ("* Adults * History of any of the following: * stroke * infarction * Normal kidney function", "* History of"),
        # flattened lead-in phrase without its colon: kept flat, but its members may be children
        ("* Adults * History of any of the following * stroke * infarction", "* History of"),
        # a short "Topic:" bullet with same-level bullets after it: a heading, or one more criterion
        ("Inclusion Criteria:\n\n* Healthy volunteers:\n* Age 18 to 65\n* Non-smoker\n", "* Healthy volunteers:"),
        # a numbered sub-list restarting inside item 2 with no ";" between members: 3 may be its member
        ("1. Adults 2. Organ function as follows: 1. platelets >100 2. bilirubin <1.5 3. Consent", "2. Organ function"),
    ],
)
def test_a_guess_between_two_readings_is_reported_on_the_item(text: str, item: str) -> None:
    guessed = _guessed(text)
    assert len(guessed) == 1
    assert guessed[0].startswith(item)


@pytest.mark.parametrize(
    "text",
    [
        "* Adults * History of any of the following: * stroke; * infarction; * heart failure * Normal kidney function",
        "1. Adults 2. Organ function as follows: 1. platelets >100; 2. bilirubin <1.5 3. Consent 4. Not pregnant",
        "Inclusion Criteria:\n\n1. Adult\n2. Meets the cohort rule below:\n\n   Cohort X: prior surgery.\n3. Consent\n",
        "Inclusion Criteria:\n\n* Prior therapy:\n  * Chemotherapy within 4 weeks\n* Pregnancy\n",
        "Inclusion Criteria:\n\n* Signed consent\n* Age 18 to 70 years\n\nExclusion Criteria:\n\n* Pregnancy\n",
    ],
)
def test_clear_layouts_are_not_reported(text: str) -> None:
    assert _guessed(text) == []


def test_the_flattened_members_follow_the_separators() -> None:
    criteria, _ = parse_criteria("* Adults * History of: * stroke; * infarction * Normal kidney function")
    shape = [(c.text, [k.text for k in c.children]) for c in criteria.inclusion]
    assert shape == [("Adults", []), ("History of", ["stroke;", "infarction"]), ("Normal kidney function", [])]


def test_the_criteria_reader_does_not_import_the_constraint_extractor() -> None:
    for name in ("criteria.py", "_criteria_lines.py", "_criteria_flat.py", "_criteria_tree.py"):
        tree = ast.parse((ROOT / "src" / "trialparse" / name).read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "trialparse.constraints" not in imported, name


def test_read_criteria_uses_the_constraint_reader_it_is_given() -> None:
    seen: list[str] = []

    def reader(value: str, start: int, end: int, span: object) -> tuple[Constraint, ...]:
        seen.append(value[start:end])
        assert callable(span)
        return (Constraint(ConstraintKind.AGE, span(start, end), "age", 18.0, True, None, None, "years"),)

    doc = Text("Inclusion Criteria:\n* Adults\n")
    criteria, _ = read_criteria(doc, 0, len(doc.value), constraints=reader)
    item: Criterion = criteria.inclusion[0]
    assert seen == ["Adults"]
    assert item.constraints[0].span == Span(22, 28)
    without, _ = read_criteria(doc, 0, len(doc.value))
    assert without.inclusion[0].constraints == ()
