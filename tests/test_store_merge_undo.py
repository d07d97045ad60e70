"""The merge rule, idempotent imports, undo and snapshot replacement, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from connectors.pipeline import import_file
from store import db, gateway
from store.metrics_queries import EVERYTHING, Scope, stored_values
from store.models import stored_scopes
from tests.exportfiles import by_key, rows, snapshot, xlsx

D = dt.date
HEAD = ["Dossiernummer", "Datum aanmelding", "Consulent", "Datum eerste gesprek", "Datum afsluiting", "Reden afsluiting"]


def _import(url, path, **kw):
    result = import_file(path, url=url, **kw)
    assert not result.rejected, result.as_json()
    return result


def test_reopened_case_loses_its_end_date(tmp_path, db_url):
    _import(db_url, xlsx(tmp_path / "2025-01.xlsx", {"s": [HEAD, ["R1", "02-01-2025", "Ayse", "10-01-2025", "20-01-2025", "Zelf"]]}))
    assert by_key(db_url)["R1"]["closed_on"] == D(2025, 1, 20)
    _import(db_url, xlsx(tmp_path / "2025-02.xlsx", {"s": [HEAD, ["R1", "02-01-2025", "Ayse", "10-01-2025", "", ""]]}))
    case = by_key(db_url)["R1"]
    assert case["closed_on"] is None and case["close_reason"] is None
    assert case["first_contact_on"] == D(2025, 1, 10)


def test_absent_columns_keep_their_values_partial_update_file(tmp_path, db_url):
    _import(db_url, xlsx(tmp_path / "a.xlsx", {"s": [HEAD, ["P1", "02-01-2025", "Ayse", "", "", ""], ["P2", "03-01-2025", "Jan", "", "", ""]]}))
    intake = xlsx(tmp_path / "intake.xlsx", {"s": [["Traject-ID", "Behandelaar", "Startdatum intake"], ["P1", "Kees", "15-01-2025"]]})
    result = _import(db_url, intake)
    assert result.rows_loaded == 1
    stored = by_key(db_url)
    assert stored["P1"]["consultant"] == "Kees" and stored["P1"]["first_contact_on"] == D(2025, 1, 15)
    assert stored["P1"]["registered_on"] == D(2025, 1, 2)  # not in the intake file: kept
    assert stored["P2"]["consultant"] == "Jan"


def test_update_file_with_an_unknown_record_rejects_only_that_row(tmp_path, db_url):
    _import(db_url, xlsx(tmp_path / "a.xlsx", {"s": [HEAD[:2], ["P1", "02-01-2025"]]}))
    result = import_file(
        xlsx(tmp_path / "b.xlsx", {"s": [["Dossiernummer", "Consulent"], ["P1", "Ayse"], ["NIEUW", "Jan"]]}), url=db_url
    )
    assert result.rows_loaded == 1 and result.rows_rejected == 1
    assert [e.row for e in result.errors] == [3]
    assert sorted(by_key(db_url)) == ["P1"]


def test_same_file_twice_changes_nothing(tmp_path, db_url):
    path = xlsx(tmp_path / "a.xlsx", {"s": [HEAD, ["I1", "02-01-2025", "Ayse", "", "", ""]]})
    first = _import(db_url, path)
    before = snapshot(db_url), gateway.list_batches(db.ready_engine(db_url))
    second = import_file(path, url=db_url)
    assert second.already_imported and second.batch_id == first.batch_id and not second.rejected
    assert (snapshot(db_url), gateway.list_batches(db.ready_engine(db_url))) == before


def test_undo_restores_the_state_before_the_batch(tmp_path, db_url):
    _import(db_url, xlsx(tmp_path / "a.xlsx", {"s": [HEAD, ["U1", "02-01-2025", "Ayse", "10-01-2025", "20-01-2025", "Zelf"]]}))
    before = snapshot(db_url)
    second = _import(
        db_url,
        xlsx(tmp_path / "b.xlsx", {"s": [HEAD, ["U1", "02-01-2025", "Jan", "10-01-2025", "", ""], ["U2", "05-01-2025", "Kees", "", "", ""]]}),
    )
    assert snapshot(db_url) != before
    outcome = gateway.undo_batch(db.ready_engine(db_url), second.batch_id, "tester")
    assert outcome == {"batch": second.batch_id, "records_removed": 1, "records_restored": 1}
    assert snapshot(db_url) == before
    (undone,) = [b for b in gateway.list_batches(db.ready_engine(db_url)) if b["id"] == second.batch_id]
    assert undone["status"] == "ongedaan" and undone["undone_by"] == "tester"
    # the same file may be imported again after an undo
    again = import_file(tmp_path / "b.xlsx", url=db_url)
    assert not again.already_imported and again.rows_loaded == 2


def test_undo_is_refused_while_a_later_batch_changed_the_same_records(tmp_path, db_url):
    engine = db.ready_engine(db_url)
    first = _import(db_url, xlsx(tmp_path / "a.xlsx", {"s": [HEAD[:3], ["L1", "02-01-2025", "Ayse"]]}))
    second = _import(db_url, xlsx(tmp_path / "b.xlsx", {"s": [HEAD[:3], ["L1", "02-01-2025", "Jan"]]}))
    with pytest.raises(gateway.UndoError, match=f"batch\\(es\\) {second.batch_id}"):
        gateway.undo_batch(engine, first.batch_id, "tester")
    gateway.undo_batch(engine, second.batch_id, "tester")
    assert by_key(db_url)["L1"]["consultant"] == "Ayse"
    gateway.undo_batch(engine, first.batch_id, "tester")
    assert by_key(db_url) == {}
    with pytest.raises(gateway.UndoError, match="al ongedaan"):
        gateway.undo_batch(engine, first.batch_id, "tester")


def test_snapshot_replaces_that_date_for_the_teams_it_covers(tmp_path, db_url):
    head = ["Peildatum", "Dossiernummer", "Team", "Datum aanmelding"]
    _import(db_url, xlsx(tmp_path / "wachtlijst1.xlsx", {"s": [head, ["31-01-2025", "W1", "Schuldhulp Noord", "05-01-2025"],
                                                               ["31-01-2025", "W2", "Schuldhulp Zuid", "06-01-2025"]]}))  # fmt: skip
    third = _import(db_url, xlsx(tmp_path / "wachtlijst2.xlsx", {"s": [head, ["31-01-2025", "W3", "Schuldhulp Noord", "07-01-2025"]]}))
    assert sorted(r["case_id"] for r in rows(db_url, "waitlist")) == ["W2", "W3"]
    gateway.undo_batch(db.ready_engine(db_url), third.batch_id, "tester")
    assert sorted(r["case_id"] for r in rows(db_url, "waitlist")) == ["W1", "W2"]


def test_a_bulk_load_rebuilds_the_indexes_and_stores_the_same(tmp_path, db_url, monkeypatch):
    """A load that at least doubles the table drops its indexes and builds them again in the same
    transaction (BULK_MIN_ROWS lowered here so that a small file counts as bulk): same rows, same indexes."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from store.models import metadata

    monkeypatch.setattr(gateway, "BULK_MIN_ROWS", 2)
    first = [HEAD, ["B1", "02-01-2025", "Ayse", "10-01-2025", "", ""], ["B2", "03-01-2025", "Jan", "", "", ""]]
    _import(db_url, xlsx(tmp_path / "a.xlsx", {"s": first}))
    # a second file with the two records and three new ones: 5 rows written, 2 present -> bulk again
    more = [*first, ["B3", "04-01-2025", "Kees", "", "", ""], ["B4", "05-01-2025", "Kees", "", "", ""],
            ["B5", "06-01-2025", "Kees", "20-01-2025", "25-01-2025", "Zelf"]]  # fmt: skip
    _import(db_url, xlsx(tmp_path / "b.xlsx", {"s": more}))
    stored = by_key(db_url)
    assert sorted(stored) == ["B1", "B2", "B3", "B4", "B5"]
    assert stored["B5"]["closed_on"] == D(2025, 1, 25) and stored["B1"]["first_contact_on"] == D(2025, 1, 10)
    with db.get_engine(db_url).connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []  # every index is back


