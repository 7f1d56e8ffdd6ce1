"""The prose sections: the description's paragraphs, "Label: text" fields, the conditions list.

"Who should consider this trial" and "Why it matters" hold paragraphs that open with a label
of ``vocabulary.FIELD_LABELS`` ("Good fit: …"); a paragraph without one continues the field
before it. Text before the first label is reported, not lost (it stays in the section).
"""

from __future__ import annotations

import re
from typing import Final

from trialparse.model import Issue, Severity
from trialparse.text import Text, case_blind_key, clean_inline, split_list
from trialparse.vocabulary import FIELD_LABELS

__all__ = ["read_conditions", "read_labelled_fields", "read_paragraphs"]

Issues = tuple[Issue, ...]

_LABELLED_RE: Final = re.compile(
    r"(?P<label>%s)[ \t]*+:[ \t]*+" % "|".join(re.escape(w) for w in sorted(FIELD_LABELS, key=len, reverse=True)),
    re.IGNORECASE,
)


def read_paragraphs(doc: Text, start: int, end: int) -> str | None:
    """The section's paragraphs, each cleaned, joined by a blank line; None when empty."""
    paras = [clean_inline(p) for p, _, _ in doc.paragraphs(start, end)]
    return "\n\n".join(p for p in paras if p) or None


def read_labelled_fields(doc: Text, start: int, end: int, heading: str) -> tuple[dict[str, str | None], Issues]:
    """The "Label: text" fields of one section (``heading`` names it in issues), by field name.

    A label with nothing after it gives None, which clears the field when sections are merged.
    """
    fields: dict[str, str | None] = {}
    issues: list[Issue] = []
    current: str | None = None
    for text, s, e in doc.paragraphs(start, end):
        m = _LABELLED_RE.match(text)
        if m is not None:
            current = FIELD_LABELS[case_blind_key(FIELD_LABELS, " ".join(m.group("label").split()))]
            fields[current] = clean_inline(text[m.end() :]) or None
        elif current is not None:
            fields[current] = "\n\n".join(p for p in (fields.get(current), clean_inline(text)) if p)
        else:
            issues.append(
                Issue(
                    "sections.unlabelled_text",
                    f'"{heading}": text without a "Label:" is kept only in the section',
                    Severity.INFO,
                    doc.span(s, e),
                )
            )
    return fields, tuple(issues)


def read_conditions(doc: Text, start: int, end: int) -> tuple[str, ...]:
    """The "Conditions: A, B" list: split on semicolons, else commas, each item cleaned."""
    return tuple(clean_inline(c) for c in split_list(" ".join(doc.value[start:end].split("\n"))))
