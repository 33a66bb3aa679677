"""Routing for the swimlane layout: ports, channels, tracks, coordinates and label places.

Every arrow is one of: straight (same column, nothing in between), direct (to the next row:
down, across on a track in the gap, down), or channelled (a long forward arrow, or a back edge
in a side channel: down, across to a channel, along it, across, down). Tracks are assigned per
gap and per channel so that no two segments lie on top of each other. Labels sit beside their
arrow where they hit nothing; when one finds no room, the gap below its step grows and the
vertical geometry is recomputed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..corpus import Corpus
from .diagram_labels import place_labels
from .diagram_layout import (
    CHANNEL_MIN,
    HEADER_SIZE,
    LABEL_SIZE,
    LEADING,
    MARGIN,
    Arc,
    Edge,
    Grid,
    Lane,
    Layout,
    Node,
    Rect,
)
from .diagram_text import wrap

TRACK = 10.0  # distance between parallel segments
LANE_PAD = 10.0  # lane border to the outermost box
GAP_TOP = 8.0  # shortest stub below a step before its first turn
GAP_BOTTOM = 16.0  # room for the arrowhead above a step
GAP_MIN = 30.0
MAX_ROUNDS = 12
LABEL_LINE = LABEL_SIZE * LEADING + 4


@dataclass
class Route:
    """An arc's plan: ports (offsets within the box) and, for channelled arcs, the channel."""

    arc: Arc
    kind: str  # "straight" | "direct" | "channel"
    out: float = 0.0
    into: float = 0.0
    channel: int = -1
    channel_track: int = 0
    tracks: list[int] = field(default_factory=lambda: [0, 0])  # track of each horizontal piece

    @property
    def gaps(self) -> tuple[int, int]:
        """Gap below the source row and gap above the target row."""
        return self.arc_rows[0] + 1, self.arc_rows[1]

    arc_rows: tuple[int, int] = (0, 0)


def route(corpus: Corpus, grid: Grid) -> Layout:
    routes = [plan(grid, arc) for arc in grid.arcs]
    assign_ports(grid, routes)
    channel_tracks = assign_channels(routes)
    xs = XPositions(grid, channel_tracks)
    gap_tracks = assign_gaps(grid, routes, xs)
    # Extra room per gap above its tracks (beside the stubs leaving the row above) and below them.
    bands: dict[int, float] = defaultdict(float)
    feet: dict[int, float] = defaultdict(float)
    for route in routes:
        if route.arc.text:
            bands[route.gaps[0]] = LABEL_LINE
    for _ in range(MAX_ROUNDS):
        layout, crowded = build(corpus, grid, routes, xs, gap_tracks, (bands, feet), final=False)
        if not crowded:
            return layout
        for gap in crowded:
            bands[gap] += 10.0
            feet[gap] += 10.0
    return build(corpus, grid, routes, xs, gap_tracks, (bands, feet), final=True)[0]


def plan(grid: Grid, arc: Arc) -> Route:
    rows = (grid.rank[arc.source], grid.rank[arc.target])
    if arc.back:
        source, target = grid.slot[arc.source], grid.slot[arc.target]
        left = max(source, target) < (grid.slots - 1) / 2
        return Route(arc, "channel", channel=0 if left else grid.slots, arc_rows=rows)
    if rows[1] == rows[0] + 1:
        return Route(arc, "direct", arc_rows=rows)
    return Route(arc, "channel", channel=nearest_channel(grid, arc), arc_rows=rows)


def nearest_channel(grid: Grid, arc: Arc) -> int:
    """The channel beside the source or target column that makes the shortest detour."""
    source, target = grid.slot[arc.source] + 0.5, grid.slot[arc.target] + 0.5
    candidates = {int(source - 0.5), int(source + 0.5), int(target - 0.5), int(target + 0.5)}
    return min(candidates, key=lambda c: (abs(c - source) + abs(c - target), c))


def far_end(grid: Grid, route: Route, outgoing: bool) -> float:
    """Where (in slot units) an arc heads after leaving a port, for ordering ports."""
    if route.kind == "channel":
        return route.channel
    return grid.slot[route.arc.target if outgoing else route.arc.source] + 0.5


