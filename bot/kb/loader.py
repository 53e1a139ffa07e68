"""Reads the curated files under data/kb/ into table rows that remember where they came from,
so every validation error can name the file and line a maintainer has to fix."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from bot.text import key

CSV_DELIMITER = ";"
LINE = "__line__"


@dataclass(frozen=True)
class Origin:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class Row:
    table: str
    values: dict[str, Any]
    origin: Origin


class LocatedStr(str):
    """A YAML string that knows its line (for list items such as facts)."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


def _construct_str(loader: _LineLoader, node: yaml.ScalarNode) -> LocatedStr:
    value = LocatedStr(loader.construct_scalar(node))
    value.line = node.start_mark.line + 1
    return value


_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)


class SourceFileError(ValueError):
    """A curated file cannot be read at all (syntax error, wrong top-level layout)."""


def parse_yaml(text: str, name: str) -> Any:
    """YAML whose mappings remember their line (key '__line__')."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        raise SourceFileError(f"{name}: kein gültiges YAML: {exc}") from exc


def read_yaml(path: Path) -> dict[str, Any]:
    data = parse_yaml(path.read_text(encoding="utf-8"), path.name)
    if not isinstance(data, dict):
        raise SourceFileError(f"{path.name}: erwartet eine Zuordnung (key: value) auf oberster Ebene")
    return data


def read_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Semicolon-separated UTF-8 (with or without BOM), as German spreadsheet programs write it.

    Raises:
        SourceFileError: the file is no CSV the reader can parse (e.g. a NUL byte in a line).
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=CSV_DELIMITER)
        try:
            if reader.fieldnames is None:
                return
            for record in reader:
                yield reader.line_num, record
        except csv.Error as exc:
            raise SourceFileError(f"{path.name}, Zeile {reader.line_num}: keine lesbare CSV-Datei ({exc})") from exc


def _rows(table: str, items: Any, file: str, extra: dict[str, Any] | None = None) -> Iterator[Row]:
    if not isinstance(items, list):
        raise SourceFileError(f"{file}: '{table}' muss eine Liste sein")
    for item in items:
        if not isinstance(item, dict):
            raise SourceFileError(f"{file}: Eintrag in '{table}' ist keine Zuordnung: {item!r}")
        values = {k: v for k, v in item.items() if k != LINE}
        yield Row(table, {**values, **(extra or {})}, Origin(file, item.get(LINE, 0)))


def _expect_keys(data: dict, allowed: set[str], file: str) -> None:
    unknown = set(data) - allowed - {LINE}
    if unknown:
        raise SourceFileError(f"{file}: unbekannte Abschnitte {sorted(unknown)}; erlaubt: {sorted(allowed)}")


def _positioned(rows: Iterator[Row], group: str) -> Iterator[Row]:
    """Number rows 1, 2, … within each group so the answer order follows the file."""
    counters: dict[Any, int] = {}
    for row in rows:
        counters[row.values.get(group)] = counters.get(row.values.get(group), 0) + 1
        row.values.setdefault("position", counters[row.values.get(group)])
        yield row


def load_sources(path: Path) -> Iterator[Row]:
    data = read_yaml(path)
    _expect_keys(data, {"sources"}, path.name)
    yield from _rows("sources", data.get("sources"), path.name)


def load_occupations(path: Path) -> Iterator[Row]:
    data = read_yaml(path)
    _expect_keys(data, {"occupations"}, path.name)
    for row in _rows("occupations", data.get("occupations"), path.name):
        aliases = row.values.pop("aliases", None) or []
        fields = row.values.pop("fields", None) or []
        yield row
        for alias in _rows("aliases", aliases, path.name):
            text = str(alias.values.get("alias") or "")
            alias.values.update(key=key(text), occupation=row.values.get("id"), source=row.values.get("source"))
            yield alias
        for field in fields:
            yield Row("occupation_fields", {"key": key(str(field)), "field": field, "occupation": row.values.get("id"),
                                            "source": row.values.get("source")},
                      Origin(path.name, getattr(field, "line", row.origin.line)))


def load_salary_figures(path: Path) -> Iterator[Row]:
    for line, record in read_csv(path):
        values = {k: v for k, v in record.items() if k is not None}
        if None in record:
            values["__extra__"] = record[None]  # more cells than header columns
        yield Row("salary_figures", values, Origin(path.name, line))


def load_training(path: Path) -> Iterator[Row]:
    data = read_yaml(path)
    tables = ("trainings", "regulations", "school_requirements", "training_schedule",
              "training_content", "exams", "exam_parts")
    _expect_keys(data, set(tables), path.name)
    for table in tables:
        rows = _rows(table, data.get(table, []), path.name)
        yield from _positioned(rows, "occupation") if table == "training_content" else rows


def load_careers(path: Path) -> Iterator[Row]:
    data = read_yaml(path)
    _expect_keys(data, {"career_steps"}, path.name)
    yield from _positioned(_rows("career_steps", data.get("career_steps"), path.name), "occupation")


def load_facts(path: Path) -> Iterator[Row]:
    data = read_yaml(path)
    _expect_keys(data, {"facts", "working_hours"}, path.name)
    facts = data.get("facts") or {}
    for occupation, group in facts.items():
        if occupation == LINE:
            continue
        if not isinstance(group, dict):
            raise SourceFileError(f"{path.name}: facts.{occupation} muss eine Zuordnung sein")
        source = group.get("source")
        for category, texts in group.items():
            if category in ("source", LINE):
                continue
            if not isinstance(texts, list):
                raise SourceFileError(f"{path.name}:{group.get(LINE)}: facts.{occupation}.{category} muss eine Liste sein")
            for position, item in enumerate(texts, start=1):
                # an item is its text, or {text, keywords} where people ask in other words
                values = {k: v for k, v in item.items() if k != LINE} if isinstance(item, dict) else {"text": item}
                line = item.get(LINE, 0) if isinstance(item, dict) else getattr(item, "line", group.get(LINE, 0))
                yield Row("occupation_facts",
                          {**values, "occupation": occupation, "category": category, "position": position,
                           "source": source},
                          Origin(path.name, line or group.get(LINE, 0)))
    yield from _rows("working_hours", data.get("working_hours", []), path.name)


def load_glossary(path: Path) -> Iterator[Row]:
    data = read_yaml(path)
    _expect_keys(data, {"topics"}, path.name)
    for position, topic in enumerate(_rows("glossary_topics", data.get("topics"), path.name), start=1):
        aliases = topic.values.pop("aliases", None) or []
        points = topic.values.pop("points", None) or []
        topic.values["position"] = position
        yield topic
        topic_id = topic.values.get("id")
        for alias in aliases:
            yield Row("glossary_aliases", {"key": key(str(alias)), "alias": alias, "topic": topic_id},
                      Origin(path.name, getattr(alias, "line", topic.origin.line)))
        for point_no, point in enumerate(_rows("glossary_points", points, path.name), start=1):
            point.values.update(topic=topic_id, position=point_no)
            yield point


def load_not_covered(path: Path) -> Iterator[Row]:
    data = read_yaml(path)
    _expect_keys(data, {"not_covered"}, path.name)
    yield from _rows("not_covered", data.get("not_covered"), path.name)


def load_curation_notes(path: Path) -> Iterator[Row]:
    data = read_yaml(path)
    _expect_keys(data, {"notes"}, path.name)
    yield from _rows("curation_notes", data.get("notes"), path.name)


LOADERS = {
    "sources.yml": load_sources,
    "occupations.yml": load_occupations,
    "salary_figures.csv": load_salary_figures,
    "training.yml": load_training,
    "careers.yml": load_careers,
    "facts.yml": load_facts,
    "glossary.yml": load_glossary,
    "curation_notes.yml": load_curation_notes,
    "not_covered.yml": load_not_covered,
}


def load_all(source_dir: Path) -> list[Row]:
    """All rows of all curated files, in a fixed file order."""
    rows: list[Row] = []
    missing = [name for name in LOADERS if not (source_dir / name).is_file()]
    if missing:
        raise SourceFileError(f"{source_dir}: Dateien fehlen: {', '.join(missing)}")
    for name, loader in LOADERS.items():
        rows.extend(loader(source_dir / name))
    return rows
