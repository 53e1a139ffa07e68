"""Answering a question: which topic and role (named, named by its field, remembered, or asked
back), what stage, year or figure it asks for, and what to remember. Which fact lines it asks for:
bot/dialogue/ranking.py; questions about both roles: bot/dialogue/compare.py."""
from __future__ import annotations

import re
from typing import Any

from bot.answers.base import TOPIC_BY_INTENT
from bot.answers.facts import FactLine
from bot.answers.reply import Reply
from bot.answers.topics import NEEDS_OCCUPATION, render, with_suggestions
from bot.dialogue.compare import COMPARISON, WHICH_MORE, Comparing
from bot.dialogue.figures import (FRESH_START, MORE_THAN, agency_beside, asker_stages, beyond_training, only_role,
                                  quoted_figures, stage_role, stages_described, without_denied_stages)
from bot.dialogue.ranking import (CROSS_TOPIC_STRENGTH, DASH, DETAIL_STRENGTH, FIGURE_OVERRIDE_STRENGTH,
                                  FIGURE_TOPICS, IN_TOPIC_SHARE, ONLY_OTHER_TOPICS, SURE, SURE_TOPIC_SHARE, VERY_SURE)
from bot.dialogue.roles import (CORRECTION, FIGURE_ENTITIES, FOLLOW_UP, INFORM_OCCUPATION, SO_MUCH, STAGE_ENTITIES,
                                THIS_ONE, continues, leans_back)
from bot.dialogue.several import SeveralQuestions
from bot.dialogue.steps import CareerSteps
from bot.dialogue.way_in import WayIn
from bot.dialogue.turn import (Found, Outcome, Turn, ask_of, earlier_question, entity_values, fact_reply, first_int,
                               remember, stage_entities, with_stages)
from bot.kb.models import Occupation
from bot.nlp.vocabulary import (AFTER_THE_TRAINING, BECOME_AFTER_TRAINING, DAY_AT_WORK, FLOOR_DENIED, GUIDE, OVERVIEW,
                                REGULATED_TRAINING, SCHOOL_CERTIFICATE, SOURCE_ASKED, THOUSANDS, WHAT_ONE_DOES,
                                WHOLE_DAY, WHOLE_RANGE, asks_if_study_needed, asks_minimum_pay, asks_pay,
                                asks_pay_and_more, asks_which_subject, compound_stages, long_run_stages, money_stages_in,
                                ordinals_in, stages_named, with_training_year)
from bot.text import asked_sentences, expand_ellipses

FAILED_TURNS_BEFORE_HUMAN = 2
# Topics whose question sentence asks for money only when it is a salary question ('Ich war drei Jahre
# Social Media Managerin und will wechseln. Mit welchem Gehalt kann ich da einsteigen?' – lateral entry; 'Mein Sohn
# studiert Wirtschaftsinformatik … Was kann er zu Beginn verdienen?' – study).
PAY_BLIND_TOPICS = {"lateral_entry", "overview", "study"}
# 'Bin ich hier mit einem Menschen verbunden?' is about the bot unless the classifier was unsure (below
# SURE) and a fact matches very strongly ('Welche Rollen hat ein Mitarbeiter …?').
BOT_CHALLENGE_STRENGTH = 6.0
MONEY_STAGES = {"minimum_training_pay", "median", "top_earners"}  # stages that only ever ask for money
_FLOOR_ENTITIES = {"start_year", "training_year"}  # what picks a legal minimum
WORKING_STAGES = {"entry", "entry_experienced", "experienced", "top_earners", "trainee"}  # after the training


# Both roles asked about without naming them ('für beide Berufe', 'zu den zwei Berufen', 'Welcher Beruf hat …?', 'jeweils').
BOTH = re.compile(r"\b(beide[nr]?|zwei)\s+(berufe|berufen|jobs)\b|\bbeiden?\s*(\?|$|,|\.)|\bwelche[rs]?\s+(beruf|job)\b|"
                  r"\bjeweils\b", re.I)
# After the training, said in a follow-up to its pay ('und danach?', 'und später?').
_AFTERWARDS = re.compile(r"\b(danach|anschlie(ß|ss)end|hinterher|sp(ä|ae)ter|und dann)\b", re.I)
# The role a message wants to become: named in the last words before 'werden'.
_BECOME = re.compile(r"\b(zu\s+)?werden\b", re.I)
BECOME_WINDOW = 5
_EITHER = {"oder", "und", "bzw", "bzw.", "/"}

# Words that set the role named against the one talked about ('im Vergleich zur Kauffrau').
_AGAINST = re.compile(r"vergleich|unterschied|\bvs\b|versus|gegenüber|gegenueber", re.I)


