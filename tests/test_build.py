"""`qinglian build`: the whole site from content, atomically, offline, with Chinese search."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner
from qinglian.cli import main
from qinglian.mkdocs.build import STAMP

from .conftest import edit, site_project

SITE_URL_HOST = "qinglian.example.gov.cn"
# XML namespace names are identifiers, never fetched.
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
# Strings inside Material's vendored bundle, search worker and stylesheet: licence comments, an
# error message, and code for features this site does not use (repository facts, mermaid, a
# polyfill for browsers without ResizeObserver). test_browser proves none of them is requested.
VENDORED = {
    "http://lunrjs.com", "http://tartarus.org/~martin/PorterStemmer/js.txt", "https://bit.ly/2s3ChXG",
    "https://clipboardjs.com/", "https://fontawesome.com", "https://fontawesome.com/license/free",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js", "https://unpkg.com/resize-observer-polyfill",
    "https://api.github.com/repos/${e}/${t}", "https://api.github.com/users/${e}",
    "https://${e}/api/v4/projects/${encodeURIComponent(t",
}
VENDORED_FILES = re.compile(r"assets/(javascripts/bundle\.[0-9a-f]+\.min\.js|javascripts/workers/search\.[0-9a-f]+\.min\.js|stylesheets/main\.[0-9a-f]+\.min\.css)$")
# The page (or section) where each query's subject is defined.
QUERIES = {
    "室组地": ["glossary/#shizudi", "procedures/joint-case/"],
    "一岗双责": ["glossary/#yigang-shuangze"],
    "廉政谈话": ["units/school/#school-resp-talk"],
    "医院": ["units/hospital/"],
    "整改": ["procedures/clue-handover/"],
    "线索移交": ["procedures/clue-handover/"],
    "巡审联动": ["glossary/#xunshen-liandong", "procedures/inspection-audit/"],
}




def segment(query: str, vocabulary: set[str]) -> list[str]:
    """Material's client-side split of a Chinese query into the longest indexed words
    (query/segment/index.ts, ported as is, with the off-by-one our plugin fixes in the worker)."""
    cuts = [0] * (len(query) + 1)
    for i in range(len(query)):
        for j in range(i + 1, len(query) + 1):
            if query[i:j] in vocabulary:
                cuts[i] = j - i
    segments: dict[str, None] = {}
    stack = [0]
    while stack:
        p = stack.pop()
        for q in range(1, cuts[p]):
            if cuts[p + q] > cuts[p] - q:
                segments[query[p:p + q]] = None
                stack.append(p + q)
        q = p + cuts[p]
        if cuts[q] and q < len(query) - 1:
            stack.append(q)
        segments[query[p:q]] = None
    return [query] if "" in segments else list(segments)


def search(site: Path, query: str) -> set[str]:
    """The sections whose words hold every term the browser's search makes of `query` as a prefix.

    Material splits the query at the separator, segments runs of Han characters against the
    index's vocabulary and appends a wildcard to each term; we require all terms (the browser
    ranks sections matching all of them first)."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    docs = {
        doc["location"]: {w.lower() for w in separator.split(re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])) if w}
        for doc in index["docs"]
    }
    vocabulary = set().union(*docs.values())
    terms = [t for part in separator.split(query) if part for t in segment(part.lower(), vocabulary)]
    return {
        location for location, words in docs.items()
        if all(any(word.startswith(term) for word in words) for term in terms)
    }


@pytest.mark.parametrize("query", list(QUERIES))
def test_search_finds_the_defining_pages(default_site: Path, query: str) -> None:
    hits = search(default_site, query)
    assert set(QUERIES[query]) <= hits, sorted(hits)


