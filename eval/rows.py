"""The knowledge base's fact rows, each named `table:primary-key` – what evaluation cases cite."""
from __future__ import annotations

from pathlib import Path

from bot.kb.loader import load_all
from bot.kb.schema import TABLES_BY_NAME

KB_DIR = Path(__file__).resolve().parent.parent / "data" / "kb"
# Tables whose rows are facts a user can ask for (not sources, aliases or curation notes).
FACT_TABLES = ("occupations", "salary_figures", "trainings", "regulations", "school_requirements",
               "training_schedule", "training_content", "exams", "exam_parts", "career_steps",
               "occupation_facts", "working_hours", "glossary_topics", "glossary_points")


def ref(table: str, values: dict) -> str:
    """'salary_figures:kfd_azubi_j2', 'occupation_facts:omm/tool/7'."""
    return f"{table}:" + "/".join(str(values.get(k)) for k in TABLES_BY_NAME[table].pk)


def fact_rows(kb_dir: Path = KB_DIR) -> dict[str, dict]:
    """Every fact row of the curated files by its reference, in file order."""
    return {ref(r.table, r.values): r.values for r in load_all(kb_dir) if r.table in FACT_TABLES}


def summary(values: dict) -> str:
    skip = {"source", "position", "__line__"}
    return "; ".join(f"{k}={v}" for k, v in values.items() if v not in (None, "") and k not in skip)[:400]
