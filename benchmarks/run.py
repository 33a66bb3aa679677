"""Benchmarks: our commands against the YAML parse floor and a plain MkDocs build of the same text.

    python benchmarks/run.py [--sizes 1000 10000 50000] [--reps 3] [--reuse]

For each size, generates a corpus (benchmarks/make_corpus.py, with its plain-Markdown baseline and
a variant differing in 1% of the indicators) under benchmarks/out/, then runs every command once
per repetition, one after the other, so that a busy machine slows both sides of a ratio alike:
  floor     a Python process that loads every YAML file with yaml.CSafeLoader and nothing else
  check     qinglian check
  build     qinglian build (the site; PDF handbooks off, they are measured by `handbook`)
  baseline  mkdocs build of the same pages written as plain Markdown (no qinglian plugin)
  handbook  qinglian handbook of the ~200-page bench handbook, end to end
  phases    the same handbook, timed phase by phase (benchmarks/handbook_phases.py)
  diff      qinglian diff between the corpus and its 1% variant
Each time is wall-clock of the child process; memory is its peak RSS (os.wait4). Results go to
benchmarks/results.json with the machine; a Markdown table is printed (see report.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
HANDBOOK = "bench-handbook"
VARIANT = 7  # --variant seed of the diff corpus
FLOOR = (
    "import pathlib, sys, yaml\n"
    "for path in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)\n"
)
SITES = {"build": "site", "baseline": "base_site"}  # command -> its output folder
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

sys.path.insert(0, str(HERE))
import report  # noqa: E402


def run(argv: list[str], cwd: Path | None = None) -> dict[str, float]:
    """Runs `argv` to completion: {"seconds": wall clock, "rss_mb": peak RSS}; exits on failure."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            sys.exit(f"failed ({child.returncode}): {' '.join(argv)}\n{errors.read().decode('utf-8', 'replace')[-3000:]}")
    return {"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024}


def capture(argv: list[str]) -> str:
    return subprocess.run(argv, env=ENV, check=True, capture_output=True, text=True).stdout


def prepare(size: int, reuse: bool) -> dict[str, Path]:
    """The corpus, its baseline and its variant for `size`; generated unless `reuse` finds them."""
    paths = {"project": OUT / f"corpus-{size}", "variant": OUT / f"corpus-{size}-variant"}
    paths["baseline"] = paths["project"] / "baseline"
    paths["site"], paths["base_site"] = OUT / f"site-{size}", OUT / f"baseline-site-{size}"
    paths["pdf"] = OUT / f"handbook-{size}.pdf"
    if reuse and (paths["baseline"] / "mkdocs.yml").is_file() and paths["variant"].is_dir():
        return paths
    for folder in (paths["project"], paths["variant"]):
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    maker = [sys.executable, str(HERE / "make_corpus.py"), str(size)]
    subprocess.run([*maker, str(paths["project"]), "--baseline"], env=ENV, check=True, capture_output=True)
    subprocess.run([*maker, str(paths["variant"]), "--variant", str(VARIANT)], env=ENV, check=True)
    print(f"  generated {size} indicators and the baseline in {time.perf_counter() - started:.1f} s", flush=True)
    return paths


def commands(paths: dict[str, Path]) -> dict[str, list[str]]:
    project = str(paths["project"])
    return {
        "floor": [sys.executable, "-c", FLOOR, str(paths["project"] / "standards")],
        "check": [str(BIN / "qinglian"), "check", project],
        "build": [str(BIN / "qinglian"), "build", project, "-o", str(paths["site"])],
        "baseline": [str(BIN / "mkdocs"), "build", "-q", "-f", str(paths["baseline"] / "mkdocs.yml"), "-d", str(paths["base_site"])],
        "handbook": [str(BIN / "qinglian"), "handbook", HANDBOOK, project, "-o", str(paths["pdf"])],
        "phases": [sys.executable, str(HERE / "handbook_phases.py"), project, HANDBOOK],
        "diff": [str(BIN / "qinglian"), "diff", project, str(paths["variant"]), "--project", project],
    }


def tree_bytes(folder: Path) -> tuple[int, int]:
    """(total bytes, number of HTML pages) under `folder`."""
    total = pages = 0
    for path in folder.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            pages += path.suffix == ".html"
    return total, pages


def outputs(paths: dict[str, Path]) -> dict[str, float]:
    site, pages = tree_bytes(paths["site"])
    base, _ = tree_bytes(paths["base_site"])
    return {
        "site_mb": site / 1e6,
        "baseline_site_mb": base / 1e6,
        "pages": pages,
        "search_index_mb": (paths["site"] / "search" / "search_index.json").stat().st_size / 1e6,
        "page_kb": site / pages / 1e3,
        "pdf_mb": paths["pdf"].stat().st_size / 1e6,
        "yaml_mb": sum(p.stat().st_size for p in (paths["project"] / "standards").rglob("*.yaml")) / 1e6,
    }


def summary(samples: list[dict[str, float]]) -> dict[str, object]:
    times = [s["seconds"] for s in samples]
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "times": times,
        "rss_mb": max(s["rss_mb"] for s in samples),
    }


def bench_size(size: int, reps: int, reuse: bool) -> dict[str, object]:
    print(f"{size} indicators:", flush=True)
    paths = prepare(size, reuse)
    argvs = commands(paths)
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in argvs}
    phases: list[dict[str, float]] = []
    for rep in range(reps):
        for name, argv in argvs.items():
            if name in SITES:  # each build starts from nothing, as a fresh `mkdocs build` would
                shutil.rmtree(paths[SITES[name]], ignore_errors=True)
            if name == "phases":
                started = time.perf_counter()
                phases.append(json.loads(capture(argv)))
                samples[name].append({"seconds": time.perf_counter() - started, "rss_mb": 0.0})
            else:
                samples[name].append(run(argv))
            print(f"  rep {rep + 1}/{reps} {name:9} {samples[name][-1]['seconds']:7.2f} s", flush=True)
    result: dict[str, object] = {name: summary(s) for name, s in samples.items()}
    result["phases"] = {key: statistics.median(p[key] for p in phases) for key in phases[0]}
    result["outputs"] = outputs(paths)
    return result


def machine() -> dict[str, object]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "mkdocs_material": capture([sys.executable, "-c", "import material; print(material.__version__)"]).strip(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="reuse the corpora under benchmarks/out/")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    started = time.perf_counter()
    results = {"machine": machine(), "reps": args.reps, "sizes": {}}
    for size in args.sizes:
        results["sizes"][str(size)] = bench_size(size, args.reps, args.reuse)
    results["total_seconds"] = time.perf_counter() - started
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print()
    print(report.markdown(results))


if __name__ == "__main__":
    main()
