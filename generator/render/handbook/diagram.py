"""A procedure's swimlane diagram as the handbook prints it: page orientation, scale and bands.

The diagram is drawn at the full text width, on a landscape page when the portrait width would
set its smallest text under `SMALLEST_PT`; a diagram taller than the page is cut into bands by
`diagram_pages.render_svg_pages`, one band per page, narrower than the full width when that
saves a page without setting text under `SMALLEST_PT`. The page sizes mirror
`templates/handbook/main.typ` (A4, margins) and `procedure.typ` (the landscape margins).
"""

from __future__ import annotations

from typing import Any

from qinglian.core.corpus import Corpus
from qinglian.core.model import Procedure
from qinglian.render.diagram import band_windows, legend, render_svg_pages
from qinglian.render.diagram.geometry import HEADER_SIZE, LABEL_SIZE, META_SIZE, TITLE_SIZE, Layout
from qinglian.render.diagram.layout import layout

CM = 72 / 2.54  # pt
PORTRAIT = ((21.0 - 2 * 2.2) * CM, (29.7 - 2.6 - 2.4) * CM)  # text area, width and height
LANDSCAPE = ((29.7 - 2 * 1.5) * CM, (21.0 - 2.2 - 2.0) * CM)  # landscape pages have narrower margins
HEADING = 36.0  # room kept on the first page for the 流程图 heading (about 28 pt) above the first band
SLACK = 2.0  # pt
SMALLEST_PT = 8.0
MAX_SCALE = 0.9  # a small diagram is not blown up beyond this (13 px titles at about 11.7 pt)


def print_diagram(corpus: Corpus, procedure: Procedure) -> dict[str, Any]:
    """`landscape`, `width` (pt, of every band), `bands` (SVG strings, top first), `smallest` (pt)."""
    geometry = layout(corpus, procedure)
    smallest = min(TITLE_SIZE, META_SIZE, LABEL_SIZE, HEADER_SIZE)
    full = min(MAX_SCALE, PORTRAIT[0] / geometry.width)
    landscape = smallest * full < SMALLEST_PT
    if landscape:
        full = min(MAX_SCALE, LANDSCAPE[0] / geometry.width)
    room = (LANDSCAPE if landscape else PORTRAIT)[1]
    total = geometry.height + legend(geometry, procedure)[1]
    scale = fewest_pages_scale(geometry, total, room, full, SMALLEST_PT / smallest)
    first, rest = limits(room, scale)
    bands = render_svg_pages(corpus, procedure, max_height_px=rest, first_height_px=first)
    return {
        "landscape": landscape,
        "width": round(geometry.width * scale, 2),
        "bands": bands,
        "smallest": round(smallest * scale, 2),
    }


def fewest_pages_scale(geometry: Layout, total: float, room: float, full: float, floor: float) -> float:
    """The largest scale from `full` down to `floor` (in steps of 0.01, then `floor`) that needs the
    fewest pages. Row gaps are the only places to cut, so a slightly smaller diagram may save a page.
    """
    scales = [full] + [round(full - i / 100, 2) for i in range(1, 100) if full - i / 100 > floor]
    scales += [floor] if floor < full else []
    pages = [len(band_windows(geometry, total, limits(room, scale))) for scale in scales]
    return scales[pages.index(min(pages))]


def limits(room: float, scale: float) -> tuple[float, float]:
    """Band heights in px: the first band under its heading, the others (`SLACK` for rounding)."""
    return (room - HEADING - SLACK) / scale, (room - SLACK) / scale
