"""The Markdown tables and the target verdicts of a benchmarks/results.json.

    python benchmarks/report.py [results.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

PHASES = ("imports", "read_corpus", "handbook_data", "fonts", "typst")  # handbook_phases.py, in order


def cell(stats: dict[str, Any]) -> str:
    """median (min–max) in seconds; "failed" for a command that failed."""
    if "median" not in stats:
        return "failed"
    return f"{stats['median']:.2f} ({stats['min']:.2f}–{stats['max']:.2f})"


def ratio(size: dict[str, Any], top: str, bottom: str) -> float:
    """Ratio of the medians; NaN when either command failed."""
    if "median" not in size[top] or "median" not in size[bottom]:
        return float("nan")
    return float(size[top]["median"] / size[bottom]["median"])


def share(size: dict[str, Any], phase: str) -> float:
    """The fraction of the handbook's time (phase by phase run) spent in `phase`."""
    phases = size["phases"]
    return float(phases[phase] / sum(phases[key] for key in PHASES))


def times_table(sizes: dict[str, Any]) -> list[str]:
    lines = [
        "| indicators | (a) parse floor | (b) check | (b)/(a) | (c) site build | (d) plain MkDocs | (c)/(d) "
        "| (e) handbook | (f) diff 1% |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, size in sizes.items():
        handbook = f"{cell(size['handbook'])}, {size['phases']['pages']:.0f} pp." if "pages" in size.get("phases", {}) else "—"
        lines.append(
            f"| {int(name):,} | {cell(size['floor'])} | {cell(size['check'])} | {ratio(size, 'check', 'floor'):.2f} "
            f"| {cell(size['build'])} | {cell(size['baseline'])} | {ratio(size, 'build', 'baseline'):.2f} "
            f"| {handbook} | {cell(size['diff'])} |"
        )
    return lines


def output_table(sizes: dict[str, Any]) -> list[str]:
    lines = [
        "| indicators | YAML | peak RSS check / build / MkDocs | HTML pages | site (plain MkDocs) "
        "| search index | bytes per page | handbook: imports + read + data + fonts + Typst |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, size in sizes.items():
        out = size["outputs"]
        rss = " / ".join(f"{size[key].get('rss_mb', float('nan')):.0f}" for key in ("check", "build", "baseline"))
        phases = " + ".join(f"{size['phases'][key]:.2f}" for key in PHASES) + " s" if "pages" in size.get("phases", {}) else "—"
        lines.append(
            f"| {int(name):,} | {out['yaml_mb']:.1f} MB | {rss} MB | {out['pages']:,} "
            f"| {out['site_mb']:.0f} MB ({out['baseline_site_mb']:.0f} MB) | {out['search_index_mb']:.1f} MB "
            f"| {out['page_kb']:.0f} kB | {phases} |"
        )
    return lines


def verdicts(sizes: dict[str, Any]) -> list[str]:
    """Each target of issue 10 that these sizes can decide: measured value and whether it holds."""
    found: list[tuple[str, str, bool]] = []
    ten, fifty = sizes.get("10000"), sizes.get("50000")
    if ten:
        value = ratio(ten, "check", "floor")
        found.append(("check ≤ 3× parse floor at 10k", f"{value:.2f}×", value <= 3))
        value = ratio(ten, "build", "baseline")
        found.append(("site build ≤ 1.3× plain MkDocs at 10k", f"{value:.2f}×", value <= 1.3))
        value = ten["build"].get("median", float("nan"))
        found.append(("site build at 10k < 14 s", f"{value:.1f} s", value < 14))
    if ten and fifty:
        value = ratio_between(fifty, ten, "build")
        found.append(("build 50k ≤ 5.5× build 10k", f"{value:.2f}×", value <= 5.5))
    if fifty:
        value = fifty["build"].get("rss_mb", float("nan"))
        found.append(("build 50k peak memory ≤ 3 GB", f"{value:.0f} MB", value <= 3072))
    for name, size in sizes.items():
        if "pages" not in size.get("phases", {}) or "median" not in size["handbook"]:
            continue
        value, data, read = size["handbook"]["median"], share(size, "handbook_data"), share(size, "read_corpus")
        label = f"200-page handbook < 5 s, data preparation ≤ 30% (corpus of {int(name):,})"
        text = f"{value:.1f} s; handbook data {data:.0%}, reading the corpus {read:.0%}"
        found.append((label, text, value < 5 and data <= 0.3))
    return [f"- {'✅' if ok else '❌'} {label}: {value}" for label, value, ok in found]


def serve_verdict(serve: dict[str, Any] | None) -> list[str]:
    if not serve or "error" in serve:
        return ["- ❌ qinglian serve rebuild: the measurement failed"] if serve else []
    value, built = serve["median_waited"], serve["median_built"]
    text = f"{value:.1f} s from saving to reload (MkDocs build {built:.1f} s; first build {serve['first_build']:.1f} s)"
    return [f"- {'✅' if value < 2 else '❌'} qinglian serve rebuild after editing one YAML file (aim < 2 s): {text}"]


def ratio_between(big: dict[str, Any], small: dict[str, Any], command: str) -> float:
    if "median" not in big[command] or "median" not in small[command]:
        return float("nan")
    return float(big[command]["median"] / small[command]["median"])


def markdown(results: dict[str, Any]) -> str:
    machine = results["machine"]
    head = (
        f"{machine['cores']} cores, {machine['processor']}, Python {machine['python']}, "
        f"MkDocs Material {machine['mkdocs_material']}, {machine['platform']}; "
        f"{results['reps']} repetitions, seconds as median (min–max); whole run {results['total_seconds'] / 60:.1f} min."
    )
    sizes = results["sizes"]
    return "\n".join([head, "", *times_table(sizes), "", *output_table(sizes), "", *verdicts(sizes), *serve_verdict(results.get("serve"))])


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "results.json"
    print(markdown(json.loads(path.read_text("utf-8"))))


if __name__ == "__main__":
    main()
