"""How long `qinglian assess summary` takes for many answer sheets: prints one JSON object of
phase durations in seconds, wall clock and CPU.

    python benchmarks/summary.py [COUNT]   (default 1000; half JSON, half xlsx; run from the repository)

Writes COUNT answer sheets of the v2 fixture standard (tests/fixtures/v2) into a temporary folder
with the tests' seeded generator (a quarter of the units also have a 复评), then times the same
calls as the command: reading the files and summarising; writing the xlsx and the HTML; writing all
three with the PDF. `command` is what `qinglian assess summary` does: the first and the last phase.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    from qinglian.assessment.form import assessment_form
    from qinglian.core.pipeline import read_corpus
    from qinglian.render.handbook.fonts import discover
    from qinglian.render.settings import FontConfig
    from qinglian.render.summary_outputs import build_summary, write_summary

    from tests.answer_sheets import valid_sheets, write_all

    project = ROOT / "tests" / "fixtures" / "v2"
    corpus = read_corpus(project)
    form = assessment_form(next(u for u in corpus.units if u.id == "village-index"))
    units = count * 4 // 5
    sheets = valid_sheets(form, units, count - units, seed=random.Random(1).randint(0, 99))
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers"
        write_all(answers, form, sheets, {})
        marks = {"start": (time.perf_counter(), time.process_time())}
        summary = build_summary(corpus, "village-index", [answers])
        marks["read_and_summarise"] = (time.perf_counter(), time.process_time())
        write_summary(summary, Path(folder) / "out", None)
        marks["xlsx_and_html"] = (time.perf_counter(), time.process_time())
        fonts = discover(FontConfig(), project)
        write_summary(summary, Path(folder) / "out", fonts)
        marks["xlsx_html_and_pdf"] = (time.perf_counter(), time.process_time())
    # Wall clock and this process's CPU time (Typst runs in it; other processes' load does not count).
    names = list(marks)
    phases = {
        name: {"wall": round(marks[name][0] - marks[before][0], 3), "cpu": round(marks[name][1] - marks[before][1], 3)}
        for before, name in zip(names, names[1:], strict=False)
    }
    command = {key: round(phases["read_and_summarise"][key] + phases["xlsx_html_and_pdf"][key], 3) for key in ("wall", "cpu")}
    print(json.dumps({"sheets": len(sheets), "xlsx_files": sum(s.file.endswith(".xlsx") for s in sheets),
                      **phases, "command": command}, ensure_ascii=False))


if __name__ == "__main__":
    main()
