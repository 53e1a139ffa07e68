"""Turns knowledge-base rows into friendly German answers (text, quick replies, chart data)."""
