"""`qinglian build` and `qinglian serve`: the MkDocs build, made atomic and safe for the output.

The site is built into a temporary folder next to the output and swapped in only on success, so
invalid content or a failed build leaves the previous site untouched. The output folder gets a
stamp file; a non-empty folder without it is never replaced, nor any folder holding the project.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from qinglian.core.corpus import Corpus
from qinglian.core.diagnostics import QinglianError, UsageError
from qinglian.core.load import STANDARDS_DIR
from qinglian.core.pipeline import read_corpus
from qinglian.mkdocs.config import CONFIG_FILE, load

STAMP = ".qinglian-build"
STAMP_TEXT = "本目录由 qinglian build 生成，重新生成时会被整体替换。\n"
DOCS_DIR = "content"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output(project_dir: Path, out_dir: Path) -> None:
    """Raises `UsageError` when replacing `out_dir` could destroy anything but an earlier site."""
    protected = [project_dir / STANDARDS_DIR, project_dir / DOCS_DIR]
    if _inside(project_dir, out_dir) or any(_inside(out_dir, folder) for folder in protected):
        raise UsageError(f"输出目录 {out_dir} 不能是项目目录、standards/、content/ 或包含它们的目录")
    if out_dir == Path.home().resolve():
        raise UsageError(f"输出目录 {out_dir} 是用户主目录，请另选一个目录")
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"输出路径 {out_dir} 已存在且不是目录")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / STAMP).is_file():
        raise UsageError(
            f"输出目录 {out_dir} 不为空，且不是 qinglian build 生成的网站（缺少 {STAMP}）；为避免误删，已停止"
        )


def _config_file(project_dir: Path) -> Path:
    config_file = project_dir / CONFIG_FILE
    if not config_file.is_file():
        raise UsageError(f"找不到 {config_file}：请指定包含 mkdocs.yml 的项目目录")
    return config_file


def _show_mkdocs_warnings() -> logging.Handler:
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    return handler


def _mkdocs_build(config_file: Path, site_dir: Path, corpus: Corpus) -> None:
    """`mkdocs build` with our config loader: the plugins' startup and shutdown events around the
    build, as MkDocs' own command runs them (Material's optimize plugin starts its pool there)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException
    from qinglian.mkdocs.plugin import QinglianPlugin

    handler = _show_mkdocs_warnings()
    try:
        config = load(config_file, site_dir=str(site_dir))
        for plugin in config.plugins.values():
            if isinstance(plugin, QinglianPlugin):
                plugin.hand_over(config_file.parent, corpus)  # read once, not twice (seconds at scale)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as error:
        raise QinglianError(f"网站生成失败：{error}") from None
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)


def _scratch(out_dir: Path, role: str) -> Path:
    """A fixed sibling folder of the output for one step of the swap, so a later build finds it."""
    return out_dir.parent / f".{out_dir.name}.qinglian-{role}"


def _recover(out_dir: Path) -> None:
    """Undoes what a killed build left: restores a site caught mid-swap, drops scratch folders."""
    old = _scratch(out_dir, "old")
    if not out_dir.exists() and (old / "site").is_dir():
        (old / "site").replace(out_dir)
    for role in ("old", "build"):
        shutil.rmtree(_scratch(out_dir, role), ignore_errors=True)


def _swap(built: Path, out_dir: Path) -> None:
    """Replaces `out_dir` by `built` with two renames; the old site is deleted afterwards."""
    old = _scratch(out_dir, "old")
    if out_dir.exists():
        old.mkdir()
        out_dir.replace(old / "site")
    built.replace(out_dir)
    shutil.rmtree(old, ignore_errors=True)


def _forget_sources(corpus: Corpus) -> None:
    """Drops each file's YAML node tree and plain data, kept for diagnostics only: the content is
    valid, and rendering reads the models. Two thirds of the corpus' memory (0.8 GB at 50k
    indicators); `SourceFile.locate` no longer works afterwards."""
    for entry in corpus.entries.values():
        entry.source.root = entry.source.data = None  # type: ignore[assignment]


def build(project_dir: Path, out_dir: Path | None = None) -> Path:
    """Checks the content and builds the site into `out_dir` (default PROJECT_DIR/site)."""
    project_dir = project_dir.resolve()
    out_dir = (out_dir if out_dir is not None else project_dir / "site").resolve()
    config_file = _config_file(project_dir)
    check_output(project_dir, out_dir)
    _recover(out_dir)
    corpus = read_corpus(project_dir)  # ContentError with every diagnostic, before anything is touched
    _forget_sources(corpus)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = _scratch(out_dir, "build")
    work.mkdir()
    try:
        _mkdocs_build(config_file, work / "site", corpus)
        (work / "site" / STAMP).write_text(STAMP_TEXT, encoding="utf-8")
        _swap(work / "site", out_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out_dir


def serve(project_dir: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    """The MkDocs live preview, which runs the plugins' startup and shutdown events itself; the
    plugin watches standards/ and reports content errors."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    project_dir = project_dir.resolve()
    config_file = _config_file(project_dir)
    load(config_file, dev_addr=dev_addr)  # a broken mkdocs.yml is reported in Chinese, up front
    read_corpus(project_dir)
    logger = logging.getLogger("mkdocs")
    level, handler = logger.level, logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)
    except (MkDocsException, SystemExit) as error:
        raise QinglianError(f"预览服务失败：{error}") from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
