"""Guarantee 5: deterministic. Same text, same result, in any process and under any
PYTHONHASHSEED; ``parse_many(workers=2)`` gives exactly what ``parse`` gives, in order."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given

from tests._reliability import REAL_PAGE_PATHS, real_pages, sample_criteria, scaled
from tests.conftest import ROOT
from tests.test_reliability_contract import mutated_pages
from trialparse import Listing, parse, parse_criteria, parse_many

PAGES = real_pages()


def corpus(seed: int = 4, extra: int = 200) -> list[str]:
    """Real pages, the sample criteria as pages, and seeded junk built from page pieces."""
    rnd = random.Random(seed)
    texts = [p for _, p in PAGES]
    texts += [f"Title\n\nEligibility criteria\n\n{r['text']}\n" for r in sample_criteria()]
    pieces = [
        *"*-•1.)(: \n\r\t\u2028\ufeff\u00a0\ud800１２：",
        "Inclusion Criteria:",
        "Quick facts",
        "Enrollment",
        "PHASE2",
        "NCT01234567",
    ]
    for _ in range(extra):
        if rnd.random() < 0.5:
            page = rnd.choice(texts)
            cut = rnd.randrange(len(page))
            texts.append(page[:cut] + rnd.choice(pieces) + page[cut + rnd.randrange(50) :])
        else:
            texts.append("".join(rnd.choice(pieces) for _ in range(rnd.randrange(60))))
    return texts


# --- in one process ------------------------------------------------------------------------


@given(mutated_pages())
@scaled(0.5)
def test_same_text_gives_the_same_result(page: str) -> None:
    """Parsing a text twice gives equal Listings and byte-identical JSON."""
    a, b = parse(page), parse(page)
    assert a == b
    assert a.to_json() == b.to_json()


def test_parse_many_in_process_gives_what_parse_gives_in_order() -> None:
    texts = corpus()
    assert list(parse_many(iter(texts))) == [parse(t) for t in texts]


def test_parse_many_with_two_workers_gives_what_parse_gives_in_order() -> None:
    # more pages than 4 x workers chunks of 16, so results are also taken while chunks are in flight
    texts = corpus(extra=400) * 2
    assert len(texts) > 8 * 2 * 16
    expected = [parse(t) for t in texts]
    got = list(parse_many(iter(texts), workers=2))
    assert len(got) == len(expected)
    assert [g.to_json() for g in got] == [e.to_json() for e in expected]
    assert got == expected


def test_parse_many_with_two_workers_handles_short_and_empty_inputs() -> None:
    assert list(parse_many([], workers=2)) == []
    assert list(parse_many(["x"], workers=2)) == [parse("x")]
    assert list(parse_many(["", "\n", "\ufeff"], workers=2)) == [parse(""), parse("\n"), parse("\ufeff")]


# --- across processes and hash seeds ---------------------------------------------------------------

SCRIPT = textwrap.dedent(
    """
    import json, sys
    import trialparse
    texts = json.loads(open(sys.argv[1], encoding="utf-8").read())
    out = sys.stdout.buffer
    for listing in trialparse.parse_many(texts, workers=int(sys.argv[2]) or None):
        out.write(listing.to_json().encode("ascii") + b"\\n")
    for text in texts[-50:]:
        criteria, issues = trialparse.parse_criteria(text)
        out.write(trialparse.Listing(criteria=criteria, issues=issues).to_json().encode("ascii") + b"\\n")
    """
)


def _run(args: list[str], seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(args, capture_output=True, env=env, cwd=ROOT, timeout=300, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout


def test_json_output_is_byte_identical_under_different_hash_seeds(tmp_path: Path) -> None:
    texts = corpus()
    data = tmp_path / "corpus.json"
    data.write_text(json.dumps(texts), encoding="utf-8")  # json escapes lone surrogates
    first = _run([sys.executable, "-c", SCRIPT, str(data), "0"], "0")
    second = _run([sys.executable, "-c", SCRIPT, str(data), "2"], "12345")
    assert first.count(b"\n") == len(texts) + 50
    assert first == second
    # and the same as in this process
    here = b"".join(parse(t).to_json().encode("ascii") + b"\n" for t in texts)
    assert first.startswith(here)
    tail = [Listing(criteria=c, issues=i) for c, i in map(parse_criteria, texts[-50:])]
    assert first.endswith(b"".join(x.to_json().encode("ascii") + b"\n" for x in tail))


def test_command_line_output_is_byte_identical_under_different_hash_seeds() -> None:
    files = [str(p) for p in REAL_PAGE_PATHS]
    command = [sys.executable, "-m", "trialparse", *files]
    first = _run(command, "1")
    second = _run(command, "987654321")
    assert first.count(b"\n") == len(files)
    assert first == second
