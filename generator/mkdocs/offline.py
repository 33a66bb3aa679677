"""The offline edition: the whole site as a zip that works from `file://`, search included.

Built with MkDocs' own API from the project's mkdocs.yml, changed in three ways: Material's
`offline` plugin (inlines the search index into `search_index.js`), `use_directory_urls: false`
(a folder URL shows a file listing from disk), and the vendored iframe-worker shim named in
`extra.polyfills`, so that the plugin does not add its CDN copy, which fails without internet and
hides the search box. The qinglian plugin is told it builds this edition (`make_offline`): it
writes `.html` URLs, the banner and ASCII file names. The site goes to a temporary folder, is
trimmed (no second copy of the search index, no sitemap of `.html` URLs) and zipped.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from qinglian.core.corpus import Corpus
from qinglian.core.diagnostics import QinglianError, UsageError
from qinglian.export.site_zip import zip_folder
from qinglian.mkdocs.config import CONFIG_FILE, load, qinglian_plugins
from qinglian.render.site.offline import TOP_FOLDER, ascii_paths, readme_text

DEFAULT_ZIP = "qinglian-offline.zip"  # under the site folder
MATERIAL_OFFLINE = "material/offline"
SHIM = "assets/iframe-worker/shim.js"  # npm iframe-worker 1.0.4 (MIT), as published
SHIM_FILES = (SHIM, "assets/iframe-worker/LICENSE")
# The index's second copy; sitemaps for crawlers of the served site (of `.html` URLs it does not
# have); and the error page, which only a server shows.
DROPPED = ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "404.html")


def shim_files() -> list[tuple[str, bytes]]:
    """The shim and its licence, as the offline edition's site holds them."""
    folder = resources.files("qinglian") / "assets" / "iframe-worker"
    return [(path, folder.joinpath(Path(path).name).read_bytes()) for path in SHIM_FILES]


def offline_edition_files(files: Any, config: Any) -> None:
    """The plugin's `on_files` for this edition: adds the shim, gives every file an ASCII name."""
    from mkdocs.structure.files import File

    for path, content in shim_files():
        files.append(File.generated(config, path, content=content))
    renamed = ascii_paths(file.dest_uri for file in files)
    for file in [file for file in files if file.dest_uri in renamed]:
        files.remove(file)
        copy = File(
            file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls,
            dest_uri=renamed[file.dest_uri], inclusion=file.inclusion,
        )
        if file.generated_by:
            copy.generated_by, copy.content_bytes = file.generated_by, file.content_bytes
        files.append(copy)


def with_banner(output: str, banner: str) -> str:
    """A page's HTML with the banner above Material's header."""
    return output.replace('<header class="md-header', banner + '<header class="md-header', 1)


def _raw_config(config_file: Path) -> dict[str, Any]:
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, "rb") as source:
        return yaml_load(source)


def _plugin_name(item: Any) -> str:
    return next(iter(item)) if isinstance(item, dict) else str(item)


def _with_offline_plugin(plugins: Any) -> Any:
    """The project's plugin list (a list or a mapping, as mkdocs.yml allows) with Material's
    `offline` plugin enabled, whatever the project says about it."""
    plugins = plugins if plugins is not None else ["search"]
    if isinstance(plugins, dict):
        kept_options = {name: value for name, value in plugins.items() if name not in ("offline", MATERIAL_OFFLINE)}
        return {**kept_options, MATERIAL_OFFLINE: {"enabled": True}}
    kept = [item for item in plugins if _plugin_name(item) not in ("offline", MATERIAL_OFFLINE)]
    return [*kept, {MATERIAL_OFFLINE: {"enabled": True}}]


def _load(config_file: Path, site_dir: Path) -> tuple[Any, bool]:
    """The offline edition's config, and whether the served site has directory URLs."""
    raw = _raw_config(config_file)
    config = load(
        config_file,
        site_dir=str(site_dir),
        use_directory_urls=False,
        plugins=_with_offline_plugin(raw.get("plugins")),
    )
    config.extra["polyfills"] = [*config.extra.get("polyfills", []), SHIM]
    return config, raw.get("use_directory_urls", True) is not False


