from django.core.management.base import BaseCommand

from learn.loading import load_content


class Command(BaseCommand):
    help = "Load every lesson and lab from their files into the database (idempotent)."

    def handle(self, *args, **options):
        report = load_content()
        for problem in report.refused:
            self.stderr.write(problem)
        self.stdout.write(f"Loaded {report.summary()}.")
