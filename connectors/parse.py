"""Parsing raw export values into canonical values, one rule per column kind.

Each column is factorised first, so every distinct raw value is parsed once: a 1,000,000-row export
with a few thousand distinct dates costs a few thousand date parses, not a million.
Dates come out as ISO strings (``YYYY-MM-DD``), which sort and compare like dates.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from connectors import vocab
from store.schema import Field, Kind

EMPTY_MARKERS = frozenset({"", "-", "--", "n.v.t.", "nvt", "n.v.t", "null", "none", "nan", "nat", "#n/b", "#n/a"})
EXCEL_EPOCH = dt.date(1899, 12, 30)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Bad:
    """A raw value that could not be parsed; ``reason`` is a Dutch explanation."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


@dataclass
class ParsedColumn:
    values: np.ndarray  # object array of canonical values (None for empty)
    bad: dict[int, str]  # row position -> reason, for values that could not be parsed
    unknown: dict[int, str]  # row position -> raw value outside the known variants (kept, a finding)


def is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return value.strip().lower() in EMPTY_MARKERS
    return value is pd.NaT


def raw_text(value: object) -> str:
    """A raw cell as the steward would read it (for messages and text columns)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d-%m-%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


# ---------------------------------------------------------------- dates

_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:[ T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")
MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_TEXT_DATE = re.compile(r"^(\d{1,2})(?:\s+|-)([a-z]+)\.?(?:\s+|-)(\d{4}|\d{2})$")  # also Excel's 03-jan-25


def _make_date(year: int, month: int, day: int, raw: str) -> str | Bad:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return Bad(f"'{raw}' is geen bestaande datum")


# Excel serial numbers read as dates: 1930 to 2099. Outside that a number in a date column is something else
# (a year such as 2025, a month typed as 202505) and would become a silently wrong date.
SERIALS = range((dt.date(1930, 1, 1) - EXCEL_EPOCH).days, (dt.date(2100, 1, 1) - EXCEL_EPOCH).days)


def _serial_date(serial: float) -> str | Bad:
    if not math.isfinite(serial) or int(serial) not in SERIALS:
        shown = int(serial) if float(serial).is_integer() else serial
        return Bad(f"'{shown}' is geen datum (als Excel-datumgetal valt het buiten 1930-2099)")
    return (EXCEL_EPOCH + dt.timedelta(days=int(serial))).isoformat()


def parse_date(value: object) -> str | Bad:
    """A date in any export spelling -> ISO text; day first unless ISO."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return Bad(f"'{value}' is geen datum")
    if isinstance(value, int | float | np.integer | np.floating):
        return _serial_date(float(value))
    text = str(value).strip()
    if m := _DMY.match(text):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        return _make_date(int(year) + 2000 if len(year) == 2 else int(year), month, day, text)
    if m := _YMD.match(text):
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
    if m := _COMPACT.match(text):
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
    if _SERIAL.match(text):
        return _serial_date(float(text.replace(",", ".")))
    if m := _TEXT_DATE.match(text.lower()):
        month = MONTHS.get(m.group(2))
        if month:
            year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
            return _make_date(year, month, int(m.group(1)), text)
    return Bad(f"'{text}' is geen datum (verwacht bijvoorbeeld 31-01-2025 of 2025-01-31)")


_MONTH_ONLY = re.compile(r"^(\d{4})[-/](\d{1,2})$|^(\d{1,2})[-/](\d{4})$")


_YEAR_MONTH = re.compile(r"^((?:19|20)\d{2})(0[1-9]|1[0-2])$")  # 202503, as a number or text


