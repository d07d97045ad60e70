"""The sample exports: seeded and byte-for-byte reproducible, official DDAS shapes, the asked volumes,
only fictional people, known value variants, and a merge in file-name order that ends in the truth."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import openpyxl
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from connectors import vocab
from sample_exports import generate as gen
from sample_exports.simulate import LAST_DAY, NOORD, SURNAMES, ZUID, simulate

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "sample_exports" / "files"
SCHEMAS = ROOT / "connectors" / "schemas"  # the official DDAS schemas, as shipped with the connectors
EMPTY = {"", "-", "n.v.t.", "null"}

pytestmark = pytest.mark.slow  # generating the whole set takes several seconds


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    gen.generate(out / "files", gen.DEFAULT_SEED, out / "expected.json")
    return out


@pytest.fixture(scope="module")
def cases_in_order(generated: Path) -> list[tuple[str, dict[str, object]]]:
    return case_rows(generated / "files")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def files(root: Path, pattern: str) -> list[Path]:
    """Matching files in import order: by file name, which starts with the reference date."""
    return sorted(root.glob(f"*/*{pattern}*"), key=lambda p: p.name)


# ---------------------------------------------------------------- reading the files back


def to_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    text = str(value or "").strip()
    if text.lower() in EMPTY:
        return None
    if m := re.match(r"^(\d{4})-(\d{2})-(\d{2})", text):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    m = re.match(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})", text)
    assert m, f"onleesbare datum {text!r}"
    return dt.date(int(m[3]), int(m[2]), int(m[1]))


def text_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return None if text.lower() in EMPTY else text


def xlsx_records(path: Path, key_header: str, sheet: str | None = None) -> list[dict[str, object]]:
    """Rows below the header row that holds ``key_header`` (title blocks and totals rows skipped)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb[sheet] if sheet else wb.worksheets[-1]
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    at = next(i for i, r in enumerate(rows) if any(str(c or "").strip() == key_header for c in r))
    headers = [str(c or "").strip() for c in rows[at]]
    out = []
    for r in rows[at + 1 :]:
        if r[0] is None or str(r[0]).startswith(("Totaal", "Eindtotaal")):
            continue
        out.append(dict(zip(headers, r, strict=False)))
    return out


