"""The live preview's problem banner and error page: self-contained HTML (inline styles, no
assets), so that they work whatever state the site is in. No MkDocs imports."""

from __future__ import annotations

import html

BANNER_ID = "qinglian-preview-problems"
_ERROR_PAGE_MARK = b'data-qinglian-error-page="1"'
_BOX = (
    "position:fixed;left:0;right:0;bottom:0;z-index:10000;max-height:40vh;overflow:auto;margin:0;"
    "padding:.8em 1.2em;color:#fff;font:14px/1.6 system-ui,sans-serif;box-shadow:0 -2px 8px rgba(0,0,0,.35)"
)
# MkDocs adds live reload to .html files only, not to the pages it serves for a 404: the error
# page asks for itself until the answer is no longer the error page.
_RELOAD = (
    "setInterval(function(){fetch(location.href,{cache:'no-store'}).then(function(r){return r.text()})"
    ".then(function(t){if(t.indexOf('data-qinglian-error-page')<0)location.reload()}).catch(function(){})},1500)"
)
_LIST = "white-space:pre-wrap;margin:.4em 0 0;font:13px/1.5 ui-monospace,monospace"


def _items(lines: list[str]) -> str:
    return html.escape("\n".join(lines))


def banner(errors: list[str], warnings: list[str], stale: bool) -> bytes:
    """The banner for every page, b"" when there is nothing to say."""
    if not errors and not warnings:
        return b""
    if errors:
        title = f"预览：有 {len(errors)} 个错误" + (f"、{len(warnings)} 个警告" if warnings else "")
        if stale:
            title += "。页面显示的是上一次正确的内容；改正并保存后自动更新。"
        color = "#b71c1c"
    else:
        title, color = f"预览：有 {len(warnings)} 个警告（不影响生成）", "#8d5a00"
    return (
        f'<div id="{BANNER_ID}" role="alert" style="{_BOX};background:{color}">'
        f"<strong>{html.escape(title)}</strong><pre style=\"{_LIST}\">{_items(errors + warnings)}</pre></div>"
    ).encode()


def inject(page: bytes, banner: bytes) -> bytes:
    """`page` with `banner` as the first element of its body (the error page lists them itself)."""
    if not banner or _ERROR_PAGE_MARK in page:
        return page
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + banner + page[end:]


def error_page(lines: list[str]) -> bytes:
    """What the preview shows at every address while no build has succeeded yet."""
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "<title>预览：内容有错误</title></head>"
        f'<body {_ERROR_PAGE_MARK.decode()} style="font:15px/1.6 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em">'
        f'<h1 style="color:#b71c1c">内容有错误，网站尚未生成</h1><p>改正下列问题并保存后，本页自动刷新为网站。</p>'
        f'<pre id="{BANNER_ID}" style="{_LIST};background:#fbe9e7;padding:1em">{_items(lines)}</pre>'
        f"<script>{_RELOAD}</script></body></html>\n"
    ).encode()
