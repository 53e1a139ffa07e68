"""Which salary figure a question is about when it names no stage: a figure it quotes ('Stimmt
es, dass man mit 27.600 einsteigt?') or the people a figure's `population` describes ('Ich war drei
Jahre Social Media Managerin …' → the entry with experience as Content or Social Media Manager) –
and the stages it denies ('ohne Erfahrung', 'nicht mehr Azubi')."""
from __future__ import annotations

import re
from typing import Any, Callable

from bot.answers import format as fmt
from bot.answers.salary import STATISTICS
from bot.dialogue.roles import CORRECTION
from bot.dialogue.turn import YEARS_COMPARED, entity_values, first_int, stage_entities
from bot.kb.models import Occupation, SalaryFigure
from bot.kb.queries import KnowledgeBase
from bot.nlp.vocabulary import THOUSANDS, agency_funds, asks_pay, money_stages_in, names_agency_only
from bot.text import asked_sentences, terms

# Experience denied: 'ohne Erfahrung', 'keine Berufserfahrung', 'null Vorerfahrung'.
NO_EXPERIENCE = re.compile(r"\b(ohne|keine|null|kaum)\s+(berufs|vor)?erfahrung", re.I)
# Someone who starts out, set against the asker ('mehr als jemand, der ganz frisch anfängt') or another stage ('lieber
# als Trainee oder direkt als Manager?'): the plain entry.
FRESH_START = re.compile(r"\bfrisch\b|\bganz\s+(ohne|neu)\b|\bberufseinsteiger|\bquereinsteiger\w*\s+ohne\b|"
                         r"\bdirekt\s+als\b", re.I)
# … set against the asker: 'mehr am Anfang als jemand …', 'gegenüber jemandem ganz ohne Erfahrung'.
MORE_THAN = re.compile(r"\bmehr\b.{0,30}\bals\b|\bgegen(über|ueber)\b|\bvergleich", re.I)
# 'als Einsteiger, also nicht mehr Azubi', 'bin kein Azubi mehr', 'nicht in der Ausbildung, sondern danach': the
# training is over, not asked
_NO_LONGER_TRAINING = re.compile(r"\b(nicht\s+mehr|kein(e|en)?)\s+(als\s+)?(azubi|auszubildende[rn]?|lehrling)\b|"
                                 r"\b(azubi|auszubildende[rn]?|lehrling)\s+mehr\b|"
                                 r"\bnicht\s+(in|w(ä|ae)hrend)\s+der\s+(ausbildung|lehre)\W+sondern\s+(danach|nach)\b",
                                 re.I)
# 'Einstieg mit vs. ohne Berufserfahrung' names both entries, though the rules see no stage in 'mit' alone
_WITH_AND_WITHOUT = re.compile(r"\bmit\s*(vs\.?|versus|oder|und|bzw\.?|/)\s*ohne\s+(berufs|vor)?erfahrung", re.I)
# 'im ersten Jahr nach der Ausbildung' counts years of work, not a training year
_YEAR_AFTER_TRAINING = re.compile(r"\bjahre?n?\s+nach\s+(der|dem|meiner|deiner)\s+(ausbildung|lehre|abschluss)\b", re.I)
# 'Ich fang im August die Ausbildung an. Was krieg ich am Anfang?': the start of the training, not of the job
_STARTS_TRAINING = re.compile(r"\b(f(?:a|ä|ae)ng\w*|beginn\w*|start\w*)\s+(\w+\s+){0,4}(die|meine|eine|mit\s+der)\s+(ausbildung|lehre)\b",
                              re.I)
# The time after the training named ('… und am Anfang nach der Ausbildung'): there 'am Anfang' is the entry
_AFTER_TRAINING = re.compile(r"\bnach\s+(der|dem|meiner)\s+(ausbildung|lehre|abschluss)\b", re.I)
_AT_FIRST = re.compile(r"\b(am\s+anfang|anfangs|zu\s+beginn|zum\s+start|am\s+start)\b", re.I)
# '27.600', '27 600', '27600', '1.900 €' – amounts with three or more digits
_AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.\s]\d{3})+|\d{3,6})(?!\d|[.,]\d)")


def amounts_in(text: str) -> set[float]:
    """The money amounts a message quotes."""
    return {float(re.sub(r"[.\s]", "", m.group(1))) for m in _AMOUNT.finditer(text)} | \
        {float(m.group(1)) * 1000 for m in THOUSANDS.finditer(text)}


def quoted_figures(kb: KnowledgeBase, text: str, occupations: list[str] | None = None) -> list[SalaryFigure]:
    """The figures (of these roles, else of every role in scope; conflicting ones included) whose amount the message
    quotes."""
    amounts = amounts_in(text)
    if not amounts:
        return []
    roles = occupations or [o.id for o in kb.occupations(in_scope=True)]
    figures = [f for occupation in roles for f in kb.salary_figures(occupation, preferred_only=False)]
    return [f for f in figures if amounts & {f.amount_min, f.amount_max} and f.stage != "minimum_training_pay"]