def parse_month(value: object) -> str | Bad:
    """A month (``2025-03``, ``03-2025``, ``maart 2025``, ``202503`` or any date in it) -> ISO date of its
    first day."""
    number = isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)
    digits = str(int(value)) if number and float(value).is_integer() else str(value).strip()  # type: ignore[arg-type]
    if m := _YEAR_MONTH.match(digits):
        return f"{m.group(1)}-{m.group(2)}-01"
    text = value.strip().lower() if isinstance(value, str) else None
    if text is not None:
        if m := _MONTH_ONLY.match(text):
            year, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            return _make_date(int(year), int(month), 1, text)
        parts = re.split(r"[\s./-]+", text)  # "maart 2025", and Excel's month format "mrt-25"
        if len(parts) == 2 and parts[0] in MONTHS and parts[1].isdigit() and len(parts[1]) in (2, 4):
            year = int(parts[1]) + (2000 if len(parts[1]) == 2 else 0)
            return _make_date(year, MONTHS[parts[0]], 1, text)
    parsed = parse_date(value)
    if isinstance(parsed, Bad):
        return Bad(f"'{raw_text(value)}' is geen maand (verwacht bijvoorbeeld 2025-03 of maart 2025)")
    return parsed[:8] + "01"


# ---------------------------------------------------------------- numbers and booleans

_NUMBER_JUNK = re.compile(r"[€\s\u00a0]|eur(?:o)?", re.IGNORECASE)


def parse_number(value: object) -> float | Bad | None:
    """Dutch or plain numbers: ``1.234,56``, ``€ 1.234``, ``7,5``, ``1234.56``; an empty marker behind a
    currency sign (``€ -``, Excel's accounting format for nothing) is empty (None)."""
    if isinstance(value, bool):
        return Bad(f"'{value}' is geen getal")
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    text = _NUMBER_JUNK.sub("", str(value))
    if text.lower() in EMPTY_MARKERS:
        return None
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    text = text.strip("()-+")
    if not re.fullmatch(r"[\d.,]+", text or "x"):
        return Bad(f"'{raw_text(value)}' is geen getal")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif "," in text:
        text = text.replace(",", "") if text.count(",") > 1 else text.replace(",", ".")
    elif text.count(".") > 1 or re.fullmatch(r"\d{1,3}\.\d{3}", text):
        text = text.replace(".", "")  # Dutch thousands separators
    try:
        number = float(text)
    except ValueError:
        return Bad(f"'{raw_text(value)}' is geen getal")
    return -number if negative else number


def parse_int(value: object) -> int | Bad | None:
    number = parse_number(value)
    if number is None or isinstance(number, Bad):
        return number
    if not float(number).is_integer():
        return Bad(f"'{raw_text(value)}' is geen geheel getal")
    return int(number)


TRUE_WORDS = frozenset({"ja", "j", "1", "x", "waar", "true", "yes", "y", "wel"})
FALSE_WORDS = frozenset({"nee", "n", "0", "onwaar", "false", "no", "niet"})


def parse_bool(value: object) -> bool | Bad:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return Bad(f"'{raw_text(value)}' is geen ja/nee-waarde (verwacht Ja/Nee, J/N, 1/0 of x)")


# ---------------------------------------------------------------- text


def looks_like_formula(text: str) -> bool:
    """Text that a spreadsheet would evaluate as a formula (CSV/formula injection)."""
    if not text or text[0] not in FORMULA_START:
        return False
    # a signed number is a number, not a formula
    return not (text[0] in "+-" and isinstance(parse_number(text), float))


def parse_text(value: object) -> str | Bad:
    text = " ".join(raw_text(value).split())
    if looks_like_formula(text):
        return Bad(f"'{text}' lijkt op een spreadsheetformule en wordt niet ingelezen")
    return text


# ---------------------------------------------------------------- columns


def _parser_for(field: Field, extra: dict[str, str] | None) -> Callable[[object], object]:
    kind = field.kind
    if kind is Kind.DATE:
        return parse_month if field.name == "month" else parse_date
    if kind in (Kind.MONEY, Kind.FLOAT):
        return parse_number
    if kind is Kind.INT:
        return parse_int
    if kind is Kind.BOOL:
        return parse_bool
    if kind is Kind.CATEGORY:
        return lambda v: _category(field, v, extra)
    if kind is Kind.LIST:
        return lambda v: _category_list(field, v, extra)
    if kind is Kind.MUNICIPALITY:
        return _municipality
    return parse_text  # TEXT, PSEUDONYM


class Unknown(str):
    """A category value outside the known variants: kept as given, reported as a finding."""


def _category(field: Field, value: object, extra: dict[str, str] | None) -> object:
    text = parse_text(value)
    if isinstance(text, Bad):
        return text
    code = vocab.to_code(field.categories or "", text, extra)
    return code if code is not None else Unknown(text)


