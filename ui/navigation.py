"""The navigation, built from the files in ``pages/``.

Each page file declares, as module-level constants, ``TITLE`` (Dutch), ``ICON`` (a Material icon),
``SECTION`` (the navigation group) and optionally ``ROLES`` (the role values that may open it; all roles
without). They are read with ``ast`` (the page is not run), and pages are ordered by file name.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from config.access import Role

PAGES = Path(__file__).resolve().parent.parent / "pages"
SECTIONS = ("Sturing", "Verantwoording", "Gegevens")


@dataclass(frozen=True)
class PageInfo:
    path: Path
    title: str
    icon: str | None
    section: str
    roles: frozenset[str] | None

    @property
    def url_path(self) -> str:
        """The file name without its number (``05_instroom_uitstroom.py`` → ``instroom_uitstroom``): the path
        Streamlit itself derives from a file in ``pages/``, so a deep link works before the navigation runs."""
        return self.path.stem.split("_", 1)[-1]

    def open_to(self, role: Role) -> bool:
        return self.roles is None or role.value in self.roles


def _constants(path: Path) -> dict[str, object]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    values: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("TITLE", "ICON", "SECTION", "ROLES"):
                values[name] = ast.literal_eval(node.value)
    return values


@cache
def page_infos() -> tuple[PageInfo, ...]:
    infos = []
    for path in sorted(PAGES.glob("[0-9][0-9]_*.py")):
        values = _constants(path)
        roles = values.get("ROLES")
        infos.append(
            PageInfo(
                path=path,
                title=str(values.get("TITLE") or path.stem),
                icon=values.get("ICON"),  # type: ignore[arg-type]
                section=str(values.get("SECTION") or SECTIONS[0]),
                roles=frozenset(roles) if roles else None,  # type: ignore[arg-type]
            )
        )
    return tuple(infos)


def visible(role: Role) -> list[PageInfo]:
    """The pages ``role`` may open, in navigation order."""
    infos = [info for info in page_infos() if info.open_to(role)]
    return sorted(infos, key=lambda i: (_section_order(i.section), i.path.name))


def pages(role: Role) -> dict[str, list[st.Page]]:
    """The pages ``role`` may open, grouped by section (the first page is the default)."""
    grouped: dict[str, list[st.Page]] = {}
    for index, info in enumerate(visible(role)):
        page = st.Page(str(info.path), title=info.title, icon=info.icon, url_path=info.url_path, default=index == 0)
        grouped.setdefault(info.section, []).append(page)
    return {section: grouped[section] for section in sorted(grouped, key=_section_order)}


def _section_order(section: str) -> tuple[int, str]:
    return (SECTIONS.index(section), "") if section in SECTIONS else (len(SECTIONS), section)


def through_dashboard() -> None:
    """Run the page through ``dashboard.py``, never on its own.

    When the first visit to a fresh server is a deep link (a shared URL with filters), Streamlit sees the
    folder ``pages/`` and runs the page file directly, with a navigation of every file in it: no wide
    layout and no roles (the council would see the import page listed). Streamlit (pinned in
    requirements.txt) keeps that choice in ``PagesManager.uses_pages_directory`` until ``st.navigation``
    runs; turning it off and running again sends this and every later visit through the navigation of
    ``dashboard.py``, on the same URL, which then applies the roles."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
