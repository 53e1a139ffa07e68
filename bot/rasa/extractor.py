"""Rasa entity extractor on top of SpacyNLP's doc: it reports the entity ruler's spans with
their normalised knowledge-base value (occupation id, topic id, training year …), and
catches near-miss spellings of occupation and topic names the rules do not list.

Unlike Rasa's SpacyEntityExtractor (which `rasa test` leaves out of entity evaluation),
its predictions are evaluated, so the held-out entity F1 is measured on what the bot uses."""
from __future__ import annotations

from typing import Any, Dict, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlp.build import META_KEY
from bot.text import key, match_key

SPACY_DOC = "text_spacy_doc"
MAX_WINDOW = 4


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP")
class KnowledgeBaseEntityExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"fuzzy": True}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._fuzzy = bool(config.get("fuzzy", True))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "KnowledgeBaseEntityExtractor":
        return cls(config)

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            doc = message.get(SPACY_DOC) or model.model(text)
            entities = [{"entity": ent.label_, "value": ent.ent_id_ or ent.text, "start": ent.start_char,
                         "end": ent.end_char, "confidence": 1.0} for ent in doc.ents]
            if self._fuzzy:
                entities += self._near_misses(doc, model.model.meta.get(META_KEY, {}))
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(entities), add_to_output=True)
        return messages

    @staticmethod
    def _near_misses(doc, indexes: Dict[Text, Dict[Text, Text]]) -> List[Dict[Text, Any]]:
        """Token windows outside the ruler's entities whose spelling is close to a known alias."""
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        found: List[Dict[Text, Any]] = []
        for size in range(MAX_WINDOW, 0, -1):
            for start in range(len(doc) - size + 1):
                span = doc[start:start + size]
                if any(i in taken for i in range(span.start, span.end)) or span[0].is_punct or span[-1].is_punct:
                    continue
                joined = key(span.text)
                for label, index in indexes.items():
                    value = match_key(joined, index, fuzzy=True) if joined else None
                    if value:
                        found.append({"entity": label, "value": value, "start": span.start_char,
                                      "end": span.end_char, "confidence": 0.9})
                        taken.update(range(span.start, span.end))
                        break
        return found
