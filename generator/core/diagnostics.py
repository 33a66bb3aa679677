"""Diagnostics and the small exception hierarchy.

Content problems are collected as `Diagnostic`s and raised once as `ContentError` (exit 1);
bad command-line use raises `UsageError` (exit 2). Anything else is a bug and may show a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告"}


@dataclass(frozen=True)
class Diagnostic:
    """One problem, located by file (relative to the project), 1-based line and column."""

    file: str
    line: int
    column: int
    severity: Severity
    path: str
    message: str
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.path, self.message)

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        what = f"{self.path}: {self.message}" if self.path else self.message
        text = f"{where}: {SEVERITY_LABELS[self.severity]}: {what}"
        if self.hint:
            text += f"\n  提示: {self.hint}"
        return text

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class QinglianError(Exception):
    """Base of the errors a user can cause."""

    exit_code = 1


class ContentError(QinglianError):
    """The corpus has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        super().__init__(summary(self.diagnostics))


class UsageError(QinglianError):
    """Wrong command-line use: a missing folder, a bad option, an unknown id."""

    exit_code = 2


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    diagnostics = list(diagnostics)
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return "检查通过，未发现问题"
    return f"共 {errors} 个错误，{warnings} 个警告"


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
    lines = [d.format() for d in diagnostics]
    lines.append(summary(diagnostics))
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.as_json() for d in sorted(diagnostics, key=Diagnostic.sort_key)], ensure_ascii=False, indent=2)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)