def _category_list(field: Field, value: object, extra: dict[str, str] | None) -> object:
    text = parse_text(value)
    if isinstance(text, Bad):
        return text
    codes: list[str] = []
    for part in re.split(r"[,;/+]| en ", text):
        if part.strip():
            code = vocab.to_code(field.categories or "", part, extra)
            if code is None:
                return Unknown(text)
            codes.append(code)
    return ",".join(sorted(set(codes)))


def _municipality(value: object) -> object:
    text = parse_text(value)
    if isinstance(text, Bad):
        return text
    code, known = vocab.municipality_code(text)
    return code if known else Unknown(code)


VECTOR_THRESHOLD = 2000  # above this many distinct values, text and numbers are parsed column-wise


def _parse_uniques(uniques: object, parser: Callable[[object], object]) -> tuple[np.ndarray, dict[int, str], set[int]]:
    """Parse each distinct value once with the scalar parser."""
    parsed = np.empty(len(uniques) + 1, dtype=object)
    parsed[-1] = None  # position of the NA sentinel (-1)
    bad_reason: dict[int, str] = {}
    unknown_unique: set[int] = set()
    for i, raw in enumerate(uniques):
        if is_empty(raw):
            parsed[i] = None
            continue
        out = parser(raw)
        if isinstance(out, Bad):
            parsed[i] = None
            bad_reason[i] = out.reason
        else:
            if isinstance(out, Unknown):
                unknown_unique.add(i)
                out = str(out)
            parsed[i] = out
    return parsed, bad_reason, unknown_unique


def _all_text(uniques: object) -> pa.ChunkedArray | None:
    """The distinct values as a pyarrow string array when they are all text, else None."""
    series = pd.Series(uniques)
    if series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) != "string":
        return None
    if series.dtype != object and not pd.api.types.is_string_dtype(series.dtype):
        return None
    arr = pa.array(series, type=pa.string(), from_pandas=True)
    return arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])


def _objects(arr: pa.ChunkedArray) -> np.ndarray:
    """An arrow array as an object array with None for null, plus the NA-sentinel slot at the end."""
    out = np.empty(len(arr) + 1, dtype=object)
    out[:-1] = arr.to_numpy(zero_copy_only=False)
    out[-1] = None
    return out


def _empty_mask(trimmed: pa.ChunkedArray) -> np.ndarray:
    lowered = pc.utf8_lower(trimmed)
    empty = pc.or_kleene(pc.is_in(lowered, value_set=pa.array(sorted(EMPTY_MARKERS))), pc.is_null(lowered))
    return empty.to_numpy(zero_copy_only=False).astype(bool)


def _vector_text(arr: pa.ChunkedArray) -> tuple[np.ndarray, dict[int, str]]:
    """Text parsing for many distinct values at once: trim, single spaces, empty markers, formulas."""
    trimmed = pc.utf8_trim_whitespace(arr)
    normal = pc.replace_substring_regex(trimmed, pattern=_WHITESPACE_RUN, replacement=" ")
    empty = _empty_mask(trimmed)
    first = pc.utf8_slice_codeunits(normal, 0, 1)
    suspicious = pc.is_in(first, value_set=pa.array(list(FORMULA_START))).to_numpy(zero_copy_only=False)
    parsed = _objects(normal)
    parsed[np.append(empty, False)] = None
    bad: dict[int, str] = {}
    for i in np.flatnonzero(suspicious.astype(bool) & ~empty):
        out = parse_text(parsed[i])
        if isinstance(out, Bad):
            bad[int(i)] = out.reason
            parsed[i] = None
    return parsed, bad


# Written without \s, \d and \u escapes so that they run in pyarrow (RE2), not per value in Python.
_WHITESPACE_RUN = "[ \t\r\n\x0b\x0c\xa0]+"
_NUMBER_NOISE = "[€ \t\xa0]|(?i:euro?)"
_DUTCH_NUMBER = r"^(?:[-+]?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[-+]?[0-9]+(?:,[0-9]+)?)$"
_PLAIN_NUMBER = r"^[-+]?[0-9]+\.[0-9]+$"


