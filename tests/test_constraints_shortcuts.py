"""The extractor's shortcuts give what the long way gives: each is checked against the general path."""

from __future__ import annotations

from pathlib import Path

import pytest

from trialparse.constraints import grammar, lexer

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _page_lines() -> list[str]:
    lines = []
    for page in sorted(PAGES.glob("*.txt")):
        lines.extend(line for line in page.read_bytes().decode("utf-8").split("\n") if any(c.isdigit() for c in line))
    return lines


def test_clauses_with_values_are_the_clauses_with_a_number_and_their_value_starts() -> None:
    lines = _page_lines()
    assert len(lines) > 1_000
    for line in [*lines, "Age > 18. ECOG 0-1; BMI < 30", "No consent; between 3 and 5. . ;", "from 3"]:
        tokens = lexer.tokenize(line, 0, len(line))
        clauses = grammar.split_clauses(tokens)
        expected = [(c, grammar._value_starts(c)) for c in clauses if grammar._value_starts(c)]
        assert grammar.clauses_with_values(tokens) == expected, line


@pytest.mark.parametrize("after", ["", " zzz", ", zzz"])
def test_a_word_read_on_the_fast_path_reads_as_the_general_path_reads_it(after: str) -> None:
    """Every word of the one-word table, alone before a word that continues no phrase."""
    table = lexer._one_word_readings()
    assert {"within", "in", "during", "of"} <= set(table)  # window cues and phrase starts
    for word in table:
        # a key with letters then digits is one word only as written with a capital ("FEV1", "CA125")
        text = (word.upper() if any(c.isdigit() for c in word) else word) + after
        tokens, points = lexer._raw_tokens(text, 0, len(text))
        assert points[:1] == [0], word
        merged, _ = lexer._merge(text, tokens, points)
        general, span = lexer._merge_at(text, tokens, 0, [])
        assert span == 1, word
        assert merged[0] == general, word
        assert merged[0].roles == general.roles, word
