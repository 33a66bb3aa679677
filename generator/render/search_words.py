"""The jieba user dictionary for the site search, generated from the corpus.

The browser matches each query word as a prefix of one indexed word, and the index holds the
words jieba cut at build time. So glossary terms, their aliases, role names, procedure
categories and unit types become atomic words (室组地, 巡审联动), and so do the two-word compounds
of the titles of units, checklists and procedures (线索移交 from 巡察发现问题线索移交办理程序),
at a lower frequency so that the atomic words win. Only runs of Han characters are segmented.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tempfile
from pathlib import Path

from ..corpus import Corpus

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2,}")
FREQUENCY = 100000  # high enough that jieba keeps the word whole inside longer runs
COMPOUND_FREQUENCY = 2000
COMPOUND_MAX = 4


def words(corpus: Corpus) -> list[str]:
    """The atomic words: names users search for as a whole, sorted and without duplicates."""
    names = [name for term in corpus.terms for name in (term.term, *term.aliases)]
    names += [role.name for role in corpus.roles]
    names += [procedure.category for procedure in corpus.procedures]
    names += [unit.unit_type for unit in corpus.units]
    return sorted({run for name in names for run in _HAN.findall(name)})


@functools.lru_cache(maxsize=1)
def _plain_tokenizer():  # type: ignore[no-untyped-def]
    """A jieba tokenizer with the default dictionary only: the global one holds our user words
    after the first build of a live preview, which would change the compounds found."""
    import jieba

    return jieba.Tokenizer()


def compounds(corpus: Corpus) -> list[str]:
    """Pairs of adjacent words (2+ characters each, 4 at most together) of the main titles."""
    titles = [record.title for kind in ("units", "checklists", "procedures") for record in getattr(corpus, kind)]
    found = set()
    for title in titles:
        for run in _HAN.findall(title):
            cut = list(_plain_tokenizer().cut(run, HMM=False))
            for first, second in zip(cut, cut[1:]):
                if len(first) >= 2 and len(second) >= 2 and len(first) + len(second) <= COMPOUND_MAX:
                    found.add(first + second)
    return sorted(found - set(words(corpus)))


def dictionary(corpus: Corpus) -> str:
    """jieba's user dictionary format: one `word frequency` per line."""
    lines = [f"{word} {FREQUENCY}\n" for word in words(corpus)]
    lines += [f"{word} {COMPOUND_FREQUENCY}\n" for word in compounds(corpus)]
    return "".join(lines)


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
