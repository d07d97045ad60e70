"""Seeded sample exports of the fictional shared service "Sociaal Domein Dijkland" (see README.md)."""
