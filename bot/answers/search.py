"""Finds the fact a question asks for: SQLite FTS5 (bm25) over the stems of every fact line and
its keywords from the knowledge base. Role names are left out of the query – they say whose
fact it is, not which one – so 'Welche Kennzahlen verfolgt ein OMM?' meets the KPI row."""
from __future__ import annotations

import math
import os
import re
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import sqlite_utils

from bot.answers.facts import FACT_LEAD, FactLine, fact_lines
from bot.kb.queries import KnowledgeBase
from bot.kb.models import NotCovered
from bot.nlp.vocabulary import COURSE_WORDS
from bot.text import key, particle_verbs, stem, terms, words

HEAD_WEIGHT = 0.5


# Feminine and plural endings of a person noun ('Beraterinnen' → 'berater').
_PERSON_ENDING = re.compile(r"(?<=er)(in|innen|n)$")
# 'Woher weiß man, ob das was bringt?' asks how one knows – not where anyone comes from.
_HOW_ONE_KNOWS = re.compile(r"\bwoher\s+wei(ß|ss)\s+(man|er|sie|ich|du|ihr|der|die)\b", re.I)
# The asker's age ('mit 44', 'Mitte 40', 'bin 52', '43 Jahre alt') is no figure of a fact ('40–50 Stunden').
_AGE = re.compile(r"\b(?:(?:mit|bin|ab)\s+)?(?:mitte|ende|anfang)\s+\d0\b|"
                  r"\b(?:mit|bin)\s+\d{2}\b(?!\s*(?:stunden|std|h\b|%|prozent|€|euro|k\b|tsd|tausend|\.\d))|"
                  r"\b\d{2}\s+jahre\s+alt\b", re.I)
# What a question leaves out is not what it asks for ('Was macht ein KfD außer telefonieren?').
_EXCEPT = re.compile(r"\b(?:au(?:ß|ss)er|abgesehen\s+von)\s+(?:(?:dem|der|den|das)\s+)?[\w-]+", re.I)
# 'Alles zum Thema Sprachen' asks about the languages, not about a line that says 'Thema'.
_ON_THE_SUBJECT = re.compile(r"\b(?:zum|zu\s+dem|beim|ums|(?:ü|ue)ber\s+das)\s+thema\b", re.I)
# A teacher ('Lehrerin', 'Lehrkraft', 'Lehramt') is who asks or who said something, not the training ('Lehre').
_TEACHER = re.compile(r"\blehr(?:er(?:in(?:nen)?)?|kr(?:ä|ae)ft(?:e|en)?|amt)\b", re.I)
# Every year at once ('Ausbildung Gehalt alle Jahre', 'in allen Lehrjahren') asks for each year's figure, not about
# years.
_EVERY_YEAR = re.compile(r"\b(?:in\s+)?(?:alle[mn]?|jede[ms]?)\s+(?:lehr|ausbildungs)?jahr(?:e|en)?\b", re.I)
# How long someone has been in a job ('Mein Mann ist seit 3 Jahren Kaufmann …') is who asks, not the training's
# length.
_FOR_YEARS = re.compile(r"\bseit\s+(?:\d+|einem|zwei|drei|vier|f(?:ü|ue)nf|sechs|sieben|acht|neun|zehn|ein\s+paar|"
                        r"vielen|mehreren)\s+jahr(?:e|en)?\b", re.I)
# Words of a question that ask for nothing the facts say.
_UNASKED = (_HOW_ONE_KNOWS, _AGE, _EXCEPT, _ON_THE_SUBJECT, _TEACHER, _EVERY_YEAR, _FOR_YEARS)


@dataclass(frozen=True)
class Hit:
    line: FactLine
    rank: float  # bm25, higher is better
    strength: float  # summed idf of the question's stems found in the line
    matched: tuple[str, ...] = ()  # those stems


