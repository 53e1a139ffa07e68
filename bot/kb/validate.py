"""Checks the curated rows before anything is written: types, vocabularies, references,
min ≤ max, stated yearly = 12 × stated monthly, unique aliases. Every problem names its
file, line and column so a maintainer can fix it without reading code."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from bot.kb.loader import Origin, Row
from bot.kb.schema import TABLES_BY_NAME, Column, Table

_TRUE = {"1", "true", "ja", "yes", "wahr", "x"}
_FALSE = {"0", "false", "nein", "no", "falsch", ""}
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


@dataclass(frozen=True)
class Problem:
    origin: Origin
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.origin}" + (f", Spalte '{self.column}'" if self.column else "")
        return f"{where}: {self.message}"


class ValidationFailed(ValueError):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# SQLite stores integers in 64 bits: a larger one cannot be written ('9999999999999999999999999' as a training year).
_SQLITE_INT = 2 ** 63 - 1


def _storable(value: int, raw: Any) -> int:
    if abs(value) > _SQLITE_INT:
        raise ValueError(f"'{raw}' ist zu groß")
    return value


def parse_amount(raw: Any) -> float | int:
    """Accepts 1900, '1900', '1.900', '1.900,50', '1900,5', '1 900 €'."""
    if isinstance(raw, bool):
        raise ValueError("ist kein Betrag")
    if isinstance(raw, (int, float)):
        value: float = raw
    else:
        text = str(raw).replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif _THOUSANDS.match(text):
            text = text.replace(".", "")
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"'{raw}' ist keine Zahl") from None
    if value < 0:
        raise ValueError(f"Betrag {raw} ist negativ")
    return _storable(int(value), raw) if float(value).is_integer() else round(value, 2)


def coerce(column: Column, raw: Any) -> Any:
    """Turns a YAML or CSV cell into the column's type; raises ValueError with a German reason."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        if column.required:
            raise ValueError("Pflichtfeld ist leer")
        return None
    if column.kind == "text":
        if isinstance(raw, list):  # keywords: a YAML list is kept as one comma-separated cell
            return ", ".join(str(item).strip() for item in raw if str(item).strip()) or None
        return str(raw).strip()
    if column.kind == "int":
        if isinstance(raw, bool) or not re.fullmatch(r"-?\d+", str(raw).strip()):
            raise ValueError(f"'{raw}' ist keine ganze Zahl")
        return _storable(int(str(raw).strip()), raw)
    if column.kind == "amount":
        return parse_amount(raw)
    if column.kind == "bool":
        if isinstance(raw, bool):
            return int(raw)
        text = str(raw).strip().lower()
        if text in _TRUE:
            return 1
        if text in _FALSE:
            return 0
        raise ValueError(f"'{raw}' ist kein Ja/Nein-Wert (erlaubt: 1/0, ja/nein)")
    raise AssertionError(f"unknown column kind {column.kind}")


def _coerce_row(table: Table, row: Row, problems: list[Problem]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "__extra__" in row.values:
        problems.append(Problem(row.origin, None, "mehr Zellen als Spalten in der Kopfzeile"))
    for name in row.values:
        if name != "__extra__" and table.column(name) is None:
            problems.append(Problem(row.origin, name, f"unbekannte Spalte; erlaubt: {', '.join(table.column_names)}"))
    for column in table.columns:
        try:
            value = coerce(column, row.values.get(column.name))
        except ValueError as exc:
            problems.append(Problem(row.origin, column.name, str(exc)))
            continue
        if value is not None and column.vocab and value not in column.vocab:
            problems.append(Problem(row.origin, column.name,
                                    f"'{value}' ist nicht erlaubt; erlaubt: {', '.join(column.vocab)}"))
        values[column.name] = value
    return values


def _pk(table: Table, values: dict[str, Any]) -> tuple:
    return tuple(values.get(c) for c in table.pk)


def _salary_checks(rows: list[tuple[Row, dict]], problems: list[Problem]) -> None:
    by_id = {values.get("id"): values for _, values in rows}
    for row, v in rows:
        low, high = v.get("amount_min"), v.get("amount_max")
        if low is None and high is None:
            problems.append(Problem(row.origin, "amount_min", "weder Minimum noch Maximum angegeben"))
        if low is not None and high is not None and low > high:
            problems.append(Problem(row.origin, "amount_min", f"Minimum {low} ist größer als Maximum {high}"))
        stage = v.get("stage")
        if stage in ("apprenticeship", "minimum_training_pay") and not v.get("training_year"):
            problems.append(Problem(row.origin, "training_year", f"Stufe '{stage}' braucht ein Ausbildungsjahr"))
        if stage == "minimum_training_pay" and not v.get("cohort_start_year"):
            problems.append(Problem(row.origin, "cohort_start_year", "Mindestvergütung braucht das Jahr des Ausbildungsbeginns"))
        if stage == "experienced" and not v.get("years_experience"):
            problems.append(Problem(row.origin, "years_experience", "Stufe 'experienced' braucht die Jahre Berufserfahrung"))
        partner = by_id.get(v.get("pairs_with"))
        if partner is not None:
            if (v.get("period"), partner.get("period")) != ("year", "month"):
                problems.append(Problem(row.origin, "pairs_with", "pairs_with verbindet einen Jahreswert mit einem Monatswert"))
            else:
                for side in ("amount_min", "amount_max"):
                    yearly, monthly = v.get(side), partner.get(side)
                    if yearly is not None and monthly is not None and abs(yearly - 12 * monthly) > 0.5:
                        problems.append(Problem(row.origin, side,
                                                f"Jahreswert {yearly} ≠ 12 × Monatswert {monthly} ({12 * monthly}) aus '{v['pairs_with']}'"))


def validate_rows(rows: Iterable[Row]) -> dict[str, list[dict[str, Any]]]:
    """Returns the typed rows per table, or raises ValidationFailed with every problem."""
    problems: list[Problem] = []
    typed: dict[str, list[tuple[Row, dict]]] = defaultdict(list)
    for row in rows:
        table = TABLES_BY_NAME.get(row.table)
        if table is None:
            problems.append(Problem(row.origin, None, f"unbekannte Tabelle '{row.table}'"))
            continue
        typed[row.table].append((row, _coerce_row(table, row, problems)))

    keys: dict[str, set] = {}
    for name, entries in typed.items():
        table = TABLES_BY_NAME[name]
        seen: dict[tuple, Origin] = {}
        for row, values in entries:
            pk = _pk(table, values)
            if pk in seen:
                label = "Alias" if name in ("aliases", "glossary_aliases") else "Schlüssel"
                problems.append(Problem(row.origin, table.pk[0],
                                        f"{label} {'/'.join(map(str, pk))} ist doppelt (schon in {seen[pk]})"))
            else:
                seen[pk] = row.origin
        keys[name] = {pk[0] for pk in seen}

    for name, entries in typed.items():
        for row, values in entries:
            for column in TABLES_BY_NAME[name].columns:
                value = values.get(column.name)
                if column.ref and value is not None and value not in keys.get(column.ref, set()):
                    problems.append(Problem(row.origin, column.name, f"'{value}' verweist auf nichts in '{column.ref}'"))

    _salary_checks(typed.get("salary_figures", []), problems)
    if problems:
        raise ValidationFailed(problems)
    return {name: [values for _, values in entries] for name, entries in typed.items()}
