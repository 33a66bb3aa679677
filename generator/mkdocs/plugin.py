"""The MkDocs adapter: reads the corpus, adds the generated files, watches `standards/`."""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import jieba
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from qinglian.core.corpus import Corpus
from qinglian.core.diagnostics import Diagnostic, QinglianError, format_text, has_errors
from qinglian.core.load import STANDARDS_DIR
from qinglian.core.pagelinks import SCHEME, check_pages
from qinglian.core.pipeline import check
from qinglian.mkdocs.config import QinglianConfig, font_config
from qinglian.mkdocs.html_pages import anchor_ids, resolve_links, table_of_contents
from qinglian.mkdocs.material_fixes import LUNR_LANGUAGES, SEARCH_WORKER, patch_search_worker, prune_nav
from qinglian.mkdocs.offline import offline_edition_files, with_banner
from qinglian.mkdocs.search_index import SearchIndexing
from qinglian.render.handbook.producer import placeholder_qr_warning
from qinglian.render.producers import SCRIPTS, STYLESHEETS, render_site
from qinglian.render.settings import OFFLINE, ONLINE, Download, Settings
from qinglian.render.site.offline import banner_html
from qinglian.render.site.page import SitePage
from qinglian.render.site.page_refs import link_refs
from qinglian.render.site.search_words import reset_jieba, write_dictionary
from qinglian.revisions.editions import Baseline, compare_with_baseline

log = get_plugin_logger(__name__)
# Not under the `mkdocs` logger: a strict build would abort on a baseline that a shallow clone
# lacks, and the site should still be built, its 修订对照表 saying why it is empty.
baseline_log = logging.getLogger("qinglian.baseline")


class _ToStderr(logging.Handler):
    """Writes to the `sys.stderr` of the moment, as `qinglian check` writes its warnings."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"警告: {record.getMessage()}", file=sys.stderr, flush=True)


baseline_log.addHandler(_ToStderr())


def warn_baseline(baseline: Baseline) -> None:
    """Says in the terminal, at every build and preview, why the 修订对照表 is empty."""
    fetch = "；如果该版本在别处的仓库中，请先获取它（例如 git fetch --tags）" if baseline.missing else ""
    baseline_log.warning(f"修订对照表为空：{baseline.problem}{fetch}")


def _commit_date(project_dir: Path) -> str:
    """The date (YYYY-MM-DD) of the project's last commit, or "" outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%cs"], cwd=project_dir, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def _register(listed: list[Any], paths: tuple[str, ...]) -> None:
    """Appends the plugin's own stylesheets or scripts; one that mkdocs.yml lists already stays
    where it is. Items are paths, or MkDocs' script entries whose str() is the path."""
    present = {str(item) for item in listed}
    listed.extend(path for path in paths if path not in present)


