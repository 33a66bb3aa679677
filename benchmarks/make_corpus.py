"""Generate a valid corpus of a given number of indicators, for benchmarks.

    python benchmarks/make_corpus.py SIZE OUTDIR [--seed N] [--variant K] [--baseline] [--doorstop]

Writes OUTDIR/standards/ in the content contract: units of 5 dimensions x 5 indicators, about one
checklist task per 3 indicators, one procedure per 50 indicators (8-30 steps, 3-7 lanes), 60 roles,
200 terms and a few handbooks. Text is varied Chinese of 60-200 characters per requirement, built
from phrase banks with a seeded generator so that the same arguments give the same bytes.
`--variant K` changes about 1% of the indicator requirements (for benchmarking `qinglian diff`).

OUTDIR also gets a mkdocs.yml derived from the repository's (see `site_config`) and a
content/index.md, so that `qinglian build OUTDIR` builds it. `--baseline` then writes
OUTDIR/baseline/: the same site as plain files (our generated Markdown and assets, written out as
if by hand) with the same mkdocs.yml minus the qinglian plugin, for a plain `mkdocs build`.
`--doorstop` writes OUTDIR/doorstop/: the same indicators as a Doorstop document tree, one item
each (see `doorstop_tree`), for `doorstop publish all`.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import doorstop_tree
import site_config
import yaml

INDEX_PAGE = """# 基准测试标准库

本标准库由 benchmarks/make_corpus.py 生成，用于测量网站和手册的生成时间。

