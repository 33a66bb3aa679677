"""The swimlane layout of a procedure: pure geometry in SVG pixels, no drawing.

Lanes are columns in the procedure's `lanes` order; rows are ranks: the longest path from the
first step over the forward edges (back edges are the ones a depth-first search from the first
step finds closing a loop). Two steps of one lane in one row sit side by side in slots of that
lane. Every arrow leaves its step at the bottom and enters its target at the top; between them
it runs only through gaps (horizontal tracks between rows, vertical channels between slots), so
it never crosses a box. Back edges climb in a channel outside the lanes. Routing and label
placement live in `diagram_route`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..corpus import Corpus
from ..model import Procedure, Step
from .diagram_text import balanced, block_width, clean

TITLE_SIZE = 13.0
META_SIZE = 11.0
LABEL_SIZE = 11.0
HEADER_SIZE = 13.0
LEADING = 1.35
BOX_PAD = 8.0
MARGIN = 8.0
TARGET_WIDTH = 960.0  # the box width adapts so that a diagram is about this wide
BOX_MIN, BOX_MAX = 112.0, 168.0
CHANNEL_MIN = 32.0


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Rect) -> bool:
        """Whether the interiors intersect (touching edges do not count)."""
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


@dataclass(frozen=True)
class Node:
    """One step: a box, or a diamond for a decision (`rect` is the diamond's bounding box)."""

    step_id: str
    number: int
    shape: str  # "box" | "diamond"
    rect: Rect
    lane: int
    row: int
    lines: tuple[str, ...]  # the title (a decision: its question), wrapped
    meta: tuple[str, ...]  # time limit and documents, wrapped, in smaller type

    def hits(self, rect: Rect) -> bool:
        """Whether `rect` intersects the interior of the shape."""
        if not self.rect.overlaps(rect):
            return False
        if self.shape == "box":
            return True
        cx, cy = self.rect.x + self.rect.w / 2, self.rect.y + self.rect.h / 2
        dx = max(rect.x - cx, 0.0, cx - rect.right)
        dy = max(rect.y - cy, 0.0, cy - rect.bottom)
        return dx / (self.rect.w / 2) + dy / (self.rect.h / 2) < 0.999

    def bottom_at(self, x: float) -> float:
        """The y of the shape's lower outline at `x`."""
        return self.rect.bottom - self._inset(x)

    def top_at(self, x: float) -> float:
        return self.rect.y + self._inset(x)

    def _inset(self, x: float) -> float:
        if self.shape == "box":
            return 0.0
        half = self.rect.w / 2
        return abs(x - (self.rect.x + half)) / half * self.rect.h / 2


@dataclass(frozen=True)
class Label:
    rect: Rect
    lines: tuple[str, ...]
    kind: str  # "branch" (a decision's `when`) | "documents" (outputs handed over)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    points: tuple[tuple[float, float], ...]  # an orthogonal polyline, source to target
    back: bool
    label: Label | None


@dataclass(frozen=True)
class Lane:
    role_id: str
    lines: tuple[str, ...]  # the role's name, wrapped
    x: float
    w: float


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    header: Rect
    lanes: tuple[Lane, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, step_id: str) -> Node:
        return next(node for node in self.nodes if node.step_id == step_id)


@dataclass(frozen=True)
class Arc:
    """An edge of the step graph before geometry."""

    index: int
    source: str
    target: str
    back: bool
    text: str | None
    kind: str


@dataclass
class Grid:
    """Rows, slots and node sizes: what routing needs to know about the steps."""

    procedure: Procedure
    box_w: float
    rank: dict[str, int]
    slot: dict[str, int]  # global slot (column) index of each step
    lane_slots: list[tuple[int, int]]  # first and last slot of each lane
    sizes: dict[str, tuple[float, tuple[str, ...], tuple[str, ...]]]  # height, lines, meta
    arcs: list[Arc]

    @property
    def rows(self) -> int:
        return max(self.rank.values()) + 1

    @property
    def slots(self) -> int:
        return self.lane_slots[-1][1] + 1

    def column_free(self, slot: int, first_row: int, last_row: int) -> bool:
        """No step in `slot` in rows first_row..last_row."""
        return not any(self.slot[s] == slot and first_row <= r <= last_row for s, r in self.rank.items())


def layout(corpus: Corpus, procedure: Procedure) -> Layout:
    """The swimlane diagram's geometry; deterministic."""
    from .diagram_route import route

    return route(corpus, make_grid(procedure))


def make_grid(procedure: Procedure) -> Grid:
    steps = procedure.steps
    back = back_edges(procedure)
    rank = ranks(procedure, back)
    slot_in_lane: dict[str, int] = {}
    taken: dict[tuple[str, int], int] = {}
    for step in steps:
        key = (step.actor, rank[step.id])
        slot_in_lane[step.id] = taken.get(key, 0)
        taken[key] = slot_in_lane[step.id] + 1
    lane_slots: list[tuple[int, int]] = []
    for role in procedure.lanes:
        count = max([n for (actor, _), n in taken.items() if actor == role], default=1)
        first = lane_slots[-1][1] + 1 if lane_slots else 0
        lane_slots.append((first, first + count - 1))
    first_slot = {role: lane_slots[i][0] for i, role in enumerate(procedure.lanes)}
    slot = {step.id: first_slot[step.actor] + slot_in_lane[step.id] for step in steps}
    box_w = box_width(len(lane_slots), lane_slots[-1][1] + 1)
    sizes = {step.id: node_text(step, i, procedure, box_w) for i, step in enumerate(steps, start=1)}
    return Grid(procedure, box_w, rank, slot, lane_slots, sizes, arcs(procedure, back))


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
        if step.decision is not None:
            pairs = [(branch.next, clean(branch.when), "branch") for branch in step.decision.branches]
        else:
            documents = handed_over(step, titles) if len(step.next) == 1 else None
            pairs = [(target, documents, "documents") for target in step.next]
        for target, text, kind in pairs:
            found.append(Arc(len(found), step.id, target, (step.id, target) in back, text, kind))
    return found


def handed_over(step: Step, titles: dict[str, str]) -> str | None:
    if not step.outputs:
        return None
    return "".join(f"《{clean(titles.get(output, output))}》" for output in step.outputs)


def node_text(step: Step, number: int, procedure: Procedure, box_w: float) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """Height, wrapped main lines (led by the step's number) and wrapped meta lines of a shape."""
    titles = {document.id: document.title for document in procedure.documents}
    meta_text: list[str] = []
    if step.time_limit is not None:
        meta_text.append("时限：" + step.time_limit.describe())
    if step.outputs and (step.decision is not None or len(step.next) != 1):
        meta_text.append("形成" + (handed_over(step, titles) or ""))
    if step.decision is None:
        inner = box_w - 2 * BOX_PAD
        lines = balanced(f"{number} {clean(step.title)}", TITLE_SIZE, inner)
        meta = tuple(line for text in meta_text for line in balanced(text, META_SIZE, inner))
        height = 2 * BOX_PAD + len(lines) * TITLE_SIZE * LEADING + len(meta) * META_SIZE * LEADING
        return max(40.0, round(height)), lines, meta
    inner = box_w * 0.56
    lines = balanced(f"{number} {clean(step.decision.question)}", TITLE_SIZE, inner)
    meta = tuple(line for text in meta_text for line in balanced(text, META_SIZE, inner))
    text_h = len(lines) * TITLE_SIZE * LEADING + len(meta) * META_SIZE * LEADING
    widest = max(block_width(lines, TITLE_SIZE), block_width(meta, META_SIZE))
    # A line at distance d from the middle has w * (1 - 2d/h) room; the outermost needs `widest`.
    height = text_h / max(1 - widest / box_w, 0.3) + 6
    return max(64.0, round(height)), lines, meta
