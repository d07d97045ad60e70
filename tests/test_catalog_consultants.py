"""The consultant list of the filters and of the redaction: every name a scope may see, once, sorted."""

from __future__ import annotations

from store import db
from store.queries.catalog import consultants
from store.queries.filters import Scope
from tests.metrics_helpers import case, insert_rows


def test_consultants_of_a_scope_each_once_and_sorted(db_url):
    rows = [
        case("c1", "2025-01-02", consultant="Zoë", team="Schuldhulp Noord"),
        case("c2", "2025-01-03", consultant="Anne", team="Schuldhulp Noord"),
        case("c3", "2025-01-04", consultant="Anne", team="Schuldhulp Noord"),
        case("c4", "2025-01-05", consultant=None, team="Schuldhulp Noord"),
        # between the two names of Noord in order, and only in Zuid: skipped by Noord's list, not the end of it
        case("c5", "2025-01-06", consultant="Martin", team="Schuldhulp Zuid"),
        case("c6", "2025-01-07", consultant="Bert", team="Schuldhulp Zuid", municipality="9902"),
        case("c7", "2025-01-08", consultant="Bert", team="Schuldhulp Noord", municipality="9902"),
    ]
    insert_rows(db_url, "cases", rows)
    with db.get_engine(db_url).connect() as conn:
        assert consultants(conn, Scope()) == ["Anne", "Bert", "Martin", "Zoë"]
        assert consultants(conn, Scope.of(teams=["Schuldhulp Noord"])) == ["Anne", "Bert", "Zoë"]
        assert consultants(conn, Scope.of(teams=["Schuldhulp Zuid"], municipalities=["9901"])) == ["Martin"]
        assert consultants(conn, Scope.of(municipalities=["9902"])) == ["Bert"]
        assert consultants(conn, Scope.of(teams=[])) == []


def test_no_consultants_in_an_empty_store(db_url):
    with db.get_engine(db_url).connect() as conn:
        assert consultants(conn, Scope()) == []
