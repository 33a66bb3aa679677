"""A handbook definition -> the data a handbook needs (JSON-able) -> a PDF typeset by Typst.

The layout lives in `templates/handbook/*.typ`; the data goes in as one JSON string through
`sys.inputs`, so text from the YAML is only ever placed as strings, never evaluated as markup.
Typst warnings (an unknown font, a missing glyph) are errors here: a handbook with boxes for
characters must never be printed.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from qinglian.core.corpus import Corpus
from qinglian.core.diagnostics import QinglianError, UsageError
from qinglian.core.labels import source_kind_label, status_label
from qinglian.core.model import Checklist, Handbook, Procedure, Source, UnitStandard
from qinglian.core.numbers import json_default
from qinglian.core.urls import absolute_url
from qinglian.render.handbook import fonts as font_discovery
from qinglian.render.handbook.fonts import FontStack
from qinglian.render.handbook.lists import checklist_data, procedure_data
from qinglian.render.handbook.units import rich, self_assessment, unit_data
from qinglian.render.settings import Settings

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "handbook"
_PAGE_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")


class HandbookError(QinglianError):
    """Typst could not typeset a handbook cleanly."""


def handbook_data(corpus: Corpus, handbook_id: str, settings: Settings) -> dict[str, Any]:
    """Everything the templates show for one handbook, in print order; deterministic."""
    handbook = _handbook(corpus, handbook_id)
    qr = _qr_maker(corpus, settings)
    units = [corpus.typed(i, UnitStandard) for i in handbook.units]
    checklists = [corpus.typed(i, Checklist) for i in handbook.checklists]
    procedures = [corpus.typed(i, Procedure) for i in handbook.procedures]
    included = {handbook.id, *handbook.units, *handbook.checklists, *handbook.procedures}
    return {
        "handbook": _cover(handbook, [*units, *checklists, *procedures], qr),
        "units": [unit_data(corpus, u, qr) for u in units],
        "sheets": [self_assessment(u) for u in units] if handbook.self_assessment else [],
        "checklists": [checklist_data(corpus, c, qr) for c in checklists],
        "procedures": [procedure_data(corpus, p, qr) for p in procedures],
        "glossary": _glossary(corpus, included) if handbook.glossary else [],
        "sources": _sources(corpus, included),
    }


def _handbook(corpus: Corpus, handbook_id: str) -> Handbook:
    entry = corpus.entries.get(handbook_id)
    if entry is None or entry.kind != "handbook":
        known = "、".join(h.id for h in corpus.handbooks) or "（无）"
        raise UsageError(f"没有 id 为“{handbook_id}”的手册；standards/handbooks.yaml 中有：{known}")
    return entry.record  # type: ignore[return-value]


def _qr_maker(corpus: Corpus, settings: Settings) -> Any:
    """id -> QR code SVG of its page on the site; None for every id when no `site_url` is set."""
    import segno

    def make(record_id: str) -> str | None:
        if not settings.site_url:
            return None
        buffer = io.BytesIO()
        url = absolute_url(settings.site_url, corpus, record_id, settings.directory_urls)
        segno.make(url, error="m").save(buffer, kind="svg", border=0, xmldecl=False)
        return buffer.getvalue().decode("ascii")

    return make


def _cover(handbook: Handbook, records: list[UnitStandard | Checklist | Procedure], qr: Any) -> dict[str, Any]:
    statuses = list(dict.fromkeys(status_label(r.status) for r in records))
    return {
        "id": handbook.id,
        "title": handbook.title,
        "audience": handbook.audience,
        "issuer": handbook.issuer or "",
        "edition": str(handbook.edition or ""),
        "illustrative": any(r.status == "illustrative" for r in records),
        "statuses": statuses,
        "qr": qr(handbook.id),
    }


def _referenced(corpus: Corpus, included: set[str], field: str) -> list[str]:
    """Ids named in `field` by any record inside the included handbooks' content, first use first."""
    found: list[str] = []
    for entry in corpus.entries.values():
        if entry.top.id in included:
            found += getattr(entry.record, field, None) or []
    return list(dict.fromkeys(found))


def _glossary(corpus: Corpus, included: set[str]) -> list[dict[str, Any]]:
    from pypinyin import lazy_pinyin

    terms = [corpus.get(term_id) for term_id in _referenced(corpus, included, "terms")]
    terms.sort(key=lambda term: (lazy_pinyin(term.term), term.id))  # type: ignore[attr-defined]
    return [
        {"term": t.term, "aliases": list(t.aliases), "definition": rich(t.definition)}  # type: ignore[attr-defined]
        for t in terms
    ]


def _sources(corpus: Corpus, included: set[str]) -> list[dict[str, str]]:
    sources = [corpus.typed(source_id, Source) for source_id in _referenced(corpus, included, "sources")]
    return [
        {
            "title": s.title,
            "kind": source_kind_label(s.kind),
            "issuer": s.issuer or "",
            "number": s.number or "",
            "date": str(s.date or ""),
            "url": s.url or "",  # printed as text, like the site shows it
        }
        for s in sources
    ]


def compile_pdf(data: dict[str, Any], fonts: FontStack) -> bytes:
    """Typeset `data` with the templates; `HandbookError` on any Typst error or warning."""
    import typst

    payload = {**data, "fonts": {"serif": list(fonts.serif), "sans": list(fonts.sans), "latin": fonts.latin}}
    try:
        pdf, warnings = typst.compile_with_warnings(
            TEMPLATES / "main.typ",
            root=TEMPLATES,
            font_paths=[Path(path) for path in fonts.paths],
            ignore_system_fonts=not fonts.system,
            sys_inputs={"data": json.dumps(payload, ensure_ascii=False, sort_keys=True, default=json_default)},
            timestamp=0,
        )
    except typst.TypstError as error:
        raise HandbookError(f"排版手册失败：{error.message}") from None
    if warnings:
        raise HandbookError("排版手册时出现问题（为避免印出缺字方框，按错误处理）：\n" + _describe(warnings))
    return pdf


def _describe(warnings: list[Any]) -> str:
    lines: list[str] = []
    for warning in warnings:
        message = str(getattr(warning, "message", warning))
        if "unknown font family" in message:
            family = message.split(":", 1)[-1].strip()
            message = f"找不到字体 {family}：请安装该字体，或在 fonts 配置中改用已安装的字体"
        lines.append(f"  {message}")
    return "\n".join(dict.fromkeys(lines))


def render_handbook(corpus: Corpus, handbook_id: str, settings: Settings) -> bytes:
    """The PDF of one handbook; fonts from `settings.fonts` as described in `fonts.discover`."""
    fonts = font_discovery.discover(settings.fonts, settings.project_dir)
    return compile_pdf(handbook_data(corpus, handbook_id, settings), fonts)


def page_count(pdf: bytes) -> int:
    """Pages of a PDF written by Typst (its page tree root carries `/Count`)."""
    counts = [int(a or b) for a, b in _PAGE_COUNT.findall(pdf)]
    if not counts:
        raise HandbookError("无法读取手册页数")
    return max(counts)
