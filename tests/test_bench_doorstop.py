"""The benchmark's Doorstop tree (benchmarks/doorstop_tree.py) and its report (benchmarks/report.py):
Doorstop gets one item per indicator carrying the indicator's text; the report compares the site
build with the previous release and Doorstop and says what was not run."""

from __future__ import annotations

import types
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> types.SimpleNamespace:
    """The benchmark scripts, importable by their flat names as run.py imports them."""
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    import doorstop_tree
    import make_corpus
    import report

    return types.SimpleNamespace(doorstop_tree=doorstop_tree, make_corpus=make_corpus, report=report)


def test_one_doorstop_item_per_indicator_with_its_text(tmp_path: Path, bench: types.SimpleNamespace) -> None:
    bench.make_corpus.generate(50, tmp_path)
    folder = bench.doorstop_tree.write_tree(tmp_path)
    document = folder / "indicators"
    config = yaml.safe_load((document / ".doorstop.yml").read_text("utf-8"))
    assert config["settings"] == {"digits": 5, "prefix": "IND", "sep": "-"}
    items = sorted(document.glob("IND-*.yml"))
    assert sorted(p.name for p in document.iterdir()) == [".doorstop.yml", *(item.name for item in items)]
    assert [item.name for item in items] == [f"IND-{n:05d}.yml" for n in range(1, 51)]
    units = [yaml.safe_load((tmp_path / "standards" / "units" / f"unit-{u}.yaml").read_text("utf-8")) for u in (0, 1)]
    indicators = [i for unit in units for dimension in unit["dimensions"] for i in dimension["indicators"]]
    for item, indicator in zip(items, indicators, strict=True):
        data = yaml.safe_load(item.read_text("utf-8"))
        assert data["header"] == indicator["title"]
        assert data["text"].startswith(indicator["requirement"] + "\n\n- 分值：4 分\n")
        assert "- 佐证材料：会议记录、工作台账\n" in data["text"]
        assert data["normative"] is True and data["active"] is True and data["links"] == []
    assert yaml.safe_load(items[26].read_text("utf-8"))["level"] == "2.1.2"


def _stats(seconds: float, rss: float = 100.0) -> dict[str, object]:
    return {"median": seconds, "min": seconds, "max": seconds, "times": [seconds], "rss_mb": rss}


def _size(indicators: int, build: float, **others: dict[str, object]) -> dict[str, object]:
    outputs = {"yaml_mb": 1.0, "site_mb": 10.0, "baseline_site_mb": 9.0, "doorstop_site_mb": 5.0, "pages": 420,
               "previous_pages": 420, "doorstop_items": indicators, "search_index_mb": 2.0, "page_kb": 20.0}
    return {"floor": _stats(1), "check": _stats(2), "diff": _stats(3), "handbook": {"skipped": "above 10k"},
            "build": _stats(build, 2000.0), "baseline": _stats(40), "outputs": outputs, **others}


def test_report_ratios_verdicts_and_what_was_not_run(bench: types.SimpleNamespace) -> None:
    sizes = {
        "10000": _size(10000, 40, previous=_stats(90), doorstop=_stats(50)),
        "50000": _size(50000, 200, previous={"skipped": "not run above 10,000 indicators (--previous-max)"},
                       doorstop=_stats(100)),
    }
    results = {"machine": {"cores": 2, "processor": "x86_64", "python": "3.11", "mkdocs_material": "9.8",
                           "platform": "Linux"}, "reps": 1, "total_seconds": 60.0, "sizes": sizes,
               "rivals": {"previous": "v0.2.0", "doorstop": "Doorstop v3.2"}}
    text = bench.report.markdown(results)
    assert "| 10,000 | 40.00 (40.00–40.00) | 90.00 (90.00–90.00) | 0.44 | 40.00 (40.00–40.00) | 1.00 " in text
    assert "| 50,000 | 200.00 (200.00–200.00) | — | — |" in text
    assert "— at 50,000: previous: not run above 10,000 indicators (--previous-max)" in text
    assert "- ✅ issue 18: site build at 10k ≤ 0.5× the previous release (v0.2.0): 0.44×" in text
    assert "- ✅ issue 18 (aim): site build at 10k faster than Doorstop: 0.80×" in text
    assert "- ✅ issue 18: build 50k peak memory ≤ 2.74 GB: 1.95 GB" in text
    assert "- ✅ Doorstop published one item per indicator at 50,000: 50,000 items" in text
    assert "page count unchanged at 50,000" not in text  # the previous release did not build it
