"""The MkDocs adapter: reads the corpus, adds the generated files, watches `standards/`."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import jieba

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .corpus import Corpus
from .editions import compare_with_baseline
from .errors import ContentError, QinglianError, format_text
from .load import STANDARDS_DIR
from .project import read_corpus
from .render import Settings, render_site
from .render.search_words import write_dictionary
from .render.site import STYLESHEET

log = get_plugin_logger(__name__)

LUNR_LANGUAGES = "assets/javascripts/lunr/"
# Pages written by producers that a project may not have (no handbooks, no baseline): a nav
# entry for them is dropped instead of failing the strict build.
OPTIONAL_PAGES = frozenset({"handbooks/index.md", "revisions.md"})


SEARCH_WORKER = "assets/javascripts/workers/search.*.min.js"
# Material's search worker cuts a Chinese query into the longest indexed words, but its loop
# stops one character short (`o<t.length`), so a query is never looked up whole: 一岗双责 turns
# into 一*, which finds every page. One character fixes it and lets our jieba words work.
_SEGMENT_LOOP = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")


def patch_search_worker(path: Path) -> bool:
    """Fixes the off-by-one in the query segmenter of Material's search worker, if present."""
    text = path.read_text(encoding="utf-8")
    fixed, count = _SEGMENT_LOOP.subn(lambda m: m.group(0).replace("<", "<=", 1), text)
    if count != 1:
        log.info(f"未找到 {path.name} 中的分词循环，未修补（Material 版本已变？）")
        return False
    path.write_text(fixed, encoding="utf-8")
    return True


class QinglianConfig(Config):
    project_dir = config_options.Optional(config_options.Dir(exists=True))
    handbooks = config_options.Type(bool, default=True)
    fonts = config_options.Type(dict, default={})  # handbook fonts: {paths, serif, sans}
    baseline = config_options.Optional(config_options.Type(str))


def prune_nav(nav: list, present: set[str]) -> list:  # type: ignore[type-arg]
    """The nav without entries for optional pages that this build does not produce."""
    kept = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            value = prune_nav(value, present)
            item = {next(iter(item)): value} if isinstance(item, dict) else value
        elif isinstance(value, str) and value in OPTIONAL_PAGES and value not in present:
            log.info(f"导航中的 {value} 本次未生成，已从导航中省略")
            continue
        kept.append(item)
    return kept


def _commit_date(project_dir: Path) -> str:
    """The date (YYYY-MM-DD) of the project's last commit, or "" outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%cs"], cwd=project_dir, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


class QinglianPlugin(BasePlugin[QinglianConfig]):
    corpus: Corpus | None = None
    _handed_over: tuple[Path, Corpus] | None = None
    serving = False

    def _project_dir(self, config) -> Path:  # type: ignore[no-untyped-def]
        return Path(self.config.project_dir or Path(config.config_file_path).parent).resolve()

    def hand_over(self, project_dir: Path, corpus: Corpus) -> None:
        """The corpus of `project_dir`, already read by `qinglian build`: the next build uses it."""
        self._handed_over = (project_dir.resolve(), corpus)

    def _read(self, project_dir: Path) -> Corpus:
        handed_over, self._handed_over = self._handed_over, None
        if handed_over is not None and handed_over[0] == project_dir:
            return handed_over[1]
        try:
            return read_corpus(project_dir)
        except ContentError as error:
            report = "标准数据有错误：\n" + format_text(error.diagnostics)
            if not (self.serving and self.corpus is not None):
                raise PluginError(report) from None
            # A failed rebuild would make MkDocs' live server hold every request until the content
            # is fixed: report in the terminal and keep building the last good corpus instead.
            print(f"{report}\n预览仍显示上一次正确的内容；改正后自动更新。", file=sys.stderr, flush=True)
            return self.corpus

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance for a whole `mkdocs serve` session.
        self.serving = command == "serve"

    @event_priority(50)  # before the search plugin, which loads the jieba dictionary in on_config
    def on_config(self, config):  # type: ignore[no-untyped-def]
        project_dir = self._project_dir(config)
        self.corpus = self._read(project_dir)
        revision, problem = None, ""
        if self.config.baseline:
            revision, problem = compare_with_baseline(project_dir, self.config.baseline, self.corpus)
        self.settings = Settings(
            project_dir=project_dir,
            site_url=config.site_url or "",
            handbooks=self.config.handbooks and not self.serving,  # PDFs are slow; not in preview
            fonts=self.config.fonts,
            baseline=self.config.baseline,
            revised=revision.changed_ids() if revision else frozenset(),
            revision=revision,
            revision_problem=problem,
        )
        self.content_date = _commit_date(project_dir)
        search = self._search(config)
        if search is not None:
            jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict..." on every build
            search.config.jieba_dict_user = str(write_dictionary(self.corpus))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    @staticmethod
    def _search(config):  # type: ignore[no-untyped-def]
        return next((p for name, p in config.plugins.items() if name.split("/")[-1] == "search"), None)

    def on_files(self, files: Files, config) -> Files:  # type: ignore[no-untyped-def]
        assert self.corpus is not None
        search = self._search(config)
        if search is None or search.config.lang == ["en"]:
            # The search worker loads no lunr language file for English (our Chinese is split by
            # jieba at build time), so the unused files, full of URLs in comments, stay out.
            for file in [f for f in files if f.src_uri.startswith(LUNR_LANGUAGES)]:
                files.remove(file)
        try:
            rendered = render_site(self.corpus, self.settings)
        except QinglianError as error:  # e.g. a configured handbook font that is not installed
            raise PluginError(str(error)) from None
        for path, content in rendered.items():
            files.append(File.generated(config, path, content=content))
        if config.nav:
            config.nav = prune_nav(config.nav, {file.src_uri for file in files})
        return files

    def on_pre_page(self, page, config, files):  # type: ignore[no-untyped-def]
        # MkDocs stamps every page with today's date (sitemap lastmod): use the content's own
        # date instead, so that building the same commit twice gives the same bytes.
        if self.content_date:
            page.update_date = self.content_date
        return page

    def on_post_build(self, config) -> None:  # type: ignore[no-untyped-def]
        for worker in Path(config.site_dir).glob(SEARCH_WORKER):
            patch_search_worker(worker)

    def on_post_page(self, output: str, page, config) -> str:  # type: ignore[no-untyped-def]
        # Material writes the language code (zh); the page is Simplified Chinese as used in China.
        return output.replace('<html lang="zh"', '<html lang="zh-CN"', 1)

    def on_serve(self, server, config, builder):  # type: ignore[no-untyped-def]
        server.watch(str(self._project_dir(config) / STANDARDS_DIR))
        return server
