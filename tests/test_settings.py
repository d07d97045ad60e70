"""Settings are declared once; the README lists every one of them."""

from __future__ import annotations

from config import settings
from tests.conftest import ROOT


def test_readme_lists_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in settings.SETTINGS if f"`{s.name}`" not in readme]
    assert not missing, f"README mist instellingen: {missing}"


def test_environment_overrides_default(monkeypatch, tmp_path):
    monkeypatch.setenv("SHV_DATA_DIR", str(tmp_path / "elders"))
    assert settings.data_dir() == tmp_path / "elders" and (tmp_path / "elders").is_dir()
    monkeypatch.delenv("SHV_DATABASE_URL", raising=False)
    assert settings.database_url() == f"sqlite:///{tmp_path / 'elders' / 'shv.sqlite'}"
    assert settings.database_url("postgresql://x/y") == "postgresql://x/y"


def test_installation_codes_are_four_digits():
    inst = settings.installation()
    assert inst.municipalities and all(len(m.code) == 4 and m.code.isdigit() for m in inst.municipalities)
