from django.apps import AppConfig


class LearnConfig(AppConfig):
    """Lessons: content files, their loader, models, views and templates."""

    name = "learn"
