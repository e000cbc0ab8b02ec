from django.apps import AppConfig


class TeachConfig(AppConfig):
    """The instructors' side: authoring labs in the browser, classes and their dashboards."""

    name = "teach"
