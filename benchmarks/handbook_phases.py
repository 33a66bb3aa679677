"""Where a handbook's time goes: prints one JSON object of phase durations in seconds.

    python benchmarks/handbook_phases.py PROJECT HANDBOOK_ID

Runs the same calls as `qinglian handbook` (qinglian/cli.py), timed one by one: reading the
corpus (load, validate, resolve), preparing the handbook's data (`handbook_data`), finding the
fonts and typesetting with Typst (`compile_pdf`, which includes serialising the data to JSON).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    project, handbook_id = Path(sys.argv[1]), sys.argv[2]
    start = time.perf_counter()
    from qinglian.core.pipeline import read_corpus
    from qinglian.mkdocs.config import project_settings
    from qinglian.render.handbook.compile import compile_pdf, handbook_data, page_count
    from qinglian.render.handbook.fonts import discover

    marks = {"imports": time.perf_counter()}
    corpus = read_corpus(project)
    marks["read_corpus"] = time.perf_counter()
    settings = project_settings(project)
    data = handbook_data(corpus, handbook_id, settings)
    marks["handbook_data"] = time.perf_counter()
    fonts = discover(settings.fonts, settings.project_dir)
    marks["fonts"] = time.perf_counter()
    pdf = compile_pdf(data, fonts)
    marks["typst"] = time.perf_counter()
    phases, previous = {}, start
    for name, mark in marks.items():
        phases[name], previous = mark - previous, mark
    phases["pages"] = page_count(pdf)
    print(json.dumps(phases))


if __name__ == "__main__":
    main()