def assign_ports(grid: Grid, routes: list[Route]) -> None:
    """Spread each step's ports in the order of where the arcs go; then find straight arcs."""
    outgoing: dict[str, list[Route]] = defaultdict(list)
    incoming: dict[str, list[Route]] = defaultdict(list)
    for route in routes:
        outgoing[route.arc.source].append(route)
        incoming[route.arc.target].append(route)
    for group, is_out in ((outgoing, True), (incoming, False)):
        for members in group.values():
            members.sort(key=lambda r: (far_end(grid, r, is_out), r.arc.index))
            for i, route in enumerate(members):
                offset = grid.box_w * (i + 1) / (len(members) + 1)
                if is_out:
                    route.out = offset
                else:
                    route.into = offset
    for route in routes:
        arc, (top, bottom) = route.arc, route.arc_rows
        same = grid.slot[arc.source] == grid.slot[arc.target] and route.out == route.into
        if not arc.back and same and grid.column_free(grid.slot[arc.source], top + 1, bottom - 1):
            route.kind = "straight"
    separate_stubs(grid, routes, outgoing, incoming)


def separate_stubs(grid: Grid, routes: list[Route], outgoing: dict, incoming: dict) -> None:
    """An arrow into a step must not enter exactly below another arrow leaving the step above."""
    by_place = {(grid.slot[s], grid.rank[s]): s for s in grid.rank}
    for (slot, row), step in by_place.items():
        above = by_place.get((slot, row - 1))
        if above is None:
            continue
        taken = [r.out for r in outgoing.get(above, []) if r.kind != "straight"]
        arrivals = [r for r in incoming.get(step, []) if r.kind != "straight"]
        for route in arrivals:
            if any(abs(route.into - out) < 3 for out in taken):
                route.into = free_offset(grid.box_w, route.into, taken + [r.into for r in arrivals if r is not route])


def free_offset(width: float, offset: float, taken: list[float]) -> float:
    for step in (-12, 12, -24, 24, -36, 36):
        candidate = offset + step
        if 6 <= candidate <= width - 6 and all(abs(candidate - t) >= 6 for t in taken):
            return candidate
    return offset


def first_fit(items: list[tuple[float, float, int]], separation: float) -> dict[int, int]:
    """Interval colouring: item index -> track, no two overlapping intervals on one track."""
    tracks: list[list[tuple[float, float]]] = []
    result: dict[int, int] = {}
    for lo, hi, index in items:
        for number, used in enumerate(tracks):
            if all(hi + separation <= a or b + separation <= lo for a, b in used):
                used.append((lo, hi))
                result[index] = number
                break
        else:
            tracks.append([(lo, hi)])
            result[index] = len(tracks) - 1
    return result


def assign_channels(routes: list[Route]) -> dict[int, int]:
    """Channel tracks; short spans nearest the boxes so that nested loops nest. Returns counts."""
    by_channel: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for i, route in enumerate(routes):
        if route.kind == "channel":
            lo, hi = sorted(route.gaps)
            by_channel[route.channel].append((lo, hi, i))
    counts: dict[int, int] = {}
    for channel, items in by_channel.items():
        items.sort(key=lambda item: (item[1] - item[0], item[0], item[2]))
        tracks = first_fit(items, 0.5)
        for index, track in tracks.items():
            routes[index].channel_track = track
        counts[channel] = max(tracks.values()) + 1
    return counts