def test_glossary_terms_and_role_names_are_indexed_as_words(default_site: Path) -> None:
    index = json.loads((default_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = {word for doc in index["docs"] for word in doc["text"].split("\u200b")}
    assert {"室组地", "巡审联动", "一岗双责", "市纪委监委", "县级纪委监委"} <= words


def test_search_worker_looks_up_the_whole_query(default_site: Path) -> None:
    (worker,) = default_site.glob("assets/javascripts/workers/search.*.min.js")
    assert re.search(r"for\(let (\w+)=\w+\+1;\1<=\w+\.length;", worker.read_text(encoding="utf-8"))


def test_search_does_not_find_what_is_not_there(default_site: Path) -> None:
    assert search(default_site, "量子纠缠") == set()


def external_urls(site: Path) -> dict[str, set[str]]:
    """Every URL in the site's text files that leaves the site (the site's own address aside)."""
    found: dict[str, set[str]] = {}
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".js", ".css", ".json"):
            continue
        relative = path.relative_to(site).as_posix()
        for url in re.findall(r"https?://[^\s\"'<>)\\`]+", path.read_text(encoding="utf-8")):
            host = urlparse(url).hostname or ""
            if host in (SITE_URL_HOST, "127.0.0.1", "localhost") or url in NAMESPACES:
                continue
            if VENDORED_FILES.search(relative) and url in VENDORED:
                continue
            found.setdefault(relative, set()).add(url)
    return found


def test_no_external_urls_in_the_built_site(default_site: Path) -> None:
    assert external_urls(default_site) == {}


def test_pages_are_zh_cn_with_stable_anchors_and_no_generator_tag(default_site: Path) -> None:
    page = (default_site / "units" / "school" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in page
    assert 'id="school-resp-study"' in page
    assert "Made with" not in page and "fonts.googleapis" not in page  # extra.generator: false, theme.font: false


def test_every_record_page_is_linked_from_its_index(default_site: Path) -> None:
    for folder in ("units", "checklists", "procedures", "roles"):
        index = (default_site / folder / "index.html").read_text(encoding="utf-8")
        records = [p.parent.name for p in (default_site / folder).glob("*/index.html")]
        assert records, folder
        for record in records:
            assert f'href="{record}/"' in index, f"{folder}/{record}"


def test_record_pages_carry_only_the_top_level_nav(default_site: Path) -> None:
    """navigation.prune + section indexes: a page's size does not grow with the number of records."""
    page = (default_site / "roles" / "city-commission" / "index.html").read_text(encoding="utf-8")
    nav = page[page.index('md-nav--primary'): page.index('md-sidebar--secondary')]
    assert "units/school/" not in nav and "roles/school-party-org/" not in nav


def test_build_from_another_directory_writes_a_stamped_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = site_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "project"])
    assert result.exit_code == 0, result.output
    assert (  # the repository's mkdocs.yml still names the example domain
        "警告: qinglian: 手册中的二维码指向示例网址 https://qinglian.example.gov.cn/（mkdocs.yml 的 site_url），"
        "扫码打不开网站：请把 site_url 改为网站的正式地址后重新生成\n"
    ) in result.output
    site = project / "site"
    assert (site / STAMP).is_file()
    assert (site / "units" / "school" / "index.html").is_file()
    assert (site / "procedures" / "clue-handover" / "index.html").read_text(encoding="utf-8").count("<svg") >= 1
    assert not list(project.glob(".qinglian-*")), "temporary folders are cleaned up"


def test_content_error_exits_1_and_leaves_the_previous_site(tmp_path: Path) -> None:
    project = site_project(tmp_path)
    assert CliRunner().invoke(main, ["build", str(project)]).exit_code == 0
    before = (project / "site" / "units" / "school" / "index.html").read_text(encoding="utf-8")
    edit(project, "standards/units/school.yaml", "points: 6", "points: 7")
    result = CliRunner().invoke(main, ["build", str(project)])
    assert result.exit_code == 1
    assert "standards/units/school.yaml:" in result.output and "错误" in result.output
    assert (project / "site" / "units" / "school" / "index.html").read_text(encoding="utf-8") == before


def test_rebuild_replaces_a_stamped_site(tmp_path: Path) -> None:
    project = site_project(tmp_path)
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(project), "-o", str(out)]).exit_code == 0
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert CliRunner().invoke(main, ["build", str(project), "-o", str(out)]).exit_code == 0
    assert not (out / "stale.html").exists() and (out / STAMP).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]


@pytest.mark.parametrize("target", [".", "standards", "content", "..", "standards/units", "precious"])
def test_refuses_an_output_that_would_destroy_data(tmp_path: Path, target: str) -> None:
    project = site_project(tmp_path)
    (project / "precious").mkdir()
    (project / "precious" / "notes.txt").write_text("keep", encoding="utf-8")
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(project / target)])
    assert result.exit_code == 2, result.output
    assert "输出目录" in result.output
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before


def test_refuses_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = site_project(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(home)])
    assert result.exit_code == 2 and "主目录" in result.output


def test_missing_mkdocs_yml_is_a_usage_error(mini: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(mini)])
    assert result.exit_code == 2 and "mkdocs.yml" in result.output
