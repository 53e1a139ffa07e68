"""Which other occupation a message asks about, if any: the bot answers only its two roles and
says so honestly for every other job – never with the remembered role's figures."""
from __future__ import annotations

import re
from typing import Callable

# Words that look like a job title ("Bäcker", "Ärztin", "Pflegekraft"): a question about
# another occupation gets an honest "not covered", never the remembered occupation's figures.
_OTHER_ROLE = re.compile(
    r"\b(?:als|ein|eine|einer|einen|einem|zum|zur|beim|bei|der|die|den|das)\s+"
    r"([A-ZÄÖÜa-zäöüß][a-zäöüß]+(?:er|erin|in|mann|frau|kraft|ist|istin|eur|eurin|ent|entin|ant|antin|arzt|ärztin|"
    r"loge|login|or|orin|angestellte|angestellter|angestellten))\b", re.IGNORECASE)
# 'will Pilotin werden'; 'ich bin Berufsberater', 'vorher Bürokauffrau' name the user, not the job asked about.
_BECOME = re.compile(r"\b([A-ZÄÖÜ][a-zäöüß]{3,})\s+(?:werden|zu werden)\b")
_SELF = re.compile(r"\b(?:ich\s+bin|bin\s+ich|ich\s+arbeite\s+als|ich\s+war)\s+(?:\w+\s+){0,2}$|"
                   r"\b(?:vorher|früher|frueher|zuvor|ehemals|ehemalige[rn]?|gelernte[rn]?)\s+(?:\w+\s+)?$", re.I)
# 'Als Programmierer zum Online Medien Manager?', 'vom Verkäufer ins Dialogmarketing': where the asker comes from
_FROM = re.compile(r"\b(?:als|vom|von)\s+(?:\w+\s+)?$", re.I)
# 'Mein Lehrer sagt …', 'unsere Berufsberaterin': a person the asker knows, not a job asked about
_KNOWN_PERSON = re.compile(r"\b(?:mein|meine|meinem|meinen|meiner|unser|unsere|unserem|unseren|unserer)\s+(?:\w+\s+)?$",
                           re.I)
_MOVE = re.compile(r"^\W*(?:zum|zur|ins|in\s+(?:die|den|das)|richtung)\s+(?!(?:einstieg|anfang|start|beginn)\b)", re.I)
_MERCHANT = re.compile(r"\b(?:[A-Za-zÄÖÜäöüß]+(?:kauffrau|kaufmann|kaufleute)|(?:kauffrau|kaufmann|kaufleute|kauffrauen)"
                       r"\s+(?:für|fuer|im|in\s+der|in)\s+[A-Za-zÄÖÜäöüß-]+)\b", re.I)
# Without an article only unmistakable job heads count ('Gehalt Kfz-Mechatroniker?',
# 'will Steuerfachangestellte werden') – 'in Berlin' or 'meine Tochter' are no job titles.
_JOB_WORD = re.compile(
    r"\b((?:[A-Za-zÄÖÜäöüß]+-)?[A-ZÄÖÜ][a-zäöüß]*(?:mann|frau|kraft|angestellte|angestellter|angestellten|iker|ikerin|eur|eurin|"
    r"arzt|ärztin|loge|login|istin|meister|meisterin|helfer|helferin|händler|händlerin|lehrer|lehrerin|fahrer|"
    r"fahrerin|arbeiter|arbeiterin|berater|beraterin|designer|designerin|entwickler|entwicklerin|pfleger|pflegerin|"
    r"erzieher|erzieherin|bäcker|bäckerin|koch|köchin|ingenieur|ingenieurin|anwalt|anwältin|trainer|trainerin|"
    r"gestalter|gestalterin|lehrling))\b")
# Manager titles other than the roles' ('Was verdient ein Social Media Manager?'): another job, not the OMM –
# 'als …' and 'zum …' mostly name the asker's past or a step from the OMM ('vorher als Content Manager gearbeitet').
_MANAGER = re.compile(r"\b(?:ein|eine|einen|einem|einer)\s+((?:(?!(?:zum|zur|als|für|fuer|im|in|bei|von|vom|mit)\b)[\w-]+[\s-]+)"
                      r"{0,3}[\w-]*manager(?:in|innen)?)\b", re.IGNORECASE)
