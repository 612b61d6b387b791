"""Content safety: checking every family-typed text and every generated page."""
