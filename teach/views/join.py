"""Joining a class with its code (any signed-in learner), and the classes one has joined."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from teach.models import Classroom, Membership


def normalise_code(text: str) -> str:
    # People copy codes with spaces or hyphens, and in lower case.
    return "".join(ch for ch in text.upper() if ch.isalnum())[:16]


@require_http_methods(["GET", "POST"])
@login_required
def join(request):
    if request.method == "POST":
        code = normalise_code(request.POST.get("code", ""))
        classroom = Classroom.objects.filter(code=code).first() if code else None
        if classroom is None:
            messages.error(request, _("No class has this code. Check it with your instructor."))
        elif classroom.instructor_id == request.user.pk:
            messages.error(request, _("You teach this class."))
        else:
            _membership, created = Membership.objects.get_or_create(classroom=classroom, learner=request.user)
            if created:
                messages.success(request, _("You joined %(name)s.") % {"name": classroom.name})
            else:
                messages.info(request, _("You are already in %(name)s.") % {"name": classroom.name})
        return redirect("teach:join")
    joined = (Membership.objects.filter(learner=request.user)
              .select_related("classroom", "classroom__instructor").prefetch_related("classroom__labs"))
    return render(request, "teach/join.html", {"memberships": joined, "code": request.GET.get("code", "")})
