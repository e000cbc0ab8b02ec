from django.apps import AppConfig


class LabsConfig(AppConfig):
    """Labs, checks, grading and attempts; the sandbox page and its WebSocket consumers."""

    name = "labs"
