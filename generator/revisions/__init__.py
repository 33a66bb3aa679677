"""Editions and their differences: reading a git revision, comparing two corpora by id."""