class FactSearch:
    """One in-memory FTS5 index per process, rebuilt when the knowledge base's content changes."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._lock = threading.Lock()
        self._version: str | None = None
        self._db: sqlite_utils.Database | None = None
        self._lines: dict[str, FactLine] = {}
        self._stems: dict[str, set[str]] = {}
        self._said_stems: dict[str, set[str]] = {}
        self._heads: dict[str, set[str]] = {}  # stems a line has only as the head of one of its compounds
        self._idf: dict[str, float] = {}
        self._role_words: set[str] = set()
        self._role_keys: set[str] = set()
        self._topic_keys: set[str] = set()
        self._vocabulary: set[str] = set()
        self._said: set[str] = set()
        self._said_persons: set[str] = set()  # the folded words unstemmed, person endings off ('lehrer' is no 'lehre')
        self._families: dict[str, list[str]] = {}
        self._kind_words: dict[tuple[str, str], set[str]] = {}  # (role, kind) → stems every line of it has

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """The index to itself, in one view of the knowledge base – the knowledge base's lock first, as for every
        other caller: a search outside `KnowledgeBase.snapshot` beside one inside it would otherwise each hold the
        lock the other waits for."""
        with self.kb.snapshot(), self._lock:
            yield

    def _index(self) -> sqlite_utils.Database:
        version = self.kb.content_hash()
        if self._db is not None and version == self._version:
            return self._db
        lines = fact_lines(self.kb)
        # the actions search from worker threads (asyncio.to_thread); self._lock serialises every use
        db = sqlite_utils.Database(sqlite3.connect(":memory:", check_same_thread=False))
        stems = {line.ref: terms(f"{line.indexed or line.text} {line.keywords}") for line in lines}
        vocabulary = {t for line_stems in stems.values() for t in line_stems}
        docs = [{"ref": ref, "body": " ".join(line_stems + _parts(line_stems, vocabulary))}
                for ref, line_stems in stems.items()]
        db["facts"].insert_all(docs, pk="ref")
        db["facts"].enable_fts(["body"])
        self._lines = {line.ref: line for line in lines}
        self._said_stems = {line.ref: set(terms(line.text)) for line in lines}
        self._stems = {d["ref"]: set(d["body"].split()) for d in docs}
        self._heads = {ref: self._stems[ref] - set(line_stems) for ref, line_stems in stems.items()}
        df: dict[str, int] = {}
        for stems in self._stems.values():
            for term in stems:
                df[term] = df.get(term, 0) + 1
        self._idf = {term: math.log(len(docs) / n) for term, n in df.items()}
        names = [alias for alias, _ in self.kb.aliases()] + [field for field, _ in self.kb.fields()]
        self._role_keys = {key(name) for name in names}
        self._topic_keys = {key(alias) for alias, _ in self.kb.glossary_aliases()}
        self._role_words = {t for name in names for t in terms(name)}
        figures = " ".join(f"{f.population or ''} {f.note or ''}" for o in self.kb.occupations()
                           for f in self.kb.salary_figures(o.id, preferred_only=False))
        named = self._role_words | set(terms(figures))
        self._vocabulary = set(self._idf) | named
        self._said = {t for line in lines for t in terms(line.text)} | named
        self._said_persons = {_PERSON_ENDING.sub("", w) for text in [*(line.text for line in lines), *names]
                              for w in words(text)}
        by_kind: dict[tuple[str, str], list[set[str]]] = {}
        for line in lines:
            if line.occupation and line.kind:
                # the lead's wording ('Damit arbeitest du: ') names no kind unless the keywords say it too; nor does a
                # part of a compound ('Schule' in 'Hochschule' names no study subjects)
                lead = set(terms(FACT_LEAD.get(line.kind, ""))) - set(terms(line.keywords))
                by_kind.setdefault((line.occupation, line.kind), []).append(
                    self._stems[line.ref] - lead - self._heads[line.ref])
        self._kind_words = {kind: set.intersection(*stems) for kind, stems in by_kind.items() if len(stems) > 1}
        self._families = {}
        for term in self._idf:  # kin share their first KIN_MIN - 1 letters: look only there
            if len(term) >= KIN_MIN:
                self._families.setdefault(term[:KIN_MIN - 1], []).append(term)
        self._db, self._version = db, version
        return db

    def share(self, term: str, topic: str, occupation: str | None, kind: str | None = None) -> float:
        """How many of a topic's lines (of one role; of one `kind` when given) contain a stem: 'Prüfung'
        is in every exam line, so a question that matches only such words asks for the whole topic."""
        with self._locked():
            self._index()
            refs = [r for r, line in self._lines.items() if line.topic == topic and line.occupation == occupation
                    and (kind is None or line.kind == kind)]
            return sum(term in self._stems[r] for r in refs) / len(refs) if refs else 0.0

    def without_topic_words(self, text: str, topic: str) -> str:
        """The question without the words a topic's own lines use ('Stunden pro Woche' for the
        working hours): what is left says whether it asks about anything else."""
        with self._locked():
            self._index()
            own = {t for ref, line in self._lines.items() if line.topic == topic for t in self._stems[ref]}
        return " ".join(w for w in words(text) if not set(terms(w)) & own)

    def line(self, ref: str) -> FactLine | None:
        """One fact line by its reference ('glossary_points:acht_ps/3')."""
        with self._locked():
            self._index()
            return self._lines.get(ref)

    def lines(self, occupation: str, kind: str | None = None) -> list[FactLine]:
        """Every fact line of one role (of one `kind` when given), in knowledge-base order."""
        with self._locked():
            self._index()
            return [line for line in self._lines.values()
                    if line.occupation == occupation and (kind is None or line.kind == kind)]

    def kind_named(self, text: str, occupation: str) -> str | None:
        """The kind of fact a 'welche …' question names for one role: a word right after 'welche' or
        'was für', or one before a colon that opens the message, that every line of one kind has ('Welche Tools
        nutzt ein OMM im Alltag?' → every tool, though 'Alltag' meets one task better)."""
        tokens = words(text)
        window = [w for i, w in enumerate(tokens) if w in _WHICH or (i and (tokens[i - 1], w) in _WHICH_PAIRS)
                  for w in tokens[i + 1:i + 1 + WHICH_WINDOW]]
        label = _LABEL.match(text)  # 'Sprachen: was braucht ein OMM, was ein KfD?'
        window += words(label.group(1)) if label else []
        if not window:
            return None
        with self._locked():
            self._index()
            kinds = {kind: shared for (role, kind), shared in self._kind_words.items() if role == occupation}
            role_words = self._role_words

        def named(asked: set[str]) -> set[str]:
            return {kind for kind, shared in kinds.items() if asked & shared}
        found = named({t for w in window for t in terms(w)})
        if len(found) > 1:  # … by the first other word than a role's name that names a kind besides the
            # profile's sentences ('Welche persönlichen Voraussetzungen …?' – the traits, though the profile says
            # 'persönlich' and every school certificate is a 'Voraussetzung')
            found = next((n for n in (named(set(terms(w)) - role_words) - {"summary"} for w in window) if n), set())
        return found.pop() if len(found) == 1 else None

    def knows(self, word: str, keywords: bool = True) -> bool:
        """Whether a word occurs in any fact, keyword, role or field name (or is a stopword); without
        `keywords` only what the bot says counts ('Mediengestalter' is a keyword of a background
        that qualifies, not a job the bot knows)."""
        with self._locked():
            self._index()
            known = self._vocabulary if keywords else self._said
            return all(all(t in known or any(len(v) >= 0.75 * len(t) and t.startswith(v) for v in known)
                           for t in terms(w)) for w in words(word))

    def says_person(self, word: str) -> bool:
        """Whether the bot says this word for a person, alone or as the head of a compound ('Berater' in
        'Unternehmensberater/in'); the stem would not tell 'Lehrer' from 'Lehre'."""
        wanted = _PERSON_ENDING.sub("", key(word))
        with self._locked():
            self._index()
            return any(w.endswith(wanted) for w in self._said_persons)

    def not_covered(self, text: str) -> NotCovered | None:
        """The curated gap a question asks about ('netto', 'in München'): all stems of one of its
        keywords occur in the question – as a phrase when the keyword has small words of its own
        ('welche Berufsschule', 'wie viel Urlaub'), so 'Was lernt man in der Berufsschule?' is no gap."""
        asked = set(terms(text)) | set(particle_verbs(text))  # 'brechen … ab' is 'abbrechen'
        phrase = " ".join(stem(w) for w in words(text))
        for gap in self.kb.not_covered():
            for keyword in gap.keywords.split(","):
                stems = terms(keyword)
                if not stems or not asked.issuperset(stems):
                    continue
                if len(stems) == len(words(keyword)) or f" {' '.join(stem(w) for w in words(keyword))} " in f" {phrase} ":
                    return gap
        return None

    def idf(self, term: str) -> float:
        """How rare a stem is among the fact lines (0 when no line has it)."""
        with self._locked():
            self._index()
            return self._idf.get(term, 0.0)

    def owners(self, term: str, said: bool = False) -> set[str | None]:
        """Whose lines hold a stem (a role's id; None for the marketing topics): in what they say or, unless `said`,
        in their keywords; a stem with the same first 6 letters counts too ('Englischkenntnisse', 'Englisch-Kenntnisse')."""
        with self._locked():
            self._index()
            return {self._lines[ref].occupation for ref, stems in (self._said_stems if said else self._stems).items()
                    if term in stems or any(s[:6] == term[:6] for s in stems if len(s) >= 6 and len(term) >= 6)}

    def asked_terms(self, text: str) -> list[str]:
        """The indexed stems a question asks with, role and topic names left out: none in
        'nein, ich meinte die Kauffrau' – that message only names whose fact."""
        with self._locked():
            self._index()
            return self._query(text)

    def _without_names(self, text: str, topics: bool = True) -> str:
        """The question without the names of roles and marketing topics ('Online Marketing Manager',
        'im Callcenter', 'die 8 Ps'): they say whose or which subject, not which fact of it – so
        'Was sind die 8 Ps?' asks for the whole topic. 'Marketing Manager' as a career step stays.
        Without `topics` a marketing term stays a content word ('Gehört Direktmarketing zu den
        Aufgaben?' – a question about the role, not about the topic)."""
        names = self._role_keys | (self._topic_keys if topics else set())
        tokens = words(text)
        kept, i = [], 0
        while i < len(tokens):
            for n in range(min(6, len(tokens) - i), 0, -1):
                if _is_name(tokens[i:i + n], names):
                    if kept[-2:-1] == ["vor"] and kept[-1] in _ARTICLES:  # 'Welchen Job hat man vor dem OMM?'
                        kept[-2:] = ["vorher"]
                    if kept[-1:] in (["zum"], ["zur"]) and kept[-2:-1] and kept[-2].startswith(_COURSES):
                        kept += tokens[i:i + n]  # 'die Weiterbildung zum OMM': the role is where the course leads
                    i += n
                    break
            else:
                kept.append(tokens[i])
                i += 1
        return " ".join(kept)

    def _query(self, text: str, topics: bool = True, heads: set[str] | None = None) -> list[str]:
        """Distinct stems of the question found in the index; a compound the index lacks
        ('Erfolgskontrolle', 'Marketingbudget') stands for the indexed words it starts or ends with –
        those it only ends with are collected in `heads` ('Aufstiegschancen' asks about advancement)."""
        out: list[str] = []
        for pattern in _UNASKED:
            text = pattern.sub(" ", text)
        for term in terms(self._without_names(text, topics)):
            kin = [t for t in self._families.get(term[:KIN_MIN - 1], []) if t != term and _same_word(term, t)]
            if term in self._idf:
                out += [term, *kin]
                continue
            inflected = [stem(term[:-n]) for n in (1, 2) if len(term) > n + 3]  # 'dauert' → 'dau'
            found = [t for t in inflected if t in self._idf] or [t for t in respellings(term) if t in self._idf]
            if found:
                out.append(found[0])
            elif kin:
                out += kin
            elif len(term) >= 8:  # 'Einzelhandelskauffrau' is another job, not a question about the Kauffrau
                parts = [t for t in self._idf if len(t) >= 5 and (term.startswith(t) or term.endswith(t))
                         and t not in self._role_words]
                out += parts
                if heads is not None:
                    heads.update(t for t in parts if not term.startswith(t))
        return list(dict.fromkeys(out))

    def _particle_verbs(self, text: str) -> list[str]:
        """Indexed stems of separable verbs whose particle closes the clause: 'Mit wem arbeitet sie
        zusammen?' asks about 'Zusammenarbeit', 'Wie steige ich da ein?' about 'einsteigen'."""
        return [s for s in particle_verbs(text) if s in self._idf]

    def search(self, text: str, occupation: str | None = None, subjects: list[str] | None = None,
               limit: int = 16, roles_only: bool = False, fields: list[str] | None = None) -> list[Hit]:
        """Fact lines ranked for the question; only those of `occupation` (and role-free ones, unless
        `roles_only`) when given, only those of the named marketing topics when `subjects` are given.
        The lines of `fields` – marketing topics named by a field that also names a role
        ('Dialogmarketing') – always compete."""
        with self._locked():
            db = self._index()
            # particle verbs rank lines but do not make a message a question ('ich fang erst 2026 an')
            heads: set[str] = set()
            wanted = list(dict.fromkeys(self._query(text, not roles_only or bool(subjects), heads)
                                        + self._particle_verbs(text)))
            if not wanted:
                return []
            query = " OR ".join(f'"{t}"' for t in wanted)
            hits = []
            for row in db["facts"].search(query, include_rank=True, limit=60):
                line = self._lines[row["ref"]]
                if not (fields and line.subject in fields) and (
                        (occupation and line.occupation not in (None, occupation))
                        or (roles_only and line.occupation is None)
                        or (subjects and not line.belongs_to(subjects))):
                    continue
                matched = tuple(t for t in wanted if t in self._stems[row["ref"]])
                # a word met only as the head of a compound ('schreibt' in 'unterschreiben', 'Chancen' in the
                # question's 'Aufstiegschancen') counts half
                strength = sum(self._idf[t] * (HEAD_WEIGHT if t in self._heads[row["ref"]] or t in heads else 1.0)
                               for t in matched)
                hits.append(Hit(line, -row["rank"], strength, matched))
            # more of the question's rare words first; bm25 (term frequency, length) breaks ties
            hits.sort(key=lambda h: (round(h.strength, 6), h.rank), reverse=True)
            return hits[:limit]


# Separable particles before an infinitive's 'zu' ('aufzusteigen', 'weiterzubilden').
_SEPARABLE = "ab|an|auf|aus|bei|ein|mit|nach|vor|weg|zuruck|zusammen|weiter|fest|um|hoch|durch"
_ZU_INFIX = re.compile(rf"^({_SEPARABLE})zu(\w{{3,}})$")
# … and before a participle's 'ge' ('zugelassen', 'ausgebildet').
_GE_INFIX = re.compile(rf"^({_SEPARABLE}|zu)ge(\w{{3,}})$")
_DOUBLED = re.compile(r"(\w)\1")


def respellings(term: str) -> list[str]:
    """Other spellings of a stem the index lacks: without an infinitive's 'zu' ('aufzusteig' → 'aufsteig') or a
    participle's 'ge' ('zugelass' → 'zulass', the stem of 'Zulassung') and with one letter doubled or undoubled –
    the commonest typos ('kaufman', 'marketting', 'kentnis', 'programier')."""
    if len(term) < 6:
        return []
    infix = _ZU_INFIX.match(term) or _GE_INFIX.match(term)
    doubled = [term[:i + 1] + term[i] + term[i + 1:] for i in range(len(term)) if term[i].isalpha()
               and (i + 1 == len(term) or term[i + 1] != term[i])]
    undoubled = [term[:m.start()] + term[m.start() + 1:] for m in _DOUBLED.finditer(term)]
    return ([infix.group(1) + infix.group(2)] if infix else []) + undoubled + doubled


_ARTICLES = {"dem", "der", "einem", "einer"}
_COURSES = (*COURSE_WORDS, "fortbildung", "zertifikat")
_GENDER_ENDINGS = {"frau", "mann", "in", "innen"}  # 'Kaufmann/-frau', 'Manager/in'


def _is_name(span: list[str], names: set[str]) -> bool:
    """Whether these words are a name as written, in the genitive ('eines Kaufmanns für Dialogmarketing'), with both
    genders ('Kaufmann/-frau für Dialogmarketing') or as a plural ('die 8 Ps' – not one numbered item: '7 Ps' are no
    '7. P'); tried in that order, each only when the one before fails."""
    joined = "".join(span)
    if joined in names:
        return True
    if len(span) > 1 and span[0].endswith("s") and span[0][:-1] + "".join(span[1:]) in names:
        return True
    if len(span) > 2 and span[1] in _GENDER_ENDINGS and span[0] + "".join(span[2:]) in names:
        return True
    return joined.endswith("s") and joined[:-1] in names and not joined[0].isdigit()

# … and 'andere', 'weitere' ('und andere Sprachen?' after English: every language line).
_WHICH = {"welche", "welcher", "welches", "welchen", "welchem", "andere", "anderen", "weitere", "weiteren",
          "thema"}  # 'Alles zum Thema Sprachen im Online Marketing?' asks which languages too
# 'was für Tools …', 'Alles über Sprachen im Online Marketing – was wird erwartet?'
_WHICH_PAIRS = {("was", "fuer"), ("alles", "ueber"), ("alles", "zu"), ("alles", "zum"), ("alles", "zur")}
WHICH_WINDOW = 3  # words after 'welche' that may name the kind ('Welche IT-Tools …', 'welche Software und …')
_LABEL = re.compile(r"^\W*([\w-]+)\s*:")  # one word before a colon names the kind too ('Tools: …')

KIN_MIN = 9  # letters of the shorter stem at least ('telefon'/'telefoni' would pull phone questions to telephoning)


def _same_word(a: str, b: str) -> bool:
    """Two stems of one word family that the stemmer keeps apart ('kommunikation' / 'kommunikativ',
    'betriebswirt' / 'betriebswirtin'): the shorter one, but for its last letter, starts the longer
    one and makes up most of it – a compound ('marketingbudget') is no kin of its first word."""
    shared = len(os.path.commonprefix([a, b]))
    return min(len(a), len(b)) >= KIN_MIN and shared >= min(len(a), len(b)) - 1 and shared >= 0.8 * max(len(a), len(b))


def _parts(line_stems: list[str], vocabulary: set[str]) -> list[str]:
    """Indexed words a line's compounds end with – the head of a German compound ('Studienfach' →
    'fach') – so a question with the plain word finds the compound."""
    parts = []
    for term in line_stems:
        if len(term) >= 9:
            parts += [p for p in (term[i:] for i in range(3, len(term) - 3)) if p in vocabulary]
    return sorted(set(parts))
