"""The turns around the answers: greeting, help, who the bot is, restart, other subjects,
misunderstandings and the offer of a human adviser."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.answers import language
from bot.answers.base import TOPIC_BY_INTENT, TOPICS, button
from bot.answers.reply import Reply
from bot.answers.topics import render, with_suggestions
from bot.nlp.vocabulary import HOW_ARE_YOU, INSULT, asks, asks_pay, disputes
from bot.text import sentences, terms, words

from bot.dialogue.answer import BOT_CHALLENGE_STRENGTH, FAILED_TURNS_BEFORE_HUMAN, Answering
from bot.dialogue.compare import COMPARISON, RUNNER_UP
from bot.dialogue.figures import quoted_figures, stages_described
from bot.dialogue.ranking import CROSS_TOPIC_STRENGTH, FIGURE_TOPICS, SURE, VERY_SURE
from bot.dialogue.reading import BOTH, MONEY_STAGES
from bot.dialogue.roles import ANAPHOR, CORRECTION, FIGURE_ENTITIES, FOLLOW_UP, continues
from bot.dialogue.turn import Outcome, Turn, ask_of, earlier_question, entity_values, fact_reply, recall, remember
from bot.kb.models import Occupation

# Topic guesses of the classifier this close to its best one are about as likely.
TIE = 0.1
# A sentence beside an insult this short may be a question in note form ('kldb von omm.'); a longer one without
# a question says something ('Wer sowas lernt, hat echt kein Selbstwertgefühl.').
FRAGMENT_WORDS = 5


# A colon that leads in to what is asked ('Halt die Klappe und sag einfach: Ausbildungsvergütung KfD 2. Lehrjahr').
_LEAD_IN = re.compile(r"(?<=:)\s+")
# How an insulting message may close: an address ('…, du lahme Krücke', 'was soll das sein, du marketing-roboter'),
# never what it asks about.
CLOSING_ADDRESS = re.compile(r",\s*du\s+[\w-]+(\s+[\w-]+)?\s*(?=[?!.]*\s*$)", re.I)
# Who the bot is ('Wer bist du?', 'Bist du ein Mensch?').
WHO_I_AM = ("Ich bin der Berufslotse – ein Chatbot, kein Mensch. Ich beantworte Fragen zu Aufgaben, Ausbildung, "
            "Gehalt und Karriere in zwei Berufen; meine Antworten stammen aus einer geprüften Wissensdatenbank, "
            "und ich nenne dir immer die Quelle. Für eine persönliche Beratung wende dich gern an die "
            "Berufsberatung der Agentur für Arbeit.")
# A question who or what the bot is ('wer bist du überhaupt', 'Bist du ein Mensch?', 'was bist du für einer').
ASKS_WHO = re.compile(r"\b(wer|was)\s+bist\s+du\b|\bbist\s+du\s+(\w+\s+)?(ein|eine|so\s+ein|so\s+eine|echt|ne)\b", re.I)
# Words that make a sentence about the asker or the bot.
_PERSONAL = re.compile(r"\b(ich|du|dich|dir|mich|mir|wir|ihr|euch|uns)\b", re.I)


class Conversation(Answering):
    """Everything `Dialogue` says that is not a knowledge-base answer."""

    def greet(self, turn: Turn) -> Outcome:
        occupations = self.kb.occupations(in_scope=True)
        names = " und ".join(o.name_neutral for o in occupations)
        thanks = "Danke der Nachfrage, mir geht's gut! " if HOW_ARE_YOU.search(turn.text) else ""  # 'Wie geht's dir?'
        text = (f"Hallo! {thanks}Ich bin der Berufslotse. Ich beantworte deine Fragen zu den Berufen {names}: "
                "Aufgaben, Ausbildung, Prüfungen, Gehalt und Karriere – immer mit Quelle. Was möchtest du wissen?")
        buttons = [button("overview", o, title=f"Was macht man als {o.name_neutral}?") for o in occupations]
        buttons.append(button("compare"))
        return Outcome([Reply(text, buttons)])

    def thank(self, turn: Turn) -> Outcome:
        """'Danke!' – unless the message asks about something the bot knows ('welche instrumente helfen dabei')."""
        return self._asked_anyway(turn) or Outcome([Reply(
            "Gern geschehen! Frag ruhig weiter, wenn du noch etwas wissen möchtest.",
            [button("salary"), button("training"), button("compare")])])

    def goodbye(self, turn: Turn) -> Outcome:
        """'Tschüss!' – unless the message asks about something the bot knows."""
        return self._asked_anyway(turn) or Outcome([Reply(
            "Tschüss und viel Erfolg bei deiner Berufswahl! Komm gern wieder, wenn du Fragen hast.")])

    def _asked_anyway(self, turn: Turn) -> Outcome | None:
        """The answer to a question that the classifier took for thanks or goodbye: a fact it names clearly, or one
        of the previous topic that it asks about."""
        return self._understood_anyway(turn) if asks(turn.text) else None

    def bot_challenge(self, turn: Turn) -> Outcome:
        """'Wer bist du?', 'Bist du ein Mensch?' – unless the message also names a role or a marketing topic
        ('Bist du ein Bot? Was verdient ein OMM?'), or the classifier was unsure and a fact matches strongly."""
        named = bool(self._named_occupations(turn) or self.kb.topics_in(turn.text))
        if INSULT.search(turn.text) and not self.kb.resolve_occupation(turn.text, in_scope_only=True) \
                and not asks_pay(turn.text):
            # 'bist du auch so ein callcenter agent der nur scheiße labert??' – scorn of the bot, not a question
            # about the field it names
            named = False
        if named or turn.confidence < SURE:
            found = self._understood_anyway(turn, strength=CROSS_TOPIC_STRENGTH if named else BOT_CHALLENGE_STRENGTH)
            if found:
                return found
        return Outcome([Reply(WHO_I_AM, [button("compare"), button("glossary"), button("sources")])])

    def calm(self, turn: Turn) -> Outcome:
        """An insult that asks about nothing the bot knows ('Blöder Bot', 'Wow. Super hilfreich.'): a calm reply and
        what the bot can do (`Dialogue.respond` sends an insult with a question about a fact to the answer)."""
        names = " und ".join(o.name_neutral for o in self.kb.occupations(in_scope=True))
        text = ("Schade, dass du unzufrieden bist. Lass uns freundlich bleiben – dann helfe ich dir gern weiter. "
                f"Frag mich zu Aufgaben, Ausbildung, Gehalt und Karriere als {names}.")
        if turn.intent == "bot_challenge" and turn.confidence >= SURE and ASKS_WHO.search(turn.text):
            # 'Du Opfer, wer bist du überhaupt?' – not 'Deine Mutter ist ein Toaster.'
            text = f"{text}\n\n{WHO_I_AM}"
        occupation = self._occupation(turn.slots.get("occupation") or "")
        buttons = [button("salary", occupation, title="Was verdient man?"),
                   button("training", occupation, title="Wie läuft die Ausbildung?"), button("compare")]
        return Outcome([Reply(text, buttons)], unanswered=True)

    def asks_fact(self, turn: Turn, asking_only: bool = False) -> bool:
        """Whether a message names a role, a marketing topic, money or a fact the knowledge base holds clearly –
        with `asking_only`, in a question or in a short fragment without an insult ('trottel. kldb von omm.'; not
        'Wer sowas lernt, hat echt kein Selbstwertgefühl.')."""
        addressed = CLOSING_ADDRESS.sub("", turn.text) if asking_only else turn.text
        if addressed != turn.text and INSULT.search(turn.text) and not INSULT.search(addressed) and (
                asks_pay(addressed) or self._topic_met(addressed, self._named_occupations(turn))):
            # 'KldB-Nummer vom Online Marketing Manager, du Schrotthaufen' – the message before the insulting address
            # asks for money or meets a fact clearly (not 'mach mal nen fiesen witz über kauffrauen, du spießer')
            return True
        if asking_only and not asks(turn.text):
            if disputes(turn.text) and self._topic_met(INSULT.sub(" ", turn.text), self._named_occupations(turn),
                                                       CROSS_TOPIC_STRENGTH):
                # a claim a fact line answers ('OMM ist doch kein echter Beruf, gibs zu', 'Dialogmarketing heißt doch
                # nur Leute am Telefon nerven, oder?')
                return True
            # without an insulting word the tone is in what is said about the bot or the asker ('Boah bist du
            # langsam. KldB von OMM. Jetzt.' – but 'Ich hasse Callcenter. Und dich hasse ich auch.' asks nothing)
            tone = _PERSONAL if not INSULT.search(turn.text) else INSULT
            parts = [p for s in sentences(turn.text) for p in _LEAD_IN.split(s)]  # '… Gelaber und sag einfach: KfD …'
            rest = " ".join(p for p in parts if not tone.search(p) and len(p.split()) <= FRAGMENT_WORDS)
            return bool(rest) and rest != turn.text and self.asks_fact(replace(turn, text=rest, entities=[]))
        *said, asked = _LEAD_IN.split(turn.text)
        if asking_only and said and INSULT.search(" ".join(said)) and not INSULT.search(asked) \
                and self._topic_met(asked, self._named_occupations(turn), CROSS_TOPIC_STRENGTH):
            return True  # 'Antworte gefälligst richtig, du Depp: was sind Positionierungsziele?' – after the colon
        return bool(self._named_occupations(turn) or self.kb.topics_in(turn.text) or asks_pay(turn.text)
                    or self._topic_met(turn.text, []))

    def restart(self, turn: Turn) -> Outcome:
        return Outcome([Reply("Alles klar, wir fangen von vorn an. Was möchtest du wissen?",
                              [button("compare"), button("glossary"), button("sources")])])

    def help(self, turn: Turn) -> Outcome:
        if self.kb.topics_in(turn.text) or self._named_occupations(turn) or BOTH.search(turn.text):
            found = self._understood_anyway(turn)  # 'Welche Fragen stellt man sich beim 8. P?', 'Erklär mir beide Berufe'
            if found:
                return found
        if self._hesitates_at_another_subject(turn):  # 'Kannst du mir ein Rezept für Lasagne geben?'
            return self._elsewhere()
        occupations = self.kb.occupations(in_scope=True)
        names = " und ".join(o.name_neutral for o in occupations)
        text = (f"Ich bin der Berufslotse und kenne mich mit {names} aus: Aufgaben, Voraussetzungen, Ausbildung "
                "und Prüfungen, Gehalt und Ausbildungsvergütung, Karriere und Weiterbildung – dazu Begriffe aus dem "
                "Dialog- und Beziehungsmarketing. Frag mich zum Beispiel:\n"
                "• Was verdient man als Berufseinsteiger?\n• Wie viel gibt es im dritten Lehrjahr?\n"
                "• Wie läuft die Abschlussprüfung ab?\n• Welche Weiterbildungen gibt es?\n"
                "• Was ist Beziehungsmarketing?\nDu kannst auch einfach nachfragen, z. B. „Und nach zehn Jahren?“")
        buttons = [button("compare"), button("glossary"), button("sources")]
        return Outcome([Reply(text, buttons)])

    def _hesitates_at_another_subject(self, turn: Turn) -> bool:
        """The classifier's runner-up is another subject, and most of the words asked with are foreign to the
        knowledge base ('Kannst du mir ein Rezept für Lasagne geben?' as help, 'bitcoin kaufen ja oder nein' as yes)."""
        hesitates = any(name == "out_of_scope" and confidence >= RUNNER_UP for name, confidence in turn.ranking[1:2])
        return hesitates and self._mostly_foreign(turn.text)

    def _mostly_foreign(self, text: str) -> bool:
        """At least two, and at least half, of the words asked with occur nowhere in the knowledge base (a number
        says nothing about the subject: 'ein Rezept für Käsespätzle? Für 4 Personen')."""
        asked = [t for t in terms(text) if not t.isdigit()]
        unknown = sum(not self.search.knows(t) for t in asked)
        return unknown >= 2 and 2 * unknown >= len(asked)

    def _foreign_subject(self, turn: Turn) -> bool:
        """A guess short of very sure (or a money guess without a money word) at a message mostly in words the
        knowledge base does not know, which meets none of its facts clearly and leans on no question before ('Erklär
        mir bitte die Photosynthese für meinen Bio-Test', 'iPhone oder Android, was ist besser?', 'Welche Krankenkasse
        ist am günstigsten für Studenten?' – but 'Welche Rollen hat ein Mitarbeiter in einem
        Dienstleistungsunternehmen?' and 'oh sorry, ich meinte das Fachgespräch' are questions here)."""
        money_guess = TOPIC_BY_INTENT.get(turn.intent) in FIGURE_TOPICS and not asks_pay(turn.text)
        if turn.entities or (turn.confidence >= VERY_SURE and not money_guess) or not self._mostly_foreign(turn.text) \
                or not language.GERMAN_WORDS & set(words(turn.text)):  # 'plöm wqxy zzz' is no question at all
            return False
        if continues(turn, earlier_question(turn)) or quoted_figures(self.kb, turn.text):
            # 'oh sorry, ich meinte das Fachgespräch' after the WiSo part's minutes; a figure of the knowledge base
            # quoted ('in so ner übersicht hab ich 27.600 gelesen, was stimmt denn nun')
            return False
        return not self._fact_met(turn.text)

    def out_of_scope(self, turn: Turn, other_role: str | None = None) -> Outcome:
        # another subject in words the knowledge base does not know ('ein gutes Rezept für Lasagne')
        # is not searched for a fact that shares a small word with it – unless it names a role
        # ('Sag mir endlich, was ein KfD verdient, du Vollpfosten')
        named = self.mentioned_occupations(turn)
        # … and a sure guess at another subject that names no role, asks no money and leans on nothing is not
        # searched at all ('ein gutes Restaurant in Berlin-Mitte' is no question about salaries in Berlin)
        sure = turn.confidence >= VERY_SURE and not (self._named_occupations(turn) or asks_pay(turn.text)
                                                     or continues(turn, earlier_question(turn)))
        if other_role is None and not sure and (not self._mostly_foreign(turn.text) or named):
            found = self._understood_anyway(turn)
            if found:
                return found
        return self._elsewhere(other_role or self._other_role(turn))  # 'Zum Beruf „Lehrer“ habe ich …'

    def decline(self, turn: Turn) -> Outcome:
        """A request to make something ('Schreib mir eine Bewerbung als KfD'): the bot informs, it writes nothing."""
        return self._elsewhere(lead="Schreiben oder erstellen kann ich so etwas leider nicht – ich beantworte Fragen. ")

    def _elsewhere(self, other_role: str | None = None, lead: str | None = None) -> Outcome:
        """The honest 'not my subject' with the two roles to choose from."""
        occupations = self.kb.occupations(in_scope=True)
        names = " und ".join(o.name_neutral for o in occupations)
        subject = f"Zum Beruf „{other_role[:1].upper()}{other_role[1:]}“ habe ich" if other_role else "Dazu habe ich"
        text = (lead or f"{subject} leider keine geprüften Informationen – und ich rate lieber nicht. ") \
            + f"Ich kenne mich mit {names} aus und erkläre Begriffe aus dem Dialog- und Beziehungsmarketing." \
            + ("" if lead else " Für andere Berufe hilft dir die Berufsberatung der Agentur für Arbeit weiter.")
        buttons = [button("overview", o, title=f"Was macht man als {o.name_neutral}?") for o in occupations]
        buttons.append(button("glossary"))
        return Outcome([Reply(text, buttons)], unanswered=True)

    def _understood_anyway(self, turn: Turn, strength: float = CROSS_TOPIC_STRENGTH) -> Outcome | None:
        """A message the classifier was unsure about that still names a fact clearly – or, as a
        follow-up, a fact of the previous topic; a gap it asks about is said first."""
        if turn.searched and strength == CROSS_TOPIC_STRENGTH:
            return None
        related = self.kb.resolve_occupation(turn.text)
        if related and not related.in_scope:  # 'Lohnt sich der Betriebswirt nach der KfD-Ausbildung? Vergleich …'
            compared = bool(COMPARISON.search(turn.text))
            beside = self.kb.occupations_in(turn.text) if compared else []
            return self._related_role(related, "career", [], turn.text, beside=beside, compared=compared)
        named = self._named_occupations(turn)
        if not named and BOTH.search(turn.text):  # 'gibts für beide berufe ne richtige lehre oder nur für einen?'
            named = self.kb.occupations(in_scope=True)
        if self._other_role(turn) and not named:
            return None
        whole = self._topic_overview(turn.text)
        if len(named) == 1 and whole and whole not in FIGURE_TOPICS:  # 'Gib mir einen Überblick über die Ausbildung zum KfD'
            return self.answer(replace(turn, intent=TOPICS[whole][0]))
        if len(named) == 1 and self._asks_way_in(turn.text):  # 'Ich bin Fachinformatiker … Wie komme ich da hin?'
            return self.answer(replace(turn, intent="ask_lateral_entry"))
        if len(named) == 1 and self._asks_definition(turn.text):
            # 'Was muss ich über Dialogmarketing als Begriff …' – the term; 'Was heißt OMM?' – the role
            term = self._field_only(turn, turn.text)
            return self.answer(replace(turn, intent="ask_glossary" if term else "ask_overview"))
        if len(named) == 1 and self._asks_profile(turn.text, overview=False):
            return self.answer(replace(turn, intent="ask_overview"))  # 'Überblick zum KfD: Aufgaben, Ausbildung, Gehalt'
        earlier = recall(turn.slots.get("last_topic")) or {}
        topics = [earlier["topic"]] if continues(turn, earlier) else []
        money_stage = set(entity_values(turn.entities, "career_stage")) & MONEY_STAGES
        after_training = self._asks_after_training(turn, earlier_question(turn).get("topic"))  # 'und danach?'
        corrects_pay = bool(topics) and bool(CORRECTION.search(turn.text))
        if (asks_pay(turn.text) and (named or corrects_pay or quoted_figures(self.kb, turn.text))) or money_stage \
                or after_training:
            # 'nein, ich meinte wie viel er VERDIENT' after the working hours – not 'Was verdient ein Pilot?
            # 'Was verdient ein OMM zum Einstieg?', 'und ab wann gehört man zu den oberen 25 Prozent?', a figure the
            # bot knows quoted ('1900 Euro? … Was ist das denn aufs Jahr?')
            return self.answer(replace(turn, intent="ask_salary"))
        if len(named) > 1:  # 'Berufskennziffern von KfD und OMM?' – each role's fact, or the comparison
            return self._per_role(turn, "overview", named, list(turn.entities), turn.text)
        occupation = named[0] if named else self._occupation(turn.slots.get("occupation") or "")
        if topics and topics[0] in FIGURE_TOPICS and any(entity_values(turn.entities, n) for n in FIGURE_ENTITIES):
            return self.answer(turn)  # 'im jahr?' after a salary: the same figures per year
        if topics == ["salary"] and occupation and stages_described(self.kb, turn.text, occupation.id):
            # 'und wenn ich schon als Content Manager gearbeitet hab?' – the figure for people like that
            return self.answer(replace(turn, intent="ask_salary"))
        subjects = [] if named and not self.kb.topics_in(turn.text) else self._named_topics(turn.text)[0]
        gap = self.search.not_covered(turn.text)
        found = self._facts(turn.text, topics, occupation, strength=strength, subjects=subjects,
                            roles_only=bool(named or (topics and occupation)) and not subjects,
                            context=earlier.get("text") if topics else None)
        before = entity_values(earlier.get("entities", []), "glossary_topic")[:1] if topics == ["glossary"] else []
        if not (found.lines or found.broad or subjects) and before and (
                ANAPHOR.search(turn.text) or FOLLOW_UP.match(turn.text) or CORRECTION.search(turn.text)):
            # 'und was hilft (dagegen)?' after the Kundenbindung's common mistake, 'nee, die kanaele meinte ich' after
            # the aim of Dialogmarketing: a point of that marketing topic, or all of it
            subjects = before
            found = self._facts(turn.text, topics, None, strength=strength, subjects=subjects, context=earlier.get("text"))
        lines = found.lines
        if found.broad:
            topic, occupation = found.broad, occupation or self._occupation(found.role or "")
            reply = render(self.kb, topic, ask_of(self.kb, occupation, [], turn.text))
        elif lines:
            topic = lines[0].topic
            occupation = occupation or (self._occupation(lines[0].occupation) if lines[0].occupation else None)
            reply = with_suggestions(self.kb, topic, occupation, fact_reply(lines, occupation, found.related), more=True)
        elif subjects:
            topic = "glossary"
            reply = render(self.kb, topic, ask_of(self.kb, None, [{"entity": "glossary_topic", "value": subjects[0]}], turn.text))
        elif gap:
            return self._gap_only(gap, occupation)
        elif named and not topics and (best := self._best_topic_intent(turn, occupation)):
            # 'welche aufstiegsmöglichkeiten hat man als kauffrau …' – the classifier's best topic, however unsure
            return self.answer(replace(turn, intent=best[0], confidence=best[1]))
        elif named and not topics:  # 'Was muss ich über den Job im Dialogmarketing wissen?' – the role's profile
            topic = "overview"
            reply = with_suggestions(self.kb, topic, occupation, render(self.kb, topic, ask_of(self.kb, occupation, [], turn.text)))
        else:
            return None
        if gap:
            reply.text = f"{self._gap_text(gap)}\n\n{reply.text}"
        # the marketing topic answered stays the subject of a follow-up ('und was hilft?' after its common mistake)
        subject = lines[0].subject if lines else subjects[0] if subjects else None
        kept = [{"entity": "glossary_topic", "value": subject}] if topic == "glossary" and subject else []
        slots: dict[str, Any] = {"last_topic": remember(topic, kept, turn.text), "failed_turns": 0}
        if occupation:
            slots["occupation"] = occupation.id
        return Outcome([reply], slots, unanswered=gap is not None, reason=gap and self._gap_reason(gap))

    def _best_topic_intent(self, turn: Turn, occupation: Occupation | None) -> tuple[str, float] | None:
        """The classifier's best guess among the topic intents; of guesses about as likely, the one whose
        topic holds the fact line that meets the message best ('Aufstiegsmöglichkeiten': career, not tasks)."""
        ranked = [(intent, confidence) for intent, confidence in turn.ranking if intent in TOPIC_BY_INTENT]
        if not ranked:
            return None
        close = [r for r in ranked if r[1] >= ranked[0][1] - TIE]
        hits = self.search.search(turn.text, occupation.id if occupation else None) if len(close) > 1 else []
        best_topic = hits[0].line.topic if hits else None
        return next((r for r in close if TOPIC_BY_INTENT[r[0]] == best_topic), ranked[0])

    def fallback(self, turn: Turn) -> Outcome:
        if not language.looks_like_gibberish(turn.text, self.search.knows):
            found = self._understood_anyway(turn)
            if found:
                return found
            other = self._other_role(turn) if not self.mentioned_occupations(turn) else None
            if other:  # 'Wie sind die Arbeitszeiten als Koch in der Ausbildung?' – understood: another job
                return self._elsewhere(other)
        failed = int(turn.slots.get("failed_turns") or 0) + 1
        if failed >= FAILED_TURNS_BEFORE_HUMAN:
            text = ("Tut mir leid, das habe ich leider immer noch nicht verstanden. Möchtest du lieber mit einem "
                    "Menschen sprechen? Die Berufsberatung der Agentur für Arbeit berät dich persönlich. "
                    "Oder probier eine dieser Fragen:")
        else:
            roles = " und ".join(o.name_neutral for o in self.kb.occupations(in_scope=True))
            # the scope, so a question about something else learns what the bot can answer ('Nvidia-Aktien?')
            text = (f"Das habe ich leider nicht verstanden. Ich beantworte Fragen zu den Berufen {roles}. "
                    "Magst du es anders formulieren? Zum Beispiel:")
        occupation = self._occupation(turn.slots.get("occupation") or "")
        buttons = [button("salary", occupation, title="Was verdient man?"),
                   button("training", occupation, title="Wie läuft die Ausbildung?"),
                   button("compare")]
        return Outcome([Reply(text, buttons)], {"failed_turns": failed}, unanswered=True)

    def affirm(self, turn: Turn) -> Outcome:
        """'Ja' – to the offer of a human adviser after repeated misunderstandings, or to anything else."""
        if self._hesitates_at_another_subject(turn):  # 'bitcoin kaufen ja oder nein'
            return self._elsewhere()
        if int(turn.slots.get("failed_turns") or 0) >= FAILED_TURNS_BEFORE_HUMAN:
            text = ("Gern! Persönlich und kostenlos berät dich die Berufsberatung der Agentur für Arbeit – vor Ort "
                    "oder telefonisch. Sag dort einfach, dass es um Dialogmarketing oder Online Marketing geht.")
            return Outcome([Reply(text, [button("compare"), button("sources")])], {"failed_turns": 0})
        return Outcome([Reply("Schön! Was möchtest du als Nächstes wissen?",
                              [button("salary"), button("training"), button("compare")])])

