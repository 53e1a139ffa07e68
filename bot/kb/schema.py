"""The knowledge-base schema: one declaration drives validation, the build and the CLI.

Column kinds: text, int, amount (non-negative number), bool. A `ref` names the table
whose primary key the value must exist in; `vocab` lists the allowed values."""
from __future__ import annotations

from dataclasses import dataclass, field

STAGES = (
    "apprenticeship",  # Ausbildungsvergütung, per training year
    "minimum_training_pay",  # gesetzliche Mindestausbildungsvergütung, per start cohort
    "trainee",
    "entry",
    "entry_experienced",  # Einstieg mit Berufserfahrung
    "experienced",  # nach N Jahren
    "top_earners",
    "quartile_25",
    "median",
    "quartile_75",
)
PERIODS = ("month", "year")
BASES = ("gross", "net")
SOURCE_KINDS = ("seed", "reference")
CONFIDENCE = ("A", "B", "C")
ALIAS_KINDS = ("name", "gender", "abbreviation", "variant", "misspelling")
SCHOOL_ROLES = ("minimum", "typical", "share", "required")
CAREER_KINDS = (
    "einstieg",
    "weiterbildung",
    "studium",
    "spezialisierung",
    "aufstieg",
    "selbststaendigkeit",
    "quereinstieg",
)
FACT_CATEGORIES = (
    "summary",
    "task",
    "skill",
    "trait",
    "tool",
    "language",
    "requirement",
    "study_subject",
    "job_title",
    "labour_market",
    "background",
    "hiring",
)
NOTE_KINDS = ("typo", "conflict", "assumption", "doubt")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"
    required: bool = False
    vocab: tuple[str, ...] | None = None
    ref: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    pk: tuple[str, ...]
    columns: tuple[Column, ...]
    indexes: tuple[tuple[str, ...], ...] = field(default=())

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, kind: str = "text", **kw) -> Column:
    return Column(name, kind, **kw)


SOURCE = _c("source", required=True, ref="sources")
OCCUPATION = _c("occupation", required=True, ref="occupations")
# Words people use to ask for a fact that its own text does not contain ("Kennzahlen" for KPIs);
# the answer search ranks rows by their text and these words (bot/answers/search.py).
KEYWORDS = _c("keywords")

