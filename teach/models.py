"""Classes: an instructor's group of learners, joined with a code, working on chosen labs."""

import secrets

from django.conf import settings
from django.db import models

# No 0/O or 1/I/L: a code is read aloud and typed from a projector.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Classroom(models.Model):
    """A class: its instructor, the labs it works on, and the code learners join with."""

    name = models.CharField(max_length=120)
    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classrooms")
    code = models.CharField(max_length=16, unique=True, default=new_join_code)
    labs = models.ManyToManyField("labs.Lab", blank=True, related_name="classrooms")
    learners = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="joined_classes")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name", "id")

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A learner in a class."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("joined", "id")
        constraints = (models.UniqueConstraint(fields=("classroom", "learner"), name="one_membership_per_class"),)

    def __str__(self):
        return f"{self.learner} in {self.classroom}"
