from django.core.management.base import BaseCommand, CommandError

from labs.grading.definition import LabInvalid, read_lab
from labs.grading.labcheck import prove_isolated
from labs.loading import LABS_DIR, lab_folders
from labs.pending import pending_labs

WALL_LIMIT_S = 300  # per lab, in real seconds: only a simulator hang gets near it


class Command(BaseCommand):
    help = ("Prove labs: the reference solution scores 100%, the starter does not, and every "
            "mutant fails at its named check with its named explainer.")

    def add_arguments(self, parser):
        parser.add_argument("lab", nargs="?", help="one lab's slug (default: every lab)")

    def handle(self, *args, **options):
        folders = [LABS_DIR / options["lab"]] if options["lab"] else lab_folders()
        failures = check_labs(folders, self.stdout.write)
        if failures:
            raise CommandError(f"{failures} lab(s) failed labcheck")


def check_labs(folders, write) -> int:
    """Prove each lab and write one line per lab (and per problem); returns the failures. A lab
    listed in PENDING may fail; one that passes must leave the list."""
    pending = pending_labs()
    failures = 0
    for folder in folders:
        try:
            problems = prove_isolated(read_lab(folder), WALL_LIMIT_S)
        except LabInvalid as error:
            write(f"INVALID {folder.name}")
            write("\n".join(f"  {p.text(LABS_DIR)}" for p in error.problems))
            failures += 1
            continue
        if folder.name in pending:
            if not problems:
                write(f"FAIL {folder.name}: passes now; remove it from labs/content/PENDING")
                failures += 1
            else:
                write(f"PENDING {folder.name}: {pending[folder.name]}")
            continue
        write(f"{'FAIL' if problems else 'OK'} {folder.name}")
        for problem in problems:
            write(f"  {problem}")
        failures += bool(problems)
    return failures
