"""`qinglian new`: a skeleton file for a new unit standard, checklist or procedure.

The skeleton is well formed: it takes its role from the project's roles.yaml (the first role)
and its numbers add up. Every text an editor must write says so with 请填写, and `qinglian check`
reports each one until it is replaced, so that no skeleton is published by mistake. The first
line names the JSON Schema, which `new` writes to the project's schemas/ folder, so that editors
complete and check keys at once.
"""

from __future__ import annotations

from pathlib import Path

from qinglian.core.diagnostics import UsageError
from qinglian.core.fields import ID_MAX, ID_PATTERN
from qinglian.core.kinds import kind as kind_named
from qinglian.core.load import STANDARDS_DIR
from qinglian.core.pipeline import declared
from qinglian.core.schema import SCHEMA_DIR, schema_files, write_schemas

PLACEHOLDER_ROLE = "todo-role"

# Optional fields are written as comments (`# key: value`): deleting "# " gives a file that still
# passes `qinglian check` (a test does exactly that), so an editor can switch each one on as it is.
_UNIT = """\
id: {id}
title: 清廉××建设标准（请填写名称）
unit_type: ××（请填写单元类型，如 学校）
edition: 草案（请填写版次，如 2025 试行）
status: draft
# number: 某县清廉办〔2025〕1号  # 文号（可选）
# date: 2025-01-01  # 印发日期：年、年-月或年-月-日（可选）
summary: 请填写概述，用一两句话说明本标准的适用范围和评价方式。
scoring:
  total: 100
  levels:
    - {{name: 达标, min: 80}}  # 可加说明：note: 按比例认定
    # - {{name: 不达标, min: 0, pass: false}}  # 不予命名的最低等次（可选）
  # bonus_cap: 5  # 加分上限（有加分项时必填）
# veto_intro: 出现下列情形之一的，不予命名  # 负面清单引导语（可选）
# veto:
#   - id: {id}-veto-1
#     text: 请填写负面清单事项
#     bars: [达标]  # 只排除部分等次时填写；不填则排除所有等次
# bonus:
#   - {{id: {id}-bonus-1, text: 请填写加分事项, points: 2}}
#   - {{id: {id}-bonus-2, text: 请填写酌情加分的事项, max: 3}}  # max：由评价者在 0 至 3 分之间酌定
dimensions:
  - id: {id}-d1
    # number: 一、  # 原文编号（可选），代替自动编号
    title: 请填写一级指标名称
    points: 100
    indicators:
      - id: {id}-d1-i1
        # number: （一）
        title: 请填写二级指标名称
        requirement: 请填写评价要点，即具体要求。
        points: 100  # 可有两位小数，如 2.5
        responsible: [{role}]
        # deductions:  # 扣分规则，照录原文（可选）
        #   - {{text: 每少1次, points: 1}}  # 按次扣分
        #   - {{text: 内容不全, range: [0.5, 1.5]}}  # 酌情扣分
        #   - {{text: 未开展, all: true}}  # 本项不得分
        # items:  # 三级指标（评分细则），分别计分，分值之和等于本指标分值（可选）
        #   - {{id: {id}-d1-i1-a, number: ①, text: 请填写评分细则, points: 60}}
        #   - {{id: {id}-d1-i1-b, number: ②, text: 请填写评分细则, points: 40}}
"""
_CHECKLIST = """\
id: {id}
title: 请填写清单名称
status: draft
holder: 请填写清单约束的主体
# number: 某县委发〔2025〕1号  # 文号（可选）
# date: 2025-01  # 印发日期（可选）
summary: 请填写概述，用一两句话说明本清单的用途。
aspects:
  - id: {id}-subject
    # number: 一、  # 原文编号（可选）
    title: 主体责任
    responsibility: subject  # 也可为 supervision、first、dual、direct（直接责任）、leadership（领导责任）、related（相关责任）
    tasks:
      - id: {id}-subject-1
        # number: "1"
        what: 请填写任务（做什么）
        lead: [{role}]  # 可写几个角色
        how: 请填写具体做法（怎么做）；原文每项只有一句话时，删去本行。
        # frequency: {{min: 1, per: quarter}}  # 频次（可选）
"""
_PROCEDURE = """\
id: {id}
title: 请填写程序名称
category: 请填写类别，如 纪巡联动
status: draft
# number: 某县纪委发〔2025〕1号  # 文号（可选）
# date: 2025-01-01  # 印发日期（可选）
summary: 请填写概述，用一两句话说明本程序解决什么问题。
lanes: [{role}]
steps:
  - id: {id}-start
    # number: 第一步  # 原文编号（可选）
    title: 请填写第一个环节
    actor: {role}  # 几个主体共同承办时写成列表，如 [甲, 乙]（都须在 lanes 中）
    action: 请填写该环节的工作内容。
    # time_limit: {{within: 7, unit: workday, from_event: 收到有关材料之日}}  # 从某一事件起算的时限
    next: [{id}-end]
    # 判断分支可同时转到几个环节：decision: {{question: …, branches: [{{when: …, next: [甲, 乙]}}, …]}}
  - id: {id}-end
    title: 请填写最后一个环节
    actor: {role}
    action: 请填写该环节的工作内容。
    # time_limit: {{within: 15, unit: workday, from: {{step: {id}-start, at: start}}, typical: true, note: 经批准可延长15个工作日}}
    # frequency: {{min: 1, per: quarter}}  # 定期进行的环节
"""
TEMPLATES = {"unit": _UNIT, "checklist": _CHECKLIST, "procedure": _PROCEDURE}


