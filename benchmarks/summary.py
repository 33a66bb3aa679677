"""How long `qinglian assess summary` takes for many answer sheets: prints one JSON object of
phase durations in seconds (wall clock) and the CPU seconds of the whole run.

    python benchmarks/summary.py [COUNT]   (default 1000; half JSON, half xlsx; run from the repository)

Writes COUNT answer sheets of the v2 fixture standard (tests/fixtures/v2) into a temporary folder
with the tests' seeded generator (a quarter of the units also have a 复评), then times the same
calls as the command: reading the files, summarising, and writing the xlsx, the HTML and the PDF.
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
        cpu = time.process_time()
        marks = {"start": time.perf_counter()}
        summary = build_summary(corpus, "village-index", [answers])
        marks["read_and_summarise"] = time.perf_counter()
        write_summary(summary, Path(folder) / "out", None)
        marks["xlsx_and_html"] = time.perf_counter()
        fonts = discover(FontConfig(), project)
        write_summary(summary, Path(folder) / "out", fonts)
        marks["xlsx_html_and_pdf"] = time.perf_counter()
        cpu = time.process_time() - cpu  # this process only: Typst runs in it, other helpers' load does not count
    phases = {
        "read_and_summarise": round(marks["read_and_summarise"] - marks["start"], 3),
        "xlsx_and_html": round(marks["xlsx_and_html"] - marks["read_and_summarise"], 3),
        "xlsx_html_and_pdf": round(marks["xlsx_html_and_pdf"] - marks["xlsx_and_html"], 3),
    }
    total = phases["read_and_summarise"] + phases["xlsx_html_and_pdf"]
    print(json.dumps({"sheets": len(sheets), "xlsx_files": sum(s.file.endswith(".xlsx") for s in sheets),
                      **phases, "command_total": round(total, 3), "cpu_seconds_all_phases": round(cpu, 3)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
