"""Routing for the swimlane layout: plans, ports, coordinates and label places.

Every arrow leaves its step at the bottom and enters its target at the top, running only
through gaps between rows and channels between columns, so it never crosses a shape. An arrow
is one of: straight (same column, nothing in between); direct (down its own column while that
is free, across on a track in the gap above the target, down); or channelled (a long forward
arrow, or a back edge in a side channel: down, across to a channel, along it, across, down).
Labels sit beside their arrow where they hit nothing; when one finds no room, the gap below its
step grows and the vertical geometry is recomputed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from qinglian.core.corpus import Corpus
from qinglian.core.model import Step
from qinglian.render.diagram.geometry import (
    HEADER_SIZE,
    LABEL_SIZE,
    LEADING,
    MARGIN,
    MARKER_INSET,
    Edge,
    Lane,
    Layout,
    Node,
    Rect,
)
from qinglian.render.diagram.grid import Arc, Grid
from qinglian.render.diagram.labels import place_labels
from qinglian.render.diagram.text import balanced
from qinglian.render.diagram.tracks import TRACK, Route, XPositions, assign_channels, assign_gaps

GAP_TOP = 8.0  # shortest stub below a step before its first turn
GAP_BOTTOM = 16.0  # room for the arrowhead above a step
GAP_MIN = 30.0
MAX_ROUNDS = 12
LABEL_LINE = LABEL_SIZE * LEADING + 4


def route(corpus: Corpus, grid: Grid) -> Layout:
    """The finished layout of a grid: every arrow routed, every label placed."""
    slots = port_slots(grid)
    routes = [plan(grid, arc, slots[arc.index]) for arc in grid.arcs]
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


def port_key(arc: Arc) -> int:
    """Arcs of one port: a fork's arcs share their source's port."""
    return arc.index if arc.fork is None else arc.fork


def port_slots(grid: Grid) -> dict[int, tuple[int, int]]:
    """Per arc, the slot of its source's box it leaves and of its target's box it enters: for a
    box spanning several slots, the one nearest the other end (a fork's: nearest its targets)."""

    def middle(step_id: str) -> float:
        first, last = grid.box(step_id)
        return (first + last) / 2

    def nearest(step_id: str, to: float) -> int:
        first, last = grid.box(step_id)
        return min(range(first, last + 1), key=lambda slot: (abs(slot - to), slot))

    heading: dict[int, list[float]] = defaultdict(list)
    for arc in grid.arcs:
        heading[port_key(arc)].append(middle(arc.target))
    found = {}
    for arc in grid.arcs:
        targets = heading[port_key(arc)]
        out = nearest(arc.source, sum(targets) / len(targets))
        found[arc.index] = (out, nearest(arc.target, out))
    return found


def plan(grid: Grid, arc: Arc, slots: tuple[int, int]) -> Route:
    rows = (grid.rank[arc.source], grid.rank[arc.target])
    if arc.back:
        channel = 0 if max(slots) < (grid.slots - 1) / 2 else grid.slots
    elif grid.column_free(slots[0], rows[0] + 1, rows[1] - 1):
        channel = -1  # direct: down its own column, across above the target
    else:
        channel = nearest_channel(grid, slots, rows)
    kind = "direct" if channel < 0 else "channel"
    return Route(arc, kind, slots[0], slots[1], channel=channel, arc_rows=rows)


def nearest_channel(grid: Grid, slots: tuple[int, int], rows: tuple[int, int]) -> int:
    """The channel making the shortest detour, among those no box spans in the rows between (the
    outer channels are always free)."""
    source, target = slots[0] + 0.5, slots[1] + 0.5
    free = [c for c in range(grid.slots + 1) if grid.channel_free(c, rows[0] + 1, rows[1] - 1)]
    return min(free, key=lambda c: (abs(c - source) + abs(c - target), c))


def far_end(route: Route, outgoing: bool) -> float:
    """Where (in slot units) an arc heads after leaving a port, for ordering ports."""
    if route.kind == "channel":
        return route.channel
    return (route.into_slot if outgoing else route.out_slot) + 0.5


def assign_ports(grid: Grid, routes: list[Route]) -> None:
    """Spread each step's ports (per slot of its box) in the order of where the arcs go; a fork's
    arcs leave by one port. Then find straight arcs."""
    outgoing: dict[tuple[str, int], dict[int, list[Route]]] = defaultdict(dict)
    incoming: dict[tuple[str, int], list[Route]] = defaultdict(list)
    for route in routes:
        outgoing[route.arc.source, route.out_slot].setdefault(port_key(route.arc), []).append(route)
        incoming[route.arc.target, route.into_slot].append(route)
    for groups in outgoing.values():
        ports = sorted(groups.values(), key=lambda g: (sum(far_end(r, True) for r in g) / len(g), g[0].arc.index))
        for i, group in enumerate(ports):
            for route in group:
                route.out = grid.box_w * (i + 1) / (len(ports) + 1)
    for members in incoming.values():
        members.sort(key=lambda r: (far_end(r, False), r.arc.index))
        for i, route in enumerate(members):
            route.into = grid.box_w * (i + 1) / (len(members) + 1)
    for route in routes:
        arc, (top, bottom) = route.arc, route.arc_rows
        if arc.back or route.out_slot != route.into_slot:
            continue
        if len(incoming[arc.target, route.into_slot]) == 1:  # line up the ends: a straight arrow, or a shorter jog
            route.into = route.out
        elif list(outgoing[arc.source, route.out_slot].values()) == [[route]]:
            route.out = route.into
        if route.out == route.into and grid.column_free(route.out_slot, top + 1, bottom - 1):
            route.kind = "straight"
    separate_stubs(grid, routes)


def separate_stubs(grid: Grid, routes: list[Route]) -> None:
    """An arrow must not enter a step exactly below where another one comes down into the gap."""
    downs: dict[tuple[int, int], list[tuple[float, Route]]] = defaultdict(list)  # (gap, slot)
    for route in routes:
        if route.kind != "straight":
            gap = route.gaps[1] if route.kind == "direct" else route.gaps[0]
            downs[gap, route.out_slot].append((route.out, route))
    for route in routes:
        if route.kind == "straight":
            continue
        place = (route.gaps[1], route.into_slot)
        taken = [out for out, other in downs.get(place, []) if other is not route]
        if any(abs(route.into - out) < 3 for out in taken):
            entry = (route.arc.target, route.into_slot)
            siblings = [r.into for r in routes if (r.arc.target, r.into_slot) == entry and r is not route]
            route.into = free_offset(grid.box_w, route.into, taken + siblings)


def free_offset(width: float, offset: float, taken: list[float]) -> float:
    for step in (-12, 12, -24, 24, -36, 36):
        candidate = offset + step
        if 6 <= candidate <= width - 6 and all(abs(candidate - t) >= 6 for t in taken):
            return candidate
    return offset


def build(
    corpus: Corpus,
    grid: Grid,
    routes: list[Route],
    xs: XPositions,
    gap_tracks: dict[int, int],
    room: tuple[dict[int, float], dict[int, float]],
    final: bool,
) -> tuple[Layout, set[int]]:
    """Vertical geometry, nodes, polylines and labels for the given extra room in the gaps."""
    bands, feet = room
    lanes = []
    for role, (first, last) in zip(grid.procedure.lanes, grid.lane_slots, strict=True):
        left, right = xs.lane_bounds(first, last)
        lines = balanced(corpus.role(role).name, HEADER_SIZE, right - left - 12)
        lanes.append(Lane(role, lines, left, right - left))
    header_h = max(len(lane.lines) for lane in lanes) * HEADER_SIZE * LEADING + 14
    header = Rect(lanes[0].x, MARGIN, lanes[-1].x + lanes[-1].w - lanes[0].x, round(header_h))
    row_h = [0.0] * grid.rows
    for step_id, text in grid.sizes.items():
        row_h[grid.rank[step_id]] = max(row_h[grid.rank[step_id]], text.extent)
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
    for step in grid.procedure.steps:
        nodes[step.id] = node(grid, xs, step, grid.numbers[step.id], row_top[grid.rank[step.id]])
    polylines = [polyline(route, nodes, xs, track_y) for route in routes]
    canvas = Rect(header.x + 1, header.bottom + 1, header.w - 2, height - header.bottom - 2)  # inside the frame
    labels, crowded = place_labels(routes, polylines, list(nodes.values()), canvas, final)
    edges = tuple(
        Edge(r.arc.source, r.arc.target, tuple(points), r.arc.back, label)
        for r, points, label in zip(routes, polylines, labels, strict=True)
    )
    layout = Layout(round(xs.width), round(height), header, tuple(lanes), tuple(nodes.values()), edges)
    return layout, crowded


def node(grid: Grid, xs: XPositions, step: Step, number: str, top: float) -> Node:
    """The step's shape over the slots of its box, and its markers."""
    text, place = grid.sizes[step.id], grid.place[step.id]
    left = xs.slot_left[place.box[0]]
    rect = Rect(left, top, xs.slot_left[place.box[1]] + grid.box_w - left, text.height)
    markers = tuple(
        Rect(xs.slot_left[slot] + MARKER_INSET, top + text.marker_top, grid.box_w - 2 * MARKER_INSET, text.marker_h)
        for slot in place.markers
    )
    return Node(
        step.id, number, "box" if step.decision is None else "diamond", rect, grid.procedure.lanes.index(step.lane),
        grid.rank[step.id], text.lines, text.meta, text.limit_lines, text.question, text.head, markers, text.marker,
    )


def polyline(
    route: Route, nodes: dict[str, Node], xs: XPositions, track_y: Callable[[int, int], float]
) -> list[tuple[float, float]]:
    source, target = nodes[route.arc.source], nodes[route.arc.target]
    x0, x1 = xs.port(route.out_slot, route.out), xs.port(route.into_slot, route.into)
    start, end = (x0, source.bottom_at(x0)), (x1, target.top_at(x1))
    if route.kind == "straight":
        return [start, end]
    g0, g1 = route.gaps
    if route.kind == "direct":
        y = track_y(g1, route.tracks[0])
        return [start, (x0, y), (x1, y), end]
    y0 = track_y(g0, route.tracks[0])
    xc = xs.track(route.channel, route.channel_track)
    y1 = track_y(g1, route.tracks[1])
    return [start, (x0, y0), (xc, y0), (xc, y1), (x1, y1), end]
