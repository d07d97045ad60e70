"""Closed vocabularies and the spelling variants exports use for them (``exports.md``, value variants).

Values are compared case-, space-, punctuation- and accent-insensitively through ``fold``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from config import settings


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: the form variants are compared in."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^0-9a-z%]+", " ", text.lower())
    return text.strip()


def _compact(text: str) -> str:
    return fold(text).replace(" ", "")


# code -> spellings (the code itself always counts as a spelling)
VOCABULARIES: dict[str, dict[str, tuple[str, ...]]] = {
    "close_reason": {
        "afgerond": ("Afgerond", "Doel bereikt", "Positief afgerond"),
        "zelf": ("Zelf", "Zelf geregeld", "Zelf opgelost"),
        "ingetrokken": ("Ingetrokken", "Teruggetrokken", "Gestopt door cliënt", "Gestopt door client"),
        "niet_verschenen": ("Nietverschenen", "Niet verschenen", "No-show", "Noshow"),
        "voldoet_niet": ("Voldoet niet", "Voldoet niet aan verplichtingen"),
        "niet_passend": ("Niet passend", "Dienstverlening niet passend"),
        "verhuisd": ("Verhuisd",),
        "overleden": ("Overleden",),
        "overig": ("Overig", "Anders"),
    },
    "decision": {
        "toelating": ("Toelatingsbeschikking", "Toegelaten", "Toelating"),
        "afwijzing": ("Afwijzingsbeschikking", "Afgewezen", "Niet toegelaten", "Afwijzing"),
    },
    "solution_type": {
        "betalingsregeling": ("Betalingsregeling",),
        "herfinanciering": ("Herfinanciering",),
        "saneringskrediet": ("Saneringskrediet",),
        "schuldbemiddeling": ("Schuldbemiddeling",),
        "schuldregeling_zonder_afloscapaciteit": (
            "0%-aanbod",
            "0% aanbod",
            "SA",
            "Schuldregeling zonder afloscapaciteit",
        ),
    },
    "guidance_kind": {
        "budgetcoaching": ("Budgetcoaching",),
        "budgetbeheer": ("Budgetbeheer",),
        "beschermingsbewind": ("Beschermingsbewind",),
        "lange_termijn_begeleiding": ("Lange Termijn Begeleiding (DFD)", "Lange termijn begeleiding", "DFD"),
        "budgetbegeleiding": ("Budgetbegeleiding",),
    },
    "partner_type": {
        "energie": ("Energie", "Energieleverancier", "Energiebedrijf"),
        "huur": ("Huur", "Woningcorporatie", "Verhuurder", "Woningbouwvereniging"),
        "hypotheek": ("Hypotheek", "Hypotheekverstrekker"),
        "cak_zorgverzekeringen": ("CAK Zorgverzekeringen", "CAK zorgverzekering"),
        "zorg": ("Zorg", "Zorgverzekeraar", "Zorgverzekering"),
        "water": ("Water", "Drinkwaterbedrijf", "Waterbedrijf"),
        "duo": ("DUO",),
        "belastingdienst": ("Belastingdienst",),
        "cak_eigen_bijdrage": ("CAK Eigen bijdrage",),
        "dienst_toeslagen": ("Dienst Toeslagen", "Toeslagen"),
        "overige": ("Overige", "Overig", "Anders"),
    },
    "signal_result": {
        "niet_opgepakt_herhaald": ("Niet opgepakt: herhaalde melding", "Herhaalde melding"),
        "niet_opgepakt_onterecht": ("Niet opgepakt: onterecht signaal", "Onterecht signaal"),
        "niet_opgepakt_anders": ("Niet opgepakt: andere reden", "Niet opgepakt"),
        "overleden": ("Inwoner is overleden", "Overleden"),
        "geen_inwoner": ("Persoon is geen inwoner (meer) in de gemeente", "Geen inwoner", "Geen inwoner meer"),
        "al_bekend_shv": ("Inwoner al bekend bij schuldhulpverlening", "Al bekend bij SHV", "Al bekend"),
        "ander_traject": ("Inwoner heeft al een ander lopend traject", "Ander lopend traject", "Ander traject"),
        "geen_contact": ("Definitief geen contact kunnen krijgen", "Geen contact"),
        "geen_reactie": ("Geen reactie na eerder contact", "Geen reactie"),
        "geen_hulp_nodig": ("Inwoner hoeft geen hulp vanuit vroegsignalering", "Geen hulp nodig", "Hulp geweigerd"),
        "zelf_betaald": ("Inwoner heeft zelf al betaald/betalingsregeling getroffen", "Zelf betaald", "Zelf geregeld"),
        "advies_quick_fix": ("(Budget)advies en/of quick fix", "Advies", "Quick fix", "Budgetadvies"),
        "vervolghulp_financieel": ("Vervolghulp en/of verwijzing financieel", "Vervolghulp financieel"),
        "verwijzing_zonder_contact": ("Verwijzing zonder contact",),
        "vervolghulp_niet_financieel": (
            "Vervolghulp en/of verwijzing niet financieel",
            "Vervolghulp niet financieel",
        ),
    },
}


@cache
def _lookup(vocabulary: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for code, spellings in VOCABULARIES[vocabulary].items():
        for spelling in (code, *spellings):
            table[_compact(spelling)] = code
    return table


def to_code(vocabulary: str, raw: str, extra: dict[str, str] | None = None) -> str | None:
    """The canonical code for ``raw`` in ``vocabulary``, or None when it is not a known spelling.

    ``extra`` maps further spellings (from a mapping profile) to codes.
    """
    key = _compact(raw)
    if extra:
        for spelling, code in extra.items():
            if _compact(spelling) == key:
                return code
    return _lookup(vocabulary).get(key)


_MUNICIPALITY_CODE = re.compile(r"^(?:gm)?\s*0*(\d{1,4})$")


@lru_cache(maxsize=4096)
def municipality_code(raw: str) -> tuple[str, bool]:
    """(CBS code as four digits, True) for a code or a known name; (the name as given, False) otherwise.

    ``GM0518``, ``0518``, ``518`` and ``518.0`` (Excel) are the same code.
    """
    text = raw.strip()
    m = _MUNICIPALITY_CODE.match(text.lower().removesuffix(".0"))
    if m:
        return m.group(1).zfill(4), True
    key = fold(text)
    for mun in settings.installation().municipalities:
        if key in {fold(mun.name), *(fold(a) for a in mun.aliases)}:
            return mun.code, True
    return text, False
