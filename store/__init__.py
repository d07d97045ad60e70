"""The store: tables, the one query gateway and the migrations. The only code that talks to the database."""
