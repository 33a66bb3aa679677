"""The Markdown tables and the target verdicts of a benchmarks/results.json.

    python benchmarks/report.py [results.json]
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

PHASES = ("imports", "read_corpus", "handbook_data", "fonts", "typst")  # handbook_phases.py, in order
GB = 1024  # MB, as ru_maxrss counts them
RSS_50K_MB = 2.74 * GB  # the build's peak at 50k before issue 18 (README)


def cell(stats: dict[str, Any] | None) -> str:
    """median (min–max) in seconds; "failed" for a command that failed, "—" for one not run."""
    if not stats or "skipped" in stats:
        return "—"
    if "median" not in stats:
        return "failed"
    return f"{stats['median']:.2f} ({stats['min']:.2f}–{stats['max']:.2f})"


def median(size: dict[str, Any], command: str) -> float:
    """The command's median; NaN when it failed or did not run."""
    return float(size.get(command, {}).get("median", math.nan))


def ratio(size: dict[str, Any], top: str, bottom: str) -> float:
    """Ratio of the medians; NaN when either command failed or did not run."""
    return median(size, top) / median(size, bottom)


def number(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.2f}"


def share(size: dict[str, Any], phase: str) -> float:
    """The fraction of the handbook's time (phase by phase run) spent in `phase`."""
    phases = size["phases"]
    return float(phases[phase] / sum(phases[key] for key in PHASES))


