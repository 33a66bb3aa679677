"""清廉单元标准: the units index and one page per unit standard."""

from __future__ import annotations

from collections.abc import Iterable

from qinglian.core.labels import indicator_heading
from qinglian.core.model import Indicator, UnitStandard
from qinglian.core.numbering import numbers
from qinglian.core.urls import index_page, record_page
from qinglian.render.site.page import Page, SiteFile


def indicator_count(unit: UnitStandard) -> int:
    return sum(len(dimension.indicators) for dimension in unit.dimensions)


def _indicator_links(page: Page, indicator: Indicator) -> dict[str, list[str]]:
    """Checklist tasks serving the indicator (from either side of the link)."""
    return {"tasks": page.corpus.tasks_of(indicator.id)}


def pages(page: Page) -> Iterable[SiteFile]:
    units = sorted(page.corpus.units, key=lambda unit: unit.id)
    rows = [{"unit": unit, "count": indicator_count(unit)} for unit in units]
    yield page.render("units_index.html.j2", index_page("unit"), rows=rows)
    for unit in units:
        links = {
            indicator.id: _indicator_links(page, indicator)
            for dimension in unit.dimensions
            for indicator in dimension.indicators
        }
        yield page.render(
            "unit.html.j2",
            record_page("unit", unit.id),
            unit=unit,
            numbers=numbers(unit),
            links=links,
            headings={i.id: indicator_heading(i) for dimension in unit.dimensions for i in dimension.indicators},
            count=indicator_count(unit),
        )
