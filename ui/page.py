"""The frame every page shares: title, filters, the viewer, the data version and the empty state.

A page script is settings → a call into ``metrics/`` (through ``ui.data``) → rendering::

    ctx = page.start("Overzicht", consultant=False)
    if ctx is None:
        st.stop()
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import streamlit as st

from config.access import Viewer
from metrics.suppression import FOOTNOTE, Thresholds, for_council
from ui import data, filters, navigation
from ui.filters import Filters

T = TypeVar("T")
EMPTY_TEXT = (
    "Nog geen gegevens. Een beheerder importeert de exports uit het cliëntvolgsysteem op de pagina "
    "**Importeren** of met `python -m connectors import BESTAND`."
)


@dataclass(frozen=True)
class Context:
    viewer: Viewer
    version: str
    filters: Filters
    thresholds: Thresholds  # small numbers, as the installation's settings say

    @property
    def scope_key(self) -> data.ScopeKey:
        return data.scope_key(self.filters.scope)


def heading(title: str, intro: str | None = None) -> None:
    """The page title and its one-line explanation; first, every page runs through the dashboard's navigation."""
    navigation.through_dashboard()
    st.title(title)
    if intro:
        st.caption(intro)


def start(title: str, *, consultant: bool = False, granularities: tuple[str, ...] = ("maand", "kwartaal", "jaar"),
          intro: str | None = None) -> Context | None:  # fmt: skip
    """Title, filters and the empty state; None when there is nothing to show yet."""
    heading(title, intro)
    viewer = data.viewer()
    version = data.version()
    if not data.has_data(version):
        st.info(EMPTY_TEXT, icon=":material/inbox:")
        return None
    chosen = filters.render(viewer, version, consultant=consultant, granularities=granularities)
    return Context(viewer, version, chosen, data.thresholds(version))


def sections(parts: Mapping[str, Callable[[T], None]], argument: T) -> None:
    """Tabs kept in the URL (``?onderdeel=…``); only the open tab computes its figures."""
    tabs = st.tabs(list(parts), key="onderdeel", bind="query-params")
    for tab, render in zip(tabs, parts.values(), strict=True):
        with tab:
            if tab.open:
                render(argument)


def council_footnote(thresholds: Thresholds | None = None) -> None:
    limits = thresholds or data.thresholds(data.version())
    st.caption(
        FOOTNOTE.format(n=limits.min_records)
        + f" Aantallen van 1 tot {limits.min_count - 1} staan als <{limits.min_count}."
    )


__all__ = ["Context", "council_footnote", "for_council", "heading", "sections", "start"]
