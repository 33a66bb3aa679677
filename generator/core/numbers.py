"""Points as exact decimals: read from YAML ints and floats, summed without drift, written as numbers.

YAML gives `1.5` as a float; its shortest repr ('1.5') is what the editor typed, so the float is
converted through `repr` and never through its binary value. At most two decimal places are
allowed (`1.005` is refused, not rounded). Exports write the value back as a JSON number: `20`
for a whole number, `1.5` otherwise.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

PLACES = 2
_TYPE_NAMES = {str: "文本", bool: "布尔值", list: "列表", dict: "映射"}


def to_decimal(value: object) -> Decimal:
    """The exact decimal an editor wrote; a `PydanticCustomError` for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        name = _TYPE_NAMES.get(type(value), type(value).__name__)
        raise PydanticCustomError("number_type", "应为数字，实际为{type}", {"type": name})
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("number_type", "应为数字，实际为{type}", {"type": "非有限数"})
    number = Decimal(repr(value)) if isinstance(value, float) else value
    if not number.is_finite():
        raise PydanticCustomError("number_type", "应为数字，实际为{type}", {"type": "非有限数"})
    if number == number.to_integral_value():
        return Decimal(int(number))  # 2.0 -> 2: a whole number is shown and exported as one
    if number.as_tuple().exponent < -PLACES:  # type: ignore[operator]
        raise PydanticCustomError("decimal_places", "最多保留两位小数，实际为 {value}", {"value": str(number)})
    return number.normalize()


def json_number(value: Decimal) -> int | float:
    """20 -> 20, 1.5 -> 1.5: the value as a JSON number (two decimals round-trip through float)."""
    return int(value) if value == value.to_integral_value() else float(value)


def format_number(value: Decimal | int | float) -> str:
    """A points value for people: 20, 1.5, 0.25 (a sum of 2.5 and 2.5 reads 5, not 5.0)."""
    number = value if isinstance(value, Decimal) else to_decimal(value)
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


# Points with a lower bound; the schema says `number` (a Decimal would be `string`).
_POINTS_JSON = PlainSerializer(json_number, when_used="json")
PositivePoints = Annotated[
    Decimal, BeforeValidator(to_decimal), Field(gt=0), _POINTS_JSON, WithJsonSchema({"type": "number", "exclusiveMinimum": 0})
]
NonNegativePoints = Annotated[
    Decimal, BeforeValidator(to_decimal), Field(ge=0), _POINTS_JSON, WithJsonSchema({"type": "number", "minimum": 0})
]


def json_default(value: object) -> int | float:
    """`json.dumps(..., default=json_default)`: points as numbers; anything else stays an error."""
    if isinstance(value, Decimal):
        return json_number(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# A share of units (scoring.tiers_by_share): in (0, 1], at most two decimals like points.
Share = Annotated[
    Decimal,
    BeforeValidator(to_decimal),
    Field(gt=0, le=1),
    PlainSerializer(json_number, when_used="json"),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 1}),
]
