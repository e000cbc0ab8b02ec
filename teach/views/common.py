"""Access for the instructors' pages: who gets in, and which lab or class a request may reach.

Anonymous visitors are sent to sign in; signed-in people who are not instructors (or staff)
get 403; an instructor asking for another instructor's browser lab or class gets 404, as if
it did not exist. Staff see every lab and class but edit only their own labs.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from labs.models import Lab
from teach.access import is_instructor
from teach.models import Classroom


def instructor_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_instructor(request.user):
            raise PermissionDenied("for instructors")
        return view(request, *args, **kwargs)

    return wrapper


def visible_labs(user):
    """The labs an instructor works with: the repository's, and their own browser labs
    (staff: every browser lab)."""
    labs = Lab.objects.all()
    if not user.is_staff:
        labs = labs.filter(source=Lab.REPO) | labs.filter(source=Lab.BROWSER, author=user)
    return labs


def may_edit(user, lab: Lab) -> bool:
    return lab.source == Lab.BROWSER and lab.author_id == user.pk


def _get_lab_for_user(request, slug: str, edit: bool = False) -> Lab:
    lab = visible_labs(request.user).filter(slug=slug).first()
    if lab is None:
        raise Http404("No such lab")
    if edit and not may_edit(request.user, lab):
        raise PermissionDenied("only the author edits a browser lab; repository labs are read-only")
    return lab


def _get_class_for_user(request, class_id: int) -> Classroom:
    classes = Classroom.objects.all()
    if not request.user.is_staff:
        classes = classes.filter(instructor=request.user)
    found = classes.filter(id=class_id).first()
    if found is None:
        raise Http404("No such class")
    return found
