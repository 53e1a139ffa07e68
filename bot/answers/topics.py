"""The topic registry: which renderer answers which topic, what needs a role, and the 2–3 quick
replies every answer ends with. The renderers live in one module per topic family."""
from __future__ import annotations

from typing import Callable

from bot.answers import careers, general, profile, salary, training
from bot.answers.base import TOPICS, Ask, button
from bot.answers.reply import Button, Reply
from bot.kb.models import Occupation
from bot.kb.queries import KnowledgeBase

NEXT: dict[str, tuple[str, ...]] = {
    "overview": ("skills", "salary", "training"),  # the profile lists the tasks itself
    "tasks": ("skills", "salary", "career"),
    "requirements": ("training", "skills", "salary"),
    "skills": ("requirements", "tasks", "career"),
    "training": ("training_pay", "exam", "requirements"),
    "exam": ("training_pay", "career", "training"),
    "salary": ("career", "compare", "sources"),
    "training_pay": ("exam", "salary", "sources"),
    "minimum_pay": ("training_pay", "compare", "sources"),
    "working_hours": ("salary", "tasks", "career"),
    "career": ("salary", "study", "lateral_entry"),
    "study": ("career", "requirements", "salary"),
    "lateral_entry": ("career", "skills", "salary"),
    "compare": ("salary", "training", "career"),
    "glossary": ("glossary", "overview", "sources"),
    "sources": ("salary", "training_pay", "compare"),
}



def suggestions(topic: str, occupation: Occupation | None, kb: KnowledgeBase) -> list[Button]:
    """2–3 natural next questions; the training-pay question only where there is a training."""
    buttons = []
    for nxt in NEXT[topic]:
        if nxt == topic:
            continue
        if nxt == "training_pay" and occupation and not occupation.regulated_training:
            nxt = "career"
        if nxt == "exam" and occupation and not kb.exams(occupation.id):
            continue
        buttons.append(button(nxt, occupation if nxt not in ("compare", "sources", "glossary") else None))
    unique = {b.payload: b for b in buttons}
    return list(unique.values())[:3]



RENDERERS: dict[str, Callable[[KnowledgeBase, Ask], Reply]] = {
    "overview": profile.overview, "tasks": profile.tasks, "requirements": profile.requirements,
    "skills": profile.skills, "working_hours": profile.working_hours, "training": training.training,
    "exam": training.exam, "salary": salary.salary, "training_pay": salary.training_pay,
    "minimum_pay": salary.minimum_pay, "career": careers.career,
    "study": careers.study, "lateral_entry": careers.lateral_entry, "compare": general.compare,
    "glossary": general.glossary, "sources": general.sources,
}
NEEDS_OCCUPATION = set(RENDERERS) - {"compare", "glossary", "sources", "minimum_pay"}


def with_suggestions(kb: KnowledgeBase, topic: str, occupation: Occupation | None, reply: Reply,
                     more: bool = False) -> Reply:
    """Tops a reply's own quick replies up to three suggestions; `more` first offers the whole topic
    (after an answer that led with one fact of it)."""
    own = list(reply.buttons)
    if more and topic in RENDERERS:
        title = "Mehr dazu: " + TOPICS[topic][1]
        own.insert(0, button(topic, occupation if topic in NEEDS_OCCUPATION else None, title=title))
    payloads = {b.payload for b in own}
    extra = [b for b in suggestions(topic, occupation, kb) if b.payload not in payloads]
    reply.buttons = own + extra[:max(0, 3 - len(own))]
    return reply


def render(kb: KnowledgeBase, topic: str, ask: Ask) -> Reply:
    """The whole topic for the asked role, ending with 2–3 quick replies."""
    return with_suggestions(kb, topic, ask.occupation, RENDERERS[topic](kb, ask))