def test_a_rejected_bulk_load_leaves_the_indexes(tmp_path, db_url, monkeypatch):
    from sqlalchemy import inspect

    monkeypatch.setattr(gateway, "BULK_MIN_ROWS", 1)
    with db.get_engine(db_url).connect() as conn:
        before = sorted(i["name"] for i in inspect(conn).get_indexes("cases"))

    def broken(*_args, **_kwargs):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(gateway, "_executemany", broken)
    result = import_file(xlsx(tmp_path / "a.xlsx", {"s": [HEAD, ["X1", "02-01-2025", "Ayse", "", "", ""]]}), url=db_url)
    assert result.rejected and "niets opgeslagen" in result.message
    with db.get_engine(db_url).connect() as conn:
        assert sorted(i["name"] for i in inspect(conn).get_indexes("cases")) == before
    assert by_key(db_url) == {}


def _stored(url, column):

    with db.get_engine(url).connect() as conn:
        return stored_values(conn, column, EVERYTHING), stored_values(conn, column, Scope.of(teams=["Schuldhulp Oost"]))


def test_the_teams_and_municipalities_of_the_data_follow_imports_and_undo(tmp_path, db_url):
    """The filters' list of what the data hold (stored_scopes) is written with each batch and goes with it."""
    head = ["Dossiernummer", "Datum aanmelding", "Team", "Gemeente"]
    first = _import(db_url, xlsx(tmp_path / "a.xlsx", {"s": [head, ["S1", "02-01-2025", "Schuldhulp Oost", "Zeewolde"],
                                                              ["S2", "03-01-2025", "Schuldhulp Noord", "Dijkwaard"]]}))  # fmt: skip
    assert _stored(db_url, "team") == (["Schuldhulp Noord", "Schuldhulp Oost"], ["Schuldhulp Oost"])
    assert _stored(db_url, "municipality")[1] == ["Zeewolde"]  # only where Oost works
    # an intake export without team or municipality: the batch notes the pair its record keeps (merge rule)
    intake = _import(db_url, xlsx(tmp_path / "b.xlsx", {"s": [["Dossiernummer", "Consulent"], ["S1", "Kees"]]}))
    with db.get_engine(db_url).connect() as conn:
        pairs = conn.execute(select(stored_scopes.c.dataset, stored_scopes.c.team, stored_scopes.c.municipality)
                             .where(stored_scopes.c.batch_id == intake.batch_id)).all()  # fmt: skip
    assert pairs == [("cases", "Schuldhulp Oost", "Zeewolde")]
    gateway.undo_batch(db.ready_engine(db_url), intake.batch_id, "tester")
    assert _stored(db_url, "team")[0] == ["Schuldhulp Noord", "Schuldhulp Oost"]
    gateway.undo_batch(db.ready_engine(db_url), first.batch_id, "tester")
    assert _stored(db_url, "team") == ([], []) and _stored(db_url, "municipality") == ([], [])