def _vector_number(arr: pa.ChunkedArray, parser: Callable[[object], object]) -> tuple[np.ndarray, dict[int, str]]:
    """Dutch numbers for many distinct values at once; odd spellings fall back to the scalar parser."""
    trimmed = pc.utf8_trim_whitespace(arr)
    empty = _empty_mask(trimmed)
    clean = pc.replace_substring_regex(trimmed, pattern=_NUMBER_NOISE, replacement="")
    dutch_arr = pc.fill_null(pc.match_substring_regex(clean, _DUTCH_NUMBER), False)
    plain_arr = pc.and_(pc.fill_null(pc.match_substring_regex(clean, _PLAIN_NUMBER), False), pc.invert(dutch_arr))
    converted = pc.replace_substring(pc.replace_substring(clean, ".", ""), ",", ".")
    chosen = pc.if_else(dutch_arr, converted, pc.if_else(plain_arr, clean, pa.scalar(None, pa.string())))
    numbers = pc.cast(chosen, pa.float64()).to_numpy(zero_copy_only=False)
    dutch = dutch_arr.to_numpy(zero_copy_only=False).astype(bool)
    plain = plain_arr.to_numpy(zero_copy_only=False).astype(bool)
    parsed = np.empty(len(arr) + 1, dtype=object)
    parsed[:-1] = numbers.tolist()
    parsed[-1] = None
    parsed[np.append(~(dutch | plain), False)] = None
    raw = arr.to_pylist() if (~(dutch | plain | empty)).any() or parser is parse_int else None
    bad: dict[int, str] = {}
    for i in np.flatnonzero(~(dutch | plain | empty)):
        out = parser(raw[i])
        if isinstance(out, Bad):
            bad[int(i)] = out.reason
        else:
            parsed[i] = out
    if parser is parse_int:
        for i in np.flatnonzero(dutch | plain):
            value = parsed[i]
            if not float(value).is_integer():
                bad[int(i)] = f"'{raw[i]}' is geen geheel getal"
                parsed[i] = None
            else:
                parsed[i] = int(value)
    return parsed, bad


def _parse_distinct(
    uniques: object, field: Field, extra: dict[str, str] | None
) -> tuple[np.ndarray, dict[int, str], set[int]]:
    parser = _parser_for(field, extra)
    if len(uniques) > VECTOR_THRESHOLD and field.kind in (Kind.TEXT, Kind.PSEUDONYM, Kind.MONEY, Kind.FLOAT, Kind.INT):
        text = _all_text(uniques)
        if text is not None:
            if field.kind in (Kind.TEXT, Kind.PSEUDONYM):
                parsed, bad = _vector_text(text)
            else:
                parsed, bad = _vector_number(text, parser)
            return parsed, bad, set()
    return _parse_uniques(uniques, parser)


def parse_column(series: pd.Series, field: Field, extra: dict[str, str] | None = None) -> ParsedColumn:
    """Parse a raw column for ``field``; every distinct raw value is parsed once."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    parsed, bad_reason, unknown_unique = _parse_distinct(uniques, field, extra)
    values = parsed[codes]
    bad: dict[int, str] = {}
    unknown: dict[int, str] = {}
    if bad_reason or unknown_unique:
        for pos in np.flatnonzero(np.isin(codes, list(bad_reason) + list(unknown_unique))):
            u = int(codes[pos])
            if u in bad_reason:
                bad[int(pos)] = bad_reason[u]
            else:
                unknown[int(pos)] = str(parsed[u])
    if field.kind is Kind.BOOL:
        values = _blank_is_false_for_x_columns(uniques, values)
    return ParsedColumn(values=values, bad=bad, unknown=unknown)


def _blank_is_false_for_x_columns(uniques: object, values: np.ndarray) -> np.ndarray:
    """In an ``x``/blank column (Excel tick marks) a blank cell means no, not unknown."""
    filled = {str(u).strip().lower() for u in uniques if not is_empty(u)}
    if filled and filled <= {"x"}:
        values = values.copy()
        values[np.array([v is None for v in values], dtype=bool)] = False
    return values
