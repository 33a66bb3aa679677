"""Handbooks producer: `handbooks/<id>.pdf` per handbook, its page, and the 手册下载 page.

The PDFs are typeset by `handbook.render_handbook`. When `settings.handbooks` is off (the live
preview), no PDF is compiled: the pages still exist, and say that handbooks are built by
`qinglian build` only, so links to them never break.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlparse

from qinglian.core.corpus import Corpus
from qinglian.core.model import Handbook
from qinglian.core.urls import HANDBOOKS, handbook_pdf, record_page, relative
from qinglian.render.handbook.compile import page_count, render_handbook
from qinglian.render.settings import Settings
from qinglian.render.site.page import Page, SitePage

EXAMPLE_HOST = "qinglian.example.gov.cn"  # the placeholder `site_url` of the default mkdocs.yml


def placeholder_qr_warning(corpus: Corpus, settings: Settings) -> str | None:
    """A warning when this build prints QR codes that point to the example domain, else None."""
    if not (settings.handbooks and corpus.handbooks) or urlparse(settings.site_url).hostname != EXAMPLE_HOST:
        return None
    return (
        f"手册中的二维码指向示例网址 {settings.site_url}（mkdocs.yml 的 site_url），扫码打不开网站："
        "请把 site_url 改为网站的正式地址后重新生成"
    )


@dataclass(frozen=True)
class Row:
    """A handbook as its pages list it; `pages` is 0 when no PDF was built."""

    handbook: Handbook
    pages: int
    pdf: str  # the link to the PDF from the handbook pages (all in one folder)


def _pdf(corpus: Corpus, handbook_id: str, settings: Settings) -> bytes:
    """The handbook's PDF, compiled once per build even when the offline edition needs it too."""
    shared = settings.handbook_pdfs
    if shared is not None and handbook_id in shared:
        return shared[handbook_id]
    pdf = render_handbook(corpus, handbook_id, settings)
    if shared is not None:
        shared[handbook_id] = pdf
    return pdf


def _offline(settings: Settings) -> dict[str, str] | None:
    """The offline edition's download, as the 手册下载 page shows it."""
    if settings.offline_zip is None:
        return None
    size = settings.offline_zip.size
    text = f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"
    return {"href": relative(HANDBOOKS, settings.offline_zip.path), "size": text}


def produce(corpus: Corpus, settings: Settings) -> Iterable[tuple[str, bytes | SitePage]]:
    rows: list[Row] = []
    for handbook in corpus.handbooks:  # in the order of handbooks.yaml
        pages = 0
        if settings.handbooks:
            pdf = _pdf(corpus, handbook.id, settings)
            pages = page_count(pdf)
            yield handbook_pdf(handbook.id), pdf
        rows.append(Row(handbook, pages, relative(HANDBOOKS, handbook_pdf(handbook.id))))
    page = Page(corpus, settings)
    yield page.render(
        "handbooks.html.j2", HANDBOOKS, link_terms=False, rows=rows, built=settings.handbooks, offline=_offline(settings)
    )
    for row in rows:
        yield page.render(
            "handbook.html.j2", record_page("handbook", row.handbook.id), link_terms=False, row=row, built=settings.handbooks
        )
