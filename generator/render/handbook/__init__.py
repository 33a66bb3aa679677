"""Handbook producer: Corpus -> Typst -> PDF."""
