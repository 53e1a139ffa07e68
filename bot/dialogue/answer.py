"""Answering a question that `reading.py` has read: where it goes (a career step, a comparison, another job, both
roles), which role it is answered for, and which fact lines or whole topic answer it. Which fact lines:
bot/dialogue/ranking.py; questions about both roles: bot/dialogue/compare.py."""
from __future__ import annotations

from typing import Any

from bot.answers.facts import FactLine
from bot.answers.reply import Reply
from bot.answers.topics import NEEDS_OCCUPATION, render, with_suggestions
from bot.dialogue.compare import COMPARISON, WHICH_MORE
from bot.dialogue.figures import (FRESH_START, MORE_THAN, NO_EXPERIENCE, asker_stages, beyond_training, only_role,
                                  stage_role)
from bot.dialogue.ranking import (CROSS_TOPIC_STRENGTH, DETAIL_STRENGTH, FIGURE_OVERRIDE_STRENGTH, FIGURE_TOPICS,
                                  IN_TOPIC_SHARE, KIN_TOPICS, ONLY_OTHER_TOPICS, SURE, SURE_TOPIC_SHARE, VERY_SURE,
                                  titled_topics)
from bot.dialogue.reading import MONEY_STAGES, Question, Reading
from bot.dialogue.roles import THIS_ONE
from bot.dialogue.several import SeveralQuestions, clauses
from bot.dialogue.turn import (Found, Outcome, Turn, ask_of, entity_values, fact_reply, remember, stage_entities,
                               with_stages)
from bot.kb.models import Occupation
from bot.nlp.vocabulary import (ASKS_WHERE, DAY_AT_WORK, ONLY_THAT, OVERVIEW, SCHOOL_CERTIFICATE, SOURCE_ASKED, WHAT_IS,
                                WHAT_ONE_DOES, WHOLE_DAY, asks_if_study_needed, asks_pay, asks_pay_and_more,
                                asks_which_subject, ordinals_in, stages_named)
from bot.text import asked_sentences, terms

FAILED_TURNS_BEFORE_HUMAN = 2
_YEAR_TERMS = frozenset(terms("Lehrjahr Ausbildungsjahr Jahr"))  # what training years compared meet of any line
# 'Bin ich hier mit einem Menschen verbunden?' is about the bot unless the classifier was unsure (below
# SURE) and a fact matches very strongly ('Welche Rollen hat ein Mitarbeiter …?').
BOT_CHALLENGE_STRENGTH = 6.0
# A marketing line met outside the topic or role a sure glossary question names must match this much more strongly
# than the line found inside and than a detail must ('Deutsche Bahn', 'Momente der Wahrheit', not 'warum wichtig').
CLEARLY_STRONGER = 1.5


