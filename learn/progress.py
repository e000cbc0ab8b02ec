"""A learner's progress through the lessons: read, and lab passed.

The labs app calls `mark_lab_passed(user, topic)` when a graded lab of that topic passes.
"""

from django.utils import timezone

from learn.models import Lesson, LessonProgress

NOT_STARTED = "not-started"


def mark_read(user, lesson: Lesson) -> LessonProgress:
    """Record that `user` read `lesson` (the first time counts; repeating is harmless)."""
    progress, _ = LessonProgress.objects.get_or_create(user=user, lesson=lesson)
    if progress.read_at is None:
        LessonProgress.objects.filter(pk=progress.pk, read_at=None).update(read_at=timezone.now())
        progress.refresh_from_db()
    return progress


def mark_lab_passed(user, topic: str) -> LessonProgress | None:
    """Record a passed lab of `topic` on that topic's lesson; None if there is no such lesson."""
    lesson = Lesson.objects.filter(topic=topic).first()
    if lesson is None:
        return None
    progress, _ = LessonProgress.objects.get_or_create(user=user, lesson=lesson)
    if progress.lab_passed_at is None:
        LessonProgress.objects.filter(pk=progress.pk, lab_passed_at=None).update(
            lab_passed_at=timezone.now())
        progress.refresh_from_db()
    return progress


def states_for(user) -> dict[int, str]:
    """Lesson id -> "not-started" | "read" | "lab-passed" for every lesson the user touched."""
    if not user.is_authenticated:
        return {}
    return {p.lesson_id: p.state for p in LessonProgress.objects.filter(user=user)}
