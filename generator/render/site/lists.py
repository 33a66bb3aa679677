"""责任清单 and 联动程序: their indexes and one page per checklist and per procedure."""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import groupby

from qinglian.core.labels import time_limit_full
from qinglian.core.model import Checklist, Procedure
from qinglian.core.numbering import numbers, step_names
from qinglian.core.urls import diagram_file, index_page, record_page
from qinglian.render.diagram import render_svg
from qinglian.render.diagram.geometry import TITLE_SIZE
from qinglian.render.site.page import Page, SiteFile

LEGIBLE_PX = 12.0  # the smallest size of a step name on screen


def _task_count(checklist: Checklist) -> int:
    return sum(len(aspect.tasks) for aspect in checklist.aspects)


def checklist_pages(page: Page) -> Iterable[SiteFile]:
    checklists = sorted(page.corpus.checklists, key=lambda checklist: checklist.id)
    rows = [{"checklist": checklist, "count": _task_count(checklist)} for checklist in checklists]
    yield page.render("checklists_index.html.j2", index_page("checklist"), rows=rows)
    for checklist in checklists:
        indicators = {
            task.id: page.corpus.indicators_of(task.id) for aspect in checklist.aspects for task in aspect.tasks
        }
        yield page.render(
            "checklist.html.j2",
            record_page("checklist", checklist.id),
            checklist=checklist,
            numbers=numbers(checklist),
            indicators=indicators,
        )


def diagram(page: Page, procedure: Procedure) -> str:
    """The inline SVG swimlane diagram, its steps linked to the step table's rows."""
    return render_svg(page.corpus, procedure, link_steps=True)


def legible_width(procedure_svg: str) -> int:
    """The narrowest the diagram may be drawn (px) with step names at `LEGIBLE_PX`: below that the
    page scrolls it sideways instead of shrinking it (labels, 11 px in the drawing, stay over 10 px)."""
    width = float(procedure_svg.split(' width="', 1)[1].split('"', 1)[0])
    return math.ceil(width * LEGIBLE_PX / TITLE_SIZE)


def _document_use(procedure: Procedure) -> dict[str, dict[str, list[str]]]:
    use: dict[str, dict[str, list[str]]] = {doc.id: {"inputs": [], "outputs": []} for doc in procedure.documents}
    for step in procedure.steps:
        for field in ("inputs", "outputs"):
            for doc_id in getattr(step, field):
                use[doc_id][field].append(step.id)
    return use


def time_limits(procedure: Procedure) -> dict[str, str]:
    """Step id -> its time limit with where it starts (自第2步“集体研判”完成之日起…), note apart."""
    names = step_names(procedure)
    return {step.id: time_limit_full(step.time_limit, names, note=False) for step in procedure.steps if step.time_limit}


def procedure_pages(page: Page) -> Iterable[SiteFile]:
    procedures = sorted(page.corpus.procedures, key=lambda procedure: (procedure.category, procedure.id))
    groups = [(category, list(items)) for category, items in groupby(procedures, key=lambda p: p.category)]
    yield page.render("procedures_index.html.j2", index_page("procedure"), groups=groups)
    for procedure in procedures:
        svg = diagram(page, procedure)
        # The drawing alone, for phones: a browser shows an SVG file at its size, to pinch and pan.
        yield diagram_file(procedure.id), render_svg(page.corpus, procedure, link_steps=False)
        yield page.render(
            "procedure.html.j2",
            record_page("procedure", procedure.id),
            procedure=procedure,
            numbers=numbers(procedure),
            documents={doc.id: doc for doc in procedure.documents},
            use=_document_use(procedure),
            svg=svg,
            svg_min_width=legible_width(svg),
            limits=time_limits(procedure),
        )


def pages(page: Page) -> Iterable[SiteFile]:
    yield from checklist_pages(page)
    yield from procedure_pages(page)
