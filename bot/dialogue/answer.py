"""Answering a question: which topic and role (named, named by its field, remembered, or asked
back), which fact of the knowledge base the question asks for, and what to remember."""
from __future__ import annotations

import re
from typing import Any

from bot.answers import format as fmt
from bot.answers import salary
from bot.answers.base import TOPICS, Ask
from bot.answers.facts import FactLine, career_line
from bot.answers.reply import Reply
from bot.answers.search import MIN_STRENGTH, FactSearch, also, lead
from bot.answers.topics import NEEDS_OCCUPATION, RENDERERS, render, with_suggestions
from bot.kb.models import NotCovered, Occupation
from bot.kb.queries import KnowledgeBase
from bot.dialogue.figures import quoted_figures, stages_described
from bot.dialogue.roles import FOLLOW_UP, FIGURE_ENTITIES, FOLLOW_UP_MAX_WORDS, INFORM_OCCUPATION, Roles
from bot.dialogue.turn import Found, Outcome, Turn, earlier_question, entity_values, fact_reply, first_int, remember
from bot.nlp.vocabulary import LAST_TRAINING_YEAR, asks_minimum_pay, asks_pay, money_stages_in, ordinals_in
from bot.text import asked_sentences, key, terms

TOPIC_BY_INTENT: dict[str, str] = {}
for _topic, (_intent, _) in TOPICS.items():
    TOPIC_BY_INTENT.setdefault(_intent, _topic)
FAILED_TURNS_BEFORE_HUMAN = 2
# Topics answered from figures by stage, year and period: a searched fact line replaces them only
# when the question asks for no money and the line matches strongly.
FIGURE_TOPICS = {"salary", "training_pay", "minimum_pay"}
# A fact line of another topic than the classified one must match this strongly to be answered
# instead, and a line of the classified topic must not match much weaker than the best line.
CROSS_TOPIC_STRENGTH = 3.5
IN_TOPIC_SHARE = 0.75
# … or half as strong when the classifier was this sure of the topic ('Ich bin Fachinformatiker. Kann ich
# ins Online Marketing Management quer einsteigen?' – lateral entry, though 'Informatik' is a study subject).
VERY_SURE, SURE_TOPIC_SHARE = 0.9, 0.5
# A question whose matched words each occur in at least this share of a topic's lines asks for the topic.
BROAD_SHARE = 0.5
# A question classified as a figure topic is answered with a fact line only when it names no
# stage, year or period and the line matches this strongly.
FIGURE_OVERRIDE_STRENGTH = 5.0
# Topics whose question sentence asks for money only when it is a salary question ('Ich war drei Jahre
# Social Media Managerin und will wechseln. Mit welchem Gehalt kann ich da einsteigen?' – lateral entry).
PAY_BLIND_TOPICS = {"lateral_entry", "overview"}
# Topics whose lines never speak of money, so they never replace the figures a money question asks for.
MONEYLESS_TOPICS = {"training", "exam", "requirements"}
# 'Bin ich hier mit einem Menschen verbunden?' is about the bot unless the classifier was unsure (below
# SURE) and a fact matches very strongly ('Welche Rollen hat ein Mitarbeiter …?').
BOT_CHALLENGE_STRENGTH = 6.0
SURE = 0.5
MONEY_STAGES = {"minimum_training_pay", "median", "top_earners"}  # stages that only ever ask for money
WORKING_STAGES = {"entry", "entry_experienced", "experienced", "top_earners", "trainee"}  # after the training
_COMPARISON = re.compile(r"\w*(vergleich|unterschied|unterscheid)\w*|\bvs\b|versus|\bbeide\w*|\bbesser\w*|mehr als|"
                         r"jeweils|gegenüber|gegenueber|\bzwischen\b", re.I)

# Entities that each say where in working life a figure is asked: a correction naming one replaces all.
STAGE_ENTITIES = {"career_stage", "years_experience", "training_year"}

# The classifier's runner-up names the topic of a message whose own intent has none, when it is this sure.
RUNNER_UP = 0.2
TOPICLESS_INTENTS = (TOPICS["compare"][0], INFORM_OCCUPATION)

