"""The jieba user dictionary for the site search, generated from the corpus.

The index holds the words jieba cut at build time; the browser cuts a query into the longest
indexed words and matches each as a prefix. So glossary terms, their aliases, role names,
procedure categories and unit types become atomic words: 室组地 and 巡审联动 are then found as
such, not as 室, 组, 地. Only runs of Han characters are segmented.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tempfile
from pathlib import Path
from typing import Any

from qinglian.core.corpus import Corpus

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2,}")
FREQUENCY = 100000  # high enough that jieba keeps the word whole inside longer runs


def words(corpus: Corpus) -> list[str]:
    """The atomic words: names users search for as a whole, sorted and without duplicates."""
    names = [name for term in corpus.terms for name in (term.term, *term.aliases)]
    names += [role.name for role in corpus.roles]
    names += [procedure.category for procedure in corpus.procedures]
    names += [unit.unit_type for unit in corpus.units]
    return sorted({run for name in names for run in _HAN.findall(name)})


def dictionary(corpus: Corpus) -> str:
    """jieba's user dictionary format: one `word frequency` per line."""
    return "".join(f"{word} {FREQUENCY}\n" for word in words(corpus))


def write_dictionary(corpus: Corpus) -> Path:
    """Writes the dictionary to a content-addressed file in the temp folder; returns its path.

    The search plugin wants a file path; an absolute one works from any working directory, and
    the name depends only on the content, so parallel builds never see a half-written file.
    """
    text = dictionary(corpus)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / "qinglian-jieba"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"userdict-{digest}.txt"
    if not path.exists():
        handle, partial = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with open(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        Path(partial).replace(path)
    return path


def reset_jieba() -> None:
    """Puts jieba's default tokenizer back to its own dictionary, without any user word.

    The search plugin loads our dictionary on every build, and each load adds to jieba's total
    frequency, so a second build in one process (the offline edition inside the online build, a
    live-preview rebuild, another project) would cut some words differently: 每项 or 每 项. Called
    before each load, it makes every build cut the same words the same way."""
    import jieba

    tokenizer = jieba.dt
    frequencies, total = _pristine(tokenizer)
    tokenizer.FREQ, tokenizer.total = dict(frequencies), total


@functools.cache
def _pristine(tokenizer: Any) -> tuple[dict[str, int], int]:
    """The tokenizer's frequencies from its own dictionary, taken before any user word is added."""
    tokenizer.check_initialized()
    return dict(tokenizer.FREQ), tokenizer.total
