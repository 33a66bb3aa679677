"""Procedure swimlane diagrams: a pure layout model (`layout`) drawn as SVG, one piece for the
site (`render_svg`) or cut into page-sized bands for print (`render_svg_pages`).

Modules: layout (geometry model), grid (rows, lanes, text in shapes), tracks and route
(orthogonal arrows), labels (arrow labels), text (measuring and wrapping), svg, pages.
"""

from qinglian.render.diagram.geometry import Layout
from qinglian.render.diagram.layout import layout
from qinglian.render.diagram.pages import band_windows, render_svg_pages
from qinglian.render.diagram.svg import describe, legend, render_svg

__all__ = ["Layout", "band_windows", "describe", "layout", "legend", "render_svg", "render_svg_pages"]