def _without_years_said_before(text: str, asked: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entities without a training year named before the sentences that ask (`asked`: what the asker says of
    themselves comes before)."""
    start = text.find(asked) if asked != text else 0
    return [e for e in entities if not (e.get("entity") == "training_year" and e.get("end") is not None
                                        and e["end"] <= start)]


def _moneyless_guess(turn: Turn) -> str | None:
    """The classifier's best topic that is no figure topic."""
    return next((TOPIC_BY_INTENT[intent] for intent, _ in turn.ranking
                 if TOPIC_BY_INTENT.get(intent) not in (None, *FIGURE_TOPICS)), None)


class Answering(Comparing, CareerSteps, WayIn, SeveralQuestions):
    """The knowledge-base answers of `Dialogue` (action_answer)."""

    # -- turns -------------------------------------------------------------------
    def _topic_met(self, text: str, mentioned: list[Occupation], strength: float = DETAIL_STRENGTH) -> str | None:
        """The topic of the fact line a message meets clearly, when that is no figure topic."""
        hits = self.search.search(text, mentioned[0].id if len(mentioned) == 1 else None)
        if hits and hits[0].strength >= strength and hits[0].line.topic not in FIGURE_TOPICS:
            return hits[0].line.topic
        return None

    def _fact_met(self, text: str) -> bool:
        """Whether a message meets a fact line of any topic clearly."""
        hits = self.search.search(text)
        return bool(hits) and hits[0].strength >= DETAIL_STRENGTH

    def answer(self, turn: Turn) -> Outcome:
        several = self._answer_each(turn)
        if several:  # 'was verdient man als KfD nach der Ausbildung und wie lange dauert die Ausbildung?'
            return several
        entities, text = list(turn.entities), expand_ellipses(turn.text, self.search.knows)  # 'Zwischen- und Abschluss…'
        earlier = earlier_question(turn)
        earlier_topic = earlier.get("topic")
        mentioned = self._named_occupations(turn)
        if not mentioned and BOTH.search(turn.text) and len(entity_values(entities, "start_year")) < 2:
            # 'Braucht man für beide Berufe Abitur?' – not 'jeweils' of two start years ('2025 oder 2026 – … jeweils')
            mentioned = self.kb.occupations(in_scope=True)
        if len(mentioned) > 1 and not COMPARISON.search(turn.text):
            mentioned = self._becoming(turn.text) or mentioned  # 'nach der Ausbildung zum KfD OMM werden?'
        current = self._occupation(turn.slots.get("occupation") or "")
        if len(mentioned) == 1 and current and current != mentioned[0] and _AGAINST.search(turn.text):
            mentioned = [current, mentioned[0]]  # 'wie viel ist das im Vergleich zur Kauffrau?' after the OMM
        chosen = [] if mentioned else self._chosen_roles(turn)  # 'dialog', 'beide bitte' after 'Um welchen Beruf …?'
        mentioned = mentioned or chosen
        reasked = bool(chosen) or (self._names_role_only(turn, mentioned)
                                   and (earlier_topic is not None or turn.intent == INFORM_OCCUPATION))
        if reasked:
            # 'Kauffrau', 'nein, ich meinte den OMM', 'Und als Kaufmann?': the question asked before
            # (pending) or the last one answered, now for this occupation
            topic = earlier_topic or "overview"
            kinds = {e.get("entity") for e in entities}
            if kinds & STAGE_ENTITIES:  # 'nein, ich meinte als Trainee' replaces 'nach 10 Jahren'
                kinds |= STAGE_ENTITIES
            entities += [e for e in earlier.get("entities", []) if e.get("entity") not in kinds]
            text = earlier.get("text") or ""
            year = first_int(entity_values(turn.entities, "training_year"), 1, 9)
            if year:  # 'äh ich wollte eigentlich wissen wie das im ersten jahr ist' after the third year's place
                text = with_training_year(text, year)
        else:
            topic = TOPIC_BY_INTENT.get(turn.intent, "overview")  # a role named with a question of its own
        # 'Was kann man nach der Ausbildung zum KfD noch werden?' – the whole career, not a line that names the training
        after_training = topic in ("training", "overview", "career", "study") \
            and bool(BECOME_AFTER_TRAINING.search(text))
        if after_training:
            topic = "career"
        asked = asked_sentences(text)  # what the message asks, without what it says about the asker
        regulated = not reasked and bool(REGULATED_TRAINING.search(asked))
        if regulated:
            topic = "training"  # whether the role has a regulated training: the training (or what the role has instead)
        # 'oh, ich fange ja 2025 an, nicht 2024' after the legal minimum: the classifier's guess has no topic of its own
        # – nor has an unsure one ('hoppla, meine ausbildung hat doch erst 2025 angefangen')
        # … nor has a sure guess at a message that names only a period after a figure ('Moment, ich brauch es
        # jährlich für den Antrag' after the salary per month)
        figure_only = earlier_topic in FIGURE_TOPICS and {e.get("entity") for e in entities} == {"period"}
        # … nor has a correction that names only another year or stage of that figure ('Quatsch, die Ausbildung dauert
        # ja nur 3 Jahre – also das dritte Jahr bitte' after the legal minimum in the fourth)
        # – also for another role ('Entschuldigung, er macht eine Ausbildung als KfD und ist im zweiten Lehrjahr.')
        # … or that says why before a dash ('ach, die Ausbildung dauert ja nur 3 Jahre – dann im dritten bitte')
        figure_only = figure_only or (
            earlier_topic in FIGURE_TOPICS and any(entity_values(entities, n) for n in FIGURE_ENTITIES)
            and bool(CORRECTION.search(turn.text) or FOLLOW_UP.match(DASH.split(turn.text)[-1])))
        follow_up = not reasked and not turn.restated and earlier_topic is not None and (
            leans_back(turn) or figure_only if turn.intent in TOPIC_BY_INTENT and turn.confidence >= SURE
            else continues(turn, earlier))
        if follow_up and turn.intent == INFORM_OCCUPATION and not mentioned:
            topic = earlier_topic  # 'und wofür ist die gut' after the interim exam names no role: the topic before
        if follow_up and self._asks_after_training(turn, earlier_topic) and not entity_values(entities, "career_stage"):
            topic, entities = "salary", [*entities, *stage_entities({"entry"})]  # 'und danach?' after the training pay
        figures_named = any(entity_values(entities, name) for name in FIGURE_ENTITIES)
        if follow_up and earlier_topic in FIGURE_TOPICS and (figures_named or earlier_topic == "minimum_pay"
                                                             or asks_pay(turn.text)) \
                and (topic not in FIGURE_TOPICS or earlier_topic == "minimum_pay"):
            topic = earlier_topic  # "und bei Start 2024?" after the minimum pay, 'wo bekommt man so viel?' after a salary
            if SO_MUCH.search(turn.text) and not {e.get("entity") for e in entities} & STAGE_ENTITIES:
                entities += [e for e in earlier.get("entities", []) if e.get("entity") in STAGE_ENTITIES]  # that amount
            if topic == "minimum_pay":  # the start year or training year said before stays ('und das dritte Jahr?')
                kinds = {e.get("entity") for e in entities}
                entities += [e for e in earlier.get("entities", []) if e.get("entity") in _FLOOR_ENTITIES - kinds]
                if FLOOR_DENIED.search(turn.text):  # 'nicht die gesetzliche – was man tatsächlich bekommt'
                    topic = "training_pay"
        if follow_up and earlier_topic in FIGURE_TOPICS and {e.get("entity") for e in entities} == {"period"}:
            # 'und im Jahr?' after the median or the entry pay: the same figures per year
            topic = earlier_topic
            entities += [e for e in earlier.get("entities", []) if e.get("entity") != "period"]
        asked_of = mentioned[0] if len(mentioned) == 1 else current
        if follow_up and earlier_topic == "salary" and topic not in FIGURE_TOPICS and asked_of \
                and stages_described(self.kb, turn.text, asked_of.id):
            topic = "salary"  # 'und wenn ich schon als Content Manager gearbeitet hab?' – the figure for people like that
        entities = without_denied_stages(turn.text, entities)  # 'ohne Erfahrung', 'nicht mehr Azubi'
        asking = asked_sentences(turn.text)  # this message's sentences that ask (`asked` may be the earlier question's)
        stages = set(entity_values(entities, "career_stage")) | money_stages_in(turn.text)  # 'Entgeltatlas-Zahlen'
        if not stages and not entity_values(entities, "training_year") and asks_pay(turn.text) \
                and AFTER_THE_TRAINING.search(turn.text):
            # '… jetzt überleg ich die ausbildung kfd. was verdien ich dann danach'
            stages, entities = {"entry"}, [*entities, *stage_entities({"entry"})]
        if stages & WORKING_STAGES and not reasked:
            # 'Ich bin im 2. Jahr. Was kann ich danach verdienen, wenn ich ausgelernt bin?' – the year the asker is in
            entities = _without_years_said_before(turn.text, asking, entities)
        if "median" in stages and topic not in FIGURE_TOPICS and agency_beside(turn.text):
            # 'Die Arbeitsagentur hat Online Marketing erwähnt. Wie komme ich da rein?' – no statistics asked
            stages.discard("median")
            entities = [e for e in entities if (e.get("entity"), e.get("value")) != ("career_stage", "median")]
        if asks_pay(turn.text):  # 'OMM-Trainee und jemand mit Erfahrung als Content Manager', 'langfristig'
            stages |= compound_stages(turn.text) | long_run_stages(turn.text)
        named_stages = set(entity_values(entities, "career_stage"))
        entities += stage_entities(stages - named_stages)
        if len(mentioned) == 1 and asks_pay(turn.text) and WHOLE_RANGE.search(turn.text) and "median" not in stages:
            # 'OMM gehalt komplett, von anfang bis ganz oben' – every stage: the training's pay and the entry after it,
            # or a role's whole salary overview (not 'alle Gehaltsdaten der Arbeitsagentur': the statistics)
            trained = bool(self.kb.training(mentioned[0].id).training)
            stages = {"apprenticeship", "entry"} if trained else set()
            entities = with_stages(entities, stages, replacing=STAGE_ENTITIES)
            topic = "training_pay" if trained else "salary"
        figures_named = figures_named or bool(stages) or bool(THOUSANDS.search(turn.text))  # 'Sind 90k realistisch?'
        quoted = quoted_figures(self.kb, turn.text, [o.id for o in mentioned])
        # the guide's figures set against the statistics ('omm gehalt: was sagt der ratgeber und was sagt der
        # entgeltatlas?', 'entgeltatlas median gegen die 96k aus dem ratgeber'): the guide's – a figure quoted
        # from it, or all of them – which come with the statistics beside them
        guide = "median" in stages and bool(GUIDE.search(turn.text))
        if guide and not quoted and stages == {"median"}:
            stages, entities = set(), with_stages(entities, set())
        if quoted:  # 'Stimmt es, dass man als OMM mit 27.600 einsteigt?' – a question about that figure
            if not stages or guide:
                stages |= {f.stage for f in quoted}
                entities += stage_entities({f.stage for f in quoted})
            figures_named = True
            if topic not in FIGURE_TOPICS:
                topic = "training_pay" if stages == {"apprenticeship"} else "salary"
            if not mentioned and len({f.occupation for f in quoted}) == 1:
                mentioned = [self._occupation(quoted[0].occupation)]
        per_period = bool(stages) and bool(entity_values(entities, "period"))  # 'bei einem Trainee aufs Jahr gerechnet'
        # 'nach oben' in a sure career question ('Wie komme ich als OMM weiter nach oben?') is no money stage
        stage_word_only = topic == "career" and turn.confidence >= SURE and not asks_pay(turn.text) \
            and not money_stages_in(turn.text)
        # 'Erzähl mal was über den Beruf OMM – was macht der und was verdient der am Anfang?' – the profile, which
        # holds the entry pay
        profile_with_pay = topic == "overview" and stages <= {"entry"} and asks_pay_and_more(asking)
        if topic not in FIGURE_TOPICS and topic != "compare" and not profile_with_pay and (
                (stages & MONEY_STAGES and not stage_word_only) or (figures_named and asks_pay(turn.text))
                or (topic in PAY_BLIND_TOPICS and asks_pay(asking)
                    and not (topic == "overview" and asks_pay_and_more(asking)))
                or per_period):
            topic = "salary"  # a money question the classifier put elsewhere
        if topic == "training_pay" and stages & WORKING_STAGES and not stages & {"apprenticeship"} \
                and not entity_values(entities, "training_year"):
            topic = "salary"  # 'Was verdient man, wenn man die Ausbildung fertig hat?' – after the training
        statistics_before = "median" in entity_values(earlier.get("entities", []), "career_stage")
        if follow_up and statistics_before and stages == {"apprenticeship"} and not asks_pay(turn.text) \
                and not entity_values(entities, "training_year"):
            # 'sind da die azubis mit eingerechnet?' after the statistics asks about them, not for the training pay
            stages = {"median"}
            entities = with_stages(entities, stages)
        if topic == "training_pay" and "median" in stages and not entity_values(entities, "training_year"):
            topic = "salary"  # 'Sind in den Zahlen der Arbeitsagentur die Azubis mit drin?' – the statistics
        becoming = False
        if topic in FIGURE_TOPICS and not reasked and not asks_pay(text) and not stages & MONEY_STAGES and not quoted \
                and not entity_values(entities, "training_year") and self._becoming(asked):
            # 'Kann ich nach zehn Jahren als Grafikdesignerin noch OMM werden?' – no money asked: the whole way in,
            # not a fact that shares a word with the asker's own job
            topic, becoming = "lateral_entry", True
        way_in = not (becoming or reasked or follow_up or quoted or stages or asks_pay(text)) and self._asks_way_in(text)
        if way_in:
            topic, becoming = "lateral_entry", True  # 'Ich bin Fachinformatiker … Wie komme ich da hin?' – the way in
            if not mentioned and not current:
                mentioned = self._way_in_role(text)
        if topic in FIGURE_TOPICS and follow_up and earlier_topic not in FIGURE_TOPICS and turn.confidence < SURE \
                and not (asks_pay(text) or stages or quoted or entity_values(entities, "training_year")):
            topic = earlier_topic  # an unsure money guess without a money word: 'für wen lohnt sich das' after the Fachwirt
        if topic in FIGURE_TOPICS and not (becoming or reasked or follow_up or asks_pay(text) or stages or quoted) \
                and not entity_values(entities, "training_year"):
            # a money guess without a money word: the topic of a fact the message meets clearly ('Was für Zahlen
            # messen diese Spinner?' – the KPIs)
            # – or, when the classifier was unsure, its best guess without money ('Was ist das Besondere an der Rolle
            # OMM?': the tasks, which lead with the role's summary)
            topic = self._topic_met(text, mentioned) or (turn.confidence < SURE and _moneyless_guess(turn)) or topic
        pay_context = follow_up and earlier_topic in ("salary", "training_pay")  # 'und das gesetzliche Minimum?'
        floor = "minimum_training_pay" in stages or asks_minimum_pay(turn.text, pay_context)
        # whatever the topic classified ('Start 2024, 3. Lehrjahr: was muss der Betrieb laut Gesetz mindestens geben?')
        if topic in ("salary", "training_pay", "compare") or pay_context or floor:
            # a quoted salary figure is no legal floor ('27.600 als Untergrenze beim OMM-Einstieg')
            if "minimum_training_pay" in stages or (floor and not quoted):
                # the legal floor is the same for every role; a role with an Ausbildung named beside it
                # gets its own training pay with the floor of its start year ('im Dialogmarketing im
                # 3. Jahr normalerweise – und das gesetzliche Minimum?')
                trained = [o for o in mentioned if self.kb.training(o.id).training]
                topic = "training_pay" if len(trained) == 1 and topic != "compare" else "minimum_pay"
        related = self.kb.resolve_occupation(turn.text)  # spelled loosely ('Betriebswirte im Callcentermanagement')
        steps = self._steps_in(turn.text) or ([related] if related and not related.in_scope else []) \
            or (self._step_roles(turn.text) if "median" in stages else [])  # 'Teamleiterin – laut Arbeitsagentur?'
        if not steps and not mentioned and (follow_up or reasked) and (topic in (*FIGURE_TOPICS, "sources", "overview")
                                                                     or THIS_ONE.search(turn.text)):
            # 'und das oberste Quartil?', 'welcher KldB-Code ist das?' after the Betriebswirt's median; 'Welche
            # KldB-Kennziffer hat dieser Weiterbildungsabschluss?' after the way to Teamleiter (via the Betriebswirt)
            said = earlier.get("text") or ""
            # … and 'und was verdient man dann so laut Arbeitsagentur?' after the way to Teamleiter
            steps = self._steps_in(said) or (self._step_roles(said) if THIS_ONE.search(turn.text) or "median" in stages
                                             else [])
        compared = bool(COMPARISON.search(turn.text)) or "median" in stages
        gap = self.search.not_covered(turn.text)
        if way_in and gap and not self.search.not_covered(asking):
            gap = None  # '… aber die Schichten killen mich. Wäre Dialogmarketing was?' – the past, not the question
        if steps and not after_training and (compared or not self.mentioned_occupations(turn)):
            # 'Wie viel mehr verdient ein Betriebswirt Callcentermanagement als ein KfD laut Entgeltatlas?' – both;
            # 'Kriege ich Aufstiegs-BAföG für den Betriebswirt …?' – the gap first
            return self._after_gap(self._related_role(steps[0], topic, entities, text,
                                                      beside=mentioned if compared else []), gap)
        step = self.kb.career_step_named(turn.text) if topic in FIGURE_TOPICS and not compared else None
        if step is None and topic in FIGURE_TOPICS and follow_up and earlier_topic == "career" and not mentioned \
                and not compared:
            step = self.kb.career_step_named(earlier.get("text") or "")  # 'und was verdient man dann?' after Teamleiter
        if step and not quoted:
            return self._step_pay(step, topic, entities, text)  # 'Was verdient ein Teamleiter im Callcenter?'
        if topic == "training_pay" and entity_values(entities, "start_year") and not mentioned \
                and not turn.slots.get("occupation"):
            topic = "minimum_pay"  # a start year without a role only decides the legal floor
        # 'Macht es beim Einstieg als OMM einen Unterschied, ob ich vorher Content Manager war?' – the entry beside the
        # stage of people like that
        beside = asker_stages(self.kb, turn.text, mentioned[0].id) - stages \
            if topic == "compare" and len(mentioned) == 1 and stages and COMPARISON.search(turn.text) else set()
        compared_stages = len(stages | beside) + bool(entity_values(entities, "years_experience"))
        if topic == "compare" and len(mentioned) == 1 and compared_stages > 1:
            # 'OMM: Einstieg im Vergleich zu nach 10 Jahren Berufserfahrung?' – one role's pay at two stages
            stages, entities = stages | beside, [*entities, *stage_entities(beside)]
            trained = "apprenticeship" in stages and bool(self.kb.training(mentioned[0].id).training)
            topic = "training_pay" if trained else "salary"
        if topic == "compare" and len(mentioned) == 1 and (
                not COMPARISON.search(turn.text) or (not asks_pay(text) and (
                    self._compared_lines(text, mentioned[0]) or len(ordinals_in(text)) > 1))):
            # 'Welche Berufskennziffer hat der OMM?' compares nothing; 'Was ist beim OMM der Unterschied zwischen SEO
            # und SEA?' compares two facts of one role, 'Unterschied erstes und drittes Lehrjahr KfD: wo ist man
            # jeweils?' two of its training years – and 'OMM Einstieg pro Jahr?' a figure per period
            topic = "salary" if per_period and not COMPARISON.search(turn.text) else "overview"
        # a named topic narrows the search – unless a role is named too and the classifier did not
        # surely call it a glossary question ('Wie läuft der Kundenkontakt bei Kaufleuten für Dialogmarketing?')
        subjects = self._named_topics(text)[0] if not mentioned or (topic == "glossary" and turn.confidence >= SURE) \
            else []
        if subjects and topic == "compare":
            topic = "glossary"  # 'Zu welchem der 8 Ps gehört Verkaufsförderung?'
        elif len(mentioned) == 1 and self._field_only(turn, text) and (
                (topic == "compare" and not self._compares_role_facts(text, mentioned[0])) or self._asks_definition(text)):
            # 'Unterschied zwischen Dialogmarketing und Massenwerbung?', 'Den Begriff Dialogmarketing erklären?' –
            # the marketing term, not the role of that field
            topic, subjects, mentioned = "glossary", self._named_topics(text)[1], []
        compared = self._terms_compared(turn, entities, text) if topic in ("glossary", "compare") else \
            self._ways_compared(turn, entities, text) if not (follow_up or reasked) else None
        if compared:
            return compared

        other = self._other_role(turn) if topic == "compare" and not (mentioned or subjects or steps) else None
        if other:  # 'Was ist besser bezahlt, Erzieher oder Sozialarbeiter?' – two jobs the bot does not know
            return self.out_of_scope(turn, other)
        if topic == "compare" or (len(mentioned) > 1 and topic not in ("glossary", "sources", "minimum_pay")):
            if gap and not asks_pay(text):  # 'Wer hat mehr Urlaub, KfD oder OMM?' – not the comparison table
                reply = with_suggestions(self.kb, "compare", None, Reply(self._gap_text(gap)))
                return Outcome([reply], {"pending_topic": None}, unanswered=True, reason=self._gap_reason(gap))
            return self._after_gap(self._per_role(
                turn, topic, mentioned if len(mentioned) > 1 else self.kb.occupations(in_scope=True), entities, text), gap)
        occupation = mentioned[0] if mentioned else None
        if occupation is None and topic in NEEDS_OCCUPATION and not reasked:
            other = self._other_role(turn)
            if other:
                return self.out_of_scope(turn, other)
        # 'Scheiß Ausbildung ehrlich. Was kriegt man da im ersten Jahr?' – a training year's pay is the training's
        paid_stages = stages or ({"apprenticeship"} if topic == "training_pay"
                                 and entity_values(entities, "training_year") else set())
        occupation = occupation or self._occupation(turn.slots.get("occupation") or "") \
            or (stage_role(self.kb, paid_stages) if topic in ("salary", "training_pay") and asks_pay(turn.text) else None) \
            or (only_role(self.kb, lambda o: bool(self.kb.exams(o.id))) if topic == "exam" else None)
        # 'Wie viele Teile hat die Abschlussprüfung?' – the one role with exams ('koch ausbildung wieviel kohle im 1.
        # lehrjahr' is another job, out of scope above)
        if topic == "training_pay" and occupation and not self.kb.training(occupation.id).training \
                and not (stages | stages_named(turn.text)) & {"apprenticeship", "minimum_training_pay"} \
                and not entity_values(entities, "training_year"):
            topic = "salary"  # 'Kann man als OMM 80.000 im Jahr verdienen?' – no training asked, none to pay
        if occupation is None and topic == "salary" and "median" in stages:
            if gap and not asks_pay(text):  # 'wie alt sind die azubis da so im schnitt?' – no statistics asked
                return self._gap_only(gap, None)
            # the statistics exist for every role: 'Wie alt sind die Zahlen vom Entgeltatlas?' gets both
            return self._per_role(turn, topic, self.kb.occupations(in_scope=True), entities, text)
        described = asker_stages(self.kb, turn.text, occupation.id) if topic == "salary" and occupation else set()
        if described and stages <= {"entry"}:  # 'als Content Manager gearbeitet – Einstiegsgehalt?' is a narrower entry
            # 'Ich war drei Jahre Social Media Managerin …' – the years were spent in that other job
            if MORE_THAN.search(turn.text) and FRESH_START.search(turn.text):
                described |= {"entry"}  # '… mehr als jemand, der ganz frisch anfängt?' – both sides
            entities = with_stages(entities, described, replacing=("career_stage", "years_experience"))
            figures_named = True
        elif described - stages and COMPARISON.search(turn.text):  # 'OMM-Trainee vs. jemand, der schon als Content
            entities += stage_entities(described - stages)           # Manager gearbeitet hat': both stages
        beyond = beyond_training(self.kb, occupation, entities)
        length = next(iter(beyond.values()), None)  # what the training's length says instead
        if length:  # 'Gibt es beim KfD ein viertes Ausbildungsjahr?', 'und im vierten Jahr?' after the training pay
            entities = [e for e in entities if not (e.get("entity") == "training_year" and e.get("value") in beyond)]
            if topic not in FIGURE_TOPICS:
                reply = with_suggestions(self.kb, "training", occupation, Reply(length))
                return Outcome([reply], {"last_topic": remember("training", entities, text), "pending_topic": None,
                                         "occupation": occupation.id})

        order = [earlier_topic, topic] if follow_up else [topic, earlier_topic]
        # 'und pro Monat?' after a figure; a re-asked figure question ('Und nach zehn Jahren?') stays one
        pay = asks_pay(text) or bool(stages & MONEY_STAGES) or bool(quoted) or per_period or (floor and topic == "minimum_pay") or \
            (earlier_topic in FIGURE_TOPICS and (follow_up or reasked)) or \
            (topic in FIGURE_TOPICS and len(stages) + len(entity_values(entities, "years_experience")) > 1
             and bool(COMPARISON.search(text)))  # 'mit vs. ohne Erfahrung?', 'am Anfang vs. nach zehn Jahren'
        # a topic with a table of its own that has no row for this role: a line of another topic must
        # match strongly to replace the honest 'keine Angabe' ('Spielt die Stimme eine Rolle, wenn man … arbeitet?')
        unknown = topic == "working_hours" and occupation is not None and self.kb.working_hours(occupation.id) is None
        # the topic's own words ('Stunden pro Woche') never make it a question about something else
        query = self.search.without_topic_words(text, topic) if unknown else text
        query = self._without_overview_request(query)
        # 'Ich studiere BWL … heute Beziehungsmarketing. Kannst du mir kurz sagen, was das ist?' – the whole topic
        # … or an overview of it ('Gib mir einen Überblick über die 8 Ps')
        defined = (bool(subjects) and (self._asks_definition(text) or bool(OVERVIEW.search(text)))) or becoming \
            or after_training
        # 'Woher stammen die Zahlen?' asks about the bot's sources, not for a fact that only shares 'woher' with it
        defined = defined or (topic == "sources" and turn.confidence >= VERY_SURE and not (mentioned or follow_up)
                              and not self._fact_met(text))
        # … as does 'woher hast du das?' after any answer ('woher' met the OMM's background: people from elsewhere)
        defined = defined or (topic == "sources" and not mentioned and bool(SOURCE_ASKED.search(text)))
        whole = self._topic_overview(text) if occupation and not (pay or after_training) else None
        if topic == "study" and occupation and asks_if_study_needed(asked):
            # 'Muss man für KfD studieren?' – the way in: a role with an Ausbildung learns in it, the other's
            # requirements say what is expected instead
            # – or, with a school certificate set against the degree, the requirements ('… oder reicht ein
            # Schulabschluss?')
            trained = self.kb.training(occupation.id).training and not SCHOOL_CERTIFICATE.search(asked)
            whole = "training" if trained else "requirements"
        elif topic in ("study", "tasks", "requirements", "overview", "lateral_entry") and occupation \
                and not (pay or after_training) and asks_which_subject(asked):
            whole = "study"  # 'Was sollte er am besten studieren?' – the subjects, not a requirement naming a Studium
        if occupation and topic in ("tasks", "overview") and not pay and DAY_AT_WORK.search(asked):
            whole = "tasks"  # 'Wie sieht so ein Tag als Kauffrau für Dialogmarketing aus?' – every task
        elif occupation and topic in ("tasks", "overview") and not pay and WHOLE_DAY.search(asked):
            whole = "overview"
        if regulated and occupation and not pay:
            whole = "training"
        if whole and whole not in FIGURE_TOPICS:
            topic, defined = whole, True  # 'Gib mir einen Überblick über die Ausbildung zum KfD' – the whole topic
        elif occupation and (topic not in FIGURE_TOPICS or self._lists_topics(text)) \
                and (self._asks_profile(text, topic == "overview") or (self._asks_worth(text) and not follow_up)
                     or (topic == "overview" and WHAT_ONE_DOES.search(text) and asks_pay_and_more(asked))):
            # 'Können Sie mir kurz den Beruf OMM erklären?', 'Lohnt sich die Ausbildung überhaupt?' – the whole
            # profile (not 'für wen lohnt sich das' after the Fachwirt)
            topic, defined = "overview", True
        def facts(question: str) -> Found:
            return self._facts(question, order, occupation, figure=topic in FIGURE_TOPICS and pay,
                               strength=FIGURE_OVERRIDE_STRENGTH if unknown else CROSS_TOPIC_STRENGTH,
                               roles_only=bool(mentioned or (follow_up and occupation)) and not subjects,
                               subjects=subjects,
                               context=earlier.get("text") if follow_up and earlier_topic not in FIGURE_TOPICS else None,
                               share=SURE_TOPIC_SHARE if turn.confidence >= VERY_SURE else IN_TOPIC_SHARE)
        found = Found() if (topic in FIGURE_TOPICS and figures_named and pay) or defined else facts(query)
        if topic in FIGURE_TOPICS and pay and asked != text and (found.broad or (
                found.lines and found.lines[0].occupation and not self._meets(asked, found.lines[0], occupation))):
            # 'Ich studiere BWL. Was verdient man als OMM?' – what the asker says of themselves asks no study topic
            found = facts(asked)
        lines = found.lines
        # 'Zwischenprüfung vs. Abschlussprüfung?' – of the role named, or of the one whose line it met
        owner = occupation or (self._occupation(lines[0].occupation or "") if lines else None)
        if owner and topic not in FIGURE_TOPICS and (COMPARISON.search(turn.text) or WHICH_MORE.search(turn.text)):
            lines = self._compared_lines(text, owner) or lines
        if found.broad:
            topic, occupation = found.broad, occupation or self._occupation(found.role or "")
        if lines and all(line.kind == "summary" for line in lines) and (
                topic in ("overview", *FIGURE_TOPICS) or found.strength < DETAIL_STRENGTH):
            # a sentence of the profile met by a common word ('Was macht man so im Digital Marketing den ganzen Tag?')
            # or asked among other things ('Gib mir nen Überblick: was macht man, wie lang ist die Ausbildung, was
            # verdient man?') stands for the whole profile, which holds it
            topic, lines = "overview", []
            occupation = occupation or self._occupation(found.lines[0].occupation or "")
        if subjects and not lines:  # 'Was ist Beziehungsmarketing?' – the whole topic
            topic, entities = "glossary", [*entities, {"entity": "glossary_topic", "value": subjects[0]}]
        if lines:
            topic = lines[0].topic
            occupation = occupation or (self._occupation(lines[0].occupation) if lines[0].occupation else None)
            reply = with_suggestions(self.kb, topic, occupation, fact_reply(lines, occupation, found.related), more=True)
            if lines[0].subject and not entity_values(entities, "glossary_topic"):
                # remembered for a follow-up ('und das vierte?' after 'Was bedeutet das fünfte davon?')
                entities = [*entities, {"entity": "glossary_topic", "value": lines[0].subject}]
        elif topic in NEEDS_OCCUPATION and occupation is None:
            if gap:
                return self._gap_only(gap, None)
            return self.ask_for_occupation(topic, entities, text)
        else:
            reply = render(self.kb, topic, ask_of(self.kb, occupation, entities, text))
            fits = self._what_fits(text, occupation) if way_in and occupation else []
            if fits:  # what the career changer says about themselves, then the way in
                reply.text = f"{fact_reply(fits, occupation).text}\n\n{reply.text}"
        # 'Brauche ich für die Ausbildung im Dialogmarketing Englischkenntnisse?' – only the OMM's lines say it
        lacking = self._only_other_roles(text, occupation) if occupation and not gap and topic in ONLY_OTHER_TOPICS \
            and len(mentioned) <= 1 else None
        if lacking:
            reply.text = f"{lacking}\n\n{reply.text}"
        if gap and ((lines and (found.strength >= DETAIL_STRENGTH or self.search.not_covered(lines[0].text) == gap))
                    or (not lines and topic in FIGURE_TOPICS and pay)):
            # 'Was verdient ein OMM netto?' – and the gross figures; 'Bonuszahlungen als KfD?' – and the line that names them
            reply.text = f"{self._gap_text(gap)}\n\n{reply.text}"
        elif gap:  # 'Kann ich als OMM im Homeoffice arbeiten?' – not the career steps the classifier guessed
            said = mentioned[0] if mentioned else current  # the role asked of, not one inferred from the topic
            reply = with_suggestions(self.kb, topic, occupation, Reply(self._gap_alone(gap, said)))
        if length:
            reply.text = f"{length}\n\n{reply.text}"
        slots: dict[str, Any] = {"last_topic": remember(topic, entities, text), "pending_topic": None, "failed_turns": 0}
        if occupation is not None:
            slots["occupation"] = occupation.id
        if unknown and not lines:  # logged for `kb gaps` like a curated gap
            return Outcome([reply], slots, unanswered=True, reason=f"keine Angabe: {topic}/{occupation.id}")
        reason = self._gap_reason(gap) if gap else lacking and f"nur beim anderen Beruf: {topic}/{occupation.id}"
        return Outcome([reply], slots, unanswered=bool(reason), reason=reason)

    def _meets(self, text: str, line: FactLine, occupation: Occupation | None) -> bool:
        """Whether a text alone meets a fact line found for a longer message."""
        return any(h.line.ref == line.ref for h in self.search.search(text, occupation.id if occupation else None))

    def _asks_after_training(self, turn: Turn, earlier_topic: str | None) -> bool:
        """'und danach?' after the training pay: the salary after the training."""
        return earlier_topic == "training_pay" and leans_back(turn) and bool(_AFTERWARDS.search(turn.text))

    def _becoming(self, text: str) -> list[Occupation]:
        """The one role a message wants to become – named right before 'werden' – when it names
        another as where it comes from ('Ich bin Kauffrau für Dialogmarketing. Kann ich OMM werden?')."""
        match = _BECOME.search(text)
        before = text[:match.start()].split() if match else []
        for n in range(1, min(BECOME_WINDOW, len(before)) + 1):  # the shortest tail that names a role
            named = self.kb.occupations_in(" ".join(before[-n:]))
            if named:  # 'KfD oder OMM werden' wants either
                return [] if len(before) > n and before[-n - 1].lower() in _EITHER else named[:1]
        return []

