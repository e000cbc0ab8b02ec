from django.apps import AppConfig


class LabsConfig(AppConfig):
    """Labs, checks, grading and attempts; the sandbox page and its WebSocket consumers."""

    name = "labs"

    def ready(self):
        # Connects the login signal that hands a guest's sandboxes to their account.
        from labs.sandbox import ownership  # noqa: F401
