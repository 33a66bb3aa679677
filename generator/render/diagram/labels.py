"""Placing arrow labels (branch conditions, documents handed over) where they hit nothing.

Each label tries places beside its arrow, nearest the step it leaves first, in several wrap
widths. The arrows of a fork (a branch to several steps) share one label, beside the stub they
share. A label that finds no free place reports the gap below its step as crowded, so that
the layout can make that gap taller and try again; in the final round it takes its first place.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from qinglian.render.diagram.geometry import LABEL_SIZE, LEADING, Label, Node, Rect
from qinglian.render.diagram.text import balanced, block_width
from qinglian.render.diagram.tracks import Route

Point = tuple[float, float]
PAD = 2.0  # around the text, painted white
CLEAR = 3.0  # distance from the arrow
WIDTHS = (150.0, 110.0, 80.0, 56.0, 44.0)


def place_labels(
    routes: Sequence[Route],
    polylines: Sequence[list[Point]],
    nodes: Sequence[Node],
    canvas: Rect,
    final: bool,
) -> tuple[list[Label | None], set[int]]:
    """A label (or None) per arc, and the gaps that were too crowded for some label."""
    segments = [segment_rect(a, b, 1.5) for line in polylines for a, b in itertools.pairwise(line)]
    segments += [segment_rect(a, b, 1.5) for node in nodes for a, b in node.links]
    holders = fork_holders(routes, polylines)
    placed: list[Rect] = []
    labels: list[Label | None] = []
    crowded: set[int] = set()
    for route, line in zip(routes, polylines, strict=True):
        arc = route.arc
        if not arc.text or arc.index not in holders:
            labels.append(None)
            continue
        chosen, least = None, None
        for rect, lines in candidates(arc.text, line, prefer_left(line, nodes, arc.source)):
            clashes = collisions(rect, nodes, segments, placed, canvas)
            if clashes == 0:
                chosen = (rect, lines)
                break
            if least is None or clashes < least[0]:
                least = (clashes, (rect, lines))
        if chosen is None:
            crowded.add(route.gaps[0])
            assert least is not None
            chosen = least[1]
        placed.append(chosen[0])
        labels.append(Label(chosen[0], chosen[1], arc.kind))
    return labels, (set() if final else crowded)


def fork_holders(routes: Sequence[Route], polylines: Sequence[list[Point]]) -> set[int]:
    """The arcs (indexes) that carry their label: every arc but those of a fork, of which the
    one turning first (its first segment is the stub they all share)."""
    holders: dict[int, tuple[float, int]] = {}
    for route, line in zip(routes, polylines, strict=True):
        arc = route.arc
        key = arc.index if arc.fork is None else arc.fork
        holders[key] = min(holders.get(key, (line[1][1], arc.index)), (line[1][1], arc.index))
    return {index for _, index in holders.values()}


def prefer_left(line: list[Point], nodes: Sequence[Node], source: str) -> bool:
    """Labels of ports left of a step's middle go on the left of their arrow."""
    node = next(n for n in nodes if n.step_id == source)
    return line[0][0] < node.rect.x + node.rect.w / 2 - 1


def candidates(text: str, line: list[Point], left_first: bool) -> Iterator[tuple[Rect, tuple[str, ...]]]:
    """Label places in order of preference: beside the first stub, then along the arrow."""
    wrapped: list[tuple[str, ...]] = []
    for width in WIDTHS:
        lines = balanced(text, LABEL_SIZE, width)
        if not wrapped or lines != wrapped[-1]:
            wrapped.append(lines)
    (x0, y0), (_, y1) = line[0], line[1]
    for lines in wrapped:
        w, h = size(lines)
        sides = (x0 - CLEAR - w, x0 + CLEAR) if left_first else (x0 + CLEAR, x0 - CLEAR - w)
        y = y0 + CLEAR
        while y + h <= max(y1, y0 + CLEAR + h):
            for x in sides:
                yield Rect(x, y, w, h), lines
            y += 4
    for lines in wrapped:
        w, h = size(lines)
        for (ax, ay), (bx, by) in itertools.pairwise(line):
            if ay == by:  # horizontal: above, then below, near its start
                x = ax + CLEAR * 2 if bx > ax else ax - CLEAR * 2 - w
                yield Rect(x, ay - CLEAR - h, w, h), lines
                yield Rect(x, ay + CLEAR, w, h), lines
            else:
                top = min(ay, by) + CLEAR
                yield Rect(ax + CLEAR, top, w, h), lines
                yield Rect(ax - CLEAR - w, top, w, h), lines


def size(lines: tuple[str, ...]) -> tuple[float, float]:
    return block_width(lines, LABEL_SIZE) + 2 * PAD, len(lines) * LABEL_SIZE * LEADING + 2 * PAD


def segment_rect(a: Point, b: Point, thickness: float) -> Rect:
    x, y = min(a[0], b[0]) - thickness, min(a[1], b[1]) - thickness
    return Rect(x, y, abs(a[0] - b[0]) + 2 * thickness, abs(a[1] - b[1]) + 2 * thickness)


def collisions(
    rect: Rect, nodes: Sequence[Node], segments: list[Rect], placed: list[Rect], canvas: Rect
) -> int:
    """How many things the label would hit (0: a free place)."""
    if rect.x < canvas.x or rect.right > canvas.right or rect.y < canvas.y or rect.bottom > canvas.bottom:
        return 100
    grown = Rect(rect.x - 2, rect.y - 2, rect.w + 4, rect.h + 4)
    return (
        10 * sum(node.hits(grown) for node in nodes)
        + sum(rect.overlaps(segment) for segment in segments)
        + 10 * sum(grown.overlaps(other) for other in placed)
    )
