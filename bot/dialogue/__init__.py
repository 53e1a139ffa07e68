"""Decides what to say in one turn. Rasa-agnostic, so the actions stay thin and this logic is
tested without a Rasa server: `reading.py` reads what a question asks, `answer.py` answers it from the
knowledge base (`ranking.py`: which fact lines; `compare.py`: both roles; `roles.py`: which role a message
names, corrections; `figures.py`: which salary figure it points at; `steps.py`: jobs known only as career
steps), `edges.py` holds everything around them, `turn.py` the data of a turn."""
from __future__ import annotations

from dataclasses import replace

from bot.answers import language
from bot.answers.base import TOPIC_BY_INTENT, TOPICS
from bot.answers.reply import Reply
from bot.answers.search import FactSearch
from bot.answers.topics import with_suggestions
from bot.dialogue.edges import CLOSING_ADDRESS, Conversation
from bot.dialogue.ranking import CROSS_TOPIC_STRENGTH, FIGURE_TOPICS, VERY_SURE, titled_topics
from bot.dialogue.reading import BOTH
from bot.dialogue.roles import FIGURE_ENTITIES, continues, denied_and_meant, slip_corrected
from bot.dialogue.turn import (CORRECTION_WORDS, Found, Outcome, Turn, earlier_question, entity_values, fact_reply,
                               remember, with_number_swapped)
from bot.kb.queries import KnowledgeBase
from bot.nlp.vocabulary import (HOW_ARE_YOU, INSULT, LAST_TRAINING_YEAR, MORE_OF_IT, QUESTION, STATISTICS_BASIS,
                                WORK_REQUEST, asked_statistic, asks, asks_minimum_pay)
from bot.text import parts, terms

# Entities that count, with their largest value: a number alone after a figure question replaces the one it had,
# also with the word it counts ('ich meinte das dritte Lehrjahr').
COUNTED = {"training_year": 4, "years_experience": 50}
COUNT_WORDS = frozenset(terms("Lehrjahr Lehrjahre Ausbildungsjahr Ausbildungsjahre Jahr Jahre Jahren Berufsjahre"
                              " danach anschließend"))  # 'und danach im zweiten' counts on
_LAST = terms("letzten")
_BY_TRAINING_YEAR = {"training_pay", "minimum_pay"}  # figure topics listed by training year when none is asked
_POINT = frozenset(terms("P Ps Punkt Schritt"))  # what a marketing topic's numbered points are called
# Words that point back at the answer before ('das siebte, was du gesagt hast – erklär das mal genauer').
_BACK = frozenset(terms("gesagt genannt erwähnt aufgezählt geschrieben hast hattest erklär erkläre erklären genauer "
                        "näher ausführlicher"))
# The classifier's insult without an insulting word counts from here ('halt die klappe' 0.84); below, its next guess
# ('meinte teil 2' 0.43, 'Gib mir bitte alle Entgeltatlas-Werte für KldB 92122.' 0.57).
INSULT_SURE = 0.7
# Steps the classifier may pick for a short follow-up that still asks about the previous topic ("bist du sicher? …"
# is a doubt about the answer before, not a question about the bot).
_CONTEXT_FIRST = {"action_greet", "action_help", "action_out_of_scope", "action_affirm", "action_bot_challenge"}

# Steps whose guess a message mostly in words the knowledge base does not know may belong to another subject.
_SUBJECT_GUESSES = {"action_answer", "action_fallback", "action_bot_challenge", "action_goodbye"}

__all__ = ["Dialogue", "Found", "Outcome", "Turn"]


def _next_guess(turn: Turn) -> tuple[str, Turn]:
    """The step for the classifier's second guess, and the turn as that guess: a topic is answered, another
    subject is said to be one, anything else is not understood."""
    intent, confidence = turn.ranking[1] if len(turn.ranking) > 1 else ("nlu_fallback", 0.0)
    action = "action_answer" if intent in TOPIC_BY_INTENT else \
        "action_out_of_scope" if intent == "out_of_scope" else "action_fallback"
    return action, replace(turn, intent=intent, confidence=confidence)


def _best_topic_guess(turn: Turn) -> Turn:
    """The turn as the classifier's best guess at a knowledge-base topic ('Ey du Lappen, braucht man für OMM Abi oder
    nicht?' – the requirements)."""
    intent, confidence = next(((i, c) for i, c in turn.ranking if i in TOPIC_BY_INTENT), ("ask_overview", 0.0))
    return replace(turn, intent=intent, confidence=confidence)


