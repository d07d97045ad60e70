"""``python -m metrics``: see ``metrics.cli``."""

from __future__ import annotations

from config.cli import run
from metrics.cli import main

run(main)
