"""The arrows of the design: stages import ``text``, ``model`` and shared tables, never each other.

Read from the sources (every ``import`` and ``from … import``, also inside functions), so a
lazy import cannot hide an arrow.
"""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "trialparse"
# What any stage may import: the records, the normalised text, and data or helpers shared by
# more than one stage.
SHARED = {"model", "text", "vocabulary", "sites", "_countries"}
STAGES = {
    "model": set(),
    "text": {"model"},
    "sections": SHARED,
    "facts": SHARED,
    # criteria reading in parts (line model and markers, side headers, flattened text, tree
    # building with its unmarked-line rules, nodes)
    # (the constraint reader is passed in by the pipeline: criteria never imports constraints)
    "criteria": SHARED
    | {
        "_criteria_lines",
        "_criteria_events",
        "_criteria_headers",
        "_criteria_flat",
        "_criteria_flat_marks",
        "_criteria_tree",
        "_criteria_nodes",
        "_criteria_plain",
        "_criteria_runin",
        "_criteria_state",
        "_criteria_pieces",
        "_criteria_leadins",
        "_criteria_breaks",
    },
    "_criteria_lines": SHARED,
    "_criteria_breaks": SHARED | {"_criteria_lines"},  # which breaks between unmarked lines are deliberate
    "_criteria_events": SHARED | {"_criteria_lines"},  # passes re-reading the line events in context
    # the text on a header's line when a list was run into it (a first bullet read as the flat scan reads it)
    "_criteria_runin": SHARED | {"_criteria_lines", "_criteria_flat_marks"},
    "_criteria_headers": SHARED | {"_criteria_lines", "_criteria_runin"},  # side headers, whole-line and run in
    # flattened lines: the scan (_criteria_flat) asks the rules (_cuts) about the candidates (_marks)
    "_criteria_flat": SHARED | {"_criteria_lines", "_criteria_flat_cuts", "_criteria_flat_marks"},
    "_criteria_flat_cuts": SHARED | {"_criteria_lines", "_criteria_flat_marks"},
    "_criteria_flat_marks": SHARED | {"_criteria_lines"},
    "_criteria_nodes": SHARED | {"_criteria_lines"},
    # the tree, one subclass on another: state < pieces (what goes on with an item above) <
    # lineblocks (a lead-in's unmarked members; text written a line per criterion) < plain (unmarked lines) < leadins (a
    # lead-in's members) < tree (headers and marked items)
    "_criteria_state": SHARED | {"_criteria_lines", "_criteria_nodes"},
    "_criteria_pieces": SHARED | {"_criteria_lines", "_criteria_nodes", "_criteria_state"},
    # the cues ending a lead-in's members, shared by its two readers (lineblocks, leadins), and a
    # topic's words, which the tree's topic headings read too
    "_criteria_members": SHARED | {"_criteria_nodes"},
    "_criteria_lineblocks": SHARED | {"_criteria_lines", "_criteria_nodes", "_criteria_pieces", "_criteria_members"},
    "_criteria_plain": SHARED
    | {"_criteria_lines", "_criteria_nodes", "_criteria_state", "_criteria_pieces", "_criteria_lineblocks"},
    "_criteria_leadins": SHARED
    | {"_criteria_lines", "_criteria_nodes", "_criteria_state", "_criteria_plain", "_criteria_members"},
    "_criteria_tree": SHARED
    | {"_criteria_lines", "_criteria_nodes", "_criteria_pieces", "_criteria_leadins", "_criteria_members"},
    "locations": SHARED,
    "dates": SHARED,
    "prose": SHARED,
    "render": SHARED,
    "crosschecks": SHARED | {"facts"},  # reads the title's phase with the facts' own reader
    "sites": SHARED - {"sites"},
    "review": SHARED | {"_review_html"},  # the page writer: escaping and nested marks
    "_review_html": set(),
    "vocabulary": set(),
    # what walks the model derives from attrs.fields: the records only, no stage
    "tables": {"model"},
    "schema": {"model"},
    "_transport": {"model"},
}


def package_imports(module: str) -> set[str]:
    """The package modules ``module`` imports, by their name inside the package."""
    path = PACKAGE / f"{module}.py"
    if not path.exists():
        path = PACKAGE / module / "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            if node.module == "trialparse":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("trialparse."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("trialparse."))
    return found


@pytest.mark.parametrize(("module", "allowed"), STAGES.items())
def test_a_stage_imports_only_shared_modules(module: str, allowed: set[str]) -> None:
    assert package_imports(module) - allowed == set()


@pytest.mark.parametrize("module", sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in {"cli", "__main__"}), ids=str)
def test_the_library_never_imports_the_cli(module: str) -> None:
    assert "cli" not in package_imports(module)


def test_the_pipeline_does_not_read_text_itself() -> None:
    # it orders the stages: no pattern of its own
    source = (PACKAGE / "pipeline.py").read_text(encoding="utf-8")
    assert "re.compile" not in source
    assert "import re\n" not in source
