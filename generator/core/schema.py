"""JSON Schemas for editors: one per file kind, generated from the model."""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path

from pydantic import TypeAdapter
from qinglian.core.corpus import KIND_LABELS
from qinglian.core.model import FILE_MODELS, RECORD_KINDS

SCHEMA_DIR = "schemas"  # in the project, where `qinglian new` skeletons look for them

SCHEMA_TITLES = {
    "roles": "角色（standards/roles.yaml）",
    "sources": "依据文件（standards/sources.yaml）",
    "glossary": "术语表（standards/glossary.yaml）",
    "handbooks": "培训手册（standards/handbooks.yaml）",
    "units": "清廉单元标准（standards/units/*.yaml）",
    "checklists": "责任清单（standards/checklists/*.yaml）",
    "procedures": "联动程序（standards/procedures/*.yaml）",
}
LIST_KINDS = ("roles", "sources", "glossary", "handbooks")
VALUE_TITLES = {
    "Frequency": "频次",
    "TimeLimit": "时限",
    "StepAnchor": "起算环节",
    "Level": "等次",
    "Scoring": "计分规则",
    "Deduction": "扣分规则",
    "Decision": "判断",
    "Branch": "分支",
}
DEFINITION_TITLES = VALUE_TITLES | {model.__name__: KIND_LABELS[kind] for model, kind in RECORD_KINDS.items()}


def schemas() -> dict[str, dict[str, object]]:
    """File name -> JSON Schema, for every file kind of the contract."""
    result = {}
    for kind, model in FILE_MODELS.items():
        target = list[model] if kind in LIST_KINDS else model  # type: ignore[valid-type]
        schema = TypeAdapter(target).json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        _chinese_titles(schema)
        schema["title"] = SCHEMA_TITLES[kind]
        result[f"{kind}.schema.json"] = schema
    return result


def schema_files() -> dict[str, str]:
    """File name -> the text written for it."""
    return {name: json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n" for name, schema in schemas().items()}


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _chinese_titles(schema: dict[str, typing.Any]) -> None:
    """Editors show titles on hover: give every definition and field a short Chinese one."""
    for name, definition in schema.get("$defs", {}).items():
        definition["title"] = DEFINITION_TITLES.get(name, name)
        _chinese_titles(definition)
    for prop in schema.get("properties", {}).values():
        description = prop.get("description", "")
        prop["title"] = re.split(r"[：，；（(]", description, maxsplit=1)[0] or prop.get("title", "")
