"""Seeded sample exports of the fictional shared service "Sociaal Domein Dijkland" (see README.md)."""

import os

# The committed files were written by openpyxl's own XML writer. With lxml installed (python-docx needs it)
# openpyxl switches to lxml's writer, which serialises the same workbook to other bytes: keep the generator
# on the writer the files were made with, so the same seed still gives the same bytes.
os.environ.setdefault("OPENPYXL_LXML", "False")
