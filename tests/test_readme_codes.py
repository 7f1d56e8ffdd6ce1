"""Every issue code the parser can emit is documented in README's table, and nothing else is."""

from __future__ import annotations

import re

from tests.conftest import ROOT

CODE_RE = re.compile(r'"((?:facts|listing|sections|criteria|contacts|dates)\.[a-z_]+)"')


def test_readme_lists_exactly_the_issue_codes_in_the_source() -> None:
    in_source = set()
    for path in (ROOT / "src" / "trialparse").glob("*.py"):
        if path.name in {"tables.py", "review.py"}:  # tables: dotted field paths ("facts.sex"); review: codes it draws louder
            continue
        in_source |= set(CODE_RE.findall(path.read_text(encoding="utf-8")))
    table = re.findall(r"^\| `([a-z]+\.[a-z_]+)` \|", (ROOT / "README.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert sorted(in_source) == sorted(table)
