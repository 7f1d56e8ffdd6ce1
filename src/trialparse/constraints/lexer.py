"""One pass over a criterion line: typed tokens with spans into the caller's string.

Token kinds:

- ``num``: a number (``18``, ``1.5``, ``100,000``, ``1 500`` before a unit, ``１８``, number
  words up to the tens and their compounds ``seventy-two``, ``three (3)`` as one number);
- ``unit``: what stands right after a number (``years``, ``mg / dL``, ``x 10^9/L``,
  ``times the upper limit of normal``, ``kg/m2``, ``%``, ``ms``); ``value`` is a ``Unit``;
- ``cmp``: a comparator in signs (``>=``, ``\\>=``, ``&ge;``, ``> or =``) or words
  (``not older than``), ``value`` its side (``ge gt le lt eq``);
- ``suf``: a comparator after the value (``or older``, ``+``);
- ``word``: a word or a phrase of the vocabulary; ``roles`` says what the vocabulary knows
  of it (an anchor of a kind, a window cue, a duration subject, …), ``key`` is its lower case;
- ``sym``: any other sign (``( ) , ; - /``), ``key`` the sign itself.

Markdown escapes (``\\>``) are read as the sign they escape and HTML entities (``&ge;``) as
the character they name, so every span indexes the page as written; nothing is normalised in
a copy. Words are compared in ASCII lower case only: "İn", "yearſ" or a Kelvin sign are no
vocabulary words. Every pattern is linear: no nested quantifiers, and units are matched only
where a number ends. A token's pattern never scans further than its own token, once: the
letters before a word's digits are taken whole (no backtracking into them), and digit groups
are at most four ("1,000,000,000,000"), so a long run of groups is not rescanned from each.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Mapping
from typing import Final, NamedTuple

from trialparse.constraints import vocabulary as v
from trialparse.text import ascii_forms

__all__ = ["Token", "Unit", "tokenize"]


class Unit(NamedTuple):
    """A unit as read: its family (``time``, ``lab``, ``bmi``, ``percent``, ``measure``,
    ``score``), canonical spelling, and for times the days in one."""

    family: str
    canonical: str
    days: float = 0.0


class Token(NamedTuple):
    kind: str
    start: int
    end: int
    key: str
    value: float | str | Unit | None = None
    roles: Mapping[str, object] = {}


_NO_ROLES: Final[Mapping[str, object]] = {}
_new: Final = tuple.__new__  # a token without the named tuple's Python-level constructor (most tokens are words)

_ESCAPE: Final = r"\\(?=[!-/:-@\[-`{-~])"  # a markdown escape ("\>"): skipped
_TOKENS: Final = r"""
    (?P<num>[0-9]{1,3}(?:\ [0-9]{3}){1,4}+(?=\ ?/)       # 1 500/µL
      | [0-9]{1,3}(?:,[0-9]{3}){1,4}+(?![0-9])(?:\.[0-9]+)?  # 100,000
      | [0-9０-９]++(?:\.[0-9０-９]+)?)                   # 18, 1.5, １８
    | (?P<word>(?=[a-z]*+[A-Z])[A-Za-z]++[0-9]++[A-Za-z]*(?![0-9])  # HbA1c, CD4, SpO2: a capital, then digits
      | (?i:hba1c|a1c)(?![0-9])
      | [^\W\d_]++)                                        # a word (any script)
    | (?P<sym>&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});  # an entity: the character it names
      | [^\s])                                             # any other sign
