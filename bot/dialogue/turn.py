"""What one turn consists of, independent of Rasa: the user's turn, the outcome, the slots
the conversation remembers, and how found fact lines are worded."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Collection

from bot.answers import format as fmt
from bot.answers.base import Ask
from bot.answers.facts import FactLine
from bot.answers.reply import Reply
from bot.kb.models import Occupation
from bot.kb.queries import KnowledgeBase
from bot.nlp.vocabulary import LAST_TRAINING_YEAR, ordinals_in
from bot.text import terms

# Start years set side by side ('von 2024 auf 2026', '2024 vs. 2026'), not a start year and the year now
# ('seit 2024, ab 2025 im 2. Lehrjahr').
YEARS_COMPARED = re.compile(r"\b20\d\d\b\D{0,25}?\b(und|oder|bis|vs|versus|auf|gegen(über|ueber)?|zu|statt|anstatt)\b"
                            r"\D{0,25}?\b20\d\d\b|\bjeweils\b|"
                            r"vergleich|verglich|unterschied|gestiegen|steigt|erhöht|erhoeht|entwickelt|h(ö|oe)her|"
                            r"\bwer\s+hat\b", re.I)

@dataclass
class Turn:
    intent: str
    text: str = ""
    entities: list[dict[str, Any]] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    language: str | None = None  # ISO code of a message clearly not in German (bot/rasa/language.py)
    confidence: float = 1.0  # how sure the intent classifier was
    ranking: tuple[tuple[str, float], ...] = ()  # every intent with its confidence, best first
    searched: bool = False  # `_understood_anyway` at its usual strength already found nothing in this turn
    restated: bool = False  # the text is the earlier question with this turn's number in it: it leans on nothing

    @property
    def from_button(self) -> bool:
        """Whether the message is a quick reply's payload ('/ask_salary{"occupation":"kfd"}'), which names its topic."""
        return self.text.startswith("/")


@dataclass
class Found:
    """The fact lines a question asks for, and what else fits it nearly as well."""

    lines: list[FactLine] = field(default_factory=list)
    related: list[FactLine] = field(default_factory=list)
    broad: str | None = None  # matched only words every line of this topic has: the whole topic is asked
    role: str | None = None  # whose topic that is
    strength: float = 0.0  # how strongly the lead line matched (summed idf of the question's words in it)


@dataclass
class Outcome:
    replies: list[Reply]
    slots: dict[str, Any] = field(default_factory=dict)
    unanswered: bool = False
    reason: str | None = None  # why it stays unanswered, for `kb gaps` (a not-covered topic's id)


def entity_values(entities: list[dict[str, Any]], name: str) -> list[str]:
    return [str(e["value"]) for e in entities if e.get("entity") == name and e.get("value") not in (None, "")]


def stage_entities(stages: set[str]) -> list[dict[str, Any]]:
    """Stages found beside the entity rules (in a compound, a quoted figure, a population) as entities."""
    return [{"entity": "career_stage", "value": stage} for stage in sorted(stages)]


def with_stages(entities: list[dict[str, Any]], stages: set[str],
                replacing: Collection[str] = ("career_stage",)) -> list[dict[str, Any]]:
    """The entities with these stages in place of the stages named (and of the other entity kinds in `replacing`:
    the years or training year a new stage makes moot)."""
    return [e for e in entities if e.get("entity") not in replacing] + stage_entities(stages)


def first_int(values: list[str], low: int, high: int) -> int | None:
    """The first number in range: entity values come from users and buttons alike ('3', '2025.', '01.09.2026')."""
    for value in values:
        for digits in re.findall(r"\d{1,6}", value):
            if low <= int(digits) <= high:
                return int(digits)
    return None


def remember(topic: str, entities: list[dict[str, Any]], text: str) -> str:
    """A question kept in a slot: its topic, details and wording, without the occupation."""
    details = [{"entity": e["entity"], "value": e["value"]} for e in entities if e.get("entity") != "occupation"]
    return json.dumps({"topic": topic, "entities": details, "text": text[:300]}, ensure_ascii=False)


def recall(value: str | None) -> dict[str, Any] | None:
    try:
        loaded = json.loads(value) if value else None
    except json.JSONDecodeError:
        return None
    return loaded if isinstance(loaded, dict) else None


