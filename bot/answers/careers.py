"""Answers about the way on: careers and further training, Studium, Quereinstieg."""
from __future__ import annotations

from bot.answers import format as fmt
from bot.answers.base import Ask, name
from bot.answers.profile import requirements, skills
from bot.answers.reply import Reply
from bot.answers.salary import statistics_block
from bot.kb.models import Occupation
from bot.kb.queries import KnowledgeBase


def _steps(kb: KnowledgeBase, occ: Occupation, kinds: list[str]) -> list[str]:
    lines = []
    for step in kb.career_steps(occ.id, kinds):
        line = step.target if step.target_occupation != occ.id or not step.via else ""
        line = " – ".join(p for p in (line, step.via) if p)
        line = line[0].upper() + line[1:]
        details = [d for d in (step.duration_text, step.cost, step.funding and f"Förderung: {step.funding}",
                               step.audience and f"für {step.audience}") if d]
        if details:
            line += f" ({'; '.join(details)})"
        lines.append(line)
    return lines


def career(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    kinds = ["aufstieg", "weiterbildung", "spezialisierung", "selbststaendigkeit", "studium"]
    steps = kb.career_steps(occ.id, kinds)
    if not steps:
        return Reply(f"Zu Karrierewegen als {name(occ)} habe ich leider nichts in meinen Quellen.")
    parts = [f"Karriere und Weiterbildung als {name(occ)}:", fmt.bullet_list(_steps(kb, occ, kinds)),
             f"({fmt.source_label(steps[0].source)})"]
    for step in steps:
        target = kb.occupation(step.target_occupation) if step.target_occupation else None
        if target and target.id != occ.id:
            block = statistics_block(kb, target)
            if block:
                parts.append(f"{target.name_neutral} – " + block[0].lower() + block[1:])
    return Reply("\n".join(parts))


def study(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    parts = []
    steps = kb.career_steps(occ.id, ["studium"])
    if steps:
        parts.append(f"Studium nach der Ausbildung als {name(occ)}:\n" + fmt.bullet_list(_steps(kb, occ, ["studium"]))
                     + f"\n({fmt.source_label(steps[0].source)})")
    subjects = kb.facts(occ.id, ["study_subject"])
    if subjects:
        parts.append(f"Passende Studienfächer für {name(occ)}: " + fmt.join_words([s.text for s in subjects])
                     + f". ({fmt.source_label(subjects[0].source)})")
    parts += [fmt.with_source(fact.text, fact.source) for fact in kb.facts(occ.id, ["hiring"])]
    graduates = [s for s in kb.career_steps(occ.id, ["weiterbildung"]) if s.audience and "Hochschul" in s.audience]
    if graduates:
        parts.append("Nach dem Studium:\n" + fmt.bullet_list(
            [f"{s.target}: {s.via}, {s.duration_text}, {s.cost}" for s in graduates]))
    return Reply("\n".join(parts) if parts else f"Zum Studium habe ich für {name(occ)} keine geprüfte Angabe.")


def lateral_entry(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    steps = kb.career_steps(occ.id, ["quereinstieg", "einstieg"])
    if not steps:
        info = kb.training(occ.id)
        text = f"Zum Quereinstieg als {name(occ)} habe ich keine geprüfte Angabe. Der übliche Weg ist die Ausbildung."
        if info.regulation and info.regulation.duration_years:  # 'Wie wird man KfD?' – and how long that way takes
            text += " " + fmt.with_source(f"Sie dauert {info.regulation.duration_years} Jahre.", info.regulation.source)
        # what a career changer is measured against ('hab realschule … kfd ausbildung geht noch?', 'mein Deutsch ist
        # B1', 'quatsch gern mit Leuten'): the school certificates and what one should be able to do
        return Reply("\n".join([text, requirements(kb, ask).text, skills(kb, ask).text]))
    context = kb.facts(occ.id, ["background"])
    parts = [f"Quereinstieg als {name(occ)}:"]
    parts += [fmt.with_source(f.text, f.source) for f in context]
    parts.append(fmt.bullet_list(_steps(kb, occ, ["quereinstieg", "einstieg"])) + f"\n({fmt.source_label(steps[0].source)})")
    # what a career changer's past is measured against ('Zählt meine Ausbildung als Bankkauffrau da was?')
    parts.append(requirements(kb, ask).text)
    return Reply("\n".join(parts))


