"""Which role a message names – by title, by field, by a word of one title in a correction, or a job
the knowledge base does not know – and whether it names nothing else (a correction re-asks the
previous question)."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable, Iterable

from bot.answers.reply import Button, Reply, intent_payload
from bot.answers.search import FactSearch
from bot.dialogue.ranking import FIGURE_TOPICS
from bot.dialogue.other_roles import other_occupation
from bot.dialogue.turn import (CORRECTION_WORDS, YEARS_COMPARED, Outcome, Turn, earlier_question, entity_values,
                               remember)
from bot.kb.models import Occupation
from bot.kb.queries import KnowledgeBase
from bot.nlp.vocabulary import QUESTION, asks_pay, ordinals_in
from bot.text import fold, key, terms

INFORM_OCCUPATION = "inform_occupation"
# 'statistic' (one quartile asked) is read from the text by `Dialogue.respond`, not by the NLU.
FIGURE_ENTITIES = ("career_stage", "training_year", "years_experience", "period", "start_year", "statistic")
# Entities that each say where in working life a figure is asked: a correction naming one replaces all.
STAGE_ENTITIES = {"career_stage", "years_experience", "training_year"}
# "und im dritten Jahr?", "wie lange dauert die?": a follow-up that leans on the previous turn.
FOLLOW_UP = re.compile(r"^\s*(und|aber|also|auch|dann|da|wie lange|wie viel|wieviel|was ist mit|und wenn)\b", re.I)
FOLLOW_UP_MAX_WORDS = 5
# A course, step or job just named, pointed at ('Welche KldB-Kennziffer hat dieser Weiterbildungsabschluss?').
_THIS = r"\bdiese[rsmn]?\s+"
THIS_ONE = re.compile(_THIS + r"(weiterbildung|abschluss|weiterbildungsabschluss|fortbildung|kurs|studium|"
                      r"schritt|position|stelle|job|beruf|rolle)\b", re.I)
# … or any word pointed at ('dieser Betriebswirt').
POINTED = re.compile(_THIS + r"(\w+)", re.I)
# A role set aside before the one meant: 'nicht omm, kfd meinte ich', 'nicht den OMM, sondern die Kauffrau'.
_NOT_THIS_ROLE = re.compile(r"\bnicht\s+(?:den|die|der|das|als|beim|bei|zum|zur)?\s*(\S+(?:\s+\S+){0,3}?)\s*"
                            r"(?:,|\bsondern\b)", re.I)
# Words that point back at what was just said ('welche Fragen stellt man sich dabei?', 'wo kommen die meisten von
# denen her?'): a message this short that names no role of its own follows up the previous question.
# 'um so viel zu bekommen' points back at the amount just said
SO_MUCH = re.compile(r"\bso\s+(viel|wenig|hoch)\b", re.I)
# 'das' standing alone ('schaffen die meisten das?', 'über welche kanäle läuft das hauptsächlich?', 'kostet das was?') –
# not 'das Fachgespräch'; 'da' after 'gibt es' ('gibts da noch was extra oben drauf')
ANAPHOR = re.compile(r"\b(dabei|daf(ü|ue)r|dazu|davon|darin|damit|daran|darauf|dar(ü|ue)ber|dagegen|dadurch|denen|deren|sowas|"
                     r"so\s+was)\b|"
                     r"\bdas\b(?=\s*(\?|$|\b(haupts(ä|ae)chlich|eigentlich|(ü|ue)berhaupt|gar|denn|auch|wirklich|noch|"
                     r"immer|meistens|normalerweise|genau|was|etwas|lange|viel)\b))|\bgibt'?\s*(s|es)?\s+da\b|"
                     # where to start with what was just said ('womit fängt man am besten an?')
                     r"\b(womit|wie|wo)\s+(f(ä|ae)ngt|fange?|beginnt|beginne|startet|starte)\s+(man|ich)\b|"
                     # a number without its noun ('gibt's auch ein viertes? was wäre da das minimum?')
                     r"\b(ein|das|im)\s+(erste|zweite|dritte|vierte|f(ü|ue)nfte)[ns]?\s*[?!.,]|"
                     # an example of it ('gib mal ein praxisbeispiel aus einer echten firma')
                     r"\b(ein|nen|einem)\s+(\w+\s+)?(praxis)?beispiel\b|"
                     # a figure pointed at ('Auf wie vielen Beschäftigten beruht dieser Wert?')
                     r"\bdiese[rsmn]?\s+(wert|werte|zahl|zahlen|angabe|angaben|statistik|betrag)\b|"
                     + THIS_ONE.pattern + "|" + SO_MUCH.pattern, re.I)
ANAPHOR_MAX_WORDS = 10
# 'meine' alone only as the verb ('nein, meine eigentlich den OMM'), not 'meine Tochter'
CORRECTION = re.compile(r"\b(meinte|meine(?=\s+(ich|eigentlich|doch|nat(ü|ue)rlich|den|die|das|der|dem|eine?n?|nicht|"
                        r"was|wie)\b|\s*([,.!?]|$))|ich\s+meine?|gemeint|wollte|korrektur|korrigiere|pardon|sorry|"
                        r"entschuldigung|sondern|"
                        r"(?<!oder\s)nein|nee|doch|"
                        r"eher|lieber|falsch(e[rsn]?)?|quatsch|ups|oops)\b",
                        re.I)
# A correction that names what it did not mean before what it meant ('nee, nicht beziehungsmarketing – dialogmarketing
# als begriff', 'nein, nicht die Aufgaben, sondern die Ausbildungsinhalte').
_DENIED = re.compile(r"^\W*(?:(?:nein|nee|ne|nö|noe|sorry|quatsch)\b[\s,!.]*)?nicht\s+(?P<denied>[^–,;:?!.]{1,60}?)"
                     r"(?:\s+[–-]\s*|\s*,\s*(?:sondern\s+)?|\s+sondern\s+|\s*[;:]\s*)(?P<meant>\w.*)$", re.I | re.S)
# 'Was ist damit beim Marketing gemeint?' asks what a term means – no correction ('ich hab den OMM gemeint').
_MEANT = re.compile(r"\bwas\s+(ist|sind|wird|war)\b[^?.!]*\bgemeint\b", re.I)
# A correction without a question of its own ('Moment, ich meinte eigentlich Kaufmann im Dialogmarketing',
# 'achso nee, eigentlich interessiert mich das für OMM') re-asks the previous question for that role.
_OTHER = re.compile(r"\b(ander(e|en|er|es)?|anderem)\b", re.I)  # 'nee, ich meinte die andere Ausbildung'
# 'ne, ich brauch die vom Online Marketing Manager', 'und wie ist das beim OMM?': the same thing for another role
_SAME_FOR = re.compile(r"\b(die|den|das|der|dasselbe|dieselbe|dieselben|gleiche)\s+(vo[nm]|f(ü|ue)rs?|bei[m]?)\b", re.I)
# A short answer to the bot's question which role is meant ('dialog', 'den zweiten', 'beide bitte').
CHOICE_MAX_WORDS = 4
_BOTH_CHOSEN = re.compile(r"\b(beide[snr]?|both)\b", re.I)
_FIRST = re.compile(r"\b(erste[nrs]?|1\.?)(?!\w)", re.I)
_SECOND = re.compile(r"\b(zweite[nrs]?|2\.?|letzte[nrs]?)(?!\w)", re.I)


def leans_back(turn: Turn) -> bool:
    """Whether a message is too short or too anaphoric to stand alone ('und im dritten?', 'reichen da Grundlagen?')."""
    size = len(turn.text.split())
    return bool(FOLLOW_UP.match(turn.text)) or size <= FOLLOW_UP_MAX_WORDS or (
        size <= ANAPHOR_MAX_WORDS and bool(ANAPHOR.search(turn.text)) and not entity_values(turn.entities, "occupation"))


def denied_and_meant(text: str) -> tuple[str, int] | None:
    """What a correction says it did not mean, and where what it meant starts ('nee, nicht beziehungsmarketing –
    dialogmarketing als begriff')."""
    match = _DENIED.match(text)
    return (match.group("denied"), match.start("meant")) if match else None


# A slip corrected inside one message ('im 2. lehrjahr äh nein im 3.', 'Einstiegsgehalt KfD – sorry, ich meine OMM'):
# what follows the marker replaces the same kind of thing before it.
_SLIP = re.compile(r"\b(ähm?|aehm?|(?<!oder\s)nein|nee|sorry|korrektur|ich\s+mein(e|te)|(?<!im\s)moment|quatsch|ups|"
                   r"oops|pardon)\b|"
                   # 'ne' between commas ('Welche Tools braucht man als KfD, ne, als OMM?'), not 'ne Frage', 'oder ne?'
                   r"(?:(?<=[,;–…-])|(?<=[,;–…-]\s))ne\b(?=\s*,|\s+(sorry|ich|quatsch)\b)", re.I)
# The numbers a slip may concern: years, training years, exam parts, the 8 Ps ('Teil 3, ähm, ich meine Teil 4').
_NUMBER = re.compile(r"(?<![\w.])(\d{1,4}\.?|(erste|zweite|dritte|vierte)[nrs]?)(?!\w)", re.I)


_NAME_WORD = re.compile(r"\w+")


def _number_kind(word: str) -> str:
    return "year" if len(word.rstrip(".")) == 4 else "small"


def slip_corrected(turn: Turn, names: Iterable[str] = (),
                   names_step: Callable[[str], bool] = lambda text: False) -> Turn:
    """A message without what its writer corrected in it: an entity, one of the `names` (the exams') or a number
    before a correcting word that one of the same kind after it replaces, blanked out of the text (positions stay) and
    dropped from the entities – not when the message sets things side by side ('2024 oder 2025?'). A role known only
    as a career step after it (`names_step`) replaces the role before ('Welche KldB hat der OMM? Sorry, ich meinte
    eigentlich den Betriebswirt Callcentermanagement.')."""
    slip = _SLIP.search(turn.text)
    if not slip or not turn.text[:slip.start()].strip() or YEARS_COMPARED.search(turn.text):
        return turn
    later = [e for e in turn.entities if e.get("start") is not None and e["start"] >= slip.end()]
    if names_step(turn.text[slip.end():]):
        later.append({"entity": "occupation"})
    spans = [(e["start"], e["end"]) for e in turn.entities if e.get("end") is not None and e["end"] <= slip.start()
             and any(o.get("entity") == e.get("entity") for o in later)]
    # 'Wie lange dauert die Zwischenprüfung, sorry, ich meine die Abschlussprüfung?'
    folded = {fold(n) for n in names}  # read only here: most messages correct nothing
    named = [(m, next((n for n in folded if fold(m.group()).startswith(n)), None))
             for m in _NAME_WORD.finditer(turn.text)]
    meant = {name for m, name in named if name and m.start() >= slip.end()}
    spans += [m.span() for m, name in named if name and m.end() <= slip.start() and meant - {name}]
    number = _NUMBER.search(turn.text, slip.end())
    if number:  # the last number before the slip of the same kind ('Teil 3, ähm, ich meine Teil 4')
        earlier = [m for m in _NUMBER.finditer(turn.text, 0, slip.start())
                   if _number_kind(m.group()) == _number_kind(number.group())]
        spans += [earlier[-1].span()] if earlier else []
    if not spans:
        return turn
    text = turn.text
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    kept = [e for e in turn.entities if e.get("start") is None or
            not any(start < e["end"] and e["start"] < end for start, end in spans)]
    return replace(turn, text=text, entities=kept + _number_meant(turn.entities, kept, number))


def _number_meant(entities: list[dict[str, Any]], kept: list[dict[str, Any]],
                  number: re.Match | None) -> list[dict[str, Any]]:
    """The year a slip's number names when the entity rules did not mark it ('im 2. lehrjahr äh nein im 3.')."""
    dropped = {e.get("entity") for e in entities if e not in kept} & {"training_year", "start_year"}
    if number is None or len(dropped) != 1 or any(e.get("entity") in dropped for e in kept):
        return []
    kind = dropped.pop()
    values = {int(number.group().rstrip("."))} if kind == "start_year" else ordinals_in(number.group())
    return [{"entity": kind, "value": str(values.pop()), "start": number.start(), "end": number.end()}] \
        if len(values) == 1 else []


# A doubt about the answer before ('bist du sicher? meine cousine hat gesagt es sind nur drei teile').
_DOUBT = re.compile(r"\bbist\s+du\s+(dir\s+)?sicher\b|\bstimmt\s+das\b", re.I)


def continues(turn: Turn, earlier: dict[str, Any]) -> bool:
    """Whether a message goes on with the question before: it leans back, corrects or doubts it ('nein, ich meinte
    wie viel er VERDIENT'), or names only a new year or stage for that question's figures ('oh, ich fange ja 2025 an,
    nicht 2024')."""
    topic = earlier.get("topic")
    return bool(topic) and (leans_back(turn) or bool(CORRECTION.search(turn.text) or _DOUBT.search(turn.text)) or (
        topic in FIGURE_TOPICS and any(entity_values(turn.entities, n) for n in FIGURE_ENTITIES)))


class Roles:
    """The role handling of `Dialogue`: which role a message names, and corrections."""

    kb: KnowledgeBase
    search: FactSearch

    def _occupation(self, value: str) -> Occupation | None:
        found = self.kb.occupation(value) or self.kb.resolve_occupation(value)
        return found if found and found.in_scope else None

    def mentioned_occupations(self, turn: Turn) -> list[Occupation]:
        found: dict[str, Occupation] = {}
        for value in entity_values(turn.entities, "occupation"):
            occupation = self._occupation(value)
            if occupation:
                found.setdefault(occupation.id, occupation)
        return list(found.values())

    def _other_role(self, turn: Turn) -> str | None:
        """A job title the knowledge base does not know ('Erzieherin', 'Kauffrau für Büromanagement');
        words it knows in any fact or keyword ('Quereinsteiger', 'Teamleiter') are not other roles."""
        spans = [(e["start"], e["end"]) for e in turn.entities if e.get("start") is not None and e.get("end") is not None]
        return other_occupation(turn.text, spans, self._knows_word, self._in_scope_title, self.search.says_person)

    def _knows_word(self, word: str, keywords: bool = True) -> bool:
        return bool(self.kb.resolve_occupation(word) or self.kb.resolve_topic(word)
                    or self.search.knows(word, keywords))

    def _in_scope_title(self, title: str) -> bool:
        found = self.kb.resolve_occupation(title)
        return bool(found and found.in_scope)

    def ask_for_occupation(self, topic: str, ask_entities: list[dict[str, Any]], text: str) -> Outcome:
        occupations = self.kb.occupations(in_scope=True)
        names = " oder ".join(f"„{o.name_neutral}“" for o in occupations)
        buttons = [Button(o.name_neutral, intent_payload(INFORM_OCCUPATION, occupation=o.id)) for o in occupations]
        return Outcome([Reply(f"Gern! Um welchen Beruf geht es dir – {names}?", buttons)],
                       {"pending_topic": remember(topic, ask_entities, text)})

    def re_asks(self, turn: Turn) -> bool:
        """Whether a message only names a role (or stage, year, period) for the question asked before."""
        earlier = earlier_question(turn)
        return earlier.get("topic") is not None and self._names_role_only(turn, self._named_occupations(turn))

    def _names_role_only(self, turn: Turn, named: list[Occupation]) -> bool:
        """A message that names a role and asks nothing of its own besides a stage, year or period
        ('sorry, Kauffrau meinte ich', 'nein, als Trainee beim OMM', 'Und als Kaufmann?', a role button)."""
        if turn.text.startswith("/"):
            return turn.intent == INFORM_OCCUPATION
        figures = any(entity_values(turn.entities, name) for name in FIGURE_ENTITIES)
        corrects = CORRECTION.search(turn.text) or _SAME_FOR.search(turn.text)
        if turn.intent != INFORM_OCCUPATION and not (named and (FOLLOW_UP.match(turn.text) or corrects)) \
                and not (figures and CORRECTION.search(turn.text)):  # 'ups falsch, ich fang erst 2026 an'
            return False
        rest = turn.text
        if named and corrects and not QUESTION.search(rest):
            # 'nee, ich meinte den Fachwirt Online Marketing' names a career step, not only the role of its field
            return (not asks_pay(rest) or self._asked_pay_before(turn)) and not self.kb.career_step_named(rest)
        for e in sorted((e for e in turn.entities if e.get("start") is not None), key=lambda e: -e["start"]):
            rest = rest[:e["start"]] + " " + rest[e["end"]:]
        titles = self._title_words()
        return not asks_pay(rest) and not [t for t in self.search.asked_terms(rest)
                                           if t not in CORRECTION_WORDS and t not in titles]

    def _named_occupations(self, turn: Turn) -> list[Occupation]:
        """Roles named in this message: by title (entities, and the text where the tokenizer split a
        title oddly or a typo needs the close match), else by field."""
        named = self.mentioned_occupations(turn)
        for occupation in self.kb.occupations_in(turn.text):
            if occupation not in named:
                named.append(occupation)
        if not named:  # a title or, last, a field spelled loosely ('trainee online marketting')
            found = self.kb.resolve_occupation(turn.text, in_scope_only=True) or self.kb.occupation_from_field(turn.text)
            named = [found] if found else []
        if len(named) > 1:
            aside = [o for m in _NOT_THIS_ROLE.finditer(turn.text) for o in self.kb.occupations_in(m.group(1))]
            named = [o for o in named if o not in aside] or named
        corrects = CORRECTION.search(turn.text) and not _MEANT.search(turn.text)
        if not named and (corrects or FOLLOW_UP.match(turn.text)) and not self._other_role(turn):
            # 'sorry, Kauffrau meinte ich', 'und als Kauffrau?': in a correction or a follow-up a word of one role's
            # title names that role
            titles = self._title_words()
            roles = {titles.get(t) for t in terms(turn.text)} - {None}
            named = [self._occupation(roles.pop())] if len(roles) == 1 else []
            if not named and corrects:  # 'nein, die Fachkraft meinte ich' after the specialists in Dialogmarketing
                named = self._named_in_earlier_field(turn)
            current = turn.slots.get("occupation")
            # 'nee, den anderen Beruf' – not 'und andere Sprachen?', more lines of a kind the role has
            if not named and current and _OTHER.search(turn.text) and not self.search.kind_named(turn.text, current):
                others = [o for o in self.kb.occupations(in_scope=True) if o.id != current]
                named = others if len(others) == 1 else []
        return named

    def _chosen_roles(self, turn: Turn) -> list[Occupation]:
        """The roles a short reply picks right after the bot asked which one is meant: both ('beide bitte'), one by
        its place in the question ('den zweiten') or by the start of a word of its title or field ('dialog',
        'online')."""
        if not turn.slots.get("pending_topic") or len(turn.text.split()) > CHOICE_MAX_WORDS:
            return []
        offered = self.kb.occupations(in_scope=True)
        if _BOTH_CHOSEN.search(turn.text):
            return offered
        figures = any(entity_values(turn.entities, name) for name in FIGURE_ENTITIES)  # 'und im zweiten?' is a year
        if len(offered) == 2 and not figures and bool(_FIRST.search(turn.text)) != bool(_SECOND.search(turn.text)):
            return [offered[0] if _FIRST.search(turn.text) else offered[1]]
        names = [(key(w), o.id) for o in offered for w in re.findall(r"[^\W\d_]+", f"{o.name_male} {o.name_female}")] + \
            [(key(w), role) for field, role in self.kb.fields() for w in re.findall(r"[^\W\d_]+", field)]
        picked = {role for word in re.findall(r"[^\W\d_]{4,}", turn.text)
                  for name, role in names if len(name) >= 6 and name.startswith(key(word))}
        return [self._occupation(picked.pop())] if len(picked) == 1 else []

    def _named_in_earlier_field(self, turn: Turn) -> list[Occupation]:
        """The role a word of a correction names in the field the question before named: 'Fachkraft' after the
        median of the 'Spezialisten im Dialogmarketing' are the 'Fachkräfte im Dialogmarketing'."""
        earlier = key(earlier_question(turn).get("text") or "")
        fields = [field for field, _ in self.kb.fields() if key(field) in earlier]
        for word in re.findall(r"[^\W\d_]{4,}", turn.text):
            for field in fields:
                found = self._occupation(f"{word} im {field}")
                if found:
                    return [found]
        return []

    @staticmethod
    def _asked_pay_before(turn: Turn) -> bool:
        return earlier_question(turn).get("topic") in ("salary", "training_pay", "minimum_pay", "compare")

    def _title_words(self) -> dict[str, str]:
        """Stems of the in-scope titles that only one role's title has: 'kauffrau' → kfd, 'manag' → omm."""
        owners: dict[str, set[str]] = {}
        for occupation in self.kb.occupations(in_scope=True):
            for word in terms(f"{occupation.name_male} {occupation.name_female}"):
                owners.setdefault(word, set()).add(occupation.id)
        return {word: ids.pop() for word, ids in owners.items() if len(ids) == 1}
