"""The one reading of a text field's markup, shared by the site (Markdown) and the handbook (Typst).

A text field is plain text with three rules: a blank line starts a new paragraph, a single line
break is kept as a line break (the 1. 2. 3. lines of an original), and `**强调**` marks emphasis
(it may run across a line break; an unpaired `**` stays literal). `parse` turns a text into
paragraphs of lines of runs; each output format renders that tree with its own escaping, so the
site and the PDF break and emphasise text in the same places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


@dataclass(frozen=True)
class Run:
    """A stretch of text, emphasised or not."""

    text: str
    bold: bool = False


Line = tuple[Run, ...]
Paragraph = tuple[Line, ...]


def parse(text: str) -> tuple[Paragraph, ...]:
    """Paragraphs (split at blank lines) of lines (split at single line breaks, each stripped,
    blank ones dropped) of runs; a line left without text (a lone `**`) is dropped."""
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(str(text).strip()):
        joined = "\n".join(line.strip() for line in block.splitlines() if line.strip())
        lines = tuple(line for line in _lines(joined) if line)
        if lines:
            paragraphs.append(lines)
    return tuple(paragraphs)


def _lines(paragraph: str) -> list[Line]:
    """The paragraph's runs, cut into lines where it breaks (inside emphasis too)."""
    lines: list[list[Run]] = [[]]
    for index, part in enumerate(_BOLD.split(paragraph)):
        for position, piece in enumerate(part.split("\n")):
            if position:
                lines.append([])
            if piece:
                lines[-1].append(Run(piece, bold=index % 2 == 1))
    return [tuple(line) for line in lines]


def lines(text: str) -> list[Line]:
    """Every line of every paragraph, for places that show a text without paragraph spacing."""
    return [line for paragraph in parse(text) for line in paragraph]



def flat(text: str) -> str:
    """The text on one line without markup (for attributes and tooltips): lines joined by a space."""
    return " ".join("".join(run.text for run in line) for line in lines(text))
