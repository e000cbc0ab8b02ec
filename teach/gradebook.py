"""A class's grade book: each learner's best score and progress per chosen lab, the checks that
fail most often, and the CSV export. Read from the learners' Attempts, never stored."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from labs.models import Attempt

NOT_STARTED, ATTEMPTED, PASSED = "not-started", "attempted", "passed"
TOP_FAILING = 10
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Cell:
    lab: object
    best: int | None = None
    max_score: int = 0
    attempts: int = 0
    passed: bool = False

    @property
    def state(self) -> str:
        return PASSED if self.passed else ATTEMPTED if self.attempts else NOT_STARTED


@dataclass
class Row:
    learner: object
    cells: list[Cell] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(c.best or 0 for c in self.cells)

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.cells)


@dataclass
class Failing:
    lab: object
    check_id: str
    title: dict
    failures: int  # attempts in which it failed
    learners: int  # distinct learners it failed for


def class_attempts(classroom):
    """Attempts of the class's learners on the class's labs (newest first)."""
    return Attempt.objects.filter(user__memberships__classroom=classroom, lab__classrooms=classroom)


def grade_book(classroom) -> tuple[list, list[Row]]:
    labs = list(classroom.labs.order_by("slug"))
    learners = [m.learner for m in classroom.memberships.select_related("learner").order_by("learner__username")]
    cells: dict[tuple[int, int], Cell] = {}
    for attempt in class_attempts(classroom).only("user_id", "lab_id", "score", "max_score", "hint_cost"):
        cell = cells.setdefault((attempt.user_id, attempt.lab_id), Cell(None))
        cell.attempts += 1
        cell.best = attempt.score if cell.best is None else max(cell.best, attempt.score)
        cell.max_score = max(cell.max_score, attempt.max_score)
        # Every check passed, whatever the opened hints cost.
        cell.passed = cell.passed or attempt.score + attempt.hint_cost >= attempt.max_score > 0
    rows = []
    for learner in learners:
        row = Row(learner)
        for lab in labs:
            cell = cells.get((learner.pk, lab.pk)) or Cell(None)
            cell.lab = lab
            row.cells.append(cell)
        rows.append(row)
    return labs, rows


def failing_checks(classroom, limit: int = TOP_FAILING) -> list[Failing]:
    """The checks that failed in the most attempts across the class, most first."""
    failures: Counter = Counter()
    learners: dict[tuple, set] = defaultdict(set)
    titles: dict[tuple, dict] = {}
    labs = {}
    for attempt in class_attempts(classroom).select_related("lab").only("user_id", "lab", "result"):
        labs[attempt.lab_id] = attempt.lab
        for check in (attempt.result or {}).get("checks", []):
            if not check.get("passed", True):
                key = (attempt.lab_id, check.get("id", ""))
                failures[key] += 1
                learners[key].add(attempt.user_id)
                titles[key] = check.get("title") or {}
    ranked = sorted(failures.items(), key=lambda item: (-item[1], labs[item[0][0]].slug, item[0][1]))
    return [Failing(labs[key[0]], key[1], titles[key], count, len(learners[key])) for key, count in ranked[:limit]]


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP: prefix a quote)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def grade_book_csv(classroom) -> str:
    labs, rows = grade_book(classroom)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(v) for v in ["learner", *(lab.slug for lab in labs), "total"]])
    for row in rows:
        writer.writerow([safe_cell(v) for v in [row.learner.get_username(), *(c.best for c in row.cells), row.total]])
    return out.getvalue()
