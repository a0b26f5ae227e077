"""Shared building blocks with no domain of their own: bounded value parsers, optimistic
versioning of edits, the ISO input formats and the database-busy safety net."""
