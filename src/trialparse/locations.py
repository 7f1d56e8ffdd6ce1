"""Where the trial runs and whom to contact: "N sites (…)", the body line, contact blocks."""

from __future__ import annotations

import re
from typing import Final

from trialparse.model import Contact, Issue, Locations, Severity, Site
from trialparse.sites import parse_site_list
from trialparse.text import Text, collapse_ws, lazy_pattern
from trialparse.vocabulary import FIELD_SEPARATORS

__all__ = ["read_contacts", "read_locations"]

Issues = tuple[Issue, ...]

# bounded local part: a search from every position of a long word costs at most 64 steps
_EMAIL_RE: Final = lazy_pattern(r"[\w.+\-]{1,64}+@[\w\-]{1,63}+(?:\.[\w\-]{1,63}+){1,8}+")
# digit groups joined by separators: the two classes are disjoint, so nothing backtracks
_PHONE_RE: Final = lazy_pattern(
    r"\+?+\(?+[0-9](?:[ ().\-/]{0,3}+[0-9]){5,24}+(?:\s*+(?:ext\.?|x)\s*+[0-9]{1,6}+)?+", re.IGNORECASE
)
_FIELD_RE: Final = lazy_pattern(
    r"(?P<label>name|contact|phone|telephone|tel|email|e-mail)\s*+[.:]\s*+",
    re.IGNORECASE,
)
_SPLIT_RE: Final = lazy_pattern(r"\s++[%s]\s++|\t++" % re.escape(FIELD_SEPARATORS))


def read_locations(doc: Text, body: tuple[int, int] | None, fact: Locations) -> tuple[Locations, Issues]:
    """Combine the "Locations" quick fact (``fact``) with the "Where this trial is running" body.

    The quick fact is preferred (it has the site count); the body fills in what it lacks.
    """
    sites = fact.sites
    other = fact.other_count
    if body is not None and (not sites or other is None):
        value = doc.value
        body_sites: list[Site] = []
        body_other = None
        for s, e in doc.lines(*body):
            line = value[s:e].strip()
            if not line:
                continue
            found, n = parse_site_list(line)
            body_sites.extend(found)
            if n is not None:
                body_other = n
        if not sites:
            sites = tuple(body_sites)
        if other is None:
            other = body_other
    return Locations(site_count=fact.site_count, sites=sites, other_count=other), ()


def read_contacts(doc: Text, start: int, end: int) -> tuple[tuple[Contact, ...], Issues]:
    """Contacts under "Study contacts": one block per person, blocks split by blank lines.

    A block holds a name, a phone and an e-mail, as labelled lines ("Phone: …"), bare lines,
    or one line split by " · " or " | ".
    """
    value = doc.value
    contacts: list[Contact] = []
    issues: list[Issue] = []
    block: list[tuple[int, int]] = []
    for s, e in [*doc.lines(start, end), (end, end)]:
        if value[s:e].strip():
            block.append((s, e))
            continue
        if block:
            contact = _contact(value, block)
            if contact is None:
                issues.append(
                    Issue(
                        "contacts.unreadable",
                        "Study contacts: no name, phone or e-mail in this block",
                        Severity.INFO,
                        doc.span(block[0][0], block[-1][1]),
                    )
                )
            else:
                contacts.append(contact)
            block = []
    return tuple(contacts), tuple(issues)


def _contact(value: str, block: list[tuple[int, int]]) -> Contact | None:
    name = phone = email = None
    for s, e in block:
        for part in _SPLIT_RE().split(value[s:e].strip()):
            text = part.strip()
            label = None
            m = _FIELD_RE().match(text)
            if m is not None:
                label = m.group("label").lower()
                text = text[m.end() :].strip()
            if not text:
                continue
            found = _EMAIL_RE().search(text)
            if found is not None and (label is None or label.startswith("e")):
                email = email or found.group()
                continue
            found = _PHONE_RE().fullmatch(text) if label is None else _PHONE_RE().search(text)
            if found is not None and (label is None or label.startswith(("p", "t"))):
                phone = phone or collapse_ws(found.group())
                continue
            if name is None and any(c.isalpha() for c in text):
                name = collapse_ws(text)
    if name is None and phone is None and email is None:
        return None
    return Contact(name, phone, email)
