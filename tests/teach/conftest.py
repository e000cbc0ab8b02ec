"""The cast of the teaching tests, beside tests/conftest.py's Alice (learner) and Ivy
(instructor): Bob is another learner, Oscar teaches another class, Sam is staff.

Ivy's class has Alice; Oscar's class has Bob. Ivy owns a browser lab, `ivy-lab`.
"""

import pytest
from django.contrib.auth.models import Group

from core.roles import INSTRUCTORS
from labs.models import Attempt, Lab
from teach import labfiles, labstore
from teach.models import Classroom, Membership
from tests.conftest import PASSWORD


@pytest.fixture
def oscar(django_user_model):
    user = django_user_model.objects.create_user("oscar", password=PASSWORD)
    user.groups.add(Group.objects.get(name=INSTRUCTORS))
    return user


@pytest.fixture
def ivy_lab(ivy):
    return labstore.create("ivy-lab", labfiles.skeleton("ivy-lab"), ivy)


@pytest.fixture
def ivy_class(ivy, alice, ivy_lab):
    classroom = Classroom.objects.create(name="Kubernetes 101", instructor=ivy)
    classroom.labs.add(ivy_lab)
    Membership.objects.create(classroom=classroom, learner=alice)
    return classroom


@pytest.fixture
def oscar_class(oscar, bob):
    classroom = Classroom.objects.create(name="Other class", instructor=oscar)
    Membership.objects.create(classroom=classroom, learner=bob)
    return classroom


def attempt(user, lab: Lab, failed: tuple[str, ...] = (), key: str | None = None, hint_cost: int = 0) -> Attempt:
    """An Attempt as grading would store it: every check of the lab, the `failed` ones failed."""
    checks = [{"id": c["id"], "title": c["title"], "points": c["points"], "passed": c["id"] not in failed,
               "earned": 0 if c["id"] in failed else c["points"], "expected": "", "observed": "", "findings": []}
              for c in lab.definition["checks"]]
    score = sum(c["earned"] for c in checks) - hint_cost
    return Attempt.objects.create(
        user=user, lab=lab, revision=lab.revision, score=max(score, 0), hint_cost=hint_cost,
        max_score=sum(c["points"] for c in checks), idempotency_key=key or f"{user.pk}-{Attempt.objects.count()}",
        submission=[{"t": None, "line": "kubectl run web --image=nginx:1.29", "stdin": ""}],
        result={"lab": lab.slug, "score": score, "max": 100, "checks": checks})
