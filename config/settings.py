"""Every setting of the installation, declared as data: name, environment variable, default, help.

Values come from the environment, then from ``.streamlit/secrets.toml`` (top-level keys with the same
names), then the default. The README lists every setting; ``tests/test_settings.py`` keeps that true.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SHV_DATABASE_URL",
        "",
        "SQLAlchemy-URL van de database. Leeg: het ingebouwde SQLite-bestand in SHV_DATA_DIR.",
    ),
    Setting("SHV_DATA_DIR", str(ROOT / "data"), "Map voor de SQLite-database en de pseudonimiseringssleutel."),
    Setting(
        "SHV_PSEUDONYM_KEY",
        "",
        "Geheime sleutel (minstens 32 tekens) voor HMAC-SHA256-pseudonimisering. Leeg: bij eerste gebruik "
        "gegenereerd in SHV_DATA_DIR/pseudonym.key (alleen leesbaar voor de eigenaar).",
    ),
    Setting(
        "SHV_USER", "", "Naam van wie importeert, voor de importgeschiedenis. Leeg: de gebruikersnaam van het systeem."
    ),
    Setting(
        "SHV_SETTINGS_FILE",
        str(ROOT / "config" / "installation.toml"),
        "TOML-bestand met gemeenten (CBS-code, naam, schrijfwijzen) en het standaardteam.",
    ),
    Setting(
        "SHV_ROLE",
        "teamleider",
        "Rol van wie het dashboard gebruikt: beheerder, teamleider, consulent, management of raad. De raad ziet "
        "kleine aantallen afgeschermd en geen consulenten of dossiernummers.",
    ),
    Setting("SHV_TEAMS", "", "Teams die deze gebruiker mag zien, met komma's gescheiden. Leeg: alle teams."),
    Setting(
        "SHV_MUNICIPALITIES", "", "CBS-codes van de gemeenten die deze gebruiker mag zien, met komma's. Leeg: alle."
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@cache
def _secrets() -> dict[str, object]:
    path = ROOT / ".streamlit" / "secrets.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def get(name: str) -> str:
    """The value of a declared setting."""
    setting = _BY_NAME[name]
    if name in os.environ:
        return os.environ[name]
    secret = _secrets().get(name)
    if secret is not None:
        return str(secret)
    return setting.default


def data_dir() -> Path:
    path = Path(get("SHV_DATA_DIR"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url(override: str | None = None) -> str:
    """The database URL: the explicit one, then ``SHV_DATABASE_URL``, then the embedded SQLite file."""
    if override:
        return override
    url = get("SHV_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{data_dir() / 'shv.sqlite'}"


def current_user() -> str:
    user = get("SHV_USER")
    if user:
        return user
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not an error worth failing an import for
        return "onbekend"


@dataclass(frozen=True)
class Municipality:
    code: str  # four digits, e.g. "0518"
    name: str
    aliases: tuple[str, ...]
    team: str | None
    inhabitants: int | None = None  # for rates per 1,000 inhabitants (early warning); None: unknown


@dataclass(frozen=True)
class Installation:
    name: str
    default_team: str | None
    municipalities: tuple[Municipality, ...]
    teams: tuple[str, ...]
    ddas_shv_team: str | None = None  # the team whose cases DDAS SHV deliveries hold; None: the municipality's


@cache
def _installation(path: str) -> Installation:
    file = Path(path)
    if not file.exists():
        return Installation(name="SHV Dashboard", default_team=None, municipalities=(), teams=())
    with file.open("rb") as fh:
        raw = tomllib.load(fh)
    municipalities = tuple(
        Municipality(
            code=str(m["code"]).zfill(4),
            name=m["name"],
            aliases=tuple(m.get("aliases", ())),
            team=m.get("team"),
            inhabitants=_inhabitants(m),
        )
        for m in raw.get("municipalities", ())
    )
    return Installation(
        name=raw.get("name", "SHV Dashboard"),
        default_team=raw.get("default_team"),
        municipalities=municipalities,
        teams=tuple(raw.get("teams", ())),
        ddas_shv_team=raw.get("ddas_shv_team") or None,
    )


def _inhabitants(raw: dict) -> int | None:
    """The optional ``inhabitants`` of a municipality: a whole number above zero, or absent."""
    value = raw.get("inhabitants")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"Gemeente {raw.get('name', raw.get('code'))}: 'inhabitants' moet een geheel aantal inwoners boven nul "
            f"zijn, niet {value!r}."
        )
    return value


def installation() -> Installation:
    """The shipped (or configured) installation settings: municipalities and teams."""
    return _installation(get("SHV_SETTINGS_FILE"))
