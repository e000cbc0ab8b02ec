"""Shared cast for the unit tests: Alice and Bob are learners, Ivy is an instructor, Sam is staff."""

import pytest
from django.contrib.auth.models import Group

from core.roles import INSTRUCTORS

PASSWORD = "correct horse battery staple"


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password=PASSWORD)


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password=PASSWORD)


@pytest.fixture
def sam(django_user_model):
    return django_user_model.objects.create_user("sam", password=PASSWORD, is_staff=True)


@pytest.fixture
def ivy(django_user_model):
    user = django_user_model.objects.create_user("ivy", password=PASSWORD)
    user.groups.add(Group.objects.get(name=INSTRUCTORS))
    return user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests need passwords that work, not ones that are slow to crack.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
