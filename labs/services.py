"""Grading as the web uses it: grade a submission for a stored lab and record the Attempt.

`grade_submission` is idempotent per key: the same key returns the attempt already recorded
(a retried request grades once). Explanations are not stored: `explain_result` renders them
in whichever language the reader uses.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from labs.explainers import explain
from labs.grading import grade
from labs.grading.submission import normalise, parse_script
from labs.models import Attempt, Lab


def entries_of(submission) -> list[dict]:
    """A submission as entries: a script (text) or the sandbox's entries (a list)."""
    if isinstance(submission, str):
        return parse_script(submission)
    return normalise(submission)


def grade_submission(user, lab: Lab, submission, *, idempotency_key: str, hint_cost: int = 0) -> Attempt:
    """Grade and record; `hint_cost` (the opened hints' points) comes off the score, which never
    goes below 0. The attempt's `hint_cost` is what was actually taken off, so `score +
    hint_cost` is always the grade's own score."""
    existing = Attempt.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.user_id != user.pk or existing.lab_id != lab.pk:
            raise ValueError("this idempotency key belongs to another attempt")
        return existing
    entries = entries_of(submission)
    result = grade(lab.definition, entries)
    taken = min(max(hint_cost, 0), result.score)
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                user=user, lab=lab, revision=result.revision, submission=entries, score=result.score - taken,
                max_score=result.max_score, result=result.as_dict(), idempotency_key=idempotency_key,
                hint_cost=taken)
    except IntegrityError:
        # Another request with the same key won the race: theirs is the attempt.
        return Attempt.objects.get(idempotency_key=idempotency_key)


def explain_result(result: dict, language: str) -> dict:
    """The stored result with each failed check's findings put into sentences."""
    checks = []
    for check in result["checks"]:
        sentences = [explain(f, language) for f in check["findings"]] if not check["passed"] else []
        checks.append({**check, "title_text": check["title"].get(language) or check["title"].get("en", ""),
                       "explanations": sentences})
    return {**result, "checks": checks}
