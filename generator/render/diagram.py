"""Procedures -> swimlane diagrams as standalone SVG, the same picture on the site and in print.

`render_svg` draws the geometry of `diagram_layout.layout`: lanes as columns headed by role
names, steps as boxes (decisions as diamonds), orthogonal arrows with branch conditions and the
documents handed over, time limits in the boxes, loops as dashed arrows in a side channel. The
SVG has no script, no style sheet, no external reference; its text is real `<text>` in the
site's font stack; `role="img"` with a `<title>` and a `<desc>` listing the steps. Every step
carries `data-step="<step id>"` (not `id`: the step table's rows own those anchors).
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..corpus import Corpus
from ..model import Procedure, Step
from .diagram_layout import HEADER_SIZE, LABEL_SIZE, LEADING, META_SIZE, TITLE_SIZE, Edge, Layout, Node, layout

__all__ = ["render_svg", "layout", "describe"]

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
ARROW = 7.0


def render_svg(corpus: Corpus, procedure: Procedure, *, link_steps: bool = True) -> str:
    """The procedure's swimlane diagram as one `<svg>` element; the same input gives the same bytes."""
    geometry = layout(corpus, procedure)
    w, h = num(geometry.width), num(geometry.height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}"'
        f' role="img" font-family={quoteattr(FONT)} data-procedure="{procedure.id}">',
        f"<title>{escape(procedure.title)}：泳道图</title>",
        f"<desc>{escape(describe(corpus, procedure))}</desc>",
    ]
    parts += lanes(geometry)
    parts += [line for edge in geometry.edges for line in arrow(edge)]
    steps = {step.id: step for step in procedure.steps}
    parts += [line for node in geometry.nodes for line in shape(corpus, node, steps[node.step_id], link_steps)]
    parts += [line for edge in geometry.edges for line in label(edge)]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def describe(corpus: Corpus, procedure: Procedure) -> str:
    """A text equivalent of the diagram for screen readers: who does what, then where to go."""
    titles = {step.id: step.title for step in procedure.steps}
    numbers = {step.id: i for i, step in enumerate(procedure.steps, start=1)}
    names = "、".join(corpus.get(role).name for role in procedure.lanes)  # type: ignore[attr-defined]
    sentences = [f"共{len(procedure.steps)}个环节，参与主体：{names}。"]
    for step in procedure.steps:
        sentences.append(f"{numbers[step.id]}. {step_sentence(corpus, step, titles, numbers, procedure)}")
    return " ".join(sentences)


def step_sentence(corpus: Corpus, step: Step, titles: dict, numbers: dict, procedure: Procedure) -> str:  # type: ignore[type-arg]
    actor = corpus.get(step.actor).name  # type: ignore[attr-defined]
    text = f"{actor}：{step.title}"
    if step.time_limit is not None:
        text += f"（时限{step.time_limit.describe()}）"
    documents = {document.id: document.title for document in procedure.documents}
    if step.outputs:
        text += "，形成" + "、".join(f"《{documents[d]}》" for d in step.outputs)
    if step.decision is not None:
        branches = "；".join(f"{b.when}，转至{numbers[b.next]}. {titles[b.next]}" for b in step.decision.branches)
        return text + f"。判断：{step.decision.question}{branches}。"
    if step.next:
        return text + "，然后" + "、".join(f"转至{numbers[n]}. {titles[n]}" for n in step.next) + "。"
    return text + "。流程结束。"


def num(value: float) -> str:
    """Coordinates with at most one decimal, so that output bytes do not depend on float noise."""
    text = f"{round(value, 1):.1f}"
    return text[:-2] if text.endswith(".0") else text


def text_lines(lines: tuple[str, ...], x: float, top: float, size: float, **attrs: str) -> list[str]:
    """One `<text>` per line, centred on `x` when anchor is middle, first baseline below `top`."""
    extra = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attrs.items())
    out = []
    for i, line in enumerate(lines):
        baseline = top + (i + 0.5) * size * LEADING + size * 0.35
        out.append(f'<text x="{num(x)}" y="{num(baseline)}" font-size="{num(size)}"{extra}>{escape(line)}</text>')
    return out


