"""``python -m metrics``: see ``metrics.cli``."""

from __future__ import annotations

import sys

from metrics.cli import main

sys.exit(main())
