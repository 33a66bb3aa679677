"""The step graph of a procedure laid on a grid: ranks (rows), slots (columns) and shape sizes.

Rows are ranks: the longest path from the first step over the forward edges; the back edges are
the ones a depth-first search from the first step finds closing a loop. Two steps of one lane in
one row sit side by side in slots of that lane; `places` puts the joint steps (several actors).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from qinglian.core.labels import time_limit_text
from qinglian.core.model import Procedure, Step
from qinglian.core.numbering import bare, numbers
from qinglian.render.diagram.geometry import (
    BOX_MAX,
    BOX_MIN,
    BOX_PAD,
    CHANNEL_MIN,
    CONNECTOR,
    LEADING,
    MARKER_INSET,
    META_SIZE,
    TARGET_WIDTH,
    TITLE_SIZE,
)
from qinglian.render.diagram.places import Place, places, settle
from qinglian.render.diagram.text import balanced, block_width, clean, text_width


@dataclass(frozen=True)
class Arc:
    """An edge of the step graph before geometry."""

    index: int
    source: str
    target: str
    back: bool
    text: str | None
    kind: str
    fork: int | None = None  # a branch to several steps: the index of its first arc (they share a port and a label)


@dataclass(frozen=True)
class Text:
    """What a step's shape says and how tall that makes it."""

    height: float
    lines: tuple[str, ...]
    meta: tuple[str, ...]
    limit_lines: int  # the first meta lines give the time limit, the rest the documents
    question: tuple[str, ...] = ()  # a decision with a box over its diamond: the diamond's text
    head: float = 0.0  # the height of that box
    marker: tuple[str, ...] = ()  # a joint step's text in the markers in its other actors' lanes
    marker_h: float = 0.0

    @property
    def joint_y(self) -> float:
        """Where the line to the markers leaves the shape, from its top: the middle of its box."""
        return (self.head or self.height) / 2

    @property
    def marker_top(self) -> float:
        """The markers' top, from the top of the shape: centred on the line, never above the row."""
        return max(0.0, self.joint_y - self.marker_h / 2)

    @property
    def extent(self) -> float:
        """The height the step takes in its row, markers included."""
        return max(self.height, self.marker_top + self.marker_h if self.marker else 0.0)


@dataclass
class Grid:
    """Rows, slots and node sizes: what routing needs to know about the steps."""

    procedure: Procedure
    box_w: float
    rank: dict[str, int]
    place: dict[str, Place]  # the slots (columns) of each step
    lane_slots: list[tuple[int, int]]  # first and last slot of each lane
    sizes: dict[str, Text]
    arcs: list[Arc]
    numbers: dict[str, str]  # each step's display number: 1., 2., ...

    @property
    def rows(self) -> int:
        return max(self.rank.values()) + 1

    @property
    def slots(self) -> int:
        return self.lane_slots[-1][1] + 1

    def column_free(self, slot: int, first_row: int, last_row: int) -> bool:
        """No step takes `slot` in rows first_row..last_row (a joint step's line and markers count)."""
        return not any(
            first_row <= self.rank[s] <= last_row and place.claim[0] <= slot <= place.claim[1]
            for s, place in self.place.items()
        )

    def channel_free(self, channel: int, first_row: int, last_row: int) -> bool:
        """No joint step spans the channel left of slot `channel` in rows first_row..last_row."""
        return not any(
            first_row <= self.rank[s] <= last_row and place.claim[0] < channel <= place.claim[1]
            for s, place in self.place.items()
        )

    def box(self, step_id: str) -> tuple[int, int]:
        """The first and last slot under the step's box."""
        return self.place[step_id].box


def make_grid(procedure: Procedure) -> Grid:
    back = back_edges(procedure)
    rank = settle(procedure, ranks(procedure, back), back)
    place, lane_slots = places(procedure, rank)
    box_w = box_width(len(lane_slots), lane_slots[-1][1] + 1)
    sizes = {}
    number_of = numbers(procedure)
    for step in procedure.steps:
        number = bare(number_of[step.id])  # as the step table's 序号 shows it
        first, last = place[step.id].box
        width = box_w + (last - first) * (box_w + CHANNEL_MIN)  # the least a spanning box gets
        text = node_text(step, number, procedure, width)
        if place[step.id].markers:
            lines = balanced(f"{number} {clean(step.title)}", TITLE_SIZE, box_w - 2 * MARKER_INSET - 2 * BOX_PAD)
            text = replace(text, marker=lines, marker_h=round(2 * BOX_PAD + len(lines) * TITLE_SIZE * LEADING))
        sizes[step.id] = text
    return Grid(procedure, box_w, rank, place, lane_slots, sizes, arcs(procedure, back), number_of)


def box_width(lanes: int, slots: int) -> float:
    """Wide boxes for few lanes, narrower ones (but never cramped) for many."""
    width = (TARGET_WIDTH - (slots + 1) * CHANNEL_MIN) / slots
    return float(round(min(BOX_MAX, max(BOX_MIN, width))))


