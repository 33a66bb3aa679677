"""The print version of swimlane diagrams: bands cut between rows, each step drawn once."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qinglian.core.corpus import Corpus
from qinglian.core.model import Procedure
from qinglian.render.diagram import Layout, layout, render_svg, render_svg_pages

from .conftest import SVG, Roles, procedure, procedures


def windows_of(bands: list[str]) -> list[tuple[float, float]]:
    """Each band's window on the drawing, from its nested `<svg>`'s viewBox."""
    found = []
    for band in bands:
        inner = ET.fromstring(band).find(f"{SVG}svg")
        assert inner is not None
        _, top, _, height = (float(v) for v in (inner.get("viewBox") or "").split())
        found.append((top, round(top + height, 1)))
    return found


def assert_decisions_kept(geometry: Layout, cuts: list[float]) -> None:
    """No cut between a decision and the label of any of its branches."""
    diamonds = {node.step_id: node.rect for node in geometry.nodes if node.shape == "diamond"}
    for edge in geometry.edges:
        if edge.source in diamonds and edge.label:
            top, bottom = diamonds[edge.source].bottom, edge.label.rect.bottom
            assert not [cut for cut in cuts if top < cut < bottom], (edge.source, edge.label.lines, cuts)


def assert_banded(corpus: Corpus, proc: Procedure, max_height_px: float) -> list[str]:
    """Bands cover the drawing, cut only between shapes and labels, and draw each step once."""
    bands = render_svg_pages(corpus, proc, max_height_px=max_height_px)
    geometry = layout(corpus, proc)
    windows = windows_of(bands)
    assert windows[0][0] == 0 and windows[-1][1] >= geometry.height
    assert all(a[1] == b[0] for a, b in pairwise(windows)), windows  # no gap, no overlap
    shapes = [node.bounds for node in geometry.nodes] + [e.label.rect for e in geometry.edges if e.label]
    for _, cut in windows[:-1]:
        assert not [r for r in shapes if r.y - 1 < cut < r.bottom + 1], (proc.id, cut)
    assert_decisions_kept(geometry, [cut for _, cut in windows[:-1]])
    for step in proc.steps:
        assert sum(band.count(f'data-step="{step.id}"') for band in bands) == 1, (proc.id, step.id)
    if len(bands) > 1:  # one row alone may be taller than the limit; the fixtures' rows are not
        assert all(float(ET.fromstring(b).get("height") or 0) <= max_height_px for b in bands), proc.id
    return bands


@pytest.mark.parametrize("max_height_px", [400, 650, 10_000])
def test_bands_cover_the_drawing_and_cut_between_rows(diagram_corpus: Corpus, max_height_px: float) -> None:
    for proc in diagram_corpus.procedures:
        assert_banded(diagram_corpus, proc, max_height_px)


def test_default_diagrams_band_cleanly(default_corpus: Corpus) -> None:
    for proc in default_corpus.procedures:
        assert_banded(default_corpus, proc, 600)


def test_continuation_bands_repeat_the_header_and_the_legend_comes_last(diagram_corpus: Corpus) -> None:
    proc = procedure(diagram_corpus, "long-chain")
    bands = render_svg_pages(diagram_corpus, proc, max_height_px=700, first_height_px=600)
    assert len(bands) >= 5
    assert float(ET.fromstring(bands[0]).get("height") or 0) <= 600
    lanes = [diagram_corpus.get(role).name for role in proc.lanes]
    for i, band in enumerate(bands):
        root = ET.fromstring(band)
        texts = "".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
        assert all(name in texts for name in lanes), i
        assert ("（续）" in texts) == (i > 0)
        assert ("流转方向" in texts) == (i == len(bands) - 1)  # the legend
        assert "<a " not in band and " id=" not in band
    assert render_svg_pages(diagram_corpus, proc, max_height_px=700, first_height_px=600) == bands


def test_a_short_diagram_is_one_band_showing_the_whole_drawing(diagram_corpus: Corpus) -> None:
    proc = procedure(diagram_corpus, "rectify-loop")
    [band] = render_svg_pages(diagram_corpus, proc, max_height_px=10_000)
    whole = ET.fromstring(render_svg(diagram_corpus, proc, link_steps=False))
    root = ET.fromstring(band)
    assert (root.get("width"), root.get("height")) == (whole.get("width"), whole.get("height"))
    assert windows_of([band]) == [(0.0, float(whole.get("height") or 0))]


@settings(max_examples=int(os.environ.get("DIAGRAM_EXAMPLES", "60")) // 2, deadline=None)
@given(procedures(), st.integers(150, 900))
def test_any_procedure_bands_cleanly(proc: Procedure, max_height_px: int) -> None:
    bands = render_svg_pages(Roles(), proc, max_height_px=max_height_px)  # type: ignore[arg-type]
    windows = windows_of(bands)
    geometry = layout(Roles(), proc)  # type: ignore[arg-type]
    assert windows[0][0] == 0 and all(a[1] == b[0] for a, b in pairwise(windows))
    shapes = [node.bounds for node in geometry.nodes] + [e.label.rect for e in geometry.edges if e.label]
    assert not [(cut, r) for _, cut in windows[:-1] for r in shapes if r.y < cut < r.bottom]
    assert_decisions_kept(geometry, [cut for _, cut in windows[:-1]])
    for step in proc.steps:
        assert sum(band.count(f'data-step="{step.id}"') for band in bands) == 1
