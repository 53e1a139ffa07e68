"""Questions about both roles: each role's fact side by side, or the comparison table for money
and for questions without a specific fact."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable

from bot.answers import format as fmt
from bot.answers.base import TOPIC_BY_INTENT, TOPICS, Ask
from bot.answers.facts import FactLine
from bot.answers.profile import changers_course
from bot.answers.reply import Reply
from bot.answers.topics import NEEDS_OCCUPATION, render, with_suggestions
from bot.dialogue.ranking import (DETAIL_STRENGTH, FIGURE_TOPICS, IN_TOPIC_SHARE, MIN_STRENGTH, SURE, TOPIC_WORDS,
                                  FactRanking, lead, titled_topics)
from bot.dialogue.roles import INFORM_OCCUPATION, STAGE_ENTITIES, Roles
from bot.dialogue.turn import Found, Outcome, Turn, ask_of, fact_reply, remember, stage_entities
from bot.kb.models import Occupation
from bot.nlp.vocabulary import COURSE_WORDS, asks_pay, money_stages_in, stages_named
from bot.text import STOPWORDS, terms, words

_LABEL_NUMBER = re.compile(r"^\d+\.\s*")  # the number a marketing topic's point is labelled with ('6. Promotion')
# Words that make a message a comparison ('im Vergleich', 'vs', 'jeweils', 'zwischen').
COMPARISON = re.compile(r"\w*(vergleich|verglich|unterschied|unterscheid|überschneid|ueberschneid)\w*|\bvs\b|versus|"
                        r"\bbeide\w*|\bbesser\w*|mehr als|jeweils|gegenüber|gegenueber|\bzwischen\b", re.I)
# Which of two things is quicker, longer, cheaper ('Fachwirt oder die Quereinsteiger-Weiterbildung – was geht schneller?').
WHICH_MORE = re.compile(r"\b(was|wer|welche[rs]?)\b[^?.]{0,20}\b(schneller|l(ä|ae)nger|k(ü|ue)rzer|teurer|g(ü|ue)nstiger|"
                        r"billiger)\b", re.I)
# The classifier's runner-up names the topic of a message whose own intent has none, when it is this sure.
RUNNER_UP = 0.2
TITLE_OVER = 0.8  # below this the one topic a comparison names by its title outweighs the classified one
TOPICLESS_INTENTS = (TOPICS["compare"][0], INFORM_OCCUPATION)
# Where one side of a comparison ends ('KfD nach 10 Jahren vs. OMM beim Einstieg').
_SIDE_END = re.compile(r"\b(vs|versus|gegen(über|ueber)?|verglichen mit|im vergleich (zu[rm]?|mit)|oder|und|mehr als|"
                       r"weniger als)\b|[,;?–]|(?<![0-9])\.\s", re.I)
# 'Was unterscheidet die Zwischenprüfung von der Abschlussprüfung?' – the second side starts at 'von'.
_SET_APART = re.compile(r"\bunterscheid\w*\b.*?\s(von)\s+(der|dem|den|einer|einem)\b", re.I)
# A side of a money comparison that names the training asks for the training pay.
_TRAINING = re.compile(r"\b(ausbildung|lehre)\b", re.I)
# Phrases that name a per-role topic as a whole where no title word does ('Wie steigt man in den beiden Berufen auf?',
# 'Wie kommt man in die beiden Berufe rein?', 'Unterschied in der täglichen Arbeit').
_TOPIC_PHRASES = {
    "career": re.compile(r"\baufst(ei|ie)g\w*|\bsteig\w*\b.{0,40}\bauf\b|\bweiterkomm\w*|\bkomm\w*\b.{0,40}\bweiter\b", re.I),
    "lateral_entry": re.compile(r"\breinkomm\w*|\bkomm\w*\b.{0,40}\brein\b|\bhineinkomm\w*|\bwie\s+wird\s+man\b", re.I),
    "tasks": re.compile(r"\b(arbeits)?alltag\w*|\bt(ä|ae)glich\w*\s+arbeit\b|\btagesablauf\b", re.I),
    # 'Was muss man als KfD können und was als OMM?'
    "skills": re.compile(r"\bwas\s+(muss|m(ü|ue)ssen|sollte|sollten)\s+(man|ich|er|sie)\b[^?.!]{0,60}\bk(ö|oe)nnen\b",
                         re.I),
}
# Ways into a role set against each other ('Studium oder Kurs: was ist der bessere Weg zum OMM?').
_WAYS = (re.compile(r"\b\w*studi(um|ere\w*|ert)\b", re.I),  # 'Wirtschaftsstudium' too
         re.compile(rf"\b({'|'.join((*COURSE_WORDS, 'quereinstieg'))})\b", re.I))
_EITHER = re.compile(r"\boder\b", re.I)
_STUDY = re.compile(_WAYS[0].pattern + r"|\bbachelor\w*", re.I)
# The roles' generic nouns say nothing about the fact compared ('Welcher der beiden Jobs ist was für Kreative?').
_ROLE_NOUNS = re.compile(r"\b(berufe?n?|jobs?)\b", re.I)


# A side meets the kind of thing compared when its line of that kind is this close to its best line.
SIDE_SHARE = 0.7


def _alike(line: FactLine) -> str:
    """What makes two lines things one compares: their topic – or both being career steps, whatever their topic."""
    return "career_steps" if line.ref.startswith("career_steps:") else line.topic


class Comparing(FactRanking, Roles):
    """The two-role answers of `Dialogue`."""

    _steps_in: Callable[[str], list[Occupation]]  # from `CareerSteps`

    def _compares_role_facts(self, text: str, role: Occupation) -> bool:
        """Whether a comparison asks for a fact of this role ('Wie unterscheidet sich die Ausbildung im
        Dialogmarketing von einem Studium?' does, 'Dialogmarketing vs. Massenwerbung?' does not)."""
        return bool(lead(self.search.search(COMPARISON.sub(" ", text), role.id, roles_only=True)))

    def _per_role(self, turn: Turn, topic: str, roles: list[Occupation], entities: list[dict[str, Any]],
                  text: str) -> Outcome:
        """One question for both roles ('Brauche ich für OMM Abi? Und für KfD?'): each role's answer;
        a money question or one without a specific fact gets the side-by-side comparison."""
        # 'Was muss man jeweils können – KfD im Vergleich zum OMM?': the runner-up's topic, but only as a guess – and
        # not over money asked ('welcher der beiden Berufe besser bezahlt ist … die Spannen zum Einstieg für beide')
        runner_up = _runner_up(turn) if topic in ("compare", "overview") and not asks_pay(text) else None
        titled = titled_topics(text) & set(NEEDS_OCCUPATION)
        if not runner_up and turn.confidence < TITLE_OVER and len(titled) == 1 and not asks_pay(text):
            # 'Welche Prüfungen muss man beim KfD machen und gibt es sowas beim OMM auch?' as tasks, 0.64: the
            # topic it names by its title
            topic = titled.pop()
        topic = runner_up or topic
        sides = self._sides(turn, entities) if text == turn.text else {}
        # each side naming a stage of its own compares figures ('Azubi im 3. Jahr Dialogmarketing gegen
        # Berufseinsteiger OMM', 'OMM nach 10 Jahren vs. Kauffrau direkt nach der Ausbildung – wie weit liegen die
        # auseinander?'), whatever the topic classified
        if sides:
            topic = "compare"
        if topic in ("compare", *FIGURE_TOPICS) and (asks_pay(text) or topic != "compare" or sides):
            reply = render(self.kb, "compare", replace(ask_of(self.kb, None, entities, text), sides=sides))
            return Outcome([reply], {"last_topic": remember("compare", entities, text), "pending_topic": None})
        # 'Wie unterscheiden sich die Aufgaben …?' – the comparing words are no content ('Kundentypen unterscheiden')
        query = _compared(text)
        found = {role.id: self._role_facts(query, topic, role) for role in roles}
        # a role without a line of its own is answered on the topic the other role's line belongs to
        # ('Unterschied beim Ausbildungsweg: KfD vs OMM?' – the OMM's line is about training), or on the
        # topic the question names as a whole ('Welcher der beiden hat die bessere Work-Life-Balance?'); a topic
        # guessed from the runner-up or an unsure classifier ('wie steigt man in den beiden berufen auf?' as tasks, 0.44)
        # does not outweigh the lines found ('wo hat man bessere Aufstiegschancen?'), nor does one in which neither
        # role has a line that meets the question ('Wo braucht man mehr Mathe – als KfD oder als OMM?' as tasks, 0.56)
        guessed = bool(runner_up) or turn.confidence < SURE or all(_off_topic(f, topic) for f in found.values())
        named = [topic] if topic in NEEDS_OCCUPATION and topic != "overview" and not guessed else _topics_named(query)
        shared = named[0] if len(named) == 1 else \
            next((f.broad or f.lines[0].topic for f in found.values() if f.broad or f.lines), topic)
        blocks = []
        # a weak line of one role beside the whole topic of the other compares unlike things ('Was ist vom Alltag her
        # der Unterschied …?' met one OMM task): both roles' whole topic
        whole = shared in NEEDS_OCCUPATION and any(not f.lines for f in found.values()) and \
            all(f.strength < DETAIL_STRENGTH for f in found.values())
        for role in roles:
            lines = [] if whole else found[role.id].lines
            if lines and lines[0].topic in FIGURE_TOPICS and lines[0].topic != shared:
                lines = []  # a figure's note ('danach schneller Aufstieg') does not answer a question without money
            if lines and lines[0].occupation in (None, role.id) and (len(named) != 1 or lines[0].topic == shared):
                blocks.append(fact_reply(lines, role).text)
            elif shared in NEEDS_OCCUPATION:
                rendered = render(self.kb, shared, ask_of(self.kb, role, entities, text)).text
                first_line = rendered.split("\n", 1)[0]
                blocks.append(rendered if role.name_neutral in first_line else f"**{role.name_neutral}**\n{rendered}")
        if not blocks:
            return Outcome([render(self.kb, "compare", ask_of(self.kb, None, entities, text))],
                           {"last_topic": remember("compare", entities, text), "pending_topic": None})
        reply = with_suggestions(self.kb, topic, None, Reply("\n\n".join(blocks)))
        return Outcome([reply], {"last_topic": remember(topic, entities, text), "pending_topic": None, "failed_turns": 0})

    def _role_facts(self, query: str, topic: str, role: Occupation) -> Found:
        """One role's lines for a question asked of both roles: those that meet it clearly – or the line that meets
        every word it asks when those are not too common ('Sprachen im Vergleich: KfD vs. OMM?'; not 'die Arbeit vom
        KfD …', which asks about the whole job)."""
        found = self._facts(query, [topic], role, roles_only=True, strength=MIN_STRENGTH)
        if found.lines or found.broad:
            return found
        asked = set(self.search.asked_terms(query))
        hits = self.search.search(query, role.id, roles_only=True)
        if asked and hits and asked <= set(hits[0].matched) and hits[0].strength >= IN_TOPIC_SHARE * MIN_STRENGTH:
            return Found(lead(hits, floor=0.0), strength=hits[0].strength)
        return found

    def _compared_lines(self, text: str, occupation: Occupation) -> list[FactLine]:
        """The lines of one role a comparison sets side by side ('Zwischenprüfung vs. Abschlussprüfung beim
        KfD – Unterschiede?'): each side's best line of the kind of thing the strongest side meets best, when every
        side meets it nearly as well and at least two sides meet different lines – things compared are alike
        ('aufgeteilt zwischen Schule und Betrieb' met a study line and a training line)."""
        text = WHICH_MORE.sub(" ", text)  # 'was geht schneller' is the comparison, no side ('schneller Aufstieg')
        apart = _SET_APART.search(text)
        bounds = sorted({0, *(m.start() for m in _SIDE_END.finditer(text)), *([apart.start(1)] if apart else []), len(text)})
        # the interim exam's line names the final one too; the profile's sentence only names the role's field
        # ('… bei Dialogmarketing-Kaufleuten')
        sides = [[h for h in self.search.search(_compared(text[start:end]), occupation.id, roles_only=True)
                  if h.line.kind != "summary" and h.strength >= MIN_STRENGTH] for start, end in zip(bounds, bounds[1:])]
        sides = [hits for hits in sides if hits]
        if len(sides) < 2:
            return []
        # the kind of thing the strongest side meets best, met nearly as well by the others ('Zwischen- und
        # Abschlussprüfung bei Dialogmarketing-Azubis': two exams, though 'Azubis' alone meets the school certificates)
        kind = _alike(max(sides, key=lambda hits: hits[0].strength)[0].line)
        if not all(any(_alike(h.line) == kind and h.strength >= SIDE_SHARE * hits[0].strength for h in hits)
                   for hits in sides):
            return []
        picked: list[FactLine] = []
        for hits in sides:
            line = next((h.line for h in hits if _alike(h.line) == kind and h.line not in picked), None)
            if line:
                picked.append(line)
        return picked if len(picked) > 1 else []

    def _terms_compared(self, turn: Turn, entities: list[dict[str, Any]], text: str) -> Outcome | None:
        """Two marketing terms set side by side ('Was ist der Unterschied zwischen Dialogmarketing und
        Beziehungsmarketing?'): each term's topic – or two points of one named by their labels ('Promotion und Preise
        sind beides Ps, aber worin unterscheiden die sich?') – unless a role is named by its title."""
        if not COMPARISON.search(text) or self.mentioned_occupations(turn):
            return None
        named = self.kb.topics_in(text)
        points = self._points_named(text) if len(named) < 2 else []
        if len(named) >= 2:
            asks = [replace(ask_of(self.kb, None, entities, text), topic_id=topic) for topic in named[:2]]
            reply = with_suggestions(self.kb, "glossary", None,
                                     Reply("\n\n".join(render(self.kb, "glossary", a).text for a in asks)))
        elif len(points) >= 2:
            reply = with_suggestions(self.kb, "glossary", None, fact_reply(points, None), more=True)
        else:
            return None
        return Outcome([reply], {"last_topic": remember("glossary", entities, text), "pending_topic": None,
                                 "failed_turns": 0})

    def _points_named(self, text: str) -> list[FactLine]:
        """The lines of the marketing topics' points a message names by every word of their labels ('Public Values',
        '3. Preise')."""
        said = set(words(text))
        points = [p for t in self.kb.glossary_topics() for p in self.kb.glossary_topic(t.id).points
                  if p.label and said >= set(words(_LABEL_NUMBER.sub("", p.label))) - STOPWORDS]
        return [line for p in points if (line := self.search.line(f"glossary_points:{p.topic}/{p.position}"))]

    def _ways_compared(self, turn: Turn, entities: list[dict[str, Any]], text: str) -> Outcome | None:
        """A study set against a course as the way into one role ('Lieber eine kurze Weiterbildung zum OMM oder
        Wirtschaftswissenschaften studieren?'): the study subjects and the course for career changers with its length –
        not when a career step is named ('Fachwirt oder Studium?')."""
        if not (COMPARISON.search(text) or _EITHER.search(text)) or asks_pay(text) or self.kb.career_step_named(text):
            return None
        roles = self._named_occupations(turn)
        if len(roles) == 2 and _TRAINING.search(text) and _WAYS[1].search(text):
            return self._training_against_course(roles, entities, text)
        if len(roles) != 1 or not all(way.search(text) for way in _WAYS):
            return None
        course = changers_course(self.kb, roles[0].id)
        if course is None:
            return None
        study = render(self.kb, "study", ask_of(self.kb, roles[0], entities, text)).text
        without = f"Ohne Studium: {course.via} – Dauer {course.duration_text} ({fmt.source_label(course.source)})"
        reply = with_suggestions(self.kb, "study", roles[0], Reply(f"{study}\n\n{without}"))
        return Outcome([reply], {"last_topic": remember("lateral_entry", entities, text), "pending_topic": None,
                                 "occupation": roles[0].id, "failed_turns": 0})

    def _step_up_or_study(self, entities: list[dict[str, Any]], text: str) -> Outcome | None:
        """A step up set against a study after the training ('Teamleitung oder Studium?', 'Betriebswirt
        Callcentermanagement oder ein Bachelor – was lohnt sich mehr?'): the role's career steps, both of them."""
        if not (COMPARISON.search(text) or _EITHER.search(text)) or not _STUDY.search(text) or asks_pay(text):
            return None
        named = self.kb.career_step_named(text)
        led_to = {o.id for o in self._steps_in(text)}
        ups = [named] if named else [s for o in self.kb.occupations(in_scope=True)
                                     for s in self.kb.career_steps(o.id, ["aufstieg"]) if s.target_occupation in led_to]
        if len(ups) != 1 or ups[0].kind != "aufstieg" or not self.kb.career_steps(ups[0].occupation, ["studium"]):
            return None
        role = self._occupation(ups[0].occupation)
        steps = render(self.kb, "career", ask_of(self.kb, role, entities, text))
        reply = with_suggestions(self.kb, "career", role, steps)
        return Outcome([reply], {"last_topic": remember("career", entities, text), "pending_topic": None,
                                 "occupation": role.id, "failed_turns": 0})

    def _training_against_course(self, roles: list[Occupation], entities: list[dict[str, Any]],
                                 text: str) -> Outcome | None:
        """One role's Ausbildung set against the other's course for career changers ('Eher die KfD-Ausbildung oder
        eine OMM-Weiterbildung – was dauert wie lange?'): each way with its length."""
        infos = {o.id: self.kb.training(o.id) for o in roles}
        trained = next((o for o in roles if infos[o.id].training and infos[o.id].regulation), None)
        other = next((o for o in roles if o is not trained), None)
        course = changers_course(self.kb, other.id) if trained and other else None
        if course is None:
            return None
        info = infos[trained.id]
        lines = [f"**{trained.name_neutral}** – " + fmt.with_source(
                     f"{info.training.kind}, Dauer {info.regulation.duration_years} Jahre", info.regulation.source),
                 f"**{other.name_neutral}** – " + fmt.with_source(f"{course.via}: Dauer {course.duration_text}",
                                                                 course.source)]
        reply = with_suggestions(self.kb, "lateral_entry", None, Reply("\n".join(lines)))
        return Outcome([reply], {"last_topic": remember("lateral_entry", entities, text), "pending_topic": None,
                                 "failed_turns": 0})

    def _sides(self, turn: Turn, entities: list[dict[str, Any]]) -> dict[str, Ask]:
        """Each role's own question when every side of a comparison names one role and a stage of its
        own ('KfD nach 10 Jahren vs. OMM beim Einstieg'); none when a stage is shared ('KfD vs. OMM nach 10 Jahren')."""
        shared = [e for e in entities if e.get("entity") not in STAGE_ENTITIES]
        bounds = [0, *(m.start() for m in _SIDE_END.finditer(turn.text)), len(turn.text)]
        by_role: dict[str, list[dict[str, Any]]] = {}
        for start, end in zip(bounds, bounds[1:]):
            side = turn.text[start:end]
            roles = self.kb.occupations_in(side)
            own = [e for e in entities if e.get("entity") in STAGE_ENTITIES and e.get("start") is not None
                   and start <= e["start"] < end]
            # also inside a compound the entity rules cannot see ('Trainee-Einstieg im Online Marketing')
            own += stage_entities((money_stages_in(side) | stages_named(side)) - {e["value"] for e in own})
            if not own and _TRAINING.search(side) and asks_pay(turn.text):  # 'Ausbildung im Dialogmarketing oder …'
                own = stage_entities({"apprenticeship"})
            if len(roles) == 1 and own:
                by_role.setdefault(roles[0].id, []).extend(own)
        if len(by_role) < 2:
            return {}
        return {role: ask_of(self.kb, None, shared + own, turn.text) for role, own in by_role.items()}


def _compared(text: str) -> str:
    """What a comparison asks about, without its comparing words and the roles' generic nouns."""
    return _ROLE_NOUNS.sub(" ", COMPARISON.sub(" ", text))


def _off_topic(found: Found, topic: str) -> bool:
    """Whether a role's lines for a comparison meet its words in another topic than the one classified – and are no
    profile sentence, which a common word meets ('was macht man jeweils?')."""
    return bool(found.lines) and found.lines[0].topic != topic and found.lines[0].kind != "summary" and \
        found.strength >= MIN_STRENGTH


def _runner_up(turn: Turn) -> str | None:
    """The topic of the classifier's second intent when the first has none of its own ('compare',
    'inform_occupation') and the second is nearly as likely: 'Was muss man jeweils können?' → skills."""
    if turn.intent not in TOPICLESS_INTENTS or len(turn.ranking) < 2:
        return None
    name, confidence = turn.ranking[1]
    topic = TOPIC_BY_INTENT.get(name)
    return topic if topic not in (None, "compare") and confidence >= RUNNER_UP else None


def _topics_named(text: str) -> list[str]:
    """Per-role topics whose name the question uses, alone or first in a compound ('Wie unterscheiden
    sich die Aufgaben …?' → tasks, 'bessere Karrierechancen' → career), or another word for the topic ('Welche
    Fähigkeiten braucht man …?', 'Wie steigt man jeweils auf?')."""
    asked = terms(text)
    other_words = {TOPIC_WORDS[w] for w in words(text) if w in TOPIC_WORDS} | \
        {t for t, phrase in _TOPIC_PHRASES.items() if phrase.search(text)}
    return [t for t, (_, title) in TOPICS.items() if t in NEEDS_OCCUPATION and (t in other_words or any(
        a == n or (len(n) >= 5 and a.startswith(n)) for a in asked for n in terms(title)))]
