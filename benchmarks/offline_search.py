"""The offline edition's search at scale: index size and time to the first result from file://.

    python benchmarks/offline_search.py [--sizes 1000 10000] [--reps 3] [--reuse]

For each size, generates a corpus (make_corpus.py, under benchmarks/out/) and builds its offline
edition with `qinglian offline` (timed; no PDF handbooks, as in run.py) into
benchmarks/out/offline-SIZE.zip (`--reuse` keeps both), extracts the zip under a path with a space
and Chinese characters and opens index.html from file:// in Debian's Chromium (/usr/bin/chromium,
through Playwright), every request that is not for a local file blocked. Each repetition opens a
fresh browser context and types the query as soon as the search box exists: the search worker (in
an iframe, through the vendored shim) must load and parse the whole inlined index before it can
answer, so "from_open" (page opened -> first result shown) is what a user waits for; "from_key"
counts from the key press, "second_query" is a warm query in the same page. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
QUERIES = ("廉政风险防控", "问题线索处置")  # phrases the corpus generator writes everywhere
TIMEOUT_MS = 120_000


def corpus(size: int, reuse: bool) -> Path:
    project = OUT / f"corpus-{size}"
    if not (reuse and (project / "mkdocs.yml").is_file()):
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(size), str(project)], check=True)
    return project


def build(project: Path, target: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "qinglian"), "offline", str(project), "-o", str(target)], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def first_result(browser, index: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Seconds to the first result: from opening the page (the query typed as soon as the search
    box exists, as an impatient user does), from the key press alone, and for a second query."""
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    page = context.new_page()
    opened = time.perf_counter()
    page.goto(index.as_uri(), wait_until="domcontentloaded")
    times = {}
    for name, query in zip(("first", "second"), QUERIES, strict=True):
        search = page.locator("input.md-search__input")
        search.click()
        search.fill(query)
        pressed = time.perf_counter()
        search.press("End")  # Material searches on keyup
        page.locator(".md-search-result__item").first.wait_for(timeout=TIMEOUT_MS)
        now = time.perf_counter()
        if name == "first":
            times["from_open"], times["from_key"] = now - opened, now - pressed
        else:
            times["second_query"] = now - pressed
        search.fill("")
        search.press("End")
        page.locator(".md-search-result__item").first.wait_for(state="detached", timeout=TIMEOUT_MS)
    context.close()
    return times


def _summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 2), "min": round(min(values), 2), "max": round(max(values), 2)}


def bench(size: int, reps: int, reuse: bool, browser) -> dict[str, object]:  # type: ignore[no-untyped-def]
    project = corpus(size, reuse)
    archive = OUT / f"offline-{size}.zip"
    seconds = None if reuse and archive.is_file() else build(project, archive)
    with tempfile.TemporaryDirectory(prefix="qinglian-offline-bench-") as scratch:
        with zipfile.ZipFile(archive) as opened:
            opened.extractall(Path(scratch) / "离线 版")
        folder = Path(scratch) / "离线 版" / "qinglian-offline"
        index = folder / "search" / "search_index.js"
        docs = len(json.loads(index.read_text(encoding="utf-8").removeprefix("var __index = "))["docs"])
        sizes = {"zip_bytes": archive.stat().st_size, "index_bytes": index.stat().st_size, "index_docs": docs}
        samples = [first_result(browser, folder / "index.html") for _ in range(reps)]
    return {
        "indicators": size,
        "build_seconds": round(seconds, 1) if seconds is not None else None,
        **sizes,
        **{f"{name}_seconds": _summary([sample[name] for sample in samples]) for name in samples[0]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="reuse the corpora and zips under benchmarks/out/")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        results = [bench(size, args.reps, args.reuse, browser) for size in args.sizes]
        browser.close()
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
