"""Entry point of ``python -m connectors``."""

from __future__ import annotations

from config.cli import run
from connectors.cli import main

run(main)
