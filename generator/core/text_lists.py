"""Lists of texts typed with a Chinese comma: `evidence: [会议记录，签到表，照片]` is one item to
YAML. A warning, since one item with a comma in it is possible; quoting it says so."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Annotated, Any, get_args, get_origin

import yaml
from pydantic import BaseModel
from qinglian.core.diagnostics import Diagnostic, Severity
from qinglian.core.fields import Ref, annotation_parts, inner_model
from qinglian.core.load import Loc, SourceFile, format_loc, position


def comma_warnings(model: type[BaseModel], data: object, source: SourceFile, loc: Loc) -> Iterator[Diagnostic]:
    """One warning per plain item of a flow list of texts that holds a full-width comma."""
    for here, text in _texts_with_commas(model, data, loc):
        node = source.node_at(here)
        parent = source.node_at(here[:-1])
        if not isinstance(node, yaml.ScalarNode) or node.style or not getattr(parent, "flow_style", False):
            continue
        parts = [part.strip() for part in text.split("，")]
        line, column = position(node.start_mark, source.repair)
        if node.start_mark.line == node.end_mark.line:
            column += text.index("，")
        message = f"全角逗号“，”不分隔列表项：“{text}”被读作一项"
        hint = f"如果是 {len(parts)} 项，请改用半角逗号：[{', '.join(parts)}]；如果确是一项，请给它加引号：'{text}'"
        yield Diagnostic(source.path, line, column, Severity.WARNING, format_loc(here), message, hint)


def _texts_with_commas(model: type[BaseModel], data: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if not isinstance(data, dict):
        return
    lists, nested = _plan(model)
    for key in lists:
        value = data.get(key)
        if isinstance(value, list):
            yield from ((loc + (key, index), item) for index, item in enumerate(value) if isinstance(item, str) and "，" in item)
    for key, inner in nested:
        value = data.get(key)
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _texts_with_commas(inner, item, loc + (key, index))
        else:
            yield from _texts_with_commas(inner, value, loc + (key,))


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[tuple[str, type[BaseModel]], ...]]:
    """(keys of the model's lists of texts, (key, model) of its nested models)."""
    lists, nested = [], []
    for name, info in model.model_fields.items():
        key = info.alias or name
        inner = inner_model(info.annotation)
        if inner is not None:
            nested.append((key, inner))
        elif _is_text_list(info.annotation):
            lists.append(key)
    return tuple(lists), tuple(nested)


def _is_text_list(annotation: Any) -> bool:
    for part in annotation_parts(annotation):
        if get_origin(part) is list:
            item = get_args(part)[0]
            base = get_args(item)[0] if get_origin(item) is Annotated else item
            return base is str and not any(isinstance(meta, Ref) for meta in annotation_parts(item))
    return False
