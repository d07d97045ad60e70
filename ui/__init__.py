"""Presentation helpers shared by the Streamlit pages and the report writers.

``format``: Dutch number and date formats; ``charts``: pure plotly builders; ``filters``: the period, team,
municipality and consultant filters kept in the URL; ``access``: the viewer's role and scope; ``data``:
cached reads through ``metrics/``; ``tables``: tables and their Excel downloads. No KPI is computed here.
"""