def back_edges(procedure: Procedure) -> set[tuple[str, str]]:
    """Edges closing a loop, found by an iterative depth-first search from the first step."""
    steps = {step.id: step for step in procedure.steps}
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    found: set[tuple[str, str]] = set()
    for root in procedure.steps:  # later roots only matter for (invalid) unreachable steps
        if root.id in state:
            continue
        state[root.id] = 1
        stack = [(root.id, iter(root.targets))]
        while stack:
            current, targets = stack[-1]
            target = next(targets, None)
            if target is None:
                state[current] = 2
                stack.pop()
            elif target not in steps:
                continue
            elif state.get(target) == 1:
                found.add((current, target))
            elif target not in state:
                state[target] = 1
                stack.append((target, iter(steps[target].targets)))
    return found


def ranks(procedure: Procedure, back: set[tuple[str, str]]) -> dict[str, int]:
    """Longest-path rank over the forward edges (which form a DAG)."""
    ids = [step.id for step in procedure.steps]
    incoming = {step_id: 0 for step_id in ids}
    for step in procedure.steps:
        for target in step.targets:
            if (step.id, target) not in back and target in incoming:
                incoming[target] += 1
    rank = {step_id: 0 for step_id in ids}
    ready = [step_id for step_id in ids if incoming[step_id] == 0]
    steps = {step.id: step for step in procedure.steps}
    while ready:
        current = ready.pop(0)
        for target in steps[current].targets:
            if (current, target) in back or target not in incoming:
                continue
            rank[target] = max(rank[target], rank[current] + 1)
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
    return rank


def arcs(procedure: Procedure, back: set[tuple[str, str]]) -> list[Arc]:
    """Every arrow: branches carry their `when`; a lone `next` carries the documents handed over."""
    titles = {document.id: document.title for document in procedure.documents}
    found: list[Arc] = []
    for step in procedure.steps:
        if step.decision is None:
            documents = handed_over(step, titles) if len(step.next) == 1 else None
            for target in step.next:
                found.append(Arc(len(found), step.id, target, (step.id, target) in back, documents, "documents"))
            continue
        for branch in step.decision.branches:
            fork = len(found) if len(branch.targets) > 1 else None
            for target in branch.targets:
                back_edge = (step.id, target) in back
                found.append(Arc(len(found), step.id, target, back_edge, clean(branch.when), "branch", fork))
    return found


def handed_over(step: Step, titles: dict[str, str]) -> str | None:
    if not step.outputs:
        return None
    return "".join(f"《{clean(titles.get(output, output))}》" for output in step.outputs)


def node_text(step: Step, number: str, procedure: Procedure, box_w: float) -> Text:
    """Height and wrapped text of a step's shape.

    A box holds the number and title, then the time limit and documents in smaller type. A
    decision is a diamond holding the number and question; a decision with a time limit or
    documents is a box (number, title, those) over a diamond holding the question.
    """
    inner = box_w - 2 * BOX_PAD
    limit: tuple[str, ...] = ()
    if step.time_limit is not None:  # "时限：" only where it fits on the line: the colour says it
        text = "时限：" + time_limit_text(step.time_limit)
        limit = balanced(text if text_width(text, META_SIZE) <= inner else text[3:], META_SIZE, inner)
    documents: tuple[str, ...] = ()
    if step.outputs and (step.decision is not None or len(step.next) != 1):
        titles = {document.id: document.title for document in procedure.documents}
        names = ["形成" * (i == 0) + f"《{clean(titles[d])}》" for i, d in enumerate(step.outputs)]
        documents = tuple(line for name in names for line in balanced(name, META_SIZE, inner))  # one per line
    meta = limit + documents
    if step.decision is None or meta:
        lines = balanced(f"{number} {clean(step.title)}", TITLE_SIZE, inner)
        head = max(40.0, round(2 * BOX_PAD + len(lines) * TITLE_SIZE * LEADING + len(meta) * META_SIZE * LEADING))
        if step.decision is None:
            return Text(head, lines, meta, len(limit))
        question = balanced(clean(step.decision.question), TITLE_SIZE, box_w * 0.56)
        height = head + CONNECTOR + diamond_height(question, box_w)
        return Text(height, lines, meta, len(limit), question, head)
    lines = balanced(f"{number} {clean(step.decision.question)}", TITLE_SIZE, box_w * 0.56)
    return Text(diamond_height(lines, box_w), lines, (), 0)


def diamond_height(lines: tuple[str, ...], box_w: float) -> float:
    """A line at distance d from the middle has w * (1 - 2d/h) room; the outermost needs the widest."""
    text_h = len(lines) * TITLE_SIZE * LEADING
    return max(64.0, round(text_h / max(1 - block_width(lines, TITLE_SIZE) / box_w, 0.3) + 6))