class XPositions:
    """Horizontal geometry: channels (with their tracks) alternate with slots."""

    def __init__(self, grid: Grid, counts: dict[int, int]) -> None:
        self.grid, self.counts = grid, counts
        self.channel_left: list[float] = []
        self.slot_left: list[float] = []
        x = MARGIN
        for channel in range(grid.slots + 1):
            self.channel_left.append(x)
            x += self.channel_width(channel)
            if channel < grid.slots:
                self.slot_left.append(x)
                x += grid.box_w
        self.width = x + MARGIN

    def channel_width(self, channel: int) -> float:
        n = self.counts.get(channel, 0)
        if channel in (0, self.grid.slots):
            return LANE_PAD + (12 + n * TRACK if n else 0)
        return max(CHANNEL_MIN, (n - 1) * TRACK + 24)

    def track(self, channel: int, track: int) -> float:
        left, n = self.channel_left[channel], self.counts.get(channel, 1)
        if channel == 0:
            return left + self.channel_width(0) - LANE_PAD - 8 - track * TRACK
        if channel == self.grid.slots:
            return left + LANE_PAD + 8 + track * TRACK
        middle = left + self.channel_width(channel) / 2
        return middle + (track - (n - 1) / 2) * TRACK

    def port(self, step_id: str, offset: float) -> float:
        return self.slot_left[self.grid.slot[step_id]] + offset

    def lane_bounds(self, first: int, last: int) -> tuple[float, float]:
        def middle(channel: int) -> float:
            return self.channel_left[channel] + self.channel_width(channel) / 2

        left = middle(first) if first > 0 else self.slot_left[0] - LANE_PAD
        right = middle(last + 1) if last + 1 < self.grid.slots else self.slot_left[-1] + self.grid.box_w + LANE_PAD
        return left, right


def ends(route: Route, xs: XPositions) -> list[tuple[int, Stub, Stub]]:
    """The horizontal pieces of an arc: (gap, start, end), each end with its stub's direction."""
    arc = route.arc
    out, into = (xs.port(arc.source, route.out), "up"), (xs.port(arc.target, route.into), "down")
    if route.kind == "direct":
        return [(route.gaps[0], out, into)]
    if route.kind == "channel":
        x = xs.track(route.channel, route.channel_track)
        first, second = ("up", "down") if arc.back else ("down", "up")
        return [(route.gaps[0], out, (x, first)), (route.gaps[1], (x, second), into)]
    return []


Stub = tuple[float, str]  # x of a vertical leaving a horizontal piece, "up" or "down"
Piece = tuple[float, float, int, tuple[Stub, Stub]]  # lo, hi, key, ends


