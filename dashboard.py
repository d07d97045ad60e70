"""SHV Dashboard: the Streamlit entry point (`streamlit run dashboard.py`).

It only sets up the page and the navigation; every page lives in its own function or file.
"""

from __future__ import annotations

import streamlit as st

TITLE = "Managementinformatie schuldhulpverlening"


def home() -> None:
    """Placeholder home page until the real pages arrive."""
    st.title(TITLE)
    st.write("De pagina's met cijfers over aanmeldingen, trajecten en resultaten volgen.")


st.set_page_config(page_title="SHV Dashboard", layout="wide")
st.navigation([st.Page(home, title="Start", url_path="start", default=True)]).run()
