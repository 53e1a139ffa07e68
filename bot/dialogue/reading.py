"""Reading a question before it is answered: which roles it names (or its field, the role remembered, or a role
alone that re-asks the question before), how it leans on the turn before, which stages, years and figures it asks
for, and so which topic it is. `answer.py` routes and answers the `Question` read here."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.answers.base import TOPIC_BY_INTENT
from bot.dialogue.compare import COMPARISON, Comparing
from bot.dialogue.figures import agency_beside, only_role, quoted_figures, stages_described, without_denied_stages
from bot.dialogue.ranking import DASH, DETAIL_STRENGTH, FIGURE_TOPICS, MIN_STRENGTH, SURE, titled_topics
from bot.dialogue.roles import (CORRECTION, FIGURE_ENTITIES, FOLLOW_UP, INFORM_OCCUPATION, SO_MUCH, STAGE_ENTITIES,
                                continues, leans_back)
from bot.dialogue.steps import CareerSteps
from bot.dialogue.turn import Turn, earlier_question, entity_values, first_int, stage_entities, with_stages
from bot.dialogue.way_in import WayIn
from bot.kb.models import Occupation, SalaryFigure
from bot.nlp.vocabulary import (ACTUAL_PAY, AFTER_THE_TRAINING, BECOME_AFTER_TRAINING, FLOOR_DENIED, GUIDE, QUESTION,
                                REGULATED_TRAINING, THOUSANDS, WHOLE_RANGE, asks_minimum_pay, asks_pay,
                                asks_pay_and_more, compound_stages, long_run_stages, money_stages_in,
                                with_training_year)
from bot.text import asked_sentences, expand_ellipses

# Topics whose question sentence asks for money only when it is a salary question ('Ich war drei Jahre
# Social Media Managerin und will wechseln. Mit welchem Gehalt kann ich da einsteigen?' – lateral entry; 'Mein Sohn
# studiert Wirtschaftsinformatik … Was kann er zu Beginn verdienen?' – study).
PAY_BLIND_TOPICS = {"lateral_entry", "overview", "study"}
MONEY_STAGES = {"minimum_training_pay", "median", "top_earners"}  # stages that only ever ask for money
_FLOOR_ENTITIES = {"start_year", "training_year"}  # what picks a legal minimum
WORKING_STAGES = {"entry", "entry_experienced", "experienced", "top_earners", "trainee"}  # after the training

# Both roles asked about without naming them ('für beide Berufe', 'zu den zwei Berufen', 'Welcher Beruf hat …?', 'jeweils').
# – not the first or last two of something else ('im dritten Lehrjahr anders als in den ersten beiden'); said in so
# many words, they are both even beside one named.
_BOTH_ROLES = re.compile(r"\b(beide[nr]?|zwei)\s+(berufe|berufen|jobs)\b", re.I)
BOTH = re.compile(_BOTH_ROLES.pattern + r"|(?<!ersten\s)(?<!letzten\s)\bbeiden?\s*(\?|$|,|\.)|"
                  r"\bwelche[rs]?\s+(beruf|job)\b|\bjeweils\b", re.I)
# After the training, said in a follow-up to its pay ('und danach?', 'und später?').
_AFTERWARDS = re.compile(r"\b(danach|anschlie(ß|ss)end|hinterher|sp(ä|ae)ter|und dann)\b", re.I)
# Words that set the role named against the one talked about ('im Vergleich zur Kauffrau').
_AGAINST = re.compile(r"vergleich|unterschied|\bvs\b|versus|gegenüber|gegenueber", re.I)


@dataclass
class Question:
    """What one message asks, as `Reading` understands it; `Answering` routes and answers it."""

    turn: Turn
    text: str  # the question: the message, or the question before when a role alone re-asks it
    entities: list[dict[str, Any]]
    earlier: dict[str, Any]  # the question answered (or asked back) before
    topic: str = "overview"
    mentioned: list[Occupation] = field(default_factory=list)  # the roles named, chosen or meant by 'beide'
    current: Occupation | None = None  # the role talked about so far
    reasked: bool = False  # a role alone asks the question before again ('Und als Kaufmann?')
    follow_up: bool = False  # leans on the turn before ('und im Jahr?')
    after_training: bool = False  # what one can become after the training: the whole career
    regulated: bool = False  # whether the role has a regulated training
    asked: str = ""  # the sentences of `text` that ask, without what the asker says of themselves
    asking: str = ""  # this message's sentences that ask (`asked` may be the question before)
    stages: set[str] = field(default_factory=set)  # the career stages asked for
    figures_named: bool = False
    quoted: list[SalaryFigure] = field(default_factory=list)  # figures of the guide the message quotes
    per_period: bool = False  # a stage's figure per month or year
    becoming: bool = False  # the whole way into a role
    way_in: bool = False  # … of a career changer who says where they come from
    floor: bool = False  # the legal minimum training pay
    # settled by `Answering` on the way to the answer
    steps: list[Occupation] = field(default_factory=list)  # jobs known only as career steps ('Teamleiter')
    occupation: Occupation | None = None  # the one role answered for
    subjects: list[str] = field(default_factory=list)  # marketing topics named
    gap: str | None = None  # a curated gap the message asks about
    length: str | None = None  # what the training's length says instead of a year beyond it

    @property
    def earlier_topic(self) -> str | None:
        return self.earlier.get("topic")


def _without_years_said_before(text: str, asked: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entities without a training year named before the sentences that ask (`asked`: what the asker says of
    themselves comes before)."""
    start = text.find(asked) if asked != text else 0
    return [e for e in entities if not (e.get("entity") == "training_year" and e.get("end") is not None
                                        and e["end"] <= start)]


