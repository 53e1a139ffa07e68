"""Everything Rasa loads from this project, in one place: the language reader and the entity extractor in the NLU pipeline
(config.yml), the cached SQL tracker store (endpoints.yml) and the runtime that starts Rasa's CLI
(`python -m bot.rasa.runtime`, used by `python -m bot serve`)."""
