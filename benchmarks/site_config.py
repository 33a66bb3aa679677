"""The two mkdocs.yml files of a benchmark corpus, derived from the repository's own mkdocs.yml.

Both keep the repository's theme, features, Markdown extensions and search settings word for word,
so that whatever the repository configures is what gets measured. The project's file differs only
in its nav (no entries for the repository's hand-written pages, which the corpus does not have) and
in building no PDF handbooks (the handbook is measured on its own) and no offline edition (measured
by offline_search.py). The baseline's file drops the
qinglian plugin and does by hand what the plugin does to the configuration: the jieba user
dictionary for the search plugin, the stylesheets and script and the nav without pages that are not there.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from qinglian.render.producers import SCRIPTS, STYLESHEETS  # added to extra_css/_javascript by the plugin

REPO = Path(__file__).resolve().parent.parent
_TOP_KEY = re.compile(r"^([A-Za-z_]+):")
_QINGLIAN = re.compile(r"^  - qinglian:?\s*$")
_SEARCH = re.compile(r"^  - search:?\s*$")


def blocks(text: str) -> dict[str, list[str]]:
    """Top-level keys of a YAML file -> their lines (key line, body, trailing comments); ordered."""
    found: dict[str, list[str]] = {"": []}
    current = ""
    for line in text.splitlines():
        match = _TOP_KEY.match(line)
        if match:
            current = match.group(1)
            found[current] = []
        found[current].append(line)
    return found


def join(parts: dict[str, list[str]]) -> str:
    return "\n".join(line for lines in parts.values() for line in lines) + "\n"


def nav_pages(nav: list) -> list[str]:  # type: ignore[type-arg]
    """Every page path named in a nav, depth first."""
    pages = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        pages.extend(nav_pages(value) if isinstance(value, list) else [value])
    return pages


def prune(nav: list, keep) -> list:  # type: ignore[no-untyped-def,type-arg]
    """The nav with only the pages for which `keep(path)` holds; emptied sections dropped."""
    kept = []
    for item in nav:
        title = next(iter(item)) if isinstance(item, dict) else None
        value = item[title] if title is not None else item
        if isinstance(value, list):
            value = prune(value, keep)
            if not value:
                continue
        elif not keep(value):
            continue
        kept.append({title: value} if title is not None else value)
    return kept


def _with_nav(parts: dict[str, list[str]], nav: list) -> None:  # type: ignore[type-arg]
    dumped = yaml.dump({"nav": nav}, allow_unicode=True, sort_keys=False, Dumper=yaml.CSafeDumper)
    parts["nav"] = dumped.rstrip("\n").splitlines()


def _plugin_block(lines: list[str], pattern: re.Pattern[str]) -> tuple[int, int]:
    """(start, end) of the plugin list item matching `pattern`, its options included."""
    start = next(i for i, line in enumerate(lines) if pattern.match(line))
    end = start + 1
    while end < len(lines) and lines[end].startswith("      "):
        end += 1
    return start, end


def site_url(text: str) -> str:
    """The `site_url` of a mkdocs.yml text, "" when it has none."""
    lines = blocks(text).get("site_url", ["site_url: "])
    return str(yaml.safe_load(lines[0])["site_url"] or "")


def project_config(repo_text: str, content: Path = REPO / "content") -> str:
    """The corpus project's mkdocs.yml from a repository's (its text and its content folder): no
    hand-written pages in the nav, no PDF handbooks."""
    parts = blocks(repo_text)
    hand_written = {p for p in nav_pages(yaml.safe_load("\n".join(parts["nav"]))["nav"]) if p != "index.md"}
    hand_written = {p for p in hand_written if (content / p).is_file()}
    _with_nav(parts, prune(yaml.safe_load("\n".join(parts["nav"]))["nav"], lambda p: p not in hand_written))
    plugins = parts["plugins"]
    start, end = _plugin_block(plugins, _QINGLIAN)
    options = _without_options(plugins[start + 1 : end], ("handbooks", "offline_zip"))
    plugins[start:end] = ["  - qinglian:", "      handbooks: false", *options]
    return join(parts)


def _without_options(lines: list[str], names: tuple[str, ...]) -> list[str]:
    """Plugin option lines without the named options and the comment lines right above them."""
    kept: list[str] = []
    for line in lines:
        if line.strip().split(":")[0] in names:
            while kept and kept[-1].strip().startswith("#"):
                kept.pop()
            continue
        kept.append(line)
    return kept


def baseline_config(project_text: str, docs_dir: str, userdict: Path, present: set[str]) -> str:
    """The baseline's mkdocs.yml: the project's, without the qinglian plugin, for plain pages."""
    parts = blocks(project_text)
    parts["docs_dir"] = [f"docs_dir: {docs_dir}"]
    plugins = parts["plugins"]
    start, end = _plugin_block(plugins, _QINGLIAN)
    del plugins[start:end]
    start, end = _plugin_block(plugins, _SEARCH)
    options = [line for line in plugins[start + 1 : end] if "jieba_dict_user:" not in line]
    plugins[start:end] = ["  - search:", f"      jieba_dict_user: {userdict}", *options]
    for key, paths in (("extra_css", STYLESHEETS), ("extra_javascript", SCRIPTS)):
        listed = parts.setdefault(key, [f"{key}:"])
        listed += [f"  - {path}" for path in paths if not any(path in line for line in listed)]
    _with_nav(parts, prune(yaml.safe_load("\n".join(parts["nav"]))["nav"], lambda p: p in present))
    return join(parts)
