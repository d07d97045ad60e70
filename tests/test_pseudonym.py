"""Pseudonymisation: keyed, stable, never the raw identifier, key kept owner-only outside the repository."""

from __future__ import annotations

import hashlib
import hmac
import stat

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


def test_short_configured_key_is_used_with_a_warning(monkeypatch, caplog):
    monkeypatch.setenv("SHV_PSEUDONYM_KEY", "kort")
    with caplog.at_level("WARNING", logger="connectors.pseudonym"):
        short = Pseudonymiser()
    assert short.hash("42") == Pseudonymiser(b"kort").hash("42") != Pseudonymiser(b"lang" * 8).hash("42")
    assert "korter dan 32 tekens" in caplog.text and "kort" not in caplog.text.replace("korter", "")


def test_hash_many_hashes_each_distinct_value_once_and_keeps_empties():
    p = Pseudonymiser(b"x" * 32)
    out = p.hash_many(["1", None, "1", "", "2"])
    assert out[0] == out[2] == p.hash("1") and out[1] is None and out[3] is None and out[4] == p.hash("2")


def test_the_generated_key_file_is_ignored_by_git():
    import subprocess

    from tests.conftest import ROOT

    proc = subprocess.run(["git", "check-ignore", "-q", f"data/{KEY_FILE}"], cwd=ROOT, check=False)
    assert proc.returncode == 0, "data/pseudonym.key must be git-ignored"


def test_hash_many_gives_hmac_sha256_for_short_long_and_block_sized_keys():
    """hash_many computes HMAC from its own inner and outer SHA-256 states: it must equal the library's HMAC,
    also for a key longer than SHA-256's 64-byte block (hashed first) and one of exactly 64 bytes."""
    for key in (b"k", b"x" * 63, b"y" * 64, b"z" * 65, "sleutel-é".encode() * 20):
        values = [" 00123 ", "abc", "é", "abc"]
        expected = [hmac.new(key, v.strip().encode(), hashlib.sha256).hexdigest() for v in values]
        assert Pseudonymiser(key).hash_many(values) == expected, key
