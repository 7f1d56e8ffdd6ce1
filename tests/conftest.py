"""Shared helpers and the hypothesis profiles (``HYPOTHESIS_PROFILE=long`` for deep runs)."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def read_page(path: Path) -> str:
    """Pages are read as bytes and decoded, so CRLF and CR stay as they are on disk."""
    return path.read_bytes().decode("utf-8")
