"""Pseudonymisation: keyed, stable, never the raw identifier, key kept owner-only outside the repository."""

from __future__ import annotations

import hashlib
import hmac
import stat

import pytest

from connectors.pseudonym import KEY_FILE, Pseudonymiser


def test_hmac_sha256_with_the_configured_key(monkeypatch):
    key = "k" * 40
    monkeypatch.setenv("SHV_PSEUDONYM_KEY", key)
    expected = hmac.new(key.encode(), b"123456782", hashlib.sha256).hexdigest()
    assert Pseudonymiser().hash("123456782") == expected
    assert Pseudonymiser().hash(" 123456782 ") == expected


def test_different_keys_give_different_pseudonyms():
    assert Pseudonymiser(b"a" * 32).hash("42") != Pseudonymiser(b"b" * 32).hash("42")


def test_key_generated_on_first_use_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("SHV_PSEUDONYM_KEY", "")
    monkeypatch.setenv("SHV_DATA_DIR", str(tmp_path))
    first = Pseudonymiser().hash("42")
    path = tmp_path / KEY_FILE
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Pseudonymiser().hash("42") == first  # the same key is read again
    assert path.read_text().strip() not in first


def test_short_configured_key_is_refused(monkeypatch):
    monkeypatch.setenv("SHV_PSEUDONYM_KEY", "kort")
    with pytest.raises(ValueError, match="te kort"):
        Pseudonymiser()


def test_hash_many_hashes_each_distinct_value_once_and_keeps_empties():
    p = Pseudonymiser(b"x" * 32)
    out = p.hash_many(["1", None, "1", "", "2"])
    assert out[0] == out[2] == p.hash("1") and out[1] is None and out[3] is None and out[4] == p.hash("2")


def test_the_generated_key_file_is_ignored_by_git():
    import subprocess

    from tests.conftest import ROOT

    proc = subprocess.run(["git", "check-ignore", "-q", f"data/{KEY_FILE}"], cwd=ROOT, check=False)
    assert proc.returncode == 0, "data/pseudonym.key must be git-ignored"
