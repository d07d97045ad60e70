"""Mapping profiles: which export header means which canonical column, and extra value spellings.

Shipped profiles live in ``connectors/shipped_profiles/*.json``; profiles a steward saves live in the
store (table ``mapping_profiles``). A saved profile with the name of a shipped one takes precedence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from store.schema import DATASETS

SHIPPED = Path(__file__).resolve().parent / "shipped_profiles"


@dataclass(frozen=True)
class Profile:
    name: str
    dataset: str | None
    headers: dict[str, str] = field(default_factory=dict)  # header in the export -> canonical column ("" ignores)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # column -> spelling -> code
    description: str = ""


class ProfileError(ValueError):
    """A profile that cannot be used; the message is Dutch."""


def from_dict(name: str, raw: dict) -> Profile:
    dataset = raw.get("dataset")
    if dataset is not None and dataset not in DATASETS:
        raise ProfileError(f"Profiel '{name}': onbekende dataset '{dataset}'.")
    headers = {str(k): str(v) for k, v in (raw.get("headers") or {}).items()}
    if dataset:
        known = set(DATASETS[dataset].field_names)
        wrong = sorted({v for v in headers.values() if v and v not in known})
        if wrong:
            raise ProfileError(f"Profiel '{name}': onbekende kolom(men) {', '.join(wrong)} voor dataset '{dataset}'.")
    values = {str(c): {str(k): str(v) for k, v in m.items()} for c, m in (raw.get("values") or {}).items()}
    return Profile(name=name, dataset=dataset, headers=headers, values=values, description=raw.get("description", ""))


def to_dict(profile: Profile) -> dict:
    return {
        "dataset": profile.dataset,
        "description": profile.description,
        "headers": profile.headers,
        "values": profile.values,
    }


def shipped() -> dict[str, Profile]:
    out = {}
    for path in sorted(SHIPPED.glob("*.json")):
        out[path.stem] = from_dict(path.stem, json.loads(path.read_text(encoding="utf-8")))
    return out


def resolve(name: str, saved: dict[str, dict]) -> Profile:
    """The profile called ``name``: a saved one first, then a shipped one."""
    if name in saved:
        return from_dict(name, saved[name])
    ships = shipped()
    if name in ships:
        return ships[name]
    known = ", ".join(sorted({*saved, *ships})) or "geen"
    raise ProfileError(f"Koppelprofiel '{name}' bestaat niet. Beschikbaar: {known}.")
