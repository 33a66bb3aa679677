"""What can still be checked in a record that failed validation, so one run lists every problem.

A field error in a unit must not hide a sum that does not add up two dimensions further on, nor
an id that repeats one in another file. Each field of a failed record is validated on its own:
when its id is whole, the record is kept with its broken fields set to None, and its references
and the rules whose fields are whole are checked (rules skip None); the records inside its broken
fields are salvaged in turn. Without an id only the whole records inside it are kept.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from typing import Any, cast

from pydantic import BaseModel, ValidationError, create_model
from pydantic_core import PydanticUndefined
from qinglian.core.fields import Record, inner_model
from qinglian.core.kinds import kind_of_model
from qinglian.core.load import Loc


@dataclass
class Salvage:
    """Records kept from a failed one (with their loc in the file), and the places whose
    references are checked through them."""

    records: list[tuple[Record, Loc]] = field(default_factory=list)
    covered: set[Loc] = field(default_factory=set)

    def covers(self, loc: Loc) -> bool:
        return any(loc[:depth] in self.covered for depth in range(1, len(loc) + 1))


def salvage(model: type[BaseModel], data: object, loc: Loc) -> Salvage:
    found = Salvage()
    _salvage(model, data, loc, found)
    return found


def _salvage(model: type[BaseModel], data: object, loc: Loc, found: Salvage) -> None:
    if not isinstance(data, dict):
        return
    good: dict[str, Any] = {}
    bad: list[str] = []
    absent: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in data:
            if info.is_required():
                bad.append(name)
            else:  # the default, made here: pydantic would inspect the factory's signature each time
                absent[name] = info.default_factory() if info.default_factory else info.default  # type: ignore[call-arg]
            continue
        try:
            good[name] = getattr(_field_model(model, name).model_validate({key: data[key]}), name)
        except ValidationError:
            bad.append(name)
    kind = kind_of_model(model)
    if kind is not None and "id" in good:
        record = cast(Record, model.model_construct(**absent, **good, **dict.fromkeys(bad)))
        found.records.append((record, loc))
        found.covered.update(loc + (_key(model, name),) for name in good)
    else:
        for name, value in good.items():
            _keep_whole(value, loc + (_key(model, name),), found)
    for name in bad:
        inner = inner_model(model.model_fields[name].annotation)
        value = data.get(_key(model, name))
        if inner is None or value is None:
            continue
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            here = loc + ((_key(model, name),) if index is None else (_key(model, name), index))
            _salvage(inner, item, here, found)


def _keep_whole(value: object, loc: Loc, found: Salvage) -> None:
    """The records inside a field that validated, though its record did not."""
    if isinstance(value, Record):
        found.records.append((value, loc))
        found.covered.add(loc)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _keep_whole(getattr(value, name), loc + (_key(type(value), name),), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _keep_whole(item, loc + (index,), found)


def _key(model: type[BaseModel], name: str) -> str:
    info = model.model_fields[name]
    return info.alias or name


@functools.cache
def _field_model(model: type[BaseModel], name: str) -> type[BaseModel]:
    """A model of the one field `name`, validated exactly as in `model` (it is always given, so
    without its default: pydantic would inspect a default factory's signature, leaving cycles)."""
    info = copy.copy(model.model_fields[name])
    info.default, info.default_factory = PydanticUndefined, None
    return create_model(f"{model.__name__}_{name}", __config__=model.model_config, **{name: (info.annotation, info)})  # type: ignore[call-overload,no-any-return]
