"""The upload page: what was read, what was rejected and why, the history, undo and the ruislijst."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from config.access import Role
from connectors import steward
from tests.conftest import ROOT
from ui.navigation import visible

PAGE = str(ROOT / "pages" / "12_importeren.py")
SAMPLE = ROOT / "sample_exports" / "files" / "2025" / "2025-03-31_allegro_zuid_dossiers.csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def admin(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'upload.sqlite'}"
    monkeypatch.setenv("SHV_DATABASE_URL", url)
    monkeypatch.setenv("SHV_ROLE", "beheerder")
    return url


def upload(app: AppTest, *files: tuple[str, bytes, str]) -> AppTest:
    app.file_uploader[0].set_value(list(files))
    app.button[0].click()  # "Importeren" (the form's submit button)
    return app.run()


def test_only_the_administrator_sees_the_page_in_the_navigation():
    def titles(role: Role) -> list[str]:
        return [info.title for info in visible(role)]

    assert "Importeren" in titles(Role.ADMIN)
    assert all("Importeren" not in titles(r) for r in Role if r is not Role.ADMIN)


def test_another_role_opening_the_page_directly_gets_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("SHV_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    monkeypatch.setenv("SHV_ROLE", "teamleider")
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert any("voorbehouden aan de beheerder" in w.value for w in app.warning)
    assert not app.file_uploader


def test_upload_a_good_and_a_bad_file_then_undo(admin):
    app = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not app.exception
    app = upload(
        app,
        (SAMPLE.name, SAMPLE.read_bytes(), "text/csv"),
        ("rapport.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", XLSX),
    )
    assert not app.exception
    successes = " ".join(m.value for m in [*app.success, *app.warning])
    errors = " ".join(e.value for e in app.error)
    assert SAMPLE.name in successes and "rijen ingelezen" in successes
    assert "rapport.xlsx" in errors  # the PDF renamed to .xlsx is rejected with a Dutch message
    history = steward.batches(admin)
    assert [b["file_name"] for b in history] == [SAMPLE.name]
    loaded = history[0]["rows_loaded"]
    assert loaded > 0
    # the history table lists the batch; undo needs the confirmation
    app.selectbox[2].select(history[0]["id"])
    app.button[1].click().run()  # "Ongedaan maken" without the checkbox
    assert any("zeker" in w.value for w in app.warning)
    assert steward.batches(admin)[0]["status"] == "geladen"
    app.checkbox[0].check()
    app.button[1].click().run()
    assert not app.exception
    assert any("ongedaan gemaakt" in s.value for s in app.success)
    assert steward.batches(admin)[0]["status"] != "geladen"


def test_the_ruislijst_lists_open_findings_with_a_download(admin):
    app = AppTest.from_file(PAGE, default_timeout=120).run()
    app = upload(app, (SAMPLE.name, SAMPLE.read_bytes(), "text/csv"))
    app.run()
    found = steward.findings(admin)
    assert found  # the Allegro export has an unknown column (Opmerking) and other findings
    assert [d.label for d in app.get("download_button")] == ["Download ruislijst als Excel"]