class QinglianPlugin(BasePlugin[QinglianConfig]):  # type: ignore[no-untyped-call]  # MkDocs leaves __init_subclass__ untyped
    corpus: Corpus | None = None
    _handed_over: tuple[Path, Corpus] | None = None
    serving = False
    _after_build: str | None = None  # a warning for the end of the build
    edition = ONLINE
    served_directory_urls = True  # the served site's URL form, for QR codes in the offline edition
    handbook_pdfs: dict[str, bytes] | None = None
    # This build's problems (check warnings, data errors in a preview, page reference errors).
    diagnostics: list[Diagnostic] = []  # replaced, never mutated
    _good_pages: dict[str, str]  # a preview's last page Markdown without reference errors
    # The generated HTML pages of this build, by docs path, until MkDocs holds their content; then
    # only what search reads of those that differ (one copy of each page in memory, not two).
    site_pages: dict[str, SitePage] = {}
    search_bodies: dict[str, str] = {}
    _reported = ""
    _indexing: SearchIndexing | None = None  # from the nav to the end of the build

    def _project_dir(self, config) -> Path:  # type: ignore[no-untyped-def]
        return Path(self.config.project_dir or Path(config.config_file_path).parent).resolve()

    def hand_over(self, project_dir: Path, corpus: Corpus) -> None:
        """The corpus of `project_dir`, already read by `qinglian build`: the next build uses it."""
        self._handed_over = (project_dir.resolve(), corpus)

    def make_offline(self, served_directory_urls: bool, handbook_pdfs: dict[str, bytes] | None) -> None:
        """The next build is the offline edition (see `offline.build_zip`)."""
        self.edition, self.served_directory_urls, self.handbook_pdfs = OFFLINE, served_directory_urls, handbook_pdfs

    def _read(self, project_dir: Path) -> Corpus:
        handed_over, self._handed_over = self._handed_over, None
        if handed_over is not None and handed_over[0] == project_dir:
            return handed_over[1]  # `qinglian build` has printed its warnings
        corpus, diagnostics = check(project_dir, pages=False)
        self.diagnostics = diagnostics
        if corpus is not None:
            return corpus
        if not self.serving:
            raise PluginError("标准数据有错误：\n" + format_text(diagnostics))
        if self.corpus is None:  # the preview has printed them and shows them on an error page
            raise PluginError("标准数据有错误，尚无可预览的内容")
        # A failed rebuild would make MkDocs' live server hold every request until the content
        # is fixed: keep building the last good corpus instead (the preview shows what is wrong).
        return self.corpus

    def _check_pages(self, project_dir: Path, config) -> None:  # type: ignore[no-untyped-def]
        """The record references of the hand-written pages; errors fail a build, not a preview."""
        assert self.corpus is not None
        found = check_pages(project_dir, self.corpus, docs_dir=Path(config.docs_dir))
        self.diagnostics = sorted({*self.diagnostics, *found}, key=Diagnostic.sort_key)
        if has_errors(found) and not self.serving:
            raise PluginError("页面中的记录链接有错误：\n" + format_text(found))

    def _report(self) -> None:
        """Prints the diagnostics of this build when they differ from the last ones printed."""
        report = format_text(self.diagnostics) if self.diagnostics else ""
        if report == self._reported:
            return
        lines = [report or "问题已全部改正。"]
        if has_errors(self.diagnostics) and self.corpus is not None:
            lines.append("预览仍显示上一次正确的内容；改正后自动更新。")
        print("\n".join(lines), file=sys.stderr, flush=True)
        self._reported = report

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance for a whole `mkdocs serve` session. MkDocs keeps
        # it for the whole process: a new preview session must not show an earlier one's content.
        self.serving = command == "serve"
        self._good_pages, self._reported, self.diagnostics = {}, "", []
        if self.serving:
            self.corpus = None

    @event_priority(50)  # before the search plugin, which loads the jieba dictionary in on_config
    def on_config(self, config):  # type: ignore[no-untyped-def]
        project_dir = self._project_dir(config)
        self.diagnostics = []
        try:
            self.corpus = self._read(project_dir)
            self._check_pages(project_dir, config)
        finally:
            if self.serving:
                self._report()
        baseline = Baseline(None)
        if self.config.baseline:
            baseline = compare_with_baseline(project_dir, self.config.baseline, self.corpus)
            if baseline.problem:
                warn_baseline(baseline)
        revision = baseline.diff
        offline = self.edition == OFFLINE
        self.settings = Settings(
            project_dir=project_dir,
            site_url=config.site_url or "",
            site_name=config.site_name,
            directory_urls=self.served_directory_urls if offline else config.use_directory_urls,
            edition=self.edition,
            handbook_pdfs=self.handbook_pdfs if offline else {},
            handbooks=self.config.handbooks and not self.serving,  # PDFs are slow; not in preview
            fonts=font_config(self.config.fonts),
            baseline=self.config.baseline,
            revised=revision.changed_ids() if revision else frozenset(),
            revision=revision,
            revision_problem=baseline.problem,
            revision_missing=baseline.missing,
        )
        self.content_date = _commit_date(project_dir)
        search = self._search(config)
        if search is not None:
            jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict..." on every build
            reset_jieba()
            search.config.jieba_dict_user = str(write_dictionary(self.corpus))
        _register(config.extra_css, STYLESHEETS)
        _register(config.extra_javascript, SCRIPTS)
        return config

    @staticmethod
    def _search(config: MkDocsConfig) -> BasePlugin[Any] | None:
        return next((p for name, p in config.plugins.items() if name.split("/")[-1] == "search"), None)

    def on_files(self, files: Files, config) -> Files:  # type: ignore[no-untyped-def]
        assert self.corpus is not None
        search = self._search(config)
        if search is None or search.config.lang == ["en"]:
            # The search worker loads no lunr language file for English (our Chinese is split by
            # jieba at build time), so the unused files, full of URLs in comments, stay out.
            for file in [f for f in files if f.src_uri.startswith(LUNR_LANGUAGES)]:
                files.remove(file)
        if self.edition == OFFLINE:
            offline_edition_files(files, config)
        elif self.config.offline_zip and not self.serving:
            self._add_offline_zip(files, config)
        try:
            rendered = render_site(self.corpus, self.settings)
        except QinglianError as error:  # e.g. a configured handbook font that is not installed
            raise PluginError(str(error)) from None
        self.site_pages, self.search_bodies = {}, {}
        for path, content in rendered.items():
            if isinstance(content, SitePage):  # HTML put in after conversion, in on_page_content
                self.site_pages[path] = content
                content = content.front_matter()
            files.append(File.generated(config, path, content=content))
        if config.nav:
            config.nav = prune_nav(config.nav, {file.src_uri for file in files})
        return files

    def on_nav(self, nav, config, files):  # type: ignore[no-untyped-def]
        # After on_files, so that the offline edition built there has its own, and after every
        # on_config, so that the search plugin has loaded this build's jieba dictionary.
        search = self._search(config)
        if search is not None:
            self._indexing = SearchIndexing(search)
            self._indexing.start()
        return nav

    @event_priority(1)  # just before the search plugin's (0), with the page as it will index it
    def on_page_context(self, context, page, config, nav):  # type: ignore[no-untyped-def]
        search_body = self.search_bodies.pop(page.file.src_uri, None)
        if self._indexing is not None and search_body is not None:
            self._indexing.index(page, search_body)
        return context

    def _end_indexing(self) -> None:
        indexing, self._indexing = self._indexing, None
        if indexing is not None:
            log.debug(indexing.end())

    def on_build_error(self, error: Exception) -> None:
        self._end_indexing()

    def _add_offline_zip(self, files: Files, config) -> None:  # type: ignore[no-untyped-def]
        """Builds the offline edition first, so that the 手册下载 page can state its size."""
        from qinglian.mkdocs.offline import build_zip

        path = self.config.offline_zip
        assert path is not None  # called only when the option is set
        try:
            data = build_zip(Path(config.config_file_path), self.corpus, self.settings.handbook_pdfs)
        except QinglianError as error:
            raise PluginError(str(error)) from None
        self.settings = replace(self.settings, offline_zip=Download(path, len(data)))
        files.append(File.generated(config, path, content=data))

    def on_page_markdown(self, markdown: str, page, config, files) -> str:  # type: ignore[no-untyped-def]
        assert self.corpus is not None
        if SCHEME not in markdown:  # generated pages: front matter only, their HTML comes later
            return markdown
        src_uri = page.file.src_uri
        linked, missing = link_refs(markdown, src_uri, self.corpus)
        if not missing or not self.serving:  # a build has failed in on_config already
            if self.serving:
                self._good_pages[src_uri] = markdown
            return linked
        # The preview keeps showing the page as it was before the broken reference was typed.
        good = self._good_pages.get(src_uri)
        return link_refs(good, src_uri, self.corpus)[0] if good is not None else linked

    def on_page_content(self, html: str, page, config, files) -> str:  # type: ignore[no-untyped-def]
        generated = self.site_pages.pop(page.file.src_uri, None)
        if generated is None:
            return html
        if generated.search_body is not None:
            self.search_bodies[page.file.src_uri] = generated.search_body
        body, page.links_to_anchors, missing = resolve_links(generated.body, page.file, files)
        for problem in missing:
            log.warning(problem)
        page.toc = table_of_contents(generated.headings)
        page.present_anchor_ids = anchor_ids(body)
        return body

    def on_pre_page(self, page, config, files):  # type: ignore[no-untyped-def]
        # MkDocs stamps every page with today's date (sitemap lastmod): use the content's own
        # date instead, so that building the same commit twice gives the same bytes.
        if self.content_date:
            page.update_date = self.content_date
        if self.edition == OFFLINE and page.canonical_url:
            # The served page, not a `.html` copy of it that the website does not have.
            served = File(page.file.src_uri, None, "", self.served_directory_urls)
            page.canonical_url = config.site_url.rstrip("/") + "/" + served.url
        return page

    def on_post_build(self, config) -> None:  # type: ignore[no-untyped-def]
        self._end_indexing()
        for worker in Path(config.site_dir).glob(SEARCH_WORKER):
            patch_search_worker(worker)
        assert self.corpus is not None
        if self.edition == ONLINE or self.handbook_pdfs is None:  # said once, by the online build
            self._after_build = placeholder_qr_warning(self.corpus, self.settings)

    def on_shutdown(self) -> None:
        self._end_indexing()
        # Said after the build, where strict mode (mkdocs.yml) no longer counts warnings: the
        # default content ships with the example domain and must still build.
        warning, self._after_build = self._after_build, None
        if warning:
            log.warning(warning)

    def on_post_page(self, output: str, page, config) -> str:  # type: ignore[no-untyped-def]
        # Material writes the language code (zh); the page is Simplified Chinese as used in China.
        output = output.replace('<html lang="zh"', '<html lang="zh-CN"', 1)
        if self._indexing is not None:
            self._indexing.rendered(page)
        if self.edition == OFFLINE:
            output = with_banner(output, banner_html(self.content_date, config.site_url or ""))
        return output

    def on_serve(self, server, config, builder):  # type: ignore[no-untyped-def]
        server.watch(str(self._project_dir(config) / STANDARDS_DIR))
        return server
