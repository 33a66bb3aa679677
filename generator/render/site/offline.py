"""What the offline edition (the site as a zip, opened from `file://`) adds to the pages.

The banner on every page, the README.txt at the top of the zip, and ASCII file names: Windows'
built-in unzip mangles UTF-8 names, so a page the editors named in Chinese gets a pinyin name.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable

TOP_FOLDER = "qinglian-offline"  # the one folder at the top of the zip; ASCII on purpose
_DASHES = re.compile(r"-{2,}")


def banner_html(date: str, site_url: str) -> str:
    """离线版 · 生成于 <date> · 以网站为准（<address>）, as a Material banner above the header."""
    parts = ["离线版"]
    if date:
        parts.append(f"生成于 {html.escape(date)}")
    if site_url:
        address = html.escape(site_url, quote=True)
        parts.append(f'以网站为准（<a href="{address}">{address}</a>）')
    else:
        parts.append("以网站为准")
    return (
        '<aside class="md-banner ql-offline-banner"><div class="md-banner__inner md-grid md-typeset">'
        + " · ".join(parts)
        + "</div></aside>"
    )


def readme_text(site_name: str, date: str, site_url: str) -> str:
    """README.txt: how to open the edition. CRLF and a BOM, so that Notepad on any Windows shows it."""
    made = f"生成于 {date}" if date else "离线版"
    lines = [
        f"{site_name} · 离线版（{made}）",
        "",
        "使用说明",
        "1. 先解压：在压缩包上点右键，选择“全部解压缩”，或用解压软件解压到电脑或 U 盘上。",
        "   不要在压缩软件的窗口中直接打开网页，那样检索和链接都无法使用。",
        f"2. 再用浏览器（Edge、Chrome、Firefox、360 极速模式等）打开解压出的 {TOP_FOLDER} 文件夹中的 index.html。",
        "3. 不需要联网：检索、泳道图、在线自评、PDF 手册和 Excel 自评表都在这个文件夹中。",
        "4. 在线自评的填写内容只保存在本机的这个浏览器中；换电脑或清理浏览器之前，请先“导出答卷”。",
        "5. 拷贝时请拷贝整个文件夹，不要只拷贝其中的网页文件。",
        "",
        f"内容以网站为准：{site_url}" if site_url else "内容以网站为准。",
    ]
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


def _ascii_segment(segment: str) -> str:
    from pypinyin import lazy_pinyin  # a large dictionary: only when a name needs it

    pieces = lazy_pinyin(segment, errors=lambda text: "".join(c if c.isascii() else "-" for c in text))
    return _DASHES.sub("-", "".join(pieces)) or "-"


def ascii_paths(paths: Iterable[str]) -> dict[str, str]:
    """Each path (`/`-separated) with a non-ASCII segment -> an unused ASCII path (pinyin, then
    `-2`, `-3` … before the extension when two names meet); deterministic in sorted order."""
    paths = sorted(set(paths))
    taken = {path for path in paths if path.isascii()}
    renamed: dict[str, str] = {}
    for path in paths:
        if path.isascii():
            continue
        folder, name = posixpath.split(path)
        folder = "/".join(s if s.isascii() else _ascii_segment(s) for s in folder.split("/")) if folder else ""
        stem, extension = posixpath.splitext(name)
        stem = stem if stem.isascii() else _ascii_segment(stem)
        candidate, number = posixpath.join(folder, stem + extension), 1
        while candidate in taken:
            number += 1
            candidate = posixpath.join(folder, f"{stem}-{number}{extension}")
        taken.add(candidate)
        renamed[path] = candidate
    return renamed
