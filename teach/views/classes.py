"""Classes: an instructor's list and new-class form, the dashboard, a learner's attempts, the CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from labs.models import Lab
from teach import gradebook
from teach.models import Classroom
from teach.views.common import _get_class_for_user, instructor_required, visible_labs

MAX_NAME = 120


def _lab_choices(user):
    """Labs a class can work on: the published ones the instructor sees, and their own drafts."""
    labs = visible_labs(user)
    return (labs.filter(active=True) | labs.filter(source=Lab.BROWSER, author=user)).order_by("slug")


def _chosen_labs(request):
    wanted = {value for value in request.POST.getlist("labs") if value.isdigit()}
    return list(_lab_choices(request.user).filter(id__in=wanted))


@require_http_methods(["GET", "POST"])
@instructor_required
def classes(request):
    if request.method == "POST":
        name = request.POST.get("name", "").strip()[:MAX_NAME]
        if not name:
            messages.error(request, _("Give the class a name."))
            return redirect("teach:classes")
        made = Classroom.objects.create(name=name, instructor=request.user)
        made.labs.set(_chosen_labs(request))
        return redirect("teach:class", class_id=made.id)
    mine = Classroom.objects.all() if request.user.is_staff else Classroom.objects.filter(instructor=request.user)
    return render(request, "teach/classes.html", {
        "classes": mine.select_related("instructor").annotate(learner_count=Count("memberships", distinct=True)),
        "choices": _lab_choices(request.user),
    })


@require_GET
@instructor_required
def class_detail(request, class_id):
    classroom = _get_class_for_user(request, class_id)
    labs, rows = gradebook.grade_book(classroom)
    language = request.LANGUAGE_CODE
    failing = [{"item": f, "title": f.title.get(language) or f.title.get("en", f.check_id)}
               for f in gradebook.failing_checks(classroom)]
    chosen = {lab.id for lab in labs}
    return render(request, "teach/class.html", {
        "classroom": classroom, "labs": labs, "rows": rows, "failing": failing,
        "choices": [(lab, lab.id in chosen) for lab in _lab_choices(classroom.instructor)],
        "owner": classroom.instructor_id == request.user.pk,
    })


@require_POST
@instructor_required
def class_labs(request, class_id):
    classroom = _get_class_for_user(request, class_id)
    if classroom.instructor_id != request.user.pk:
        raise Http404("No such class")
    classroom.labs.set(_chosen_labs(request))
    messages.success(request, _("The class's labs are saved."))
    return redirect("teach:class", class_id=classroom.id)


@require_GET
@instructor_required
def class_learner(request, class_id, user_id):
    classroom = _get_class_for_user(request, class_id)
    learner = get_user_model().objects.filter(pk=user_id, memberships__classroom=classroom).first()
    if learner is None:
        raise Http404("No such learner in this class")
    attempts = gradebook.class_attempts(classroom).filter(user=learner).select_related("lab")
    language = request.LANGUAGE_CODE
    shown = []
    for attempt in attempts:
        failed = [c.get("title", {}).get(language) or c.get("id", "")
                  for c in (attempt.result or {}).get("checks", []) if not c.get("passed", True)]
        lines = [entry.get("line", "") for entry in attempt.submission if isinstance(entry, dict)]
        shown.append({"attempt": attempt, "failed": failed, "lines": lines,
                      "title": attempt.lab.title(language)})
    return render(request, "teach/learner.html", {"classroom": classroom, "learner": learner, "attempts": shown})


@require_GET
@instructor_required
def class_csv(request, class_id):
    classroom = _get_class_for_user(request, class_id)
    response = HttpResponse(gradebook.grade_book_csv(classroom), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="grades-{classroom.id}.csv"'
    return response
