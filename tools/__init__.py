"""Development tools, not part of the running service: NLU comparison and reports, project checks."""
