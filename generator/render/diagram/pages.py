"""The print version of a swimlane diagram: the same drawing cut into bands that each fit a page.

Cuts fall in the gaps between rows, at a height where no box, diamond, marker, label, arrowhead,
fork dot or horizontal piece of an arrow lies, so only vertical arrow lines are cut. Each band
is a separate SVG that shows a window of the drawing (a nested `<svg>` with its own `viewBox`, which clips);
continuation bands repeat the lane header row at their top under a small "（续）" marker. The
legend stays at the end of the drawing, so it is in the last band only. The site keeps the one
piece of `svg.render_svg`.
"""

from __future__ import annotations

import itertools
import math
from xml.sax.saxutils import escape

from qinglian.core.corpus import Corpus
from qinglian.core.model import Procedure
from qinglian.render.diagram.geometry import LEADING, META_SIZE, Layout, Rect
from qinglian.render.diagram.layout import layout
from qinglian.render.diagram.svg import (
    ARROW,
    FONT,
    JUNCTION,
    MUTED,
    arrows,
    label,
    lanes,
    legend,
    num,
    shape,
    start,
    text_lines,
)

MARKER_H = 20.0  # room above the repeated header row for the "（续）" marker
STEP = 0.5  # cut heights lie on this grid, so that `num` writes them exactly


def render_svg_pages(
    corpus: Corpus, procedure: Procedure, *, max_height_px: float, first_height_px: float | None = None
) -> list[str]:
    """The diagram as bands at most `max_height_px` tall (unless one row alone is taller), top first.

    `first_height_px` (default: `max_height_px`) bounds the first band, which may share its page
    with a heading. Every step is drawn in exactly one band; the same input gives the same bytes.
    """
    geometry = layout(corpus, procedure)
    key, key_h = legend(geometry, procedure)
    first = max_height_px if first_height_px is None else first_height_px
    windows = band_windows(geometry, geometry.height + key_h, (first, max_height_px))
    pages = []
    for index, window in enumerate(windows):
        body = window_body(corpus, procedure, geometry, window) + (key if index == len(windows) - 1 else [])
        pages.append(band_svg(geometry, procedure, window, index, body))
    return pages


def window_body(corpus: Corpus, procedure: Procedure, geometry: Layout, window: tuple[float, float]) -> list[str]:
    """What the window shows, in `render_svg`'s order: lanes, arrows, the steps and labels inside it."""
    top, bottom = window
    steps = {step.id: step for step in procedure.steps}
    body = lanes(geometry)
    body += arrows(geometry, top, bottom)
    nodes = [node for node in geometry.nodes if inside(node.bounds, top, bottom)]
    body += [line for node in nodes for line in shape(corpus, node, steps[node.step_id], None)]
    labelled = [edge for edge in geometry.edges if edge.label and inside(edge.label.rect, top, bottom)]
    return body + [line for edge in labelled for line in label(edge)]


def band_svg(geometry: Layout, procedure: Procedure, window: tuple[float, float], index: int, body: list[str]) -> str:
    """One band: the window of the drawing, below a repeated header row when it is a continuation."""
    top, bottom = window
    offset = continuation_top(geometry) if index else 0.0
    w, h, window_h = num(geometry.width), num(offset + bottom - top), num(bottom - top)
    root = start(
        "svg", xmlns="http://www.w3.org/2000/svg", viewBox=f"0 0 {w} {h}", width=w, height=h,
        role="img", font_family=FONT, data_procedure=procedure.id, data_band=str(index + 1),
    )
    title = f"<title>{escape(procedure.title)}：泳道图{'（续）' if index else ''}</title>"
    inner = start("svg", y=offset, width=w, height=window_h, viewBox=f"0 {num(top)} {w} {window_h}")
    parts = [root, title, inner, *body, "</svg>"]
    if index:
        marker_top = (MARKER_H - META_SIZE * LEADING) / 2
        parts += text_lines(("（续）",), geometry.lanes[0].x, marker_top, META_SIZE, fill=MUTED)
        parts.append(start("g", transform=f"translate(0 {num(MARKER_H - geometry.header.y)})"))
        parts += lanes(geometry, bodies=False) + ["</g>"]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def continuation_top(geometry: Layout) -> float:
    """Where the window starts in a continuation band: below the marker and the header row."""
    return MARKER_H + geometry.header.h


