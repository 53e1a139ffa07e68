"""The curated knowledge base: schema, loading, validation, build and read-only queries."""
