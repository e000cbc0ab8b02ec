from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide pages (home, credits), accounts and the instructors group."""

    name = "core"