def band_windows(geometry: Layout, total: float, limits: tuple[float, float]) -> list[tuple[float, float]]:
    """Windows (top, bottom) in drawing coordinates covering 0..`total` without gaps, top first.

    Each band takes the lowest cut that keeps it within its limit (the first band's, then the
    others'), counting a continuation band's repeated header. With no cut that low, the band
    ends at the next cut; with no cut left, it ends at `total`.
    """
    cuts = cut_heights(geometry)
    windows: list[tuple[float, float]] = []
    top = 0.0
    while True:
        offset = continuation_top(geometry) if windows else 0.0
        max_height_px = limits[1] if windows else limits[0]
        later = [cut for cut in cuts if cut > top]
        if offset + total - top <= max_height_px or not later:
            windows.append((top, total))
            return windows
        fitting = [cut for cut in later if offset + cut - top <= max_height_px]
        cut = fitting[-1] if fitting else later[0]
        windows.append((top, cut))
        top = cut


def cut_heights(geometry: Layout) -> list[float]:
    """At most one cut per gap between rows; ascending.

    The lowest free height below every label of the gap keeps branch conditions with the arrows
    they leave; failing that, the highest free height moves the whole gap to the next band. No
    cut falls between a decision and the labels of its branches: a reader of the next page would
    see arrows without their conditions.
    """
    blocked = obstacles(geometry) + decisions(geometry)
    rows = max(node.row for node in geometry.nodes) + 1
    cuts = []
    for row in range(1, rows):
        above = max(node.bounds.bottom for node in geometry.nodes if node.row < row)
        below = min(node.bounds.y for node in geometry.nodes if node.row >= row)
        ys = [i * STEP for i in range(math.floor(above / STEP) + 1, math.ceil(below / STEP))]
        free = [y for y in ys if not any(lo <= y <= hi for lo, hi in blocked)]
        labels = [e.label.rect.bottom for e in geometry.edges if e.label and above < e.label.rect.y < below]
        after = [y for y in free if all(y > bottom for bottom in labels)]
        if after or free:
            cuts.append(after[-1] if after else free[0])
    return cuts


def obstacles(geometry: Layout) -> list[tuple[float, float]]:
    """Height ranges a cut must avoid: shapes, labels, arrowheads and horizontal arrow pieces."""
    ranges = [(node.bounds.y - 1, node.bounds.bottom + 1) for node in geometry.nodes]
    ranges += [(edge.label.rect.y - 1, edge.label.rect.bottom + 1) for edge in geometry.edges if edge.label]
    for edge in geometry.edges:
        end = edge.points[-1][1]
        ranges.append((end - ARROW - 2, end))
        ranges += [(ay - 2, ay + 2) for (_, ay), (_, by) in itertools.pairwise(edge.points) if ay == by]
    ranges += [(y - JUNCTION - 1, y + JUNCTION + 1) for _, y in geometry.junctions]
    return ranges


def decisions(geometry: Layout) -> list[tuple[float, float]]:
    """Height ranges from each decision down to the lowest label of its branches."""
    shapes = {node.step_id: node for node in geometry.nodes if node.shape == "diamond"}
    return [
        (shapes[edge.source].rect.bottom - 1, edge.label.rect.bottom + 1)
        for edge in geometry.edges
        if edge.source in shapes and edge.label and edge.label.rect.y > shapes[edge.source].rect.y
    ]


def inside(rect: Rect, top: float, bottom: float) -> bool:
    return top <= rect.y and rect.bottom <= bottom
