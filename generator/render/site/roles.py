"""我的责任: one duty page per role, the roles index and the role x unit matrix.

At scale a role answers for thousands of records, so these pages link and summarise (title,
frequency, where) and never copy full texts: their size grows with the references, not faster.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby

from qinglian.core.corpus import Corpus, Entry
from qinglian.core.fields import Frequency
from qinglian.core.labels import PERIOD_LABELS, RESPONSIBILITY_LABELS
from qinglian.core.model import Aspect, Indicator, Role, Step, Task
from qinglian.core.urls import MATRIX, index_page, record_page
from qinglian.render.site.lists import time_limits
from qinglian.render.site.page import Page, SiteFile

PER_YEAR = {"year": 1, "half-year": 2, "quarter": 4, "month": 12, "week": 52}


@dataclass(frozen=True)
class Duty:
    """One record the role answers for, and in which part (牵头, 配合, 负责, 承办, 共同承办);
    for a joint step, the other roles acting in it."""

    id: str
    part: str
    frequency: Frequency | None = None
    timing: str = ""
    partners: tuple[str, ...] = ()

    @property
    def yearly(self) -> int | None:
        """The least number of times a year the duty recurs, when it has a minimum."""
        if self.frequency is None or self.frequency.min is None:
            return None
        return self.frequency.min * PER_YEAR[self.frequency.per]


@dataclass(frozen=True)
class RoleView:
    role: Role
    tasks: list[tuple[str, list[Duty]]]  # (responsibility, duties), the four 责 in order
    indicators: list[tuple[str, list[Duty]]]  # (unit id, duties)
    steps: list[tuple[str, list[Duty]]]  # (procedure id, duties)
    calendar: list[tuple[str, list[Duty]]]  # (period label, duties)
    deadlines: list[Duty]  # tasks with a deadline but no frequency

    @property
    def counts(self) -> dict[str, int]:
        return {
            "lead": sum(d.part == "牵头" for _, duties in self.tasks for d in duties),
            "assist": sum(d.part == "配合" for _, duties in self.tasks for d in duties),
            "indicators": sum(len(duties) for _, duties in self.indicators),
            "steps": sum(len(duties) for _, duties in self.steps),
        }


def _task_duties(corpus: Corpus, role_id: str) -> list[tuple[str, list[Duty]]]:
    by_resp: dict[str, list[Duty]] = {resp: [] for resp in RESPONSIBILITY_LABELS}
    for part, field in (("牵头", "lead"), ("配合", "assist")):
        for entry in corpus.referrers(role_id, field, kind="task"):
            task = corpus.typed(entry.id, Task)
            aspect = corpus.parent(entry.id)
            assert isinstance(aspect, Aspect)  # tasks live in aspects
            by_resp[aspect.responsibility].append(Duty(entry.id, part, task.frequency, task.deadline or ""))
    return [(resp, duties) for resp, duties in by_resp.items() if duties]


def _grouped(entries: list[Entry], duty: Callable[[Entry], Duty]) -> list[tuple[str, list[Duty]]]:
    ordered = sorted(entries, key=lambda entry: entry.top.id)
    return [(top, [duty(e) for e in group]) for top, group in groupby(ordered, key=lambda e: e.top.id)]


def _indicator_duty(entry: Entry) -> Duty:
    assert isinstance(entry.record, Indicator)  # found as kind="indicator"
    return Duty(entry.id, "负责", entry.record.frequency)


def _step_duty(role_id: str, limits: dict[str, dict[str, str]]) -> Callable[[Entry], Duty]:
    """A step the role acts in: 承办, or 共同承办 with the step's other actors; its limit in full."""

    def duty(entry: Entry) -> Duty:
        step = entry.record
        assert isinstance(step, Step)  # found as kind="step"
        partners = tuple(actor for actor in step.actors if actor != role_id)
        timing = limits[entry.top.id].get(step.id, "")
        return Duty(step.id, "共同承办" if partners else "承办", step.frequency, timing, partners)

    return duty


def _calendar(groups: list[list[Duty]]) -> tuple[list[tuple[str, list[Duty]]], list[Duty]]:
    periods: dict[str, list[Duty]] = {per: [] for per in PERIOD_LABELS}
    deadlines: list[Duty] = []
    for duties in groups:
        for duty in duties:
            if duty.frequency is not None:
                periods[duty.frequency.per].append(duty)
            elif duty.timing and duty.part in ("牵头", "配合"):
                deadlines.append(duty)
    return [(PERIOD_LABELS[per], duties) for per, duties in periods.items() if duties], deadlines


def role_view(corpus: Corpus, role: Role, limits: dict[str, dict[str, str]]) -> RoleView:
    """What the role answers for; `limits` holds each procedure's step time limits in words."""
    tasks = _task_duties(corpus, role.id)
    indicators = _grouped(corpus.referrers(role.id, "responsible", kind="indicator"), _indicator_duty)
    steps = _grouped(corpus.referrers(role.id, "actor", kind="step"), _step_duty(role.id, limits))
    calendar, deadlines = _calendar([d for _, d in tasks] + [d for _, d in indicators] + [d for _, d in steps])
    return RoleView(role, tasks, indicators, steps, calendar, deadlines)


def _matrix(views: list[RoleView], unit_ids: list[str]) -> list[tuple[Role, dict[str, int]]]:
    rows = []
    for view in views:
        counts = {unit_id: len(duties) for unit_id, duties in view.indicators}
        if counts:
            rows.append((view.role, {unit_id: counts.get(unit_id, 0) for unit_id in unit_ids}))
    return rows


def pages(page: Page) -> Iterable[SiteFile]:
    corpus = page.corpus
    order = {group: index for index, group in enumerate(dict.fromkeys(role.group for role in corpus.roles))}
    roles = sorted(corpus.roles, key=lambda role: (role.group is None, order[role.group]))
    limits = {procedure.id: time_limits(procedure) for procedure in corpus.procedures}
    views = [role_view(corpus, role, limits) for role in roles]
    groups = [(group, list(items)) for group, items in groupby(views, key=lambda view: view.role.group or "其他")]
    yield page.render("roles_index.html.j2", index_page("role"), groups=groups)
    for view in views:
        yield page.render("role.html.j2", record_page("role", view.role.id), view=view)
    unit_ids = sorted(unit.id for unit in corpus.units)
    yield page.render("matrix.html.j2", MATRIX, rows=_matrix(views, unit_ids), unit_ids=unit_ids)
