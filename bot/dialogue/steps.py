"""Jobs the bot knows only as career steps ('Betriebswirt/in Callcentermanagement', 'Teamleiter/in'): the
official code and statistics it holds for them and the step that leads there – never a pay of their own."""
from __future__ import annotations

import re
from typing import Any, Sequence

from bot.answers import format as fmt
from bot.answers import salary
from bot.answers.base import sourced_block
from bot.answers.facts import career_line
from bot.answers.reply import Reply
from bot.answers.search import FactSearch
from bot.answers.topics import with_suggestions
from bot.dialogue.ranking import ALL_OF_TOPIC_WORDS
from bot.dialogue.roles import POINTED
from bot.dialogue.turn import Outcome, ask_of, remember
from bot.kb.models import CareerStep, Occupation
from bot.kb.queries import KnowledgeBase
from bot.text import terms, words


# The way up from a role one is in ('Wie steigt man als OMM auf?', 'Welche Wege nach oben gibt es als OMM?') – not the
# way into it ('Von welchem Job steigt man zum OMM auf?').
_UPWARD = re.compile(r"\b(aufst(ei|ie)g\w*|steig\w*\b[^?.!]{0,40}\bauf|nach\s+oben|weiterkomm\w*|karriereleiter|"
                     r"komme?\s+ich\b[^?.!]{0,20}\bweiter)\b", re.I)
_AS_ONE = re.compile(r"\bals\b", re.I)
# … or the next step of one who is in the role ('Ich arbeite seit zwei Jahren als OMM … Was wäre der nächste Schritt?',
# 'Ich bin seit drei Jahren OMM …'), not of one who asks whether the role is that step
_NEXT_STEP = re.compile(r"\bn(ä|ae)chste[nr]?\s+(karriere)?schritt\w*\b", re.I)
_IN_ROLE = re.compile(r"\b(arbeite\w*\s+([^\s.?!,]+\s+){0,4}als|bin\s+([^\s.?!,]+\s+){0,4})\s*$", re.I)

_INTO = re.compile(r"\b(zum|zur|von\s+welche[mnr]|davor|vorher|bevor|wird\s+man|werden)\b", re.I)
UP_KINDS = ("aufstieg", "selbststaendigkeit")  # the steps up from a role and out of employment