def assign_gaps(grid: Grid, routes: list[Route], xs: XPositions) -> dict[int, int]:
    """Gap tracks for every horizontal piece; returns the number of tracks per gap."""
    by_gap: dict[int, list[Piece]] = defaultdict(list)
    for i, route in enumerate(routes):
        for piece, (gap, a, b) in enumerate(ends(route, xs)):
            by_gap[gap].append((min(a[0], b[0]), max(a[0], b[0]), i * 2 + piece, (a, b)))
    counts: dict[int, int] = {}
    for gap, pieces in by_gap.items():
        tracks = stack_pieces(sorted(pieces))
        for key, track in tracks.items():
            routes[key // 2].tracks[key % 2] = track
        counts[gap] = max(tracks.values()) + 1
    return counts


def stack_pieces(pieces: list[Piece]) -> dict[int, int]:
    """Tracks (0 at the top) for the pieces of one gap, avoiding needless crossings.

    A piece whose stub goes up from inside another piece's span should lie above that piece,
    one whose stub goes down below it; otherwise the stub would cross the other line. Pieces are
    stacked in an order that honours these wishes (cycles are broken in span order), each on
    the first track below the pieces it must be under and free of overlapping pieces.
    """
    above: dict[int, set[int]] = {p[2]: set() for p in pieces}  # key -> keys that should be above it
    for p in pieces:
        for q in pieces:
            if p is not q and p[0] < q[1] + 8 and q[0] < p[1] + 8:
                for x, way in p[3]:
                    if q[0] - 1 < x < q[1] + 1:
                        (above[q[2]] if way == "up" else above[p[2]]).add(p[2] if way == "up" else q[2])
    order: list[Piece] = []
    left = list(pieces)
    while left:
        done = {p[2] for p in order}
        ready = [p for p in left if above[p[2]] <= done] or left[:1]
        order.append(ready[0])
        left.remove(ready[0])
    tracks: dict[int, int] = {}
    spans: dict[int, tuple[float, float]] = {}
    for lo, hi, key, _ in order:
        overlapping = [k for k, (a, b) in spans.items() if lo < b + 8 and a < hi + 8]
        track = max([tracks[k] + 1 for k in overlapping if k in above[key]], default=0)
        while any(tracks[k] == track for k in overlapping):
            track += 1
        tracks[key] = track
        spans[key] = (lo, hi)
    return tracks


def build(corpus, grid, routes, xs, gap_tracks, room, final):  # type: ignore[no-untyped-def]
    """Vertical geometry, nodes, polylines and labels for the given extra room in the gaps."""
    bands, feet = room
    header_lines = [wrap(corpus.get(role).name, HEADER_SIZE, 9999) for role in grid.procedure.lanes]
    lanes = []
    for role, lines, (first, last) in zip(grid.procedure.lanes, header_lines, grid.lane_slots):
        left, right = xs.lane_bounds(first, last)
        lines = wrap(corpus.get(role).name, HEADER_SIZE, right - left - 12)
        lanes.append(Lane(role, lines, left, right - left))
    header_h = max(len(lane.lines) for lane in lanes) * HEADER_SIZE * LEADING + 14
    header = Rect(lanes[0].x, MARGIN, lanes[-1].x + lanes[-1].w - lanes[0].x, round(header_h))
    row_h = [0.0] * grid.rows
    for step_id, (height, _, _) in grid.sizes.items():
        row_h[grid.rank[step_id]] = max(row_h[grid.rank[step_id]], height)
    gap_top, row_top = [], []
    y = header.bottom
    for gap in range(grid.rows + 1):
        gap_top.append(y)
        tracks = gap_tracks.get(gap, 0)
        least = GAP_MIN if 0 < gap < grid.rows else 12.0
        needed = GAP_TOP + bands[gap] + tracks * TRACK + GAP_BOTTOM + feet[gap]
        y += max(least, needed if tracks or bands[gap] or feet[gap] else 0)
        if gap < grid.rows:
            row_top.append(y)
            y += row_h[gap]
    height = y + MARGIN

    def track_y(gap: int, track: int) -> float:
        return gap_top[gap] + GAP_TOP + bands[gap] + (track + 0.5) * TRACK

    nodes = {}
    for number, step in enumerate(grid.procedure.steps, start=1):
        h, lines, meta = grid.sizes[step.id]
        rect = Rect(xs.slot_left[grid.slot[step.id]], row_top[grid.rank[step.id]], grid.box_w, h)
        shape = "box" if step.decision is None else "diamond"
        lane = grid.procedure.lanes.index(step.actor)
        nodes[step.id] = Node(step.id, number, shape, rect, lane, grid.rank[step.id], lines, meta)
    polylines = [polyline(route, nodes, xs, track_y) for route in routes]
    labels, crowded = place_labels(grid.arcs, routes, polylines, list(nodes.values()), header, xs.width, final)
    edges = tuple(
        Edge(r.arc.source, r.arc.target, tuple(points), r.arc.back, label)
        for r, points, label in zip(routes, polylines, labels)
    )
    layout = Layout(round(xs.width), round(height), header, tuple(lanes), tuple(nodes.values()), edges)
    return layout, crowded


def polyline(route: Route, nodes: dict[str, Node], xs: XPositions, track_y) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    source, target = nodes[route.arc.source], nodes[route.arc.target]
    x0, x1 = xs.port(route.arc.source, route.out), xs.port(route.arc.target, route.into)
    start, end = (x0, source.bottom_at(x0)), (x1, target.top_at(x1))
    if route.kind == "straight":
        return [start, end]
    g0, g1 = route.gaps
    y0 = track_y(g0, route.tracks[0])
    if route.kind == "direct":
        return [start, (x0, y0), (x1, y0), end]
    xc = xs.track(route.channel, route.channel_track)
    y1 = track_y(g1, route.tracks[1])
    return [start, (x0, y0), (xc, y0), (xc, y1), (x1, y1), end]
