from django.conf import settings
from django.core.management.base import BaseCommand

from labs.sandbox import retention
from labs.sandbox.ownership import expired, purge_expired


class Command(BaseCommand):
    help = ("Delete guests' sandboxes nobody opened for SANDBOX_ANONYMOUS_HOURS, and prune stored "
            "history beyond SANDBOX_HISTORY_ROWS entries per sandbox. Safe to run again (e.g. hourly "
            "from cron); --dry-run only counts.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report what would go, delete nothing")

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        self.stdout.write(expired_line(dry_run))
        self.stdout.write(history_line(dry_run))


def expired_line(dry_run: bool) -> str:
    count = expired().count() if dry_run else purge_expired()
    verb = "Would delete" if dry_run else "Deleted"
    return (f"{verb} {count:,} expired guest sandbox{'es' if count != 1 else ''} "
            f"(unused for {settings.SANDBOX_ANONYMOUS_HOURS} hours).")


def history_line(dry_run: bool) -> str:
    entries, sandboxes = retention.prune_all(dry_run=dry_run)
    verb = "Would prune" if dry_run else "Pruned"
    return (f"{verb} {entries:,} stored history entr{'ies' if entries != 1 else 'y'} from {sandboxes:,} "
            f"sandbox{'es' if sandboxes != 1 else ''} (keeping the newest {settings.SANDBOX_HISTORY_ROWS:,} "
            "of each).")
