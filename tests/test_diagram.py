"""Swimlane diagrams: golden SVG, geometry of the layout model, accessibility and determinism."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from itertools import combinations, pairwise

import pytest
from hypothesis import given, settings
from qinglian.core.corpus import Corpus
from qinglian.core.model import Procedure
from qinglian.render.diagram import render_svg
from qinglian.render.diagram.geometry import BOX_PAD, Layout, Rect
from qinglian.render.diagram.labels import segment_rect
from qinglian.render.diagram.layout import layout
from qinglian.render.diagram.text import balanced, text_width, wrap

from .conftest import FIXTURES, ROOT, SVG, Golden, Roles, procedure, procedures


def all_layouts(corpus: Corpus) -> list[tuple[str, Layout]]:
    return [(p.id, layout(corpus, p)) for p in corpus.procedures]


# --- golden files -----------------------------------------------------------------------------


@pytest.mark.parametrize("procedure_id", ["rectify-loop", "long-chain"])
def test_svg_matches_golden(diagram_corpus: Corpus, procedure_id: str, golden: Golden) -> None:
    golden(f"diagram/{procedure_id}.svg", render_svg(diagram_corpus, procedure(diagram_corpus, procedure_id)))


def test_long_fixture_is_long(diagram_corpus: Corpus) -> None:
    long = procedure(diagram_corpus, "long-chain")
    assert len(long.steps) >= 30 and len(long.lanes) >= 6
    assert any(edge.back for edge in layout(diagram_corpus, long).edges)


# --- the default content ------------------------------------------------------------------------


def test_every_default_step_is_in_its_diagram(default_corpus: Corpus) -> None:
    assert default_corpus.procedures, "the default content has no procedures"
    for proc in default_corpus.procedures:
        svg = render_svg(default_corpus, proc)
        for step in proc.steps:
            assert f'data-step="{step.id}"' in svg, (proc.id, step.id)
            assert f'<a href="#{step.id}" aria-label="' in svg, (proc.id, step.id)


def test_default_layouts_are_clean(default_corpus: Corpus) -> None:
    for procedure_id, geometry in all_layouts(default_corpus):
        assert_clean(procedure_id, geometry)


# --- geometry from the layout model -----------------------------------------------------------


def assert_clean(name: str, geometry: Layout) -> None:
    nodes = {node.step_id: node for node in geometry.nodes}
    for a, b in combinations(geometry.nodes, 2):
        assert not [(r, q) for r in (a.rect, *a.markers) for q in (b.rect, *b.markers) if r.overlaps(q)], (name, a.step_id, b.step_id)
    for node in geometry.nodes:  # a joint step's dashed lines cross no other shape
        for a, b in node.links:
            hit = [n.step_id for n in geometry.nodes if n is not node and n.hits(shrink(segment_rect(a, b, 0.0)))]
            assert not hit, (name, node.step_id, hit)
    for edge in geometry.edges:
        points = edge.points
        source, target = nodes[edge.source], nodes[edge.target]
        (x0, y0), (x1, y1) = points[0], points[-1]
        assert source.rect.x < x0 < source.rect.right and abs(y0 - source.bottom_at(x0)) < 0.01, (name, edge.source)
        assert target.rect.x < x1 < target.rect.right and abs(y1 - target.top_at(x1)) < 0.01, (name, edge.target)
        assert y1 > points[-2][1], (name, edge.target, "enters from above")
        for (ax, ay), (bx, by) in pairwise(points):
            assert ax == bx or ay == by, (name, edge.source, edge.target, "orthogonal")
            inner = shrink(segment_rect((ax, ay), (bx, by), 0.0))
            hit = [node.step_id for node in geometry.nodes if node.hits(inner)]
            assert not hit, (name, edge.source, edge.target, hit)
    left, right = geometry.lanes[0].x, geometry.lanes[-1].x + geometry.lanes[-1].w
    for edge in geometry.edges:  # loops too stay inside the frame of the lanes
        assert all(left < x < right for x, _ in edge.points), (name, edge.source, edge.target)
    labels = [edge.label.rect for edge in geometry.edges if edge.label]
    assert all(left <= rect.x and rect.right <= right for rect in labels), name
    assert all(left < m.x and m.right < right for node in geometry.nodes for m in node.markers), name
    for a, b in combinations(labels, 2):
        assert not a.overlaps(b), (name, a, b)
    links = [segment_rect(a, b, 0.0) for node in geometry.nodes for a, b in node.links]
    for rect in labels:
        assert not [n.step_id for n in geometry.nodes if n.hits(rect)], (name, rect)
        assert not [link for link in links if link.overlaps(rect)], (name, rect)
        assert 0 <= rect.x and rect.right <= geometry.width and rect.bottom <= geometry.height


def shrink(rect: Rect) -> Rect:
    """The segment without its end points, thickened to a hair so that it can hit shapes."""
    if rect.w > rect.h:
        return Rect(rect.x + 0.5, rect.y - 0.1, rect.w - 1, rect.h + 0.2)
    return Rect(rect.x - 0.1, rect.y + 0.5, rect.w + 0.2, rect.h - 1)


def test_fixture_layouts_are_clean(diagram_corpus: Corpus) -> None:
    for procedure_id, geometry in all_layouts(diagram_corpus):
        assert_clean(procedure_id, geometry)


def test_no_two_segments_lie_on_top_of_each_other(diagram_corpus: Corpus) -> None:
    for procedure_id, geometry in all_layouts(diagram_corpus):
        assert_apart(procedure_id, geometry)


def assert_apart(name: str, geometry: Layout) -> None:
    """Arrows may cross, but no segment of one lies along a segment of another, except the stub
    that the arrows of a fork (a branch to several steps) share: their first segments."""
    segments = [(edge, i, segment) for edge in geometry.edges for i, segment in enumerate(pairwise(edge.points))]
    for (e1, i, a), (e2, j, b) in combinations(segments, 2):
        if e1 is not e2 and not (i == j == 0 and a[0] == b[0]):
            assert not collinear_overlap(a, b), (name, e1.source, e1.target, e2.source, e2.target)


def collinear_overlap(a, b) -> bool:  # type: ignore[no-untyped-def]
    (ax0, ay0), (ax1, ay1) = a
    (bx0, by0), (bx1, by1) = b
    if ax0 == ax1 == bx0 == bx1:
        return min(max(ay0, ay1), max(by0, by1)) - max(min(ay0, ay1), min(by0, by1)) > 0.5
    if ay0 == ay1 == by0 == by1:
        return min(max(ax0, ax1), max(bx0, bx1)) - max(min(ax0, ax1), min(bx0, bx1)) > 0.5
    return False


def test_steps_sit_in_their_lanes_and_flow_down(diagram_corpus: Corpus) -> None:
    long = procedure(diagram_corpus, "long-chain")
    geometry = layout(diagram_corpus, long)
    steps = {step.id: step for step in long.steps}
    for node in geometry.nodes:
        lane = geometry.lanes[long.lanes.index(steps[node.step_id].actor)]
        assert lane.x <= node.rect.x and node.rect.right <= lane.x + lane.w
    rows = {node.step_id: node.row for node in geometry.nodes}
    for edge in geometry.edges:
        assert (rows[edge.target] <= rows[edge.source]) == edge.back, (edge.source, edge.target)
    assert rows[long.steps[0].id] == 0


def test_loops_return_in_a_side_channel(diagram_corpus: Corpus) -> None:
    geometry = layout(diagram_corpus, procedure(diagram_corpus, "rectify-loop"))
    loop = next(edge for edge in geometry.edges if edge.back)
    assert (loop.source, loop.target) == ("rl-check", "rl-do")
    climb = [ax for (ax, ay), (bx, by) in pairwise(loop.points) if ax == bx and by < ay]
    assert len(climb) == 1
    boxes = [node.rect for node in geometry.nodes]
    assert climb[0] < min(r.x for r in boxes) or climb[0] > max(r.right for r in boxes)  # beside every column
    assert geometry.lanes[0].x < climb[0] < geometry.lanes[-1].x + geometry.lanes[-1].w  # inside the frame


def test_labels_show_branches_and_documents(diagram_corpus: Corpus) -> None:
    geometry = layout(diagram_corpus, procedure(diagram_corpus, "rectify-loop"))
    labels = {(e.source, e.target): "".join(e.label.lines) for e in geometry.edges if e.label}
    assert labels[("rl-check", "rl-close")] == "整改到位"
    assert labels[("rl-plan", "rl-do")] == "《整改方案》"
    plan = geometry.node("rl-plan")
    assert "时限：15个工作日内" in "".join(plan.meta)
    assert [node.shape for node in geometry.nodes if node.step_id == "rl-check"] == ["diamond"]


def test_text_fits_its_box(diagram_corpus: Corpus) -> None:
    for _, geometry in all_layouts(diagram_corpus):
        for node in geometry.nodes:
            room = node.rect.w - 2 * BOX_PAD if node.shape == "box" else node.rect.w
            assert all(text_width(line, 13) <= room for line in node.lines), node.step_id


# --- the SVG ------------------------------------------------------------------------------------


STEP_4 = "4. 市委巡察工作领导小组办公室：整改验收。判断：整改是否到位？整改到位，转至7. 销号归档；"


def test_svg_is_accessible_static_and_linked(diagram_corpus: Corpus) -> None:
    """Linked (the site): a group of links, each named by its step; the drawing hidden from readers."""
    proc = procedure(diagram_corpus, "rectify-loop")
    svg = render_svg(diagram_corpus, proc)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "group"  # an img may hold nothing focusable
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert root[0].tag == f"{SVG}title" and root[0].text == "巡察整改督办与验收：泳道图"
    desc = "共7个环节，参与主体：市委巡察工作领导小组办公室、被巡察单位党组织、市纪委监委、市委组织部。各环节链接到环节表中的对应行。"
    assert root[1].tag == f"{SVG}desc" and root[1].text == desc
    assert '"Noto Sans SC"' in (root.get("font-family") or "")
    assert "<script" not in svg and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<style" not in svg and " id=" not in svg  # the step table owns the step anchors
    texts = "".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))
    assert "市纪委监委" in texts and "销号归档" in texts
    links = list(root.iter(f"{SVG}a"))
    assert [link.get("href") for link in links] == [f"#{step.id}" for step in proc.steps]
    assert (links[3].get("aria-label") or "").startswith(STEP_4)
    for child in root[2:]:
        assert child.tag == f"{SVG}a" or child.get("aria-hidden") == "true", child.tag


def test_print_version_is_an_image_without_links(diagram_corpus: Corpus) -> None:
    proc = procedure(diagram_corpus, "rectify-loop")
    svg = render_svg(diagram_corpus, proc, link_steps=False)
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and "aria-" not in svg
    assert "<a " not in svg and "href" not in svg
    assert all(f'data-step="{step.id}"' in svg for step in proc.steps)
    desc = root[1].text or ""
    assert desc.startswith("共7个环节，参与主体：市委巡察工作领导小组办公室、") and STEP_4 in desc


def test_output_is_deterministic_across_processes(diagram_corpus: Corpus) -> None:
    here = render_svg(diagram_corpus, procedure(diagram_corpus, "long-chain"))
    assert render_svg(diagram_corpus, procedure(diagram_corpus, "long-chain")) == here
    script = (
        "import sys; from pathlib import Path; from qinglian.core.pipeline import read_corpus; "
        "from qinglian.render.diagram import render_svg; "
        f"c = read_corpus(Path({str(FIXTURES / 'diagram')!r})); "
        "sys.stdout.write(render_svg(c, c.get('long-chain')))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    command = [sys.executable, "-c", script]
    other = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    assert other.stdout == here


# --- text measuring -----------------------------------------------------------------------------


def test_cjk_is_full_width_and_latin_narrower() -> None:
    assert text_width("巡察办", 10) == 30
    assert text_width("abc12", 10) == pytest.approx(27.5)


def test_wrap_respects_width_and_punctuation() -> None:
    lines = wrap("未到位，退回重新整改", 11, 44)
    assert lines == ("未到位，", "退回重新", "整改")
    assert not any(line[0] in "，。？" for line in wrap("是否属于问题线索？是否移交？", 13, 52))
    assert wrap("Abc def", 10, 30) == ("Abc", "def")


def test_balanced_wrap_has_no_orphan() -> None:
    assert wrap("制定整改方案并报送备案", 13, 140) == ("制定整改方案并报送备", "案")
    assert balanced("制定整改方案并报送备案", 13, 140) == ("制定整改方案", "并报送备案")


# --- any procedure --------------------------------------------------------------------------------


@settings(max_examples=int(os.environ.get("DIAGRAM_EXAMPLES", "60")), deadline=None)
@given(procedures())
def test_any_procedure_lays_out_cleanly(proc: Procedure) -> None:
    geometry = layout(Roles(), proc)  # type: ignore[arg-type]
    assert_clean(proc.id, geometry)
    assert_apart(proc.id, geometry)
    assert {node.step_id for node in geometry.nodes} == {step.id for step in proc.steps}
