"""`qinglian assess summary`: read the answer files, summarise against one unit standard, write
评审汇总.xlsx, .html and .pdf into a folder (a working document, never into the site)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from qinglian.assessment.form import assessment_form, find_unit
from qinglian.assessment.summary import Summary, summarise
from qinglian.core.corpus import Corpus
from qinglian.core.diagnostics import UsageError
from qinglian.core.model import UnitStandard
from qinglian.export.answer_files import answer_paths, read_answer_files
from qinglian.export.summary_xlsx import workbook_bytes
from qinglian.render.handbook.fonts import FontStack
from qinglian.render.summary_html import summary_html
from qinglian.render.summary_pdf import summary_pdf

NAME = "评审汇总"


def _standard_named(paths: Sequence[Path]) -> str | None:
    """The standard most JSON answer sheets name (a cheap guess when --unit is not given)."""
    import json

    named: Counter[str] = Counter()
    for _, path in answer_paths(paths):
        if path.suffix.lower() == ".json":
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                named[str(data.get("standard"))] += 1
            except (OSError, ValueError, AttributeError):
                continue
    return min(named, key=lambda key: (-named[key], key)) if named else None


def choose_unit(corpus: Corpus, unit_id: str | None, paths: Sequence[Path]) -> UnitStandard:
    """--unit, else the only unit, else the one most answer sheets name."""
    if unit_id is None and len(corpus.units) > 1:
        named = _standard_named(paths)
        if named in {unit.id for unit in corpus.units}:
            unit_id = named
    return find_unit(corpus, unit_id)


def build_summary(corpus: Corpus, unit_id: str | None, paths: Sequence[Path], stages: Sequence[str] = ()) -> Summary:
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise UsageError(f"找不到答卷文件或文件夹：{'、'.join(missing)}")
    unit = choose_unit(corpus, unit_id, paths)
    form = assessment_form(unit)
    submissions, unreadable = read_answer_files(paths, form)
    tiers = [(tier.name, tier.share) for tier in unit.scoring.tiers_by_share]
    return summarise(form, submissions, unreadable, tiers, stages)


def write_summary(summary: Summary, out_dir: Path, fonts: FontStack | None) -> list[Path]:
    """The files written (the PDF only when `fonts` is given)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [out_dir / f"{NAME}.xlsx", out_dir / f"{NAME}.html"]
    written[0].write_bytes(workbook_bytes(summary))
    written[1].write_text(summary_html(summary), encoding="utf-8")
    if fonts is not None:
        written.append(out_dir / f"{NAME}.pdf")
        written[2].write_bytes(summary_pdf(summary, fonts))
    return written
