"""JSON Schemas for editors: one per file kind, generated from the model."""

from __future__ import annotations

import json
import typing
from pathlib import Path

from pydantic import TypeAdapter
from qinglian.core.kinds import KINDS
from qinglian.core.labels import field_title
from qinglian.core.load import STANDARDS_DIR

SCHEMA_DIR = "schemas"  # in the project, where `qinglian new` skeletons look for them
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
DEFINITION_TITLES = VALUE_TITLES | {kind.model.__name__: kind.label for kind in KINDS}


def schemas() -> dict[str, dict[str, object]]:
    """File name -> JSON Schema, for every file kind of the contract."""
    result = {}
    for kind in KINDS:
        if kind.file is None:
            continue
        model = kind.model
        target = list[model] if kind.file.many else model  # type: ignore[valid-type]
        schema = TypeAdapter(target).json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        _chinese_titles(schema)
        schema["title"] = f"{kind.file.title}（{STANDARDS_DIR}/{kind.file.pattern}）"
        result[f"{kind.file.name}.schema.json"] = schema
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
        prop["title"] = field_title(description) or prop.get("title", "")
