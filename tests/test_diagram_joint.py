"""Swimlane diagrams of v2 procedures: joint steps show in every actor's lane, a branch to several
steps draws every arrow (a fork with one label)."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from qinglian.core.corpus import Corpus
from qinglian.core.model import Procedure
from qinglian.core.pipeline import read_corpus
from qinglian.render.diagram import Layout, layout, render_svg, render_svg_pages
from qinglian.render.diagram.geometry import Lane, Rect

from .conftest import FIXTURES, SVG, Golden, Roles, procedure, procedures
from .test_diagram import assert_apart, assert_clean
from .test_diagram_pages import assert_banded


@pytest.fixture(scope="module")
def v2_corpus() -> Corpus:
    return read_corpus(FIXTURES / "v2")


def lane_of(geometry: Layout, rect: Rect) -> list[int]:
    """The lanes (indexes) that `rect` reaches into."""
    return [i for i, lane in enumerate(geometry.lanes) if rect.x < lane.x + lane.w and lane.x < rect.right]


def inside(rect: Rect, lane: Lane) -> bool:
    return lane.x < rect.x and rect.right < lane.x + lane.w


def assert_actors_shown(proc: Procedure, geometry: Layout) -> None:
    """Every actor's lane shows the step: its box reaches into exactly the lanes of its actors, or
    it sits in its first actor's lane with a marker wholly inside each other actor's lane."""
    for step in proc.steps:
        node = geometry.node(step.id)
        lanes = sorted({proc.lanes.index(actor) for actor in step.actors})
        if node.markers:
            assert inside(node.rect, geometry.lanes[proc.lanes.index(step.lane)]), step.id
            marked = [i for m in node.markers for i, lane in enumerate(geometry.lanes) if inside(m, lane)]
            assert sorted([node.lane, *marked]) == lanes, (step.id, marked)
            assert len(node.links) == len(node.markers), step.id
        else:
            assert lane_of(geometry, node.rect) == lanes, (step.id, lanes)


def inline(lanes: str, *steps: str) -> Procedure:
    """A procedure from lines "id actor[,actor] -> next[,next]" (a `?` before the targets: a
    decision, each target its own branch; targets joined by `+`: one branch to several steps)."""
    found = []
    for line in steps:
        head, _, tail = line.partition("->")
        step_id, actors = head.split()
        actor: object = actors.split(",") if "," in actors else actors
        step: dict[str, object] = {"id": step_id, "title": f"环节{step_id}", "actor": actor, "action": "做"}
        targets = tail.strip()
        if targets.startswith("?"):
            branches = [{"when": f"情形{i}", "next": t.split("+")} for i, t in enumerate(targets[1:].split(","))]
            step["decision"] = {"question": "如何办？", "branches": branches}
        elif targets:
            step["next"] = targets.split(",")
        found.append(step)
    data = {"id": "p", "title": "程序", "category": "类", "status": "draft", "summary": "概述"}
    return Procedure.model_validate({**data, "lanes": lanes.split(), "steps": found})


def laid_out(proc: Procedure) -> Layout:
    geometry = layout(Roles(), proc)  # type: ignore[arg-type]
    assert_clean(proc.id, geometry)
    assert_apart(proc.id, geometry)
    assert_actors_shown(proc, geometry)
    return geometry


def rows(geometry: Layout) -> dict[str, int]:
    return {node.step_id: node.row for node in geometry.nodes}


# --- the v2 fixture -----------------------------------------------------------------------------


def test_v2_fixture_lays_out_and_bands_cleanly(v2_corpus: Corpus) -> None:
    for proc in v2_corpus.procedures:
        geometry = layout(v2_corpus, proc)
        assert_clean(proc.id, geometry)
        assert_apart(proc.id, geometry)
        assert_actors_shown(proc, geometry)
        for height in (350, 500, 10_000):
            assert_banded(v2_corpus, proc, height)


def test_joint_step_over_adjacent_lanes_is_one_box(v2_corpus: Corpus) -> None:
    geometry = layout(v2_corpus, procedure(v2_corpus, "report-handling"))
    feedback = geometry.node("rh-feedback")  # 信访室 and 案件监督管理室, the first two lanes
    letters, case = geometry.lanes[0], geometry.lanes[1]
    assert letters.x < feedback.rect.x < case.x < feedback.rect.right < case.x + case.w
    assert feedback.markers == () and feedback.links == ()
    assert feedback.lines == ("第七步 反馈结果",)  # the step's own number, as printed in the original
    into = [edge.points[-1][0] for edge in geometry.edges if edge.target == "rh-feedback"]
    assert sorted(lane_of(geometry, Rect(x, 0, 0.1, 1))[0] for x in into) == [0, 1, 1]  # arrows enter both parts


def test_joint_step_over_lanes_apart_has_a_marker(v2_corpus: Corpus) -> None:
    geometry = layout(v2_corpus, procedure(v2_corpus, "report-handling"))
    assess = geometry.node("rh-assess")  # 信访室 and 监督检查室, the first and third lanes
    assert inside(assess.rect, geometry.lanes[0])
    [marker] = assess.markers
    assert inside(marker, geometry.lanes[2]) and assess.marker_lines == ("第二步 集体研判",)
    [((x0, y), (x1, y1))] = assess.links
    assert (x0, x1, y1) == (assess.rect.right, marker.x, y)
    assert assess.rect.y < y < assess.rect.y + assess.head and marker.y < y < marker.bottom
    beside = [n.step_id for n in geometry.nodes if n.row == assess.row and n is not assess]
    assert beside == []  # nothing in the lane between


def test_a_branch_to_two_steps_draws_two_arrows_with_one_label(v2_corpus: Corpus) -> None:
    geometry = layout(v2_corpus, procedure(v2_corpus, "report-handling"))
    edges = {edge.target: edge for edge in geometry.edges if edge.source == "rh-assess"}
    assert sorted(edges) == ["rh-close", "rh-notify", "rh-transfer", "rh-verify"]
    verify, notify = edges["rh-verify"], edges["rh-notify"]
    assert verify.points[0] == notify.points[0]  # one port: a fork
    labels = ["".join(e.label.lines) if e.label else None for e in (verify, notify)]
    assert sorted(labels, key=str) == [None, "需要核实"]
    assert ["".join(edges[t].label.lines) for t in ("rh-transfer", "rh-close")] == ["属于下级管辖", "反映不具体"]  # type: ignore[union-attr]
    [dot] = geometry.junctions
    assert dot[0] == verify.points[0][0] and dot[1] == min(verify.points[1][1], notify.points[1][1])


def test_joint_step_is_one_link_named_with_all_its_actors(v2_corpus: Corpus) -> None:
    proc = procedure(v2_corpus, "report-handling")
    root = ET.fromstring(render_svg(v2_corpus, proc))
    links = list(root.iter(f"{SVG}a"))
    assert [link.get("href") for link in links] == [f"#{step.id}" for step in proc.steps]
    assess = links[1]
    assert (assess.get("aria-label") or "").startswith("第二步 信访室、监督检查室：集体研判（时限一般为15个工作日")
    assert links[6].get("aria-label") == "第七步 信访室、案件监督管理室：反馈结果，然后转至第八步 了结归档。"
    texts = ["".join(text.itertext()) for text in assess.iter(f"{SVG}text")]
    assert texts.count("第二步 集体研判") == 2  # the box and the marker, in the one link
    dashed = [rect for rect in assess.iter(f"{SVG}rect") if rect.get("stroke-dasharray")]
    assert len(dashed) == 1 and len(root.findall(f".//{SVG}circle")) == 1  # the marker; the fork's dot
    legend = "".join("".join(t.itertext()) for t in root.iter(f"{SVG}text") if t.get("font-size") == "11")
    assert "跨泳道：共同承办" in legend and "虚线相连：共同承办" in legend


def test_print_bands_keep_markers_with_their_step(v2_corpus: Corpus) -> None:
    proc = procedure(v2_corpus, "report-handling")
    for height in range(200, 700, 50):
        bands = render_svg_pages(v2_corpus, proc, max_height_px=height)
        [band] = [band for band in bands if 'data-step="rh-assess"' in band]
        assert band.count(">2 集体研判</text>") == 0 and band.count("</tspan> 集体研判</text>") == 2


# --- small procedures -----------------------------------------------------------------------------


def test_lone_steps_share_a_row_with_a_joint_step_in_its_end_lanes() -> None:
    geometry = laid_out(inline("a b c", "s a -> j,x,y", "j a,b -> e", "x a -> e", "y b -> e", "e c ->"))
    assert rows(geometry) == {"s": 0, "j": 1, "x": 1, "y": 1, "e": 2}
    x, j, y = (geometry.node(step).rect for step in "xjy")
    assert x.right < j.x and j.right < y.x  # x left of j in lane a, y right of it in lane b


def test_a_step_in_a_lane_a_joint_step_crosses_moves_down() -> None:
    geometry = laid_out(inline("a b c", "s a -> j,m", "j a,c -> e", "m b -> e", "e b ->"))
    assert rows(geometry) == {"s": 0, "j": 1, "m": 2, "e": 3}  # j's line crosses lane b; its successor follows
    assert len(geometry.node("j").markers) == 1


def test_two_joint_steps_meet_in_one_lane_or_take_two_rows() -> None:
    geometry = laid_out(inline("a b c", "s a -> j,k", "j a,b -> e", "k b,c -> e", "e a ->"))
    assert rows(geometry)["j"] == rows(geometry)["k"] == 1
    geometry = laid_out(inline("a b c", "s a -> j,k", "j a,b -> e", "k b,a -> e", "e a ->"))
    assert sorted([rows(geometry)["j"], rows(geometry)["k"]]) == [1, 2]


def test_markers_on_both_sides_of_a_first_actor_in_the_middle() -> None:
    geometry = laid_out(inline("a b c d e", "s c -> j", "j c,a,e -> t", "t c ->"))
    node = geometry.node("j")
    assert node.lane == 2 and len(node.markers) == 2 and len(node.links) == 2
    [(left, _), (right, _)] = [sorted(link) for link in node.links]
    assert right[0] == node.rect.right and left[0] < node.rect.x


def test_three_adjacent_lanes_one_box_and_a_joint_decision() -> None:
    geometry = laid_out(inline("a b c", "s a -> d", "d a,b,c -> ?x,y+z", "x a ->", "y b ->", "z c ->"))
    decision = geometry.node("d")
    assert decision.shape == "diamond" and lane_of(geometry, decision.rect) == [0, 1, 2]
    starts = {edge.target: edge.points[0] for edge in geometry.edges}
    assert starts["y"] == starts["z"] != starts["x"]
    assert len([edge for edge in geometry.edges if edge.label]) == 2 and len(geometry.junctions) == 1


def test_a_fork_of_three() -> None:
    geometry = laid_out(inline("a b c", "s a -> ?x+y+z,e", "x a -> e", "y b -> e", "z c -> e", "e a ->"))
    fork = [edge for edge in geometry.edges if edge.source == "s" and edge.target != "e"]
    assert len({edge.points[0] for edge in fork}) == 1 and [bool(edge.label) for edge in fork].count(True) == 1


@settings(max_examples=int(os.environ.get("DIAGRAM_EXAMPLES", "60")), deadline=None)
@given(procedures())
def test_any_procedure_shows_every_actor(proc: Procedure) -> None:
    assert_actors_shown(proc, layout(Roles(), proc))  # type: ignore[arg-type]


def test_default_joint_steps_show_in_every_lane(default_corpus: Corpus) -> None:
    for proc in default_corpus.procedures:
        assert_actors_shown(proc, layout(default_corpus, proc))



def test_v2_svg_matches_golden(v2_corpus: Corpus, golden: Golden) -> None:
    golden("diagram/report-handling.svg", render_svg(v2_corpus, procedure(v2_corpus, "report-handling")))
