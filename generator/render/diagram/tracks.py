"""Tracks for the swimlane layout's arrows: which line of a gap or channel each piece runs on.

Channels (vertical, between slot columns and outside the lanes) alternate with slots; gaps
(horizontal) lie between rows. Pieces of different arrows that would overlap get different
tracks, so that no two segments lie on top of each other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from qinglian.render.diagram.geometry import CHANNEL_MIN, MARGIN
from qinglian.render.diagram.grid import Arc, Grid

TRACK = 10.0  # distance between parallel segments
LANE_PAD = 10.0  # lane border to the outermost box


@dataclass
class Route:
    """An arc's plan: ports (offsets within the box) and, for channelled arcs, the channel."""

    arc: Arc
    kind: str  # "straight" | "direct" | "channel"
    out_slot: int = 0  # the slot (of its source's box) the arc leaves from, and the one it enters
    into_slot: int = 0
    out: float = 0.0  # offsets of the ports from the left of those slots
    into: float = 0.0
    channel: int = -1
    channel_track: int = 0
    tracks: list[int] = field(default_factory=lambda: [0, 0])  # track of each horizontal piece

    @property
    def gaps(self) -> tuple[int, int]:
        """Gap below the source row and gap above the target row."""
        return self.arc_rows[0] + 1, self.arc_rows[1]

    arc_rows: tuple[int, int] = (0, 0)


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
        return max(CHANNEL_MIN, n * TRACK + 18)

    def track(self, channel: int, track: int) -> float:
        left, n = self.channel_left[channel], self.counts.get(channel, 1)
        if channel == 0:
            return left + self.channel_width(0) - LANE_PAD - 8 - track * TRACK
        if channel == self.grid.slots:
            return left + LANE_PAD + 8 + track * TRACK
        middle = left + self.channel_width(channel) / 2
        # Lane borders run down the middle of channels: keep arrows off them.
        shift = TRACK / 2 if n % 2 else 0.0
        return middle + (track - (n - 1) / 2) * TRACK + shift

    def port(self, slot: int, offset: float) -> float:
        return self.slot_left[slot] + offset

    def lane_bounds(self, first: int, last: int) -> tuple[float, float]:
        """The outer lanes take in the side channels, so that loops stay inside the frame."""

        def middle(channel: int) -> float:
            return self.channel_left[channel] + self.channel_width(channel) / 2

        outer = self.grid.slots
        left = middle(first) if first > 0 else self.channel_left[0]
        right = middle(last + 1) if last + 1 < outer else self.channel_left[outer] + self.channel_width(outer)
        return left, right


def ends(route: Route, xs: XPositions) -> list[tuple[int, Stub, Stub]]:
    """The horizontal pieces of an arc: (gap, start, end), each end with its stub's direction."""
    arc = route.arc
    out, into = (xs.port(route.out_slot, route.out), "up"), (xs.port(route.into_slot, route.into), "down")
    if route.kind == "direct":
        return [(route.gaps[1], out, into)]
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
                    if q[0] - 1 < x < q[1] + 1 and (x, way) not in q[3]:  # a fork's shared stub crosses nothing
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
    ends = {p[2]: p[3] for p in pieces}
    for lo, hi, key, stubs in order:
        overlapping = [k for k, (a, b) in spans.items() if lo < b + 8 and a < hi + 8 and not forked(stubs, ends[k])]
        track = max([tracks[k] + 1 for k in overlapping if k in above[key]], default=0)
        while any(tracks[k] == track for k in overlapping):
            track += 1
        tracks[key] = track
        spans[key] = (lo, hi)
    return tracks


def forked(a: tuple[Stub, Stub], b: tuple[Stub, Stub]) -> bool:
    """Two pieces of a fork leaving one stub in opposite directions: they may share a track."""
    shared = {end for end in a if end[1] == "up"} & {end for end in b if end[1] == "up"}
    if not shared:
        return False
    x = next(iter(shared))[0]
    others = [end[0] for end in (*a, *b) if end[1] == "down"]
    return len(others) == 2 and (min(others) < x < max(others))
