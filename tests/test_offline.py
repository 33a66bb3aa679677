"""`qinglian offline`: the site as a deterministic zip that works from `file://` (without a browser;
test_offline_browser.py opens it in Chromium)."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from qinglian.cli import main
from qinglian.core.diagnostics import UsageError
from qinglian.mkdocs.build import STAMP
from qinglian.mkdocs.offline import write_zip

from .conftest import ROOT, edit, site_project
from .test_build import SITE_URL_HOST, external_urls

TOP = "qinglian-offline/"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value for name, value in attrs if name in ("href", "src", "xlink:href") and value]


def broken_links(folder: Path) -> dict[str, list[str]]:
    """Relative links of every page that lead to a folder or to no file."""
    broken: dict[str, list[str]] = {}
    for page in sorted(folder.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site (checked by external_urls), or an anchor on this page
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                broken.setdefault(page.relative_to(folder).as_posix(), []).append(link)
    return broken


def test_two_runs_give_the_same_bytes(offline_zip: Path, default_site: Path) -> None:
    # The zip `qinglian build` puts in the site was built in another run, inside the online build.
    digest = hashlib.sha256(offline_zip.read_bytes()).hexdigest()
    assert hashlib.sha256((default_site / "qinglian-offline.zip").read_bytes()).hexdigest() == digest


def test_one_ascii_top_folder_sorted_entries_fixed_times_and_modes(offline_zip: Path) -> None:
    with zipfile.ZipFile(offline_zip) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names[0] == TOP and all(name.startswith(TOP) for name in names)
    assert names == sorted(names) and all(name.isascii() for name in names)
    assert {info.date_time for info in infos} == {infos[0].date_time}
    modes = {(info.filename.endswith("/"), info.external_attr >> 16) for info in infos}
    assert modes == {(True, 0o40755), (False, 0o100644)}
    assert {info.create_system for info in infos} == {3}


def test_the_zip_holds_the_site_handbooks_workbooks_and_shim(offline_zip: Path) -> None:
    with zipfile.ZipFile(offline_zip) as archive:
        names = set(archive.namelist())
        readme = archive.read(TOP + "README.txt").decode("utf-8-sig")
    expected = {
        "index.html", "units/school.html", "assess/school.html", "assess/school.xlsx",
        "handbooks/school-handbook.pdf", "data/corpus.json", "search/search_index.js",
        "assets/iframe-worker/shim.js", "assets/iframe-worker/LICENSE",
    }
    assert {TOP + name for name in expected} <= names
    # The .js copy is the one read from file://; no second index, no sitemap of .html URLs.
    assert not {TOP + name for name in ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz")} & names
    assert TOP + "404.html" not in names  # only a server shows it
    assert "使用说明" in readme and "先解压" in readme and "index.html" in readme and "\r\n" in readme


def test_no_page_links_to_a_folder_or_a_missing_file(offline_folder: Path) -> None:
    assert broken_links(offline_folder) == {}


def test_nothing_is_fetched_from_another_site(offline_folder: Path) -> None:
    assert external_urls(offline_folder) == {}
    page = (offline_folder / "units" / "school.html").read_text(encoding="utf-8")
    assert '<script src="../assets/iframe-worker/shim.js"></script>' in page  # not unpkg.com's


def test_every_page_has_the_banner(offline_folder: Path) -> None:
    banner = re.compile(
        r'<aside class="md-banner ql-offline-banner">.*离线版 · 生成于 \d{4}-\d{2}-\d{2} · '
        rf'以网站为准（<a href="https://{SITE_URL_HOST}/">https://{SITE_URL_HOST}/</a>）'
    )
    pages = list(offline_folder.rglob("*.html"))
    assert len(pages) > 50
    assert [p.name for p in pages if not banner.search(p.read_text(encoding="utf-8"))] == []


def test_corpus_json_urls_are_html_files_with_their_anchors(offline_folder: Path) -> None:
    corpus = json.loads((offline_folder / "data" / "corpus.json").read_text(encoding="utf-8"))
    urls = [unit["url"] for unit in corpus["units"]] + [d["url"] for u in corpus["units"] for d in u["dimensions"]]
    assert "units/school.html" in urls and "units/school.html#school-resp" in urls
    for url in urls:
        path, _, anchor = url.partition("#")
        page = (offline_folder / path).read_text(encoding="utf-8")
        assert not anchor or f'id="{anchor}"' in page, url


def test_the_canonical_link_names_the_served_page(offline_folder: Path) -> None:
    page = (offline_folder / "units" / "school.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="https://{SITE_URL_HOST}/units/school/">' in page


def test_assessment_answers_are_kept_per_site_and_edition(offline_folder: Path, default_site: Path) -> None:
    offline = (offline_folder / "assess" / "school.html").read_text(encoding="utf-8")
    online = (default_site / "assess" / "school" / "index.html").read_text(encoding="utf-8")
    key = f'"storageKey": "qinglian-assess:{SITE_URL_HOST}:%s:school:2022 示例版"'
    assert key % "offline" in offline and key % "online" in online


def test_the_download_page_offers_the_zip_with_its_size(default_site: Path) -> None:
    size = (default_site / "qinglian-offline.zip").stat().st_size
    page = (default_site / "handbooks" / "index.html").read_text(encoding="utf-8")
    assert f'<a class="md-button" href="../qinglian-offline.zip">下载离线版（{size / 1e6:.1f} MB）</a>' in page


def test_the_output_must_be_a_file_outside_the_content(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as error:
        write_zip(ROOT, tmp_path)
    assert str(error.value) == f"输出路径 {tmp_path} 是一个目录，请给出 .zip 文件名"


def test_chinese_file_names_get_pinyin_names(tmp_path: Path) -> None:
    project = site_project(tmp_path)
    edit(project, "mkdocs.yml", "baseline: ab583ea", "handbooks: false")
    (project / "content" / "index.md").write_text("# 首页\n\n[关于本站](关于本站.md)\n", encoding="utf-8")
    (project / "content" / "关于本站.md").write_text("# 关于本站\n", encoding="utf-8")
    target = write_zip(project)  # into a new site/ that `qinglian build` may replace later
    assert target == project / "site" / "qinglian-offline.zip" and (project / "site" / STAMP).is_file()
    archive = zipfile.ZipFile(target)
    assert TOP + "guanyubenzhan.html" in archive.namelist()
    assert all(name.isascii() for name in archive.namelist())
    assert 'href="guanyubenzhan.html"' in archive.read(TOP + "index.html").decode("utf-8")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["offline", "{tmp}"], "错误: 找不到 {tmp}/mkdocs.yml：请指定包含 mkdocs.yml 的项目目录\n"),
        (
            ["offline", "{root}", "-o", "{root}/content/x.zip"],
            "错误: 输出文件 {root}/content/x.zip 不能放在 content/ 中：下次生成时会被当作内容\n",
        ),
    ],
)
def test_usage_errors(tmp_path: Path, arguments: list[str], message: str) -> None:
    values = {"tmp": str(tmp_path), "root": str(ROOT)}
    result = CliRunner().invoke(main, [argument.format(**values) for argument in arguments])
    assert (result.exit_code, result.output) == (2, message.format(**values))
