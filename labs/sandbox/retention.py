"""Stored history: the journal entries a sandbox's snapshot already holds are pruned.

Every command is stored as a `SandboxEntry` row (labs/sandbox/journal.py), and a snapshot
(`Sandbox.state`) written now and then holds the whole log up to its moment. Rows the snapshot
holds are still read for two things: answering a retried message (a recent one), and the
terminal's scrollback after a reload (the newest rows that showed something). `prune` deletes
the rest, keeping the newest SANDBOX_HISTORY_ROWS rows of every sandbox and the scrollback's;
the `purge` command runs it over every sandbox that has more.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from kubesim.cluster import Cluster
from labs.models import Sandbox, SandboxEntry
from labs.sandbox.journal import SCROLLBACK_ROWS, SNAPSHOT_EVERY

MARGIN = SNAPSHOT_EVERY  # entries inside the snapshot kept anyway: retries of recent messages


def prune(sandbox_id: int, dry_run: bool = False) -> int:
    """Delete the sandbox's old journal entries; returns how many went (or would go)."""
    with transaction.atomic():
        # The row stays locked while we look: a snapshot or a reset written meanwhile waits,
        # so the cut is never taken from a snapshot that is no longer the sandbox's.
        state = (Sandbox.objects.select_for_update().filter(id=sandbox_id)
                 .values_list("state", flat=True).first())
        if not state:
            return 0  # no snapshot yet: every entry is needed to rebuild the cluster
        cut = _cut(sandbox_id, len(Cluster.from_bytes(bytes(state)).log))
        if cut <= 0:
            return 0
        doomed = (SandboxEntry.objects.filter(sandbox_id=sandbox_id, seq__lte=cut)
                  .exclude(seq__in=_scrollback(sandbox_id)))
        if dry_run:
            return doomed.count()
        deleted, _detail = doomed.delete()
        return deleted


def _cut(sandbox_id: int, snapshot_length: int) -> int:
    """The highest seq that may go: inside the snapshot by MARGIN, and older than the newest
    SANDBOX_HISTORY_ROWS rows (0: none may go)."""
    keep = settings.SANDBOX_HISTORY_ROWS
    newest = SandboxEntry.objects.filter(sandbox_id=sandbox_id).order_by("-seq").values_list("seq", flat=True)
    oldest_kept = newest[keep - 1:keep].first() if keep > 0 else None
    if oldest_kept is None:
        return 0  # no more rows than are kept anyway
    return min(snapshot_length - MARGIN, oldest_kept - 1)


def _scrollback(sandbox_id: int) -> list[int]:
    """The rows a reload shows in the terminal (journal.catch_up): kept, however old."""
    shown = SandboxEntry.objects.filter(sandbox_id=sandbox_id, answer__terminal=True).order_by("-seq")
    return list(shown.values_list("seq", flat=True)[:SCROLLBACK_ROWS])


def crowded() -> list[int]:
    """Sandboxes with more journal entries than are kept."""
    return list(SandboxEntry.objects.values("sandbox_id").annotate(rows=Count("id"))
                .filter(rows__gt=settings.SANDBOX_HISTORY_ROWS).values_list("sandbox_id", flat=True))


def prune_all(dry_run: bool = False) -> tuple[int, int]:
    """Prune every crowded sandbox: (entries deleted, sandboxes that lost some)."""
    entries = sandboxes = 0
    for sandbox_id in crowded():
        gone = prune(sandbox_id, dry_run=dry_run)
        entries += gone
        sandboxes += 1 if gone else 0
    return entries, sandboxes
