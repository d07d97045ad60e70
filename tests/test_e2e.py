"""End to end: `streamlit run` on loopback with the sample data, driven by Debian's chromium through
Playwright. Screenshots of every page go to test-artifacts/screenshots/ (CI keeps them as artefacts).

Skipped when chromium is not installed, except in CI (``CI`` set), where it must run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.access import Role
from tests.conftest import ROOT
from ui.navigation import visible

pytestmark = pytest.mark.e2e
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]  # fmt: skip
STARTUP_SECONDS = 120
PAGE_SECONDS = 90


def _need_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"chromium ontbreekt in CI ({CHROMIUM}): installeer Debian's pakket chromium")
    pytest.skip("chromium niet geïnstalleerd (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db_file: Path, folder: Path, role: Role) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        copy = folder / "e2e.sqlite"
        shutil.copyfile(db_file, copy)
        env = os.environ | {
            "SHV_DATABASE_URL": f"sqlite:///{copy}",
            "SHV_DATA_DIR": str(folder / "data"),
            "SHV_PSEUDONYM_KEY": "test-key-" + "x" * 40,
            "SHV_ROLE": role.value,
            "SHV_USER": "e2e",
        }
        self.log = (folder / "streamlit.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless=true",
             f"--server.port={self.port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit stopte (code {self.process.returncode}); zie {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"streamlit antwoordde niet binnen {STARTUP_SECONDS} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _server(role: Role, sample_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    _need_chromium()
    server = Server(sample_db_file, tmp_path_factory.mktemp(f"e2e_{role.value}"), role)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def admin_server(sample_db_file, tmp_path_factory) -> Iterator[Server]:
    yield from _server(Role.ADMIN, sample_db_file, tmp_path_factory)


@pytest.fixture(scope="module")
def team_leader_server(sample_db_file, tmp_path_factory) -> Iterator[Server]:
    yield from _server(Role.TEAM_LEADER, sample_db_file, tmp_path_factory)


def settle(page) -> None:
    """Wait until the script run is over and nothing is loading any more."""
    with contextlib.suppress(Exception):  # the run may be over before we look
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]', timeout=2000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=PAGE_SECONDS * 1000)
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=\"stSkeleton\"], [data-testid=\"stSpinner\"]').length === 0",
        timeout=PAGE_SECONDS * 1000,
    )


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page.set_default_timeout(PAGE_SECONDS * 1000)
    page.goto(url)
    settle(page)
    return page


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` (sidebar or page)."""
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first.click()
    page.keyboard.type(option)  # the list is virtual: long lists only render what is in view
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def assert_no_exception(page, name: str) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, f"{name}: {errors.first.inner_text()}"


def test_screenshots_of_every_page(admin_server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for info in visible(Role.ADMIN):
        page = open_page(browser, f"{admin_server.url}/{info.url_path}")
        assert_no_exception(page, info.title)
        assert page.get_by_text("Page not found").count() == 0, f"deep link /{info.url_path}"
        assert page.locator("h1").first.inner_text().strip() == info.title
        page.screenshot(path=str(ARTIFACTS / f"{info.path.stem}.png"), full_page=True)
        page.close()


def assert_dashboard_navigation(page, hidden: str) -> None:
    """The sidebar is the navigation of dashboard.py (titles, sections, roles), not Streamlit's own list of the
    files in pages/ that a first visit by deep link to a fresh server would get."""
    nav = page.locator('[data-testid="stSidebarNav"]')
    assert nav.get_by_text("Termijnen en doorlooptijden", exact=True).count() == 1, nav.inner_text()
    assert nav.get_by_text("Verantwoording", exact=True).count() == 1, nav.inner_text()
    assert nav.get_by_text(hidden, exact=False).count() == 0, nav.inner_text()


def test_filters_live_in_the_url_and_a_shared_link_opens_the_same_view(team_leader_server, browser):
    # The server's first visit is a deep link, as when a shared URL is the first thing opened after a restart.
    page = open_page(browser, f"{team_leader_server.url}/overzicht")
    assert_dashboard_navigation(page, hidden="mporteren")  # the import page is the administrator's
    choose(page, "Team", "Schuldhulp Noord")
    page.locator('[data-testid="stSidebar"]').get_by_text("jaar", exact=True).click()
    settle(page)
    choose(page, "Kies de periode", "2024")
    assert "team=Schuldhulp+Noord" in page.url and "periode=2024" in page.url and "soort=jaar" in page.url
    shared = page.url
    noord = page.locator('[data-testid="stMetric"]').filter(has_text="Aanmeldingen").first.inner_text()
    page.close()
    again = open_page(browser, shared)
    assert_dashboard_navigation(again, hidden="mporteren")
    assert again.locator('[data-testid="stMetric"]').filter(has_text="Aanmeldingen").first.inner_text() == noord
    assert "259" in noord  # sample_exports/expected.json: Noord registered 259 help requests in 2024
    again.close()


def test_caseload_meeting_journey(team_leader_server, browser, sample_db_file, tmp_path):
    """Open the dashboard, pick a team and a month, click through to the cases over the term, download them."""
    from openpyxl import load_workbook

    from metrics.drilldown import drilldown
    from store.metrics_queries import Scope

    page = open_page(browser, team_leader_server.url)
    assert page.locator("h1").first.inner_text().strip() == "Overzicht"
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Caseloadbespreking", exact=True).click()
    settle(page)
    assert page.locator("h1").first.inner_text().strip() == "Caseloadbespreking"
    choose(page, "Team", "Schuldhulp Noord")
    choose(page, "Kies de periode", "oktober 2024")  # Noord was short of capacity from July 2024
    assert_no_exception(page, "Caseloadbespreking")
    page.locator('[data-testid="stButtonGroup"]').get_by_text("Wachtenden over de termijn", exact=True).click()
    settle(page)
    assert page.get_by_role("heading", name="Wachtenden over de termijn · alle consulenten").count() == 1
    page.screenshot(path=str(ARTIFACTS / "journey_cases_over_term.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download als Excel").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    sheet = load_workbook(saved).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    behind = drilldown(
        f"sqlite:///{sample_db_file}", "wachtlijst_over_termijn", "2024-10", Scope.of(["Schuldhulp Noord"])
    )
    expected = {r.record_id for r in behind.numerator}
    assert expected, "de voorbeeldgegevens horen in oktober 2024 wachtenden over de termijn te hebben"
    assert expected <= set(cells)
    page.close()
