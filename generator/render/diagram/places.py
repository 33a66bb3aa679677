"""Where each step sits in its row: the slots of its box and, for a joint step, of its markers.

A step of several actors (a joint step) must show in every actor's lane. When those lanes are
adjacent it is one box spanning them; otherwise it is a box in its first actor's lane and a
marker in each other actor's lane, joined by a dashed line. Either way the step takes every
slot between its leftmost and rightmost lane in its row, so that no other shape lies under its
box or its line. In one row a lane holds, left to right: the joint step arriving from the left
(at most one), the steps of that lane alone, the joint step leaving to the right (at most one).
Steps that do not fit their row that way move one row down, with every step after them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from qinglian.core.model import Procedure, Step


@dataclass(frozen=True)
class Place:
    """A step's slots in its row."""

    box: tuple[int, int]  # first and last slot of its box (or diamond)
    claim: tuple[int, int]  # first and last slot it takes: box, markers and the line joining them
    markers: tuple[int, ...] = ()  # slots of the markers in the other actors' lanes

    @property
    def spans(self) -> bool:
        return self.box[0] != self.box[1]


def lane_range(procedure: Procedure, step: Step) -> tuple[int, int]:
    """The leftmost and rightmost lane (index) of the step's actors."""
    lanes = [procedure.lanes.index(actor) for actor in step.actors]
    return min(lanes), max(lanes)


def adjacent(procedure: Procedure, step: Step) -> bool:
    """Whether the actors' lanes are side by side (one lane included), so one box can span them."""
    lo, hi = lane_range(procedure, step)
    return {procedure.lanes.index(actor) for actor in step.actors} == set(range(lo, hi + 1))


def fit(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether steps over the lane ranges `a` and `b` can share a row."""
    if a[1] < b[0] or b[1] < a[0] or (a[0] == a[1] and b[0] == b[1]):
        return True  # apart, or both in one lane: side by side
    if a[0] == a[1]:
        return a[0] == b[0] or a[0] == b[1]  # a lone step beside a joint step, in one of its end lanes
    if b[0] == b[1]:
        return b[0] == a[0] or b[0] == a[1]
    return a[1] == b[0] or b[1] == a[0]  # two joint steps meeting in one lane


def settle(procedure: Procedure, rank: dict[str, int], back: set[tuple[str, str]]) -> dict[str, int]:
    """Ranks with every row's steps fitting together; rows top down, earlier steps stay put."""
    rank = dict(rank)
    ranges = {step.id: lane_range(procedure, step) for step in procedure.steps}
    if all(lo == hi for lo, hi in ranges.values()):
        return rank
    steps = {step.id: step for step in procedure.steps}
    row = 0
    while row <= max(rank.values()):
        kept: list[str] = []
        for step in procedure.steps:
            if rank[step.id] != row:
                continue
            if all(fit(ranges[step.id], ranges[other]) for other in kept):
                kept.append(step.id)
            else:
                push(steps, back, rank, step.id, row + 1)
        row += 1
    used = sorted(set(rank.values()))  # no empty rows
    return {step_id: used.index(r) for step_id, r in rank.items()}


def push(steps: dict[str, Step], back: set[tuple[str, str]], rank: dict[str, int], step_id: str, row: int) -> None:
    """Moves a step down to `row` and its successors (over forward edges) below it."""
    rank[step_id] = row
    todo = [step_id]
    while todo:
        current = todo.pop()
        for target in steps[current].targets:
            if (current, target) not in back and target in rank and rank[target] <= rank[current]:
                rank[target] = rank[current] + 1
                todo.append(target)


def places(procedure: Procedure, rank: dict[str, int]) -> tuple[dict[str, Place], list[tuple[int, int]]]:
    """Each step's place, and the first and last slot of each lane."""
    ranges = {step.id: lane_range(procedure, step) for step in procedure.steps}
    lanes = range(len(procedure.lanes))
    alone: dict[tuple[int, int], list[str]] = defaultdict(list)  # (lane, row) -> its one-lane steps
    arriving: set[tuple[int, int]] = set()  # (lane, row) where a joint step ends coming from the left
    leaving: set[tuple[int, int]] = set()
    for step in procedure.steps:
        (lo, hi), row = ranges[step.id], rank[step.id]
        if lo == hi:
            alone[lo, row].append(step.id)
        else:
            leaving.add((lo, row))
            arriving.add((hi, row))
    count = [1] * len(lanes)
    for lane, row in alone.keys() | arriving | leaving:
        needed = len(alone[lane, row]) + ((lane, row) in arriving) + ((lane, row) in leaving)
        count[lane] = max(count[lane], needed)
    lane_slots: list[tuple[int, int]] = []
    for lane in lanes:
        first = lane_slots[-1][1] + 1 if lane_slots else 0
        lane_slots.append((first, first + count[lane] - 1))
    found: dict[str, Place] = {}
    for (lane, row), ids in alone.items():
        first = lane_slots[lane][0] + ((lane, row) in arriving)
        for i, step_id in enumerate(ids):
            found[step_id] = Place((first + i, first + i), (first + i, first + i))
    for step in procedure.steps:
        lo, hi = ranges[step.id]
        if lo != hi:
            found[step.id] = joint_place(procedure, step, (lo, hi), lane_slots)
    return found, lane_slots


def joint_place(procedure: Procedure, step: Step, lanes: tuple[int, int], lane_slots: list[tuple[int, int]]) -> Place:
    """From the last slot of the leftmost lane to the first slot of the rightmost one."""
    claim = (lane_slots[lanes[0]][1], lane_slots[lanes[1]][0])
    if adjacent(procedure, step):
        return Place(claim, claim)

    def slot(lane: int) -> int:
        return claim[0] if lane == lanes[0] else lane_slots[lane][0]

    indexes = list(dict.fromkeys(procedure.lanes.index(actor) for actor in step.actors))
    box = slot(indexes[0])
    return Place((box, box), claim, tuple(sorted(slot(lane) for lane in indexes[1:])))
