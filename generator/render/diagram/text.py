"""Measuring and wrapping diagram text without a font: CJK full width, Latin about 0.55 em.

The estimate errs wide (ambiguous-width characters count as full width), so wrapped text fits
its box in any of the fonts of the diagram's font stack.
"""

from __future__ import annotations

import unicodedata

# Kinsoku: a line never starts with closing punctuation nor ends with opening punctuation.
_CLOSING = set("，。、；：？！）》」』”’,.;:?!)]】〕")
_OPENING = set("（《「『“‘([【〔")


def char_em(char: str) -> float:
    """Advance width of one character in em."""
    if char == " ":
        return 0.3
    if unicodedata.east_asian_width(char) in ("W", "F", "A"):
        return 1.0
    return 0.62 if char.isupper() else 0.55


def text_width(text: str, size: float) -> float:
    return sum(char_em(char) for char in text) * size


def clean(text: str) -> str:
    """One line: runs of white space become one space."""
    return " ".join(text.split())


def wrap(text: str, size: float, width: float) -> tuple[str, ...]:
    """Lines of `text` each at most `width` wide (a single over-wide character stays alone)."""
    lines: list[str] = []
    line = ""
    for char in clean(text):
        if line and text_width(line + char, size) > width:
            head, carry = _break(line, char)
            lines.append(head.rstrip())
            line = (carry + char).lstrip()
        else:
            line += char
    if line:
        lines.append(line)
    return tuple(lines) or ("",)


def balanced(text: str, size: float, width: float) -> tuple[str, ...]:
    """Like `wrap`, in as few lines, but with lines of even length (no lone last character)."""
    lines = wrap(text, size, width)
    if len(lines) < 2:
        return lines
    low, high = width / 2, width
    while high - low > 1:
        middle = (low + high) / 2
        if len(wrap(text, size, middle)) <= len(lines):
            high = middle
        else:
            low = middle
    return wrap(text, size, high)


def _break(line: str, char: str) -> tuple[str, str]:
    """Where to cut `line` when `char` no longer fits: respects kinsoku and whole Latin words."""
    cut = len(line)
    if char in _CLOSING:
        cut -= 1
    while cut > 1 and line[cut - 1] in _OPENING:
        cut -= 1
    if _is_word(char):
        start = cut
        while start > 0 and _is_word(line[start - 1]):
            start -= 1
        if start > 0:
            cut = start
    if cut <= 0:
        cut = len(line)
    return line[:cut], line[cut:]


def _is_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def block_width(lines: tuple[str, ...], size: float) -> float:
    return max((text_width(line, size) for line in lines), default=0.0)