def csv_records(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    if text.startswith("sep="):
        text = text.split("\n", 1)[1]
    delimiter = ";" if text.split("\n", 1)[0].count(";") > 1 else ","
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def case_rows(root: Path) -> list[tuple[str, dict[str, object]]]:
    """(file name, row) for every Stratech, Allegro and Suite case row, in import order."""
    out = []
    for path in sorted([*files(root, "_dossiers."), *files(root, "suite_zuid_intake")], key=lambda p: p.name):
        if path.suffix == ".csv":
            records: list[dict] = csv_records(path)
        elif "suite" in path.name:
            records = xlsx_records(path, "Traject-ID", "Intake")  # headers vary in case and spaces
        else:
            records = xlsx_records(path, "Dossiernummer")
        out += [(path.name, r) for r in records]
    return out


def ddas_docs(root: Path, kind: str) -> list[tuple[Path, dict]]:
    return [(p, json.loads(p.read_text(encoding="utf-8"))) for p in files(root, f"ddas_{kind}_")]


# ---------------------------------------------------------------- tests


def test_committed_files_are_exactly_what_the_generator_writes(generated):
    fresh, committed = tree(generated / "files"), tree(COMMITTED)
    assert sorted(fresh) == sorted(committed), "bestandenlijst wijkt af: draai python -m sample_exports.generate"
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert not changed, f"{len(changed)} bestanden wijken af (bv. {changed[:3]}): genereer opnieuw"
    expected = (ROOT / "sample_exports" / "expected.json").read_bytes()
    assert (generated / "expected.json").read_bytes() == expected


def test_same_seed_gives_the_same_bytes_and_another_seed_other_data(generated, tmp_path):
    gen.generate(tmp_path / "files", gen.DEFAULT_SEED, tmp_path / "expected.json")
    assert tree(tmp_path / "files") == tree(generated / "files")
    assert (tmp_path / "expected.json").read_bytes() == (generated / "expected.json").read_bytes()
    other = simulate("another seed")
    assert [c.registered_on for c in other.cases[:50]] != [c.registered_on for c in simulate().cases[:50]]


def test_file_names_sort_chronologically_and_folder_stays_small():
    paths = [p for p in COMMITTED.rglob("*") if p.is_file()]
    names = [p.name for p in paths]
    assert all(re.match(r"^\d{4}-\d{2}-\d{2}_[a-z0-9_]+\.(xlsx|csv|json)$", n) for n in names)
    assert all(p.parent.name == p.name[:4] for p in paths), "jaarmap = jaar van de peildatum"
    assert sum(p.stat().st_size for p in paths) < 15_000_000


@pytest.mark.parametrize(("kind", "schema_dir"), [("shv", "shv-v1.0"), ("vs", "vs-v0.9")])
def test_ddas_deliveries_validate_against_the_official_schemas(generated, kind, schema_dir):
    schema = json.loads((SCHEMAS / f"ddas-{schema_dir}.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    docs = ddas_docs(generated / "files", kind)
    assert len(docs) == (6 if kind == "shv" else 4 + 8 * 3)
    for path, doc in docs:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
        assert not errors, f"{path.name}: {errors[:3]}"


def test_case_volumes_per_year(generated, cases_in_order):
    registered: dict[str, dt.date] = {}
    for _, row in cases_in_order:
        key = row.get("Dossiernummer") or row.get("Dossiernr")
        reg = row.get("Datum aanmelding") or row.get("Aanmelddatum")
        if key and reg:
            registered[str(key)] = to_date(reg)
    for _, doc in ddas_docs(generated / "files", "shv"):
        for t in doc["leveringen"][0]["schuldhulptrajecten"]:
            bsns = ",".join(c["Burgerservicenummer"] for c in t["client"])
            registered[f"{t['gemeentecode']}|{bsns}|{t['aanmelding']['startdatum']}"] = to_date(t["startdatum"])
    per_year = Counter(d.year for d in registered.values())
    for year in (2023, 2024, 2025):
        assert 430 <= per_year[year] <= 580, per_year


def test_signal_volumes_and_multiple_share(generated):
    signals: dict[str, int] = {}
    zaken: dict[tuple, tuple[int, int]] = {}
    for _, doc in ddas_docs(generated / "files", "vs"):
        for levering in doc["leveringen"]:
            signals |= {s["ID"]: int(s["signaaldatum"][:4]) for s in levering["vroegsignalen"]}
            for z in levering["vroegsignaalzaken"]:
                ids = tuple(sorted(s["ID"] for s in z["vroegsignalen"]))
                zaken[(levering["gemeentecode"], z["matchingsdatum"], ids)] = (int(z["matchingsdatum"][:4]), len(ids))
    for path in files(generated / "files", "vps_hoogmeer"):
        for row in xlsx_records(path, "Melding-ID"):
            multiple = row["Type signaal"] == "Meervoudig"
            zaken[("9904", row["Melding-ID"])] = (to_date(row["Datum melding"]).year, 2 if multiple else 1)
    signal_years = Counter(signals.values())
    vps_signals = Counter(year for key, (year, n) in zaken.items() if key[0] == "9904" for _ in range(n))
    for year in (2023, 2024, 2025):
        assert 4_400 <= signal_years[year] + vps_signals[year] <= 5_600
        cases = [n for y, n in zaken.values() if y == year]
        assert 3_800 <= len(cases) <= 5_000
        assert 0.08 <= sum(n > 1 for n in cases) / len(cases) <= 0.14


def test_satisfaction_staffing_and_snapshots(generated):
    root = generated / "files"
    responses = Counter()
    for path in files(root, "kto_enquete"):
        for row in csv_records(path):
            responses[row["Datum ingevuld"][:4]] += 1
            assert 1 <= float(row["Rapportcijfer"].replace(",", ".")) <= 10
    assert all(150 <= responses[str(y)] <= 500 for y in (2023, 2024, 2025)), responses
    consultants = {(r["Team"], r["Consulent"]) for p in files(root, "formatie") for r in xlsx_records(p, "Maand")}
    assert {t for t, _ in consultants} == {NOORD, ZUID, "Budgetbeheer"}
    assert 18 <= len({c for _, c in consultants if c}) <= 22
    for family in ("caseload", "wachtlijst"):
        dates: Counter = Counter()
        for path in files(root, f"_{family}."):
            for row in xlsx_records(path, "Peildatum"):
                dates[(row["Team"], to_date(row["Peildatum"]))] += 1
        assert len(dates) == 72, f"{family}: 36 maandeinden voor Noord en Zuid"
        assert all(d == (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
                   for _, d in dates)  # fmt: skip


def test_every_person_is_fictional(generated):
    root = generated / "files"
    bsns = []
    for path in files(root, "stratech_noord_dossiers"):
        for row in xlsx_records(path, "Dossiernummer"):
            assert row["Naam cliënt"].split()[-1] in SURNAMES
    for kind in ("shv", "vs"):
        for _, doc in ddas_docs(root, kind):
            for levering in doc["leveringen"]:
                for item in levering.get("schuldhulptrajecten", []) + levering.get("vroegsignalen", []):
                    clients = item["client"] if isinstance(item["client"], list) else [item["client"]]
                    for client in clients:
                        bsns.append(client["Burgerservicenummer"])
                        assert client.get("Achternaam", SURNAMES[0]) in SURNAMES
                        assert client["Postcode"][-2:] in {"SA", "SD", "SS"}, "lettercombinatie die nooit bestaat"
    assert bsns and all(re.fullmatch(r"9999\d{5}", b) for b in bsns), "alleen BSN's uit de testreeks 9999xxxxx"
    everything = b"".join(p.read_bytes() for p in root.rglob("*.csv"))
    assert not re.search(rb"(?<!\d)[0-8]\d{8}(?!\d)", everything), "geen negencijferige nummers buiten de testreeks"


def test_category_values_are_known_variants(generated, cases_in_order):
    root = generated / "files"
    columns = {"Besluit": "decision", "Beschikking": "decision", "Reden beëindiging": "close_reason",
               "Reden beeindiging": "close_reason", "Oplossing": "solution_type", "Soort oplossing": "solution_type"}  # fmt: skip
    seen: dict[str, set[str]] = defaultdict(set)
    for _, row in cases_in_order:
        for header, vocabulary in columns.items():
            if text_or_none(row.get(header)):
                seen[vocabulary].add(str(row[header]))
    for path in files(root, "vps_hoogmeer"):
        for row in xlsx_records(path, "Melding-ID"):
            seen["signal_result"] |= {row["Resultaat"]} - {None}
            seen["partner_type"] |= {p.strip() for p in row["Bron"].split(",")}
    for vocabulary, values in seen.items():
        unknown = {v for v in values if vocab.to_code(vocabulary, v) is None}
        assert not unknown, f"{vocabulary}: {unknown}"
    assert len(seen["close_reason"]) >= 14  # the nine DDAS reasons, spelled the Stratech and the Allegro way


def test_importing_case_exports_in_file_order_gives_the_final_state(cases_in_order):
    """The merge rule of exports.md: a present column overwrites (empty included), an absent one stays."""
    header_to_field = {
        "dossiernummer": "case_id", "dossiernr": "case_id", "traject-id": "case_id",
        "consulent": "consultant", "schuldhulpverlener": "consultant", "medewerker": "consultant",
        "datum eerste gesprek": "first_contact_on", "eerste gesprek": "first_contact_on",
        "datum afsluiting": "closed_on", "einddatum": "closed_on",
        "reden beëindiging": "close_reason", "reden beeindiging": "close_reason",
    }  # fmt: skip
    store: dict[str, dict[str, object]] = defaultdict(dict)
    history: dict[str, list[str | None]] = defaultdict(list)
    for _, row in cases_in_order:
        fields = {
            header_to_field[h.strip().lower()]: v for h, v in row.items() if h and h.strip().lower() in header_to_field
        }
        key = str(fields.pop("case_id"))
        for name, raw in fields.items():
            value = to_date(raw) if name.endswith("_on") else text_or_none(raw)
            store[key][name] = vocab.to_code("close_reason", value) if name == "close_reason" and value else value
        history[key].append(store[key].get("closed_on"))
    world = simulate(gen.DEFAULT_SEED)
    truth = {c.key: c.state(LAST_DAY) for c in world.cases if c.key in store}
    assert len(truth) == len(store) > 1_500
    for key, state in truth.items():
        got = store[key]
        want = {k: state[k] for k in ("consultant", "first_contact_on", "closed_on", "close_reason")}
        assert got == want, key
    reopened = [c.key for c in world.cases if c.reopen and c.key in store and c.reopen[0] >= dt.date(2023, 1, 1)]
    assert len(reopened) >= 10
    for key in reopened:  # closed in one month's export, open again in a later one
        dates = history[key]
        first_closed = next(i for i, d in enumerate(dates) if d is not None)
        assert None in dates[first_closed:], key
