"""``python -m trialparse``: the same command as ``trialparse``."""

from __future__ import annotations

import sys

from trialparse.cli import main

sys.exit(main())
