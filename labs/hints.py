"""A lab's hints as a learner sees them: opened one by one per step, each with its cost shown
first; an opened hint stays open, and its cost comes off every later attempt's score.

A signed-in learner's opened hints are `HintReveal` rows. A guest's are kept in their session
and become rows when they sign up or log in, so the cost follows the work it helped.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.signals import user_logged_in
from django.db.models import Sum
from django.dispatch import receiver
from django.utils.translation import gettext as _

from labs.models import HintReveal, Lab

SESSION_KEY = "lab_hints"  # slug -> [[step, index, cost], ...]


class HintRefused(ValueError):
    """No such hint, or not the next one of its step; the message says which."""


@dataclass
class Hint:
    index: int
    level: str
    cost: int
    text: dict  # language -> Markdown
    opened: bool
    openable: bool  # the next hint of its step: the one that may be opened now


def steps_with_hints(lab: Lab, opened: set[tuple[str, int]]) -> list[dict]:
    """Each step of the lab as {"id", "text", "hints": [Hint]}, marking what is open."""
    steps = []
    for step in lab.definition.get("steps") or []:
        hints, next_found = [], False
        for index, hint in enumerate(step.get("hints") or []):
            is_open = (step["id"], index) in opened
            openable = not is_open and not next_found
            next_found = next_found or not is_open
            hints.append(Hint(index, hint.get("level", ""), int(hint.get("cost") or 0), hint.get("text") or {},
                              is_open, openable))
        steps.append({"id": step["id"], "text": step.get("text") or {}, "hints": hints})
    return steps


def opened_hints(request, lab: Lab) -> set[tuple[str, int]]:
    if request.user.is_authenticated:
        return set(HintReveal.objects.filter(user=request.user, lab=lab).values_list("step", "index"))
    return {(step, index) for step, index, _cost in request.session.get(SESSION_KEY, {}).get(lab.slug, [])}


def open_hint(request, lab: Lab, step_id: str, index: int) -> Hint:
    """Open hint `index` of step `step_id` for this learner (again is harmless)."""
    opened = opened_hints(request, lab)
    step = next((s for s in steps_with_hints(lab, opened) if s["id"] == step_id), None)
    if step is None or not 0 <= index < len(step["hints"]):
        raise HintRefused(_("There is no such hint in this lab."))
    hint = step["hints"][index]
    if hint.opened:
        return hint
    if not hint.openable:
        raise HintRefused(_("Open the hints of a step one by one, the first one first."))
    if request.user.is_authenticated:
        HintReveal.objects.get_or_create(user=request.user, lab=lab, step=step_id, index=index,
                                         defaults={"cost": hint.cost})
    else:
        kept = request.session.get(SESSION_KEY, {})
        kept[lab.slug] = [*kept.get(lab.slug, []), [step_id, index, hint.cost]]
        request.session[SESSION_KEY] = kept
    hint.opened, hint.openable = True, False
    return hint


def hint_cost(user, lab: Lab) -> int:
    """The points this learner's opened hints of `lab` take off an attempt."""
    return HintReveal.objects.filter(user=user, lab=lab).aggregate(total=Sum("cost"))["total"] or 0


def guest_hint_cost(request, lab: Lab) -> int:
    return sum(cost for _step, _index, cost in request.session.get(SESSION_KEY, {}).get(lab.slug, []))


@receiver(user_logged_in)
def claim_guest_hints(sender, request, user, **kwargs):
    """A guest's opened hints become the account's on sign-up or login."""
    if request is None or not hasattr(request, "session"):
        return
    kept = request.session.pop(SESSION_KEY, None) or {}
    labs = {lab.slug: lab for lab in Lab.objects.filter(slug__in=list(kept))}
    rows = [HintReveal(user=user, lab=labs[slug], step=str(step), index=int(index), cost=int(cost))
            for slug, items in kept.items() if slug in labs for step, index, cost in items]
    HintReveal.objects.bulk_create(rows, ignore_conflicts=True)
