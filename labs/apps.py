from django.apps import AppConfig


class LabsConfig(AppConfig):
    """Labs, checks, grading and attempts; the sandbox page and its WebSocket consumers."""

    name = "labs"

    def ready(self):
        # Connect the login signals that hand a guest's sandboxes and opened hints to their account.
        from labs import hints  # noqa: F401
        from labs.sandbox import ownership  # noqa: F401
