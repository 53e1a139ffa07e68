"""The German spaCy pipeline (built offline from the knowledge base) and its Rasa extractor."""
