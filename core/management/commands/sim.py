"""`python manage.py sim [--state PATH] [--seed N] [--nodes N] (COMMAND ... | -c LINE)`.

A thin wrapper over the simulator's own command line (`python -m kubesim`), so both take
exactly the same options and print exactly the same output.
"""

import sys

from django.core.management.base import BaseCommand

from kubesim import cli


class Command(BaseCommand):
    help = "Run one command line against a simulated cluster (same as `python -m kubesim`)."

    def run_from_argv(self, argv):
        # Django's option parser would claim the simulator's options; hand them over whole.
        sys.exit(cli.main(argv[2:]))

    def handle(self, *args, **options):  # pragma: no cover - run_from_argv always takes over
        sys.exit(cli.main(list(args)))
