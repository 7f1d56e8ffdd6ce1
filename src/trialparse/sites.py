"""Site lists: "City, Region, Country; … and N other locations" read into ``Site`` records.

Shared by the quick facts ("Locations20 sites (…)") and the locations section's body line, so
it lives here, beside neither stage: stages import ``text``, ``model`` and helpers such as
this one, never each other.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse._countries import COUNTRIES
from trialparse.model import Site
from trialparse.text import collapse_ws

__all__ = ["parse_site_list"]

_OTHERS_RE: Final = re.compile(
    r"(?:^|,?\s++and\s++|;\s*+|,\s*+\+?\s*+)(?P<n>[0-9]{1,9}+)\s++(?:other|more)\s++(?:locations?|sites?)\s*+$",
    re.IGNORECASE,
)


def parse_site_list(value: str) -> tuple[tuple[Site, ...], int | None]:
    """Read "Hefei, Anhui and 19 other locations" into sites and the count of others.

    >>> parse_site_list("Hefei, Anhui and 19 other locations")
    ((Site(city='Hefei', region='Anhui', country=None, facility=None),), 19)
    >>> parse_site_list("Paris, France; Lyon, France and 1 other location")[0][1]
    Site(city='Lyon', region=None, country='France', facility=None)
    """
    text = collapse_ws(value)
    other: int | None = None
    m = _OTHERS_RE.search(text)
    if m is not None:
        other = int(m.group("n"))
        text = text[: m.start()]
    sites = tuple(_site(part) for part in text.split(";") if part.strip())
    return sites, other


def _site(value: str) -> Site:
    parts = [p.strip() for p in value.split(",") if p.strip()]
    country: str | None = None
    if len(parts) >= 2 and f"{parts[-2]}, {parts[-1]}".lower() in COUNTRIES:
        country = f"{parts[-2]}, {parts[-1]}"
        del parts[-2:]
    elif parts and parts[-1].lower() in COUNTRIES:
        country = parts.pop()
    if not parts:
        return Site(country=country)
    if len(parts) == 1:
        return Site(city=parts[0], country=country)
    if len(parts) == 2 or country is None:
        # a country is only ever one the table knows: "Seoul, Bundang-gu, Seongnam-si" is a region
        return Site(city=parts[0], region=", ".join(parts[1:]), country=country)
    facility = ", ".join(parts[:-2])
    return Site(city=parts[-2], region=parts[-1], country=country, facility=facility)
