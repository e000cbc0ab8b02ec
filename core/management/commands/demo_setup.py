import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.demo import DEMO_USERNAME, ensure_demo_instructor, new_password


class Command(BaseCommand):
    help = (
        "Create or reset the demo instructor account and print its login. "
        "The password is DEMO_PASSWORD if set, otherwise a new random one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (a real site)"
        )

    def handle(self, *args, **options):
        # A printed password is fine on a laptop, not on a public server.
        if not settings.DEBUG and not options["force"]:
            raise CommandError("DEBUG is off: refusing to create a demo account (use --force).")
        password = os.getenv("DEMO_PASSWORD") or new_password()
        ensure_demo_instructor(password)
        self.stdout.write(f"Demo instructor: username {DEMO_USERNAME}  password {password}")
