"""Every fact row of the knowledge base as one German sentence the bot can lead with, tagged with
the topic whose full answer it belongs to – the units the answer search ranks."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Iterator

from bot.answers import format as fmt
from bot.answers.base import SCHOOL_ROLE
from bot.answers.salary import figure_line
from bot.kb import models as m
from bot.kb.queries import KnowledgeBase


@dataclass(frozen=True)
class FactLine:
    ref: str  # 'exam_parts:kfd_abschlusspruefung/4', as cited by the evaluation cases
    topic: str  # the topic whose full answer holds this fact
    occupation: str | None  # None: not about one role (glossary)
    text: str  # what the bot says
    keywords: str  # what people may ask with instead
    source: m.Source
    subject: str | None = None  # the marketing topic (glossary) a line belongs to
    kind: str = ""  # the fact's category ('summary', 'task', …) where it has one
    within: tuple[str, ...] = ()  # the subject and the wider topics it is part of
    indexed: str | None = None  # what the search matches instead of the text (a figure's note, not its numbers)
    lead: str = ""  # the words the text starts with that name its kind ('Damit arbeitest du: ')
    aside: str = ""  # a closing sentence that repeats the fact of the line `aside_of` ('Mindestvoraussetzung: …')
    aside_of: str | None = None
    position: int | None = None  # the number of a numbered part ('Teil 3 von 4')
    title: str = ""  # a numbered part's own name ('Wirtschafts- und Sozialkunde')

    def belongs_to(self, subjects: list[str]) -> bool:
        """Whether the line is about one of these marketing topics or a part of one."""
        return any(s in self.within for s in subjects)

    def said(self, beside: Collection[str] = (), lead: bool = True) -> str:
        """The text, closed by its aside unless the line the aside repeats is said too (refs `beside`);
        without its lead when a heading says it for several lines."""
        text = self.text if lead else self.text[len(self.lead):]
        return f"{text} {self.aside}" if self.aside and self.aside_of not in beside else text

    def cited_beside(self, beside: Collection[str] = ()) -> str:
        return fmt.with_source(self.said(beside), self.source)

    @property
    def cited(self) -> str:
        return self.cited_beside()


FACT_TOPIC = {"summary": "overview", "labour_market": "overview", "background": "overview", "hiring": "overview",
              "job_title": "overview", "task": "tasks", "skill": "skills", "trait": "skills", "tool": "skills",
              "language": "skills", "requirement": "requirements", "study_subject": "study"}
FACT_LEAD = {"summary": "", "labour_market": "", "background": "", "hiring": "", "job_title": "Weitere Berufsbezeichnung: ",
             "task": "Zu den Aufgaben gehört: ", "skill": "Das solltest du können: ", "trait": "Das hilft dir: ",
             "tool": "Damit arbeitest du: ", "language": "Sprachen: ", "requirement": "Bei Bewerbungen erwartet: ",
             "study_subject": "Ein passendes Studienfach: "}
CAREER_TOPIC = {"einstieg": "lateral_entry", "quereinstieg": "lateral_entry", "studium": "study"}


def _keywords(*rows) -> str:
    return ", ".join(r.keywords for r in rows if r is not None and r.keywords)


def career_line(step: m.CareerStep) -> str:
    """'Senior Online Marketing Manager/in – Beförderung … (Dauer: acht Monate; …)'."""
    line = " – ".join(p for p in (step.target, step.via) if p)
    details = [d for d in (step.duration_text and f"Dauer: {step.duration_text}", step.cost,
                           step.funding and f"Förderung: {step.funding}", step.audience and f"für {step.audience}") if d]
    return line[0].upper() + line[1:] + (f" ({'; '.join(details)})" if details else "")


def exam_part_line(part: m.ExamPart, exam: m.Exam) -> str:
    prep = f", davor {part.prep_minutes} Minuten Vorbereitung" if part.prep_minutes else ""
    return (f"{exam.name}, Teil {part.part_no} von {exam.parts_count or '?'} – „{part.title}“: "
            f"{part.format}, {part.duration_minutes} Minuten{prep}. {part.description}.")


def exam_line(exam: m.Exam) -> str:
    facts = [exam.timing]
    if exam.duration_minutes:
        count = f" für {'circa ' if exam.task_count_approximate else ''}{exam.task_count} Aufgaben" if exam.task_count else ""
        facts.append(f"{exam.format}, {exam.duration_minutes} Minuten{count}")
    elif exam.format:
        facts.append(exam.format)
    if exam.parts_count:
        facts.append(f"{exam.parts_count} Teile: " + ", ".join(f"{p.title} ({p.duration_minutes} Min.)" for p in exam.parts))
    sentences = [s for s in (exam.pass_rule, exam.pass_rate_text, exam.spread, exam.purpose) if s]
    return f"{exam.name}: " + "; ".join(f for f in facts if f) + ". " + " ".join(sentences)


def _occupation_lines(kb: KnowledgeBase, occ: m.Occupation) -> Iterator[FactLine]:
    yield FactLine(f"occupations:{occ.id}", "overview", occ.id,
                   f"Berufskennziffer {occ.kldb2010} in der Klassifikation der Berufe (KldB 2010)."
                   + (f" {occ.note}" if occ.note else ""), _keywords(occ), occ.source)
    if not occ.in_scope:
        return
    categories = list(FACT_TOPIC)
    info = kb.training(occ.id)
    # a certificate an application requires is a school requirement and a requirement fact: one line, asked by both
    certificates = {req.certificate: req for req in info.school_requirements}
    for fact in kb.facts(occ.id, categories):
        school = certificates.get(fact.text) if fact.category == "requirement" else None
        yield FactLine(f"occupation_facts:{occ.id}/{fact.category}/{fact.position}", FACT_TOPIC[fact.category], occ.id,
                       FACT_LEAD[fact.category] + fact.text, _keywords(fact, school), fact.source, kind=fact.category,
                       lead=FACT_LEAD[fact.category])
    if info.training:
        t = info.training
        yield FactLine(f"trainings:{occ.id}", "training", occ.id,
                       f"Die Ausbildung ist eine {t.kind} ({t.recognition}), eingeführt {t.since_year} von den "
                       f"{t.introduced_by}. {t.description}", _keywords(t), t.source)
    if info.regulation:
        r = info.regulation
        since = f", in Kraft seit {fmt.date(r.in_force_since)}" if r.in_force_since else ""
        related = f" Verwandt: {r.related_training}." if r.related_training else ""
        text = (f"Die Ausbildung dauert {r.duration_years} Jahre ({r.regulation}{since})." if r.duration_years
                else (r.note or "")) + related
        # the date in force is searched by its words alone ('1. August 2006' is no 1st training year)
        indexed = text.replace(fmt.date(r.in_force_since), "") if r.in_force_since else None
        yield FactLine(f"regulations:{occ.id}", "training", occ.id, text, _keywords(r), r.source, indexed=indexed)
    minimum = next((req for req in info.school_requirements if req.role == "minimum"), None)
    stated = {f.text for f in kb.facts(occ.id, ["requirement"])}
    for req in info.school_requirements:
        if req.certificate in stated:
            continue
        share = f" – {req.share_text}" if req.share_text else ""
        # a share ('häufig: Abitur') answers 'Brauche ich Abi?' only together with the minimum
        text = f"Schulabschluss, {SCHOOL_ROLE[req.role]}: {req.certificate}{share}."
        floor = f"{SCHOOL_ROLE['minimum']}: {minimum.certificate}." if minimum and req is not minimum else ""
        yield FactLine(f"school_requirements:{occ.id}/{req.certificate}", "requirements", occ.id, text,
                       _keywords(req), req.source, kind="school", aside=floor,
                       aside_of=minimum and f"school_requirements:{occ.id}/{minimum.certificate}")
    for entry in info.schedule:
        years = f"{entry.year_from}. Lehrjahr" if entry.year_from == entry.year_to else f"{entry.year_from}. bis {entry.year_to}. Lehrjahr"
        yield FactLine(f"training_schedule:{occ.id}/{entry.year_from}", "training", occ.id,
                       f"{years}: {entry.places}.", _keywords(entry), entry.source)
    for area in info.content:
        yield FactLine(f"training_content:{occ.id}/{area.area}", "training", occ.id,
                       f"In der Ausbildung lernst du unter anderem „{area.area}“: {area.text}.", _keywords(area), area.source)
    said: set[tuple[str, str]] = set()
    for fig in kb.salary_figures(occ.id):
        # what a source says beside a figure ('abhängig vom Unternehmen', 'Weihnachtsgeld') is a fact too –
        # once per stage (every training year's 'abhängig vom Tarifvertrag'); the legal floor is minimum_pay's
        if fig.note and fig.occupation == occ.id and fig.stage != "minimum_training_pay" \
                and (fig.stage, fig.note) not in said:
            said.add((fig.stage, fig.note))
            yield FactLine(f"salary_figures:{fig.id}", "training_pay" if fig.stage == "apprenticeship" else "salary",
                           occ.id, f"{figure_line(fig, cite=False)} – {fig.note}.", fig.keywords or "", fig.source,
                           indexed=fig.note)
    for exam in kb.exams(occ.id):
        yield FactLine(f"exams:{exam.id}", "exam", occ.id, exam_line(exam), _keywords(exam), exam.source)
        for part in exam.parts:
            yield FactLine(f"exam_parts:{exam.id}/{part.part_no}", "exam", occ.id, exam_part_line(part, exam),
                           _keywords(part), part.source, position=part.part_no, title=part.title)
    for step in kb.career_steps(occ.id):
        yield FactLine(f"career_steps:{step.id}", CAREER_TOPIC.get(step.kind, "career"), occ.id, career_line(step),
                       _keywords(step), step.source)
    hours = kb.working_hours(occ.id)
    if hours:
        note = f" ({hours.note})" if hours.note else ""
        yield FactLine(f"working_hours:{occ.id}", "working_hours", occ.id,
                       f"Als {occ.name_neutral} arbeitest du meist {hours.hours_min}–{hours.hours_max} Stunden pro Woche{note}.",
                       _keywords(hours), hours.source)


def _chain(topic_id: str, parents: dict[str, str | None]) -> tuple[str, ...]:
    """'siebtes_p' → ('siebtes_p', 'acht_ps', 'beziehungsmarketing'); a cycle ends the chain."""
    chain = [topic_id]
    while parents.get(chain[-1]) and parents[chain[-1]] not in chain:
        chain.append(parents[chain[-1]])
    return tuple(chain)


def _glossary_lines(kb: KnowledgeBase) -> Iterator[FactLine]:
    summaries = kb.glossary_topics()
    parents = {t.id: t.part_of for t in summaries}
    for summary in summaries:
        topic = kb.glossary_topic(summary.id)
        within = _chain(topic.id, parents)
        yield FactLine(f"glossary_topics:{topic.id}", "glossary", None, f"**{topic.title}**: {topic.summary}",
                       _keywords(topic), topic.source, topic.id, within=within)
        for point in topic.points:
            yield FactLine(f"glossary_points:{topic.id}/{point.position}", "glossary", None,
                           f"**{topic.title}** – {point.label}: {point.text}", _keywords(point), point.source, topic.id,
                           within=within)


def fact_lines(kb: KnowledgeBase) -> list[FactLine]:
    """Every fact row (salary figures excepted: they are answered by stage, year and period)."""
    lines: list[FactLine] = []
    for occ in kb.occupations():
        lines += _occupation_lines(kb, occ)
    lines += _glossary_lines(kb)
    return lines