def test_the_migration_notes_the_teams_and_municipalities_already_stored(tmp_path):
    """A store made before migration 0006 gets its stored_scopes from its records on upgrade."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    engine = db.get_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    config.attributes["connection_engine"] = engine
    command.upgrade(config, "0005")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO cases (case_id, registered_on, batch_id, created_batch_id, team, municipality)"
                          " VALUES ('a', '2025-01-02', 1, 1, 'Schuldhulp Oost', '9901'),"
                          " ('b', '2025-01-03', 1, 1, 'Schuldhulp Oost', '9901'), ('c', '2025-01-04', 2, 2, NULL, NULL)"))
        conn.execute(text("INSERT INTO signals (signal_id, received_on, batch_id, created_batch_id, municipality)"
                          " VALUES ('s', '2025-01-02', 3, 3, '0111')"))  # fmt: skip
    command.upgrade(config, "head")
    with engine.connect() as conn:
        pairs = conn.execute(select(stored_scopes.c.batch_id, stored_scopes.c.dataset, stored_scopes.c.team,
                                    stored_scopes.c.municipality).order_by(stored_scopes.c.batch_id)).all()  # fmt: skip
        assert stored_values(conn, "municipality", EVERYTHING) == ["0111", "9901"]
    assert pairs == [(1, "cases", "Schuldhulp Oost", "9901"), (3, "signals", None, "0111")]