def _asked_again(turn: Turn) -> Turn | None:
    """'und sonst noch welche?', 'noch andere?' after an answer: the question before once more – its answer holds all
    the knowledge base has on it."""
    earlier = earlier_question(turn)
    if not MORE_OF_IT.match(turn.text) or earlier.get("topic") not in TOPICS or not earlier.get("text"):
        return None
    return replace(turn, intent=TOPICS[earlier["topic"]][0], text=earlier["text"],
                   entities=list(earlier.get("entities", [])), restated=True)


class Dialogue(Conversation):
    """One conversation step for each Rasa action."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.search = FactSearch(kb)

    def respond(self, action: str, turn: Turn) -> Outcome:
        """One action's answer, in one consistent view of the knowledge base; a note first when the
        message is not German (the answer follows when the question was understood)."""
        steps = {"action_answer": self.answer, "action_greet": self.greet, "action_help": self.help,
                 "action_out_of_scope": self.out_of_scope, "action_fallback": self.fallback,
                 "action_affirm": self.affirm, "action_bot_challenge": self.bot_challenge,
                 "action_restart": self.restart, "action_calm": self.calm, "action_thank": self.thank,
                 "action_goodbye": self.goodbye, "decline": self.decline}
        earlier = earlier_question(turn)
        earlier_stages = entity_values(earlier.get("entities", []), "career_stage")
        statistic = asked_statistic(turn.text, after_statistics="median" in earlier_stages)
        if statistic:  # 'ich wollte das untere' – the one quartile asked, as entities a figure question has
            turn = replace(turn, entities=[*turn.entities, {"entity": "statistic", "value": statistic},
                                           {"entity": "career_stage", "value": "median"}])
        elif "median" in earlier_stages and STATISTICS_BASIS.search(turn.text) and continues(turn, earlier):
            # 'sind da azubis mit drin?' – what the statistics count, which they say
            turn = replace(turn, entities=[*turn.entities, {"entity": "career_stage", "value": "median"}])
        exams = (exam.name for role in self.kb.occupations(in_scope=True) for exam in self.kb.exams(role.id))
        turn = slip_corrected(self._meant(turn), exams, lambda text: bool(self._steps_in(text)))
        request = language.language_asked(turn.text)  # 'Kannst du auch auf Englisch antworten?'
        with self.kb.snapshot():
            point = self._numbered_point(turn)
            if point:  # 'was heißt nochmal das dritte?' after the 8 Ps
                return point
            if action == "action_calm" and not INSULT.search(turn.text) and (
                    turn.confidence < INSULT_SURE or any(entity_values(turn.entities, n) for n in FIGURE_ENTITIES)):
                # 'meinte teil 2', 'ah mist, Beginn war 2024' are no insults, though the classifier leant that way
                action, turn = _next_guess(turn)
            swapped = self._number_swapped(turn) or _asked_again(turn)
            if swapped:  # 'und das 8.?' after 'Was ist das 7. P?', 'und sonst noch welche?' after the languages
                action, turn = "action_answer", swapped
            insult_word = bool(INSULT.search(turn.text))
            insulting = action == "action_calm" or insult_word
            if insulting and not self.asks_fact(turn, asking_only=True):
                # 'Online Marketing ist doch Bullshit und du auch', 'ihr Abzocker!', 'Bist du zu blöd, um normal zu
                # antworten??' – no question about anything the bot knows, whatever it names
                action = "action_calm"
            elif insulting and action in ("action_calm", "action_out_of_scope"):
                # an insult with a question inside ('Was ist denn bitte owned traffic, Schlaumeier?' – the classifier
                # took it for another subject): the classifier's best topic guess
                action, turn = "action_answer", _best_topic_guess(self._without_insults(turn))
            else:
                action = self._routed(action, turn)
                if action == "action_help" and self._topic_met(turn.text, self._named_occupations(turn)):
                    # 'was meinst du mit owned traffic?' – a fact the knowledge base holds, not what the bot can do
                    action, turn = "action_answer", _best_topic_guess(turn)
                if insult_word:  # 'Alter du nervst. Was machen Kaufleute für Dialogmarketing …?' – the question alone
                    turn = self._without_insults(turn)
            if action not in ("action_answer", "action_calm") and language.looks_like_gibberish(turn.text, self.search.knows):
                action = "action_fallback"
            if action != "action_calm" and WORK_REQUEST.search(turn.text):
                action = "decline"  # 'Schreib mir eine Bewerbung als KfD' – whatever the classifier made of it
            if action != "action_calm" and request and not self.search.asked_terms(request[1]):
                action = "action_help"  # 'Kannst du auch auf Englisch antworten?' – what it can do, with the note
            found = None
            context_first = action in _CONTEXT_FIRST or (action == "action_calm" and not insult_word)
            if context_first and not HOW_ARE_YOU.search(turn.text) and continues(turn, earlier_question(turn)):
                # 'reichen da grundlagen?' after programming skills is no greeting, 'welche fragen stellt man sich
                # dabei?' after the 8th P no request for help: a fact of the previous topic, when one is met
                found = self._understood_anyway(turn)
                turn = replace(turn, searched=True)  # the step need not search again
            outcome = found or steps[action](turn)
        foreign = turn.language or language.foreign(turn.text) or (request[0] if request else None)
        if foreign:
            outcome.replies.insert(0, Reply(language.note(foreign)))
        return outcome

    def _meant(self, turn: Turn) -> Turn:
        """A correction that first names the topic it did not mean: what it meant, without the entities of the rest –
        and, when the classifier took the topic not meant, as the topic what it meant meets ('nein, nicht die aufgaben
        – die ausbildungsinhalte zu it und kommunikationssystemen': the training, not the tasks again)."""
        said = denied_and_meant(turn.text)
        if not said:
            return turn
        denied, start = said
        denied_topics = titled_topics(denied)
        if not (denied_topics or self.kb.topics_in(denied)):
            return turn  # 'nicht die gesetzliche – was man tatsächlich bekommt' denies a figure, no topic

        def meant(e: dict) -> bool:  # an entity of what was meant: after the denied part, or not named in it
            if e.get("start") is not None:
                return e["start"] >= start
            return str(e.get("value", "")).lower() not in denied.lower()

        entities = [{**e, "start": e["start"] - start, "end": e["end"] - start} if e.get("start") is not None else e
                    for e in turn.entities if meant(e)]
        turn = replace(turn, text=turn.text[start:], entities=entities)
        if TOPIC_BY_INTENT.get(turn.intent) not in denied_topics:
            return turn
        topic = self._topic_met(turn.text, self._named_occupations(turn), CROSS_TOPIC_STRENGTH)
        guesses = [(TOPICS[topic][0], turn.confidence)] if topic else \
            [(i, c) for i, c in turn.ranking if i in TOPIC_BY_INTENT and TOPIC_BY_INTENT[i] not in denied_topics]
        return replace(turn, intent=guesses[0][0], confidence=guesses[0][1]) if guesses else turn

    def _without_insults(self, turn: Turn) -> Turn:
        """A message without its insulting parts that neither ask nor name a role or a career step ('Beantworte endlich
        meine Frage, du Idiot: Reicht die Hauptschule …?' → the question after the colon; not 'Kackjob Callcenter.' or
        'Betriebswirt Callcentermanagement, klingt nach Sklaventreiber.', which the question leans on)."""
        said = parts(turn.text)
        kept = [self._without_insulting_address(turn, p) for p in said if not INSULT.search(p)
                or p.rstrip().endswith("?") or self._named_occupations(replace(turn, text=p, entities=[]))
                or self._steps_in(p) or self.kb.topics_in(p)]
        return replace(turn, text=" ".join(kept)) if kept and kept != said else turn

    def _without_insulting_address(self, turn: Turn, part: str) -> str:
        """A part without the insulting address that opens it ('du scheiß KI, sag einfach ob man als OMM Englisch
        braucht' – the address names a gap, AI, that nobody asked about)."""
        head, comma, rest = part.partition(",")
        if comma and rest.strip() and INSULT.search(head) and not INSULT.search(rest) and not QUESTION.search(head) \
                and not self._named_occupations(replace(turn, text=head, entities=[])):
            return rest.strip()
        return CLOSING_ADDRESS.sub("", part)  # 'was soll das sein, du marketing-roboter' – no robot asked about

    def _routed(self, action: str, turn: Turn) -> str:
        """The step for what the message is, where the classifier's action misses it."""
        def named() -> bool:  # a role or career step, both roles ('Welcher der beiden Jobs …?') or a marketing topic
            return bool(self._named_occupations(turn) or BOTH.search(turn.text) or self.kb.topics_in(turn.text)
                        or self._steps_in(turn.text) or self.kb.career_step_named(turn.text))

        if action in _SUBJECT_GUESSES and self._foreign_subject(turn) and not named():
            # 'Erklär mir bitte die Photosynthese für meinen Bio-Test', 'Wer ist gerade Präsident der USA?' (no
            # question about the bot), 'Übersetz mal „Ich liebe dich“ ins Japanische' (no goodbye)
            return "action_out_of_scope"
        if action in ("action_answer", "action_restart"):
            return action
        if HOW_ARE_YOU.search(turn.text) and not named():
            return "action_greet"  # 'Wie geht's dir so?'
        if action == "action_fallback" and asks_minimum_pay(turn.text):
            return "action_answer"  # 'Ich hab 2024 angefangen … Was muss mir mindestens gezahlt werden?' – the legal floor
        # sure of another subject or of a question about the bot ('Bist du eine KI oder ein echter Mensch?' is
        # no question about AI in the job)
        sure_elsewhere = action in ("action_out_of_scope", "action_bot_challenge") and turn.confidence >= VERY_SURE \
            and not named()
        if self.re_asks(turn) or self._chosen_roles(turn) or (
                self.search.not_covered(turn.text) and asks(turn.text) and not sure_elsewhere):
            # 'sorry, Kauffrau meinte ich', 'dialog' after 'Um welchen Beruf …?', 'netto?' – whatever the classifier
            # made of it: the previous question again, or the honest 'keine geprüfte Angabe' for a known gap it asks about (not for
            # 'ein Restaurant in Berlin-Mitte', surely another subject that shares a word with a gap, nor for 'Du
            # kannst nix, ich frag lieber ChatGPT', which asks nothing)
            return "action_answer"
        return action

    def _numbered_point(self, turn: Turn) -> Outcome | None:
        """A follow-up that is only a number, after a marketing topic with numbered points: that point."""
        earlier = earlier_question(turn)
        if earlier.get("topic") != "glossary":  # every message passes here: nothing more to read for most
            return None
        asked = [t for t in terms(turn.text) if t not in CORRECTION_WORDS and t not in _BACK]
        number = int(asked[0]) if len(asked) == 1 and asked[0].isdigit() else None  # not 'die 8 Ps', 'das erste P'
        last = [t for t in asked if t not in _POINT] == _LAST  # 'und das letzte P?'
        # 'und das zweite' after 'erstes P im Beziehungsmarketing' is the 2nd P, not the topic's 2nd point – but 'und das
        # vierte?' after 'Was bedeutet das fünfte davon?' (the 8 Ps remembered) is the topic's 4th point
        swapped = with_number_swapped(turn.text, earlier.get("text") or "")
        if (number is None and not last) or (swapped and self.kb.topics_in(swapped)):
            return None
        named = entity_values(earlier.get("entities", []), "glossary_topic") or self.kb.topics_in(earlier.get("text") or "")
        if last and named:
            topic = self.kb.glossary_topic(named[0])
            # the last numbered point, not a note after them ('Andere Zählung' after the 8th P)
            number = max((p.position for p in topic.points if p.label.startswith(f"{p.position}.")), default=None) \
                if topic else None
        line = self.search.line(f"glossary_points:{named[0]}/{number}") if named else None
        if line is None:
            return None
        reply = with_suggestions(self.kb, "glossary", None, fact_reply([line], None), more=True)
        # remembered with its topic, so 'und das vierte?' after 'Was bedeutet das fünfte davon?' is that topic's point
        asked = remember("glossary", [{"entity": "glossary_topic", "value": named[0]}], turn.text)
        return Outcome([reply], {"last_topic": asked, "failed_turns": 0})

    @staticmethod
    def _count_swapped(turn: Turn, earlier: dict) -> Turn | None:
        """'ich meinte das 3.' after the pay of the 2nd training year (or '5' after ten years): the earlier
        figure question with this number alone as its training year or years of experience."""
        asked = [t for t in terms(turn.text) if t not in CORRECTION_WORDS and t not in COUNT_WORDS]
        entities = earlier.get("entities", [])
        counted = [name for name in COUNTED if entity_values(entities, name)] or \
            (["training_year"] if earlier.get("topic") in _BY_TRAINING_YEAR else [])  # 'im zweiten' after all years
        if asked == _LAST and counted == ["training_year"]:  # 'und im letzten?' after the 2nd training year
            asked = [LAST_TRAINING_YEAR]
        if len(asked) != 1 or len(counted) != 1 or any(e.get("entity") != counted[0] for e in turn.entities):
            return None
        if not (asked[0] == LAST_TRAINING_YEAR or (asked[0].isdigit() and 1 <= int(asked[0]) <= COUNTED[counted[0]])):
            return None  # 'ups, ich fang erst 2026 an' names a start year of its own
        kept = [e for e in entities if e.get("entity") not in COUNTED]
        return replace(turn, intent=TOPICS[earlier["topic"]][0], text=asked[0],
                       entities=[*kept, {"entity": counted[0], "value": asked[0]}])

    def _number_swapped(self, turn: Turn) -> Turn | None:
        """A follow-up that is only a number, as the earlier question with that number; figure topics
        have their own follow-ups (year, stage and period entities)."""
        earlier = earlier_question(turn)
        topic = earlier.get("topic")
        if topic is None or turn.from_button:
            return None
        if topic in FIGURE_TOPICS:
            return self._count_swapped(turn, earlier)
        text = with_number_swapped(turn.text, earlier.get("text") or "")
        return replace(turn, intent=TOPICS.get(topic, (turn.intent,))[0], text=text, entities=[], restated=True) \
            if text else None
