"""Grading: replay a submission in a fresh cluster of the lab's world and run every check.

The same definition and submission always give the same grade: the world comes from a fixed
seed, the submission's lines run at their virtual times with the lab's scripted events
interleaved on the cluster's clock, and time then runs until the cluster is stable or the lab's
budget is spent. Only then do the checks read the cluster and its history.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from kubesim.findings import Finding

from . import checks, world
from .checks.common import diagnose_targets
from .timeline import Moment

STABLE_HORIZON_S = 600  # DESIGN.md: stable means nothing due within 10 virtual minutes


@dataclass
class CheckResult:
    id: str
    title: dict
    points: int
    passed: bool
    expected: str = ""
    observed: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def earned(self) -> int:
        return self.points if self.passed else 0

    @property
    def code(self) -> str:
        return self.findings[0].code if self.findings else ""

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "points": self.points, "earned": self.earned,
                "passed": self.passed, "expected": self.expected, "observed": self.observed,
                "findings": [f.as_dict() for f in self.findings]}


@dataclass
class Grade:
    lab: str
    revision: str
    checks: list[CheckResult]
    end_ms: int  # virtual time the run ended, since the lab began
    stable: bool
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0  # wall time grading took (not part of the grade)

    @property
    def score(self) -> int:
        return sum(c.earned for c in self.checks)

    @property
    def max_score(self) -> int:
        return sum(c.points for c in self.checks)

    def check(self, check_id: str) -> CheckResult:
        return next(c for c in self.checks if c.id == check_id)

    def as_dict(self) -> dict:
        """The grade as stored and printed; wall time left out so equal grades compare equal."""
        return {"lab": self.lab, "revision": self.revision, "score": self.score, "max": self.max_score,
                "end_ms": self.end_ms, "stable": self.stable, "errors": self.errors,
                "checks": [c.as_dict() for c in self.checks]}


class Examiner:
    """What checks read: the session's cluster, its history and the moments in it."""

    def __init__(self, session: world.Session):
        self.session = session
        self.cluster = session.cluster

    def run(self, line: str):
        return self.cluster.run(line)

    def moment(self, spec, namespace: str, since: Moment | None = None) -> Moment | None:
        from .conditions import moment_kind, moment_predicate

        kind = moment_kind(spec)
        if kind == "start":
            return Moment(self.session.start_ms, -1)
        if kind == "scripted":
            at = self.session.scripted.get(spec["scripted"])
            if at is None or at > self.cluster.clock.now:
                return None
            before = sum(1 for c in self.session.timeline.changes if c.time < at)
            return Moment(at, before - 1)
        return self.session.timeline.first(moment_predicate(spec, namespace), since)


def grade(definition: dict, entries: list[dict]) -> Grade:
    began = time.perf_counter()
    session = world.start(definition)
    errors = run_submission(session, entries)
    stable = finish(session, definition["budget_ms"])
    end_ms = session.cluster.clock.now - session.start_ms
    results = evaluate_all(Examiner(session), definition["checks"])
    return Grade(definition["slug"], definition.get("revision", ""), results, end_ms, stable, errors,
                 time.perf_counter() - began)


def run_submission(session: world.Session, entries: list[dict]) -> list[str]:
    """Run each line at its time (or right after the previous one); returns the simulator's
    internal errors, if any, so a grade says so instead of crashing."""
    cluster, errors = session.cluster, []
    for number, entry in enumerate(entries, 1):
        if entry.get("t") is not None and session.at(entry["t"]) > cluster.clock.now:
            cluster.advance_to(session.at(entry["t"]))
        try:
            cluster.run(entry["line"], entry.get("stdin") or "")
        except Exception as error:  # noqa: BLE001 - a simulator bug must not take grading down
            errors.append(f"line {number}: {type(error).__name__}: {error}")
    return errors


def finish(session: world.Session, budget_ms: int) -> bool:
    """Run time on until stable (nothing due within the horizon) or the budget is spent; the
    scripted events still to come are part of the run."""
    cluster = session.cluster
    end = session.start_ms + budget_ms
    if cluster.clock.now >= end:
        return cluster.settle(horizon_s=STABLE_HORIZON_S, budget_s=0)
    return cluster.settle(horizon_s=STABLE_HORIZON_S, budget_s=(end - cluster.clock.now) / 1000)


# Checks that run commands (a curl may wait for a timeout) can move the clock on; the others
# read the cluster and its history as the run left them, so they go first.
ACTING_KINDS = ("request", "lookup", "command")


def evaluate_all(exam: Examiner, checks_: list[dict]) -> list[CheckResult]:
    order = sorted(range(len(checks_)), key=lambda i: (checks_[i]["kind"] in ACTING_KINDS, i))
    results: dict[int, CheckResult] = {i: evaluate(exam, checks_[i]) for i in order}
    return [results[i] for i in range(len(checks_))]


def evaluate(exam: Examiner, check: dict) -> CheckResult:
    module = checks.KINDS[check["kind"]]
    try:
        outcome = module.evaluate(exam, check["spec"], check["namespace"])
    except Exception as error:  # noqa: BLE001 - one broken check must not hide the others
        outcome = checks.Outcome(False, "", f"{type(error).__name__}: {error}",
                                 [Finding("command-mismatch", {"command": check["kind"], "expected": "-",
                                                               "observed": str(error)})])
    findings = outcome.findings
    if not outcome.passed and check.get("diagnose"):
        extra = diagnose_targets(exam, check["diagnose"], check["namespace"], check["spec"].get("access")
                                 if isinstance(check["spec"], dict) else None)
        findings = [f for f in extra if all(f.code != o.code for o in findings)] + findings
    return CheckResult(check["id"], check["title"], check["points"], outcome.passed, outcome.expected,
                       outcome.observed, findings)
