"""Django's makemessages with this project's defaults.

- The simulator (kubesim/) returns structured results that the web layer translates,
  so its source is not scanned; neither are tests, benchmarks or collected static files.
- References name files without line numbers, so that editing a file does not
  rewrite the catalogue.
"""

from django.core.management.commands import makemessages

SKIPPED = ["kubesim", "tests", "bench", "staticfiles", "node_modules", "learn/content"]


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *SKIPPED]
        options["add_location"] = options.get("add_location") or "file"
        super().handle(*args, **options)
