"""Entry point of ``python -m connectors``."""

from __future__ import annotations

import sys

from connectors.cli import main

sys.exit(main())