@contextlib.contextmanager
def _own_plugin_instances() -> Iterator[None]:
    """MkDocs keeps one instance of each plugin that has startup or shutdown events for the whole
    process (for `mkdocs serve`). The offline edition, built during the online build, needs its
    own: else both builds share one search index and one qinglian plugin's state."""
    from mkdocs.config.defaults import MkDocsConfig

    option: Any = MkDocsConfig.plugins  # the class attribute is the option object with its cache
    saved, option.plugin_cache = option.plugin_cache, {}
    try:
        yield
    finally:
        option.plugin_cache = saved


def _qinglian_plugin(config: Any) -> Any:
    found = qinglian_plugins(config)
    if not found:
        raise UsageError(f"{config.config_file_path} 的 plugins 中没有 qinglian 插件，无法生成离线版")
    return found[0]


def _run(config: Any) -> None:
    """`mkdocs build`, with the plugins' startup and shutdown events around it."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as error:
        raise QinglianError(f"离线版生成失败：{error}") from None
    finally:
        config.plugins.on_shutdown()


def build_zip(
    config_file: Path, corpus: Corpus | None = None, handbook_pdfs: dict[str, bytes] | None = None
) -> bytes:
    """The offline edition of the project of `config_file` as zip bytes; deterministic.

    `corpus`, when given, is the project's content already read; `handbook_pdfs` PDFs already
    compiled for it (the online build shares them, and gets the ones compiled here)."""
    with tempfile.TemporaryDirectory(prefix="qinglian-offline-") as scratch:
        site = Path(scratch) / "site"
        with _own_plugin_instances():
            config, served_directory_urls = _load(config_file, site)
        plugin = _qinglian_plugin(config)
        if corpus is not None:
            plugin.hand_over(config_file.parent, corpus)
        plugin.make_offline(served_directory_urls, handbook_pdfs)
        _run(config)
        _inline_index(site)
        for name in DROPPED:
            (site / name).unlink(missing_ok=True)
        readme = readme_text(config.site_name, plugin.content_date, config.site_url or "")
        (site / "README.txt").write_text(readme, encoding="utf-8", newline="")
        return zip_folder(site, TOP_FOLDER, plugin.content_date)


def _inline_index(site: Path) -> None:
    """Rewrites `search_index.js` (Material's offline plugin inlines the index as is) with the
    characters themselves instead of `\\uXXXX` escapes: half the size for Chinese text (48 to 26
    MB at 10k indicators), so the browser reads and parses it about twice as fast."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        (site / "search" / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")


def write_zip(project_dir: Path, out_file: Path | None = None) -> Path:
    """`qinglian offline`: checks the content, builds the offline edition, writes the zip
    (default PROJECT_DIR/site/qinglian-offline.zip) in one step, never half."""
    from qinglian.core.load import STANDARDS_DIR
    from qinglian.core.pipeline import read_corpus
    from qinglian.mkdocs.build import DOCS_DIR, STAMP, STAMP_TEXT

    project_dir = project_dir.resolve()
    config_file = project_dir / CONFIG_FILE
    if not config_file.is_file():
        raise UsageError(f"找不到 {config_file}：请指定包含 mkdocs.yml 的项目目录")
    target = (out_file if out_file is not None else project_dir / "site" / DEFAULT_ZIP).resolve()
    site = project_dir / "site"
    if target.is_dir():
        raise UsageError(f"输出路径 {target} 是一个目录，请给出 .zip 文件名")
    for folder in (project_dir / STANDARDS_DIR, project_dir / DOCS_DIR):
        if folder in target.parents:
            raise UsageError(f"输出文件 {target} 不能放在 {folder.name}/ 中：下次生成时会被当作内容")
    data = build_zip(config_file, read_corpus(project_dir))
    if target.parent == site and not site.exists():
        # A site folder holding only the zip: `qinglian build` may replace it later.
        site.mkdir()
        (site / STAMP).write_text(STAMP_TEXT, encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)
    return target
