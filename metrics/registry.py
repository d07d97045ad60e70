"""The KPI registry: every KPI of the catalogue (``kpi-catalogue.md``), declared once, as data.

The command line, the pages, the exports and the targets read this registry and nothing else. A KPI names
the family of records it counts (``store.queries.families``), the measures of that family its compute
function uses, and the measures behind its numerator and denominator for the drill-down.
``metrics.validation`` holds the named rules the registry must keep (``tests/test_registry.py``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from metrics import figures
from metrics.figures import Compute
from store.metrics_queries import Dim, Family


class Unit(enum.Enum):
    COUNT = "count"
    PERCENT = "%"
    DAYS = "days"
    CASES_PER_FTE = "cases/fte"
    GRADE = "grade 1–10"
    NPS = "−100…100"

    @property
    def label(self) -> str:
        """Dutch, for the screen."""
        return _UNIT_LABELS[self]


_UNIT_LABELS = {
    Unit.COUNT: "aantal",
    Unit.PERCENT: "%",
    Unit.DAYS: "dagen",
    Unit.CASES_PER_FTE: "dossiers per fte",
    Unit.GRADE: "rapportcijfer (1–10)",
    Unit.NPS: "score (−100 tot 100)",
}


class Direction(enum.Enum):
    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"

    @property
    def label(self) -> str:
        return {Direction.HIGHER: "hoger is beter", Direction.LOWER: "lager is beter", Direction.NONE: "—"}[self]


class Statistic(enum.Enum):
    """What kind of figure a KPI is; small-number suppression treats counts and the rest differently."""

    COUNT = "count"
    PERCENTAGE = "percentage"
    MEAN = "mean"
    MEDIAN = "median"
    PERCENTILE = "percentile"
    RATIO = "ratio"  # cases per fte: a mean number of cases

    @property
    def is_count(self) -> bool:
        return self is Statistic.COUNT


class Section(enum.Enum):
    ACCESS = "Toegang"
    WAITLIST = "Wachtlijst"
    CASELOAD = "Caseload"
    SETTLEMENT = "Schuldregeling"
    OUTFLOW = "Uitstroom"
    SATISFACTION = "Klanttevredenheid"
    EARLY_WARNING = "Vroegsignalering"

    @property
    def basis(self) -> str | None:
        """The legal basis every KPI of the section shares, if any (Dutch)."""
        if self is Section.EARLY_WARNING:
            return (
                "Wgs art. 4a en 4b: vroegsignalering van betalingsachterstanden en de gegevensuitwisseling met "
                "signaalpartners; tellingen zoals de Divosa Monitor Vroegsignalering Schulden."
            )
        return None


CASE_BREAKDOWNS = frozenset(Dim)
NO_CONSULTANT = frozenset({Dim.TEAM, Dim.MUNICIPALITY})
NO_MUNICIPALITY = frozenset({Dim.TEAM, Dim.CONSULTANT})

# The datasets whose latest import sets as_of for a period that is not over yet.
FAMILY_DATASETS: dict[Family, tuple[str, ...]] = {
    Family.REGISTRATIONS: ("cases",),
    Family.FIRST_CONTACTS: ("cases",),
    Family.DECISIONS: ("cases",),
    Family.PLANS: ("cases",),
    Family.CLOSURES: ("cases",),
    Family.SETTLEMENTS: ("cases",),
    Family.WAITLIST: ("cases",),
    Family.CASELOAD: ("cases",),
    Family.BUDGET_MANAGEMENT: ("case_guidance", "cases"),
    Family.SATISFACTION: ("satisfaction",),
    Family.SIGNAL_CASES: ("signal_cases",),
    Family.SIGNALS: ("signals",),
}


@dataclass(frozen=True)
class Kpi:
    id: str
    label: str  # Dutch
    section: Section
    unit: Unit
    direction: Direction
    statistic: Statistic
    definition: str  # Dutch, as precise as the catalogue
    family: Family
    compute: Compute
    datasets: tuple[str, ...]
    numerator: str | None  # measure behind the numerator (the counted records for a count)
    denominator: str | None = None  # measure behind the denominator (the records of a median or mean)
    breakdowns: frozenset[Dim] = CASE_BREAKDOWNS
    needs_staffing: bool = False
    basis: str | None = None  # the legal basis, for the KPI-definitions page (Dutch)

    @property
    def legal_basis(self) -> str | None:
        return self.basis or self.section.basis


K = Kpi
C, P, D = Unit.COUNT, Unit.PERCENT, Unit.DAYS
UP, DOWN, NONE = Direction.HIGHER, Direction.LOWER, Direction.NONE
ST = Statistic
F = Family

_WGS_4 = (
    "Wgs art. 4 lid 1 en 2: eerste gesprek binnen vier weken na de hulpvraag, binnen drie werkdagen bij een "
    "crisis; Algemene termijnenwet art. 1 en 3 (een termijn die in het weekend of op een feestdag eindigt, "
    "loopt door tot de eerstvolgende werkdag)."
)
_AWB_4_13 = (
    "Awb art. 4:13: beslistermijn van acht weken, door de meeste gemeentelijke beleidsregels overgenomen; "
    "Algemene termijnenwet."
)

KPIS: tuple[Kpi, ...] = (
    # --- Toegang ------------------------------------------------------------------------------------
    K("aanmeldingen", "Aanmeldingen", Section.ACCESS, C, NONE, ST.COUNT,
      "Dossiers met een aanmelddatum (registered_on) in de periode.",
      F.REGISTRATIONS, figures.count("registered"), ("cases",), "registered",
      basis="Wgs art. 4: de hulpvraag (aanmelding) start de wettelijke termijn."),
    K("aanmeldingen_crisis", "Crisisaanmeldingen", Section.ACCESS, C, NONE, ST.COUNT,
      "Dossiers met een aanmelddatum in de periode en crisis = ja.",
      F.REGISTRATIONS, figures.count("crisis"), ("cases",), "crisis",
      basis="Wgs art. 4 lid 2: dreigende huisuitzetting, afsluiting van gas, water, elektriciteit of "
            "stadsverwarming, opzegging van de zorgverzekering."),
    K("eerste_gesprek_tijdig_pct", "Eerste gesprek binnen termijn", Section.ACCESS, P, UP, ST.PERCENTAGE,
      "Noemer: dossiers aangemeld in de periode waarvan de termijn voor het eerste gesprek op de peildatum "
      "verstreken is of die op de peildatum een eerste gesprek hadden, behalve dossiers zonder eerste gesprek "
      "die op of voor hun termijn zijn afgesloten. Teller: die met een eerste gesprek op of voor de termijn. "
      "Termijn: aanmelddatum + 28 dagen, doorgeschoven naar een werkdag (Algemene termijnenwet); bij crisis "
      "de derde werkdag na de aanmelding.",
      F.REGISTRATIONS, figures.percentage("first_contact_on_time", "first_contact_due"), ("cases",),
      "first_contact_on_time", "first_contact_due", basis=_WGS_4),
    K("wachttijd_eerste_gesprek_mediaan", "Wachttijd tot eerste gesprek (mediaan)", Section.ACCESS, D, DOWN,
      ST.MEDIAN,
      "Mediaan van (datum eerste gesprek − aanmelddatum) in kalenderdagen, over dossiers met een eerste "
      "gesprek in de periode.",
      F.FIRST_CONTACTS, figures.percentile_days(50), ("cases",), None, "first_contacts"),
    K("beschikking_tijdig_pct", "Beschikking binnen termijn", Section.ACCESS, P, UP, ST.PERCENTAGE,
      "Noemer: dossiers met een eerste gesprek in de periode waarvan de beslistermijn op de peildatum "
      "verstreken is of die op de peildatum een beschikking hadden, behalve dossiers zonder beschikking die "
      "op of voor hun beslistermijn zijn afgesloten. Teller: die met een beschikking op of voor de termijn. "
      "Termijn: datum eerste gesprek + 56 dagen (Awb 4:13), doorgeschoven naar een werkdag.",
      F.FIRST_CONTACTS, figures.percentage("decision_on_time", "decision_due"), ("cases",),
      "decision_on_time", "decision_due", basis=_AWB_4_13),
    K("afwijzingen", "Afwijzingen", Section.ACCESS, C, NONE, ST.COUNT,
      "Dossiers met een beschikkingsdatum in de periode en beschikking = afwijzing.",
      F.DECISIONS, figures.count("rejections"), ("cases",), "rejections"),
    # --- Wachtlijst (op de peildatum) ---------------------------------------------------------------
    K("wachtlijst", "Wachtenden", Section.WAITLIST, C, DOWN, ST.COUNT,
      "Dossiers aangemeld op of voor de peildatum, zonder eerste gesprek en niet afgesloten op of voor de "
      "peildatum.",
      F.WAITLIST, figures.count("waiting"), ("cases",), "waiting"),
    K("wachtlijst_over_termijn", "Wachtenden over de termijn", Section.WAITLIST, C, DOWN, ST.COUNT,
      "Van de wachtenden: de dossiers waarvan de termijn voor het eerste gesprek voor de peildatum ligt.",
      F.WAITLIST, figures.count("waiting_overdue"), ("cases",), "waiting_overdue", basis=_WGS_4),
    K("wachtlijst_wachttijd_gem", "Gemiddelde wachttijd wachtenden", Section.WAITLIST, D, DOWN, ST.MEAN,
      "Gemiddelde van (peildatum − aanmelddatum) in kalenderdagen over de wachtenden.",
      F.WAITLIST, figures.mean("waiting_days", "waiting"), ("cases",), None, "waiting"),
    # --- Caseload (op de peildatum) -----------------------------------------------------------------
    K("caseload", "Lopende dossiers", Section.CASELOAD, C, NONE, ST.COUNT,
      "Dossiers met een eerste gesprek op of voor de peildatum, niet afgesloten op of voor de peildatum.",
      F.CASELOAD, figures.count("caseload"), ("cases",), "caseload"),
    K("caseload_per_fte", "Dossiers per fte", Section.CASELOAD, Unit.CASES_PER_FTE, NONE, ST.RATIO,
      "Lopende dossiers gedeeld door de totale fte in de formatie voor de maand van de peildatum (zelfde "
      "uitsplitsing); leeg zonder formatie. Formatie kent geen gemeente: niet per gemeente.",
      F.CASELOAD, figures.per_fte("caseload"), ("cases", "staffing"), "caseload",
      breakdowns=NO_MUNICIPALITY, needs_staffing=True),
    K("budgetbeheer_lopend", "Lopend budgetbeheer", Section.CASELOAD, C, NONE, ST.COUNT,
      "Begeleidingen van de soort budgetbeheer met een startdatum op of voor de peildatum, niet beëindigd op "
      "of voor de peildatum.",
      F.BUDGET_MANAGEMENT, figures.count("budget_management"), ("case_guidance", "cases"), "budget_management"),
    # --- Schuldregeling -----------------------------------------------------------------------------
    K("schuldregelingen_ingediend", "Schuldregelingen ingediend", Section.SETTLEMENT, C, NONE, ST.COUNT,
      "Dossiers met een datum indienen schuldregeling in de periode.",
      F.SETTLEMENTS, figures.count("submitted"), ("cases",), "submitted"),
    K("minnelijke_akkoorden", "Minnelijke akkoorden", Section.SETTLEMENT, C, UP, ST.COUNT,
      "Dossiers met een datum toekenning schuldregeling in de periode en geen dwangakkoord.",
      F.SETTLEMENTS, figures.count("amicable"), ("cases",), "amicable"),
    K("dwangakkoorden", "Dwangakkoorden", Section.SETTLEMENT, C, NONE, ST.COUNT,
      "Dossiers met een datum toekenning schuldregeling in de periode en dwangakkoord = ja.",
      F.SETTLEMENTS, figures.count("forced"), ("cases",), "forced",
      basis="Faillissementswet art. 287a: de rechter legt een schuldeiser de schuldregeling op."),
    K("schuldregeling_slagingspct", "Slagingspercentage schuldregeling", Section.SETTLEMENT, P, UP,
      ST.PERCENTAGE,
      "100 × dossiers met een toekenning in de periode / dossiers met een toekenning, afwijzing of intrekking "
      "van de schuldregeling in de periode; de vroegste van de drie beslist (op dezelfde dag gaat toekenning "
      "voor afwijzing en afwijzing voor intrekking).",
      F.SETTLEMENTS, figures.percentage("settlement_succeeded", "settlement_decided"), ("cases",),
      "settlement_succeeded", "settlement_decided"),
    # --- Uitstroom ----------------------------------------------------------------------------------
    K("uitstroom", "Uitstroom", Section.OUTFLOW, C, NONE, ST.COUNT,
      "Dossiers met een datum afsluiting in de periode.",
      F.CLOSURES, figures.count("closed"), ("cases",), "closed"),
    K("uitstroom_afgerond_pct", "Positief afgerond", Section.OUTFLOW, P, UP, ST.PERCENTAGE,
      "100 × dossiers afgesloten in de periode met reden afgerond of zelf / dossiers afgesloten in de periode.",
      F.CLOSURES, figures.percentage("closed_positive", "closed"), ("cases",), "closed_positive", "closed"),
    K("uitval_pct", "Uitval", Section.OUTFLOW, P, DOWN, ST.PERCENTAGE,
      "100 × dossiers afgesloten in de periode met reden ingetrokken, niet verschenen of voldoet niet / "
      "dossiers afgesloten in de periode.",
      F.CLOSURES, figures.percentage("closed_dropout", "closed"), ("cases",), "closed_dropout", "closed"),
    K("doorlooptijd_mediaan", "Doorlooptijd (mediaan)", Section.OUTFLOW, D, DOWN, ST.MEDIAN,
      "Mediaan van (datum afsluiting − aanmelddatum) in kalenderdagen over dossiers afgesloten in de periode.",
      F.CLOSURES, figures.percentile_days(50), ("cases",), None, "closed"),
    K("doorlooptijd_p90", "Doorlooptijd (90e percentiel)", Section.OUTFLOW, D, DOWN, ST.PERCENTILE,
      "90e percentiel (lineair geïnterpoleerd) van (datum afsluiting − aanmelddatum) over dossiers afgesloten "
      "in de periode.",
      F.CLOSURES, figures.percentile_days(90), ("cases",), None, "closed"),
    K("tijd_tot_plan_mediaan", "Tijd tot plan van aanpak (mediaan)", Section.OUTFLOW, D, DOWN, ST.MEDIAN,
      "Mediaan van (datum plan van aanpak − aanmelddatum) in kalenderdagen over dossiers met een plan van "
      "aanpak in de periode.",
      F.PLANS, figures.percentile_days(50), ("cases",), None, "plans"),
    # --- Klanttevredenheid --------------------------------------------------------------------------
    K("kto_respons", "Aantal reacties", Section.SATISFACTION, C, NONE, ST.COUNT,
      "Reacties met een datum in de periode.",
      F.SATISFACTION, figures.count("responses"), ("satisfaction",), "responses", breakdowns=NO_CONSULTANT),
    K("kto_gemiddeld", "Gemiddeld rapportcijfer", Section.SATISFACTION, Unit.GRADE, UP, ST.MEAN,
      "Gemiddeld rapportcijfer van de reacties in de periode (reacties zonder cijfer tellen niet mee).",
      F.SATISFACTION, figures.mean("score_sum", "scored"), ("satisfaction",), None, "scored",
      breakdowns=NO_CONSULTANT),
    K("nps", "Net Promoter Score", Section.SATISFACTION, Unit.NPS, UP, ST.PERCENTAGE,
      "Over de reacties in de periode met een NPS-score: 100 × (aandeel 9–10 − aandeel 0–6).",
      F.SATISFACTION, figures.net_promoter("promoters", "detractors", "nps_answers"), ("satisfaction",),
      None, "nps_answers", breakdowns=NO_CONSULTANT),
    # --- Vroegsignalering ---------------------------------------------------------------------------
    K("signalen", "Signalen", Section.EARLY_WARNING, C, NONE, ST.COUNT,
      "Signalen met een signaaldatum in de periode.",
      F.SIGNALS, figures.count("signals"), ("signals",), "signals", breakdowns=NO_CONSULTANT),
    K("meldingen", "Meldingen", Section.EARLY_WARNING, C, NONE, ST.COUNT,
      "Vroegsignaalzaken met een matchingsdatum in de periode.",
      F.SIGNAL_CASES, figures.count("matched"), ("signal_cases",), "matched", breakdowns=NO_CONSULTANT),
    K("meldingen_meervoudig", "Meervoudige meldingen", Section.EARLY_WARNING, C, NONE, ST.COUNT,
      "Van de meldingen in de periode: die met twee of meer signalen.",
      F.SIGNAL_CASES, figures.count("multiple"), ("signal_cases",), "multiple", breakdowns=NO_CONSULTANT),
    K("opgepakt_pct", "Opgepakt", Section.EARLY_WARNING, P, UP, ST.PERCENTAGE,
      "100 × meldingen in de periode die op of voor de peildatum zijn opgepakt / meldingen in de periode.",
      F.SIGNAL_CASES, figures.percentage("picked_up", "matched"), ("signal_cases",), "picked_up", "matched",
      breakdowns=NO_CONSULTANT),
    K("bereik_pct", "Bereik", Section.EARLY_WARNING, P, UP, ST.PERCENTAGE,
      "100 × meldingen in de periode met contact op of voor de peildatum / meldingen in de periode.",
      F.SIGNAL_CASES, figures.percentage("reached", "matched"), ("signal_cases",), "reached", "matched",
      breakdowns=NO_CONSULTANT),
    K("hulpacceptatie_pct", "Hulpacceptatie", Section.EARLY_WARNING, P, UP, ST.PERCENTAGE,
      "100 × bereikte meldingen in de periode met resultaat advies/quick fix, vervolghulp financieel of "
      "vervolghulp niet financieel / meldingen in de periode bereikt op of voor de peildatum.",
      F.SIGNAL_CASES, figures.percentage("help_accepted", "reached"), ("signal_cases",), "help_accepted",
      "reached", breakdowns=NO_CONSULTANT),
    K("vervolghulp_financieel", "Doorverwezen voor financiële hulp", Section.EARLY_WARNING, C, NONE, ST.COUNT,
      "Meldingen in de periode met resultaat vervolghulp financieel.",
      F.SIGNAL_CASES, figures.count("followup_financial"), ("signal_cases",), "followup_financial",
      breakdowns=NO_CONSULTANT),
)  # fmt: skip

KPIS_BY_ID: dict[str, Kpi] = {k.id: k for k in KPIS}


class UnknownKpi(KeyError):
    def __str__(self) -> str:
        return f"Onbekende KPI '{self.args[0]}'. Bekend: {', '.join(KPIS_BY_ID)}."


def kpi(kpi_id: str) -> Kpi:
    try:
        return KPIS_BY_ID[kpi_id]
    except KeyError:
        raise UnknownKpi(kpi_id) from None


def select(ids: list[str] | tuple[str, ...] | None = None) -> tuple[Kpi, ...]:
    """The KPIs with these ids in registry order (all without)."""
    if ids is None:
        return KPIS
    wanted = {kpi(i).id for i in ids}
    return tuple(k for k in KPIS if k.id in wanted)