def new_file(kind: str, record_id: str, project_dir: Path) -> tuple[Path, list[str]]:
    """Write the skeleton of `kind` named `record_id`; returns its path and notes for the user.

    Raises `UsageError` for a bad or used id, a missing project, or an existing file.
    """
    if len(record_id) > ID_MAX or not ID_PATTERN.match(record_id):
        raise UsageError(f"id '{record_id}' 格式不正确：只能用小写字母、数字和连字符，以字母开头，不超过 {ID_MAX} 个字符")
    folder = _folder(kind)
    relative = f"{STANDARDS_DIR}/{folder}/{record_id}.yaml"
    path = project_dir / relative
    if path.exists() or path.is_symlink():
        raise UsageError(f"{relative} 已存在，不会覆盖；请换一个 id，或直接编辑该文件")
    corpus = declared(project_dir)
    roles = [entry.id for entry in corpus.entries.values() if entry.kind == "role"]
    if any(key in corpus.entries for key in _new_ids(kind, record_id)):
        raise UsageError(f"id '{record_id}' 或其下的条目 id 已被使用，请换一个 id")
    role = roles[0] if roles else PLACEHOLDER_ROLE
    schema = f"# yaml-language-server: $schema=../../{SCHEMA_DIR}/{folder}.schema.json\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # "x": never overwrite, even if the file appeared since the check above
        with open(path, "x", encoding="utf-8") as file:
            file.write(schema + TEMPLATES[kind].format(id=record_id, role=role))
    except FileExistsError:
        raise UsageError(f"{relative} 已存在，不会覆盖；请换一个 id，或直接编辑该文件") from None
    notes = [f"已创建 {relative}"]
    if _write_schemas(project_dir / SCHEMA_DIR):
        notes.append(f"已生成 {SCHEMA_DIR}/ 中的 JSON Schema，编辑器据此补全和校验")
    if role == PLACEHOLDER_ROLE:
        notes.append(f"请把 {PLACEHOLDER_ROLE} 换成 {STANDARDS_DIR}/roles.yaml 中已有的角色 id")
    else:
        notes.append(f"责任主体暂填为角色 {role}，请按实际修改")
    notes.append("请把所有含“请填写”的文字改为实际内容，然后运行 qinglian check 检查")
    return path, notes


def _write_schemas(folder: Path) -> bool:
    """Write the JSON Schemas the skeleton names, unless they are there already; whether it wrote."""
    wanted = schema_files()
    if all((folder / name).is_file() and (folder / name).read_text(encoding="utf-8") == text for name, text in wanted.items()):
        return False
    write_schemas(folder)
    return True


def _folder(kind: str) -> str:
    """The folder of the kind's files under standards/, also the name of its JSON Schema."""
    file = kind_named(kind).file
    assert file is not None and not file.many, f"{kind} is not written one record per file"
    return file.name


def _new_ids(kind: str, record_id: str) -> list[str]:
    suffixes = {"unit": ["", "-d1", "-d1-i1"], "checklist": ["", "-subject", "-subject-1"], "procedure": ["", "-start", "-end"]}
    return [record_id + suffix for suffix in suffixes[kind]]
