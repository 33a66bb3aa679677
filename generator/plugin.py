"""The MkDocs adapter: reads the corpus, adds the generated files, watches `standards/`."""

from __future__ import annotations

import logging
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


class QinglianPlugin(BasePlugin[QinglianConfig]):
    corpus: Corpus | None = None

    def _project_dir(self, config) -> Path:  # type: ignore[no-untyped-def]
        return Path(self.config.project_dir or Path(config.config_file_path).parent).resolve()

    @event_priority(50)  # before the search plugin, which loads the jieba dictionary in on_config
    def on_config(self, config):  # type: ignore[no-untyped-def]
        project_dir = self._project_dir(config)
        try:
            self.corpus = read_corpus(project_dir)
        except ContentError as error:
            raise PluginError("标准数据有错误：\n" + format_text(error.diagnostics)) from None
        revision, problem = None, ""
        if self.config.baseline:
            revision, problem = compare_with_baseline(project_dir, self.config.baseline, self.corpus)
        self.settings = Settings(
            project_dir=project_dir,
            site_url=config.site_url or "",
            handbooks=self.config.handbooks,
            fonts=self.config.fonts,
            baseline=self.config.baseline,
            revised=revision.changed_ids() if revision else frozenset(),
            revision=revision,
            revision_problem=problem,
        )
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

    def on_post_page(self, output: str, page, config) -> str:  # type: ignore[no-untyped-def]
        # Material writes the language code (zh); the page is Simplified Chinese as used in China.
        return output.replace('<html lang="zh"', '<html lang="zh-CN"', 1)

    def on_serve(self, server, config, builder):  # type: ignore[no-untyped-def]
        server.watch(str(self._project_dir(config) / STANDARDS_DIR))
        return server