def stages_described(kb: KnowledgeBase, text: str, occupation: str) -> set[str]:
    """The stages whose population the question names with a word no other stage's population has
    (nor a longer or shorter form of it); role and field names do not count."""
    names = {t for name, _ in [*kb.aliases(), *kb.fields()] for t in terms(name)}
    by_stage: dict[str, set[str]] = {}
    for figure in kb.salary_figures(occupation):
        if figure.stage not in STATISTICS:  # a whole occupational group, not a stage a user can be in
            by_stage.setdefault(figure.stage, set()).update(set(terms(figure.population or "")) - names)
    asked = set(terms(text))
    found = set()
    for stage, words in by_stage.items():
        others = {w for s, ws in by_stage.items() if s != stage for w in ws}
        own = {w for w in words if not any(w in o or o in w for o in others)}
        if asked & own:
            found.add(stage)
    return found


def asker_stages(kb: KnowledgeBase, text: str, occupation: str) -> set[str]:
    """The stages a message describes its asker by: 'null Erfahrung' is how a population says 'ohne Erfahrung' (the
    OMM's trainee figure)."""
    return stages_described(kb, NO_EXPERIENCE.sub("ohne Erfahrung", text), occupation)


def only_role(kb: KnowledgeBase, has: Callable[[Occupation], bool]) -> Occupation | None:
    """The one role that `has` what is asked, if only one has it."""
    having = [o for o in kb.occupations(in_scope=True) if has(o)]
    return having[0] if len(having) == 1 else None


def stage_role(kb: KnowledgeBase, stages: set[str]) -> Occupation | None:
    """The one role whose figures have every stage asked ('als Trainee … was verdient man da?' – the OMM's)."""
    return only_role(kb, lambda o: bool(stages) and all(kb.salary_figures(o.id, [s]) for s in stages))


def agency_beside(text: str) -> bool:
    """Whether the Bundesagentur is named only as an agency and only beside the question, which asks for no money
    ('Die Arbeitsagentur hat Online Marketing erwähnt. Wie komme ich da rein?' – no statistics asked)."""
    asked = asked_sentences(text)
    return asked != text and names_agency_only(text) and "median" not in money_stages_in(asked) and not asks_pay(asked)


def without_denied_stages(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entities without the stages a message denies: 'ohne Erfahrung als OMM' (the rules saw 'Erfahrung als';
    'vs. mit Erfahrung als …' elsewhere stays, 'mit vs. ohne Berufserfahrung' names both), 'nicht mehr Azubi' and
    'im ersten Jahr nach der Ausbildung' (the entry instead, unless another stage is named); 'am Anfang' of a training
    the asker begins, or whose years the message counts ('als Azubi im letzten Jahr als am Anfang'), is its first
    year; a start year corrected in the same message is the one said last."""
    without = [m.span() for m in NO_EXPERIENCE.finditer(text)]
    if without:
        entities = [e for e in entities if (e.get("entity"), e.get("value")) != ("career_stage", "entry_experienced")
                    or (e.get("start") is not None and not any(s <= e["start"] < end for s, end in without))]
    if _WITH_AND_WITHOUT.search(text):  # 'Einstieg mit vs. ohne Berufserfahrung': both
        entities += stage_entities({"entry", "entry_experienced"} - set(entity_values(entities, "career_stage")))
    if _YEAR_AFTER_TRAINING.search(text):
        entities = [e for e in entities if e.get("entity") != "training_year"]
        entities += [] if any(e.get("entity") == "career_stage" for e in entities) else stage_entities({"entry"})
    if _AT_FIRST.search(text) and (_STARTS_TRAINING.search(text) or (  # also beside another year
            "apprenticeship" in entity_values(entities, "career_stage") and entity_values(entities, "training_year")
            and not _AFTER_TRAINING.search(text))):
        entities = [e for e in entities if (e.get("entity"), e.get("value")) != ("career_stage", "entry")]
        if "1" not in entity_values(entities, "training_year"):
            entities.append({"entity": "training_year", "value": "1"})
    if agency_funds(text):  # 'Kann die Arbeitsagentur mir die Weiterbildung bezahlen?' asks for no statistics
        entities = [e for e in entities if (e.get("entity"), e.get("value")) != ("career_stage", "median")]
    if _NO_LONGER_TRAINING.search(text):
        entities = [e for e in entities if (e.get("entity"), e.get("value")) != ("career_stage", "apprenticeship")]
        entities += [] if any(e.get("entity") == "career_stage" for e in entities) else stage_entities({"entry"})
    starts = [e for e in entities if e.get("entity") == "start_year" and e.get("end") is not None]
    if len(starts) > 1 and CORRECTION.search(text[starts[0]["end"]:]) and not YEARS_COMPARED.search(text):
        # 'Mindestvergütung 2026 im zweiten Jahr … äh, Start 2025 meinte ich': the start year said last
        entities = [e for e in entities if e.get("entity") != "start_year" or e is starts[-1]]
    return entities


def beyond_training(kb: KnowledgeBase, occupation: Occupation | None, entities: list[dict[str, Any]]) -> dict[str, str]:
    """The training years asked that the role's training does not have, each with what to say instead."""
    regulation = kb.training(occupation.id).regulation if occupation else None
    if not regulation or not regulation.duration_years:
        return {}
    return {value: fmt.with_source(f"Die Ausbildung als {occupation.name_neutral} dauert {regulation.duration_years} "
                                   f"Jahre – ein {year}. Ausbildungsjahr gibt es nicht.", regulation.source)
            for value in entity_values(entities, "training_year")
            if (year := first_int([value], 1, 9)) and year > regulation.duration_years}
