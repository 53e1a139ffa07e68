"""Several questions in one message about one role ('was verdient man als KfD nach der Ausbildung und wie lange
dauert die Ausbildung eigentlich?', 'OMM: Einstiegsgehalt und Wochenstunden?'): each clause that asks about a topic
of its own is answered on its own, in the order asked – not only the topic the classifier picked for the whole."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from bot.answers.base import TOPICS
from bot.answers.search import FactSearch
from bot.dialogue.compare import COMPARISON
from bot.dialogue.ranking import CROSS_TOPIC_STRENGTH, DETAIL_STRENGTH, TOPIC_WORDS, titled_topics
from bot.dialogue.roles import CORRECTION, FIGURE_ENTITIES, STAGE_ENTITIES
from bot.dialogue.turn import Outcome, Turn
from bot.kb.models import Occupation
from bot.nlp.vocabulary import (AFTER_THE_TRAINING, HOW_MUCH_WORK, QUESTION, WHAT_ONE_DOES, WHOLE_RANGE,
                                agency_funds, asks_minimum_pay, asks_pay, money_stages_in, stages_named)
from bot.text import STOPWORDS, asked_sentences, listed_after_question, words

# Where one question ends and the next begins: a comma, a colon, a dash between words, 'und'.
_CLAUSE = re.compile(r"[,;:?]|\s[–-]\s|\bund\b", re.I)
# … and in a message dictated without marks, before a question word inside it.
_MARK = re.compile(r"[,;:?!.]|\s[–-]\s")
_DICTATED_CLAUSE = re.compile(_CLAUSE.pattern + r"|(?<=\w)\s+(?=(was|wie|welche[rsmn]?|wo|wann|warum|wieso|wer)\b)",
                              re.I)
# A clause without a question word asks only as a fragment this short ('Einstiegsgehalt', 'schulische Voraussetzungen',
# 'Gehalt nach der Ausbildung' – the time after the training not counted).
FRAGMENT_WORDS = 3
# … and a clause without one asks when it opens with a verb and its subject, as a yes/no question does.
_YES_NO = re.compile(r"\s*(braucht|brauche|muss|m(ü|ue)ssen|kann|k(ö|oe)nnen|gibt|ist|sind|hat|habe|wird|darf|sollte|"
                     r"soll|lohnt|reicht|z(ä|ae)hlt)\s+(man|es|ich|er|sie|das|der|die|ein|eine)\b", re.I)
# Words that only qualify the question before ('Jahresgehalt als KfD nach der Lehre, brutto, ungefähr?').
_QUALIFIERS = frozenset(words("brutto netto ungefähr ca circa etwa grob bitte so monatlich jährlich"))
# A topic's title this long also names it as a compound's head ('Abschlussprüfung').
_HEAD = 6
# How long something takes ('wie lange', 'Dauer').
_HOW_LONG = re.compile(r"^\W*(wie\s*lange?|dauer)\W*$", re.I)
# The time after the training names no training ('… direkt nach der Lehre').
_AFTER_TRAINING = re.compile(r"\bnach\s+(der|dem|meiner|seiner|ihrer)\s+(lehre|ausbildung)\w*", re.I)


def clauses(text: str) -> list[tuple[int, int]]:
    """The spans of a text's clauses, without the marks between them – in a message dictated without marks, a
    question word inside also starts a clause ('… erzählen was der macht was der verdient und wie viel der
    arbeitet')."""
    spans, start = [], 0
    dictated = not _MARK.search(text.rstrip("?!. "))
    for mark in [*(_DICTATED_CLAUSE if dictated else _CLAUSE).finditer(text), None]:
        end = mark.start() if mark else len(text)
        if text[start:end].strip():
            spans.append((start, end))
        start = mark.end() if mark else end
    return spans


def _titled(text: str) -> set[str]:
    """The topics a text names by their titles, also as a compound's head ('Abschlussprüfung')."""
    return {TOPIC_WORDS[t] for w in set(words(text)) - STOPWORDS for t in TOPIC_WORDS
            if w == t or (len(t) >= _HEAD and w.endswith(t))}


class SeveralQuestions:
    """Answers each of several questions in one message, for `Answering`."""

    answer: Callable[[Turn], Outcome]
    search: FactSearch
    _named_occupations: Callable[[Turn], list[Occupation]]
    _asks_definition: Callable[[str], bool]
    _lists_topics: Callable[[str], bool]
    _topic_met: Callable[[str, list[Occupation], float], str | None]

    def _clause_topic(self, clause: str, before: str, mentioned: list[Occupation], counted: bool, training: bool,
                      kinds: bool) -> str | None:
        """The topic one asking clause is about: money (the training's, when the message is about the training), or
        the topic of a fact line it meets clearly – a fragment is all topic, so less clearly ('Wochenstunden')."""
        if asks_pay(clause):  # … the training's, unless asked for after it ('Dauer der Ausbildung, …, Gehalt danach')
            return "training_pay" if training and not AFTER_THE_TRAINING.search(f"{before} {clause}") else "salary"
        if counted or asks_minimum_pay(clause) or money_stages_in(clause) or stages_named(clause):
            return None  # 'was ist das gesetzliche Minimum im ersten Jahr', 'und was im 3. Jahr' – money asked on
        fragment = not QUESTION.search(clause)
        met = self._topic_met(clause, mentioned, CROSS_TOPIC_STRENGTH if fragment else DETAIL_STRENGTH)
        # a fragment that names a kind of fact asks which ones ('überblick über omm: sprachen, tools, arbeitszeit') –
        # unless the first clause names the topic the fragments are parts of ('Überblick über die Ausbildung – Dauer,
        # Ablauf')
        kind = kinds and not met and self.search.kind_named(f"welche {clause}" if fragment else clause, mentioned[0].id)
        met = met or (self.search.lines(mentioned[0].id, kind)[0].topic if kind else None)
        # a fragment that is a topic's title ('KfD: Aufgaben und Gehalt …?'), not a statement ('Mein Bachelor ist aus
        # Polen – …')
        titled = titled_topics(clause) if fragment and not met and len(set(words(clause)) - STOPWORDS) == 1 else set()
        met = met or (titled.pop() if len(titled) == 1 else None)
        # … or a short question about a topic it names by its title, also as a compound's head ('was sind die
        # Aufgaben', 'wie läuft die Abschlussprüfung')
        titled = _titled(clause)
        met = met or (titled.pop() if not fragment and len(titled) == 1 and len(set(words(clause)) - STOPWORDS) <= 2
                      else None)
        if not met and _HOW_LONG.search(clause) and _titled(before) <= {"training"} \
                and (training or self.search.kb.training(mentioned[0].id).training):
            # 'Überblick über die Ausbildung: wie lange, was verdient man im 1. Jahr …' – its length; not after
            # another topic ('Alles zur Zwischenprüfung: wann, wie lange …')
            met = "training"
        if not met and HOW_MUCH_WORK.search(clause):
            met = "working_hours"  # '… was der verdient und wie viel der arbeitet'
        if not met and (WHAT_ONE_DOES.search(clause) or (  # 'Was macht man da?', 'Was ist eine OMM' – the profile
                self._asks_definition(clause) and self.search.kb.resolve_occupation(clause, in_scope_only=True))):
            met = "overview"
        return met

    def _answer_each(self, turn: Turn) -> Outcome | None:
        """Each question of a message that asks about several topics of one role, answered in turn."""
        if turn.restated or COMPARISON.search(turn.text) or CORRECTION.search(turn.text) \
                or WHOLE_RANGE.search(turn.text):  # 'Geld im Dialogmarketing: alles von der Ausbildung bis …' – one
            return None
        if "median" in money_stages_in(turn.text) or agency_funds(turn.text):
            # the statistics' groups ('Werbung und Marketing, Spezialist'); a course and who pays for it ('Welche
            # Weiterbildung brauch ich für OMM und wer zahlt die?')
            return None
        asked = asked_sentences(turn.text)
        if self._lists_topics(turn.text):
            return None  # 'Kurzprofil KfD: Aufgaben, Ausbildung, Gehalt' – the profile
        # noun fragments ask only where no clause asks in words ('Dauer, Vergütung, schulische Voraussetzungen?');
        # 'Mein Sohn studiert Wirtschaftsinformatik' says something, it asks nothing
        fragments = not QUESTION.search(asked.replace("?", ""))
        # … and in a list after a question ('Was müssen wir über die KfD-Ausbildung wissen? Dauer, Schule, Geld')
        listed = listed_after_question(asked)
        spans = clauses(asked)
        asking = [(start, end) for i, (start, end) in enumerate(spans)
                  if not set(words(asked[start:end])) <= _QUALIFIERS
                  and (QUESTION.search(asked[start:end])
                       # a yes/no question before its mark ('… und braucht man dafür eine Ausbildung?')
                       or (asked[end:end + 1] == "?" and _YES_NO.match(asked[start:end]))
                       or ((fragments or (listed is not None and end > listed))
                           and len(words(_AFTER_TRAINING.sub(" ", asked[start:end]))) <= FRAGMENT_WORDS)
                       # 'Was gibt's über Gehalt und Arbeitszeit als OMM zu wissen?' – a topic's title after the
                       # question it shares
                       or (i and words(asked[start:end])[0] in TOPIC_WORDS))]
        mentioned = self._named_occupations(turn) if len(asking) > 1 else []
        if len(mentioned) != 1:
            return None
        offset = turn.text.find(asked) if asked in turn.text else 0
        # 'die Eckdaten zum Ausbildungsberuf … – Dauer, Vergütung': the training's pay
        training = any(w.startswith(("ausbildung", "lehre", "azubi")) for w in words(_AFTER_TRAINING.sub(" ", asked)))
        questions: dict[str, tuple[int, int]] = {}  # topic → the first clause that asks about it
        kinds = not titled_topics(asked[slice(*spans[0])])
        for start, end in asking:
            span = (offset + start, offset + end)
            counted = any(e.get("entity") in FIGURE_ENTITIES and span[0] <= e.get("start", -1) < span[1]
                          for e in turn.entities)  # 'im 3. Jahr', 'nach zehn Jahren' – a figure's stage
            topic = self._clause_topic(asked[start:end], asked[:start], mentioned, counted, training, kinds)
            if topic:
                questions.setdefault(topic, span)
        pay = questions.get("salary")
        if pay and "training" in questions and not QUESTION.search(turn.text[slice(*pay)]) and not (
                stages_named(turn.text) or money_stages_in(turn.text) or AFTER_THE_TRAINING.search(turn.text[:pay[1]])):
            # 'Überblick über den Beruf KfD – Dauer, Zugangsvoraussetzung, Vergütung': pay named beside the training,
            # no stage named – the training's pay ('… wie lange, was verdient man' asks what one earns in the job,
            # '… Gehalt danach' after the training)
            questions = {"training_pay" if t == "salary" else t: span for t, span in questions.items()}
        if set(questions) == {"overview", "salary"}:
            # 'Was macht ein OMM und was verdient er am Anfang?' – the profile, which holds the entry pay
            start, end = min(questions.values())[0], max(questions.values())[1]
            staged = {(e.get("entity"), e.get("value")) for e in turn.entities if e.get("entity") in STAGE_ENTITIES
                      and start <= e.get("start", -1) < end}
            staged |= {("career_stage", named) for named in stages_named(turn.text[start:end])}
            return self.answer(self._one_question(turn, mentioned[0], questions["overview"], "overview")) \
                if staged <= {("career_stage", "entry")} else None
        if len(questions) < 2:
            return None
        outcomes = [self.answer(self._one_question(turn, mentioned[0], span, topic))
                    for topic, span in questions.items()]
        reasons = [o.reason for o in outcomes if o.reason]
        return Outcome([r for o in outcomes for r in o.replies], {k: v for o in outcomes for k, v in o.slots.items()},
                       unanswered=any(o.unanswered for o in outcomes), reason=reasons[0] if reasons else None)

    @staticmethod
    def _one_question(turn: Turn, role: Occupation, span: tuple[int, int], topic: str) -> Turn:
        """The turn as one of its questions: that clause's text and entities, the role named anywhere in it."""
        start, end = span
        entities = [e for e in turn.entities if e.get("entity") == "occupation"
                    or ("start" in e and start <= e["start"] and e.get("end", e["start"]) <= end)]
        return replace(turn, intent=TOPICS[topic][0], text=turn.text[start:end].strip(), entities=entities,
                       slots={**turn.slots, "occupation": role.id}, confidence=1.0, ranking=((TOPICS[topic][0], 1.0),),
                       restated=True)
