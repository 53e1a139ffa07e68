"""Which fact lines of the knowledge base a question asks for: the best lines of the classified
topic (or of the previous one for a follow-up), a clearly stronger line of another topic, a whole
topic when every matched word belongs to most of its lines, or every line of a kind the question
names ('Welche Tools …?')."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from bot.answers.base import TOPICS
from bot.answers.facts import FactLine
from bot.answers.reply import Reply
from bot.answers.search import FactSearch, Hit
from bot.answers.topics import RENDERERS
from bot.dialogue.turn import Found, Outcome, Turn
from bot.kb.models import NotCovered, Occupation
from bot.kb.queries import KnowledgeBase
from bot.nlp.vocabulary import (ALL_ASKED, DEFINITION, NAMES, OVERVIEW, OVERVIEW_REQUEST, PROFILE, PROFILE_FILLER,
                                WORTH, WORTH_FILLER, ONE_PART, asks_pay, part_named)
from bot.text import STOPWORDS, asked_sentences, key, terms, words

# A hit counts when the question's matched stems are rare enough in the index (summed idf):
# one distinctive word ('Vorbereitungszeit', 'KldB') or two common ones.
MIN_STRENGTH = 3.0
# Further lines of the same topic join the lead fact when they rank this close to it; lines that
# match exactly as well as the lead ('Welche Eigenschaften …?' meets every trait) all join.
CLOSE = 0.7
MAX_LINES = 4
MAX_TIED_LINES = 10
# An item this short that the question names word for word is asked for ('Informatik', 'Social Media', 'HTML/CSS').
ITEM_WORDS = 3
# Up to two lines of other rows that match nearly as well are offered after the lead fact, so a
# question that fits two rows ('Wer hat Kontakt zu Kunden?') is not answered with the wrong one alone
# (and one more for a word of the question none of them meets: `also`).
ALSO_SHARE = 0.75
MAX_ALSO = 2
# Topics answered from figures by stage, year and period: a searched fact line replaces them only
# when the question asks for no money and the line matches strongly.
FIGURE_TOPICS = {"salary", "training_pay", "minimum_pay"}
# A fact line of another topic than the classified one must match this strongly to be answered
# instead, and a line of the classified topic must not match much weaker than the best line.
CROSS_TOPIC_STRENGTH = 3.5
# A profile sentence matched at least this strongly answers a detail ('… auch mit Offline-Marketing zu tun?'); a line
# after a curated gap must match this strongly to be said beside it ('in 10 Jahren wegen KI' met '10. Klasse').
DETAIL_STRENGTH = 5.5
IN_TOPIC_SHARE = 0.75
# … or half as strong when the classifier was this sure of the topic ('Ich bin Fachinformatiker. Kann ich
# ins Online Marketing Management quer einsteigen?' – lateral entry, though 'Informatik' is a study subject).
VERY_SURE, SURE_TOPIC_SHARE = 0.9, 0.5
# Below this the classifier's topic is a guess.
SURE = 0.5
# A message that lists this many topics by their titles asks for the whole profile ('Aufgaben, Ausbildung, Gehalt').
PROFILE_TOPICS = 3
TOPIC_WORDS = {w: topic for topic, (_, title) in TOPICS.items()
               if topic not in ("overview", "compare", "glossary", "sources", "minimum_pay")
               for w in words(title) if len(w) > 4}
# … and the other words that name a topic as a whole ('ueberblick skills omm', 'Überblick über die Prüfung')
# … among them the words that ask for every line of a topic ('Welche Karrierewege gibt es als OMM?')
ALL_OF_TOPIC_WORDS = dict(karrieremoeglichkeiten="career", aufstiegsmoeglichkeiten="career",
                          weiterbildungsmoeglichkeiten="career", karrierewege="career", lernbereiche="training",
                          lerninhalte="training", ausbildungsinhalte="training", aufstiegschancen="career",
                          karrierechancen="career", karrierestufen="career")
TOPIC_WORDS.update(skills="skills", faehigkeiten="skills", taetigkeiten="tasks", anforderungen="requirements",
                   schulabschluss="requirements",
                   pruefung="exam", verdienst="salary", **ALL_OF_TOPIC_WORDS)
# The time a question asks about ('nach der KfD-Ausbildung'), which names no topic of its own.
_AFTER = re.compile(r"\bnach\s+(der|dem|meiner|deiner|seiner|ihrer)\s+(\S+\s+(?=ausbildung|lehre))?\S+", re.I)
# A question whose matched words each occur in at least this share of a topic's lines asks for the topic.
BROAD_SHARE = 0.5
# A question classified as a figure topic is answered with a fact line only when it names no
# stage, year or period and the line matches this strongly.
FIGURE_OVERRIDE_STRENGTH = 5.0
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # a word as typed, hyphenated compounds whole
# An exam part set beside something else ('Gestaltung und Vertrieb von Dienstleistungen oder WiSo – wo hab ich
# mehr Zeit?') is not asked alone.
_SET_BESIDE = re.compile(r"\b(oder|als|vs|versus|l(ä|ae)nger|k(ü|ue)rzer|mehr|weniger|vergleich\w*|unterschied\w*|"
                         r"jeweils)\b|\bund\s+wie\b", re.I)
DASH = re.compile(r"\s[–-]\s")  # a dash between words: what the asker says, then what they ask
_AND = re.compile(r"\s+(?:und|sowie)\s+", re.I)  # between two things asked ('Berufsbezeichnungen und Berufscode')
_LAST_PART = re.compile(DASH.pattern + r"|(?<=[?!.])\s+")  # a dash between words or a sentence's end
# Topics where a thing named only for the other role ('Englisch' for the KfD) gets an honest 'keine Angabe'.
ONLY_OTHER_TOPICS = {"requirements", "skills"}
# Topics whose lines never speak of money, so they never replace the figures a money question asks for.
MONEYLESS_TOPICS = {"training", "exam", "requirements"}
# Topics users do not tell apart: a line of the one answers a question classified as the other as readily as a line
# of its own ('Braucht man als OMM BWL-Wissen?' – a skill, though the classifier calls it a requirement).
KIN_TOPICS = {"requirements": "skills", "skills": "requirements"}


def _kind_outmatched(hits: list[Hit], named: list[FactLine], asked: set[str]) -> bool:
    """Whether a line of another kind meets what the kind's lines meet and at least two more words of the question
    sentence, much more strongly: the kind was named for something else ('Welche Voraussetzung brauche ich, um zur
    Abschlussprüfung zugelassen zu werden?' – the intermediate exam, not the school certificates)."""
    in_kind = next((h for h in hits if h.line in named), None)
    return bool(hits and in_kind and hits[0].line not in named and set(in_kind.matched) < set(hits[0].matched)
                and len((set(hits[0].matched) - set(in_kind.matched)) & asked) >= 2
                and hits[0].strength >= max(DETAIL_STRENGTH, 2 * in_kind.strength))


def titled_topics(asked: str) -> set[str]:
    """The topics question sentences name by their titles – not the time they ask about ('Nach der KfD-Ausbildung:
    Weiterbildung oder Studium?')."""
    return {TOPIC_WORDS[w] for w in words(_AFTER.sub(" ", asked)) if w in TOPIC_WORDS}


def lead(hits: list[Hit], floor: float = MIN_STRENGTH) -> list[FactLine]:
    """The best line if it is strong enough (`floor`), with close runners-up of the same topic and role."""
    if not hits or hits[0].strength < floor:
        return []
    best = hits[0]
    lines = [best.line]
    for hit in hits[1:]:
        if hit.line.topic != best.line.topic or hit.line.occupation != best.line.occupation:
            continue
        tied = abs(hit.strength - best.strength) < 1e-6
        if (tied and len(lines) < MAX_TIED_LINES) or (len(lines) < MAX_LINES and hit.rank >= CLOSE * best.rank):
            lines.append(hit.line)
    return lines + _complements(hits, lines)


def _complements(hits: list[Hit], lines: list[FactLine]) -> list[FactLine]:
    """Lines of the lead's group (its glossary entry, exam, kind of fact) that meet words of the question the
    lines so far do not: 'Was heißt Produkt und Packung und Preise?' asks two of the 8 Ps."""
    group = lines[0].ref.rpartition("/")[0]
    covered = {t for h in hits if h.line in lines for t in h.matched}
    more: list[FactLine] = []
    for hit in hits[1:]:
        if len(lines) + len(more) >= MAX_LINES:
            break
        if hit.line not in lines and hit.line.ref.rpartition("/")[0] == group and set(hit.matched) - covered:
            more.append(hit.line)
            covered |= set(hit.matched)
    return more


def _part_asked(text: str, lines: list[FactLine], hits: list[Hit] = ()) -> int | None:
    """The numbered part of an exam a question asks about, when it is among the lines: named by its number ('sorry,
    ich meinte Teil 3') or, as the one 'Teil' it says, by the title of the one part that meets it best ('Wie lang ist
    der WiSo-Teil?'; not 'der schriftliche Teil', which two parts are)."""
    part = part_named(text)
    numbered = [h for h in hits if h.line.position is not None]
    if part is None and lines and lines[0].position is not None and ONE_PART.search(text) and numbered \
            and numbered[0].line is lines[0] and all(h.strength < numbered[0].strength for h in numbered[1:]):
        part = lines[0].position
    titled = {line.position for line in lines if line.position is not None and _title_named(text, line)}
    if part is None and len(titled) == 1 and not _SET_BESIDE.search(text):
        part = titled.pop()  # 'Wie viel Zeit hat man für Gestaltung und Vertrieb von Dienstleistungen?'
    return part if part is not None and any(line.position == part for line in lines) else None


def _title_named(text: str, line: FactLine) -> bool:
    """Whether a question names a numbered part by every word of its title."""
    # without the first halves of an ellipsis ('Wirtschafts- und Sozialkunde'), which the question is read with in full
    named = set(words(re.sub(r"\w+-\s", " ", line.title))) - STOPWORDS
    return bool(named) and named <= set(words(text))


def _one_part(part: int | None, lines: list[FactLine]) -> list[FactLine]:
    """Only that part of the parts and summaries of its exam."""
    return lines if part is None else [line for line in lines if line.topic != "exam" or line.position == part]


def also(hits: list[Hit], chosen: list[FactLine]) -> list[FactLine]:
    """Lines of other rows (same role or none) that match nearly as strongly as the lead fact."""
    if not hits or not chosen:
        return []
    best = max(h.strength for h in hits)
    role = chosen[0].occupation
    taken = {line.ref for line in chosen}
    covered = {t for h in hits if h.line in chosen for t in h.matched}
    own = [h for h in hits if h.line.ref not in taken and h.line.occupation in (None, role)]
    close = [h for h in own if h.strength >= ALSO_SHARE * best][:MAX_ALSO]
    covered |= {t for h in close for t in h.matched}
    # … and one line that meets a word of the question none of those meets, if it is strong enough on its own ('Was
    # muss ich als OMM an Englisch, Mathe und PC-Kenntnissen mitbringen?' – Mathe)
    adding = next((h for h in own if h not in close and set(h.matched) - covered and h.strength >= MIN_STRENGTH), None)
    return [h.line for h in close] + ([adding.line] if adding else [])


class FactRanking:
    """The fact search of `Dialogue`, read against the classified topic and the conversation."""

    kb: KnowledgeBase
    search: FactSearch
    mentioned_occupations: Callable[[Turn], list[Occupation]]  # from `Roles`

    def _named_topics(self, text: str) -> tuple[list[str], list[str]]:
        """The marketing topics a message names, split in two: subjects, which narrow the search to
        their lines ('Was ist Beziehungsmarketing?'), and topics named by a field that also names a
        role ('Dialogmarketing'), whose lines compete with the role's ('wozu sind die persönlichen
        Gespräche im Dialogmarketing gut?')."""
        fields = {key(field) for field, _ in self.kb.fields()}
        field_topics = {t for alias, t in self.kb.glossary_aliases() if key(alias) in fields}
        named = self.kb.topics_in(text)
        return [t for t in named if t not in field_topics], [t for t in named if t in field_topics]

    def _facts(self, text: str, topics: list[str | None], occupation: Occupation | None,
               figure: bool = False, roles_only: bool = False, strength: float = CROSS_TOPIC_STRENGTH,
               subjects: list[str] | None = None, context: str | None = None, share: float = IN_TOPIC_SHARE) -> Found:
        """The fact lines a question asks for: the best line of the first given topic that has one
        nearly as strong as the best line overall (`share` of it), else a clearly stronger line of another topic;
        none when nothing specific was asked. A question naming a role asks about the role. A
        follow-up too short to stand alone ('und wie viele Aufgaben hat die?') is read together with
        the previous question (`context`), within the previous topic (`topics[0]`)."""
        found = self._ranked_facts(text, topics, occupation, figure, roles_only, strength, subjects, context, share)
        if ALL_ASKED.search(text) and found.lines and found.lines[0].occupation:
            # 'Welche Weiterbildungen gibt es für OMMs? Gib mir alle': every line of the role like the one found
            found = replace(found, lines=self._all_like(found.lines[0]))
        asked = asked_sentences(text)
        if asked == text or not topics or (found.lines and found.lines[0].topic == topics[0]):
            return found
        # what the message says about the asker led elsewhere ('Ich hab grad meinen Hochschulabschluss.
        # Welche Weiterbildung …?' met the requirements): the question alone, if it meets the topic asked
        alone = self._ranked_facts(asked, topics, occupation, figure, roles_only, strength, subjects, context, share)
        return alone if alone.lines and alone.lines[0].topic == topics[0] else found

    def _all_like(self, line: FactLine) -> list[FactLine]:
        """Every line of a role like this one: of its table, kind and topic, in knowledge-base order."""
        table = line.ref.split(":", 1)[0]
        return [other for other in self.search.lines(line.occupation, line.kind)
                if other.ref.split(":", 1)[0] == table and other.topic == line.topic]

    def _ranked_facts(self, text: str, topics: list[str | None], occupation: Occupation | None, figure: bool,
                      roles_only: bool, strength: float, subjects: list[str] | None, context: str | None,
                      share: float) -> Found:
        role = occupation.id if occupation else None
        fields = self._named_topics(text)[1]
        kind = role and not figure and (self.search.kind_named(text, role) or (NAMES.search(text) and "job_title"))
        named = self.search.lines(role, kind) if kind else []
        hits = self.search.search(text, role, subjects=subjects, roles_only=roles_only, fields=fields)
        if named and not _kind_outmatched(hits, named, set(self.search.asked_terms(asked_sentences(text)))):
            # 'Welche Tools nutzt ein OMM im Alltag?', 'und welche Sprachen?': every line of the kind named
            return Found(named + self._beside_kind(text, role, kind))
        if context and topics and topics[0]:
            # a follow-up to a marketing topic stays with it ('welche Fragen stellt man sich dabei?' after the 8th P)
            narrowed = [] if subjects or topics[0] != "glossary" else self._named_topics(context)[0]
            previous = narrowed or subjects
            in_previous = [h for h in (self.search.search(text, role, subjects=previous, roles_only=roles_only,
                                                          fields=fields) if narrowed else hits)
                           if h.line.topic == topics[0]]
            # read with the previous question, a line must still meet what the follow-up adds ('und die Prüfung?')
            own = set(self.search.asked_terms(text))
            together = [h for h in self.search.search(f"{context} {text}", role, subjects=previous,
                                                      roles_only=roles_only, fields=fields)
                        if h.line.topic == topics[0] and (not own or own & set(h.matched))]
            here = max([h.strength for h in in_previous[:1] + together[:1]], default=0.0)
            # the previous topic – unless the follow-up alone fits another topic better than the previous
            # topic fits both questions together ('und wie viele Stunden die Woche arbeitet man da?')
            elsewhere = hits and hits[0].line.topic != topics[0] and hits[0].strength > max(strength, here)
            # inside the marketing topic asked before (or named), a weaker word is enough ('Fragen' for 'Leitfragen')
            floor = IN_TOPIC_SHARE * MIN_STRENGTH if narrowed or subjects else MIN_STRENGTH
            previous_lines = lead(in_previous, floor) or lead(together, floor)
            if not elsewhere and previous_lines:
                return Found(_one_part(_part_asked(text, previous_lines), previous_lines))
        if not hits or (share < IN_TOPIC_SHARE and role and topics and topics[0] not in (None, "glossary") and
                        not any(line.topic == topics[0] for line in self.search.lines(role)) and
                        not self._rarest(text) <= set(hits[0].matched)):
            # a sure topic without lines for this role is answered as a whole, unless the best line meets the
            # question's rarest word ('seit Jahren … Hauptschulabschluss … Geht das?' is no question about the
            # training's length; 'als Servicefachkraft … noch KfD werden?' is one about its credit)
            return Found()
        best = hits[0].strength
        found: list[FactLine] = []
        if not figure:
            for wanted in topics:
                in_topic = [h for h in hits if h.line.topic == wanted]
                if in_topic and in_topic[0].line.kind == "summary" and in_topic[0].strength < best \
                        and hits[0].rank > in_topic[0].rank:
                    # a summary line stands for the whole profile, no detail that holds a line of another topic
                    # off that is stronger by both measures ('Was macht ein Senior OMM?' – the career step)
                    in_topic = [h for h in in_topic if h.line.kind != "summary"]
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
        part = _part_asked(text, found, hits)
        if part is not None:  # 'falsch, ich meinte Teil 4'
            found = _one_part(part, found)
            return Found(found, _one_part(part, also(hits, found)), strength=top.strength if top else 0.0)
        if top and top.line.occupation and top.matched and top.line.topic in RENDERERS:
            asking_all = self._all_of_topic_terms(text, top.line.topic)
            if all(t in asking_all or self.search.share(t, top.line.topic, top.line.occupation) >= BROAD_SHARE
                   for t in top.matched):
                # 'Welche Prüfungen gibt es?', 'Welche Karrierewege gibt es als OMM?' – the topic, met by words its
                # lines share or by a word that asks for all of it
                return Found(broad=top.line.topic, role=top.line.occupation)
        if top and top.line.kind and top.line.occupation and any(
                self.search.share(t, top.line.topic, top.line.occupation, top.line.kind) == 1.0 for t in top.matched):
            # a word every line of the lead's kind has ('Welche persönlichen Eigenschaften …?'): all of them,
            # besides the close lines of other kinds already found
            kind = self.search.lines(top.line.occupation, top.line.kind)
            found = kind + [line for line in found if line not in kind]
        found = found + self._items_named(text, found)
        return Found(found, also(hits, found), strength=top.strength if top else 0.0)

    def _beside_kind(self, text: str, role: str, kind: str) -> list[FactLine]:
        """The line another part of the question asks for, joined to the kind's by 'und' ('Welche Berufsbezeichnungen
        und welchen Berufscode gibts für den OMM?' – the titles and the code)."""
        beside: list[FactLine] = []
        parts = _AND.split(text)
        for part in parts if len(parts) > 1 else []:
            hits = self.search.search(part, role, roles_only=True)
            if hits and hits[0].strength >= MIN_STRENGTH and all(h.line.kind != kind for h in hits):
                beside.append(hits[0].line)
        return beside

    def _items_named(self, text: str, found: list[FactLine]) -> list[FactLine]:
        """The other lines of the lead's kind whose short item the question names word for word ('Wirtschaftsinformatik
        oder Informatik?' – both subjects, though the longer one meets more of the question's words)."""
        if not found or not found[0].kind or not found[0].occupation:
            return []
        said = f" {' '.join(words(text))} "
        return [line for line in self.search.lines(found[0].occupation, found[0].kind) if line not in found
                and 0 < len(item := words(line.text[len(line.lead):])) <= ITEM_WORDS and f" {' '.join(item)} " in said]

    def _all_of_topic_terms(self, text: str, topic: str) -> set[str]:
        """The search terms of the asked words that want all of a topic ('Karrierewege' – 'karri')."""
        return {t for w in words(asked_sentences(text)) if ALL_OF_TOPIC_WORDS.get(w) == topic
                for t in self.search.asked_terms(w)}

    def _field_only(self, turn: Turn, text: str) -> bool:
        """Whether the message names a role only by its field, which is also a marketing topic
        ('Dialogmarketing'), and not by a title."""
        return bool(self._named_topics(text)[1]) and not self.mentioned_occupations(turn) \
            and not self.kb.resolve_occupation(text, in_scope_only=True)

    def _asks_definition(self, text: str) -> bool:
        """Whether the question sentences ask what a named term is and nothing else ('Was ist das?',
        'worum geht's dabei?', 'was heißt das auf Deutsch?')."""
        asked = asked_sentences(text)
        return bool(DEFINITION.search(asked)) and not self.search.asked_terms(DEFINITION.sub(" ", asked))

    @staticmethod
    def _lists_topics(text: str) -> bool:
        """Whether the question sentences name several topics by their titles ('Aufgaben, Ausbildung, Gehalt')."""
        return len(titled_topics(asked_sentences(text))) >= PROFILE_TOPICS

    @staticmethod
    def _topic_overview(text: str) -> str | None:
        """The one topic a message asks an overview of by its title ('Gib mir einen Überblick über die Ausbildung')."""
        asked = asked_sentences(text)
        named = titled_topics(asked)
        return named.pop() if OVERVIEW.search(asked) and len(named) == 1 else None

    def _without_overview_request(self, text: str) -> str:
        """A message without an overview asked for at its end ('Arbeitsmarkt für OMM – kurzer Überblick?', '… ?
        Überblick pls'): an overview of what the message names before, not the role's summary – nor a line that
        says 'Übersicht' ('Was muss man als OMM alles können? Gib mir ne Übersicht')."""
        *said, last = [p for p in _LAST_PART.split(text) if p.strip()] or [text]
        if said and OVERVIEW_REQUEST.search(last) and not self.search.asked_terms(OVERVIEW_REQUEST.sub(" ", last)):
            return " ".join(said)
        return text

    def _asks_profile(self, text: str, overview: bool) -> bool:
        """Whether a message asks about a role as a whole: it lists several topics ('Kurzprofil KfD: Aufgaben,
        Ausbildung, Gehalt'), or its question sentences name nothing in particular and say so ('Können Sie mir
        erklären, was ein KfD eigentlich macht?', 'Was ist KfD für ein Beruf?') or the classifier called it an
        `overview` and the rest names nothing either ('Ich bin eher schüchtern. Ist KfD dann was für mich?' asks
        about shyness)."""
        if self._lists_topics(text):
            return True
        asked = asked_sentences(text)

        def particular(part: str) -> list[str]:
            return self.search.asked_terms(PROFILE_FILLER.sub(" ", PROFILE.sub(" ", DEFINITION.sub(" ", part))))
        if not particular(asked) and (bool(PROFILE.search(asked)) or (overview and not particular(text))):
            return True
        # … or in the part after a dash ('OMM in Stellenanzeigen – was steckt da eigentlich dahinter?')
        *said, last = DASH.split(asked)
        return bool(said) and bool(PROFILE.search(last)) and not particular(last)

    def _asks_worth(self, text: str) -> bool:
        """Whether a message asks if a role or its training is worth it and nothing in particular ('Lohnt sich die
        Ausbildung zur KfD überhaupt?'): the profile answers it, with the pay after the training and the demand."""
        asked = asked_sentences(text)
        return bool(WORTH.search(asked)) and not self.search.asked_terms(
            WORTH_FILLER.sub(" ", PROFILE_FILLER.sub(" ", WORTH.sub(" ", asked))))

    def _rarest(self, text: str) -> set[str]:
        """The question's stems that the fewest fact lines have."""
        asked = {t: self.search.idf(t) for t in self.search.asked_terms(text)}
        rarest = max(asked.values(), default=0.0)
        return {t for t, idf in asked.items() if idf == rarest}

    def _only_other_roles(self, text: str, occupation: Occupation) -> str | None:
        """The honest note on a thing the question asks about that the knowledge base names only for the other
        role ('Brauche ich für die Ausbildung im Dialogmarketing Englischkenntnisse?'), with that role's line."""
        others = {o.id for o in self.kb.occupations(in_scope=True)} - {occupation.id}
        asked = asked_sentences(text)
        # a thing (a capitalised word inside a sentence), not a way of asking ('unbedingt', 'normalerweise')
        nouns = [m.group() for m in _WORD.finditer(asked) if m.group()[0].isupper() and asked[m.start() - 1:m.start()] == " "]
        for word in nouns:
            indexed = set(self.search.asked_terms(word))
            for term in terms(word):
                if term in indexed and self.search.owners(term, said=True) & others and self.search.owners(term) <= others:
                    hits = self.search.search(word, None, roles_only=True)
                    lines = [h.line for h in hits if h.line.occupation in others and h.line.topic in ONLY_OTHER_TOPICS]
                    if lines:
                        other = self.kb.occupation(lines[0].occupation)
                        return (f"Zu „{word}“ habe ich für {occupation.name_neutral} keine geprüfte Angabe – meine "
                                f"Quellen nennen es nur für {other.name_neutral}: {lines[0].cited}")
        return None

    @staticmethod
    def _gap_text(gap: NotCovered) -> str:
        note = f" {gap.note}" if gap.note else ""
        about = re.sub(r"^Zu dem ", "Zum ", re.sub(r"^Zu der ", "Zur ", f"Zu {gap.label}"))
        return f"{about} habe ich keine geprüfte Angabe – meine Quellen sagen dazu nichts.{note}"

    def _gap_alone(self, gap: NotCovered, occupation: Occupation | None) -> str:
        """The gap said on its own; asked of no role, with the roles the bot knows ('Wie schwer ist der
        Einstellungstest bei der Polizei?' may be about another job)."""
        if occupation is not None:
            return self._gap_text(gap)
        names = " und ".join(o.name_neutral for o in self.kb.occupations(in_scope=True))
        return f"{self._gap_text(gap)} Ich kenne mich mit {names} aus."

    def _gap_only(self, gap: NotCovered, occupation: Occupation | None) -> Outcome:
        """The gap on its own as the whole answer, logged for `kb gaps`."""
        return Outcome([Reply(self._gap_alone(gap, occupation))], unanswered=True, reason=self._gap_reason(gap))

    @staticmethod
    def _gap_reason(gap: NotCovered) -> str:
        """Why a turn stays unanswered, for `kb gaps`: the curated gap's id."""
        return f"nicht belegt: {gap.id}"

    def _after_gap(self, outcome: Outcome, gap: NotCovered | None) -> Outcome:
        """The answer with the honest note about a curated gap first ('Was verdienen KfD und OMM netto?' – the
        gross figures after it), logged for `kb gaps`."""
        if gap:
            outcome.replies[0].text = f"{self._gap_text(gap)}\n\n{outcome.replies[0].text}"
            outcome.unanswered, outcome.reason = True, self._gap_reason(gap)
        return outcome
