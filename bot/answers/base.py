"""What every topic renderer shares: the normalised question (Ask), the topics with their quick-reply
titles, and small helpers. Wording lives in the renderers; facts only ever come from the rows."""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.answers import format as fmt
from bot.answers.reply import Button, intent_payload
from bot.kb.models import Occupation

@dataclass
class Ask:
    """What the user asked for, normalised from entities."""

    occupation: Occupation | None = None
    training_year: int | None = None
    training_years: set[int] = field(default_factory=set)  # all years asked ('im ersten und zweiten Jahr')
    years_experience: int | None = None
    stages: set[str] = field(default_factory=set)
    period: str | None = None
    start_year: int | None = None
    start_years: set[int] = field(default_factory=set)  # start years set side by side ('von 2024 auf 2026'), else none
    statistic: str | None = None  # the one quartile of the statistics asked ('das obere Quartil'), else none
    topic_id: str | None = None
    text: str = ""
    # a comparison's question for each role where each side names its own stage ('KfD nach 10 Jahren vs. OMM
    # beim Einstieg'), by role id
    sides: dict[str, Ask] = field(default_factory=dict)


# What a school certificate is for a role (school_requirements.role), as the answers say it.
SCHOOL_ROLE = {"minimum": "Mindestvoraussetzung", "typical": "in der Regel", "share": "häufig", "required": "erwartet"}

# Topic → (intent, button title). Quick replies point at natural next questions.
TOPICS: dict[str, tuple[str, str]] = {
    "overview": ("ask_overview", "Was macht man da?"),
    "tasks": ("ask_tasks", "Aufgaben"),
    "requirements": ("ask_requirements", "Voraussetzungen"),
    "skills": ("ask_skills", "Kenntnisse & Tools"),
    "training": ("ask_training", "Ausbildung"),
    "exam": ("ask_exam", "Prüfungen"),
    "salary": ("ask_salary", "Gehalt"),
    "training_pay": ("ask_training_pay", "Ausbildungsvergütung"),
    "minimum_pay": ("ask_training_pay", "Gesetzliche Mindestvergütung"),
    "working_hours": ("ask_working_hours", "Arbeitszeit"),
    "career": ("ask_career", "Karriere & Weiterbildung"),
    "study": ("ask_study", "Studium"),
    "lateral_entry": ("ask_lateral_entry", "Quereinstieg"),
    "compare": ("compare_occupations", "Beide Berufe vergleichen"),
    "glossary": ("ask_glossary", "Marketing-Begriffe"),
    "sources": ("ask_sources", "Woher stammen die Zahlen?"),
}
# Intent → the topic it asks for (the first topic of an intent that has two).
TOPIC_BY_INTENT: dict[str, str] = {}
for _topic, (_intent, _) in TOPICS.items():
    TOPIC_BY_INTENT.setdefault(_intent, _topic)


def button(topic: str, occupation: Occupation | None = None, title: str | None = None, **entities) -> Button:
    intent, default_title = TOPICS[topic]
    return Button(title or default_title, intent_payload(intent, occupation=occupation.id if occupation else None, **entities))



def name(occupation: Occupation) -> str:
    return occupation.name_neutral


def sourced_block(header: str, items: list[str], source) -> str:
    return f"{header}\n{fmt.bullet_list(items)}\n({fmt.source_label(source)})"


