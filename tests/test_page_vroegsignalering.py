"""The page Vroegsignalering with AppTest on the sample data: the figures per municipality match the sample's
ground truth (sample_exports/expected.json), the national figures are drawn with their source and called
context, signals per 1,000 inhabitants come from the installation's inhabitants (and are left out without
them), and the council sees no count under 5."""

from __future__ import annotations

import pytest

from tests.page_helpers import chart, run, small_counts_in, table_with, texts

PAGE = "06_vroegsignalering"


@pytest.fixture
def samples(sample_db_file, monkeypatch):
    monkeypatch.setenv("SHV_DATABASE_URL", f"sqlite:///{sample_db_file}")


def test_per_municipality_matches_the_sample_truth(samples):
    app = run(PAGE, onderdeel="Per gemeente", soort="jaar", periode="2024")
    assert not app.exception
    frame = table_with(app, "Per 1.000 inwoners per maand").set_index("Gemeente")
    # expected.json, 2024: signals 9901 1,773, 9902 958, 9903 1,404 (9904 delivers signal cases only);
    # meldingen 1,561, 818, 1,226, 747
    assert list(frame["Signalen"]) == ["1.773", "958", "1.404", "0"]
    assert list(frame["Meldingen"]) == ["1.561", "818", "1.226", "747"]
    assert list(frame.index) == ["Dijkwaard", "Veenhoven", "Lindebroek", "Hoogmeer"]
    # inhabitants (installation.toml): 1,773 / 35.4 / 12 = 4.17; 958 / 19.8 / 12 = 4.03;
    # 1,404 / 27.9 / 12 = 4.19; Hoogmeer has no signals: no rate
    assert list(frame["Per 1.000 inwoners per maand"]) == ["4,2", "4,0", "4,2", "–"]
    national = table_with(app, "Bron")
    assert "Divosa Monitor Vroegsignalering Schulden, jaarrapportage 2024" in set(national["Bron"])
    assert "ca. 25%" in set(national["Waarde"])


def test_a_team_sees_the_municipalities_it_serves(samples):
    app = run(PAGE, onderdeel="Per gemeente", soort="jaar", periode="2024", team="Schuldhulp Noord")
    assert list(table_with(app, "Meldingen")["Gemeente"]) == ["Dijkwaard", "Veenhoven"]


def test_partners_beside_the_national_shares_with_their_source(samples):
    app = run(PAGE, onderdeel="Signalen", soort="jaar", periode="2024")
    partners = table_with(app, "Landelijk aandeel").set_index("Partner")
    assert partners.loc["Zorgverzekeraar", "Landelijk aandeel"] == "41%"
    assert partners.loc["Drinkwaterbedrijf", "Landelijk aandeel"] == "18%"
    # expected.json 2024 signals: 1,773 + 958 + 1,404 = 4,135 over the partners
    assert sum(int(v.replace(".", "")) for v in partners["Signalen"]) == 4135
    shown = texts(app)
    assert "Divosa Monitor Vroegsignalering Schulden, jaarrapportage 2024" in shown
    assert "context, geen norm" in shown
    rate = chart(app, "Signalen per 1.000 inwoners")
    lines = [s for s in rate["layout"]["shapes"] if s.get("yref") == "y"]
    assert [s["y0"] for s in lines] == [4.0]  # Divosa 2023: 4.0 signals per 1,000 inhabitants per month
    assert any("landelijk 2023: 4,0" in a["text"] for a in rate["layout"]["annotations"])


def test_follow_up_with_three_national_lines(samples):
    app = run(PAGE, onderdeel="Meldingen en opvolging", soort="maand", periode="december 2024")
    assert not app.exception
    follow = chart(app, "Opgepakt, bereik en hulpacceptatie")
    assert sorted(s["y0"] for s in follow["layout"]["shapes"] if s.get("yref") == "y") == [25, 35, 83]
    meldingen = table_with(app, "Enkelvoudig")
    assert len(meldingen) == 13
    row = meldingen.iloc[-1]
    assert int(row["Meldingen"]) == int(row["Enkelvoudig"]) + int(row["Meervoudig"])


def test_no_rate_without_inhabitants(samples, monkeypatch, tmp_path):
    plain = tmp_path / "installation.toml"
    plain.write_text(
        'teams = ["Schuldhulp Noord"]\n[[municipalities]]\ncode = "9901"\nname = "Dijkwaard"\n'
        'team = "Schuldhulp Noord"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SHV_SETTINGS_FILE", str(plain))
    app = run(PAGE, onderdeel="Signalen", soort="jaar", periode="2024")
    assert not app.exception
    assert "geen gemeente in deze selectie met een bekend inwonertal" in texts(app)


@pytest.mark.parametrize("tab", ["Signalen", "Meldingen en opvolging", "Per gemeente"])
def test_council_sees_no_small_counts(samples, monkeypatch, tab):
    monkeypatch.setenv("SHV_ROLE", "raad")
    app = run(PAGE, onderdeel=tab, soort="maand", periode="december 2025", gemeente="Veenhoven")
    assert not app.exception
    for frame in (t.value for t in app.table):
        assert not small_counts_in(frame), (tab, frame)


def test_council_share_of_a_suppressed_count_is_not_shown(samples, monkeypatch):
    monkeypatch.setenv("SHV_ROLE", "raad")
    app = run(PAGE, onderdeel="Signalen", soort="maand", periode="december 2025", gemeente="Veenhoven")
    partners = table_with(app, "Landelijk aandeel")
    hidden = partners[partners["Signalen"] == "<5"]
    assert len(hidden) and set(hidden["Aandeel"]) == {"–"}  # 9,3% of 43 signals would give the count away
