"""Cluster mode: the private PostgreSQL and Redis services (`services.py`) that tests and
`make cluster-services` start on one machine. Production points the same settings at the
operators' own servers (docs/deploy.md)."""