def earlier_question(turn: Turn) -> dict[str, Any]:
    """The question this message may lean on: the one waiting for a role, else the last one answered."""
    return recall(turn.slots.get("pending_topic")) or recall(turn.slots.get("last_topic")) or {}


# Words of a correction or a follow-up that ask nothing of their own ('nee sorry, erstes', 'das achte wollte
# ich wissen'); 'Beruf' and 'andere' are stopwords already.
CORRECTION_WORDS = frozenset(terms("Stelle meinte nee nein sorry korrektur quatsch falsch ups fang fange erst "
                                   "Vergleich verglichen dazu gegenüber ach oh ah hoppla upps oops moment ne "
                                   "Beginn Ausbildungsbeginn Start Ausbildungsstart wollte will möchte wissen warte "
                                   "verlesen vertan verschrieben vertippt verguckt pardon korrigiere mein"))


def with_number_swapped(text: str, earlier: str) -> str | None:
    """The earlier question with this message's number in place of its own, when this message is
    only a number ('und das 8.?' after 'Was ist das 7. P?' → 'Was ist das 8. P?'); else None."""
    said_before = set(terms(earlier))
    asked = [t for t in terms(text) if t not in said_before and t not in CORRECTION_WORDS]  # 'und Teil 3?' after 'Teil 2'
    if len(asked) != 1 or not asked[0].isdigit():
        return None
    numbered = [t for t in re.findall(r"\w+\.?", earlier) if (terms(t) or [""])[0].isdigit()]
    if len(numbered) != 1:
        return None
    old = numbered[0]
    new = asked[0] if old.rstrip(".").isdigit() and not old.endswith(".") else f"{asked[0]}."  # '2' stays a cardinal
    return re.sub(rf"(?<!\w){re.escape(old)}", new, earlier, count=1)


def fact_reply(lines: list[FactLine], occupation: Occupation | None, related: list[FactLine] = ()) -> Reply:
    """The asked fact first, with its source (one label when all lines share it); then what else
    fits the question nearly as well."""
    role = occupation.name_neutral if occupation and lines[0].occupation else ""
    refs = {line.ref for line in lines}
    if len(lines) == 1:
        text = (f"**{role}** – " if role else "") + lines[0].cited
    elif len({line.source.id for line in lines}) == 1:
        # several lines of one kind: its lead once, as the heading ('Damit arbeitest du:')
        lead = lines[0].lead if len({line.lead for line in lines}) == 1 else ""
        heading = f"**{role}** – {lead.strip()}" if role and lead else f"**{role}**:" if role else lead.strip()
        text = (f"{heading}\n" if heading else "") + fmt.bullet_list([line.said(refs, lead=not lead) for line in lines]) \
            + f"\n({fmt.source_label(lines[0].source)})"
    else:
        text = (f"**{role}**:\n" if role else "") + fmt.bullet_list([line.cited_beside(refs) for line in lines])
    if related:
        text += "\nDazu passt vielleicht auch:\n" + fmt.bullet_list([line.cited for line in related])
    return Reply(text)


def ask_of(kb: KnowledgeBase, occupation: Occupation | None, entities: list[dict[str, Any]], text: str) -> Ask:
    """What a question asks of the topic for one role: training year(s), years, stages, period, start
    year and glossary topic from its entities ('am Ende der Ausbildung' is the role's last year)."""
    values = entity_values(entities, "training_year")
    named = {first_int([v], 1, 4) for v in values} - {None}
    if LAST_TRAINING_YEAR in values and occupation:
        training = kb.training(occupation.id).regulation
        if training and training.duration_years:
            named.add(int(training.duration_years))
    years = named | ordinals_in(text) if named else set()
    starts = {first_int([v], 2000, 2100) for v in entity_values(entities, "start_year")} - {None}
    return Ask(
        occupation=occupation,
        training_year=next(iter(years)) if len(years) == 1 else None,
        training_years=years,
        years_experience=first_int(entity_values(entities, "years_experience"), 1, 50),
        stages=set(entity_values(entities, "career_stage")),
        period=next(iter(entity_values(entities, "period")), None),
        start_year=first_int(entity_values(entities, "start_year"), 2000, 2100),
        start_years=starts if len(starts) > 1 and YEARS_COMPARED.search(text) else set(),
        statistic=next(iter(entity_values(entities, "statistic")), None),
        topic_id=next(iter(entity_values(entities, "glossary_topic")), None),
        text=text,
    )
