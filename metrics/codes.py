"""Closed vocabularies the KPI definitions branch on (the DDAS code lists of ``exports.md``)."""

from __future__ import annotations

import enum


class CloseReason(enum.Enum):
    AFGEROND = "afgerond"
    ZELF = "zelf"
    INGETROKKEN = "ingetrokken"
    NIET_VERSCHENEN = "niet_verschenen"
    VOLDOET_NIET = "voldoet_niet"
    NIET_PASSEND = "niet_passend"
    VERHUISD = "verhuisd"
    OVERLEDEN = "overleden"
    OVERIG = "overig"


class Decision(enum.Enum):
    TOELATING = "toelating"
    AFWIJZING = "afwijzing"


class SignalResult(enum.Enum):
    NIET_OPGEPAKT_HERHAALD = "niet_opgepakt_herhaald"
    NIET_OPGEPAKT_ONTERECHT = "niet_opgepakt_onterecht"
    NIET_OPGEPAKT_ANDERS = "niet_opgepakt_anders"
    OVERLEDEN = "overleden"
    GEEN_INWONER = "geen_inwoner"
    AL_BEKEND_SHV = "al_bekend_shv"
    ANDER_TRAJECT = "ander_traject"
    GEEN_CONTACT = "geen_contact"
    GEEN_REACTIE = "geen_reactie"
    GEEN_HULP_NODIG = "geen_hulp_nodig"
    ZELF_BETAALD = "zelf_betaald"
    ADVIES_QUICK_FIX = "advies_quick_fix"
    VERVOLGHULP_FINANCIEEL = "vervolghulp_financieel"
    VERWIJZING_ZONDER_CONTACT = "verwijzing_zonder_contact"
    VERVOLGHULP_NIET_FINANCIEEL = "vervolghulp_niet_financieel"


class GuidanceKind(enum.Enum):
    BUDGETCOACHING = "budgetcoaching"
    BUDGETBEHEER = "budgetbeheer"
    BESCHERMINGSBEWIND = "beschermingsbewind"
    LANGE_TERMIJN_BEGELEIDING = "lange_termijn_begeleiding"
    BUDGETBEGELEIDING = "budgetbegeleiding"


# The catalogue's default sets; the installation's sets are settings (metrics.settings).
POSITIVE_CLOSE_REASONS = frozenset({CloseReason.AFGEROND, CloseReason.ZELF})
DROPOUT_CLOSE_REASONS = frozenset({CloseReason.INGETROKKEN, CloseReason.NIET_VERSCHENEN, CloseReason.VOLDOET_NIET})
HELP_ACCEPTED_RESULTS = frozenset(
    {SignalResult.ADVIES_QUICK_FIX, SignalResult.VERVOLGHULP_FINANCIEEL, SignalResult.VERVOLGHULP_NIET_FINANCIEEL}
)
