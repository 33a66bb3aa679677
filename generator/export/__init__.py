"""Exports of the resolved corpus for other tools: the self-assessment workbook and the JSON file.

Like the renderers, these take model objects (a `Corpus`, a `UnitStandard`) and return bytes or
text; the CLI and the `assess` producer decide where they go.
"""