def lanes(geometry: Layout) -> list[str]:
    out = []
    header = geometry.header
    for i, lane in enumerate(geometry.lanes):
        fill = LANE_FILLS[i % 2]
        body_h = geometry.height - header.y - 8
        out.append(f'<rect x="{num(lane.x)}" y="{num(header.y)}" width="{num(lane.w)}" height="{num(body_h)}" fill="{fill}" stroke="#cbd5e1"/>')
        out.append(f'<rect x="{num(lane.x)}" y="{num(header.y)}" width="{num(lane.w)}" height="{num(header.h)}" fill="#dbe4ee" stroke="#cbd5e1"/>')
        top = header.y + (header.h - len(lane.lines) * HEADER_SIZE * LEADING) / 2
        out += text_lines(lane.lines, lane.x + lane.w / 2, top, HEADER_SIZE, text_anchor="middle", font_weight="bold", fill=INK)
    return out


def arrow(edge: Edge) -> list[str]:
    colour = LOOP if edge.back else LINE
    dash = ' stroke-dasharray="5 3"' if edge.back else ""
    points = list(edge.points)
    (x1, y1), (x2, y2) = points[-2], points[-1]
    points[-1] = (x2, y2 - ARROW + 1)  # the head covers the last pixels
    path = " ".join(("M" if i == 0 else "L") + f"{num(x)} {num(y)}" for i, (x, y) in enumerate(points))
    head = f"{num(x2)},{num(y2)} {num(x2 - ARROW / 2)},{num(y2 - ARROW)} {num(x2 + ARROW / 2)},{num(y2 - ARROW)}"
    return [
        f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.4"{dash} data-from="{edge.source}" data-to="{edge.target}"/>',
        f'<polygon points="{head}" fill="{colour}"/>',
    ]


def shape(corpus: Corpus, node: Node, step: Step, link: bool) -> list[str]:
    r = node.rect
    actor = corpus.get(step.actor).name  # type: ignore[attr-defined]
    out = [f'<a href="#{node.step_id}">' if link else "", f'<g data-step="{node.step_id}">']
    out.append(f"<title>{escape(f'{node.number}. {step.title}（{actor}）：{step.action}')}</title>")
    if node.shape == "box":
        out.append(f'<rect x="{num(r.x)}" y="{num(r.y)}" width="{num(r.w)}" height="{num(r.h)}" rx="6" fill="{BOX_FILL}" stroke="{BOX_STROKE}" stroke-width="1.2"/>')
    else:
        cx, cy = r.x + r.w / 2, r.y + r.h / 2
        corners = f"{num(cx)},{num(r.y)} {num(r.right)},{num(cy)} {num(cx)},{num(r.bottom)} {num(r.x)},{num(cy)}"
        out.append(f'<polygon points="{corners}" fill="{DECISION_FILL}" stroke="{DECISION_STROKE}" stroke-width="1.2"/>')
    text_h = len(node.lines) * TITLE_SIZE * LEADING + len(node.meta) * META_SIZE * LEADING
    top = r.y + (r.h - text_h) / 2
    cx = r.x + r.w / 2
    out += numbered(text_lines(node.lines, cx, top, TITLE_SIZE, text_anchor="middle", fill=INK), node.number)
    meta_top = top + len(node.lines) * TITLE_SIZE * LEADING
    for i, line in enumerate(node.meta):
        colour = LIMIT if line.startswith("时限") or (i and node.meta[i - 1].startswith("时限") and not line.startswith("形成")) else DOCUMENT
        out += text_lines((line,), cx, meta_top + i * META_SIZE * LEADING, META_SIZE, text_anchor="middle", fill=colour)
    out += ["</g>", "</a>" if link else ""]
    return [line for line in out if line]


def numbered(lines: list[str], number: int) -> list[str]:
    """Sets the step's number (as in the step table) that leads the first line apart."""
    head = f'>{number} '
    first = lines[0].replace(head, f'><tspan font-weight="bold" fill="{BOX_STROKE}">{number}</tspan> ', 1)
    return [first] + lines[1:]


def label(edge: Edge) -> list[str]:
    if edge.label is None:
        return []
    r = edge.label.rect
    colour = DOCUMENT if edge.label.kind == "documents" else (LOOP if edge.back else INK)
    out = [f'<rect x="{num(r.x)}" y="{num(r.y)}" width="{num(r.w)}" height="{num(r.h)}" fill="#ffffff" fill-opacity="0.85" rx="2"/>']
    out += text_lines(edge.label.lines, r.x + 2, r.y + 2, LABEL_SIZE, fill=colour)
    return out
