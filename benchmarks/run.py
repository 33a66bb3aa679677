"""Benchmarks: the site build against the previous release, plain MkDocs and Doorstop, and more.

The site build beside the previous release building the same corpus, a plain MkDocs build of the
same pages and Doorstop publishing the same indicators; our other commands against the YAML parse
floor.

    python benchmarks/run.py [--sizes 1000 10000 50000] [--reps 3] [--reuse]
                             [--previous v0.2.0|none] [--previous-max 10000] [--doorstop PATH]

For each size, generates a corpus (benchmarks/make_corpus.py, with its plain-Markdown baseline, its
Doorstop tree and a variant differing in 1% of the indicators) under benchmarks/out/, then runs
every command once per repetition, always in the same arrangement (STEPS): the site build and the
previous release's build start together, one per core, so that a busy machine slows both sides of
the ratio alike; then the plain-MkDocs baseline beside Doorstop, the parse floor, check and diff;
then the handbook beside its phases. Above --previous-max, where the previous release is not run,
the baseline, Doorstop and the quick commands run beside the site build (STEPS_WITHOUT_PREVIOUS):
  floor     a Python process that loads every YAML file with yaml.CSafeLoader and nothing else
  check     qinglian check
  build     qinglian build (the site; PDF handbooks off, they are measured by `handbook`)
  previous  qinglian build of the previous release (benchmarks/rivals.py), same corpus
  baseline  mkdocs build of the same pages written as plain Markdown (no qinglian plugin)
  doorstop  doorstop publish all (HTML) of the same indicators, one item each (doorstop_tree.py)
  handbook  qinglian handbook of the ~200-page bench handbook, end to end (sizes up to 10k only)
  phases    the same handbook, timed phase by phase (benchmarks/handbook_phases.py)
  diff      qinglian diff between the corpus and its 1% variant
and once, on the default content, the `qinglian serve` rebuild after an edit (serve_rebuild.py).
Each time is wall-clock of the child process; memory is its peak RSS, CPU its user + system time
(os.wait4). Results go to
benchmarks/results.json with the machine; a Markdown table is printed (see report.py).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
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
# command -> its output folder
SITES = {"build": "site", "previous": "previous_site", "baseline": "base_site", "doorstop": "doorstop_site"}
# One repetition: steps in order; the lanes of a step run side by side (one per core), the commands
# of a lane one after the other. The site build and the previous release's start together, so
# that they always share the machine's state; the quick commands fill Doorstop's lane while the
# baseline finishes (so the whole run fits in about 25 minutes on 2 cores).
STEPS = (
    (("build",), ("previous",)),
    (("baseline",), ("doorstop", "floor", "check", "diff")),
    (("handbook",), ("phases",)),
)
STEPS_WITHOUT_PREVIOUS = (
    (("build",), ("baseline", "doorstop", "floor", "check", "diff")),
    (("handbook",), ("phases",)),
)
HANDBOOK_MAX = 10000  # the 200-page handbook is measured up to this size; beyond, only reading grows
PREVIOUS = "v0.2.0"  # the release before issue 18's work
PREVIOUS_MAX = 10000  # two 50k builds side by side, 3 times, would take the run past 25 minutes
DOORSTOP = HERE.parent / ".venv-doorstop" / "bin" / "doorstop"  # installed by `make bench`
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

sys.path.insert(0, str(HERE))
import doorstop_tree  # noqa: E402
import report  # noqa: E402
import rivals as rival  # noqa: E402
from rivals import Rivals  # noqa: E402


def run(argv: list[str]) -> dict[str, float]:
    """Runs `argv` to completion: {"seconds": wall clock, "rss_mb": peak RSS, "cpu_seconds": user +
    system time} (os.wait4), or {"error": the end of its stderr} when it fails."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(argv, env=ENV, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            return {"error": f"exit {child.returncode}: " + errors.read().decode("utf-8", "replace")[-2000:]}
    return {"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024, "cpu_seconds": usage.ru_utime + usage.ru_stime}


def run_lanes(lanes: list[list[tuple[str, Callable[[], dict[str, float]]]]]) -> dict[str, dict[str, float]]:
    """Runs the lanes side by side, the jobs of each lane one after the other; {name: sample}."""
    results: dict[str, dict[str, float]] = {}

    def work(lane: list[tuple[str, Callable[[], dict[str, float]]]]) -> None:
        for name, job in lane:
            results[name] = job()

    threads = [threading.Thread(target=work, args=(lane,)) for lane in lanes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def measure_phases(argv: list[str], phases: list[dict[str, float]]) -> dict[str, float]:
    """Runs handbook_phases.py and appends its phases; a sample like `run`'s."""
    started = time.perf_counter()
    done = subprocess.run(argv, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": f"exit {done.returncode}: {done.stderr[-2000:]}"}
    phases.append(json.loads(done.stdout))
    return {"seconds": time.perf_counter() - started, "rss_mb": 0.0}


def capture(argv: list[str]) -> str:
    return subprocess.run(argv, env=ENV, check=True, capture_output=True, text=True).stdout


def prepare(size: int, reuse: bool) -> dict[str, Path]:
    """The corpus, its baseline, Doorstop tree and variant for `size`; generated unless `reuse`
    finds them."""
    paths = {"project": OUT / f"corpus-{size}", "variant": OUT / f"corpus-{size}-variant"}
    paths["baseline"] = paths["project"] / "baseline"
    paths["doorstop"] = paths["project"] / doorstop_tree.FOLDER
    paths["site"], paths["base_site"] = OUT / f"site-{size}", OUT / f"baseline-site-{size}"
    paths["previous_site"], paths["doorstop_site"] = OUT / f"previous-site-{size}", OUT / f"doorstop-site-{size}"
    paths["pdf"] = OUT / f"handbook-{size}.pdf"
    made = (paths["baseline"] / "mkdocs.yml").is_file() and paths["doorstop"].is_dir()
    if reuse and made and paths["variant"].is_dir():
        return paths
    for folder in (paths["project"], paths["variant"]):
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    maker = [sys.executable, str(HERE / "make_corpus.py"), str(size)]
    made = run_lanes([
        [("project", lambda: run([*maker, str(paths["project"]), "--baseline", "--doorstop"]))],
        [("variant", lambda: run([*maker, str(paths["variant"]), "--variant", str(VARIANT)]))],
    ])
    if any("error" in sample for sample in made.values()):
        sys.exit("make_corpus.py failed:\n" + "\n".join(sample.get("error", "") for sample in made.values()))
    elapsed = time.perf_counter() - started
    print(f"  generated {size} indicators, the baseline and the Doorstop tree in {elapsed:.1f} s", flush=True)
    return paths


def commands(paths: dict[str, Path], size: int, rivals: Rivals) -> dict[str, list[str]]:
    """The commands measured at `size`: without the handbook above HANDBOOK_MAX, without what
    `rivals` does not run."""
    project = str(paths["project"])
    argvs = {
        "floor": [sys.executable, "-c", FLOOR, str(paths["project"] / "standards")],
        "check": [str(BIN / "qinglian"), "check", project],
        "build": [str(BIN / "qinglian"), "build", project, "-o", str(paths["site"])],
        "baseline": [str(BIN / "mkdocs"), "build", "-q", "-f", str(paths["baseline"] / "mkdocs.yml"), "-d", str(paths["base_site"])],
        "handbook": [str(BIN / "qinglian"), "handbook", HANDBOOK, project, "-o", str(paths["pdf"])],
        "phases": [sys.executable, str(HERE / "handbook_phases.py"), project, HANDBOOK],
        "diff": [str(BIN / "qinglian"), "diff", project, str(paths["variant"]), "--project", project],
    }
    if size > HANDBOOK_MAX:
        del argvs["handbook"], argvs["phases"]
    return {**argvs, **rival.commands(rivals, paths, size)}


def tree_bytes(folder: Path) -> tuple[int, int]:
    """(total bytes, number of HTML pages) under `folder`."""
    total = pages = 0
    for path in folder.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            pages += path.suffix == ".html"
    return total, pages


def outputs(paths: dict[str, Path], pdf: bool) -> dict[str, float]:
    """Sizes of what the last repetition wrote; 0 for what a failed or skipped command did not write."""
    site, pages = tree_bytes(paths["site"]) if paths["site"].is_dir() else (0, 0)
    base, _ = tree_bytes(paths["base_site"]) if paths["base_site"].is_dir() else (0, 0)
    _, previous_pages = tree_bytes(paths["previous_site"]) if paths["previous_site"].is_dir() else (0, 0)
    doorstop, _ = tree_bytes(paths["doorstop_site"]) if paths["doorstop_site"].is_dir() else (0, 0)
    index = paths["site"] / "search" / "search_index.json"
    return {
        "site_mb": site / 1e6,
        "baseline_site_mb": base / 1e6,
        "doorstop_site_mb": doorstop / 1e6,
        "doorstop_items": rival.doorstop_items(paths["doorstop_site"]),
        "pages": pages,
        "previous_pages": previous_pages,
        "search_index_mb": index.stat().st_size / 1e6 if index.is_file() else 0.0,
        "page_kb": site / max(pages, 1) / 1e3,
        "pdf_mb": paths["pdf"].stat().st_size / 1e6 if pdf and paths["pdf"].is_file() else 0.0,
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
        "cpu_seconds": statistics.median(s.get("cpu_seconds", math.nan) for s in samples),
    }


def bench_size(size: int, reps: int, reuse: bool, rivals: Rivals) -> dict[str, object]:
    print(f"{size} indicators:", flush=True)
    paths = prepare(size, reuse)
    argvs = commands(paths, size, rivals)
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in argvs}
    failed: dict[str, str] = {}  # command -> its error; a failed command is not run again
    phases: list[dict[str, float]] = []
    def job(name: str) -> Callable[[], dict[str, float]]:
        def measure() -> dict[str, float]:
            if name in SITES:  # each build starts from nothing, as a fresh `mkdocs build` would
                shutil.rmtree(paths[SITES[name]], ignore_errors=True)
            return measure_phases(argvs[name], phases) if name == "phases" else run(argvs[name])

        return measure

    for rep in range(reps):
        for step in STEPS if "previous" in argvs else STEPS_WITHOUT_PREVIOUS:
            lanes = [[(name, job(name)) for name in lane if name in argvs and name not in failed] for lane in step]
            measured = run_lanes([lane for lane in lanes if lane])
            for name in (name for lane in lanes for name, _ in lane):
                sample = measured[name]
                if "error" in sample:
                    failed[name] = sample["error"]
                    print(f"  rep {rep + 1}/{reps} {name:9} FAILED, skipped from now on:\n{sample['error']}", flush=True)
                    continue
                samples[name].append(sample)
                print(f"  rep {rep + 1}/{reps} {name:9} {sample['seconds']:7.2f} s", flush=True)
    result: dict[str, object] = {name: summary(s) for name, s in samples.items() if s}
    result.update({name: {"error": error} for name, error in failed.items()})
    result.update(rival.skipped(rivals, size))
    if phases:
        result["phases"] = {key: statistics.median(p[key] for p in phases) for key in phases[0]}
    result["outputs"] = outputs(paths, size <= HANDBOOK_MAX)
    return result


def machine() -> dict[str, object]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "mkdocs_material": capture([sys.executable, "-c", "import material; print(material.__version__)"]).strip(),
    }


def save(results: dict[str, object], started: float) -> None:
    results["total_seconds"] = time.perf_counter() - started
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="reuse the corpora under benchmarks/out/")
    parser.add_argument("--previous", default=PREVIOUS, help=f"release to compare with (default {PREVIOUS}), or none")
    parser.add_argument("--previous-max", type=int, default=PREVIOUS_MAX, help="largest size it is run at")
    parser.add_argument("--doorstop", type=Path, default=DOORSTOP, help="the doorstop executable")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    started = time.perf_counter()
    rivals = rival.setup(args.previous, args.previous_max, args.doorstop)
    results = {"machine": machine(), "reps": args.reps, "rivals": rival.describe(rivals), "sizes": {}}
    for size in args.sizes:
        results["sizes"][str(size)] = bench_size(size, args.reps, args.reuse, rivals)
        save(results, started)  # after each size, so that an interrupted run keeps what it measured
    print("qinglian serve, default content:", flush=True)
    try:
        results["serve"] = json.loads(capture([sys.executable, str(HERE / "serve_rebuild.py")]))
    except subprocess.CalledProcessError as error:
        results["serve"] = {"error": error.stderr[-2000:]}
    save(results, started)
    print()
    print(report.markdown(results))


if __name__ == "__main__":
    main()
