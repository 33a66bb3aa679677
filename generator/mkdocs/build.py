"""`qinglian build` and `qinglian serve`: the MkDocs build, made atomic and safe for the output.

The site is built into a temporary folder next to the output and swapped in only on success, so
invalid content or a failed build leaves the previous site untouched. The output folder gets a
stamp file; a non-empty folder without it is never replaced, nor any folder holding the project.
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from qinglian.core.corpus import Corpus
from qinglian.core.diagnostics import ContentError, QinglianError, UsageError, format_text
from qinglian.core.load import STANDARDS_DIR
from qinglian.core.pipeline import check
from qinglian.mkdocs.config import CONFIG_FILE, load, qinglian_plugins
from qinglian.mkdocs.messages import chinese_handler, translate

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

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


def find_config(project_dir: Path) -> Path:
    config_file = project_dir / CONFIG_FILE
    if not config_file.is_file():
        raise UsageError(f"找不到 {config_file}：请指定包含 mkdocs.yml 的项目目录")
    return config_file


def docs_name(project_dir: Path, config: MkDocsConfig) -> str:
    """docs_dir as the editor knows it: relative to the project when inside it."""
    docs = Path(config.docs_dir).resolve()
    return docs.relative_to(project_dir).as_posix() if _inside(docs, project_dir) else docs.as_posix()


def failure(error: BaseException) -> str:
    """A failed MkDocs build in Chinese: MkDocs' "Aborted with a BuildError!" replaced by the
    error it stands for (a plugin's message); an English message translated when known."""
    from mkdocs.exceptions import BuildError

    if isinstance(error.__context__, BuildError):
        return str(error.__context__)
    return translate(str(error)).text


def _mkdocs_build(config_file: Path, site_dir: Path, corpus: Corpus) -> None:
    """`mkdocs build` with our config loader: the plugins' startup and shutdown events around the
    build, as MkDocs' own command runs them (Material's optimize plugin starts its pool there).
    MkDocs' warnings are printed in Chinese as they come."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    config = load(config_file, site_dir=str(site_dir))
    handler = chinese_handler(logging.WARNING, docs_name(config_file.parent, config))
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        for plugin in qinglian_plugins(config):
            plugin.hand_over(config_file.parent, corpus)  # read once, not twice (seconds at scale)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as error:
        raise QinglianError(f"网站生成失败：{failure(error)}") from None
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
    config_file = find_config(project_dir)
    check_output(project_dir, out_dir)
    _recover(out_dir)
    corpus, diagnostics = check(project_dir)
    if corpus is None:  # every diagnostic, before anything is touched
        raise ContentError(diagnostics)
    if diagnostics:  # warnings
        print(format_text(diagnostics), file=sys.stderr, flush=True)
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