class CareerSteps:
    """The career-step answers of `Dialogue`."""

    kb: KnowledgeBase
    search: FactSearch

    def _ways_up(self, role: Occupation | None, entities: list[dict[str, Any]], text: str) -> Outcome | None:
        """The steps up from the role one is in ('Wie kann ich als OMM noch weiter nach oben kommen?')."""
        if role is None or not ((_UPWARD.search(text) and _AS_ONE.search(text))
                                or ((_UPWARD.search(text) or _NEXT_STEP.search(text))
                                    and self._in_role(role, entities, text))) \
                or _INTO.search(text) or set(words(text)) & set(ALL_OF_TOPIC_WORDS):
            return None  # 'welche Aufstiegsmöglichkeiten …' – every step
        steps = self.kb.career_steps(role.id, UP_KINDS)
        if not steps:
            return None
        reply = Reply(sourced_block(f"Wege nach oben als {role.name_neutral}:", [career_line(s) for s in steps],
                                    steps[0].source))
        return Outcome([with_suggestions(self.kb, "career", role, reply)],
                       {"last_topic": remember("career", entities, text), "pending_topic": None,
                        "occupation": role.id, "failed_turns": 0})

    def _in_role(self, role: Occupation, entities: list[dict[str, Any]], text: str) -> bool:
        """Whether the asker says they are in the role ('Ich arbeite seit zwei Jahren als OMM', 'Ich bin seit drei Jahren
        OMM') – not 'Hab ich ne Chance als OMM?'."""
        return any(e.get("entity") == "occupation" and e.get("start") is not None and _IN_ROLE.search(text[:e["start"]])
                   and self.kb.resolve_occupation(str(e.get("value"))) == role for e in entities)

    def _steps_in(self, text: str) -> list[Occupation]:
        """The roles known only as career steps that free text names ('Betriebswirt Callcentermanagement')."""
        return [o for o in self.kb.occupations_in(text, in_scope_only=False) if not o.in_scope]

    def _step_roles(self, text: str) -> list[Occupation]:
        """The role known only as a career step that a career step free text names leads to ('Teamleiter' – via the
        Betriebswirt Callcentermanagement)."""
        step = self.kb.career_step_named(text)
        role = self.kb.occupation(step.target_occupation) if step and step.target_occupation else None
        return [role] if role and not role.in_scope else []

    def _pointed_back(self, text: str) -> list[Occupation]:
        """The role known only as a career step that a follow-up points back to by a word of its name ('und welche
        Berufskennziffer hat dieser Betriebswirt?' after the way up, which leads there)."""
        pointed = {w for m in POINTED.finditer(text) for w in words(m.group(1))}
        return [r for r in self.kb.occupations(in_scope=False)
                if pointed & set(words(f"{r.name_male} {r.name_female}"))]

    def _related_role(self, role: Occupation, topic: str, entities: list[dict[str, Any]], text: str,
                      beside: Sequence[Occupation] = (), compared: bool = False) -> Outcome:
        """A role the bot knows only as a career step ('Betriebswirt/in Callcentermanagement'): its
        official code and statistics, the way there and, to compare, the statistics of the roles named `beside` –
        or, none named, of the roles the way starts from when the message is `compared` ('… gegenüber der
        Fachkraft?') or names their statistics' group ('… über dem Median der Fachkräfte?')."""
        parts = [f"Zu „{role.name_neutral}“ habe ich nur amtliche Angaben – ein Karriereschritt, zu dem ich nicht "
                 "ausführlich berate:"]
        parts += [line.cited for line in self.search.lines(role.id)]
        block = self._statistics(role, entities, text)
        if block:
            parts.append(block)
        steps = [s for o in self.kb.occupations(in_scope=True) for s in self.kb.career_steps(o.id)
                 if s.target_occupation == role.id]
        parts += [f"Der Weg dorthin: {career_line(s)} ({fmt.source_label(s.source)})" for s in steps]
        if not beside:
            asked = set(terms(text))
            beside = [o for o in {s.occupation: self.kb.occupation(s.occupation) for s in steps}.values()
                      if compared or asked & (self._group_words(o) - self._group_words(role))]
        for other in beside:
            block = self._statistics(other, entities, text)
            if block:
                parts.append(f"Zum Vergleich – **{other.name_neutral}**: {block}")
        reply = with_suggestions(self.kb, "career", None, Reply("\n".join(parts)))
        # a question that only pointed at the role ('dieser Weiterbildungsabschluss') is remembered with its name, so
        # the next follow-up finds it ('Und was verdienen die im Median?')
        said = text if role in self._steps_in(text) else f"{text} ({role.name_neutral})"
        return Outcome([reply], {"last_topic": remember(topic, entities, said), "pending_topic": None})

    def _step_pay(self, step: CareerStep, topic: str, entities: list[dict[str, Any]], text: str) -> Outcome:
        """A pay question about the job a career step leads to: the sources give it no pay of its own – the
        step, and the official statistics where the step leads to a role that has them."""
        role = self.kb.occupation(step.occupation)
        parts = [f"Zum Gehalt als „{step.target}“ habe ich keine eigene Angabe – meine Quellen nennen es nur als "
                 f"Karriereschritt für {role.name_neutral}: {career_line(step)} ({fmt.source_label(step.source)})"]
        target = self.kb.occupation(step.target_occupation) if step.target_occupation else None
        block = target and self._statistics(target, entities, text)
        if block:
            parts.append(f"Amtlich erfasst ist die Berufsgruppe „{target.name_neutral}“: {block}")
        reply = with_suggestions(self.kb, "salary", role, Reply("\n".join(parts)))
        return Outcome([reply], {"last_topic": remember(topic, entities, text), "pending_topic": None,
                                 "occupation": role.id}, unanswered=True, reason=f"kein Gehalt: {step.id}")

    def _group_words(self, role: Occupation) -> set[str]:
        """The words of the groups the Bundesagentur's statistics of a role count ('Dialogmarketing, Fachkraft …')."""
        return {t for f in self.kb.salary_figures(role.id, preferred_only=False) if f.population
                for t in terms(f.population)}

    def _statistics(self, role: Occupation, entities: list[dict[str, Any]], text: str) -> str | None:
        """The Bundesagentur's statistics of a role, per the period the question asks."""
        ask = ask_of(self.kb, role, entities, text)
        return salary.statistics_block(self.kb, role, ask.period, ask.statistic)
