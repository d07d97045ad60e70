"""SHV Dashboard: the Streamlit entry point (`streamlit run dashboard.py`).

It sets up the page and builds the navigation from the files in ``pages/`` (``ui.navigation`` reads
each page's title, icon, section and roles from the file without running it); every page lives in its
own file.
"""

from __future__ import annotations

import streamlit as st

from ui import data, navigation

st.set_page_config(
    page_title="SHV Dashboard · managementinformatie schuldhulpverlening",
    page_icon=":material/insights:",
    layout="wide",
)
st.navigation(navigation.pages(data.viewer().role), position="sidebar", expanded=True).run()
