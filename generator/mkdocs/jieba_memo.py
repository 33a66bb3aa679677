"""jieba's cut, remembered for the duration of one build.

Material's search plugin cuts every run of Han characters of every indexed section with
`jieba.cut`, and a site repeats the same runs (names, headings, stock phrases) thousands of
times: at 10k indicators 97% of the cuts are repeats. The plugin installs the memo once the
build's dictionary is loaded and takes it out when the build ends, so a later build (a preview
rebuild, another project, a different user dictionary) cuts afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import jieba

Cut = Callable[..., Iterator[str]]


class CutMemo:
    """Installs itself as `jieba.cut` and answers each distinct call once from the real cut."""

    def __init__(self) -> None:
        self._original: Cut | None = None
        self._words: dict[tuple[Any, ...], tuple[str, ...]] = {}
        self.calls = 0

    @property
    def active(self) -> bool:
        return self._original is not None

    def install(self) -> None:
        """Replaces `jieba.cut` with an empty memo in front of the current one."""
        self.restore()
        self._original, self._words, self.calls = jieba.cut, {}, 0
        jieba.cut = self.cut

    def restore(self) -> None:
        """Puts the cut found at `install` back, unless someone has replaced ours since."""
        original, self._original = self._original, None
        if original is not None and jieba.cut == self.cut:
            jieba.cut = original

    def cut(self, sentence: str | bytes, cut_all: bool = False, HMM: bool = True, use_paddle: bool = False) -> Iterator[str]:  # noqa: N803  # jieba's own parameter name
        self.calls += 1
        key = (sentence, cut_all, HMM, use_paddle)
        words = self._words.get(key)
        if words is None:
            assert self._original is not None, "the memo answers only while installed"
            words = self._words[key] = tuple(self._original(sentence, cut_all, HMM, use_paddle))
        return iter(words)  # jieba's cut is a generator: callers may consume it only once

    def summary(self) -> str:
        unique = len(self._words)
        rate = 1 - unique / self.calls if self.calls else 0.0
        return f"jieba: {self.calls} cuts, {unique} distinct ({rate:.1%} answered from memory)"