# Both roles asked about without naming them ('für beide Berufe', 'Welcher Beruf hat …?', 'jeweils').
_BOTH = re.compile(r"\bbeiden?\s+(berufe|berufen|jobs)\b|\bbeiden?\s*(\?|$|,|\.)|\bwelche[rs]?\s+(beruf|job)\b|"
                   r"\bjeweils\b", re.I)
# The roles' generic nouns say nothing about the fact compared ('Welcher der beiden Jobs ist was für Kreative?').
_ROLE_NOUNS = re.compile(r"\b(berufe?n?|jobs?)\b", re.I)
# Experience denied: 'ohne Erfahrung', 'keine Berufserfahrung', 'null Vorerfahrung'.
_NO_EXPERIENCE = re.compile(r"\b(ohne|keine|null|kaum)\s+(berufs|vor)?erfahrung", re.I)

# Words that set the role named against the one talked about ('im Vergleich zur Kauffrau').
_AGAINST = re.compile(r"vergleich|unterschied|\bvs\b|versus|gegenüber|gegenueber", re.I)


class Answering(Roles):
    """The knowledge-base answers of `Dialogue` (action_answer)."""

    kb: KnowledgeBase
    search: FactSearch

    # -- turns -------------------------------------------------------------------
    def answer(self, turn: Turn) -> Outcome:
        entities, text = list(turn.entities), turn.text
        earlier = earlier_question(turn)
        earlier_topic = earlier.get("topic")
        mentioned = self._named_occupations(turn)
        if not mentioned and _BOTH.search(turn.text):  # 'Braucht man für beide Berufe Abitur?'
            mentioned = self.kb.occupations(in_scope=True)
        current = self._occupation(turn.slots.get("occupation") or "")
        if len(mentioned) == 1 and current and current != mentioned[0] and _AGAINST.search(turn.text):
            mentioned = [current, mentioned[0]]  # 'wie viel ist das im Vergleich zur Kauffrau?' after the OMM
        reasked = self._names_role_only(turn, mentioned) and (earlier_topic is not None or turn.intent == INFORM_OCCUPATION)
        if reasked:
            # 'Kauffrau', 'nein, ich meinte den OMM', 'Und als Kaufmann?': the question asked before
            # (pending) or the last one answered, now for this occupation
            topic = earlier_topic or "overview"
            kinds = {e.get("entity") for e in entities}
            if kinds & STAGE_ENTITIES:  # 'nein, ich meinte als Trainee' replaces 'nach 10 Jahren'
                kinds |= STAGE_ENTITIES
            entities += [e for e in earlier.get("entities", []) if e.get("entity") not in kinds]
            text = earlier.get("text") or ""
        else:
            topic = TOPIC_BY_INTENT.get(turn.intent, "overview")  # a role named with a question of its own
        follow_up = not reasked and earlier_topic is not None and self._leans_back(turn)
        figures_named = any(entity_values(entities, name) for name in FIGURE_ENTITIES)
        if follow_up and earlier_topic in FIGURE_TOPICS and (figures_named or earlier_topic == "minimum_pay") \
                and (topic not in FIGURE_TOPICS or earlier_topic == "minimum_pay"):
            topic = earlier_topic  # "und bei Start 2024?" after the minimum pay
        if _NO_EXPERIENCE.search(turn.text):  # 'ohne Erfahrung als OMM' – the rule saw 'Erfahrung als'
            entities = [e for e in entities if (e.get("entity"), e.get("value")) != ("career_stage", "entry_experienced")]
        stages = set(entity_values(entities, "career_stage")) | money_stages_in(turn.text)  # 'Entgeltatlas-Zahlen'
        named_stages = set(entity_values(entities, "career_stage"))
        entities += _stage_entities(stages - named_stages)
        figures_named = figures_named or bool(stages)
        quoted = quoted_figures(self.kb, turn.text, [o.id for o in mentioned or self.kb.occupations(in_scope=True)])
        if quoted:  # 'Stimmt es, dass man als OMM mit 27.600 einsteigt?' – a question about that figure
            if not stages:
                stages = {f.stage for f in quoted}
                entities += _stage_entities(stages)
            figures_named = True
            if topic not in FIGURE_TOPICS:
                topic = "training_pay" if stages == {"apprenticeship"} else "salary"
            if not mentioned and len({f.occupation for f in quoted}) == 1:
                mentioned = [self._occupation(quoted[0].occupation)]
        # 'nach oben' in a sure career question ('Wie komme ich als OMM weiter nach oben?') is no money stage
        stage_word_only = topic == "career" and turn.confidence >= SURE and not asks_pay(turn.text) \
            and not money_stages_in(turn.text)
        if topic not in FIGURE_TOPICS and topic != "compare" and (
                (stages & MONEY_STAGES and not stage_word_only) or (figures_named and asks_pay(turn.text))
                or (topic in PAY_BLIND_TOPICS and asks_pay(asked_sentences(turn.text)))):
            topic = "salary"  # a money question the classifier put elsewhere
        if topic == "training_pay" and stages & WORKING_STAGES and not stages & {"apprenticeship"} \
                and not entity_values(entities, "training_year"):
            topic = "salary"  # 'Was verdient man, wenn man die Ausbildung fertig hat?' – after the training
        if topic == "training_pay" and "median" in stages and not entity_values(entities, "training_year"):
            topic = "salary"  # 'Sind in den Zahlen der Arbeitsagentur die Azubis mit drin?' – the statistics
        pay_context = follow_up and earlier_topic in ("salary", "training_pay")  # 'und das gesetzliche Minimum?'
        if topic in ("salary", "training_pay", "compare") or pay_context:
            # a quoted salary figure is no legal floor ('27.600 als Untergrenze beim OMM-Einstieg')
            if "minimum_training_pay" in stages or (asks_minimum_pay(turn.text, pay_context) and not quoted):
                # the legal floor is the same for every role; a role with an Ausbildung named beside it
                # gets its own training pay with the floor of its start year ('im Dialogmarketing im
                # 3. Jahr normalerweise – und das gesetzliche Minimum?')
                trained = [o for o in mentioned if self.kb.training(o.id).training]
                topic = "training_pay" if len(trained) == 1 and topic != "compare" else "minimum_pay"
        related = self.kb.resolve_occupation(turn.text)
        if related and not related.in_scope and not self.mentioned_occupations(turn):
            return self._related_role(related, topic, entities, text)
        if topic == "training_pay" and entity_values(entities, "start_year") and not mentioned \
                and not turn.slots.get("occupation"):
            topic = "minimum_pay"  # a start year without a role only decides the legal floor
        if topic == "compare" and len(mentioned) == 1 and not _COMPARISON.search(turn.text):
            topic = "overview"  # 'Welche Berufskennziffer hat der OMM?' compares nothing
        # a named topic narrows the search – unless a role is named too and the classifier did not
        # call it a glossary question ('Wie läuft der Kundenkontakt bei Kaufleuten für Dialogmarketing?')
        subjects = self._named_topics(text)[0] if topic == "glossary" or not mentioned else []
        if subjects and topic == "compare":
            topic = "glossary"  # 'Zu welchem der 8 Ps gehört Verkaufsförderung?'
        elif topic == "compare" and len(mentioned) == 1 and self._field_compared(turn, text, mentioned[0]):
            # 'Unterschied zwischen Dialogmarketing und Massenwerbung?' – the marketing term, not the two roles
            topic, subjects, mentioned = "glossary", self._named_topics(text)[1], []

        if topic == "compare" or (len(mentioned) > 1 and topic not in ("glossary", "sources", "minimum_pay")):
            return self._per_role(turn, topic, mentioned if len(mentioned) > 1 else self.kb.occupations(in_scope=True),
                                  entities, text)
        occupation = mentioned[0] if mentioned else None
        if occupation is None and topic in NEEDS_OCCUPATION and not reasked:
            other = self._other_role(turn)
            if other:
                return self.out_of_scope(turn, other)
        occupation = occupation or self._occupation(turn.slots.get("occupation") or "")
        if topic == "training_pay" and occupation and not self.kb.training(occupation.id).training \
                and not stages & {"apprenticeship", "minimum_training_pay"} and not entity_values(entities, "training_year"):
            topic = "salary"  # 'Kann man als OMM 80.000 im Jahr verdienen?' – no training asked, none to pay
        if occupation is None and topic == "salary" and "median" in stages:
            # the statistics exist for every role: 'Wie alt sind die Zahlen vom Entgeltatlas?' gets both
            return self._per_role(turn, topic, self.kb.occupations(in_scope=True), entities, text)
        described = stages_described(self.kb, turn.text, occupation.id) if topic == "salary" and occupation else set()
        if described and stages <= {"entry"}:  # 'als Content Manager gearbeitet – Einstiegsgehalt?' is a narrower entry
            # 'Ich war drei Jahre Social Media Managerin …' – the years were spent in that other job
            entities = [e for e in entities if e.get("entity") not in ("career_stage", "years_experience")] + \
                _stage_entities(described)
            figures_named = True
        gap = self.search.not_covered(turn.text)

        order = [earlier_topic, topic] if follow_up else [topic, earlier_topic]
        # 'und pro Monat?' after a figure; a re-asked figure question ('Und nach zehn Jahren?') stays one
        pay = asks_pay(text) or bool(stages & MONEY_STAGES) or bool(quoted) or \
            (earlier_topic in FIGURE_TOPICS and (follow_up or reasked))
        # a topic with a table of its own that has no row for this role: a line of another topic must
        # match strongly to replace the honest 'keine Angabe' ('Spielt die Stimme eine Rolle, wenn man … arbeitet?')
        unknown = topic == "working_hours" and occupation is not None and self.kb.working_hours(occupation.id) is None
        # the topic's own words ('Stunden pro Woche') never make it a question about something else
        query = self.search.without_topic_words(text, topic) if unknown else text
        found = Found() if topic in FIGURE_TOPICS and figures_named and pay else \
            self._facts(query, order, occupation, figure=topic in FIGURE_TOPICS and pay,
                        strength=FIGURE_OVERRIDE_STRENGTH if unknown else CROSS_TOPIC_STRENGTH,
                        roles_only=bool(mentioned or (follow_up and occupation)) and not subjects, subjects=subjects,
                        context=earlier.get("text") if follow_up and earlier_topic not in FIGURE_TOPICS else None,
                        share=SURE_TOPIC_SHARE if turn.confidence >= VERY_SURE else IN_TOPIC_SHARE)
        lines = found.lines
        if found.broad:
            topic, occupation = found.broad, occupation or self._occupation(found.role or "")
        if topic == "overview" and lines and all(line.kind == "summary" for line in lines):
            lines = []  # 'Was macht ein OMM eigentlich?' – the whole profile, not one sentence of it
            occupation = occupation or self._occupation(found.lines[0].occupation or "")
        if subjects and not lines:  # 'Was ist Beziehungsmarketing?' – the whole topic
            topic, entities = "glossary", [*entities, {"entity": "glossary_topic", "value": subjects[0]}]
        if lines:
            topic = lines[0].topic
            occupation = occupation or (self._occupation(lines[0].occupation) if lines[0].occupation else None)
            reply = with_suggestions(self.kb, topic, occupation, fact_reply(lines, occupation, found.related), more=True)
        elif topic in NEEDS_OCCUPATION and occupation is None:
            if gap:
                return Outcome([Reply(self._gap_text(gap))], unanswered=True, reason=f"nicht belegt: {gap.id}")
            return self.ask_for_occupation(topic, entities, text)
        else:
            reply = render(self.kb, topic, self._ask(occupation, entities, text))
        if gap:
            reply.text = f"{self._gap_text(gap)}\n\n{reply.text}"
        slots: dict[str, Any] = {"last_topic": remember(topic, entities, text), "pending_topic": None, "failed_turns": 0}
        if occupation is not None:
            slots["occupation"] = occupation.id
        if unknown and not lines:  # logged for `kb gaps` like a curated gap
            return Outcome([reply], slots, unanswered=True, reason=f"keine Angabe: {topic}/{occupation.id}")
        return Outcome([reply], slots, unanswered=gap is not None, reason=gap and f"nicht belegt: {gap.id}")

    def _related_role(self, role: Occupation, topic: str, entities: list[dict[str, Any]], text: str) -> Outcome:
        """A role the bot knows only as a career step ('Betriebswirt/in Callcentermanagement'): its
        official code and statistics, and the way there."""
        parts = [f"Zu „{role.name_neutral}“ habe ich nur amtliche Angaben – ein Karriereschritt, zu dem ich nicht "
                 "ausführlich berate:"]
        parts += [line.cited for line in self.search.lines(role.id)]
        block = salary.statistics_block(self.kb, role, self._ask(role, entities, text).period)
        if block:
            parts.append(block)
        steps = [s for o in self.kb.occupations(in_scope=True) for s in self.kb.career_steps(o.id)
                 if s.target_occupation == role.id]
        parts += [f"Der Weg dorthin: {career_line(s)} ({fmt.source_label(s.source)})" for s in steps]
        reply = with_suggestions(self.kb, "career", None, Reply("\n".join(parts)))
        return Outcome([reply], {"last_topic": remember(topic, entities, text), "pending_topic": None})

    def _named_topics(self, text: str) -> tuple[list[str], list[str]]:
        """The marketing topics a message names, split in two: subjects, which narrow the search to
        their lines ('Was ist Beziehungsmarketing?'), and topics named by a field that also names a
        role ('Dialogmarketing'), whose lines compete with the role's ('wozu sind die persönlichen
        Gespräche im Dialogmarketing gut?')."""
        fields = {key(field) for field, _ in self.kb.fields()}
        field_topics = {t for alias, t in self.kb.glossary_aliases() if key(alias) in fields}
        named = self.kb.topics_in(text)
        return [t for t in named if t not in field_topics], [t for t in named if t in field_topics]

    def _field_compared(self, turn: Turn, text: str, role: Occupation) -> bool:
        """A comparison that names one role only by its field, which is also a marketing topic, and asks
        nothing of that role's facts ('Wie unterscheidet sich die Ausbildung im Dialogmarketing von
        einem Studium?' does)."""
        return bool(self._named_topics(text)[1]) and not self.mentioned_occupations(turn) \
            and not self.kb.resolve_occupation(text, in_scope_only=True) \
            and not lead(self.search.search(_COMPARISON.sub(" ", text), role.id, roles_only=True))

    @staticmethod
    def _leans_back(turn: Turn) -> bool:
        return bool(FOLLOW_UP.match(turn.text)) or len(turn.text.split()) <= FOLLOW_UP_MAX_WORDS

    def _per_role(self, turn: Turn, topic: str, roles: list[Occupation], entities: list[dict[str, Any]],
                  text: str) -> Outcome:
        """One question for both roles ('Brauche ich für OMM Abi? Und für KfD?'): each role's answer;
        a money question or one without a specific fact gets the side-by-side comparison."""
        if topic in ("compare", "overview"):
            topic = _runner_up(turn) or topic  # 'Was muss man jeweils können – KfD im Vergleich zum OMM?'
        if topic in ("compare", *FIGURE_TOPICS) and (asks_pay(text) or topic != "compare"):
            reply = render(self.kb, "compare", self._ask(None, entities, text))
            return Outcome([reply], {"last_topic": remember("compare", entities, text), "pending_topic": None})
        # 'Wie unterscheiden sich die Aufgaben …?' – the comparing words are no content ('Kundentypen unterscheiden')
        query = _ROLE_NOUNS.sub(" ", _COMPARISON.sub(" ", text))
        found = {role.id: self._facts(query, [topic], role, roles_only=True, strength=MIN_STRENGTH) for role in roles}
        # a role without a line of its own is answered on the topic the other role's line belongs to
        # ('Unterschied beim Ausbildungsweg: KfD vs OMM?' – the OMM's line is about training), or on the
        # topic the question names as a whole ('Welcher der beiden hat die bessere Work-Life-Balance?')
        named = [topic] if topic in NEEDS_OCCUPATION and topic != "overview" else _topics_named(query)
        shared = named[0] if len(named) == 1 else \
            next((f.broad or f.lines[0].topic for f in found.values() if f.broad or f.lines), topic)
        blocks = []
        for role in roles:
            lines = found[role.id].lines
            if lines and lines[0].occupation in (None, role.id) and (len(named) != 1 or lines[0].topic == shared):
                blocks.append(fact_reply(lines, role).text)
            elif shared in NEEDS_OCCUPATION:
                rendered = render(self.kb, shared, self._ask(role, entities, text)).text
                first_line = rendered.split("\n", 1)[0]
                blocks.append(rendered if role.name_neutral in first_line else f"**{role.name_neutral}**\n{rendered}")
        if not blocks:
            return Outcome([render(self.kb, "compare", self._ask(None, entities, text))],
                           {"last_topic": remember("compare", entities, text), "pending_topic": None})
        reply = with_suggestions(self.kb, topic, None, Reply("\n\n".join(blocks)))
        return Outcome([reply], {"last_topic": remember(topic, entities, text), "pending_topic": None, "failed_turns": 0})

    def _ask(self, occupation: Occupation | None, entities: list[dict[str, Any]], text: str) -> Ask:
        values = entity_values(entities, "training_year")
        named = {first_int([v], 1, 4) for v in values} - {None}
        if LAST_TRAINING_YEAR in values and occupation:
            training = self.kb.training(occupation.id).regulation
            if training and training.duration_years:
                named.add(int(training.duration_years))
        years = named | ordinals_in(text) if named else set()
        return Ask(
            occupation=occupation,
            training_year=next(iter(years)) if len(years) == 1 else None,
            training_years=years,
            years_experience=first_int(entity_values(entities, "years_experience"), 1, 50),
            stages=set(entity_values(entities, "career_stage")),
            period=next(iter(entity_values(entities, "period")), None),
            start_year=first_int(entity_values(entities, "start_year"), 2000, 2100),
            topic_id=next(iter(entity_values(entities, "glossary_topic")), None),
            text=text,
        )

    def _facts(self, text: str, topics: list[str | None], occupation: Occupation | None,
               figure: bool = False, roles_only: bool = False, strength: float = CROSS_TOPIC_STRENGTH,
               subjects: list[str] | None = None, context: str | None = None, share: float = IN_TOPIC_SHARE) -> Found:
        """The fact lines a question asks for: the best line of the first given topic that has one
        nearly as strong as the best line overall (`share` of it), else a clearly stronger line of another topic;
        none when nothing specific was asked. A question naming a role asks about the role. A
        follow-up too short to stand alone ('und wie viele Aufgaben hat die?') is read together with
        the previous question (`context`), within the previous topic (`topics[0]`)."""
        found = self._ranked_facts(text, topics, occupation, figure, roles_only, strength, subjects, context, share)
        asked = asked_sentences(text)
        if asked == text or not topics or (found.lines and found.lines[0].topic == topics[0]):
            return found
        # what the message says about the asker led elsewhere ('Ich hab grad meinen Hochschulabschluss.
        # Welche Weiterbildung …?' met the requirements): the question alone, if it meets the topic asked
        alone = self._ranked_facts(asked, topics, occupation, figure, roles_only, strength, subjects, context, share)
        return alone if alone.lines and alone.lines[0].topic == topics[0] else found

    def _ranked_facts(self, text: str, topics: list[str | None], occupation: Occupation | None, figure: bool,
                      roles_only: bool, strength: float, subjects: list[str] | None, context: str | None,
                      share: float) -> Found:
        role = occupation.id if occupation else None
        fields = self._named_topics(text)[1]
        kind = role and not figure and self.search.kind_named(text, role)
        if kind:  # 'Welche Tools nutzt ein OMM im Alltag?', 'und welche Sprachen?': every line of the kind named
            return Found([line for line in self.search.lines(role) if line.kind == kind])
        hits = self.search.search(text, role, subjects=subjects, roles_only=roles_only, fields=fields)
        if context and topics and topics[0]:
            in_previous = [h for h in hits if h.line.topic == topics[0]]
            # read with the previous question, a line must still meet what the follow-up adds ('und die Prüfung?')
            own = set(self.search.asked_terms(text))
            together = [h for h in self.search.search(f"{context} {text}", role, subjects=subjects,
                                                      roles_only=roles_only, fields=fields)
                        if h.line.topic == topics[0] and (not own or own & set(h.matched))]
            here = max([h.strength for h in in_previous[:1] + together[:1]], default=0.0)
            # the previous topic – unless the follow-up alone fits another topic better than the previous
            # topic fits both questions together ('und wie viele Stunden die Woche arbeitet man da?')
            elsewhere = hits and hits[0].line.topic != topics[0] and hits[0].strength > max(strength, here)
            if not elsewhere and (lead(in_previous) or lead(together)):
                return Found(lead(in_previous) or lead(together))
        if not hits:
            return Found()
        best = hits[0].strength
        found: list[FactLine] = []
        if not figure:
            for wanted in topics:
                in_topic = [h for h in hits if h.line.topic == wanted]
                if in_topic and in_topic[0].strength >= share * best:
                    found = lead(in_topic)
                    if found:
                        break
                    if share < IN_TOPIC_SHARE and wanted == topics[0]:
                        return Found()  # a sure topic met only weakly: the whole topic, not another's line
        # a money question keeps its figures unless a line meets it strongly and with more than one word besides
        # the money words ('Mit welchem Gehalt steigt man ein?' asks no career step, 'Wo muss ich arbeiten, um
        # gut zu verdienen?' no specialisation)
        if figure:  # 'in den drei Lehrjahren' asks the pay of each year, not where year 3 is spent
            hits = [h for h in hits if h.line.topic not in MONEYLESS_TOPICS]
            best = hits[0].strength if hits else 0.0
        if not found and best >= (FIGURE_OVERRIDE_STRENGTH if figure else strength) and \
                (not figure or len([t for t in hits[0].matched if not asks_pay(t)]) > 1):
            found = lead(hits)
        top = next((h for h in hits if found and h.line is found[0]), None)
        if top and top.line.occupation and top.matched and top.line.topic in RENDERERS and all(
                self.search.share(t, top.line.topic, top.line.occupation) >= BROAD_SHARE for t in top.matched):
            return Found(broad=top.line.topic, role=top.line.occupation)  # 'Welche Prüfungen gibt es?' – the topic
        if top and top.line.kind and top.line.occupation and any(
                self.search.share(t, top.line.topic, top.line.occupation, top.line.kind) == 1.0 for t in top.matched):
            # a word every line of the lead's kind has ('Welche persönlichen Eigenschaften …?'): all of them
            found = [line for line in self.search.lines(top.line.occupation) if line.kind == top.line.kind]
        return Found(found, also(hits, found))

    @staticmethod
    def _gap_text(gap: NotCovered) -> str:
        note = f" {gap.note}" if gap.note else ""
        return f"Zu {gap.label} habe ich keine geprüfte Angabe – meine Quellen sagen dazu nichts.{note}"


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
    sich die Aufgaben …?' → tasks, 'bessere Karrierechancen' → career)."""
    asked = terms(text)
    return [t for t, (_, title) in TOPICS.items() if t in NEEDS_OCCUPATION and any(
        a == n or (len(n) >= 5 and a.startswith(n)) for a in asked for n in terms(title))]


def _stage_entities(stages: set[str]) -> list[dict[str, Any]]:
    """Stages found beside the entity rules (in a compound, a quoted figure, a population) as entities."""
    return [{"entity": "career_stage", "value": stage} for stage in sorted(stages)]