def site_table(sizes: dict[str, Any], previous: str) -> list[str]:
    """The site build beside the previous release, plain MkDocs and Doorstop, with the ratios."""
    lines = [
        f"| indicators | (c) site build | (p) previous {previous} | (c)/(p) | (d) plain MkDocs | (c)/(d) "
        "| (g) Doorstop | (c)/(g) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, size in sizes.items():
        lines.append(
            f"| {int(name):,} | {cell(size.get('build'))} "
            f"| {cell(size.get('previous'))} | {number(ratio(size, 'build', 'previous'))} "
            f"| {cell(size.get('baseline'))} | {number(ratio(size, 'build', 'baseline'))} "
            f"| {cell(size.get('doorstop'))} | {number(ratio(size, 'build', 'doorstop'))} |"
        )
    return lines + notes(sizes)


def notes(sizes: dict[str, Any]) -> list[str]:
    """One line per command not run at some size, saying why."""
    found: dict[str, list[str]] = {}
    for name, size in sizes.items():
        for command, stats in size.items():
            if isinstance(stats, dict) and "skipped" in stats:
                found.setdefault(f"{command}: {stats['skipped']}", []).append(f"{int(name):,}")
    return ["", *(f"— at {', '.join(at)}: {reason}" for reason, at in found.items())] if found else []


def tools_table(sizes: dict[str, Any]) -> list[str]:
    lines = [
        "| indicators | (a) parse floor | (b) check | (b)/(a) | (e) handbook | (f) diff 1% |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for name, size in sizes.items():
        handbook = f"{cell(size['handbook'])}, {size['phases']['pages']:.0f} pp." if "pages" in size.get("phases", {}) else "—"
        lines.append(
            f"| {int(name):,} | {cell(size['floor'])} | {cell(size['check'])} | {number(ratio(size, 'check', 'floor'))} "
            f"| {handbook} | {cell(size['diff'])} |"
        )
    return lines


def output_table(sizes: dict[str, Any]) -> list[str]:
    lines = [
        "| indicators | YAML | CPU s build / previous / MkDocs / Doorstop "
        "| peak RSS check / build / previous / MkDocs / Doorstop | HTML pages (previous) "
        "| Doorstop items | site (plain MkDocs; Doorstop) | search index | bytes per page "
        "| handbook: imports + read + data + fonts + Typst |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, size in sizes.items():
        out = size["outputs"]
        cpu = " / ".join(measured(size, key, "cpu_seconds", ".1f") for key in ("build", "previous", "baseline", "doorstop"))
        rss = " / ".join(measured(size, key, "rss_mb", ".0f") for key in ("check", "build", "previous", "baseline", "doorstop"))
        phases = " + ".join(f"{size['phases'][key]:.2f}" for key in PHASES) + " s" if "pages" in size.get("phases", {}) else "—"
        lines.append(
            f"| {int(name):,} | {out['yaml_mb']:.1f} MB | {cpu} | {rss} MB | {out['pages']:,} ({out.get('previous_pages', 0):,}) "
            f"| {out.get('doorstop_items', 0):,} "
            f"| {out['site_mb']:.0f} MB ({out['baseline_site_mb']:.0f} MB; {out.get('doorstop_site_mb', 0):.0f} MB) "
            f"| {out['search_index_mb']:.1f} MB | {out['page_kb']:.0f} kB | {phases} |"
        )
    return lines


def measured(size: dict[str, Any], command: str, key: str, spec: str) -> str:
    """A command's `key` (e.g. its peak RSS) formatted by `spec`; "—" when it was not measured."""
    value = float(size.get(command, {}).get(key, math.nan))
    return "—" if math.isnan(value) else format(value, spec)


def verdicts(sizes: dict[str, Any], previous: str) -> list[str]:
    """Each target of issues 10 and 18 that these sizes can decide: measured value and whether it
    holds; targets whose measurements are missing are left out."""
    found: list[tuple[str, float, str, bool]] = []
    ten, fifty = sizes.get("10000"), sizes.get("50000")
    if ten:
        value = ratio(ten, "build", "previous")
        found.append((f"issue 18: site build at 10k ≤ 0.5× the previous release ({previous})", value, f"{value:.2f}×", value <= 0.5))
        value = ratio(ten, "build", "doorstop")
        found.append(("issue 18 (aim): site build at 10k faster than Doorstop", value, f"{value:.2f}×", value < 1))
    if fifty:
        value = fifty.get("build", {}).get("rss_mb", math.nan)
        found.append(("issue 18: build 50k peak memory ≤ 2.74 GB", value, f"{value / GB:.2f} GB", value <= RSS_50K_MB))
    found += same_counts(sizes)
    if ten:
        value = ratio(ten, "check", "floor")
        found.append(("issue 10: check ≤ 3× parse floor at 10k", value, f"{value:.2f}×", value <= 3))
        value = ratio(ten, "build", "baseline")
        found.append(("issue 10: site build ≤ 1.3× plain MkDocs at 10k", value, f"{value:.2f}×", value <= 1.3))
    if ten and fifty:
        value = median(fifty, "build") / median(ten, "build")
        found.append(("issue 10: build 50k ≤ 5.5× build 10k", value, f"{value:.2f}×", value <= 5.5))
    found += handbooks(sizes)
    return [f"- {'✅' if ok else '❌'} {label}: {text}" for label, value, text, ok in found if not math.isnan(value)]


def same_counts(sizes: dict[str, Any]) -> list[tuple[str, float, str, bool]]:
    """The site's page count against the previous release's, Doorstop's items against the
    indicators: at every size where both were measured."""
    found = []
    for name, size in sizes.items():
        out, label = size["outputs"], f"{int(name):,}"
        if "median" in size.get("previous", {}) and "median" in size.get("build", {}):
            text = f"{out['pages']:,} pages, previous {out['previous_pages']:,}"
            found.append((f"issue 18: page count unchanged at {label}", 0.0, text, out["pages"] == out["previous_pages"]))
        if "median" in size.get("doorstop", {}):
            text = f"{out['doorstop_items']:,} items"
            found.append((f"Doorstop published one item per indicator at {label}", 0.0, text, out["doorstop_items"] == int(name)))
    return found


def handbooks(sizes: dict[str, Any]) -> list[tuple[str, float, str, bool]]:
    found = []
    for name, size in sizes.items():
        if "pages" not in size.get("phases", {}) or "median" not in size["handbook"]:
            continue
        value, data, read = size["handbook"]["median"], share(size, "handbook_data"), share(size, "read_corpus")
        label = f"issue 10: 200-page handbook < 5 s, data preparation ≤ 30% (corpus of {int(name):,})"
        text = f"{value:.1f} s; handbook data {data:.0%}, reading the corpus {read:.0%}"
        found.append((label, value, text, value < 5 and data <= 0.3))
    return found


def serve_verdict(serve: dict[str, Any] | None) -> list[str]:
    if not serve or "error" in serve:
        return ["- ❌ qinglian serve rebuild: the measurement failed"] if serve else []
    value, built = serve["median_waited"], serve["median_built"]
    text = f"{value:.1f} s from saving to reload (MkDocs build {built:.1f} s; first build {serve['first_build']:.1f} s)"
    return [f"- {'✅' if value < 2 else '❌'} qinglian serve rebuild after editing one YAML file (aim < 2 s): {text}"]


def markdown(results: dict[str, Any]) -> str:
    machine, rivals = results["machine"], results.get("rivals", {})
    previous = rivals.get("previous", "")
    head = (
        f"{machine['cores']} cores, {machine['processor']}, Python {machine['python']}, "
        f"MkDocs Material {machine['mkdocs_material']}, {rivals.get('doorstop', 'no Doorstop')}, {machine['platform']}; "
        f"{results['reps']} repetitions, seconds as median (min–max); whole run {results['total_seconds'] / 60:.1f} min."
    )
    sizes = results["sizes"]
    return "\n".join([
        head, "", *site_table(sizes, previous), "", *tools_table(sizes), "", *output_table(sizes), "",
        *verdicts(sizes, previous), *serve_verdict(results.get("serve")),
    ])


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "results.json"
    print(markdown(json.loads(path.read_text("utf-8"))))


if __name__ == "__main__":
    main()
