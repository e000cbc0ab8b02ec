"""Django's compilemessages, without walking into the virtualenv.

The stock command looks for `locale` folders everywhere below the current one,
which would recompile every installed package's catalogues in .venv.
"""

from django.core.management.commands import compilemessages

SKIPPED = [".venv", "venv", "node_modules", "staticfiles"]


class Command(compilemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *SKIPPED]
        super().handle(*args, **options)