# A job head standing alone ('Ich will Lehrer werden', 'Was macht ein PR-Berater?'): another job unless the bot
# says that very word for a person ('Berater' in 'Unternehmensberater/in').
_JOB_HEAD = re.compile(r"\b((?:[A-Za-zÄÖÜäöüß]+-)?(?:Lehrer|Berater|Designer|Entwickler|Fahrer|Trainer|Pfleger|Erzieher|"
                       r"Bäcker|Ingenieur|Anwalt|Anwältin|Arzt|Ärztin|Gestalter|Programmierer|Influencer|Journalist|"
                       r"Fotograf|Architekt|Polizist|Verkäufer|Koch|Köchin|Makler)(?:in|innen)?)\b")
# A workplace or a short word, not a job, though it ends like one ('Ausbilder in einem Kundenservicecenter', 'die nein')
_PLACE = re.compile(r"(center|centre)$|^(nein|allein|klein|rein|fein|sein|mein|dein|kein|hin|drin|darin)$", re.I)
# 'Ich will zur Polizei': an employer that stands for its own careers
_SERVICE = re.compile(r"\bzu[rm]\s+((?:Bundes)?(?:Polizei|Bundeswehr|Feuerwehr|Zoll))\b", re.I)
# Typed in lower case, long words with the heads of trained occupations ('fachinformatiker', 'mediengestalterin') and
# a few short trade names ('koch ausbildung wieviel kohle im 1. lehrjahr').
_JOB_WORD_LOWER = re.compile(r"\b([a-zäöüß]{4,}(?:iker|ikerin|gestalter|gestalterin|mechaniker|angestellte|angestellter|"
                             r"angestellten|pfleger|pflegerin|erzieher|erzieherin|verkäufer|verkäuferin|makler|"
                             r"maklerin|lehrling)|koch|köchin|koechin|bäcker|bäckerin|baecker|baeckerin|friseur|friseurin|"
                             r"frisör|frisörin|tischler|tischlerin|schreiner|schreinerin|metzger|metzgerin|elektriker|"
                             r"elektrikerin|maler|malerin|gärtner|gärtnerin|dachdecker|dachdeckerin|pilot|pilotin)\b")


def other_occupation(text: str, spans: list[tuple[int, int]], knows: Callable[[str, bool], bool],
                     in_scope_title: Callable[[str], bool], says_person: Callable[[str], bool]) -> str | None:
    """The first job title in `text` that is not one of the roles: outside the entity `spans`, not
    the user's own job, not a word the knowledge base `knows` – for an unmistakable job head only
    as a word the bot says, not as a keyword ('Mediengestalter' is a background the OMM's line
    names, and still another job); else a job head alone that the bot never `says_person` ('Lehrer',
    'PR-Berater'); else another manager or merchant title ('Social Media Manager', 'Kauffrau für
    Büromanagement', 'Bankkauffrau') that is no `in_scope_title`."""
    service = _SERVICE.search(text)
    if service:
        return service.group(1)
    matches = [(m, True) for m in [*_OTHER_ROLE.finditer(text), *_BECOME.finditer(text)]]
    matches += [(m, False) for m in [*_JOB_WORD.finditer(text), *_JOB_WORD_LOWER.finditer(text)]]
    for match, keywords in sorted(matches, key=lambda found: found[0].start(1)):
        if _asked_about(match, text, spans) and not _PLACE.search(match.group(1)) \
                and not knows(match.group(1), keywords):
            return match.group(1)
    for match in _JOB_HEAD.finditer(text):
        if _asked_about(match, text, spans) and not says_person(match.group(1)):
            return match.group(1)
    for match in _MANAGER.finditer(text):
        if not _SELF.search(text[:match.start(1)]) and not in_scope_title(match.group(1)):
            return match.group(1)
    return next((m.group(0) for m in _MERCHANT.finditer(text)
                 if not in_scope_title(m.group(0)) and not _SELF.search(text[:m.start()])), None)


def _asked_about(match: re.Match, text: str, spans: list[tuple[int, int]]) -> bool:
    """A title outside the named roles' `spans` that is not the user's own job ('ich bin Berufsberater',
    'als Programmierer zum OMM') nor a person they know ('Mein Lehrer sagt …')."""
    start, end = match.span(1)
    return not any(s < end and start < e for s, e in spans) and not _SELF.search(text[:start]) \
        and not _KNOWN_PERSON.search(text[:start]) and not (_FROM.search(text[:start]) and _MOVE.match(text[end:]))
