"""The demo instructor account that `make run` creates for trying Kubelab locally."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.roles import INSTRUCTORS

DEMO_USERNAME = "instructor"


def new_password() -> str:
    return secrets.token_urlsafe(12)


def ensure_demo_instructor(password: str):
    """Create the demo instructor, or bring an existing one back to a known state.

    Safe to run again and again: the account ends up active, in the instructors
    group and with `password`.
    """
    user, _created = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
    user.is_active = True
    user.set_password(password)
    user.save()
    group, _created = Group.objects.get_or_create(name=INSTRUCTORS)
    user.groups.add(group)
    return user
