"""Builds the German spaCy pipeline offline: blank 'de', the lookup lemmatizer from
spacy-lookups-data, and an entity ruler generated from the knowledge base. Nothing is
downloaded; the result is a folder Rasa's SpacyNLP loads with `model: <path>`."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import spacy
from spacy.language import Language

from bot.kb.queries import KnowledgeBase
from bot.nlp.patterns import alias_patterns
from bot.nlp.vocabulary import vocabulary_patterns
from bot.text import key

META_KEY = "berufslotse_aliases"  # {"occupation": {key: id}, "glossary_topic": {key: id}}
RULES_HASH = "berufslotse_rules_hash"


def build_pipeline(kb: KnowledgeBase) -> Language:
    nlp = spacy.blank("de")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"})
    nlp.initialize()  # loads the lemma lookup table from the installed spacy-lookups-data; empties the ruler
    in_scope = {o.id for o in kb.occupations(in_scope=True)}
    occupations = [(alias, occ) for alias, occ in kb.aliases() if occ in in_scope]
    ruler.add_patterns(
        alias_patterns("occupation", occupations, nlp.make_doc)
        + alias_patterns("glossary_topic", kb.glossary_aliases(), nlp.make_doc)
        + vocabulary_patterns(nlp.make_doc)
    )
    # Alias keys travel with the pipeline so the Rasa extractor can match near-misses too.
    nlp.meta.update(name="berufslotse", version="1.0.0", description="Berufslotse: German rules built from the knowledge base")
    nlp.meta[META_KEY] = {
        "occupation": {key(alias): occ for alias, occ in occupations},
        "glossary_topic": {key(alias): topic for alias, topic in kb.glossary_aliases()},
    }
    nlp.meta[RULES_HASH] = rules_hash(nlp)
    return nlp


def rules_hash(nlp: Language) -> str:
    """What the NLU depends on: the rules and alias keys – not salary figures or texts."""
    content = json.dumps([nlp.get_pipe("entity_ruler").patterns, nlp.meta[META_KEY]], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def is_current(nlp: Language, target: Path) -> bool:
    meta = target / "meta.json"
    return meta.exists() and json.loads(meta.read_text(encoding="utf-8")).get(RULES_HASH) == nlp.meta[RULES_HASH]


def save_pipeline(nlp: Language, target: Path) -> None:
    """Writes to a sibling folder and swaps it in, so a half-written model never exists."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    nlp.to_disk(tmp)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)
