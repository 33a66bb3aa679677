"""Handbook data for checklists (tick-box task tables) and procedures (diagram and step table)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qinglian.core.corpus import Corpus
from qinglian.core.labels import frequency_text, responsibility_label, time_limit_full
from qinglian.core.model import Aspect, Checklist, Procedure, Step, Task
from qinglian.core.numbering import bare, numbers, step_names
from qinglian.render.handbook.diagram import print_diagram
from qinglian.render.handbook.units import Qr, meta, rich


def names(corpus: Corpus, role_ids: Iterable[str]) -> list[str]:
    return [corpus.role(role_id).name for role_id in role_ids]


def checklist_data(corpus: Corpus, checklist: Checklist, qr: Qr) -> dict[str, Any]:
    number = numbers(checklist)
    return {
        "id": checklist.id,
        "title": checklist.title,
        "holder": checklist.holder,
        "summary": rich(checklist.summary),
        "qr": qr(checklist.id),
        **meta(checklist),
        "aspects": [_aspect(corpus, aspect, number, qr) for aspect in checklist.aspects],
    }


def _aspect(corpus: Corpus, aspect: Aspect, number: dict[str, str], qr: Qr) -> dict[str, Any]:
    return {
        "id": aspect.id,
        "title": aspect.title,
        "heading": number[aspect.id] + _aspect_heading(aspect.title, responsibility_label(aspect.responsibility)),
        "summary": rich(aspect.summary) if aspect.summary else [],
        "qr": qr(aspect.id),
        "has_how": any(task.how for task in aspect.tasks),
        "tasks": [_task(corpus, task, bare(number[task.id])) for task in aspect.tasks],
    }


def _aspect_heading(title: str, responsibility: str) -> str:
    """E.g. 校长职责（第一责任人责任）; the label is left out when the title already says it."""
    return title if responsibility in title else f"{title}（{responsibility}）"


def _task(corpus: Corpus, task: Task, number: str) -> dict[str, Any]:
    timing = [frequency_text(task.frequency)] if task.frequency else []
    timing += [task.deadline] if task.deadline else []
    return {
        "id": task.id,
        "number": number,
        "what": rich(task.what),
        "lead": names(corpus, task.lead),
        "assist": names(corpus, task.assist),
        "how": rich(task.how) if task.how else [],
        "note": rich(task.note) if task.note else [],
        "timing": timing,
        "evidence": list(task.evidence),
    }


def procedure_data(corpus: Corpus, procedure: Procedure, qr: Qr) -> dict[str, Any]:
    step_numbers = {step_id: bare(number) for step_id, number in numbers(procedure).items()}
    documents = {document.id: document.title for document in procedure.documents}
    limits = step_names(procedure)
    return {
        "id": procedure.id,
        "title": procedure.title,
        "category": procedure.category,
        "summary": rich(procedure.summary),
        "qr": qr(procedure.id),
        **meta(procedure),
        "lanes": names(corpus, procedure.lanes),
        "diagram": print_diagram(corpus, procedure),
        "steps": [_step(corpus, step, step_numbers, documents, limits) for step in procedure.steps],
        "time_limits": any(step.time_limit or step.frequency for step in procedure.steps),
        # An original's own step numbers (第三步) need wider 序号 and 下一步 columns than 3 does.
        "wide_numbers": any(len(number) > 2 for number in step_numbers.values()),
    }


def _step(
    corpus: Corpus, step: Step, numbers: dict[str, str], documents: dict[str, str], steps: dict[str, str]
) -> dict[str, Any]:
    """A row of the step table; steps are named by number without its dot (转 3)."""
    question, branches = "", []
    if step.decision is not None:
        question = step.decision.question
        branches = [f"{branch.when}：{_to(numbers, branch.targets)}" for branch in step.decision.branches]
        after = "按判断"
    else:
        after = _to(numbers, step.next) if step.next else "结束"
    timing = [time_limit_full(step.time_limit, steps, note=False)] if step.time_limit else []
    timing += [step.time_limit.note] if step.time_limit and step.time_limit.note else []
    timing += [frequency_text(step.frequency)] if step.frequency else []
    joint = "（共同承办）" if len(step.actors) > 1 else ""
    return {
        "number": numbers[step.id],
        "title": step.title,
        "actor": corpus.role_names(step.actors) + joint,
        "action": rich(step.action),
        "question": question,
        "branches": branches,
        "timing": timing,
        "inputs": [documents[d] for d in step.inputs],
        "outputs": [documents[d] for d in step.outputs],
        "note": rich(step.note) if step.note else [],
        "after": after,
    }


def _to(numbers: dict[str, str], targets: list[str]) -> str:
    """转 3、4, or 转第三步、第四步 with an original's own numbers."""
    shown = "、".join(numbers[target] for target in targets)
    return f"转{shown}" if shown.startswith("第") else f"转 {shown}"
