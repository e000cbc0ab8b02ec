"""Which worker owns a live sandbox: a lease on the sandbox's row, with a fencing number.

With several workers (SANDBOX_SHARED), one at a time runs a sandbox's cluster; the others
forward their learners' messages to it (labs/sandbox/worker.py). The owner renews its leases
while it lives; a lease that lapses (the worker died) may be taken by any worker, which loads
the sandbox from its snapshot and journal. Every write of the owner carries its fencing
number, so a worker that lost its lease (paused, partitioned) can no longer store anything.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from labs.models import Sandbox


class LeaseLost(Exception):
    """This worker no longer owns the sandbox: what it was doing is not stored."""


def _until():
    return timezone.now() + timedelta(seconds=settings.SANDBOX_LEASE_SECONDS)


def holder(sandbox_id: int) -> str | None:
    """The channel of the worker that owns the sandbox now, or None when nobody does."""
    row = Sandbox.objects.filter(id=sandbox_id).values("holder", "lease_until").first()
    if row and row["holder"] and row["lease_until"] and row["lease_until"] > timezone.now():
        return row["holder"]
    return None


def acquire(sandbox_id: int, me: str) -> int | None:
    """Take the sandbox when nobody holds it, its lease lapsed, or it is already `me`'s:
    the new fencing number, else None. Two workers racing get one winner (the update's
    condition is checked again under the row lock)."""
    now = timezone.now()
    free = Q(holder="") | Q(lease_until__isnull=True) | Q(lease_until__lte=now) | Q(holder=me)
    taken = Sandbox.objects.filter(free, id=sandbox_id).update(
        holder=me, fence=F("fence") + 1, lease_until=_until())
    if not taken:
        return None
    return Sandbox.objects.filter(id=sandbox_id, holder=me).values_list("fence", flat=True).first()


def fenced(sandbox_id: int, me: str, fence: int) -> None:
    """Inside the transaction of a write: renew the lease, or raise LeaseLost."""
    if not Sandbox.objects.filter(id=sandbox_id, holder=me, fence=fence).update(lease_until=_until()):
        raise LeaseLost(sandbox_id)


def renew(me: str, fences: dict[int, int]) -> set[int]:
    """Renew the leases of the sandboxes `me` runs ({id: fence}); the ids it lost."""
    if not fences:
        return set()
    Sandbox.objects.filter(holder=me, id__in=list(fences)).update(lease_until=_until())
    held = dict(Sandbox.objects.filter(holder=me, id__in=list(fences)).values_list("id", "fence"))
    return {sandbox_id for sandbox_id, fence in fences.items() if held.get(sandbox_id) != fence}


def release(sandbox_id: int, me: str, fence: int) -> None:
    """Give the sandbox up (nobody watches it any more): any worker may take it at once."""
    Sandbox.objects.filter(id=sandbox_id, holder=me, fence=fence).update(holder="", lease_until=None)
