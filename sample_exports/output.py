"""Where generated files go, and the record of what was written (for ``expected.json``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Output:
    root: Path
    written: list[tuple[str, str]] = field(default_factory=list)  # (family, path relative to root)
    differences: list[dict[str, str]] = field(default_factory=list)  # deliberate snapshot differences

    def path(self, name: str, ref: dt.date, ext: str, family: str) -> Path:
        """``<year>/<reference date>_<name>.<ext>``: sorting paths or file names sorts by reference date."""
        relative = f"{ref.year}/{ref.isoformat()}_{name}.{ext}"
        self.written.append((family, relative))
        return self.root / relative
