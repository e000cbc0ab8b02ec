"""Lessons as loaded from their files (learn/loading.py), and each learner's progress."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class Lesson(models.Model):
    """What both languages of a lesson share. Loaded from files; never edited here."""

    slug = models.SlugField(max_length=80, unique=True)
    topic = models.CharField(max_length=80, unique=True)
    order = models.PositiveIntegerField()
    minutes = models.PositiveIntegerField()
    prerequisites = models.JSONField(default=list)  # lesson slugs
    labs = models.JSONField(default=list)  # lab slugs
    # The runnable blocks, the same in both languages (learn/blocks.py): what
    # /<lang>/sandbox/?lesson=SLUG&block=N refers to.
    blocks = models.JSONField(default=list)

    class Meta:
        ordering = ("order", "slug")

    def __str__(self):
        return self.slug

    def get_absolute_url(self):
        return reverse("learn:lesson", args=[self.slug])

    def block(self, index) -> dict | None:
        """Runnable block `index` (a `?block=` value, as given: a string is fine), or None.

        {"kind": "file", "file", "text", "expect_error"} or {"kind": "console", "text", "commands"}.
        """
        try:
            index = int(index)
        except (TypeError, ValueError):
            return None
        return self.blocks[index] if 0 <= index < len(self.blocks) else None

    def files(self) -> list[dict]:
        """The lesson's manifests, which its console blocks expect in the learner's home."""
        return [block for block in self.blocks if block["kind"] == "file"]


class LessonTranslation(models.Model):
    """One language of a lesson, rendered to HTML at load time."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    html = models.TextField()
    toc = models.JSONField(default=list)  # [{"id", "title", "level"}]
    docs = models.JSONField(default=list)  # [{"title", "url"}]
    text = models.TextField()  # plain text of the body, for search
    has_diagrams = models.BooleanField(default=False)
    source_hash = models.CharField(max_length=64)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["lesson", "language"], name="one_translation_per_language"),
        )

    def __str__(self):
        return f"{self.lesson.slug} ({self.language})"


class LessonProgress(models.Model):
    """How far one learner got with one lesson: read, and (set by the labs) lab passed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="lesson_progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    read_at = models.DateTimeField(null=True, blank=True)
    lab_passed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_lesson"),
        )

    def __str__(self):
        return f"{self.user} / {self.lesson}"

    @property
    def state(self) -> str:
        if self.lab_passed_at:
            return "lab-passed"
        if self.read_at:
            return "read"
        return "not-started"
