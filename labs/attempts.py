"""A learner's attempts: submitting the work in their lab sandbox, where they stand on each lab,
and who may look at an attempt.

A lab is passed when every check passes (the grade's own score is the maximum); opened hints
lower the recorded score but do not stop a full answer from passing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, F, Max, Q

from labs import hints, lab_sandboxes
from labs.models import Attempt, Lab, Sandbox
from labs.services import grade_submission
from learn.progress import mark_lab_passed
from learn.topics import TOPIC_IDS

NOT_STARTED, ATTEMPTED, PASSED = "not-started", "attempted", "passed"
KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")  # the page's key: a UUID, as the page made it


class BadKey(ValueError):
    """A submit without a usable idempotency key (a forged or truncated form)."""


def submit(user, lab: Lab, sandbox: Sandbox, key: str) -> Attempt:
    """Grade the learner's sandbox for `lab` once per `key`: a retried request (double click,
    a network retry) gets the attempt the first one recorded."""
    if not KEY.match(key or ""):
        raise BadKey(key)
    stored_key = f"web:{user.pk}:{key}"  # one learner's keys can never meet another's
    existing = Attempt.objects.filter(idempotency_key=stored_key).first()
    if existing is not None:
        return existing
    attempt = grade_submission(user, lab, lab_sandboxes.entries_of(sandbox), idempotency_key=stored_key,
                               hint_cost=hints.hint_cost(user, lab))
    if passed(attempt):
        mark_lab_passed(user, lab.topic)
    return attempt


def passed(attempt: Attempt) -> bool:
    return attempt.score + attempt.hint_cost >= attempt.max_score


PASSED_Q = Q(max_score__lte=F("score") + F("hint_cost"))


@dataclass
class Standing:
    state: str = NOT_STARTED
    attempts: int = 0
    best: int | None = None
    max_score: int | None = None


def standings(user, labs) -> dict[int, Standing]:
    """Lab id -> how this learner stands on it: not started, attempted, passed; best score."""
    out = {lab.id: Standing() for lab in labs}
    if not user.is_authenticated:
        return out
    rows = (Attempt.objects.filter(user=user, lab__in=list(out)).values("lab_id")
            .annotate(n=Count("id"), best=Max("score"), top=Max("max_score"), wins=Count("id", filter=PASSED_Q)))
    for row in rows:
        out[row["lab_id"]] = Standing(PASSED if row["wins"] else ATTEMPTED, row["n"], row["best"], row["top"])
    return out


def history(user, lab: Lab) -> list[Attempt]:
    if not user.is_authenticated:
        return []
    return list(Attempt.objects.filter(user=user, lab=lab).only(
        "id", "score", "max_score", "hint_cost", "created", "revision"))


def by_topic(labs) -> list[tuple[str, list[Lab]]]:
    """Active labs grouped by topic, in the course's order (then by slug)."""
    order = {topic: i for i, topic in enumerate(TOPIC_IDS)}
    groups: dict[str, list[Lab]] = {}
    for lab in sorted(labs, key=lambda lab: (order.get(lab.topic, len(order)), lab.topic, lab.slug)):
        groups.setdefault(lab.topic, []).append(lab)
    return list(groups.items())


def may_view(user, attempt: Attempt) -> bool:
    """The learner, staff, and the instructors of a class the learner is in."""
    if not user.is_authenticated:
        return False
    if user.pk == attempt.user_id or user.is_staff:
        return True
    try:
        from teach.access import teaches
    except ImportError:  # the teach app is optional for the labs
        return False
    return teaches(user, attempt.user)