"""
_TOKEN_RE: Final = re.compile(r"(?P<esc>" + _ESCAPE + ")|" + _TOKENS, re.VERBOSE)
# the same tokens with what stands before each (spaces, escapes): ``findall`` gives every
# token's text (skipped, num, word, sym) without a match object per token
_SPACED_RE: Final = re.compile(r"((?:\s|" + _ESCAPE + ")*+)(?:" + _TOKENS + ")", re.VERBOSE)

# no letter or digit of any script after a unit: "yearſ" is no "year"
_END: Final = r"(?!(?u:[^\W_]))"
_SCI: Final = (
    r"(?:[x×*]|&times;|times)\ ?10\ ?(?:\^\ ?|e|\*\*?\ ?)?(?:(?P<exp>[0-9]{1,2}|⁹|¹²|³|⁶)|\((?P<pexp>[0-9]{1,2})\))"
    r"\ ?(?:cells\ ?)?(?:/|per\ )\ ?(?P<per>l|µl|μl|ul|mcl|mm3|mm\^3|mm³)" + _END
)
_ULN: Final = r"""
    (?:(?:[x×*]|&times;|times?|fold)\ ?(?:the\ )?(?:(?:institutional|institution's|local|site|laboratory)\ )?
       (?:uln|upper\ limits?\ (?:of\ )?(?:the\ )?(?:normal|reference)(?:\ range|\ limit|\ value)?|upper\ normal\ limit
         |upper\ reference\ limit
         |normal\ upper\ limit|normal\ range|normal\ values?|normal|the\ uln)
     | (?:the\ )?(?:institutional\ )?(?:uln|upper\ limits?\ of\ (?:the\ )?(?:normal|reference)(?:\ range)?
         |(?:normal\ upper|upper\ normal|upper\ reference)\ limit))
    (?!(?u:[^\W_]))(?:\ ?\((?:the\ )?(?:institutional\ )?uln\))?"""


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\ ?") for w in sorted(words, key=len, reverse=True))


@functools.cache
def _unit_re() -> re.Pattern[str]:
    time_words = _alternation(v.TIME_UNITS)
    return re.compile(
        rf"""\ ?(?:
          (?P<sci>{_SCI})
        | (?P<uln>{_ULN})
        | (?P<bmi>kg\ ?(?:/|∙|\.|\ )\ ?m(?:\ ?\^?\ ?2|²|-2)?{_END})
        | (?P<ratio>(?P<numer>{_alternation(v.LAB_NUMERATORS)})\ ?(?:/|per\ )\ ?(?P<den>{_alternation(v.LAB_DENOMINATORS)})
             (?P<bsa>\ ?(?:/|per\ )\ ?1[.,]73\ ?(?:m\ ?(?:\^?\ ?2|²)?)?)?{_END})
        | (?P<pervol>(?:/|per\ )\ ?(?P<vol>{_alternation(v.VOLUMES)}){_END})
        | (?P<single>{_alternation(v.LAB_SINGLE_UNITS)}){_END}
        | (?P<time>(?:-\ ?)?(?:{time_words})){_END}     # "18-year-old"
        | (?P<measure>{_alternation(k for k in v.MEASURE_UNITS if k != "%")}){_END}
        | (?P<pct>%)
        | (?P<score>/\ ?100?(?![0-9])|points?{_END}|pts{_END}|out\ of\ 100?(?![0-9]))
        )""",
        re.VERBOSE | re.IGNORECASE | re.ASCII,
    )


@functools.cache
def _squeezed(name: str) -> Mapping[str, str]:
    """A unit table of the vocabulary keyed without spaces: a unit pattern matches its words
    with or without one."""
    table: Mapping[str, str] = getattr(v, name)
    return {k.replace(" ", ""): c for k, c in table.items()}


def _unit_of(m: re.Match[str]) -> Unit:
    group = m.lastgroup
    text = m.group(group or 0)
    low = text.lower().replace(" ", "")
    if group == "sci":
        exp = m["pexp"] or {"⁹": "9", "¹²": "12", "³": "3", "⁶": "6"}.get(m["exp"], m["exp"])
        per = v.LAB_DENOMINATORS.get(m["per"].lower(), m["per"])
        return Unit("lab", f"x10^{exp}/{per}")
    if group == "uln":
        return Unit("lab", v.ULN)
    if group == "bmi":
        return Unit("bmi", "kg/m2")
    if group == "ratio":
        numer = v.LAB_NUMERATORS[m["numer"].lower().replace(" ", "")]
        den = _squeezed("LAB_DENOMINATORS")[m["den"].lower().replace(" ", "")]
        if numer == "cells":
            return Unit("lab", f"/{den}")
        return Unit("lab", f"{numer}/{den}/1.73m2" if m["bsa"] else f"{numer}/{den}")
    if group == "pervol":
        return Unit("lab", "/" + _squeezed("VOLUMES")[m["vol"].lower().replace(" ", "")])
    if group == "single":
        return Unit("lab", v.LAB_SINGLE_UNITS[low])
    if group == "time":
        low = low.lstrip("-")
        return Unit("time", low, v.TIME_UNITS[low])
    if group == "measure":
        return Unit("measure", v.MEASURE_UNITS.get(low, v.MEASURE_UNITS.get(text.lower(), low)))
    if group == "pct":
        return Unit("percent", "%")
    return Unit("score", v.PAIN_UNITS.get(low.replace("outof", "out of "), low))


# ---- the phrase table: every vocabulary phrase, as the keys of its tokens -------------------


def _keys(phrase: str) -> tuple[str, ...]:
    return tuple(m.group().lower() for m in _TOKEN_RE.finditer(phrase))


def _spellings(phrase: str) -> set[tuple[str, ...]]:
    """A phrase's keys as the lexer reads it in lower and in upper case: letters then digits
    are one word only after a capital ("Vitamin B12", "free T4"), so both readings are entered."""
    return {_keys(phrase), _keys(phrase.upper())}


_Trie = dict[str, tuple[dict[str, object] | None, "_Trie"]]


@functools.cache
def _phrases() -> _Trie:
    """A prefix tree of every vocabulary phrase, key by key; a node holds the roles of the
    phrase ending there (merged over every table that spells it) and its continuations."""
    tables: list[tuple[str, Mapping[str, object]]] = [
        ("cmp", v.COMPARATOR_WORDS),
        ("suf", {k: s for k, s in v.SUFFIXES.items() if k != "+"}),
        ("age", dict.fromkeys(v.AGE_ANCHORS, None)),
        ("ecog", dict.fromkeys(v.ECOG_ANCHORS, None)),
        ("karnofsky", {**dict.fromkeys(v.KARNOFSKY_ANCHORS, None), **dict.fromkeys(v.LANSKY_ANCHORS, "Lansky")}),
        ("life", dict.fromkeys(v.LIFE_ANCHORS, None)),
        ("bmi", dict.fromkeys(v.BMI_ANCHORS, None)),
        ("asa", dict.fromkeys(v.ASA_ANCHORS, None)),
        ("pain", v.PAIN_SCALES),
        ("disability", v.DISABILITY_INDICES),
        ("lab", v.LAB_NAMES),
        ("event", {e: e for e in v.WINDOW_EVENTS}),
        ("dsubject", {e: e for e in v.DURATION_SUBJECTS}),
        ("dcue", v.DURATION_CUES),
        ("measure", v.MEASUREMENTS),
        ("counted", v.COUNTED),
        ("grade", dict.fromkeys(v.GRADE_ANCHORS, None)),
    ]
    root: dict[str, list[object]] = {}
    for role, table in tables:
        for phrase, value in table.items():
            for keys in _spellings(phrase):
                node = root
                for depth, key in enumerate(keys):
                    entry = node.setdefault(key, [None, {}])
                    if depth == len(keys) - 1:
                        entry[0] = {**(entry[0] or {}), role: value}  # type: ignore[dict-item]
                    node = entry[1]  # type: ignore[assignment]
    return _freeze(root)


def _freeze(node: dict[str, list[object]]) -> _Trie:
    return {key: (roles, _freeze(children)) for key, (roles, children) in node.items()}  # type: ignore[misc,arg-type]


_SIGN_START: Final = frozenset(sign[0] for sign in v.COMPARATOR_SIGNS)
_WORD_ROLES: Final[Mapping[str, Mapping[str, object]]] = {
    **{w: {"window": True} for w in v.WINDOW_CUES},
}


def _raw_tokens(text: str, start: int, end: int) -> tuple[list[Token], list[int]]:
    """Numbers, words, entities read as their character, signs (escapes dropped); and the
    indices of the tokens ``_merge`` must look at (numbers, comparator signs, ``+``, words
    of the vocabulary). Every other token stays as it is read here."""
    out: list[Token] = []
    points: list[int] = []
    append = out.append
    special = _special_words()
    new, token, no_roles, signs = _new, Token, _NO_ROLES, _SIGN_START  # locals: this loop runs per token
    ascii_line = text[start:end].isascii()  # then a word's key is its lower case
    pos = start
    for skipped, num, word, sym in _SPACED_RE.findall(text, start, end):
        a = pos + len(skipped)
        if word:
            pos = a + len(word)
            key = word.lower() if ascii_line else _word_key(word)
            if key in special:
                points.append(len(out))
            append(new(token, ("word", a, pos, key, None, no_roles)))
        elif num:
            pos = a + len(num)
            points.append(len(out))
            append(new(token, ("num", a, pos, num, float(ascii_forms(num).replace(",", "").replace(" ", "")), no_roles)))
        else:
            pos = a + len(sym)
            key = sym if len(sym) == 1 else html.unescape(sym)
            key = key if len(key) == 1 else sym
            if key in signs or key == "+":
                points.append(len(out))
            append(new(token, ("sym", a, pos, key, None, no_roles)))
    return out, points


def _word_key(word: str) -> str:
    """A word's key: ASCII lower case; a word with other letters keeps them as written ("İn" is no "in")."""
    return word.lower() if word.isascii() else word


def _match_phrase(tokens: list[Token], i: int) -> tuple[int, Mapping[str, object]] | None:
    """The longest vocabulary phrase starting at token ``i``: (tokens it spans, roles).

    A phrase never spans a gap wider than a space ("at" / "least" across a comma is not one)."""
    node = _phrases()
    best = None
    k = i
    while k < len(tokens) and (k == i or tokens[k].start - tokens[k - 1].end <= 1):
        entry = node.get(tokens[k].key)
        if entry is None:
            break
        roles, node = entry
        k += 1
        if roles is not None:
            best = (k - i, roles)
    return best


def _sign(tokens: list[Token], i: int) -> tuple[int, str] | None:
    """A comparator in signs at token ``i``: (tokens it spans, side); ``> or =`` too."""
    keys = [tokens[i].key]
    side = v.COMPARATOR_SIGNS.get(keys[0])
    best = None if side is None else (1, side)
    for k in range(i + 1, min(i + 3, len(tokens))):
        if tokens[k].start - tokens[k - 1].end > 1:
            break
        keys.append(tokens[k].key)
        joined = keys[0] + keys[2] if len(keys) == 3 and keys[1] == "or" else "".join(keys)
        side = v.COMPARATOR_SIGNS.get(joined)
        if side is not None:
            best = (k - i + 1, side)
    return best


def _number_word(tokens: list[Token], i: int) -> tuple[int, float] | None:
    """A number in words at ``i`` ("three", "seventy-two", "ten (10)"): (tokens, value)."""
    value = v.NUMBER_WORDS.get(tokens[i].key)
    if value is None:
        return None
    n = 1
    if (
        value >= 20
        and i + 2 < len(tokens)
        and tokens[i + 1].key == "-"
        and tokens[i + 2].key in v.NUMBER_WORDS
        and v.NUMBER_WORDS[tokens[i + 2].key] < 10
    ):
        value += v.NUMBER_WORDS[tokens[i + 2].key]
        n = 3
    # "three (3)": the digits repeat the words
    if i + n + 2 < len(tokens) and tokens[i + n].key == "(" and tokens[i + n + 2].key == ")":
        inner = tokens[i + n + 1]
        if inner.kind == "num" and inner.value == value:
            n += 3
    return n, float(value)


def _repeated_in_words(tokens: list[Token], i: int) -> int:
    """Tokens after a number at ``i`` that repeat it in words: "18 (eighteen)" (0 when none)."""
    in_words = i + 3 < len(tokens) and tokens[i + 1].key == "(" and tokens[i + 3].key == ")"
    return 3 if in_words and v.NUMBER_WORDS.get(tokens[i + 2].key) == tokens[i].value else 0


def _roman(text: str, t: Token, out: list[Token]) -> Token | None:
    """An ASA class in Roman numerals ("ASA I-III"): a number when an ASA anchor stands just before."""
    value = v.ROMAN_NUMERALS.get(text[t.start : t.end])
    if value is None or not any("asa" in x.roles for x in out[-6:]):
        return None
    return Token("num", t.start, t.end, t.key, float(value))


def _phrase_token(tokens: list[Token], i: int) -> tuple[Token, int] | None:
    """The vocabulary phrase at ``i`` as one token (a comparator, a suffix, or a word with its
    roles) and the tokens it spans; None when no phrase starts there."""
    phrase = _match_phrase(tokens, i)
    if phrase is None:
        return None
    k, roles = phrase
    t = tokens[i]
    end = tokens[i + k - 1].end
    key = " ".join(x.key for x in tokens[i : i + k])
    if len(roles) == 1 and "cmp" in roles:
        return Token("cmp", t.start, end, key, str(roles["cmp"])), k
    if len(roles) == 1 and "suf" in roles:
        nxt = tokens[i + k] if i + k < len(tokens) else None
        if nxt is not None and (nxt.key == "than" or nxt.kind == "num" or nxt.key in v.NUMBER_WORDS):
            return t, 1  # "and younger than 25", "or over 18 and under 65": a joiner, then a comparator
        return Token("suf", t.start, end, key, str(roles["suf"])), k
    return Token("word", t.start, end, key, None, {**_WORD_ROLES.get(key, {}), **roles}), k


@functools.cache
def _special_words() -> frozenset[str]:
    """Every key a word token can start something with: a phrase, a number word, a Roman
    numeral, a window cue, an acronym (lower case here; matched as written later)."""
    return frozenset(
        (
            *_phrases(),
            *v.NUMBER_WORDS,
            *(r.lower() for r in v.ROMAN_NUMERALS),
            *_WORD_ROLES,
            *(a.lower() for a in v.LAB_ACRONYMS),
        )
    )


_EMPTY_TRIE: Final[_Trie] = {}


@functools.cache
def _one_word_readings() -> Mapping[str, tuple[Mapping[str, object] | None, _Trie]]:
    """Words whose reading ``_merge_at`` would give at once when no longer phrase starts with
    them: word -> (its roles, None for a plain word; the keys that continue a phrase after it).
    These are the first words of phrases and the window cues; number words, Roman numerals,
    acronyms (read as written) and comparator or suffix phrases are left to ``_merge_at``."""
    slow = {*v.NUMBER_WORDS, *(r.lower() for r in v.ROMAN_NUMERALS), *(a.lower() for a in v.LAB_ACRONYMS)}
    out: dict[str, tuple[Mapping[str, object] | None, _Trie]] = {}
    for key in {*_phrases(), *_WORD_ROLES}:
        roles, after = _phrases().get(key, (None, _EMPTY_TRIE))
        if key in slow or (roles is not None and set(roles) in ({"cmp"}, {"suf"})):
            continue
        cue = _WORD_ROLES.get(key)
        out[key] = ({**(cue or {}), **roles} if roles is not None else cue, after)
    return out


def _merge(text: str, tokens: list[Token], points: list[int]) -> tuple[list[Token], list[int]]:
    """Join number words, signs and phrases into single tokens; mark window cues. Only the
    tokens at ``points`` can start a join; the runs between are copied. Also gives the indices
    of the numbers and suffixes in the result (where ``_units`` looks for a unit)."""
    out: list[Token] = []
    values: list[int] = []
    fast = _one_word_readings()
    n = len(tokens)
    i = 0
    for p in points:
        if p < i:  # joined into an earlier token
            continue
        t = tokens[p]
        key = t.key
        if t.kind == "num" and (p + 1 == n or tokens[p + 1].key != "("):  # no "(eighteen)" after it: as read
            values.append(len(out) + p - i)  # its index once its run is copied
            continue
        reading = fast.get(key) if t.kind == "word" else None
        if reading is not None:
            roles, after = reading
            nxt = tokens[p + 1] if p + 1 < n else None
            if nxt is None or nxt.start - t.end > 1 or nxt.key not in after:  # no longer phrase here
                if roles is not None:
                    out.extend(tokens[i:p])
                    out.append(Token("word", t.start, t.end, key, None, roles))
                    i = p + 1
                continue  # a phrase's first word alone: a plain word, copied with its run
        out.extend(tokens[i:p])
        merged, k = _merge_at(text, tokens, p, out)
        if merged.kind in ("num", "suf"):
            values.append(len(out))
        out.append(merged)
        i = p + k
    out.extend(tokens[i:])
    return out, values


def _merge_at(text: str, tokens: list[Token], i: int, out: list[Token]) -> tuple[Token, int]:
    """The token that starts at ``i`` once joined (``out`` holds the tokens before it) and how
    many raw tokens it spans."""
    t = tokens[i]
    if t.kind == "num":
        k = _repeated_in_words(tokens, i)
        return (t._replace(end=tokens[i + k].end) if k else t), k + 1
    if t.kind == "sym":
        if t.key in _SIGN_START:
            found = _sign(tokens, i)
            if found is not None:
                k, side = found
                return Token("cmp", t.start, tokens[i + k - 1].end, t.key, side), k
        if t.key == "+" and out and out[-1].kind in ("num", "unit"):
            return Token("suf", t.start, t.end, "+", "ge"), 1
        return t, 1
    roman = _roman(text, t, out)
    if roman is not None:
        return roman, 1
    number = _number_word(tokens, i)
    if number is not None and (i + 1 >= len(tokens) or tokens[i + 1].key != "of" or number[0] > 1):
        k, value = number
        return Token("num", t.start, tokens[i + k - 1].end, t.key, value), k
    phrase = _phrase_token(tokens, i)
    if phrase is not None:
        return phrase
    cue = _WORD_ROLES.get(t.key)
    if cue is not None:
        t = t._replace(roles=cue)
    acronym = v.LAB_ACRONYMS.get(text[t.start : t.end])
    if acronym is not None:
        t = t._replace(roles={**t.roles, "lab": acronym, "acronym": True})
    return t, 1


def _units(text: str, tokens: list[Token], values: list[int], end: int) -> list[Token]:
    """After each number, the unit that follows it (replacing the tokens it covers); a suffix
    right after a bare number takes one too ("6 or more weeks"). ``values`` indexes the numbers
    and suffixes of ``tokens``; the runs between are copied."""
    unit_re = _unit_re()
    out: list[Token] = []
    i = 0
    bare = -2  # the index of the last number kept with no unit after it
    n = len(tokens)
    for j in values:
        if j < i:  # inside an earlier unit
            continue
        t = tokens[j]
        out.extend(tokens[i : j + 1])
        i = j + 1
        if t.kind == "suf" and bare != j - 1:
            continue
        m = unit_re.match(text, t.end, min(end, t.end + 60))
        if m is None or m.lastgroup is None:
            if t.kind == "num":
                bare = j
            continue
        unit = _unit_of(m)
        out.append(Token("unit", m.start(m.lastgroup), m.end(), unit.canonical, unit))
        while i < n and tokens[i].start < m.end():
            i += 1
    out.extend(tokens[i:])
    return out


def tokenize(text: str, start: int, end: int) -> list[Token]:
    """The tokens of ``text[start:end]``, in order, with spans into ``text``.

    >>> [(t.kind, t.key) for t in tokenize("Age \\\\>= 18 years", 0, 17)]
    [('word', 'age'), ('cmp', '>'), ('num', '18'), ('unit', 'years')]
    """
    merged, values = _merge(text, *_raw_tokens(text, start, end))
    return _units(text, merged, values, end)
