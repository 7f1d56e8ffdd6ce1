"""Score a constraint extractor against the Leaf Clinical Trials annotations (fixtures/constraints/lct-dev.json).

A prediction matches a gold constraint of the same kind whose span it overlaps when both bounds
agree within ``TOLERANCE`` (relative: 1 month is 30 or 30.4375 days, 1 year 365 or 365.25
among annotators). Whether the inclusive flags agree too is counted apart (``flags``): the
annotations' flags are not always the text's ("≥ 12 to < 18 years" recorded with both ends
inclusive). Predictions inside an
``unsure`` span are not scored; a prediction of a gold kind inside an ``other`` span, or
matching nothing, is a false positive. Kinds the annotations do not cover are not scored.
One comparison read for several subjects ("AST and ALT ≤ 2.5 × ULN": two LAB constraints with
the same bounds over the same value) counts once, as the annotations record it once.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

LCT_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "constraints" / "lct-dev.json"
GOLD_KINDS = ("AGE", "BMI", "ECOG", "KARNOFSKY", "LAB", "LIFE_EXPECTANCY", "TIME_WINDOW")
TOLERANCE = 0.02
HELD_OUT_EVERY = 5  # documents 4, 9, 14, ... are held out: not read while writing rules


class Predicted(Protocol):
    @property
    def kind(self) -> Any: ...  # a ConstraintKind
    @property
    def low(self) -> float | None: ...
    @property
    def high(self) -> float | None: ...
    @property
    def low_inclusive(self) -> bool: ...
    @property
    def high_inclusive(self) -> bool: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


Extract = Callable[[str, int, int], Sequence[Predicted]]


def load_docs() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = json.loads(LCT_PATH.read_bytes().decode("utf-8"))["docs"]
    return docs


def split_docs(docs: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(tuned, held out): every fifth document is held out."""
    tuned = [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1]
    held = [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]
    return tuned, held


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=1e-9)


def _agrees(p: Predicted, g: dict[str, Any]) -> bool:
    return _close(p.low, g["low"]) and _close(p.high, g["high"])


def _flags_agree(p: Predicted, g: dict[str, Any]) -> bool:
    low_ok = p.low is None or p.low_inclusive == g["low_inclusive"]
    high_ok = p.high is None or p.high_inclusive == g["high_inclusive"]
    return low_ok and high_ok


def _inside(a: int, b: int, spans: Iterable[Sequence[Any]]) -> bool:
    return any(a < s[1] and s[0] < b for s in spans)


def extract_criterion(extract: Extract, text: str, start: int, end: int) -> list[Predicted]:
    """Call the extractor as the criteria reader does: once per line of the criterion."""
    out: list[Predicted] = []
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        out.extend(extract(text, pos, stop))
        pos = stop + 1
    return out


def _one_per_comparison(predicted: list[Predicted]) -> list[Predicted]:
    out: list[Predicted] = []
    for p in predicted:
        same = (q.kind == p.kind and q.low == p.low and q.high == p.high and q.start < p.end and p.start < q.end for q in out)
        if not any(same):
            out.append(p)
    return out


class Score:
    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()
        self.flags: Counter[str] = Counter()  # matches whose inclusive flags agree too
        self.misses: list[str] = []
        self.extras: list[str] = []

    def precision(self, kind: str | None = None) -> float:
        t, f = self._counts(kind)[:2]
        return t / (t + f) if t + f else 1.0

    def recall(self, kind: str | None = None) -> float:
        t, _, n = self._counts(kind)
        return t / (t + n) if t + n else 1.0

    def _counts(self, kind: str | None) -> tuple[int, int, int]:
        if kind is None:
            return sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        return self.tp[kind], self.fp[kind], self.fn[kind]

    def table(self, title: str) -> str:
        rows = [f"{title}\nkind               TP   FP   FN  precision  recall  flags"]
        for kind in [*GOLD_KINDS, None]:
            t, f, n = self._counts(kind)
            flags = self.flags[kind] if kind else sum(self.flags.values())
            rows.append(
                f"{kind or 'all':<17} {t:>4} {f:>4} {n:>4}  {self.precision(kind):9.3f}  {self.recall(kind):6.3f}  {flags:>4}/{t}"
            )
        return "\n".join(rows)


def _score_criterion(score: Score, extract: Extract, text: str, crit: dict[str, Any]) -> None:
    predicted = [p for p in extract_criterion(extract, text, crit["start"], crit["end"]) if p.kind.value in GOLD_KINDS]
    predicted = [p for p in predicted if not _inside(p.start, p.end, crit["unsure"])]
    predicted = _one_per_comparison(predicted)
    line = text[crit["start"] : crit["end"]].replace("\n", " ")
    for g in crit["gold"]:
        a, b = g["span"]
        hit = next((p for p in predicted if p.kind.value == g["kind"] and p.start < b and a < p.end and _agrees(p, g)), None)
        if hit is None:
            score.fn[g["kind"]] += 1
            score.misses.append(f"MISS {g['kind']} {g['low']}..{g['high']} {text[a:b]!r} in {line!r}")
        else:
            predicted.remove(hit)
            score.tp[g["kind"]] += 1
            if _flags_agree(hit, g):
                score.flags[g["kind"]] += 1
            else:
                score.misses.append(f"FLAGS {g['kind']} {text[a:b]!r}: gold {g['low_inclusive']}/{g['high_inclusive']}")
    for p in predicted:
        score.fp[p.kind.value] += 1
        score.extras.append(f"EXTRA {p.kind.value} {p.low}..{p.high} {text[p.start : p.end]!r} in {line!r}")


def score_docs(extract: Extract, docs: Iterable[dict[str, Any]]) -> Score:
    score = Score()
    for doc in docs:
        for crit in doc["criteria"]:
            _score_criterion(score, extract, doc["text"], crit)
    return score


def wrong_ages(extract: Extract, docs: Iterable[dict[str, Any]]) -> list[str]:
    """AGE predictions on ages that are not the participant's (gestational, at onset or diagnosis, a parent's)."""
    words = ("gestation", "onset", "diagnos", "mother", "father", "parent", "maternal", "paternal")
    out = []
    for doc in docs:
        text = doc["text"]
        for crit in doc["criteria"]:
            for p in extract_criterion(extract, text, crit["start"], crit["end"]):
                if p.kind.value != "AGE" or any(p.start < g["span"][1] and g["span"][0] < p.end for g in crit["gold"]):
                    continue
                before = text[max(crit["start"], p.start - 40) : p.end].lower()
                if any(w in before for w in words):
                    out.append(f"{text[p.start : p.end]!r} in {text[crit['start'] : crit['end']]!r}")
    return out
