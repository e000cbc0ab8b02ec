"""What the lab pages show of a lab's texts: Markdown in the reader's language, titles, and
the course's lesson for each topic."""

from __future__ import annotations

from functools import lru_cache

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from labs.models import Lab
from learn.models import LessonTranslation
from learn.rendering import render_lesson


def text_in(texts: dict, language: str) -> str:
    """A text in the reader's language, or in English when a lab lacks that language."""
    return texts.get(language) or texts.get("en") or ""


def title_of(lab: Lab) -> str:
    return lab.title(get_language())


def markdown(text: str, slug: str, language: str) -> str:
    """A step's or a hint's Markdown as safe HTML, with the lessons' renderer."""
    return mark_safe(_render(text, slug, language))  # sanitised by the renderer (nh3)


@lru_cache(maxsize=1024)
def _render(text: str, slug: str, language: str) -> str:
    return render_lesson(text, slug, language).html


def lab_topics(language: str) -> dict[str, dict]:
    """Topic id -> {"title", "url"} of the course's lesson on it, in `language`."""
    rows = LessonTranslation.objects.filter(language=language).values_list("lesson__topic", "title", "lesson__slug")
    return {topic: {"title": title, "url": reverse("learn:lesson", args=[slug])} for topic, title, slug in rows}
