"""Problems found in user data, each pointing at the file, row and column."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from routes.itinerary.wording import count

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located the way the user sees the file.

    ``row`` counts like a spreadsheet: the header is row 1, the first data row is row 2.
    An ``error`` means the row could not be used; a ``warning`` means it was kept.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    severity: str = ERROR
    code: str = ""

    def format(self) -> str:
        where = f"{self.file}:{self.row}" if self.row is not None else self.file
        column = f" {self.column}:" if self.column else ""
        got = f" (got {_quote(self.value)})" if self.value is not None else ""
        return f"{where}:{column} {self.message}{got}"

    def to_dict(self) -> dict:
        return asdict(self)


def _quote(value: str) -> str:
    # Keep the message on one line whatever the cell held.
    shown = value if len(value) <= 80 else value[:77] + "..."
    return "'" + shown.replace("\n", "\\n").replace("\r", "\\r") + "'"


def summary(problems: list[Problem], rows_kept: int | None = None) -> str:
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    kept = f", {count(rows_kept, 'leg')} kept" if rows_kept is not None else ""
    return f"{count(errors, 'error')}, {count(warnings, 'warning')}{kept}"


def to_json(problems: list[Problem]) -> str:
    return json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=2)


def grouped(problems: list[Problem]) -> list[dict]:
    """Problems of one kind about one value, counted: {code, severity, value, count, rows, first}.

    Largest groups first; ``first`` is the first problem of the group (its message)."""
    groups: dict[tuple, dict] = {}
    for problem in problems:
        group = groups.setdefault((problem.code, problem.severity, problem.value), {
            "code": problem.code, "severity": problem.severity, "value": problem.value,
            "count": 0, "rows": [], "first": problem})
        group["count"] += 1
        if problem.row is not None:
            group["rows"].append(problem.row)
    return sorted(groups.values(), key=lambda g: (g["severity"] != ERROR, -g["count"], g["code"]))