TABLES: tuple[Table, ...] = (
    Table("sources", ("id",), (
        _c("id", required=True), _c("kind", required=True, vocab=SOURCE_KINDS), _c("file", required=True),
        _c("title", required=True), _c("label", required=True), _c("publisher", required=True), _c("data_year", "int"),
        _c("date_note"), _c("url"), _c("confidence", required=True, vocab=CONFIDENCE),
    )),
    Table("occupations", ("id",), (
        _c("id", required=True), _c("kldb2010", required=True), _c("name_male", required=True),
        _c("name_female", required=True), _c("name_neutral", required=True),
        _c("in_scope", "bool", required=True), _c("regulated_training", "bool", required=True),
        _c("note"), KEYWORDS, SOURCE,
    )),
    Table("aliases", ("key",), (
        _c("key", required=True), _c("alias", required=True), OCCUPATION,
        _c("kind", required=True, vocab=ALIAS_KINDS), SOURCE,
    ), indexes=(("occupation",),)),
    # The field a role belongs to ("Callcenter", "Online-Marketing"): names the role only where a
    # question needs one – "Was ist Dialogmarketing?" stays a glossary question.
    Table("occupation_fields", ("key",), (
        _c("key", required=True), _c("field", required=True), OCCUPATION, SOURCE,
    )),
    Table("salary_figures", ("id",), (
        _c("id", required=True), OCCUPATION, _c("stage", required=True, vocab=STAGES),
        _c("training_year", "int"), _c("years_experience", "int"), _c("cohort_start_year", "int"),
        _c("amount_min", "amount"), _c("amount_max", "amount"),
        _c("period", required=True, vocab=PERIODS), _c("basis", required=True, vocab=BASES),
        _c("basis_stated", "bool", required=True), _c("approximate", "bool", required=True),
        _c("preferred", "bool", required=True), _c("pairs_with", ref="salary_figures"),
        _c("population"), _c("note"), KEYWORDS, SOURCE,
    ), indexes=(("occupation", "stage"),)),
    Table("trainings", ("occupation",), (
        OCCUPATION, _c("kind", required=True), _c("dual", "bool", required=True), _c("since_year", "int"),
        _c("recognition"), _c("introduced_by"), _c("description"), KEYWORDS, SOURCE,
    )),
    Table("regulations", ("occupation",), (
        OCCUPATION, _c("regulated", "bool", required=True), _c("regulation"), _c("in_force_since"),
        _c("duration_years", "int"), _c("related_training"), _c("note"), KEYWORDS, SOURCE,
    )),
    Table("school_requirements", ("occupation", "certificate"), (
        OCCUPATION, _c("certificate", required=True), _c("role", required=True, vocab=SCHOOL_ROLES),
        _c("share_text"), _c("share_min_percent", "int"), KEYWORDS, SOURCE,
    )),
    Table("training_schedule", ("occupation", "year_from"), (
        OCCUPATION, _c("year_from", "int", required=True), _c("year_to", "int", required=True),
        _c("places", required=True), KEYWORDS, SOURCE,
    )),
    Table("training_content", ("occupation", "area"), (
        OCCUPATION, _c("area", required=True), _c("position", "int", required=True),
        _c("text", required=True), KEYWORDS, SOURCE,
    )),
    Table("exams", ("id",), (
        _c("id", required=True), OCCUPATION, _c("name", required=True), _c("timing"), _c("format"),
        _c("duration_minutes", "int"), _c("task_count", "int"), _c("task_count_approximate", "bool"),
        _c("parts_count", "int"), _c("pass_rule"), _c("pass_rate_text"), _c("pass_rate_min_percent", "int"),
        _c("spread"), _c("purpose"), KEYWORDS, SOURCE,
    )),
    Table("exam_parts", ("exam", "part_no"), (
        _c("exam", required=True, ref="exams"), _c("part_no", "int", required=True),
        _c("title", required=True), _c("format"), _c("duration_minutes", "int"), _c("prep_minutes", "int"),
        _c("description"), KEYWORDS, SOURCE,
    )),
    Table("career_steps", ("id",), (
        _c("id", required=True), OCCUPATION, _c("kind", required=True, vocab=CAREER_KINDS),
        _c("position", "int", required=True), _c("target", required=True), _c("via"),
        _c("duration_text"), _c("duration_months_min", "int"), _c("duration_months_max", "int"),
        _c("cost"), _c("funding"), _c("audience"), _c("target_occupation", ref="occupations"),
        _c("titles"), KEYWORDS, SOURCE,
    ), indexes=(("occupation", "kind"),)),
    Table("occupation_facts", ("occupation", "category", "position"), (
        OCCUPATION, _c("category", required=True, vocab=FACT_CATEGORIES), _c("position", "int", required=True),
        _c("text", required=True), KEYWORDS, SOURCE,
    )),
    Table("working_hours", ("occupation",), (
        OCCUPATION, _c("hours_min", "int", required=True), _c("hours_max", "int", required=True),
        _c("per", required=True, vocab=("week",)), _c("note"), KEYWORDS, SOURCE,
    )),
    Table("glossary_topics", ("id",), (
        _c("id", required=True), _c("title", required=True), _c("summary", required=True),
        _c("position", "int", required=True),
        # the wider topic this one belongs to ('Das 7. P' → 'Die 8 Ps' → 'Beziehungsmarketing'): a
        # question naming the wider topic also searches its parts ('drittes P im Beziehungsmarketing')
        _c("part_of", ref="glossary_topics"), KEYWORDS, SOURCE,
    )),
    Table("glossary_aliases", ("key",), (
        _c("key", required=True), _c("alias", required=True), _c("topic", required=True, ref="glossary_topics"),
    )),
    Table("glossary_points", ("topic", "position"), (
        _c("topic", required=True, ref="glossary_topics"), _c("position", "int", required=True),
        _c("label", required=True), _c("text", required=True), KEYWORDS, SOURCE,
    )),
    # What the sources do not say although people ask for it (net pay, part-time, regions): the bot
    # says so honestly instead of answering something near it, and logs the question for `kb gaps`.
    Table("not_covered", ("id",), (
        _c("id", required=True), _c("label", required=True), _c("keywords", required=True),
        _c("note"),
    )),
    Table("curation_notes", ("id",), (
        _c("id", required=True), _c("ref", required=True), _c("kind", required=True, vocab=NOTE_KINDS),
        _c("text", required=True), SOURCE,
    )),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}

SQLITE_TYPES = {"text": str, "int": int, "amount": float, "bool": int}
