"""One renderer per topic. Each reads the knowledge base and returns a Reply; wording is
here, facts and figures are only ever taken from the rows."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from bot.answers import format as fmt
from bot.answers.reply import Button, Reply, intent_payload
from bot.kb.models import Occupation, SalaryFigure
from bot.kb.queries import KnowledgeBase


@dataclass
class Ask:
    """What the user asked for, normalised from entities."""

    occupation: Occupation | None = None
    training_year: int | None = None
    years_experience: int | None = None
    stages: set[str] = field(default_factory=set)
    period: str | None = None
    start_year: int | None = None
    topic_id: str | None = None
    text: str = ""


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
    "working_hours": ("ask_working_hours", "Arbeitszeit"),
    "career": ("ask_career", "Karriere & Weiterbildung"),
    "study": ("ask_study", "Studium"),
    "lateral_entry": ("ask_lateral_entry", "Quereinstieg"),
    "compare": ("compare_occupations", "Beide Berufe vergleichen"),
    "glossary": ("ask_glossary", "Marketing-Begriffe"),
    "sources": ("ask_sources", "Woher stammen die Zahlen?"),
}

NEXT: dict[str, tuple[str, ...]] = {
    "overview": ("tasks", "salary", "training"),
    "tasks": ("skills", "salary", "career"),
    "requirements": ("training", "skills", "salary"),
    "skills": ("requirements", "tasks", "career"),
    "training": ("training_pay", "exam", "requirements"),
    "exam": ("training_pay", "career", "training"),
    "salary": ("career", "compare", "sources"),
    "training_pay": ("exam", "salary", "sources"),
    "working_hours": ("salary", "tasks", "career"),
    "career": ("salary", "study", "lateral_entry"),
    "study": ("career", "requirements", "salary"),
    "lateral_entry": ("career", "skills", "salary"),
    "compare": ("salary", "training", "career"),
    "glossary": ("glossary", "overview", "sources"),
    "sources": ("salary", "training_pay", "compare"),
}


def button(topic: str, occupation: Occupation | None = None, title: str | None = None, **entities) -> Button:
    intent, default_title = TOPICS[topic]
    return Button(title or default_title, intent_payload(intent, occupation=occupation.id if occupation else None, **entities))


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


def name(occupation: Occupation) -> str:
    return occupation.name_neutral


def _sourced_block(header: str, items: list[str], source) -> str:
    return f"{header}\n{fmt.bullet_list(items)}\n({fmt.source_label(source)})"


# --- occupation facts -----------------------------------------------------------


def overview(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    facts = kb.facts(occ.id, ["summary"])
    context = kb.facts(occ.id, ["context"])[:2]
    parts = [f"**{name(occ)}**", " ".join(f.text for f in facts + context)]
    parts.append(f"({fmt.source_label(facts[0].source)})")
    regulation = kb.training(occ.id).regulation
    if regulation and regulation.note:
        parts.append(fmt.with_source(regulation.note, regulation.source))
    return Reply("\n".join(parts))


def tasks(kb: KnowledgeBase, ask: Ask) -> Reply:
    items = kb.facts(ask.occupation.id, ["task"])
    return Reply(_sourced_block(f"Das sind typische Aufgaben als {name(ask.occupation)}:", [f.text for f in items],
                                items[0].source))


def requirements(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    lines = []
    info = kb.training(occ.id)
    role_text = {"minimum": "Mindestvoraussetzung", "typical": "in der Regel", "share": "häufig",
                 "required": "erwartet"}
    for req in info.school_requirements:
        share = f" – {req.share_text}" if req.share_text else ""
        lines.append(f"{role_text[req.role]}: {req.certificate}{share}")
    extra = [f.text for f in kb.facts(occ.id, ["requirement"]) if f.text not in {r.certificate for r in info.school_requirements}]
    parts = [f"Voraussetzungen für {name(occ)}:"]
    if lines:
        parts.append(fmt.bullet_list(lines) + f"\n({fmt.source_label(info.school_requirements[0].source)})")
    if extra:
        source = kb.facts(occ.id, ["requirement"])[0].source
        parts.append("Bei Bewerbungen wird außerdem oft erwartet:\n" + fmt.bullet_list(extra)
                     + f"\n({fmt.source_label(source)})")
    return Reply("\n".join(parts))


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
        return Reply(f"Zur Arbeitszeit als {name(occ)} nennen meine Quellen leider keine Zahlen.")
    note = f" ({hours.note})" if hours.note else ""
    return Reply(fmt.with_source(f"Als {name(occ)} arbeitest du meist {hours.hours_min}–{hours.hours_max} Stunden pro Woche{note}.",
                                 hours.source))


# --- training and exams ---------------------------------------------------------


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
    blocks = []
    for e in exams:
        head = f"**{e.name}**"
        facts = []
        if e.timing:
            facts.append(e.timing)
        if e.duration_minutes:
            tasks_text = f" für {'circa ' if e.task_count_approximate else ''}{e.task_count} Aufgaben" if e.task_count else ""
            facts.append(f"{e.format}, {e.duration_minutes} Minuten{tasks_text}")
        if e.parts_count:
            facts.append(f"{e.parts_count} Teile")
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


# --- salaries -------------------------------------------------------------------

STAGE_LABEL = {
    "apprenticeship": "Ausbildung", "minimum_training_pay": "Gesetzliche Mindestvergütung", "trainee": "Als Trainee",
    "entry": "Einstieg", "entry_experienced": "Einstieg mit Vorerfahrung", "experienced": "Mit Berufserfahrung",
    "top_earners": "Spitzenverdiener", "quartile_25": "Unteres Quartil", "median": "Median",
    "quartile_75": "Oberes Quartil",
}
STATISTICS = ("quartile_25", "median", "quartile_75")


def _figure_line(fig: SalaryFigure, convert: bool = False, twin: SalaryFigure | None = None) -> str:
    label = STAGE_LABEL[fig.stage]
    if fig.stage == "experienced":
        label = f"Nach {fig.years_experience} Jahren Berufserfahrung"
    if fig.stage == "apprenticeship":
        label = f"{fig.training_year}. Ausbildungsjahr"
    text = f"{label}: {fmt.figure(fig)}"
    if twin is not None:
        text += f", also {fmt.figure(twin)}"
    elif convert:
        text += f" ({fmt.converted(fig)})"
    if fig.population and fig.stage in ("entry_experienced", "trainee", "experienced"):
        text += f" – {fig.population}"
    return f"{text} ({fmt.source_label(fig.source)})"


def _paired(figures: list[SalaryFigure]) -> list[SalaryFigure]:
    """Drops a yearly figure the source states next to its monthly twin; it is shown inline."""
    ids = {f.id for f in figures}
    return [f for f in figures if f.pairs_with not in ids]


def _twin(kb_figures: list[SalaryFigure], fig: SalaryFigure) -> SalaryFigure | None:
    return next((f for f in kb_figures if f.pairs_with == fig.id), None)


def _statistics_block(kb: KnowledgeBase, occ: Occupation) -> str | None:
    stats = {f.stage: f for f in kb.salary_figures(occ.id, STATISTICS)}
    if len(stats) < 3:
        return None
    q25, med, q75 = stats["quartile_25"], stats["median"], stats["quartile_75"]
    text = (f"Zum Vergleich, amtliche Statistik (alle Vollzeitbeschäftigten, nicht Einstiegsgehälter): "
            f"Median {fmt.euro(med.amount_min)}, mittlere Hälfte {fmt.number(q25.amount_min)}–{fmt.euro(q75.amount_min)} "
            f"{fmt.BASIS[med.basis]} {fmt.PERIOD[med.period]} ({fmt.source_label(med.source)}).")
    if med.note and "vermutlich" in med.note:
        text += " " + med.note.split(". ", 1)[-1]
    return text


def _salary_chart(title: str, figures: list[SalaryFigure], unit: str) -> dict:
    bars = [{"label": _figure_line(f).split(":")[0], "min": f.amount_min, "max": f.amount_max} for f in figures]
    alt = "; ".join(f"{b['label']}: {fmt.span(b['min'], b['max'])}" for b in bars)
    return {"type": "salary_ranges", "title": title, "unit": unit, "bars": bars, "alt": f"{title}. {alt}"}


def salary(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    if ask.stages & {"apprenticeship", "minimum_training_pay"} or ask.training_year:
        return training_pay(kb, ask)
    all_figures = kb.salary_figures(occ.id)
    wanted = set(ask.stages) - {"median"} if ask.stages else set()
    if ask.years_experience:
        return _salary_after_years(kb, ask, all_figures)
    if "median" in ask.stages and not wanted:
        block = _statistics_block(kb, occ)
        return Reply(block or f"Für {name(occ)} habe ich keine amtliche Statistik.")
    if wanted == {"entry_experienced"} and not any(f.stage == "entry_experienced" for f in all_figures):
        wanted = {"experienced"}
    chosen = [f for f in all_figures if f.stage not in STATISTICS and f.stage != "minimum_training_pay"
              and f.stage != "apprenticeship" and (not wanted or f.stage in wanted)]
    if not chosen:
        stage_names = fmt.join_words([STAGE_LABEL[s] for s in sorted(wanted)])
        text = f"Für {name(occ)} nennen meine Quellen dazu ({stage_names}) keine Zahl."
        block = _statistics_block(kb, occ)
        return Reply(text + (f"\n{block}" if block else ""))
    order = ["entry", "entry_experienced", "trainee", "experienced", "top_earners"]
    chosen.sort(key=lambda f: (order.index(f.stage), f.period != "month", f.id))
    lines = []
    for fig in _paired(chosen):
        lines.append(_figure_line(fig, convert=ask.period is not None and ask.period != fig.period,
                                  twin=_twin(chosen, fig)))
    extras = [f.note + "." for f in chosen if f.stage == "entry" and f.note and "Weihnachts" in f.note]
    parts = [f"Gehalt als {name(occ)}:", fmt.bullet_list(lines)]
    parts += extras
    conflicts = [n for n in kb.curation_notes(f"salary_figures:{occ.id}") if n.kind == "conflict"
                 and any(f.stage == "entry" for f in chosen) and "Einstieg" in n.text]
    if conflicts:
        overview_fig = next((f for f in kb.salary_figures(occ.id, ["entry"], preferred_only=False) if not f.preferred), None)
        if overview_fig:
            parts.append(f"Hinweis: Dieselbe Quelle nennt in ihrer Übersicht {fmt.figure(overview_fig)}.")
    if not wanted:
        block = _statistics_block(kb, occ)
        if block:
            parts.append(block)
    if any(not f.basis_stated for f in chosen):
        parts.append(fmt.ASSUMED_GROSS)
    chart_figs = [f for f in _paired(chosen) if f.period == chosen[0].period]
    chart = _salary_chart(f"Gehalt {name(occ)}", chart_figs,
                          f"€ {fmt.BASIS[chosen[0].basis]} {fmt.PERIOD[chosen[0].period]}") if len(chart_figs) > 1 else None
    return Reply("\n".join(parts), chart=chart)


def _salary_after_years(kb: KnowledgeBase, ask: Ask, figures: list[SalaryFigure]) -> Reply:
    occ, years = ask.occupation, ask.years_experience
    experienced = [f for f in figures if f.stage == "experienced"]
    exact = [f for f in experienced if f.years_experience == years]
    if exact:
        lines = [_figure_line(f, convert=ask.period is not None and ask.period != f.period) for f in exact]
        notes = [f.note + "." for f in exact if f.note]
        entry = [f for f in figures if f.stage == "entry" and f.period == exact[0].period]
        chart = _salary_chart(f"{name(occ)}: Einstieg und nach {years} Jahren", entry + exact,
                              f"€ {fmt.BASIS[exact[0].basis]} {fmt.PERIOD[exact[0].period]}") if entry else None
        text = f"Als {name(occ)} nach {years} Jahren:\n" + fmt.bullet_list(lines)
        text += "".join(f"\n{n}" for n in notes)
        if any(not f.basis_stated for f in exact):
            text += f"\n{fmt.ASSUMED_GROSS}"
        return Reply(text, chart=chart)
    text = f"Für genau {years} Jahre Berufserfahrung als {name(occ)} nennen meine Quellen keine Zahl."
    if experienced:
        text += " Das habe ich:\n" + fmt.bullet_list([_figure_line(f) for f in experienced])
    block = _statistics_block(kb, occ)
    if block:
        text += f"\n{block}"
    return Reply(text)


def training_pay(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    pay = kb.salary_figures(occ.id, ["apprenticeship"], training_year=ask.training_year)
    cohorts = kb.minimum_pay_cohorts()
    if not pay and not kb.training(occ.id).training:
        trainee = kb.salary_figures(occ.id, ["trainee"])
        text = f"Für {name(occ)} gibt es keine geregelte Ausbildung und daher keine Ausbildungsvergütung."
        if trainee:
            text += "\nWer ohne Erfahrung einsteigt, kann es als Trainee versuchen:\n" + fmt.bullet_list(
                [_figure_line(f, twin=_twin(trainee, f)) for f in _paired(trainee)])
        return Reply(text)
    lines = [_figure_line(f) for f in pay]
    parts = [f"Ausbildungsvergütung als {name(occ)}:", fmt.bullet_list(lines)]
    if pay and pay[0].note:
        parts.append(pay[0].note + ".")
    full = kb.salary_figures(occ.id, ["apprenticeship"])
    if ask.training_year is None and len(full) >= 2 and all(f.period == "month" for f in full):
        low, high = sum(f.amount_min for f in full) * 12, sum(f.amount_max for f in full) * 12
        parts.append(f"Über die ganze Ausbildung sind das zusammen rund {fmt.span(low, high)} "
                     f"{fmt.BASIS[full[0].basis]} in {len(full)} Jahren (berechnet aus den Monatswerten).")
    cohort = _cohort(ask.start_year, cohorts)
    minimum = kb.salary_figures(occ.id, ["minimum_training_pay"], training_year=ask.training_year,
                                cohort_start_year=cohort)
    if ask.training_year is None:
        minimum = [f for f in minimum if f.training_year <= len(full)] or minimum
    if minimum:
        intro = (f"Gesetzliche Mindestvergütung bei Ausbildungsbeginn {cohort}" +
                 (f" (für {ask.start_year} liegen mir noch keine Zahlen vor)" if ask.start_year and ask.start_year != cohort else ""))
        parts.append(intro + ":\n" + fmt.bullet_list(
            [f"{f.training_year}. Jahr: mindestens {fmt.figure(f)}" for f in minimum]) +
                     f"\n({fmt.source_label(minimum[0].source)})")
    if any(not f.basis_stated for f in pay):
        parts.append(fmt.ASSUMED_GROSS)
    chart = None
    if pay:
        chart = _salary_chart(f"Ausbildungsvergütung {name(occ)}", pay, f"€ {fmt.BASIS[pay[0].basis]} {fmt.PERIOD[pay[0].period]}")
        mins = {f.training_year: f.amount_min for f in minimum}
        for bar, fig in zip(chart["bars"], pay):
            if fig.training_year in mins:
                bar["marker"] = mins[fig.training_year]
                bar["marker_label"] = f"gesetzliche Mindestvergütung (Beginn {cohort})"
        if mins:
            chart["alt"] += f". Gesetzliche Mindestvergütung (Beginn {cohort}): " + "; ".join(
                f"{year}. Jahr {fmt.euro(value)}" for year, value in sorted(mins.items()) if year in {f.training_year for f in pay})
    buttons = []
    if ask.training_year is None and full:
        buttons = [button("training_pay", occ, title=f"{f.training_year}. Lehrjahr", training_year=f.training_year)
                   for f in full[-1:]]
    return Reply("\n".join(parts), chart=chart, buttons=buttons)


def _cohort(start_year: int | None, cohorts: list[int]) -> int | None:
    if not cohorts:
        return None
    if start_year in cohorts:
        return start_year
    wanted = start_year or date.today().year
    earlier = [c for c in cohorts if c <= wanted]
    return earlier[-1] if earlier else cohorts[0]


# --- careers ---------------------------------------------------------------------


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
            block = _statistics_block(kb, target)
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
    for fact in kb.facts(occ.id, ["context"]):
        if "Absolvent" in fact.text or "Skills" in fact.text:
            parts.append(fmt.with_source(fact.text, fact.source))
    graduates = [s for s in kb.career_steps(occ.id, ["weiterbildung"]) if s.audience and "Hochschul" in s.audience]
    if graduates:
        parts.append("Nach dem Studium:\n" + fmt.bullet_list(
            [f"{s.target}: {s.via}, {s.duration_text}, {s.cost}" for s in graduates]))
    return Reply("\n".join(parts) if parts else f"Zum Studium habe ich für {name(occ)} keine Angaben.")


def lateral_entry(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    steps = kb.career_steps(occ.id, ["quereinstieg", "einstieg"])
    if not steps:
        info = kb.training(occ.id)
        text = (f"Zum Quereinstieg als {name(occ)} nennen meine Quellen nichts. Der übliche Weg ist die "
                f"Ausbildung.")
        minimum = [r for r in info.school_requirements if r.role == "minimum"]
        if minimum:
            text += " " + fmt.with_source(f"Mindestvoraussetzung dafür: {minimum[0].certificate}.", minimum[0].source)
        return Reply(text)
    context = [f for f in kb.facts(occ.id, ["context"]) if "Quereinsteiger" in f.text]
    parts = [f"Quereinstieg als {name(occ)}:"]
    parts += [fmt.with_source(f.text, f.source) for f in context]
    parts.append(fmt.bullet_list(_steps(kb, occ, ["quereinstieg", "einstieg"])) + f"\n({fmt.source_label(steps[0].source)})")
    return Reply("\n".join(parts))


# --- across occupations ---------------------------------------------------------------


def compare(kb: KnowledgeBase, ask: Ask) -> Reply:
    occupations = kb.occupations(in_scope=True)
    rows = []
    entries: list[tuple[Occupation, SalaryFigure, float, float]] = []
    for occ in occupations:
        entry = kb.salary_figures(occ.id, ["entry"])
        yearly = next((f for f in entry if f.period == "year"), None)
        if yearly:
            entries.append((occ, yearly, yearly.amount_min, yearly.amount_max))
        reg = kb.training(occ.id)
        way = (f"{reg.training.kind}, {reg.regulation.duration_years} Jahre" if reg.training and reg.regulation
               else (reg.regulation.note.rstrip(".") if reg.regulation and reg.regulation.note
                     else "kein geregelter Ausbildungsweg"))
        rows.append(f"**{occ.name_neutral}**: {way}" +
                    (f"; Einstieg {fmt.figure(yearly)} ({fmt.source_label(yearly.source)})" if yearly else ""))
    parts = ["Die beiden Berufe im Vergleich:", fmt.bullet_list(rows)]
    if len(entries) == 2:
        (a, fa, a_lo, a_hi), (b, fb, b_lo, b_hi) = entries
        higher, lower = (a, b) if (a_lo + a_hi) > (b_lo + b_hi) else (b, a)
        parts.append(f"Beim Einstieg verdienst du laut diesen Quellen als {higher.name_neutral} mehr als als "
                     f"{lower.name_neutral} – beide Spannen überschneiden sich aber, und es hängt stark vom Unternehmen ab.")
    chart = None
    if entries:
        chart = {"type": "salary_ranges", "title": "Einstiegsgehalt im Vergleich", "unit": "€ brutto im Jahr",
                 "bars": [{"label": o.name_neutral, "min": lo, "max": hi} for o, _, lo, hi in entries]}
        chart["alt"] = chart["title"] + ". " + "; ".join(f"{b['label']}: {fmt.span(b['min'], b['max'])}" for b in chart["bars"])
    buttons = [button("salary", o, title=f"Gehalt {o.name_neutral}") for o in occupations][:2]
    buttons.append(button("sources"))
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
    text = f"**{topic.title}**\n{topic.summary}\n{fmt.bullet_list(points)}\n(" + "; ".join(
        fmt.source_label(s) for s in sources.values()) + ")"
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


RENDERERS: dict[str, Callable[[KnowledgeBase, Ask], Reply]] = {
    "overview": overview, "tasks": tasks, "requirements": requirements, "skills": skills, "training": training,
    "exam": exam, "salary": salary, "training_pay": training_pay, "working_hours": working_hours, "career": career,
    "study": study, "lateral_entry": lateral_entry, "compare": compare, "glossary": glossary, "sources": sources,
}
NEEDS_OCCUPATION = set(RENDERERS) - {"compare", "glossary", "sources"}


def render(kb: KnowledgeBase, topic: str, ask: Ask) -> Reply:
    """Every answer ends with quick replies: its own (if any), topped up to three suggestions."""
    reply = RENDERERS[topic](kb, ask)
    own = {b.payload for b in reply.buttons}
    extra = [b for b in suggestions(topic, ask.occupation, kb) if b.payload not in own]
    reply.buttons = reply.buttons + extra[:max(0, 3 - len(reply.buttons))]
    return reply
