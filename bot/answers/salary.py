"""Answers with figures: salaries by stage, training pay, the legal minimum pay, official statistics."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.answers import format as fmt
from bot.answers.base import Ask, button, name
from bot.answers.reply import Reply
from bot.kb.models import Occupation, SalaryFigure
from bot.kb.queries import KnowledgeBase


STAGE_LABEL = {
    "apprenticeship": "Ausbildung", "minimum_training_pay": "Gesetzliche Mindestvergütung", "trainee": "Als Trainee",
    "entry": "Einstieg", "entry_experienced": "Einstieg mit Vorerfahrung", "experienced": "Mit Berufserfahrung",
    "top_earners": "Spitzenverdiener", "quartile_25": "Unteres Quartil", "median": "Median",
    "quartile_75": "Oberes Quartil",
}
STATISTICS = ("quartile_25", "median", "quartile_75")
ORDER = ("entry", "entry_experienced", "trainee", "experienced", "top_earners")  # the working stages, as a career goes
AFTER_TRAINING = set(ORDER) - {"trainee"}  # what a finished Ausbildung leads to


def figure_line(fig: SalaryFigure, convert: bool = False, twin: SalaryFigure | None = None, cite: bool = True) -> str:
    """'Einstieg: 1.900–2.700 € brutto im Monat (Quelle: …)' – one figure with its stage (and source)."""
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
    return f"{text} ({fmt.source_label(fig.source)})" if cite else text


def _paired(figures: list[SalaryFigure]) -> list[SalaryFigure]:
    """Drops a yearly figure the source states next to its monthly twin; it is shown inline."""
    ids = {f.id for f in figures}
    return [f for f in figures if f.pairs_with not in ids]


def _twin(kb_figures: list[SalaryFigure], fig: SalaryFigure) -> SalaryFigure | None:
    return next((f for f in kb_figures if f.pairs_with == fig.id), None)


def statistics_block(kb: KnowledgeBase, occ: Occupation, period: str | None = None,
                     statistic: str | None = None) -> str | None:
    """The Bundesagentur's quartiles, labelled as such; per year as well when asked for. One quartile asked
    (`statistic`) leads, with the median beside it and without the other quartile."""
    stats = {f.stage: f for f in kb.salary_figures(occ.id, STATISTICS)}
    if len(stats) < 3:
        return None
    q25, med, q75 = stats["quartile_25"], stats["median"], stats["quartile_75"]
    lead = stats.get(statistic or "median", med)
    if lead is not med:
        figures = (f"{STAGE_LABEL[lead.stage]} {fmt.euro(lead.amount_min)} {fmt.BASIS[med.basis]} "
                   f"{fmt.PERIOD[med.period]} (Median {fmt.euro(med.amount_min)})")
    else:
        figures = (f"Median {fmt.euro(med.amount_min)}, unteres Quartil {fmt.euro(q25.amount_min)}, oberes Quartil "
                   f"{fmt.euro(q75.amount_min)} {fmt.BASIS[med.basis]} {fmt.PERIOD[med.period]}")
    text = f"Amtliche Statistik (alle Vollzeitbeschäftigten, nicht Einstiegsgehälter): {figures}"
    if period and period != med.period:
        text += f" ({fmt.converted(lead).replace('umgerechnet', STAGE_LABEL[lead.stage] + ' umgerechnet')})"
    text += f" ({fmt.source_label(med.source)})."
    if med.population:
        text += f" Gruppe: {med.population}."
    if med.note:
        text += f" {med.note}."
    return text


def _salary_chart(title: str, figures: list[SalaryFigure], unit: str) -> dict:
    bars = [{"label": figure_line(f).split(":")[0], "min": f.amount_min, "max": f.amount_max} for f in figures]
    alt = "; ".join(f"{b['label']}: {fmt.span(b['min'], b['max'])}" for b in bars)
    return {"type": "salary_ranges", "title": title, "unit": unit, "bars": bars, "alt": f"{title}. {alt}"}


def salary(kb: KnowledgeBase, ask: Ask) -> Reply:
    occ = ask.occupation
    if (ask.stages & {"apprenticeship", "minimum_training_pay"} and "median" not in ask.stages) or ask.training_year \
            or ask.training_years:  # 'im 3. jahr als am anfang' – the training's years
        return training_pay(kb, ask)
    all_figures = kb.salary_figures(occ.id)
    # the statistics exclude trainees: 'Azubis' beside them asks who is counted, not for training pay
    wanted = set(ask.stages) - ({"median", "apprenticeship"} if "median" in ask.stages else set())
    if ask.years_experience:
        return _salary_after_years(kb, ask, all_figures)
    if "median" in ask.stages and not wanted:
        block = statistics_block(kb, occ, ask.period, ask.statistic)
        return Reply(f"{name(occ)} – {block}" if block else f"Für {name(occ)} habe ich keine amtliche Statistik.")
    if wanted == {"entry_experienced"} and not any(f.stage == "entry_experienced" for f in all_figures):
        wanted = {"experienced"}
    chosen = [f for f in all_figures if f.stage not in STATISTICS and f.stage != "minimum_training_pay"
              and f.stage != "apprenticeship" and (not wanted or f.stage in wanted)]
    if not chosen:
        stage_names = fmt.join_words([STAGE_LABEL[s] for s in sorted(wanted)])
        text = f"Für {name(occ)} habe ich dazu ({stage_names}) keine geprüfte Angabe – meine Quellen nennen keine Zahl."
        block = statistics_block(kb, occ)
        return Reply(text + (f"\n{block}" if block else ""))
    chosen.sort(key=lambda f: (ORDER.index(f.stage), f.period != "month", f.id))
    lines = []
    for fig in _paired(chosen):
        lines.append(figure_line(fig, convert=ask.period is not None and ask.period != fig.period,
                                  twin=_twin(chosen, fig)))
    parts = [f"Gehalt als {name(occ)}:", fmt.bullet_list(lines)]
    parts += list(dict.fromkeys(f.note + "." for f in chosen if f.note))
    # a figure the source states differently elsewhere is kept as a non-preferred row (curation_notes.yml)
    stages = {f.stage for f in chosen}
    parts += [f"Hinweis: Dieselbe Quelle nennt an anderer Stelle {fmt.figure(f)}."
              for f in kb.salary_figures(occ.id, sorted(stages), preferred_only=False) if not f.preferred]
    if not wanted or "median" in ask.stages:  # 'Wieso liegt der Median so viel höher als die Einstiegsgehälter?'
        block = statistics_block(kb, occ)
        if block:
            parts.append(f"Zum Vergleich – {block}")
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
        # another stage named beside the years is set before them ('OMM: Gehalt am Anfang vs. nach 10 Jahren?')
        beside = sorted((f for f in figures if f.stage in ask.stages and f.stage in ORDER and f.stage != "experienced"),
                        key=lambda f: (ORDER.index(f.stage), f.period != "month", f.id))
        shown = [*beside, *exact]
        lines = [figure_line(f, convert=ask.period is not None and ask.period != f.period) for f in shown]
        notes = list(dict.fromkeys(f.note + "." for f in shown if f.note))
        entry = [f for f in figures if f.stage == "entry" and f.period == exact[0].period]
        chart = _salary_chart(f"{name(occ)}: Einstieg und nach {years} Jahren", entry + exact,
                              f"€ {fmt.BASIS[exact[0].basis]} {fmt.PERIOD[exact[0].period]}") if entry else None
        text = f"Als {name(occ)} nach {years} Jahren:\n" if not beside else f"Gehalt als {name(occ)}:\n"
        text += fmt.bullet_list(lines)
        text += "".join(f"\n{n}" for n in notes)
        if any(not f.basis_stated for f in shown):
            text += f"\n{fmt.ASSUMED_GROSS}"
        block = "median" in ask.stages and statistics_block(kb, occ, ask.period, ask.statistic)
        if block:  # 'nach zehn Jahren bis zu 96k – und was sagt das obere Quartil der Bundesagentur?'
            text += f"\nZum Vergleich – {block}"
        return Reply(text, chart=chart)
    text = f"Für genau {years} Jahre Berufserfahrung als {name(occ)} habe ich keine geprüfte Angabe – meine Quellen nennen keine Zahl."
    if experienced:
        text += " Das habe ich:\n" + fmt.bullet_list([figure_line(f) for f in experienced])
    block = statistics_block(kb, occ)
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
                [figure_line(f, twin=_twin(trainee, f)) for f in _paired(trainee)])
            if any(not f.basis_stated for f in trainee):
                text += f"\n{fmt.ASSUMED_GROSS}"
        return Reply(text)
    # 'Was bekommt ein Azubi im Jahr?' – the monthly pay also per year
    lines = [figure_line(f, convert=ask.period is not None and ask.period != f.period) for f in pay]
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
    after = set(ask.stages) & AFTER_TRAINING
    if after and pay:  # 'Wie groß ist der Sprung vom 3. Lehrjahr zum ersten Gehalt als fertige Kauffrau?' – both
        parts.append("Nach der Ausbildung – " + salary(kb, replace(ask, training_year=None, training_years=set(),
                                                                    stages=after)).text)
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




def minimum_pay(kb: KnowledgeBase, ask: Ask) -> Reply:
    """The legal minimum training pay: for every Ausbildung, by the year it starts and the training year."""
    cohorts = kb.minimum_pay_cohorts()
    figures = [f for f in kb.salary_figures(None, ["minimum_training_pay"], training_year=ask.training_year)
               if not ask.training_years or f.training_year in ask.training_years]
    if not figures:
        return Reply("Zur gesetzlichen Mindestausbildungsvergütung habe ich keine Zahlen.")
    rule = figures[0].note or ""
    if len(ask.start_years) > 1:  # 'Wie viel ist sie von Beginn 2024 auf 2026 gestiegen?' – each start year's
        wanted = {_cohort(year, cohorts) for year in ask.start_years}
        figures = [f for f in figures if f.cohort_start_year in wanted] or figures
    if ask.start_year and not ask.start_years:
        cohort = _cohort(ask.start_year, cohorts)
        chosen = [f for f in figures if f.cohort_start_year == cohort]
        figures = chosen or figures  # the source of the cohort shown
        intro = f"Gesetzliche Mindestausbildungsvergütung bei Ausbildungsbeginn {cohort}"
        if cohort != ask.start_year:
            intro += f" (für Beginn {ask.start_year} liegen mir keine Zahlen vor)"
        lines = [f"{f.training_year}. Ausbildungsjahr: mindestens {fmt.figure(f)}" for f in chosen]
        text = f"{intro}:\n{fmt.bullet_list(lines)}"
    else:
        by_cohort: dict[int, list[SalaryFigure]] = {}
        for f in figures:
            by_cohort.setdefault(f.cohort_start_year, []).append(f)
        lines = [f"Beginn {cohort}: " + ", ".join(f"{f.training_year}. Jahr {fmt.euro(f.amount_min)}" for f in group)
                 for cohort, group in sorted(by_cohort.items())]
        text = (f"Gesetzliche Mindestausbildungsvergütung, {fmt.BASIS[figures[0].basis]} {fmt.PERIOD[figures[0].period]} – "
                f"sie richtet sich nach dem Jahr, in dem die Ausbildung beginnt:\n{fmt.bullet_list(lines)}")
    sources = list({f.source.id: f.source for f in figures}.values())
    text += f"\n{rule}. Das ist die Untergrenze; viele Betriebe zahlen mehr. ({fmt.sources_label(sources)})"
    return Reply(text)
