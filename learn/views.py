from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from learn import progress
from learn.models import LessonProgress, LessonTranslation
from learn.search import search_lessons


def _translations(language):
    """The current language's lessons, in course order."""
    return LessonTranslation.objects.filter(language=language).select_related("lesson").order_by(
        "lesson__order", "lesson__slug")


def _get_translation(slug, language):
    try:
        return _translations(language).get(lesson__slug=slug)
    except LessonTranslation.DoesNotExist:
        raise Http404("No such lesson") from None


def _lab_links(slugs, language):
    """The related labs in the lesson's order: title and page once the lab is loaded, the bare
    slug (shown as coming soon) until then."""
    from labs.models import Lab  # the labs app also imports learn (progress)

    loaded = {lab.slug: lab for lab in Lab.objects.filter(slug__in=slugs, active=True)}
    links = []
    for slug in slugs:
        lab = loaded.get(slug)
        links.append({"slug": slug, "title": lab.title(language) if lab else slug,
                      "url": reverse("labs:lab", args=[slug]) if lab else None})
    return links


def index(request):
    translations = list(_translations(get_language()))
    states = progress.states_for(request.user)
    items = [{"t": t, "state": states.get(t.lesson_id, progress.NOT_STARTED)} for t in translations]
    done = sum(1 for item in items if item["state"] != progress.NOT_STARTED)
    return render(request, "learn/index.html", {"items": items, "done": done})


def lesson(request, slug):
    translation = _get_translation(slug, get_language())
    course = list(_translations(get_language()).only(
        "title", "lesson__slug", "lesson__order"))
    position = next(i for i, t in enumerate(course) if t.pk == translation.pk)
    titles = {t.lesson.slug: t.title for t in course}
    lesson = translation.lesson
    ctx = {
        "translation": translation,
        "lesson": lesson,
        "previous": course[position - 1] if position > 0 else None,
        "next": course[position + 1] if position + 1 < len(course) else None,
        "prerequisites": [{"slug": s, "title": titles.get(s, s)} for s in lesson.prerequisites],
        "labs": _lab_links(lesson.labs, get_language()),
        "progress": _progress(request.user, lesson),
    }
    return render(request, "learn/lesson.html", ctx)


@login_required
@require_POST
def mark_read(request, slug):
    translation = _get_translation(slug, get_language())
    record = progress.mark_read(request.user, translation.lesson)
    if request.htmx:
        ctx = {"lesson": translation.lesson, "progress": record, "just_marked": True}
        return render(request, "learn/lesson.html#read-control", ctx)
    return redirect(translation.lesson)


def search(request):
    query = request.GET.get("q", "").strip()
    results = search_lessons(query, get_language()) if query else []
    # search_query fills in the header's search box (templates/partials/lesson_search.html).
    return render(request, "learn/search.html",
                  {"query": query, "search_query": query, "results": results})


def _progress(user, lesson):
    if not user.is_authenticated:
        return None
    return LessonProgress.objects.filter(user=user, lesson=lesson).first()
