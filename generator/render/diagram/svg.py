"""Procedures -> swimlane diagrams as standalone SVG, the same picture on the site and in print.

`render_svg` draws the geometry of `layout.layout`: lanes as columns headed by role
names, steps as boxes (decisions as diamonds), orthogonal arrows with branch conditions and the
documents handed over, time limits in the boxes, loops as dashed arrows in a side channel; a step
of several actors spans their lanes or has dashed markers in the other actors' lanes. The
SVG has no script, no style sheet, no external reference; its text is real `<text>` in the
site's font stack. Without links it is `role="img"` with a `<title>` and a `<desc>` listing the
steps. With links (the site) it is `role="group"`: an image may hold nothing focusable, so the
drawing is `aria-hidden` and each step is a link named by its sentence of that description.
Every step carries `data-step="<step id>"` (not `id`: the step table's rows own those anchors).
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from qinglian.core.corpus import Corpus
from qinglian.core.labels import time_limit_text
from qinglian.core.model import Procedure, Step
from qinglian.core.numbering import bare, numbers
from qinglian.core.richtext import flat
from qinglian.render.diagram.geometry import HEADER_SIZE, LABEL_SIZE, LEADING, META_SIZE, TITLE_SIZE, Edge, Layout, Node
from qinglian.render.diagram.layout import layout
from qinglian.render.diagram.text import text_width

__all__ = ["describe", "layout", "render_svg"]

FONT = '"Noto Sans SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif'
INK = "#1f2937"
MUTED = "#4b5563"
LINE = "#374151"
LOOP = "#b45309"
BOX_FILL = "#eef4fb"
BOX_STROKE = "#3b6ea5"
DECISION_FILL = "#fff7e0"
DECISION_STROKE = "#b7791f"
LIMIT = "#b91c1c"
DOCUMENT = "#1d6b46"
LANE_FILLS = ("#f8fafc", "#f1f5f9")
HEADER_FILL = "#dbe4ee"
BORDER = "#cbd5e1"
THIN = {"stroke_width": "1.2"}
DASHED = {"stroke_dasharray": "4 3"}
MARKER_FILL = "#f8fbfe"
ARROW = 7.0
JUNCTION = 2.5  # the radius of the dot where the arrows of a fork part


def render_svg(corpus: Corpus, procedure: Procedure, *, link_steps: bool = True) -> str:
    """The procedure's swimlane diagram as one `<svg>` element; the same input gives the same bytes.

    With `link_steps` each step links to `#<step id>` (its row in the site's step table).
    """
    geometry = layout(corpus, procedure)
    key, key_h = legend(geometry, procedure)
    w, h = num(geometry.width), num(geometry.height + key_h)
    root = start(
        "svg", xmlns="http://www.w3.org/2000/svg", viewBox=f"0 0 {w} {h}", width=w, height=h,
        role="group" if link_steps else "img", font_family=FONT, data_procedure=procedure.id,
    )
    title = f"<title>{escape(procedure.title)}：泳道图</title>"
    desc = overview(corpus, procedure) + "各环节链接到环节表中的对应行。" if link_steps else describe(corpus, procedure)
    parts = [root, title, f"<desc>{escape(desc)}</desc>"]
    hidden = [start("g", aria_hidden="true"), "</g>"] if link_steps else ["", ""]
    parts += [hidden[0], *lanes(geometry), *arrows(geometry, 0.0, geometry.height), hidden[1]]
    names = step_names(corpus, procedure) if link_steps else {}
    steps = {step.id: step for step in procedure.steps}
    for node in geometry.nodes:
        parts += shape(corpus, node, steps[node.step_id], names.get(node.step_id))
    parts += [hidden[0], *[line for edge in geometry.edges for line in label(edge)], *key, hidden[1]]
    parts.append("</svg>")
    return "\n".join(part for part in parts if part) + "\n"


def tag(name: str, **attributes: object) -> str:
    """An empty element; `font_size` becomes `font-size`; floats are rounded by `num`."""
    return start(name, **attributes)[:-1] + "/>"


def start(name: str, **attributes: object) -> str:
    """An opening tag, attributes as in `tag`."""
    text = "".join(
        f" {key.replace('_', '-')}={quoteattr(num(value) if isinstance(value, float) else str(value))}"
        for key, value in attributes.items()
    )
    return f"<{name}{text}>"


def describe(corpus: Corpus, procedure: Procedure) -> str:
    """A text equivalent of the diagram for screen readers: who does what, then where to go."""
    return " ".join([overview(corpus, procedure), *step_names(corpus, procedure).values()])


def overview(corpus: Corpus, procedure: Procedure) -> str:
    names = "、".join(corpus.role(role).name for role in procedure.lanes)
    return f"共{len(procedure.steps)}个环节，参与主体：{names}。"


def step_names(corpus: Corpus, procedure: Procedure) -> dict[str, str]:
    """Each step's numbered sentence: who does what, then where to go."""
    titles = {step.id: step.title for step in procedure.steps}
    number = numbers(procedure)
    return {step.id: f"{number[step.id]} {step_sentence(corpus, step, titles, number, procedure)}" for step in procedure.steps}


def step_sentence(
    corpus: Corpus, step: Step, titles: dict[str, str], numbers: dict[str, str], procedure: Procedure
) -> str:
    """`numbers` are the steps' display numbers (1.), which lead the titles of the steps named."""
    actor = "、".join(corpus.role(role).name for role in step.actors)
    text = f"{actor}：{step.title}"
    if step.time_limit is not None:
        text += f"（时限{time_limit_text(step.time_limit)}）"
    documents = {document.id: document.title for document in procedure.documents}
    if step.outputs:
        text += "，形成" + "、".join(f"《{documents[d]}》" for d in step.outputs)
    if step.decision is not None:
        branches = "；".join(
            f"{b.when}，转至" + "、".join(f"{numbers[t]} {titles[t]}" for t in b.targets) for b in step.decision.branches
        )
        return text + f"。判断：{step.decision.question}{branches}。"
    if step.next:
        return text + "，然后" + "、".join(f"转至{numbers[n]} {titles[n]}" for n in step.next) + "。"
    return text + "。流程结束。"


def num(value: float) -> str:
    """Coordinates with at most one decimal, so that output bytes do not depend on float noise."""
    text = f"{round(value, 1):.1f}"
    return text.removesuffix(".0")


def text_lines(lines: tuple[str, ...], x: float, top: float, size: float, **attributes: str) -> list[str]:
    """One `<text>` per line, the first line box starting at `top`."""
    out = []
    for i, line in enumerate(lines):
        baseline = top + (i + 0.5) * size * LEADING + size * 0.35
        out.append(start("text", x=x, y=baseline, font_size=size, **attributes) + f"{escape(line)}</text>")
    return out


def lanes(geometry: Layout, *, bodies: bool = True) -> list[str]:
    """The lane columns with their header row; without `bodies` the header row alone."""
    out = []
    header = geometry.header
    for i, lane in enumerate(geometry.lanes):
        fill = LANE_FILLS[i % 2]
        body_h = geometry.height - header.y - 8
        if bodies:
            out.append(tag("rect", x=lane.x, y=header.y, width=lane.w, height=body_h, fill=fill, stroke=BORDER))
        out.append(tag("rect", x=lane.x, y=header.y, width=lane.w, height=header.h, fill=HEADER_FILL, stroke=BORDER))
        top = header.y + (header.h - len(lane.lines) * HEADER_SIZE * LEADING) / 2
        middle = lane.x + lane.w / 2
        out += text_lines(lane.lines, middle, top, HEADER_SIZE, text_anchor="middle", font_weight="bold", fill=INK)
    return out


def legend(geometry: Layout, procedure: Procedure) -> tuple[list[str], float]:
    """A key below the lanes for the marks a first-time reader may not guess; and its height."""
    items: list[tuple[str, str]] = [("box", "环节"), ("diamond", "判断"), ("arrow", "流转方向")]
    if any(edge.back for edge in geometry.edges):
        items.append(("loop", "退回、循环"))
    if any(lane.x > node.rect.x and lane.x < node.rect.right for node in geometry.nodes for lane in geometry.lanes):
        items.append(("span", "跨泳道：共同承办"))
    if any(node.markers for node in geometry.nodes):
        items.append(("marker", "虚线相连：共同承办"))
    if any(step.outputs for step in procedure.steps):
        items.append(("documents", "《》移交的文书"))
    if any(step.time_limit for step in procedure.steps):
        items.append(("limit", "红字为时限"))
    out, x, y = [], geometry.lanes[0].x, geometry.height + 2
    for mark, text in items:
        sample = legend_mark(mark, x, y + 10)
        indent = {"span": 30, "marker": 46}.get(mark, 26) if sample else 0
        width = indent + text_width(text, META_SIZE) + 18
        if x + width > geometry.width - 8:
            x, y = geometry.lanes[0].x, y + 20
            sample = legend_mark(mark, x, y + 10)
        colour = {"documents": DOCUMENT, "limit": LIMIT}.get(mark, MUTED)
        out += sample + text_lines((text,), x + indent, y + 10 - META_SIZE * LEADING / 2, META_SIZE, fill=colour)
        x += width
    return out, y + 22 - geometry.height


def legend_mark(mark: str, x: float, y: float) -> list[str]:
    """The sample drawn before a legend entry, centred on height `y`."""
    if mark == "box":
        return [tag("rect", x=x, y=y - 6, width=20.0, height=12.0, rx=3, fill=BOX_FILL, stroke=BOX_STROKE)]
    if mark == "diamond":
        points = f"{num(x + 10)},{num(y - 7)} {num(x + 20)},{num(y)} {num(x + 10)},{num(y + 7)} {num(x)},{num(y)}"
        return [tag("polygon", points=points, fill=DECISION_FILL, stroke=DECISION_STROKE)]
    if mark == "span":  # a box over a lane border
        border = tag("path", d=f"M{num(x + 12)} {num(y - 9)} L{num(x + 12)} {num(y + 9)}", stroke=BORDER)
        return [border, tag("rect", x=x, y=y - 6, width=24.0, height=12.0, rx=3, fill=BOX_FILL, stroke=BOX_STROKE)]
    if mark == "marker":  # a box, the dashed line, a marker
        link = tag("path", d=f"M{num(x + 14)} {num(y)} L{num(x + 26)} {num(y)}", stroke=BOX_STROKE, **DASHED)
        box = tag("rect", x=x, y=y - 6, width=14.0, height=12.0, rx=3, fill=BOX_FILL, stroke=BOX_STROKE)
        marker = tag("rect", x=x + 26, y=y - 5, width=14.0, height=10.0, rx=3, fill=MARKER_FILL, stroke=BOX_STROKE, **DASHED)
        return [link, box, marker]
    if mark in ("arrow", "loop"):
        colour = LOOP if mark == "loop" else LINE
        dash = {"stroke_dasharray": "5 3"} if mark == "loop" else {}
        head = f"{num(x + 22)},{num(y)} {num(x + 16)},{num(y - 3.5)} {num(x + 16)},{num(y + 3.5)}"
        line = tag("path", d=f"M{num(x)} {num(y)} L{num(x + 17)} {num(y)}", stroke=colour, stroke_width="1.4", **dash)
        return [line, tag("polygon", points=head, fill=colour)]
    return []


def arrows(geometry: Layout, top: float, bottom: float) -> list[str]:
    """The arrows that reach between heights `top` and `bottom`, and the dots where forks part."""
    shown = [e for e in geometry.edges if min(y for _, y in e.points) <= bottom and max(y for _, y in e.points) >= top]
    dots = [tag("circle", cx=x, cy=y, r=JUNCTION, fill=LINE) for x, y in geometry.junctions if top <= y <= bottom]
    return [line for edge in shown for line in arrow(edge)] + dots


def arrow(edge: Edge) -> list[str]:
    colour = LOOP if edge.back else LINE
    dash = {"stroke_dasharray": "5 3"} if edge.back else {}
    points = list(edge.points)
    (_x1, _y1), (x2, y2) = points[-2], points[-1]
    points[-1] = (x2, y2 - ARROW + 1)  # the head covers the last pixels
    path = " ".join(("M" if i == 0 else "L") + f"{num(x)} {num(y)}" for i, (x, y) in enumerate(points))
    head = f"{num(x2)},{num(y2)} {num(x2 - ARROW / 2)},{num(y2 - ARROW)} {num(x2 + ARROW / 2)},{num(y2 - ARROW)}"
    ends = {"data_from": edge.source, "data_to": edge.target}
    line = tag("path", d=path, fill="none", stroke=colour, stroke_width="1.4", **dash, **ends)
    return [line, tag("polygon", points=head, fill=colour)]


def shape(corpus: Corpus, node: Node, step: Step, link: str | None) -> list[str]:
    """The step's shape; with `link` (its accessible name) a link to the step's table row."""
    actor = "、".join(corpus.role(role).name for role in step.actors)
    out = [start("a", href=f"#{node.step_id}", aria_label=link) if link else "", start("g", data_step=node.step_id)]
    tooltip = f"{node.number} {step.title}（{actor}）：{flat(step.action)}"
    out.append(f"<title>{escape(tooltip)}</title>")
    if node.shape == "box" or node.head:
        r = node.rect
        height = node.head or r.h
        out.append(tag("rect", x=r.x, y=r.y, width=r.w, height=height, rx=6, fill=BOX_FILL, stroke=BOX_STROKE, **THIN))
        out += box_text(node, node.head or r.h)
    if node.shape == "diamond":
        d = node.diamond
        cx, cy = d.x + d.w / 2, d.y + d.h / 2
        if node.head:
            joint = f"M{num(cx)} {num(node.rect.y + node.head)} L{num(cx)} {num(d.y)}"
            out.append(tag("path", d=joint, stroke=DECISION_STROKE, **THIN))
        corners = f"{num(cx)},{num(d.y)} {num(d.right)},{num(cy)} {num(cx)},{num(d.bottom)} {num(d.x)},{num(cy)}"
        out.append(tag("polygon", points=corners, fill=DECISION_FILL, stroke=DECISION_STROKE, **THIN))
        lines = node.question or node.lines
        top = cy - len(lines) * TITLE_SIZE * LEADING / 2
        text = text_lines(lines, cx, top, TITLE_SIZE, text_anchor="middle", fill=INK)
        out += text if node.head else numbered(text, bare(node.number))
    out += markers(node)
    out += ["</g>", "</a>" if link else ""]
    return [line for line in out if line]


def markers(node: Node) -> list[str]:
    """A joint step's dashed lines and, in the other actors' lanes, its markers: number and title."""
    out = [
        tag("path", d=f"M{num(ax)} {num(ay)} L{num(bx)} {num(by)}", stroke=BOX_STROKE, **THIN, **DASHED)
        for (ax, ay), (bx, by) in node.links
    ]
    for r in node.markers:
        out.append(tag("rect", x=r.x, y=r.y, width=r.w, height=r.h, rx=6, fill=MARKER_FILL, stroke=BOX_STROKE, **THIN, **DASHED))
        top = r.y + (r.h - len(node.marker_lines) * TITLE_SIZE * LEADING) / 2
        lines = text_lines(node.marker_lines, r.x + r.w / 2, top, TITLE_SIZE, text_anchor="middle", fill=INK)
        out += numbered(lines, bare(node.number))
    return out


def box_text(node: Node, height: float) -> list[str]:
    """Number and title, then the time limit (red) and documents (green), centred in the box."""
    r = node.rect
    text_h = len(node.lines) * TITLE_SIZE * LEADING + len(node.meta) * META_SIZE * LEADING
    top = r.y + (height - text_h) / 2
    cx = r.x + r.w / 2
    out = numbered(text_lines(node.lines, cx, top, TITLE_SIZE, text_anchor="middle", fill=INK), bare(node.number))
    meta_top = top + len(node.lines) * TITLE_SIZE * LEADING
    for i, line in enumerate(node.meta):
        colour = LIMIT if i < node.limit_lines else DOCUMENT
        top = meta_top + i * META_SIZE * LEADING
        out += text_lines((line,), cx, top, META_SIZE, text_anchor="middle", fill=colour)
    return out


def numbered(lines: list[str], number: str) -> list[str]:
    """Sets the step's number (as the step table's 序号 shows it) that leads the first line apart."""
    badge = start("tspan", font_weight="bold", fill=BOX_STROKE)
    first = lines[0].replace(f">{number} ", f">{badge}{number}</tspan> ", 1)
    return [first] + lines[1:]


def label(edge: Edge) -> list[str]:
    if edge.label is None:
        return []
    r = edge.label.rect
    colour = DOCUMENT if edge.label.kind == "documents" else (LOOP if edge.back else INK)
    out = [tag("rect", x=r.x, y=r.y, width=r.w, height=r.h, fill="#ffffff", fill_opacity="0.85", rx=2)]
    out += text_lines(edge.label.lines, r.x + 2, r.y + 2, LABEL_SIZE, fill=colour)
    return out
