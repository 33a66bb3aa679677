"""Display numbers (一、 / （一） / 1.), computed in one place for site, PDF, xlsx, JSON, diff and diagrams.

A nested record's number follows from its kind's level in `kinds` and its position among its
siblings: 一、 for dimensions and aspects, （一） for indicators, 1. for tasks, steps, veto and bonus
items. A record that carries its own `number` (as printed in the original) shows that instead.
Ids, not numbers, make anchors and diffs. Top-level records have no number.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from qinglian.core.kinds import kind_of_model
from qinglian.core.model import Procedure, Record, annotation_parts

_DIGITS = "零一二三四五六七八九"
_PLAIN_NUMBER = re.compile(r"[0-9零一二三四五六七八九十百千]+")


def chinese_numeral(number: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (positive integers below 10000)."""
    if not 0 < number < 10000:
        raise ValueError(f"cannot write {number} in Chinese numerals")
    if number < 10:
        return _DIGITS[number]
    if number < 20:
        return "十" + (_DIGITS[number - 10] if number > 10 else "")
    parts: list[str] = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit:
            if zero and parts:
                parts.append("零")
            parts.append(_DIGITS[digit] + unit)
            zero = False
        else:
            zero = True
    return "".join(parts)


def level1(index: int) -> str:
    """The number of the `index`-th (0-based) top-level item: 一、"""
    return f"{chinese_numeral(index + 1)}、"


def level2(index: int) -> str:
    """The number of the `index`-th (0-based) second-level item: （一）"""
    return f"（{chinese_numeral(index + 1)}）"


def level3(index: int) -> str:
    """The number of the `index`-th (0-based) third-level item: 1."""
    return f"{index + 1}."


LEVELS: dict[int, Callable[[int], str]] = {1: level1, 2: level2, 3: level3}


def number_of(record: Record, index: int) -> str | None:
    """The display number of `record`, the `index`-th (0-based) of its siblings; its own `number`
    when it has one; None for a kind that is not numbered."""
    kind = kind_of_model(type(record))
    if kind is None or kind.level is None:
        return None
    own = getattr(record, "number", None)
    return str(own) if own else LEVELS[kind.level](index)


def numbers(top: Record) -> dict[str, str]:
    """Id -> display number of every numbered record inside `top` (a unit, checklist or procedure)."""
    found: dict[str, str] = {}
    for record, _, _, index in walk(top):
        number = number_of(record, index)
        if number is not None:
            found[record.id] = number
    return found


def full_numbers(top: Record) -> dict[str, str]:
    """Id -> number with the numbers of its numbered ancestors, e.g. 二、（三）, as the diff names clauses."""
    own = numbers(top)
    found: dict[str, str] = {}
    for record, parent, _, _ in walk(top):
        if record.id in own:
            found[record.id] = found.get(parent or "", "") + own[record.id]
    return found


def bare(number: str) -> str:
    """A number without its closing mark, for a table's 序号 column and 第N步: 1. -> 1, 一、 -> 一."""
    return number[:-1] if number.endswith((".", "、")) else number


def step_name(number: str) -> str:
    """How a text names a step by its number: 1. -> 第1步; a number that is already a phrase
    (an original's 第三步 or 第3条) stays as it is."""
    core = bare(number)
    return f"第{core}步" if _PLAIN_NUMBER.fullmatch(core) else core


def step_names(procedure: Procedure) -> dict[str, str]:
    """Step id -> 第3步“初步核实”, for text that names a step (where a time limit starts)."""
    found = numbers(procedure)
    return {step.id: f"{step_name(found[step.id])}“{step.title}”" for step in procedure.steps}


def walk(
    record: Record, parent: str | None = None, field: str = "", index: int = 0
) -> Iterator[tuple[Record, str | None, str, int]]:
    """The record and every record nested in it, depth first, with parent id, the parent's field
    that holds it and its index there."""
    yield record, parent, field, index
    for name in record_fields(type(record)):
        for position, child in enumerate(getattr(record, name)):
            yield from walk(child, record.id, name, position)


@functools.cache
def record_fields(model: type[Record]) -> tuple[str, ...]:
    """The fields of a model that hold lists of records."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if any(isinstance(part, type) and issubclass(part, Record) for part in annotation_parts(info.annotation))
    )
