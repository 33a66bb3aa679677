"""The swimlane layout of a procedure: grid (rows, lanes, text sizes), then routed arrows."""

from __future__ import annotations

from qinglian.core.corpus import Corpus
from qinglian.core.model import Procedure
from qinglian.render.diagram.geometry import Layout
from qinglian.render.diagram.grid import make_grid
from qinglian.render.diagram.route import route


def layout(corpus: Corpus, procedure: Procedure) -> Layout:
    """The swimlane diagram's geometry; deterministic."""
    return route(corpus, make_grid(procedure))
