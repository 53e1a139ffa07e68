"""Answers not about one role: the comparison, marketing terms, the sources."""
from __future__ import annotations

from dataclasses import replace

from bot.answers import format as fmt
from bot.answers import profile, salary
from bot.answers.base import Ask, button
from bot.answers.reply import Button, Reply, intent_payload
from bot.kb.models import Occupation, SalaryFigure
from bot.kb.queries import KnowledgeBase


# The way in without experience: a role without trainees has apprentices, and the other way round.
FIRST_STEP = {"trainee": "apprenticeship", "apprenticeship": "trainee"}


def _for_role(kb: KnowledgeBase, ask: Ask, occ: Occupation) -> Ask:
    """The asked stages for one role – a way in it does not have as its own way in ('Ausbildung im
    Dialogmarketing oder Trainee im Online Marketing?') – and, when another stage is named too, years
    of experience only where that role has such a figure ('OMM nach 10 Jahren vs. KfD nach der
    Ausbildung'); without one, a role without the figure says so and gives the statistics."""
    years = ask.years_experience
    if years and ask.stages and not any(f.years_experience == years for f in kb.salary_figures(occ.id, ["experienced"])):
        years = None  # the other stage named is this role's ('KfD vs OMM nach 10 Jahren' keeps the years for both)
    stages = {FIRST_STEP[s] if s in FIRST_STEP and not kb.salary_figures(occ.id, [s])
              and kb.salary_figures(occ.id, [FIRST_STEP[s]]) else s for s in ask.stages}
    return replace(ask, occupation=occ, years_experience=years, stages=stages)


def compare(kb: KnowledgeBase, ask: Ask) -> Reply:
    """Both roles side by side: the asked stages (apprenticeship, ten years, statistics …) of each – each
    role's own where the question names them per side – or by default the way in and the entry salary."""
    occupations = kb.occupations(in_scope=True)
    buttons = [button("salary", o, title=f"Gehalt {o.name_neutral}") for o in occupations][:2] + [button("sources")]
    if ask.sides or ask.stages - {"entry"} or ask.years_experience or ask.training_year:
        blocks = [f"**{o.name_neutral}**\n" + salary.salary(kb, _for_role(kb, ask.sides.get(o.id, ask), o)).text
                  for o in occupations]
        return Reply("Die beiden Berufe im Vergleich:\n\n" + "\n\n".join(blocks), buttons=buttons)
    rows = []
    entries: list[tuple[Occupation, SalaryFigure, float, float]] = []
    for occ in occupations:
        yearly = profile.entry_pay(kb, occ)
        if yearly:
            entries.append((occ, yearly, yearly.amount_min, yearly.amount_max))
        # what the job is comes first: the difference of two jobs is above all what each does
        summary = next(iter(kb.facts(occ.id, ["summary"])), None)
        does = f"{summary.text} " if summary else ""
        if summary and not (yearly and yearly.source.id == summary.source.id):
            does = f"{fmt.with_source(summary.text, summary.source)} "
        rows.append(f"**{occ.name_neutral}**: {does}{profile.way_and_pay(kb, occ)}")
    parts = ["Die beiden Berufe im Vergleich:", fmt.bullet_list(rows)]
    if len(entries) == 2:
        (a, fa, a_lo, a_hi), (b, fb, b_lo, b_hi) = entries
        higher, lower = (a, b) if (a_lo + a_hi) > (b_lo + b_hi) else (b, a)
        parts.append(f"Beim Einstieg liegt laut diesen Quellen {higher.name_neutral} vor {lower.name_neutral} – "
                     "beide Spannen überschneiden sich aber, und es hängt stark vom Unternehmen ab.")
    if any(not f.basis_stated for occ in occupations for f in profile.way_figures(kb, occ)):
        parts.append(fmt.ASSUMED_GROSS)
    chart = None
    if entries:
        chart = {"type": "salary_ranges", "title": "Einstiegsgehalt im Vergleich", "unit": "€ brutto im Jahr",
                 "bars": [{"label": o.name_neutral, "min": lo, "max": hi} for o, _, lo, hi in entries]}
        chart["alt"] = chart["title"] + ". " + "; ".join(f"{b['label']}: {fmt.span(b['min'], b['max'])}" for b in chart["bars"])
    return Reply("\n".join(parts), chart=chart, buttons=buttons)


def glossary(kb: KnowledgeBase, ask: Ask) -> Reply:
    topic = kb.glossary_topic(ask.topic_id) if ask.topic_id else kb.resolve_topic(ask.text)
    if topic is None:
        topics = kb.glossary_topics()
        return Reply("Zu diesen Marketing-Themen kann ich dir etwas erzählen – welches interessiert dich?",
                     buttons=[Button(t.title, intent_payload("ask_glossary", glossary_topic=t.id)) for t in topics[:6]])
    points = [f"{p.label}: {p.text}" for p in topic.points]
    sources = {p.source.id: p.source for p in topic.points}
    sources.setdefault(topic.source.id, topic.source)
    text = f"**{topic.title}**\n{topic.summary}\n{fmt.bullet_list(points)}\n({fmt.sources_label(list(sources.values()))})"
    related = [t for t in kb.glossary_topics() if t.id != topic.id][:2]
    buttons = [Button(t.title, intent_payload("ask_glossary", glossary_topic=t.id)) for t in related]
    return Reply(text, buttons=buttons)


def sources(kb: KnowledgeBase, ask: Ask) -> Reply:
    confidence = {"A": "Originaltext des Herausgebers", "B": "amtliche Zahlen über eine Zweitquelle",
                  "C": "Ratgeberartikel ohne Datum"}
    lines = []
    for s in kb.sources():
        year = f"Datenjahr {s.data_year}" if s.data_year else "ohne Datumsangabe"
        lines.append(f"{s.label} – {year}, Verlässlichkeit {s.confidence} ({confidence[s.confidence]})")
    notes = kb.curation_notes()
    text = ("Alle meine Angaben stammen aus einer geprüften Wissensdatenbank. Die Quellen:\n" + fmt.bullet_list(lines) +
            "\nAmtliche Zahlen (Mindestvergütung, Entgeltatlas) zeige ich immer getrennt von den Zahlen der Ratgeber. "
            f"Widersprüche und Tippfehler in den Quellen sind dokumentiert ({len(notes)} Hinweise) und werden nicht "
            "stillschweigend korrigiert.")
    return Reply(text)


