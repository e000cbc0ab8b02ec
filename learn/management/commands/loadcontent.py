from django.core.management.base import BaseCommand

from labs.loading import load_labs
from learn.loading import load_content


class Command(BaseCommand):
    help = "Load every lesson and lab from their files into the database (idempotent)."

    def handle(self, *args, **options):
        report = load_content()
        load_labs(report)  # labs go into the same report (lab SLUG entries, refused lines)
        for problem in report.refused:
            self.stderr.write(f"Refused: {problem}")
        for verb in ("added", "changed", "removed"):
            for name in getattr(report, verb):
                self.stdout.write(f"{verb.capitalize()} {name}.")
        self.stdout.write(f"Loaded {report.summary()} ({report.details()}).")
