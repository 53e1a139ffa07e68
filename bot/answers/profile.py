"""Answers about a role itself: overview, tasks, requirements, skills, working hours."""
from __future__ import annotations

from dataclasses import replace

from bot.answers import format as fmt
from bot.answers.base import SCHOOL_ROLE, Ask, name, sourced_block
from bot.answers.reply import Reply
from bot.kb.models import CareerStep, Fact, Occupation, SalaryFigure, WorkingHours
from bot.kb.queries import KnowledgeBase


def overview(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    facts = kb.facts(occ.id, ["summary"])
    context = kb.facts(occ.id, ["labour_market", "background"])
    parts = [f"**{name(occ)}**", " ".join(f.text for f in facts + context)]
    tasks = kb.facts(occ.id, ["task"])
    if tasks:  # 'Was macht ein Kaufmann für Dialogmarketing?' – what the work consists of, too
        parts.append("Typische Aufgaben:\n" + fmt.bullet_list([f.text for f in tasks]))
    parts.append(f"({fmt.source_label(facts[0].source)})")
    traits = kb.facts(occ.id, ["trait"])
    if traits:  # … and whom it suits ('Für wen ist der KfD geeignet?', 'Ist das was für mich?')
        helps = "Das hilft dir: " + fmt.join_words([f.text for f in traits]) + "."
        parts.append(fmt.with_source(helps, traits[0].source))
    # the profile of a job names how you get in and what you earn at first ('Erzähl mal was über den OMM')
    parts.append("Weg und Gehalt: " + way_and_pay(kb, occ))
    hours = kb.working_hours(occ.id)
    if hours:  # … how long the week is ('die Basics: Gehalt, Arbeitszeit, Voraussetzungen') and its official code
        parts.append(fmt.with_source(f"Arbeitszeit: {_week(hours)}.", hours.source))
    parts.append(fmt.with_source(f"Berufskennziffer: {occ.kldb2010} (KldB 2010).", occ.source))
    if any(not f.basis_stated for f in way_figures(kb, occ)):
        parts.append(fmt.ASSUMED_GROSS)
    return Reply("\n".join(parts))


def entry_pay(kb: KnowledgeBase, occ: Occupation) -> SalaryFigure | None:
    """The role's yearly entry salary figure, if the knowledge base has one."""
    return next((f for f in kb.salary_figures(occ.id, ["entry"]) if f.period == "year"), None)


def changers_course(kb: KnowledgeBase, occupation_id: str) -> CareerStep | None:
    """The course that takes career changers into a role: its way in with a length ('3–4 Monate')."""
    return next((s for s in kb.career_steps(occupation_id, ["quereinstieg"]) if s.duration_text), None)


def training_pay_span(kb: KnowledgeBase, occ: Occupation) -> SalaryFigure | None:
    """The training pay from the first year's lowest to the last year's highest figure, as one figure."""
    pay = kb.salary_figures(occ.id, ["apprenticeship"])
    if not pay:
        return None
    return replace(pay[0], amount_min=min(f.amount_min for f in pay), amount_max=max(f.amount_max for f in pay))


def way_figures(kb: KnowledgeBase, occ: Occupation) -> list[SalaryFigure]:
    """The figures `way_and_pay` names."""
    return [f for f in (training_pay_span(kb, occ), entry_pay(kb, occ)) if f]


def way_and_pay(kb: KnowledgeBase, occ: Occupation) -> str:
    """The way into the role and its entry salary in one sourced line ('Duale Ausbildung, 3 Jahre; Schulabschluss –
    Mindestvoraussetzung: …; Ausbildungsvergütung …; Einstieg 1.900–2.700 € brutto im Monat, also … (Quelle: …)'); a
    role without an Ausbildung names its course for career changers."""
    reg = kb.training(occ.id)
    way = (f"{reg.training.kind}, {reg.regulation.duration_years} Jahre" if reg.training and reg.regulation
           else (reg.regulation.note.rstrip(".") if reg.regulation and reg.regulation.note
                 else "kein geregelter Ausbildungsweg"))
    way = way[:1].upper() + way[1:]
    if reg.regulation and reg.regulation.note and not reg.training:
        way += f" ({fmt.source_label(reg.regulation.source)})"
    # the school certificate it starts from ('Eckdaten: Dauer, Schule, Geld')
    schools = [r for r in reg.school_requirements if r.role in ("minimum", "required", "typical")]
    if schools:
        way += "; Schulabschluss – " + ", ".join(f"{SCHOOL_ROLE[r.role]}: {r.certificate}" for r in schools)
    course = changers_course(kb, occ.id)
    if course and not reg.training:  # the way in instead: 'Quereinstieg z. B. über eine 3–4-monatige Weiterbildung …'
        way += f"; Quereinstieg z. B. über eine {course.via} ({fmt.source_label(course.source)})"
    training_pay = training_pay_span(kb, occ)
    if training_pay:
        years = kb.salary_figures(occ.id, ["apprenticeship"])
        way += (f"; Ausbildungsvergütung {fmt.figure(training_pay)} "
                f"({years[0].training_year}. bis {years[-1].training_year}. Lehrjahr)")
    yearly = entry_pay(kb, occ)
    if not yearly:
        return way
    monthly = next((f for f in kb.salary_figures(occ.id, ["entry"]) if f.id == yearly.pairs_with), None)
    pay = f"{fmt.figure(monthly)}, also {fmt.figure(yearly)}" if monthly else f"{fmt.figure(yearly)} ({fmt.converted(yearly)})"
    return f"{way}; Einstieg {pay} ({fmt.source_label(yearly.source)})"


def tasks(kb: KnowledgeBase, ask: Ask) -> Reply:
    """The role in a nutshell ('Der Kontakt findet in der Regel telefonisch oder per Chat statt'), then its tasks."""
    items = kb.facts(ask.occupation.id, ["task"])
    summary = " ".join(f.text for f in kb.facts(ask.occupation.id, ["summary"]) if f.source == items[0].source)
    header = f"Das sind typische Aufgaben als {name(ask.occupation)}:"
    return Reply(sourced_block(f"{summary}\n{header}" if summary else header, [f.text for f in items], items[0].source))


def requirements(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    lines = []
    info = kb.training(occ.id)
    for req in info.school_requirements:
        share = f" – {req.share_text}" if req.share_text else ""
        lines.append(f"{SCHOOL_ROLE[req.role]}: {req.certificate}{share}")
    extra = application_requirements(kb, occ)
    parts = [f"Voraussetzungen für {name(occ)}:"]
    if lines:
        parts.append(fmt.bullet_list(lines) + f"\n({fmt.source_label(info.school_requirements[0].source)})")
    if extra:
        parts.append("Bei Bewerbungen wird außerdem oft erwartet:\n" + fmt.bullet_list([f.text for f in extra])
                     + f"\n({fmt.source_label(extra[0].source)})")
    hiring = kb.facts(occ.id, ["hiring"])
    if hiring:  # 'Worauf achten Arbeitgeber bei Bewerbern für OMM?'
        parts.append("Worauf Arbeitgeber achten:\n" + fmt.bullet_list([f.text for f in hiring])
                     + f"\n({fmt.source_label(hiring[0].source)})")
    return Reply("\n".join(parts))


def application_requirements(kb: KnowledgeBase, occ: Occupation) -> list[Fact]:
    """What applicants are expected to bring besides the school certificates, which are rows of their own."""
    certificates = {r.certificate for r in kb.training(occ.id).school_requirements}
    return [f for f in kb.facts(occ.id, ["requirement"]) if f.text not in certificates]


def skills(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    groups = [("skill", "Was du können solltest"), ("trait", "Was dir hilft"), ("tool", "Tools & Software"),
              ("language", "Sprachen")]
    parts = []
    source = None
    for category, title in groups:
        facts = kb.facts(occ.id, [category])
        if facts:
            source = facts[0].source
            parts.append(f"{title}:\n{fmt.bullet_list([f.text for f in facts])}")
    parts.append(f"({fmt.source_label(source)})")
    return Reply(f"Fähigkeiten für {name(occ)}:\n" + "\n".join(parts))


def working_hours(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    hours = kb.working_hours(occ.id)
    if hours is None:
        return Reply(f"Zur Arbeitszeit als {name(occ)} habe ich keine geprüfte Angabe – meine Quellen nennen dazu keine Zahlen.")
    return Reply(fmt.with_source(f"Als {name(occ)} arbeitest du {_week(hours)}.", hours.source))


def _week(hours: WorkingHours) -> str:
    """'meist 40–50 Stunden pro Woche (Work-Life-Balance laut Übersicht: normal)'"""
    note = f" ({hours.note})" if hours.note else ""
    return f"meist {hours.hours_min}–{hours.hours_max} Stunden pro Woche{note}"


