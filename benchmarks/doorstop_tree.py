"""A benchmark corpus's indicators as a Doorstop document tree, for `doorstop publish all`.

    write_tree(PROJECT)  ->  PROJECT/doorstop/indicators/{.doorstop.yml, IND-00001.yml, ...}

One document (prefix IND) with one item per indicator, in the corpus's order: the item's header is
the indicator's title, its level unit.dimension.indicator, its text the requirement followed by a
Markdown list of what our indicator pages show beside it (points, scoring, evidence, methods,
responsible roles, frequency), so that Doorstop renders the same text. One document rather than one
per unit: Doorstop's documents are levels of a requirement hierarchy, and `publish all` writes a
traceability matrix with a column per document. The benchmark passes the tree's folder as
`doorstop -j`, so no version-control folder is needed.
"""

from __future__ import annotations

from pathlib import Path

import yaml

FOLDER = "doorstop"
PREFIX = "IND"
PERIODS = {"year": "年", "half-year": "半年", "quarter": "季度", "month": "月"}


def item_text(indicator: dict, roles: dict[str, str]) -> str:  # type: ignore[type-arg]
    """The indicator's requirement and details as the Markdown text of a Doorstop item."""
    lines = [
        f"- 分值：{indicator['points']} 分",
        f"- 评分方法：{indicator['scoring']}",
        f"- 佐证材料：{'、'.join(indicator['evidence'])}",
        f"- 检查方式：{'、'.join(indicator['methods'])}",
        f"- 责任主体：{'、'.join(roles[role] for role in indicator['responsible'])}",
    ]
    if "frequency" in indicator:
        frequency = indicator["frequency"]
        lines.append(f"- 频次：每{PERIODS[frequency['per']]}至少 {frequency['min']} 次")
    return indicator["requirement"] + "\n\n" + "\n".join(lines) + "\n"


def load(path: Path) -> object:
    return yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def units(standards: Path) -> list[dict]:  # type: ignore[type-arg]
    """The corpus's units in the order make_corpus numbered them (unit-0, unit-1, ...)."""
    paths = sorted((standards / "units").glob("unit-*.yaml"), key=lambda p: int(p.stem.split("-")[1]))
    return [load(path) for path in paths]  # type: ignore[misc]


def write_tree(project: Path) -> Path:
    """PROJECT/doorstop/: the corpus's indicators as one Doorstop document; returns the folder."""
    standards = project / "standards"
    roles = {role["id"]: role["name"] for role in load(standards / "roles.yaml")}  # type: ignore[attr-defined]
    indicators = [
        (f"{u + 1}.{d + 1}.{i + 1}", indicator)
        for u, unit in enumerate(units(standards))
        for d, dimension in enumerate(unit["dimensions"])
        for i, indicator in enumerate(dimension["indicators"])
    ]
    digits = max(5, len(str(len(indicators))))
    document = project / FOLDER / "indicators"
    document.mkdir(parents=True, exist_ok=True)
    config = {
        "settings": {"digits": digits, "prefix": PREFIX, "sep": "-"},
        "attributes": {"defaults": {"doc": {"name": "清廉单元标准指标", "title": "基准测试标准库的全部指标"}}},
    }
    dump(document / ".doorstop.yml", config)
    for number, (level, indicator) in enumerate(indicators, start=1):
        item = {
            "active": True,
            "derived": False,
            "header": indicator["title"],
            "level": level,
            "links": [],
            "normative": True,
            "ref": "",
            "reviewed": None,
            "text": item_text(indicator, roles),
        }
        dump(document / f"{PREFIX}-{number:0{digits}d}.yml", item)
    return project / FOLDER


class _Dumper(yaml.CSafeDumper):
    """Multi-line text as a literal block, the way Doorstop writes its items."""


def _text(dumper: yaml.CSafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def dump(path: Path, data: object) -> None:
    text = yaml.dump(data, allow_unicode=True, sort_keys=True, width=1000, Dumper=_Dumper)
    path.write_text(text, encoding="utf-8")
