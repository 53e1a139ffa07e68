"""End-to-end answer evaluation: questions over Rasa's REST channel, checked for the fact asked."""
