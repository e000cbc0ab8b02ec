"""Who may see what on the instructors' side. Other apps ask here too: the labs app shows an
instructor the attempts of a learner only when `teaches(instructor, learner)`."""

from __future__ import annotations

from core.roles import INSTRUCTORS


def is_instructor(user) -> bool:
    """Members of the instructors group, and staff, get the authoring area and classes."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or user.groups.filter(name=INSTRUCTORS).exists()


def teaches(instructor, learner) -> bool:
    """True when `learner` is in one of `instructor`'s classes (and the instructor is still one).

    Staff are not treated specially here: callers that let staff see everything say so.
    """
    from teach.models import Membership

    if instructor is None or learner is None or not is_instructor(instructor):
        return False
    return Membership.objects.filter(classroom__instructor=instructor, learner_id=learner.pk).exists()
