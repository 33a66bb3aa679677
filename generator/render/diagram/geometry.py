"""The swimlane diagram's geometry model, in SVG pixels: what `layout` computes and `svg` draws.

Lanes are columns in the procedure's `lanes` order, steps flow from top to bottom. A step of
several actors spans their lanes, or (lanes not side by side) has a marker in each other actor's
lane, joined to it by a dashed line. This module
holds the model that `render_svg` draws and tests check; the stages that compute it are
`grid` (rows, columns, text sizes), `tracks` and `route` (arrows) and
`labels` (arrow labels). Back edges climb in a channel outside the lanes.
"""

from __future__ import annotations

from dataclasses import dataclass

TITLE_SIZE = 13.0
META_SIZE = 11.0
LABEL_SIZE = 11.0
HEADER_SIZE = 13.0
LEADING = 1.35
BOX_PAD = 6.0
MARGIN = 8.0
TARGET_WIDTH = 900.0  # the box width adapts so that a diagram is about this wide
BOX_MIN, BOX_MAX = 104.0, 168.0
CHANNEL_MIN = 26.0
CONNECTOR = 10.0  # between the box and the diamond of a decision that has both
MARKER_INSET = 12.0  # a joint step's marker is this much narrower than a box on either side


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


Point = tuple[float, float]


@dataclass(frozen=True)
class Node:
    """One step: a box, or a diamond for a decision (`rect` is the diamond's bounding box)."""

    step_id: str
    number: str  # the display number: 1., 2., ...
    shape: str  # "box" | "diamond"
    rect: Rect
    lane: int
    row: int
    lines: tuple[str, ...]  # the title (a decision: its question), wrapped
    meta: tuple[str, ...]  # time limit and documents, wrapped, in smaller type
    limit_lines: int  # how many of `meta` give the time limit
    question: tuple[str, ...] = ()  # for a decision drawn as a box over a diamond: the diamond's text
    head: float = 0.0  # the height of that box (0: a plain box or a plain diamond)
    markers: tuple[Rect, ...] = ()  # a joint step's markers in its other actors' lanes
    marker_lines: tuple[str, ...] = ()  # their text: the number and the title

    @property
    def bounds(self) -> Rect:
        """The box around the shape and its markers."""
        rects = (self.rect, *self.markers)
        x, y = min(r.x for r in rects), min(r.y for r in rects)
        return Rect(x, y, max(r.right for r in rects) - x, max(r.bottom for r in rects) - y)

    @property
    def links(self) -> tuple[tuple[Point, Point], ...]:
        """The dashed lines to the markers: from the shape's side at the middle of its box (the
        diamond's corner) to the nearest marker, on to the next one outwards."""
        y = self.rect.y + (self.head or self.rect.h) / 2
        found = []
        x = self.rect.x
        for marker in sorted((m for m in self.markers if m.x < self.rect.x), key=lambda m: -m.x):
            found.append(((x, y), (marker.right, y)))
            x = marker.x
        x = self.rect.right
        for marker in sorted((m for m in self.markers if m.x > self.rect.x), key=lambda m: m.x):
            found.append(((x, y), (marker.x, y)))
            x = marker.right
        return tuple(found)

    @property
    def diamond(self) -> Rect:
        """The diamond's bounding box."""
        top = self.rect.y + self.head + (CONNECTOR if self.head else 0.0)
        return Rect(self.rect.x, top, self.rect.w, self.rect.bottom - top)

    def hits(self, rect: Rect) -> bool:
        """Whether `rect` intersects the interior of the shape (box, diamond and what joins them)
        or of a marker."""
        if any(marker.overlaps(rect) for marker in self.markers):
            return True
        if not self.rect.overlaps(rect):
            return False
        if self.shape == "box" or (self.head and rect.y < self.diamond.y):
            return True
        d = self.diamond
        cx, cy = d.x + d.w / 2, d.y + d.h / 2
        dx = max(rect.x - cx, 0.0, cx - rect.right)
        dy = max(rect.y - cy, 0.0, cy - rect.bottom)
        return dx / (d.w / 2) + dy / (d.h / 2) < 0.999

    def bottom_at(self, x: float) -> float:
        """The y of the shape's lower outline at `x`."""
        return self.rect.bottom - self._inset(x)

    def top_at(self, x: float) -> float:
        return self.rect.y + (0.0 if self.head else self._inset(x))

    def _inset(self, x: float) -> float:
        if self.shape == "box":
            return 0.0
        d = self.diamond
        return abs(x - (d.x + d.w / 2)) / (d.w / 2) * d.h / 2


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

    @property
    def junctions(self) -> tuple[Point, ...]:
        """Where the arrows of a fork (which leave by one port) part, on the stub they share:
        every first turn but the lowest, and the lowest too where two arrows turn there."""
        starts: dict[Point, list[Point]] = {}
        for edge in self.edges:
            starts.setdefault(edge.points[0], []).append(edge.points[1])
        found: set[Point] = set()
        for turns in starts.values():
            lowest = max(y for _, y in turns)
            found.update(turn for turn in turns if turn[1] < lowest or [y for _, y in turns].count(lowest) > 1)
        return tuple(sorted(found))