def _take_stages_before(q: Question) -> None:
    """The stage, years or training year of the question before, when the message names none of its own."""
    if not {e.get("entity") for e in q.entities} & STAGE_ENTITIES:
        q.entities += [e for e in q.earlier.get("entities", []) if e.get("entity") in STAGE_ENTITIES]


def _moneyless_guess(turn: Turn) -> str | None:
    """The classifier's best topic that is no figure topic."""
    return next((TOPIC_BY_INTENT[intent] for intent, _ in turn.ranking
                 if TOPIC_BY_INTENT.get(intent) not in (None, *FIGURE_TOPICS)), None)


class Reading(Comparing, CareerSteps, WayIn):
    """Reads a `Question` out of a turn, for `Answering`."""

    def _read(self, turn: Turn) -> Question:
        """What a turn asks: its roles, how it leans on the turn before, its stages and figures, its topic."""
        q = Question(turn, expand_ellipses(turn.text, self.search.knows),  # 'Zwischen- und Abschluss…'
                     list(turn.entities), earlier_question(turn))
        self._read_roles(q)
        self._read_context(q)
        self._read_figures(q)
        self._read_money_or_way_in(q)
        return q

    def _read_roles(self, q: Question) -> None:
        """The roles named, and whether a role alone re-asks the question before."""
        turn = q.turn
        q.mentioned = self._named_occupations(turn)
        if (not q.mentioned and BOTH.search(turn.text) and len(entity_values(q.entities, "start_year")) < 2) \
                or (len(q.mentioned) == 1 and _BOTH_ROLES.search(turn.text)):
            # 'Braucht man für beide Berufe Abitur?' – not 'jeweils' of two start years ('2025 oder 2026 – … jeweils');
            # 'Ist das bei beiden Berufen eine richtige Ausbildung, oder nur beim Kaufmann für Dialogmarketing?'
            q.mentioned = self.kb.occupations(in_scope=True)
        if len(q.mentioned) > 1 and not COMPARISON.search(turn.text):
            q.mentioned = self._becoming(turn.text) or q.mentioned  # 'nach der Ausbildung zum KfD OMM werden?'
        q.current = self._occupation(turn.slots.get("occupation") or "")
        if len(q.mentioned) == 1 and q.current and q.current != q.mentioned[0] and _AGAINST.search(turn.text):
            q.mentioned = [q.current, q.mentioned[0]]  # 'wie viel ist das im Vergleich zur Kauffrau?' after the OMM
        chosen = [] if q.mentioned else self._chosen_roles(turn)  # 'dialog', 'beide bitte' after 'Um welchen Beruf …?'
        q.mentioned = q.mentioned or chosen
        q.reasked = bool(chosen) or (self._names_role_only(turn, q.mentioned)
                                     and (q.earlier_topic is not None or turn.intent == INFORM_OCCUPATION))
        if q.reasked:
            # 'Kauffrau', 'nein, ich meinte den OMM', 'Und als Kaufmann?': the question asked before
            # (pending) or the last one answered, now for this occupation
            q.topic = q.earlier_topic or "overview"
            kinds = {e.get("entity") for e in q.entities}
            if kinds & STAGE_ENTITIES:  # 'nein, ich meinte als Trainee' replaces 'nach 10 Jahren'
                kinds |= STAGE_ENTITIES
            q.entities += [e for e in q.earlier.get("entities", []) if e.get("entity") not in kinds]
            q.text = q.earlier.get("text") or q.text
            year = first_int(entity_values(turn.entities, "training_year"), 1, 9)
            if year:  # 'äh ich wollte eigentlich wissen wie das im ersten jahr ist' after the third year's place
                q.text = with_training_year(q.text, year)
        else:
            q.topic = TOPIC_BY_INTENT.get(turn.intent, "overview")  # a role named with a question of its own

    def _read_context(self, q: Question) -> None:
        """Whether the message leans on the turn before, and the topic and entities it takes from there."""
        turn, earlier = q.turn, q.earlier
        # 'Was kann man nach der Ausbildung zum KfD noch werden?' – the whole career, not a line that names the training
        q.after_training = q.topic in ("training", "overview", "career", "study") \
            and bool(BECOME_AFTER_TRAINING.search(q.text))
        if q.after_training:
            q.topic = "career"
        q.asked = asked_sentences(q.text)  # what the message asks, without what it says about the asker
        q.regulated = not q.reasked and bool(REGULATED_TRAINING.search(q.asked))
        if q.regulated:
            q.topic = "training"  # whether the role has a regulated training: the training (or what the role has instead)
        # 'oh, ich fange ja 2025 an, nicht 2024' after the legal minimum: the classifier's guess has no topic of its own
        # – nor has an unsure one ('hoppla, meine ausbildung hat doch erst 2025 angefangen')
        # … nor has a sure guess at a message that names only a period after a figure ('Moment, ich brauch es
        # jährlich für den Antrag' after the salary per month)
        figure_only = q.earlier_topic in FIGURE_TOPICS and {e.get("entity") for e in q.entities} == {"period"}
        # … nor has a correction that names only another year or stage of that figure ('Quatsch, die Ausbildung dauert
        # ja nur 3 Jahre – also das dritte Jahr bitte' after the legal minimum in the fourth)
        # – also for another role ('Entschuldigung, er macht eine Ausbildung als KfD und ist im zweiten Lehrjahr.')
        # … or that says why before a dash ('ach, die Ausbildung dauert ja nur 3 Jahre – dann im dritten bitte')
        figure_only = figure_only or (
            q.earlier_topic in FIGURE_TOPICS and any(entity_values(q.entities, n) for n in FIGURE_ENTITIES)
            and bool(CORRECTION.search(turn.text) or FOLLOW_UP.match(DASH.split(turn.text)[-1])))
        # … nor has a correction after the legal floor that asks what is really paid ('nein, ich meinte was Kaufleute
        # für Dialogmarketing tatsächlich so bekommen')
        figure_only = figure_only or (q.earlier_topic == "minimum_pay" and bool(CORRECTION.search(turn.text))
                                      and bool(ACTUAL_PAY.search(turn.text)))
        q.follow_up = not q.reasked and not turn.restated and q.earlier_topic is not None and (
            leans_back(turn) or figure_only if turn.intent in TOPIC_BY_INTENT and turn.confidence >= SURE
            else continues(turn, earlier))
        if q.follow_up and turn.intent == INFORM_OCCUPATION and not q.mentioned:
            q.topic = q.earlier_topic  # 'und wofür ist die gut' after the interim exam names no role: the topic before
        if q.follow_up and self._asks_after_training(turn, q.earlier_topic) \
                and not entity_values(q.entities, "career_stage"):
            q.topic, q.entities = "salary", [*q.entities, *stage_entities({"entry"})]  # 'und danach?' after the training pay
        # the figures this message names (not those taken from the turn before below)
        q.figures_named = any(entity_values(q.entities, name) for name in FIGURE_ENTITIES)
        if not q.follow_up:
            return
        if turn.confidence < SURE and q.topic == "glossary" and q.earlier_topic not in (None, "glossary") \
                and not self.kb.topics_in(q.text) and not self._topic_met(q.text, q.mentioned):
            # an unsure glossary guess at a message that leans on the answer before and names no marketing topic
            # ('was bringt die mir überhaupt?' after the interim exam): the topic before, not the list of terms
            q.topic = q.earlier_topic
        elif q.topic == "glossary" and q.current and q.earlier_topic not in (None, "glossary", *FIGURE_TOPICS) \
                and (FOLLOW_UP.match(turn.text) or CORRECTION.search(turn.text)) and not self._asks_definition(q.text):
            # 'und bei Kundenbetreuung?' after a training area: the line of that topic of the role talked about, when
            # it meets the question best ('Kundenbetreuung, -gewinnung und -bindung'), not the marketing term
            hits = self.search.search(q.text, q.current.id, roles_only=True)
            best = [h for h in hits if h.strength >= max(hits[0].strength, MIN_STRENGTH) - 1e-6] if hits else []
            if any(h.line.topic == q.earlier_topic for h in best):
                q.topic, q.mentioned = q.earlier_topic, [q.current]
        again = q.earlier_topic == "training_pay" and not (turn.from_button or titled_topics(turn.text))
        if (q.earlier_topic not in FIGURE_TOPICS or again) and asks_pay(turn.text):
            # 'was verdient man da?' after where the second training year is spent, or after its pay: that year's pay
            # (not the quick reply 'Gehalt' or 'und das Gehalt?' after it: the salary)
            _take_stages_before(q)
        if q.earlier_topic in FIGURE_TOPICS and (q.figures_named or q.earlier_topic == "minimum_pay"
                                                 or asks_pay(turn.text)) \
                and (q.topic not in FIGURE_TOPICS or q.earlier_topic == "minimum_pay"):
            q.topic = q.earlier_topic  # "und bei Start 2024?" after the minimum pay, 'wo bekommt man so viel?' after a salary
            if SO_MUCH.search(turn.text):
                _take_stages_before(q)  # that amount
            if q.topic == "minimum_pay":  # the start year or training year said before stays ('und das dritte Jahr?')
                kinds = {e.get("entity") for e in q.entities}
                q.entities += [e for e in earlier.get("entities", []) if e.get("entity") in _FLOOR_ENTITIES - kinds]
                if FLOOR_DENIED.search(turn.text) or ACTUAL_PAY.search(turn.text):
                    # 'nicht die gesetzliche – was man tatsächlich bekommt', 'und was wird tatsächlich gezahlt?'
                    q.topic = "training_pay"
        if q.earlier_topic in FIGURE_TOPICS and {e.get("entity") for e in q.entities} == {"period"}:
            # 'und im Jahr?' after the median or the entry pay: the same figures per year
            q.topic = q.earlier_topic
            q.entities += [e for e in earlier.get("entities", []) if e.get("entity") != "period"]
        asked_of = q.mentioned[0] if len(q.mentioned) == 1 else q.current
        if q.earlier_topic == "salary" and q.topic not in FIGURE_TOPICS and asked_of \
                and stages_described(self.kb, turn.text, asked_of.id):
            q.topic = "salary"  # 'und wenn ich schon als Content Manager gearbeitet hab?' – the figure for people like that

    def _read_figures(self, q: Question) -> None:
        """The stages and figures the message asks for, and whether that makes it a money question."""
        turn, text = q.turn, q.turn.text
        q.entities = without_denied_stages(text, q.entities)  # 'ohne Erfahrung', 'nicht mehr Azubi'
        q.asking = asked_sentences(text)
        q.stages = set(entity_values(q.entities, "career_stage")) | money_stages_in(text)  # 'Entgeltatlas-Zahlen'
        if not q.stages and not entity_values(q.entities, "training_year") and asks_pay(text) \
                and AFTER_THE_TRAINING.search(text):
            # '… jetzt überleg ich die ausbildung kfd. was verdien ich dann danach'
            q.stages, q.entities = {"entry"}, [*q.entities, *stage_entities({"entry"})]
        if q.stages & WORKING_STAGES and not q.reasked:
            # 'Ich bin im 2. Jahr. Was kann ich danach verdienen, wenn ich ausgelernt bin?' – the year the asker is in
            q.entities = _without_years_said_before(text, q.asking, q.entities)
        if "median" in q.stages and q.topic not in FIGURE_TOPICS and agency_beside(text):
            # 'Die Arbeitsagentur hat Online Marketing erwähnt. Wie komme ich da rein?' – no statistics asked
            q.stages.discard("median")
            q.entities = [e for e in q.entities if (e.get("entity"), e.get("value")) != ("career_stage", "median")]
        if asks_pay(text):  # 'OMM-Trainee und jemand mit Erfahrung als Content Manager', 'langfristig'
            q.stages |= compound_stages(text) | long_run_stages(text)
        q.entities += stage_entities(q.stages - set(entity_values(q.entities, "career_stage")))
        if len(q.mentioned) == 1 and asks_pay(text) and WHOLE_RANGE.search(text) and "median" not in q.stages:
            # 'OMM gehalt komplett, von anfang bis ganz oben' – every stage: the training's pay and the entry after it,
            # or a role's whole salary overview (not 'alle Gehaltsdaten der Arbeitsagentur': the statistics)
            trained = bool(self.kb.training(q.mentioned[0].id).training)
            q.stages = {"apprenticeship", "entry"} if trained else set()
            q.entities = with_stages(q.entities, q.stages, replacing=STAGE_ENTITIES)
            q.topic = "training_pay" if trained else "salary"
        q.figures_named = q.figures_named or bool(q.stages) or bool(THOUSANDS.search(text))  # 'Sind 90k realistisch?'
        self._read_quoted(q)
        q.per_period = bool(q.stages) and bool(entity_values(q.entities, "period"))  # 'bei einem Trainee aufs Jahr'
        # 'nach oben' in a sure career question ('Wie komme ich als OMM weiter nach oben?') is no money stage, nor 'am
        # meisten' in a sure study question ('welcher studienabschluss ist bei omm stellen am meisten gefragt')
        stage_word_only = turn.confidence >= SURE and not asks_pay(text) and not money_stages_in(text) and (
            q.topic == "career" or (q.topic not in FIGURE_TOPICS and q.stages & MONEY_STAGES == {"top_earners"}))
        # 'Erzähl mal was über den Beruf OMM – was macht der und was verdient der am Anfang?' – the profile, which
        # holds the entry pay
        profile_with_pay = q.topic == "overview" and q.stages <= {"entry"} and asks_pay_and_more(q.asking)
        if q.topic == "training" and asks_pay(q.asking) and not QUESTION.search(q.asking) \
                and not q.stages & WORKING_STAGES and not AFTER_THE_TRAINING.search(q.asking):
            q.topic = "training_pay"  # keywords only: 'Kauffrau für Dialogmarketing Ausbildung Gehalt alle Jahre'
        if q.topic not in FIGURE_TOPICS and q.topic != "compare" and not profile_with_pay and (
                (q.stages & MONEY_STAGES and not stage_word_only) or (q.figures_named and asks_pay(text))
                or (q.topic in PAY_BLIND_TOPICS and asks_pay(q.asking)
                    and not (q.topic == "overview" and asks_pay_and_more(q.asking)))
                # 'Alles, was man zum Gehalt als OMM wissen muss' – pay named by its title, nothing else
                or (q.topic == "tasks" and titled_topics(q.asking) == {"salary"})
                or q.per_period):
            q.topic = "salary"  # a money question the classifier put elsewhere
        if q.topic == "training_pay" and q.stages & WORKING_STAGES and not q.stages & {"apprenticeship"} \
                and not entity_values(q.entities, "training_year"):
            q.topic = "salary"  # 'Was verdient man, wenn man die Ausbildung fertig hat?' – after the training
        statistics_before = "median" in entity_values(q.earlier.get("entities", []), "career_stage")
        if q.follow_up and statistics_before and q.stages == {"apprenticeship"} and not asks_pay(text) \
                and not entity_values(q.entities, "training_year"):
            # 'sind da die azubis mit eingerechnet?' after the statistics asks about them, not for the training pay
            q.stages = {"median"}
            q.entities = with_stages(q.entities, q.stages)
        if q.topic == "training_pay" and "median" in q.stages and not entity_values(q.entities, "training_year"):
            q.topic = "salary"  # 'Sind in den Zahlen der Arbeitsagentur die Azubis mit drin?' – the statistics

    def _read_quoted(self, q: Question) -> None:
        """A figure of the guide the message quotes ('Stimmt es, dass man als OMM mit 27.600 einsteigt?')."""
        text = q.turn.text
        q.quoted = quoted_figures(self.kb, text, [o.id for o in q.mentioned])
        # the guide's figures set against the statistics ('omm gehalt: was sagt der ratgeber und was sagt der
        # entgeltatlas?', 'entgeltatlas median gegen die 96k aus dem ratgeber'): the guide's – a figure quoted
        # from it, or all of them – which come with the statistics beside them
        guide = "median" in q.stages and bool(GUIDE.search(text))
        if guide and not q.quoted and q.stages == {"median"}:
            q.stages, q.entities = set(), with_stages(q.entities, set())
        if not q.quoted:
            return
        if not q.stages or guide:  # a question about that figure
            q.stages |= {f.stage for f in q.quoted}
            q.entities += stage_entities({f.stage for f in q.quoted})
        q.figures_named = True
        if q.topic not in FIGURE_TOPICS:
            q.topic = "training_pay" if q.stages == {"apprenticeship"} else "salary"
        if not q.mentioned and len({f.occupation for f in q.quoted}) == 1:
            q.mentioned = [self._occupation(q.quoted[0].occupation)]

    def _read_money_or_way_in(self, q: Question) -> None:
        """A money guess without a money word, the way in, and the legal minimum."""
        turn, text = q.turn, q.text
        no_money = not (asks_pay(text) or q.stages or q.quoted or entity_values(q.entities, "training_year"))
        if q.topic in FIGURE_TOPICS and not q.reasked and not asks_pay(text) and not q.stages & MONEY_STAGES \
                and not q.quoted and not entity_values(q.entities, "training_year") and self._becoming(q.asked):
            # 'Kann ich nach zehn Jahren als Grafikdesignerin noch OMM werden?' – no money asked: the whole way in,
            # not a fact that shares a word with the asker's own job
            q.topic, q.becoming = "lateral_entry", True
        # … not to a career step ('Ich war Filialleiter im Einzelhandel. Kann ich im Dialogmarketing später
        # Teamleiter werden?' – the way up)
        q.way_in = not (q.becoming or q.reasked or q.follow_up or q.quoted or q.stages or asks_pay(text)) \
            and self._asks_way_in(text) and not self.kb.career_step_named(q.asked) \
            and not (len(q.mentioned) == 1 and self._in_role(q.mentioned[0], q.entities, text))  # 'seit … als OMM'
        if q.way_in:
            q.topic, q.becoming = "lateral_entry", True  # 'Ich bin Fachinformatiker … Wie komme ich da hin?' – the way in
            if not q.mentioned and not q.current:
                q.mentioned = self._way_in_role(text)
        if q.topic in FIGURE_TOPICS and q.follow_up and q.earlier_topic not in FIGURE_TOPICS and turn.confidence < SURE \
                and no_money:
            q.topic = q.earlier_topic  # an unsure money guess without a money word: 'für wen lohnt sich das' after the Fachwirt
        if q.topic in FIGURE_TOPICS and not (q.becoming or q.reasked or q.follow_up) and no_money:
            # a money guess without a money word: the topic of a fact the message meets clearly ('Was für Zahlen
            # messen diese Spinner?' – the KPIs)
            # – or, when the classifier was unsure, its best guess without money ('Was ist das Besondere an der Rolle
            # OMM?': the tasks, which lead with the role's summary)
            q.topic = self._topic_met(text, q.mentioned) or (turn.confidence < SURE and _moneyless_guess(turn)) or q.topic
        pay_context = q.follow_up and q.earlier_topic in FIGURE_TOPICS  # 'und das gesetzliche Minimum?'
        q.floor = "minimum_training_pay" in q.stages or asks_minimum_pay(turn.text, pay_context)
        # whatever the topic classified ('Start 2024, 3. Lehrjahr: was muss der Betrieb laut Gesetz mindestens geben?')
        # – a quoted salary figure is no legal floor ('27.600 als Untergrenze beim OMM-Einstieg')
        if (q.topic in ("salary", "training_pay", "compare") or pay_context or q.floor) \
                and ("minimum_training_pay" in q.stages or (q.floor and not q.quoted)):
            # the legal floor is the same for every role; a role with an Ausbildung named beside it
            # gets its own training pay with the floor of its start year ('im Dialogmarketing im
            # 3. Jahr normalerweise – und das gesetzliche Minimum?')
            trained = [o for o in q.mentioned if self.kb.training(o.id).training]
            if not q.mentioned and GUIDE.search(text):
                # '3. Lehrjahr: Ratgeber-Spanne vs. Mindestvergütung bei Ausbildungsstart 2026?' – the guide's pay of
                # the one role with a training
                role = only_role(self.kb, lambda o: bool(self.kb.training(o.id).training))
                q.mentioned = trained = [role] if role else []
            q.topic = "training_pay" if len(trained) == 1 and q.topic != "compare" else "minimum_pay"

    def _topic_met(self, text: str, mentioned: list[Occupation], strength: float = DETAIL_STRENGTH) -> str | None:
        """The topic of the fact line a message meets clearly, when that is no figure topic."""
        hits = self.search.search(text, mentioned[0].id if len(mentioned) == 1 else None)
        if hits and hits[0].strength >= strength and hits[0].line.topic not in FIGURE_TOPICS:
            return hits[0].line.topic
        return None

    def _asks_after_training(self, turn: Turn, earlier_topic: str | None) -> bool:
        """'und danach?' after the training pay: the salary after the training."""
        return earlier_topic == "training_pay" and leans_back(turn) and bool(_AFTERWARDS.search(turn.text))
