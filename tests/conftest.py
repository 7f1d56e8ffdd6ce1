"""Shared helpers and the hypothesis profiles (``HYPOTHESIS_PROFILE=long`` for deep runs)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from trialparse import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def read_page(path: Path) -> str:
    """Pages are read as bytes and decoded, so CRLF and CR stay as they are on disk."""
    return path.read_bytes().decode("utf-8")


BAD_PAGE = "Quick facts\n\nPhasebanana\nSexAll\n"  # one ERROR issue: facts.phase_unreadable


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``main(argv)`` in this process: (exit status, stdout, stderr); usage errors give 2."""
    try:
        status = cli.main(list(argv))
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err