- [清廉单元标准](units/index.md)
- [责任清单](checklists/index.md)
- [联动程序](procedures/index.md)
- [我的责任](roles/index.md)
"""
BASELINE = "baseline"

DIMENSIONS, INDICATORS = 5, 5
SUBJECTS = ["党组织", "领导班子", "纪检组织", "主要负责人", "班子成员", "职能部门", "基层支部", "监督专员"]
VERBS = ["专题研究", "督促落实", "定期检查", "建立台账", "组织开展", "跟踪问效", "公开公示", "集体决策", "逐项整改"]
OBJECTS = ["党风廉政建设工作", "廉政风险防控", "三重一大事项", "财务收支管理", "工程项目审批", "物资采购流程",
           "干部选拔任用", "信访举报办理", "作风建设问题", "廉洁文化活动", "警示教育", "问题线索处置"]
DETAILS = ["形成会议纪要并存档备查", "明确责任人和完成时限", "对发现的问题建立清单、逐项销号", "结果在单位内部公开",
           "每半年向上级党组织报告一次", "纳入年度考核并与评优挂钩", "对落实不力的约谈提醒", "留存影像和签字材料",
           "结合典型案例开展以案促改", "邀请群众代表参与监督评议"]
PERIODS = ["year", "half-year", "quarter", "month"]
LANE_COUNT = (3, 7)
HANDBOOK_UNITS, HANDBOOK_CHECKLISTS, HANDBOOK_PROCEDURES = 16, 3, 4
STEP_COUNT = (8, 30)


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}，{rng.choice(DETAILS)}"


def paragraph(rng: random.Random, low: int = 60, high: int = 200) -> str:
    target = rng.randint(low, high)
    text = sentence(rng)
    while len(text) < target:
        text += "；" + sentence(rng)
    return text[:high].rstrip("；，") + "。"


def make_roles(count: int) -> list[dict]:
    return [{"id": f"role-{i}", "name": f"第{i}责任主体", "group": f"第{i % 6 + 1}组"} for i in range(count)]


def make_terms(rng: random.Random, count: int) -> list[dict]:
    terms = []
    for i in range(count):
        term = {"id": f"term-{i}", "term": f"术语{i}号{rng.choice(OBJECTS)[:4]}", "definition": paragraph(rng, 30, 80)}
        term["related"] = [f"term-{(i + 1) % count}"]
        terms.append(term)
    return terms


def make_unit(rng: random.Random, number: int, roles: int, changed: set[str]) -> dict:
    unit_id = f"unit-{number}"
    dimensions = []
    for d in range(DIMENSIONS):
        indicators = []
        for i in range(INDICATORS):
            indicator_id = f"{unit_id}-d{d}-i{i}"
            indicator = {
                "id": indicator_id,
                "title": f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}",
                "requirement": paragraph(rng) + ("（本版修订）" if indicator_id in changed else ""),
                "points": 4,
                "scoring": "每少1次扣1分；无记录不得分",
                "evidence": ["会议记录", "工作台账"],
                "methods": ["查阅资料"],
                "responsible": [f"role-{rng.randrange(roles)}"],
                "terms": [f"term-{rng.randrange(200)}"],
            }
            if rng.random() < 0.5:
                indicator["frequency"] = {"min": rng.randint(1, 4), "per": rng.choice(PERIODS)}
            indicators.append(indicator)
        dimensions.append({"id": f"{unit_id}-d{d}", "title": f"第{d + 1}项一级指标", "points": 20, "indicators": indicators})
    return {
        "id": unit_id,
        "title": f"第{number}号清廉单元建设标准",
        "unit_type": rng.choice(["机关", "学校", "医院", "国企", "村(社区)"]),
        "edition": "2026 试行",
        "status": "illustrative",
        "summary": paragraph(rng, 40, 100),
        "sources": ["bench-source"],
        "scoring": {"total": 100, "levels": [{"name": "示范", "min": 90}, {"name": "达标", "min": 80}], "bonus_cap": 5},
        "veto": [{"id": f"{unit_id}-veto", "text": "近两年内领导班子成员被立案审查调查"}],
        "bonus": [{"id": f"{unit_id}-bonus", "text": "经验做法被上级推广", "points": 3}],
        "dimensions": dimensions,
    }


def make_checklist(rng: random.Random, number: int, indicator_ids: list[str], roles: int) -> dict:
    checklist_id = f"list-{number}"
    aspects = []
    for a, responsibility in enumerate(["subject", "supervision", "first", "dual"]):
        tasks = []
        for t, indicator_id in enumerate(indicator_ids[a::4]):
            task = {
                "id": f"{checklist_id}-a{a}-t{t}",
                "what": f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}",
                "lead": [f"role-{rng.randrange(roles)}"],
                "how": paragraph(rng, 40, 120),
                "indicators": [indicator_id],
            }
            if rng.random() < 0.5:
                task["frequency"] = {"min": rng.randint(1, 4), "per": rng.choice(PERIODS)}
            tasks.append(task)
        if tasks:
            aspects.append({"id": f"{checklist_id}-a{a}", "title": f"第{a + 1}方面责任", "responsibility": responsibility, "tasks": tasks})
    return {"id": checklist_id, "title": f"第{number}号责任清单", "status": "illustrative", "holder": "某单位党组织",
            "summary": paragraph(rng, 40, 100), "aspects": aspects}


def make_procedure(rng: random.Random, number: int, roles: int) -> dict:
    procedure_id = f"proc-{number}"
    lanes = rng.sample([f"role-{i}" for i in range(roles)], rng.randint(*LANE_COUNT))
    count = rng.randint(*STEP_COUNT)
    steps = []
    for s in range(count):
        step = {"id": f"{procedure_id}-s{s}", "title": f"{rng.choice(VERBS)}", "actor": lanes[s % len(lanes)],
                "action": paragraph(rng, 30, 90)}
        if s + 2 < count and rng.random() < 0.2:
            step["decision"] = {"question": "是否符合条件？", "branches": [
                {"when": "符合", "next": f"{procedure_id}-s{s + 1}"}, {"when": "不符合", "next": f"{procedure_id}-s{s + 2}"}]}
        elif s + 1 < count:
            step["next"] = [f"{procedure_id}-s{s + 1}"]
        steps.append(step)
    return {"id": procedure_id, "title": f"第{number}号联动程序", "category": "纪巡联动", "status": "illustrative",
            "summary": paragraph(rng, 40, 100), "lanes": lanes, "steps": steps}


def write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, allow_unicode=True, sort_keys=False, width=1000, Dumper=yaml.CSafeDumper), encoding="utf-8")


def generate(size: int, out: Path, seed: int = 1, variant: int = 0) -> None:
    rng = random.Random(seed)
    roles, units = 60, max(1, size // (DIMENSIONS * INDICATORS))
    all_indicators = [f"unit-{u}-d{d}-i{i}" for u in range(units) for d in range(DIMENSIONS) for i in range(INDICATORS)]
    changed = set(random.Random(variant).sample(all_indicators, max(1, len(all_indicators) // 100))) if variant else set()
    standards = out / "standards"
    write(standards / "roles.yaml", make_roles(roles))
    write(standards / "glossary.yaml", make_terms(rng, 200))
    write(standards / "sources.yaml", [{"id": "bench-source", "title": "基准测试用示例依据", "kind": "local-document"}])
    for u in range(units):
        write(standards / "units" / f"unit-{u}.yaml", make_unit(rng, u, roles, changed))
    per_list = 120  # indicators covered by one checklist: one task per 3 indicators
    starts = range(0, len(all_indicators), per_list)
    checklists = len(starts)
    for c, start in enumerate(starts):
        covered = all_indicators[start : start + per_list : 3]
        write(standards / "checklists" / f"list-{c}.yaml", make_checklist(rng, c, covered, roles))
    procedures = max(1, size // 50)
    for p in range(procedures):
        write(standards / "procedures" / f"proc-{p}.yaml", make_procedure(rng, p, roles))
    # About 200 A4 pages: HANDBOOK_UNITS units with their self-assessment sheets, checklists, procedures.
    handbooks = [{"id": "bench-handbook", "title": "基准测试手册", "audience": "培训讲师",
                  "units": [f"unit-{u}" for u in range(min(units, HANDBOOK_UNITS))],
                  "checklists": [f"list-{c}" for c in range(min(checklists, HANDBOOK_CHECKLISTS))],
                  "procedures": [f"proc-{p}" for p in range(min(procedures, HANDBOOK_PROCEDURES))],
                  "glossary": True, "self_assessment": True}]
    write(standards / "handbooks.yaml", handbooks)
    (out / "mkdocs.yml").write_text(site_config.project_config((site_config.REPO / "mkdocs.yml").read_text("utf-8")), "utf-8")
    (out / "content").mkdir(exist_ok=True)
    (out / "content" / "index.md").write_text(INDEX_PAGE, "utf-8")


def write_baseline(project: Path) -> Path:
    """PROJECT/baseline/: the site our plugin would build, as plain files; returns its folder.

    The pages are our own generated pages as Markdown files (a page rendered as HTML becomes its front
    matter and raw-HTML body), so the text and layout are the same by construction;
    the search plugin gets the same jieba user dictionary and the nav the same pruning.
    """
    from qinglian.core.pipeline import read_corpus
    from qinglian.render.producers import render_site
    from qinglian.render.settings import Settings
    from qinglian.render.site.search_words import dictionary

    corpus = read_corpus(project)
    text = (project / "mkdocs.yml").read_text("utf-8")
    settings = Settings(project_dir=project.resolve(), site_url=site_config.site_url(text), handbooks=False)
    files = dict(render_site(corpus, settings))
    for page in (project / "content").rglob("*"):
        if page.is_file():
            files.setdefault(page.relative_to(project / "content").as_posix(), page.read_bytes())
    out = project / BASELINE
    for path, content in files.items():
        target = out / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        written = content if isinstance(content, (str, bytes)) else content.as_markdown()  # a SitePage
        target.write_bytes(written.encode("utf-8") if isinstance(written, str) else written)
    userdict = out / "userdict.txt"
    userdict.write_text(dictionary(corpus), "utf-8")
    config = site_config.baseline_config(text, "docs", userdict.resolve(), set(files))
    (out / "mkdocs.yml").write_text(config, "utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int, help="number of indicators")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--variant", type=int, default=0, help="non-zero: change 1%% of requirements")
    parser.add_argument("--baseline", action="store_true", help="also write OUTDIR/baseline/ (plain MkDocs)")
    parser.add_argument("--doorstop", action="store_true", help="also write OUTDIR/doorstop/ (a Doorstop tree)")
    args = parser.parse_args()
    generate(args.size, args.outdir, args.seed, args.variant)
    if args.baseline:
        write_baseline(args.outdir)
    if args.doorstop:
        doorstop_tree.write_tree(args.outdir)


if __name__ == "__main__":
    main()
