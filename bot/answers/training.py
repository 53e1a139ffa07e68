"""Answers about the training path: the Ausbildung and its exams."""
from __future__ import annotations

from bot.answers import format as fmt
from bot.answers.base import Ask, name
from bot.answers.reply import Reply
from bot.kb.queries import KnowledgeBase
from bot.text import key


def training(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    info = kb.training(occ.id)
    if info.training is None:
        parts = [f"Für {name(occ)} gibt es keine geregelte Ausbildung."]
        if info.regulation and info.regulation.note:
            parts = [fmt.with_source(info.regulation.note, info.regulation.source)]
        ways = kb.career_steps(occ.id, ["einstieg", "quereinstieg"])
        if ways:
            parts.append("So kommst du hinein:\n" + fmt.bullet_list([f"{s.via}" + (f" ({s.audience})" if s.audience else "")
                                                                    for s in ways]) + f"\n({fmt.source_label(ways[0].source)})")
        return Reply("\n".join(parts))
    t, reg = info.training, info.regulation
    lines = [fmt.with_source(f"Die Ausbildung zum/zur {name(occ)} ist eine {t.kind} ({t.recognition}), "
                             f"eingeführt {t.since_year} von den {t.introduced_by}. {t.description}", t.source)]
    if reg and reg.duration_years:
        lines.append(fmt.with_source(f"Sie dauert {reg.duration_years} Jahre.", reg.source))
    if info.schedule:
        lines.append("Wo du lernst:\n" + fmt.bullet_list(
            [f"{_years(e.year_from, e.year_to)}: {e.places}" for e in info.schedule]))
    if info.content:
        lines.append("Was du lernst: " + fmt.join_words([c.area for c in info.content]) + ".")
        lines.append(f"({fmt.source_label(info.content[0].source)})")
    if reg and reg.related_training:
        lines.append(fmt.with_source(f"Verwandt: {reg.related_training}.", reg.source))
    return Reply("\n".join(lines))


def _years(first: int, last: int) -> str:
    return f"{first}. Lehrjahr" if first == last else f"{first}. bis {last}. Lehrjahr"


def exam(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    exams = kb.exams(occ.id)
    if not exams:
        reg = kb.training(occ.id).regulation
        note = f" {reg.note}" if reg and reg.note else ""
        return Reply(f"Für {name(occ)} gibt es keine Kammerprüfung.{note} Zertifikate und Weiterbildungen "
                     "zeigen, was du kannst – frag mich gern nach Weiterbildungen.")
    asked = key(ask.text)
    exams = [e for e in exams if key(e.name) in asked] or exams  # 'Wie viele Teile hat die Abschlussprüfung?'
    blocks = []
    for e in exams:
        head = f"**{e.name}**"
        facts = []
        if e.timing:
            facts.append(e.timing)
        if e.duration_minutes:
            tasks_text = f" für {'circa ' if e.task_count_approximate else ''}{e.task_count} Aufgaben" if e.task_count else ""
            facts.append(f"{e.format}, {e.duration_minutes} Minuten{tasks_text}")
        minutes = [p.duration_minutes for p in e.parts]
        if e.parts_count:
            together = f", zusammen {sum(minutes)} Minuten" if minutes and None not in minutes else ""
            facts.append(f"{e.parts_count} Teile{together}")
        text = f"{head}: " + ", ".join(facts) + "."
        if e.parts:
            text += "\n" + fmt.bullet_list([
                f"{p.part_no}. {p.title}: {p.duration_minutes} Minuten, {p.format}"
                + (f" (mit {p.prep_minutes} Minuten Vorbereitung)" if p.prep_minutes else "") for p in e.parts])
        for sentence in (e.pass_rule, e.spread, e.pass_rate_text, e.purpose):
            if sentence:
                text += f"\n{sentence}"
        blocks.append(text + f"\n({fmt.source_label(e.source)})")
    return Reply("\n\n".join(blocks))


