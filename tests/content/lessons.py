"""The lesson files as the content tests see them: read and rendered once per test process."""

from functools import cache

from learn.loading import LESSONS_DIR, LessonFile, read_lesson
from learn.rendering import Rendered, render_lesson


def folders():
    return sorted(p for p in LESSONS_DIR.iterdir() if p.is_dir())


@cache
def lesson_files(slug: str) -> tuple[LessonFile, ...]:
    return tuple(read_lesson(LESSONS_DIR / slug))


@cache
def rendered(slug: str, language: str) -> Rendered:
    f = next(f for f in lesson_files(slug) if f.language == language)
    return render_lesson(f.body, slug, language)


def slugs() -> list[str]:
    return [folder.name for folder in folders()]
