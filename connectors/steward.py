"""The data steward's work besides importing: the import history, undoing a batch, the data-quality list
(ruislijst) and the mapping profiles. The upload page and ``python -m connectors`` use the same functions."""

from __future__ import annotations

from connectors import profiles as profiles_mod
from store import db, gateway
from store.gateway import UndoError

__all__ = ["UndoError", "batches", "findings", "profile_names", "undo"]


def batches(url: str | None = None) -> list[dict]:
    """Every import, newest first, with who, when, file, dataset, counts and status."""
    return list(reversed(gateway.list_batches(db.ready_engine(url))))


def undo(batch_id: int, user: str, url: str | None = None) -> dict:
    """Restore the state from before ``batch_id``; raises :class:`UndoError` (Dutch) when it cannot."""
    return gateway.undo_batch(db.ready_engine(url), batch_id, user)


def findings(url: str | None = None, batch_id: int | None = None) -> list[dict]:
    """The open findings and row errors, oldest first."""
    return gateway.list_findings(db.ready_engine(url), batch_id=batch_id)


def profile_names(url: str | None = None) -> list[str]:
    """The shipped and the saved mapping profiles."""
    saved = gateway.saved_profiles(db.ready_engine(url))
    return sorted(set(profiles_mod.shipped()) | set(saved))
