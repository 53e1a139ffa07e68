"""Rasa NLU component, first in the pipeline: notes the language of a message that is clearly not
German (the action adds a one-line note in that language) and reads the question as its German
gloss (bot.nlp.gloss), so the rest of the pipeline – and the action, which reads the parsed text –
understands it."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.answers import language
from bot.nlp.gloss import gloss

LANGUAGE = "language"  # in the parse data: the ISO code of a foreign message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class ForeignLanguageReader(GraphComponent):
    """Marks foreign messages and glosses them into German before they are tokenised."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "ForeignLanguageReader":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # the training data is German

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith("/"):
                continue
            code = language.foreign(text)
            if code:
                message.set(LANGUAGE, code, add_to_output=True)
                message.set(TEXT, gloss(text, code))
        return messages
