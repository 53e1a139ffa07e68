"""Berufslotse: German career and salary guidance chatbot backed by a curated knowledge base."""
