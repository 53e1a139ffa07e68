"""Read-only, parameterised access to the knowledge base for the Rasa actions and the gateway.

One long-lived connection per process (query_only). It is reopened when the file is
replaced, and WAL lets it see committed imports at its next query, so maintainers'
changes reach the bot without a restart."""
from __future__ import annotations

import dataclasses
import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence, TypeVar

from bot import config
from bot.kb import models as m, names
from bot.text import key

T = TypeVar("T")


class KnowledgeBaseMissing(FileNotFoundError):
    pass


class KnowledgeBase:
    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else config.kb_path()
        if not self.path.exists():
            raise KnowledgeBaseMissing(
                f"Wissensdatenbank {self.path} fehlt – bitte zuerst `python -m bot kb build` ausführen.")
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._inode: int | None = None
        self._data_version: int | None = None
        self._sources: dict[str, m.Source] = {}
        self._alias_index: dict[str, str] = {}
        self._topic_index: dict[str, str] = {}
        self._field_index: dict[str, str] = {}
        self._step_index: dict[str, str] = {}

    # -- connection and caches -------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        inode = os.stat(self.path).st_ino
        if self._conn is None or inode != self._inode:
            if self._conn is not None:
                self._conn.close()
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=5)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA query_only = ON")
            self._conn, self._inode, self._data_version = conn, inode, None
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._data_version = version
            self._load_caches(self._conn)
        return self._conn

    def _load_caches(self, conn: sqlite3.Connection) -> None:
        self._sources = {r["id"]: _make(m.Source, r) for r in conn.execute("SELECT * FROM sources")}
        # a role is also named by its occupation code ('Marketing-Spezialisten (92113)')
        self._alias_index = {**{r["kldb2010"]: r["id"] for r in conn.execute("SELECT id, kldb2010 FROM occupations")
                                if r["kldb2010"]},
                             **{r["key"]: r["occupation"] for r in conn.execute("SELECT key, occupation FROM aliases")}}
        self._topic_index = {r["key"]: r["topic"] for r in conn.execute("SELECT key, topic FROM glossary_aliases")}
        self._field_index = {r["key"]: r["occupation"] for r in conn.execute("SELECT key, occupation FROM occupation_fields")}
        self._step_index = {key(title): r["id"] for r in conn.execute("SELECT id, titles FROM career_steps WHERE titles IS NOT NULL")
                            for title in r["titles"].split(",") if key(title)}

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._connection().execute(sql, params).fetchall()

    def _objects(self, cls: type[T], sql: str, params: Sequence[Any] = ()) -> list[T]:
        rows = self._rows(sql, params)
        return [_make(cls, row, source=self._sources[row["source"]]) for row in rows]

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """All queries inside see one consistent state, even while an import commits."""
        with self._lock:
            conn = self._connection()
            if conn.in_transaction:  # nested: the outer snapshot already holds the read
                yield
                return
            conn.execute("BEGIN")
            try:
                yield
            finally:
                conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- sources ---------------------------------------------------------------
    def sources(self) -> list[m.Source]:
        self._rows("SELECT 1")  # refresh caches
        return sorted(self._sources.values(), key=lambda s: (s.kind != "seed", s.id))

    def source(self, source_id: str) -> m.Source | None:
        self._rows("SELECT 1")
        return self._sources.get(source_id)

    def content_hash(self) -> str:
        return self._rows("SELECT value FROM kb_meta WHERE key = 'content_hash'")[0]["value"]

    # -- occupations -----------------------------------------------------------
    def occupations(self, in_scope: bool | None = None) -> list[m.Occupation]:
        if in_scope is None:
            return self._objects(m.Occupation, "SELECT * FROM occupations ORDER BY id")
        return self._objects(m.Occupation, "SELECT * FROM occupations WHERE in_scope = ? ORDER BY id", (int(in_scope),))

    def occupation(self, occupation_id: str) -> m.Occupation | None:
        found = self._objects(m.Occupation, "SELECT * FROM occupations WHERE id = ?", (occupation_id,))
        return found[0] if found else None

    def aliases(self, occupation_id: str | None = None) -> list[tuple[str, str]]:
        """(alias, occupation) pairs, e.g. for generating NLU rules."""
        if occupation_id is None:
            rows = self._rows("SELECT alias, occupation FROM aliases ORDER BY occupation, alias")
        else:
            rows = self._rows("SELECT alias, occupation FROM aliases WHERE occupation = ? ORDER BY alias", (occupation_id,))
        return [(r["alias"], r["occupation"]) for r in rows]

    def resolve_occupation(self, text: str, in_scope_only: bool = False) -> m.Occupation | None:
        """Finds the occupation named anywhere in free text: case, umlauts, hyphens, gender
        forms and small typos do not matter ('online-marketing-managerin', 'Kaufman fuer Dialogmarketing')."""
        self._rows("SELECT 1")
        occupation_id = names.resolve(text, self._alias_index)
        occupation = self.occupation(occupation_id) if occupation_id else None
        if occupation and in_scope_only and not occupation.in_scope:
            return None
        return occupation

    def occupations_in(self, text: str, in_scope_only: bool = True) -> list[m.Occupation]:
        """Every role free text names by title or field, in order of appearance; the in-scope ones
        unless `in_scope_only` is false (then also career steps such as 'Betriebswirt Callcentermanagement')."""
        self._rows("SELECT 1")
        found: list[m.Occupation] = []
        for index in (self._alias_index, self._field_index):
            for occupation_id in names.resolve_all(text, index):
                occupation = self.occupation(occupation_id)
                if occupation and (occupation.in_scope or not in_scope_only) and occupation not in found:
                    found.append(occupation)
        return found

    def fields(self) -> list[tuple[str, str]]:
        """(field, occupation) pairs: 'Callcenter' → kfd."""
        return [(r["field"], r["occupation"]) for r in self._rows("SELECT field, occupation FROM occupation_fields ORDER BY key")]

    def occupation_from_field(self, text: str) -> m.Occupation | None:
        """The one in-scope role whose field free text names ('im Callcenter', 'als Online-Marketer')."""
        self._rows("SELECT 1")
        occupation_id = names.resolve(text, self._field_index)
        occupation = self.occupation(occupation_id) if occupation_id else None
        return occupation if occupation and occupation.in_scope else None

    # -- salaries --------------------------------------------------------------
    def salary_figures(self, occupation_id: str | None, stages: Iterable[str] | None = None, *,
                       training_year: int | None = None, cohort_start_year: int | None = None,
                       preferred_only: bool = True) -> list[m.SalaryFigure]:
        """Figures of one role, or of all roles (occupation_id None: e.g. the legal minimum training pay)."""
        sql = "SELECT * FROM salary_figures WHERE (? IS NULL OR occupation = ?)"
        params: list[Any] = [occupation_id, occupation_id]
        if stages is not None:
            stages = list(stages)
            sql += f" AND stage IN ({', '.join('?' for _ in stages)})"
            params += stages
        if training_year is not None:
            sql += " AND training_year = ?"
            params.append(training_year)
        if cohort_start_year is not None:
            sql += " AND cohort_start_year = ?"
            params.append(cohort_start_year)
        if preferred_only:
            sql += " AND preferred = 1"
        sql += " ORDER BY stage, training_year, years_experience, period, id"
        return self._objects(m.SalaryFigure, sql, params)

    def salary_figure(self, figure_id: str) -> m.SalaryFigure | None:
        found = self._objects(m.SalaryFigure, "SELECT * FROM salary_figures WHERE id = ?", (figure_id,))
        return found[0] if found else None

    def minimum_pay_cohorts(self) -> list[int]:
        rows = self._rows("SELECT DISTINCT cohort_start_year AS y FROM salary_figures "
                          "WHERE stage = 'minimum_training_pay' ORDER BY y")
        return [r["y"] for r in rows]

    # -- training and exams ----------------------------------------------------
    def training(self, occupation_id: str) -> m.TrainingInfo:
        trainings = self._objects(m.Training, "SELECT * FROM trainings WHERE occupation = ?", (occupation_id,))
        regulations = self._objects(m.Regulation, "SELECT * FROM regulations WHERE occupation = ?", (occupation_id,))
        return m.TrainingInfo(
            training=trainings[0] if trainings else None,
            regulation=regulations[0] if regulations else None,
            schedule=tuple(self._objects(m.ScheduleEntry, "SELECT * FROM training_schedule WHERE occupation = ? "
                                                          "ORDER BY year_from", (occupation_id,))),
            content=tuple(self._objects(m.ContentArea, "SELECT * FROM training_content WHERE occupation = ? "
                                                       "ORDER BY position", (occupation_id,))),
            school_requirements=tuple(self._objects(
                m.SchoolRequirement,
                "SELECT * FROM school_requirements WHERE occupation = ? ORDER BY "
                "CASE role WHEN 'minimum' THEN 0 WHEN 'required' THEN 1 WHEN 'typical' THEN 2 ELSE 3 END",
                (occupation_id,))),
        )

    def exams(self, occupation_id: str) -> list[m.Exam]:
        exams = self._objects(m.Exam, "SELECT * FROM exams WHERE occupation = ? ORDER BY "
                                      "CASE name WHEN 'Zwischenprüfung' THEN 0 ELSE 1 END, id", (occupation_id,))
        return [dataclasses.replace(exam, parts=tuple(self._objects(
            m.ExamPart, "SELECT * FROM exam_parts WHERE exam = ? ORDER BY part_no", (exam.id,)))) for exam in exams]

    # -- careers and facts -----------------------------------------------------
    def career_steps(self, occupation_id: str, kinds: Iterable[str] | None = None) -> list[m.CareerStep]:
        sql, params = "SELECT * FROM career_steps WHERE occupation = ?", [occupation_id]
        if kinds is not None:
            kinds = list(kinds)
            sql += f" AND kind IN ({', '.join('?' for _ in kinds)})"
            params += kinds
        return self._objects(m.CareerStep, sql + " ORDER BY position", params)

    def career_step_named(self, text: str) -> m.CareerStep | None:
        """The career step whose job free text names by one of its titles ('Was verdient ein Teamleiter?')."""
        self._rows("SELECT 1")
        named = names.beside_titles(text, self._step_index, self._alias_index)
        return self._objects(m.CareerStep, "SELECT * FROM career_steps WHERE id = ?", [named[0]])[0] if named else None

    def facts(self, occupation_id: str, categories: Iterable[str]) -> list[m.Fact]:
        categories = list(categories)
        sql = (f"SELECT * FROM occupation_facts WHERE occupation = ? AND category IN "
               f"({', '.join('?' for _ in categories)}) ORDER BY position")
        found = self._objects(m.Fact, sql, [occupation_id, *categories])
        order = {c: i for i, c in enumerate(categories)}
        return sorted(found, key=lambda f: (order[f.category], f.position))

    def working_hours(self, occupation_id: str) -> m.WorkingHours | None:
        found = self._objects(m.WorkingHours, "SELECT * FROM working_hours WHERE occupation = ?", (occupation_id,))
        return found[0] if found else None

    # -- glossary and notes ----------------------------------------------------
    def glossary_topics(self) -> list[m.GlossaryTopic]:
        return self._objects(m.GlossaryTopic, "SELECT * FROM glossary_topics ORDER BY position")

    def glossary_topic(self, topic_id: str) -> m.GlossaryTopic | None:
        found = self._objects(m.GlossaryTopic, "SELECT * FROM glossary_topics WHERE id = ?", (topic_id,))
        if not found:
            return None
        points = self._objects(m.GlossaryPoint, "SELECT * FROM glossary_points WHERE topic = ? ORDER BY position",
                               (topic_id,))
        return dataclasses.replace(found[0], points=tuple(points))

    def glossary_aliases(self) -> list[tuple[str, str]]:
        return [(r["alias"], r["topic"]) for r in self._rows("SELECT alias, topic FROM glossary_aliases ORDER BY topic, alias")]

    def resolve_topic(self, text: str) -> m.GlossaryTopic | None:
        self._rows("SELECT 1")
        topic_id = names.resolve(text, self._topic_index)
        return self.glossary_topic(topic_id) if topic_id else None

    def not_covered(self) -> list[m.NotCovered]:
        return [_make(m.NotCovered, r) for r in self._rows("SELECT * FROM not_covered ORDER BY id")]

    def topics_in(self, text: str) -> list[str]:
        """The marketing topics (glossary ids) free text names besides the roles' titles, in order of appearance."""
        self._rows("SELECT 1")
        return names.beside_titles(names.SHARED_P.sub(r"\1. P \2", text), self._topic_index, self._alias_index)

    def curation_notes(self, ref_prefix: str = "") -> list[m.CurationNote]:
        return self._objects(m.CurationNote, "SELECT * FROM curation_notes WHERE ref LIKE ? ESCAPE '\\' ORDER BY id",
                             (ref_prefix.replace("_", "\\_").replace("%", "\\%") + "%",))


def _make(cls: type[T], row: sqlite3.Row, **overrides: Any) -> T:
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values = {k: row[k] for k in row.keys() if k in names}
    values.update(overrides)
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.type in ("bool", "bool | None") and values.get(f.name) is not None:
            values[f.name] = bool(values[f.name])
    return cls(**values)
