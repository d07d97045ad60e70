"""National reference figures (Divosa monitor, NVVK), shipped as data in ``config/reference_values.toml``.

They are context for the charts, never norms or targets: registration differs between municipalities and
between RIS and VPS. Each figure names what it is a reference for (a KPI of the registry, or a figure that
``metrics/`` derives from KPIs, see :data:`DERIVED_FIGURES`), its value, the period it describes and its
source, which the pages cite on screen.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from metrics import registry

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "config" / "reference_values.toml"

SIGNALS_PER_1000 = "signalen_per_1000_inwoners"
MULTIPLE_SHARE = "meervoudig_pct"
PARTNER_SHARE = "signalen_partner_pct"
# Figures derived from KPIs (metrics/early_warning.py) or only published nationally (the NVVK's figures).
DERIVED_FIGURES = frozenset({
    SIGNALS_PER_1000,
    MULTIPLE_SHARE,
    PARTNER_SHARE,
    "aanmeldingen_nvvk_leden",
    "wachttijd_eerste_gesprek_gemiddeld",
    "schuld_bij_aanmelding_gemiddeld",
    "schuldeisers_bij_aanmelding_gemiddeld",
    "looptijd_schuldregeling_maanden",
})  # fmt: skip
UNITS = frozenset({"%", "per 1.000 inwoners per maand", "aantal", "dagen", "euro", "maanden"})
CONTEXT_NOTE = "Landelijke cijfers zijn context, geen norm: gemeenten en systemen (RIS, VPS) registreren verschillend."


class ReferenceValueError(ValueError):
    """A reference-values file that cannot be used; the message is Dutch."""


@dataclass(frozen=True)
class Reference:
    figure: str
    label: str  # Dutch
    value: float
    unit: str
    period: str  # as the source describes it: "2023", "1e helft 2024", "2019–2022"
    year: int  # for ordering: the newest is the one drawn
    source: str
    approximate: bool = False
    partner: str | None = None  # partner_type code, for the shares of signals by partner

    @property
    def citation(self) -> str:
        """``Divosa Monitor …, jaarrapportage 2023 (2023)``: the source and the period, for the screen."""
        return f"{self.source} ({self.period})"


_REQUIRED = ("figure", "label", "value", "unit", "period", "year", "source")


def _reference(raw: dict, number: int) -> Reference:
    where = f"referentiewaarde {number}"
    missing = [k for k in _REQUIRED if raw.get(k) in (None, "")]
    if missing:
        raise ReferenceValueError(f"{where}: ontbreekt {', '.join(missing)}.")
    figure = str(raw["figure"])
    if figure not in DERIVED_FIGURES and figure not in registry.KPIS_BY_ID:
        raise ReferenceValueError(f"{where}: onbekend cijfer '{figure}' (geen KPI en geen afgeleid cijfer).")
    value = raw["value"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReferenceValueError(f"{where} ({figure}): de waarde moet een getal zijn, niet {value!r}.")
    if raw["unit"] not in UNITS:
        raise ReferenceValueError(f"{where} ({figure}): onbekende eenheid '{raw['unit']}'.")
    if not isinstance(raw["year"], int) or isinstance(raw["year"], bool):
        raise ReferenceValueError(f"{where} ({figure}): het jaar moet een geheel getal zijn.")
    if (figure == PARTNER_SHARE) != bool(raw.get("partner")):
        raise ReferenceValueError(f"{where} ({figure}): 'partner' hoort bij (en alleen bij) {PARTNER_SHARE}.")
    return Reference(
        figure=figure,
        label=str(raw["label"]),
        value=float(value),
        unit=str(raw["unit"]),
        period=str(raw["period"]),
        year=raw["year"],
        source=str(raw["source"]),
        approximate=bool(raw.get("approximate", False)),
        partner=raw.get("partner") or None,
    )


@cache
def load(path: Path = DEFAULT_FILE) -> tuple[Reference, ...]:
    """Every reference figure of the file, checked."""
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise ReferenceValueError(f"Bestand met referentiewaarden niet gevonden: {path}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ReferenceValueError(f"Bestand met referentiewaarden is geen geldige TOML: {exc}.") from None
    return tuple(_reference(entry, i) for i, entry in enumerate(raw.get("reference", ()), start=1))


def for_figure(figure: str, partner: str | None = None, path: Path = DEFAULT_FILE) -> list[Reference]:
    """The references of one figure (and partner), newest first."""
    found = [r for r in load(path) if r.figure == figure and r.partner == partner]
    return sorted(found, key=lambda r: r.year, reverse=True)


def latest(figure: str, partner: str | None = None, path: Path = DEFAULT_FILE) -> Reference | None:
    """The newest reference of a figure, the one a chart draws; None where there is none."""
    found = for_figure(figure, partner, path)
    return found[0] if found else None


def sources(references: list[Reference]) -> list[str]:
    """The distinct citations of ``references``, in order, for a caption under a chart."""
    return list(dict.fromkeys(r.citation for r in references))