class Answering(Reading, SeveralQuestions):
    """The knowledge-base answers of `Dialogue` (action_answer)."""

    def answer(self, turn: Turn) -> Outcome:
        """The answer to a question: each of several questions in one message, or the one question read from it –
        routed elsewhere, settled on its role, then answered with the fact lines or the whole topic it asks for."""
        several = self._answer_each(turn)
        if several:  # 'was verdient man als KfD nach der Ausbildung und wie lange dauert die Ausbildung?'
            return several
        q = self._read(turn)
        q.gap = self.search.not_covered(turn.text)
        if q.way_in and q.gap and not self.search.not_covered(q.asking):
            q.gap = None  # '… aber die Schichten killen mich. Wäre Dialogmarketing was?' – the past, not the question
        up_or_study = self._step_up_or_study(q.entities, q.text) if not (q.follow_up or q.reasked) else None
        up = self._ways_up(q.mentioned[0], q.entities, q.text) \
            if len(q.mentioned) == 1 and q.topic == "career" and not asks_pay(q.text) else None
        return up_or_study or up or self._about_career_step(q) or self._compared(q) or self._for_role(q) \
            or self._respond(q)

    def _about_career_step(self, q: Question) -> Outcome | None:
        """The answer about a job known only as a career step ('Was verdient ein Teamleiter im Callcenter?')."""
        turn = q.turn
        related = self.kb.resolve_occupation(turn.text)  # spelled loosely ('Betriebswirte im Callcentermanagement')
        q.steps = self._steps_in(turn.text) or ([related] if related and not related.in_scope else []) \
            or (self._step_roles(turn.text) if "median" in q.stages else [])  # 'Teamleiterin – laut Arbeitsagentur?'
        if not q.steps and not q.mentioned and (q.follow_up or q.reasked) \
                and (q.topic in (*FIGURE_TOPICS, "sources", "overview") or THIS_ONE.search(turn.text)):
            # 'und das oberste Quartil?', 'welcher KldB-Code ist das?' after the Betriebswirt's median; 'Welche
            # KldB-Kennziffer hat dieser Weiterbildungsabschluss?' after the way to Teamleiter (via the Betriebswirt)
            said = q.earlier.get("text") or ""
            # … and 'und was verdient man dann so laut Arbeitsagentur?' after the way to Teamleiter
            q.steps = self._steps_in(said) or (
                self._step_roles(said) if THIS_ONE.search(turn.text) or "median" in q.stages else [])
        elif not q.steps and not q.mentioned and (q.follow_up or q.reasked):
            q.steps = self._pointed_back(turn.text)  # 'dieser Betriebswirt'
        compares = bool(COMPARISON.search(turn.text))
        compared = compares or "median" in q.stages
        if q.steps and not q.after_training and (compared or not self.mentioned_occupations(turn)):
            # 'Wie viel mehr verdient ein Betriebswirt Callcentermanagement als ein KfD laut Entgeltatlas?' – both;
            # 'Kriege ich Aufstiegs-BAföG für den Betriebswirt …?' – the gap first
            # beside it the roles named – by their field only when compared ('Spezialisten im Dialogmarketing –
            # Median laut BA?' names the statistics' group, not the KfD)
            titled = self.mentioned_occupations(turn)
            beside = [r for r in q.mentioned if compares or r in titled] if compared else []
            return self._after_gap(self._related_role(q.steps[0], q.topic, q.entities, q.text, beside=beside,
                                                      compared=compares), q.gap)
        step = self.kb.career_step_named(turn.text) if q.topic in FIGURE_TOPICS and not compared else None
        if step is None and q.topic in FIGURE_TOPICS and q.follow_up and q.earlier_topic == "career" \
                and not q.mentioned and not compared:
            step = self.kb.career_step_named(q.earlier.get("text") or "")  # 'und was verdient man dann?' after Teamleiter
        if step and not q.quoted:
            return self._step_pay(step, q.topic, q.entities, q.text)  # 'Was verdient ein Teamleiter im Callcenter?'
        return None

    def _compared(self, q: Question) -> Outcome | None:
        """The answer when the question compares, or names two jobs the bot does not know, or both roles; settles a
        comparison within one role and a marketing term named."""
        turn = q.turn
        if q.topic == "training_pay" and entity_values(q.entities, "start_year") and not q.mentioned \
                and not turn.slots.get("occupation"):
            q.topic = "minimum_pay"  # a start year without a role only decides the legal floor
        # 'Macht es beim Einstieg als OMM einen Unterschied, ob ich vorher Content Manager war?' – the entry beside the
        # stage of people like that
        beside = asker_stages(self.kb, turn.text, q.mentioned[0].id) - q.stages \
            if q.topic == "compare" and len(q.mentioned) == 1 and q.stages and COMPARISON.search(turn.text) else set()
        compared_stages = len(q.stages | beside) + bool(entity_values(q.entities, "years_experience"))
        if q.topic == "compare" and len(q.mentioned) == 1 and compared_stages > 1:
            # 'OMM: Einstieg im Vergleich zu nach 10 Jahren Berufserfahrung?' – one role's pay at two stages
            q.stages, q.entities = q.stages | beside, [*q.entities, *stage_entities(beside)]
            trained = "apprenticeship" in q.stages and bool(self.kb.training(q.mentioned[0].id).training)
            q.topic = "training_pay" if trained else "salary"
        if q.topic == "compare" and len(q.mentioned) == 1 and (
                not COMPARISON.search(turn.text) or (not asks_pay(q.text) and (
                    self._compared_lines(q.text, q.mentioned[0]) or len(ordinals_in(q.text)) > 1))):
            # 'Welche Berufskennziffer hat der OMM?' compares nothing; 'Was ist beim OMM der Unterschied zwischen SEO
            # und SEA?' compares two facts of one role, 'Unterschied erstes und drittes Lehrjahr KfD: wo ist man
            # jeweils?' two of its training years – and 'OMM Einstieg pro Jahr?' a figure per period
            q.topic = "salary" if q.per_period and not COMPARISON.search(turn.text) else "overview"
        # a named topic narrows the search – unless a role is named too and the classifier did not
        # surely call it a glossary question ('Wie läuft der Kundenkontakt bei Kaufleuten für Dialogmarketing?'), or
        # the question names a topic of the role by its title ('Was lernt man in der Ausbildung zum KfD über
        # Kundenbindung?' – the training)
        surely_glossary = q.topic == "glossary" and turn.confidence >= SURE \
            and not (q.mentioned and titled_topics(q.asked))
        q.subjects = self._named_topics(q.text)[0] if not q.mentioned or surely_glossary else []
        if q.subjects and q.topic == "compare":
            q.topic = "glossary"  # 'Zu welchem der 8 Ps gehört Verkaufsförderung?'
        elif len(q.mentioned) == 1 and self._field_only(turn, q.text) and (
                (q.topic == "compare" and not self._compares_role_facts(q.text, q.mentioned[0]))
                or (self._defines(q.text) if q.topic == "glossary" else self._asks_definition(q.text))):
            # 'Unterschied zwischen Dialogmarketing und Massenwerbung?', 'Den Begriff Dialogmarketing erklären?' –
            # the marketing term, not the role of that field (first among other questions only when the classifier
            # took it for a marketing term)
            q.topic, q.subjects, q.mentioned = "glossary", self._named_topics(q.text)[1], []
        compared = self._terms_compared(turn, q.entities, q.text) if q.topic in ("glossary", "compare") else \
            self._ways_compared(turn, q.entities, q.text) if not (q.follow_up or q.reasked) else None
        if compared:
            return compared

        other = self._other_role(turn) if q.topic == "compare" and not (q.mentioned or q.subjects or q.steps) else None
        if other:  # 'Was ist besser bezahlt, Erzieher oder Sozialarbeiter?' – two jobs the bot does not know
            return self.out_of_scope(turn, other)
        if q.topic == "compare" or (len(q.mentioned) > 1 and q.topic not in ("glossary", "sources", "minimum_pay")):
            if q.gap and not asks_pay(q.text):  # 'Wer hat mehr Urlaub, KfD oder OMM?' – not the comparison table
                reply = with_suggestions(self.kb, "compare", None, Reply(self._gap_text(q.gap)))
                return Outcome([reply], {"pending_topic": None}, unanswered=True, reason=self._gap_reason(q.gap))
            roles = q.mentioned if len(q.mentioned) > 1 else self.kb.occupations(in_scope=True)
            return self._after_gap(self._per_role(turn, q.topic, roles, q.entities, q.text), q.gap)
        return None

    def _for_role(self, q: Question) -> Outcome | None:
        """Settles the role answered for; the answer when that leads elsewhere (another job, the statistics of
        every role, a training year beyond the training)."""
        turn = q.turn
        q.occupation = q.mentioned[0] if q.mentioned else None
        if q.occupation is None and q.topic in NEEDS_OCCUPATION and not q.reasked:
            other = self._other_role(turn)
            if other:
                return self.out_of_scope(turn, other)
        # 'Scheiß Ausbildung ehrlich. Was kriegt man da im ersten Jahr?' – a training year's pay is the training's
        paid_stages = q.stages or ({"apprenticeship"} if q.topic == "training_pay"
                                 and entity_values(q.entities, "training_year") else set())
        q.occupation = q.occupation or self._occupation(turn.slots.get("occupation") or "") \
            or (stage_role(self.kb, paid_stages) if q.topic in ("salary", "training_pay") and asks_pay(turn.text)
                else None) \
            or (only_role(self.kb, lambda o: bool(self.kb.exams(o.id))) if q.topic == "exam" else None)
        # 'Wie viele Teile hat die Abschlussprüfung?' – the one role with exams ('koch ausbildung wieviel kohle im 1.
        # lehrjahr' is another job, out of scope above)
        if q.topic == "training_pay" and q.occupation and not self.kb.training(q.occupation.id).training \
                and not (q.stages | stages_named(turn.text)) & {"apprenticeship", "minimum_training_pay"} \
                and not entity_values(q.entities, "training_year"):
            q.topic = "salary"  # 'Kann man als OMM 80.000 im Jahr verdienen?' – no training asked, none to pay
        if q.occupation is None and q.topic == "salary" and "median" in q.stages:
            if q.gap and not asks_pay(q.text):  # 'wie alt sind die azubis da so im schnitt?' – no statistics asked
                return self._gap_only(q.gap, None)
            # the statistics exist for every role: 'Wie alt sind die Zahlen vom Entgeltatlas?' gets both
            return self._per_role(turn, q.topic, self.kb.occupations(in_scope=True), q.entities, q.text)
        described = asker_stages(self.kb, turn.text, q.occupation.id) if q.topic == "salary" and q.occupation else set()
        new = described - q.stages  # stages the asker describes beside those the message names
        # '… mehr als jemand, der ganz frisch anfängt?', '… im Vergleich zu einem ohne Vorerfahrung?' – both sides, the
        # plain entry beside the trainee's – also when it sets itself against the experienced entry asked before ('ich
        # meinte ohne Erfahrung' after 'mit 42.000 einsteigen?')
        starts = FRESH_START.search(turn.text) or NO_EXPERIENCE.search(turn.text)
        contrasted = starts and (MORE_THAN.search(turn.text) or COMPARISON.search(turn.text) or
                                 "entry_experienced" in entity_values(q.earlier.get("entities") or [], "career_stage"))
        fresh = {"entry"} if contrasted else set()
        if new and q.stages <= {"entry"}:
            # 'als Content Manager gearbeitet – Einstiegsgehalt?' is a narrower entry (not 'OMM nach 10 Jahren vs.
            # Berufseinstieg', which names the entry itself)
            # 'Ich war drei Jahre Social Media Managerin …' – the years were spent in that other job
            q.entities = with_stages(q.entities, described | fresh, replacing=("career_stage", "years_experience"))
            q.figures_named = True
        elif (new or q.stages) and COMPARISON.search(turn.text):
            # 'OMM-Trainee vs. jemand, der schon als Content Manager gearbeitet hat', 'lieber als Trainee oder direkt
            # als Manager? … Unterschied beim Geld': both stages
            q.entities += stage_entities(new | (fresh - q.stages))
        beyond = beyond_training(self.kb, q.occupation, q.entities)
        q.length = next(iter(beyond.values()), None)  # what the training's length says instead
        if q.length and q.floor and q.topic in FIGURE_TOPICS:
            # 'kfd dauert doch nur 3 jahre oder? trotzdem: was wäre die mindestvergütung im 4. jahr bei start 2025' –
            # the legal floor has that year, for longer trainings
            q.topic = "minimum_pay"
        elif q.length:  # 'Gibt es beim KfD ein viertes Ausbildungsjahr?', 'und im vierten Jahr?' after the training pay
            q.entities = [e for e in q.entities if not (e.get("entity") == "training_year" and e.get("value") in beyond)]
            if q.topic not in FIGURE_TOPICS:
                reply = with_suggestions(self.kb, "training", q.occupation, Reply(q.length))
                return Outcome([reply], {"last_topic": remember("training", q.entities, q.text), "pending_topic": None,
                                         "occupation": q.occupation.id})
        return None

    def _respond(self, q: Question) -> Outcome:
        """The fact lines a question asks for – or the whole topic – worded for the role, with any gap beside them."""
        turn = q.turn
        order = [q.earlier_topic, q.topic] if q.follow_up else [q.topic, KIN_TOPICS.get(q.topic), q.earlier_topic]
        pay = self._asks_money(q)
        # a topic with a table of its own that has no row for this role: a line of another topic must
        # match strongly to replace the honest 'keine Angabe' ('Spielt die Stimme eine Rolle, wenn man … arbeitet?')
        unknown = q.topic == "working_hours" and q.occupation is not None \
            and self.kb.working_hours(q.occupation.id) is None
        # the topic's own words ('Stunden pro Woche') never make it a question about something else
        query = self.search.without_topic_words(q.text, q.topic) if unknown else q.text
        query = self._without_overview_request(query)
        defined = self._whole_topic_asked(q, pay)
        def facts(question: str) -> Found:
            return self._facts(question, order, q.occupation, figure=q.topic in FIGURE_TOPICS and pay,
                               strength=FIGURE_OVERRIDE_STRENGTH if unknown else CROSS_TOPIC_STRENGTH,
                               roles_only=bool(q.mentioned or (q.follow_up and q.occupation)) and not q.subjects,
                               subjects=q.subjects,
                               context=q.earlier.get("text") if q.follow_up and q.earlier_topic not in FIGURE_TOPICS
                               else None,
                               share=SURE_TOPIC_SHARE if turn.confidence >= VERY_SURE else IN_TOPIC_SHARE)
        found = Found() if (q.topic in FIGURE_TOPICS and q.figures_named and pay) or defined else facts(query)
        if q.topic in FIGURE_TOPICS and pay and q.asked != q.text and (found.broad or (
                found.lines and found.lines[0].occupation and not self._meets(q.asked, found.lines[0], q.occupation))):
            # 'Ich studiere BWL. Was verdient man als OMM?' – what the asker says of themselves asks no study topic
            found = facts(q.asked)
        if q.topic == "glossary" and turn.confidence >= SURE and (q.subjects or q.mentioned) and not defined:
            # 'Was war das Beispiel mit der Deutschen Bahn beim Kundenmanagement?', '… Bahn und dem Kundenservice?' – a
            # marketing line met clearly beyond the topic or the role's field the question names
            wider = self._facts(query, [q.topic], None)
            if wider.lines and wider.lines[0].occupation is None and \
                    wider.strength >= CLEARLY_STRONGER * max(DETAIL_STRENGTH, found.strength):
                found = wider
        lines = found.lines
        # 'Zwischenprüfung vs. Abschlussprüfung?' – of the role named, or of the one whose line it met
        owner = q.occupation or (self._occupation(lines[0].occupation or "") if lines else None)
        if owner and q.topic not in FIGURE_TOPICS and (COMPARISON.search(turn.text) or WHICH_MORE.search(turn.text)):
            lines = self._compared_lines(q.text, owner) or lines
        if found.broad:
            q.topic, q.occupation = found.broad, q.occupation or self._occupation(found.role or "")
        if lines and all(line.kind == "summary" for line in lines) and (
                q.topic in ("overview", *FIGURE_TOPICS) or found.strength < DETAIL_STRENGTH):
            # a sentence of the profile met by a common word ('Was macht man so im Digital Marketing den ganzen Tag?')
            # or asked among other things ('Gib mir nen Überblick: was macht man, wie lang ist die Ausbildung, was
            # verdient man?') stands for the whole profile, which holds it
            q.topic, lines = "overview", []
            q.occupation = q.occupation or self._occupation(found.lines[0].occupation or "")
        if q.subjects and not lines:  # 'Was ist Beziehungsmarketing?' – the whole topic
            q.topic, q.entities = "glossary", [*q.entities, {"entity": "glossary_topic", "value": q.subjects[0]}]
        if lines:
            q.topic = lines[0].topic
            q.occupation = q.occupation or (self._occupation(lines[0].occupation) if lines[0].occupation else None)
            reply = with_suggestions(self.kb, q.topic, q.occupation, fact_reply(lines, q.occupation, found.related),
                                     more=True)
            if lines[0].subject and not entity_values(q.entities, "glossary_topic"):
                # remembered for a follow-up ('und das vierte?' after 'Was bedeutet das fünfte davon?')
                q.entities = [*q.entities, {"entity": "glossary_topic", "value": lines[0].subject}]
        elif q.topic in NEEDS_OCCUPATION and q.occupation is None:
            if q.gap:
                return self._gap_only(q.gap, None)
            return self.ask_for_occupation(q.topic, q.entities, q.text)
        else:
            reply = render(self.kb, q.topic, ask_of(self.kb, q.occupation, q.entities, q.text))
            fits = self._what_fits(q.text, q.occupation) if q.way_in and q.occupation else []
            if fits:  # what the career changer says about themselves, then the way in
                reply.text = f"{fact_reply(fits, q.occupation).text}\n\n{reply.text}"
        # 'Brauche ich für die Ausbildung im Dialogmarketing Englischkenntnisse?' – only the OMM's lines say it
        lacking = self._only_other_roles(q.text, q.occupation) \
            if q.occupation and not q.gap and q.topic in ONLY_OTHER_TOPICS and len(q.mentioned) <= 1 else None
        if lacking:
            reply.text = f"{lacking}\n\n{reply.text}"
        if q.gap and ((lines and (found.strength >= DETAIL_STRENGTH or self.search.not_covered(lines[0].text) == q.gap))
                    or (not lines and q.topic in FIGURE_TOPICS and pay)):
            # 'Was verdient ein OMM netto?' – and the gross figures; 'Bonuszahlungen als KfD?' – and the line that names them
            reply.text = f"{self._gap_text(q.gap)}\n\n{reply.text}"
        elif q.gap:  # 'Kann ich als OMM im Homeoffice arbeiten?' – not the career steps the classifier guessed
            said = q.mentioned[0] if q.mentioned else q.current  # the role asked of, not one inferred from the topic
            reply = with_suggestions(self.kb, q.topic, q.occupation, Reply(self._gap_alone(q.gap, said)))
        if q.length:
            reply.text = f"{q.length}\n\n{reply.text}"
        slots: dict[str, Any] = {"last_topic": remember(q.topic, q.entities, q.text), "pending_topic": None,
                                 "failed_turns": 0}
        if q.occupation is not None:
            slots["occupation"] = q.occupation.id
        if unknown and not lines:  # logged for `kb gaps` like a curated gap
            return Outcome([reply], slots, unanswered=True, reason=f"keine Angabe: {q.topic}/{q.occupation.id}")
        reason = self._gap_reason(q.gap) if q.gap else lacking and f"nur beim anderen Beruf: {q.topic}/{q.occupation.id}"
        return Outcome([reply], slots, unanswered=bool(reason), reason=reason)

    def _defines(self, text: str) -> bool:
        """Whether a message asks what a named term is – alone or first among other questions ('Was ist
        Dialogmarketing und über welche Kanäle läuft das?': the whole topic, which holds its channels)."""
        if self._asks_definition(text):
            return True
        asked = asked_sentences(text)
        spans = clauses(asked)
        first = asked[slice(*spans[0])] if len(spans) > 1 else ""
        return bool(WHAT_IS.search(first)) and self._asks_definition(first)

    def _whole_topic_asked(self, q: Question, pay: bool) -> bool:
        """Whether a whole topic is asked rather than its fact lines (a term defined, the bot's sources, a role's
        profile, its training or subjects); sets `q.topic` to that topic."""
        # 'Ich studiere BWL … heute Beziehungsmarketing. Kannst du mir kurz sagen, was das ist?' – the whole topic
        # … or an overview of it ('Gib mir einen Überblick über die 8 Ps')
        defined = (bool(q.subjects) and (self._defines(q.text) or bool(OVERVIEW.search(q.text)))) \
            or q.becoming or q.after_training
        # 'Woher stammen die Zahlen?' asks about the bot's sources, not for a fact that only shares 'woher' with it
        defined = defined or (q.topic == "sources" and q.turn.confidence >= VERY_SURE
                              and not (q.mentioned or q.follow_up) and not self._fact_met(q.text))
        # … as does 'woher hast du das?' after any answer ('woher' met the OMM's background: people from elsewhere)
        defined = defined or (q.topic == "sources" and not q.mentioned and bool(SOURCE_ASKED.search(q.text)))
        whole = self._topic_overview(q.text) if q.occupation and not (pay or q.after_training) else None
        if q.topic == "study" and q.occupation and asks_if_study_needed(q.asked):
            # 'Muss man für KfD studieren?' – the way in: a role with an Ausbildung learns in it, the other's
            # requirements say what is expected instead
            # – or, with a school certificate set against the degree, the requirements ('… oder reicht ein
            # Schulabschluss?')
            trained = self.kb.training(q.occupation.id).training and not SCHOOL_CERTIFICATE.search(q.asked)
            whole = "training" if trained else "requirements"
        elif q.topic in ("study", "tasks", "requirements", "overview", "lateral_entry") and q.occupation \
                and not (pay or q.after_training) and asks_which_subject(q.asked):
            whole = "study"  # 'Was sollte er am besten studieren?' – the subjects, not a requirement naming a Studium
        if q.occupation and q.topic in ("tasks", "overview") and not pay and DAY_AT_WORK.search(q.asked):
            whole = "tasks"  # 'Wie sieht so ein Tag als Kauffrau für Dialogmarketing aus?' – every task
        elif q.occupation and not pay and ((q.topic in ("tasks", "overview") and WHOLE_DAY.search(q.asked))
                                           or (q.topic not in FIGURE_TOPICS and ONLY_THAT.search(q.asked))):
            whole = "overview"  # … or only the one thing people think it is ('Ist KfD nur telefonieren oder mehr?')
        if q.regulated and q.occupation and not pay:
            whole = "training"
        if whole and whole not in FIGURE_TOPICS:
            q.topic, defined = whole, True  # 'Gib mir einen Überblick über die Ausbildung zum KfD' – the whole topic
        elif q.occupation and (q.topic not in FIGURE_TOPICS or self._lists_topics(q.text)) \
                and (self._asks_profile(q.text, q.topic == "overview")
                     or (self._asks_worth(q.text) and not q.follow_up)
                     or (q.topic == "overview" and WHAT_ONE_DOES.search(q.text) and asks_pay_and_more(q.asked))):
            # 'Können Sie mir kurz den Beruf OMM erklären?', 'Lohnt sich die Ausbildung überhaupt?' – the whole
            # profile (not 'für wen lohnt sich das' after the Fachwirt)
            q.topic, defined = "overview", True
        return defined

    def _asks_money(self, q: Question) -> bool:
        """Whether a question asks for a figure: money words, money stages, a quoted figure – also 'und pro Monat?'
        after a figure, a re-asked figure question ('Und nach zehn Jahren?') and stages or training years set side by
        side ('mit vs. ohne Erfahrung?', '1. Lehrjahr vs. 3. Lehrjahr – wie groß ist der Unterschied?', not '… – wo
        lernt man jeweils?') and an Azubi's training year ('azubi kfd 1. jahr?')."""
        if asks_pay(q.text) or q.stages & MONEY_STAGES or q.quoted or q.per_period \
                or (q.floor and q.topic == "minimum_pay") \
                or (q.earlier_topic in FIGURE_TOPICS and (q.follow_up or q.reasked)):
            return True
        years = set(entity_values(q.entities, "training_year"))
        years |= {str(n) for n in ordinals_in(q.text)} if years else set()  # 'zwischen 1. und 3. Lehrjahr'
        if q.topic == "training_pay" and len(years) == 1 and "apprenticeship" in q.stages \
                and not ASKS_WHERE.search(q.asked):
            return self._only_years_met(q, years)  # 'azubi kfd 1. jahr?' – not 'Wo ist man als Azubi im 1. Jahr?'
        if q.topic not in FIGURE_TOPICS or not COMPARISON.search(q.text):
            return False
        if len(q.stages) + len(entity_values(q.entities, "years_experience")) > 1:
            return True
        return len(years) > 1 and not ASKS_WHERE.search(q.asked) and self._only_years_met(q, years)

    def _only_years_met(self, q: Question, years: set[str]) -> bool:
        """Whether the fact line a question meets best meets nothing but the training years it names."""
        hits = self.search.search(q.text, q.occupation.id if q.occupation else None)
        return not (hits and set(hits[0].matched) - _YEAR_TERMS - years)

    def _meets(self, text: str, line: FactLine, occupation: Occupation | None) -> bool:
        """Whether a text alone meets a fact line found for a longer message."""
        return any(h.line.ref == line.ref for h in self.search.search(text, occupation.id if occupation else None))

    def _fact_met(self, text: str) -> bool:
        """Whether a message meets a fact line of any topic clearly."""
        hits = self.search.search(text)
        return bool(hits) and hits[0].strength >= DETAIL_STRENGTH
